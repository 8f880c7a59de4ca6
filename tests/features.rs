//! Config features end to end: !include, rows, reference, expressions, seq sequences,
//! query_batch accumulation, and edg's helper functions; plus live re-checks in verify.

use crate::support::util::{dump, exec, root, run_sqlite, sqlite_pair, verify};
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
    let (s, t) = sqlite_pair(
        dir.path(),
        &["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')"],
    );
    exec(Driver::Sqlite, &s, "INSERT INTO t VALUES (3, 'c')");
    exec(Driver::Sqlite, &s, "UPDATE t SET v = 'new' WHERE id = 1");
    // "Replication" catches up while verify waits to re-check.
    let target = t.clone();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(700));
        exec(Driver::Sqlite, &target, "INSERT INTO t VALUES (3, 'c')");
        exec(Driver::Sqlite, &target, "UPDATE t SET v = 'new' WHERE id = 1");
    });
    let verify_t = |extra: &[&str]| {
        let mut args = vec!["--tables", "t"];
        args.extend_from_slice(extra);
        verify("sqlite", &s, "sqlite", &t, &args)
    };
    let out = verify_t(&["--live-retries", "5", "--retry-delay", "400ms", "--verbose"]);
    writer.join().unwrap();
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("re-checking differences table=t keys=2"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    // A difference that persists is still reported after the retries.
    exec(Driver::Sqlite, &t, "DELETE FROM t WHERE id = 2");
    let out = verify_t(&["--live-retries", "2", "--retry-delay", "100ms", "--verbose"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stdout.trim(), "MISSING table=t id=2 side=target");
}

/// String escapes mean what they mean in Go expr, on the per-row and the batched path alike:
/// `\u00e9` is é and `\\n` a backslash and an n (expr-lang alone made the first literal text and
/// the second a newline).
#[test]
fn string_escapes_follow_go_expr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db").display().to_string();
    let cfg = dir.path().join("e.yaml");
    let write = |extra: &str| {
        std::fs::write(
            &cfg,
            format!(
                r#"up:
  - name: t
    query: CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, d TEXT)
seed:
  - name: rows
    type: exec_batch
    count: 4
    size: 3
    args:
      - seq(1, 1)
      - "'caf\\u00e9 ' + 'it\\'s'"
      - set_rand(['caf\u00e9', 'x\\ny'], [1, 0])
      - >-
        'a\\nb' + "\t"
      - >-
        {extra}
    query: INSERT INTO t (id, a, b, c, d) __values__
"#
            ),
        )
        .unwrap();
        cfg.display().to_string()
    };
    let out = run_sqlite(&db, &write(r#"set_rand(["\"q\"\\"], [1])"#), &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let rows = dump(Driver::Sqlite, &db, "SELECT a, b, c, d FROM t");
    assert_eq!(rows.len(), 4);
    for r in rows {
        assert_eq!(r, vec!["café it's", "café", "a\\nb\t", "\"q\"\\"]);
    }
    // An escape Go expr does not know is a load-time error naming it; nothing is written.
    let fresh = dir.path().join("bad.db").display().to_string();
    let out = run_sqlite(&fresh, &write(r"'\q'"), &[]);
    let line = out.one_error();
    assert!(line.contains("unknown escape \\q") && line.contains("rows"), "{line}");
    assert!(crate::support::util::sqlite_tables(std::path::Path::new(&fresh)).is_empty(), "nothing written");
}

/// uniq() re-draws until it finds a value it has not returned before, and says so when the
/// values run out.
#[test]
fn uniq_draws_unseen_values_until_they_run_out() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("u.yaml");
    let write = |count: u32| {
        let text = format!(
            "up:\n  - name: t\n    query: CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER UNIQUE)\n\
             seed:\n  - name: fill\n    type: exec_batch\n    count: {count}\n    size: 7\n    args:\n\
             \x20     - seq(1, 1)\n      - uniq('int(uniform(1, 21))', 1000)\n\
             \x20   query: INSERT INTO t (id, v) __values__\n"
        );
        std::fs::write(&cfg, text).unwrap();
        cfg.display().to_string()
    };
    let db = dir.path().join("u.db").display().to_string();
    let out = run_sqlite(&db, &write(20), &["--rng-seed", "5"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let values = dump(Driver::Sqlite, &db, "SELECT DISTINCT v FROM t WHERE v BETWEEN 1 AND 20");
    assert_eq!(values.len(), 20, "every one of 1..=20 exactly once");
    let db = dir.path().join("u2.db").display().to_string();
    let line = run_sqlite(&db, &write(21), &["--rng-seed", "5"]).one_error();
    assert!(line.contains("uniq: no unseen value"), "{line}");
}

/// Indexes, slices, map literals and `if` as Go expr has them (expr-lang is vendored with these
/// fixed: see vendor/README.md).
#[test]
fn indexes_slices_and_map_literals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db").display().to_string();
    let cfg = dir.path().join("x.yaml");
    std::fs::write(
        &cfg,
        r#"up:
  - name: t
    type: exec
    query: CREATE TABLE x (a INTEGER, b INTEGER, c TEXT, d INTEGER, e INTEGER, f INTEGER, g INTEGER, h INTEGER)
seed:
  - name: fill
    type: exec
    args:
      - len([1, 2, 3][1:])
      - "[1, 2, 3][:2][1]"
      - "'abcdef'[1:3]"
      - "[1, 2, 3][-1]"
      - "{'a': 1 + 2}.a"
      - "{'k': [5, 6][1]}.k"
      - "len({'e': gen('email')}.e) > 3 ? 1 : 0"
      - "if len('ab') > 1 { 7 } else { 8 }"
    query: INSERT INTO x VALUES ($1, $2, '$3', $4, $5, $6, $7, $8)
"#,
    )
    .unwrap();
    let out = run_sqlite(&db, &cfg.display().to_string(), &["--rng-seed", "1"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(dump(Driver::Sqlite, &db, "SELECT * FROM x"), vec![vec!["2", "2", "bc", "3", "3", "6", "1", "7"]]);
}
