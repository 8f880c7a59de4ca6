//! Config features end to end: !include, rows, reference, expressions, seq sequences,
//! query_batch accumulation, and edg's helper functions; plus live re-checks in verify.

use crate::util::{dump, edg, exec, root, run_sqlite};
use edg::driver::Driver;

#[test]
fn config_features_produce_the_expected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db").display().to_string();
    let cfg = root().join("tests/ui/features/main.yaml").display().to_string();
    let out = run_sqlite(&db, &cfg, &["--rng-seed", "11"]);
    assert_eq!(out.code, 0, "{}", out.all());
    // rows: + seq: people_seq starts at 100, steps by 5.
    let people = dump(Driver::Sqlite, &db, "SELECT id FROM people ORDER BY id");
    assert_eq!(people.len(), 20);
    assert_eq!(people[0][0], "100");
    assert_eq!(people[19][0], "195");
    let facts = dump(Driver::Sqlite, &db, "SELECT * FROM facts");
    assert_eq!(facts.len(), 1);
    let f = &facts[0];
    assert_eq!(f[0], "15", "query_batch results accumulate over its 3 batches of 5 rows");
    assert_eq!(f[1], "42", "user expression double(21)");
    assert_eq!(f[2], "hello there-200", "template with globals (big = people * 10)");
    assert_eq!(f[3], "{\"a\":1,\"b\":2}", "json_obj sorts keys");
    assert_eq!(f[4], "many");
    assert!(f[5] == "#f00" || f[5] == "#0f0", "reference dataset: {}", f[5]);
    assert_eq!(f[6], "fallback");
    assert_eq!(f[7], "16", "arg(0) sees the row's first argument");
    // ref_each × batch: the statement ran once per (person, k) pair.
    let pairs = dump(Driver::Sqlite, &db, "SELECT person, k FROM pairs ORDER BY person, k");
    assert_eq!(pairs.len(), 12);
    assert_eq!(pairs[0], vec!["100", "0"]);
    assert_eq!(pairs[11], vec!["115", "20"]);
    // nullable(1, 0.25): about a quarter NULL.
    let nulls: f64 = dump(Driver::Sqlite, &db, "SELECT count(*) FROM maybe WHERE v IS NULL")[0][0].parse().unwrap();
    assert!((nulls / 2000.0 - 0.25).abs() < 0.04, "{nulls}");
}

#[test]
fn live_retries_forgive_differences_that_catch_up() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db").display().to_string(), dir.path().join("t.db").display().to_string());
    for db in [&s, &t] {
        exec(Driver::Sqlite, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        exec(Driver::Sqlite, db, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    }
    exec(Driver::Sqlite, &s, "INSERT INTO t VALUES (3, 'c')");
    exec(Driver::Sqlite, &s, "UPDATE t SET v = 'new' WHERE id = 1");
    // "Replication" catches up while verify waits to re-check.
    let target = t.clone();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        exec(Driver::Sqlite, &target, "INSERT INTO t VALUES (3, 'c')");
        exec(Driver::Sqlite, &target, "UPDATE t SET v = 'new' WHERE id = 1");
    });
    let args = [
        "sync",
        "verify",
        "--source-driver",
        "sqlite",
        "--source-url",
        &s,
        "--target-driver",
        "sqlite",
        "--target-url",
        &t,
        "--tables",
        "t",
    ];
    let mut with_retries = args.to_vec();
    with_retries.extend(["--live-retries", "5", "--retry-delay", "400ms", "--verbose"]);
    let out = edg(&with_retries);
    writer.join().unwrap();
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("re-checking differences table=t keys=2"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    // A difference that persists is still reported after the retries.
    exec(Driver::Sqlite, &t, "DELETE FROM t WHERE id = 2");
    let mut persistent = args.to_vec();
    persistent.extend(["--live-retries", "2", "--retry-delay", "100ms", "--verbose"]);
    let out = edg(&persistent);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stdout.trim(), "MISSING table=t id=2 side=target");
}
