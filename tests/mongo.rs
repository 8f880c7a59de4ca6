//! MongoDB against a MongoDB-wire server (CI starts SecantusDB; EDG_TEST_MONGO_URL).

use crate::support::util::{TempDb, edg, example};

/// A database of its own on the MongoDB server, for one test.
fn mongo_url() -> Option<String> {
    let base = crate::support::needs::url("mongo")?;
    let name = format!("edg_t_{:x}", edg::rng::entropy_seed() & 0xffff_ffff);
    let (head, query) =
        base.split_once('?').map(|(h, q)| (h.to_string(), format!("?{q}"))).unwrap_or((base.clone(), String::new()));
    let host_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let host = match head[host_end..].find('/') {
        Some(slash) => &head[..host_end + slash],
        None => head.as_str(),
    };
    Some(format!("{host}/{name}{query}"))
}

/// The sync example into MongoDB (source) and PostgreSQL (target), seed 42.
fn seed_example(mongo: &str, pg: &str) {
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "mongodb",
        "--source-url",
        mongo,
        "--source-config",
        &example("sync/mongodb.yaml"),
        "--target-driver",
        "pgx",
        "--target-url",
        pg,
        "--target-config",
        &example("sync/postgres.yaml"),
        "--rng-seed",
        "42",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
}

fn verify(mongo: &str, pg: &str, extra: &[&str]) -> crate::support::util::Out {
    crate::support::util::verify("mongodb", mongo, "pgx", pg, extra)
}

#[test]
fn mongodb_and_postgres_verify_equal_then_exactly_the_differences() {
    let (Some(mongo), Some(pg)) = (mongo_url(), TempDb::pg()) else { return };
    seed_example(&mongo, &pg.url);
    let out = verify(&mongo, &pg.url, &["--tables", "users,orders", "--order-by", "id", "--batch-size", "700"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("INFO table verified table=orders rows=5000"), "{}", out.stderr);
    assert!(out.stderr.contains("_id (source only)"), "{}", out.stderr);

    // One changed value, one deleted document, one extra row.
    pg.exec("UPDATE users SET email = 'changed@example.com' WHERE id = 7");
    pg.exec("DELETE FROM orders WHERE id = 2000");
    pg.exec("INSERT INTO orders (id, user_id, amount, status) VALUES (7000, 1, 1.00, 'pending')");
    let out = verify(&mongo, &pg.url, &["--tables", "users,orders", "--order-by", "id", "--verbose"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(
        lines[0].starts_with("MISMATCH table=users id=7 column=email source=")
            && lines[0].ends_with("target=\"changed@example.com\""),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "MISSING table=orders id=2000 side=target");
    assert_eq!(lines[2], "EXTRA table=orders id=7000 side=target");

    let out = edg(&[
        "sync",
        "down",
        "--source-driver",
        "mongodb",
        "--source-url",
        &mongo,
        "--source-config",
        &example("sync/mongodb.yaml"),
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn mongodb_datasets_read_the_whole_cursor() {
    let Some(mongo) = mongo_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("m.yaml");
    std::fs::write(
        &cfg,
        r#"seed:
  - name: seed_items
    type: exec_batch
    count: 300
    size: 64
    args:
      - seq(1, 1)
    query: '{"insert": "items", "documents": [{"_id": $1}]}'
  - name: all_items
    query: '{"find": "items", "filter": {}, "batchSize": 10}'
  - name: summary
    type: exec
    args:
      - count('all_items')
    query: '{"insert": "summary", "documents": [{"_id": 1, "n": $1}]}'
"#,
    )
    .unwrap();
    let cfg = cfg.display().to_string();
    let out = edg(&["seed", "--driver", "mongodb", "--url", &mongo, "--config", &cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
    // `n` is the dataset's size: every document, not the first batch of 10 (or 101).
    let expected = dir.path().join("expected.db").display().to_string();
    crate::support::util::exec(
        edg::driver::Driver::Sqlite,
        &expected,
        "CREATE TABLE summary (_id INTEGER PRIMARY KEY, n INTEGER)",
    );
    crate::support::util::exec(edg::driver::Driver::Sqlite, &expected, "INSERT INTO summary VALUES (1, 300)");
    let out =
        crate::support::util::verify("mongodb", &mongo, "sqlite", &expected, &["--tables", "summary", "--verbose"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn mongodb_bad_commands_are_one_line_errors() {
    let Some(mongo) = mongo_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (body, expected) in [
        ("{\"insert\": \"t\", \"documents\": [", "up query broken: invalid Extended JSON"),
        ("{\"frobnicate\": 1}", "up query broken: no such command"),
    ] {
        let cfg = dir.path().join("bad.yaml");
        std::fs::write(&cfg, format!("up:\n  - name: broken\n    type: exec\n    query: '{body}'\n")).unwrap();
        let out = edg(&["up", "--driver", "mongodb", "--url", &mongo, "--config", &cfg.display().to_string()]);
        let err = out.one_error();
        assert!(err.to_lowercase().contains(&expected.to_lowercase()), "expected {expected:?} in {}", err);
    }
}

#[test]
fn mongodb_fields_that_appear_late_are_compared() {
    let Some(mongo) = mongo_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("late.yaml");
    // Only the last document, past the first 1000 in key order, has the field `late`.
    std::fs::write(
        &cfg,
        r#"seed:
  - name: items
    type: exec_batch
    count: 1199
    size: 400
    args:
      - seq(1, 1)
    query: '{"insert": "items", "documents": [{"_id": $1}]}'
  - name: last
    type: exec
    query: '{"insert": "items", "documents": [{"_id": 1200, "late": "x"}]}'
"#,
    )
    .unwrap();
    let out = edg(&["seed", "--driver", "mongodb", "--url", &mongo, "--config", &cfg.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.all());
    let expected = dir.path().join("expected.db").display().to_string();
    let sqlite = edg::driver::Driver::Sqlite;
    crate::support::util::exec(sqlite, &expected, "CREATE TABLE items (_id INTEGER PRIMARY KEY, late TEXT)");
    crate::support::util::exec(
        sqlite,
        &expected,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) \
         INSERT INTO items SELECT i, CASE WHEN i = 1200 THEN 'x' END FROM n",
    );
    let run = |extra: &[&str]| crate::support::util::verify("mongodb", &mongo, "sqlite", &expected, extra);
    let out = run(&["--tables", "items"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(!out.stderr.contains("late (target only)"), "{}", out.stderr);
    crate::support::util::exec(sqlite, &expected, "UPDATE items SET late = 'y' WHERE _id = 1200");
    let out = run(&["--tables", "items", "--verbose"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stdout.contains("MISMATCH table=items _id=1200 column=late"), "{}", out.stdout);
}

/// Scale-out with MongoDB as the source: its ranges are read with `$gte`/`$lt` filters on the
/// key, and K partitions at once give the single-run report.
#[test]
fn mongodb_partitions_give_the_single_run_report() {
    let (Some(mongo), Some(pg)) = (mongo_url(), TempDb::pg()) else { return };
    seed_example(&mongo, &pg.url);
    pg.exec("UPDATE orders SET status = 'lost' WHERE id % 500 = 1");
    pg.exec("DELETE FROM orders WHERE id % 700 = 2");
    let report = |extra: &[&str]| {
        let mut args = vec!["--tables", "orders", "--order-by", "id", "--format", "json"];
        args.extend_from_slice(extra);
        let out = verify(&mongo, &pg.url, &args);
        assert_eq!(out.code, 1, "{}", out.all());
        let mut j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        j.as_object_mut().unwrap().remove("report_hash");
        for t in j["tables"].as_array_mut().unwrap() {
            t.as_object_mut().unwrap().remove("duration_ms");
            t.as_object_mut().unwrap().remove("difference_ranges");
        }
        j
    };
    let single = report(&[]);
    assert!(single["differences"].as_u64().unwrap() > 10, "{single}");
    assert_eq!(report(&["--concurrency", "3"]), single);
}

/// `_examples/cdc/mongodb.yaml` (the change workload's classes that apply to MongoDB) as a dual
/// write into two databases at 4 workers: no error, no one-sided write, every class ran, and
/// `sync verify` finds the databases equal; one document changed afterwards on one side is found.
#[test]
fn the_mongodb_change_workload_dual_writes_equal_databases() {
    let (Some(src), Some(dst)) = (mongo_url(), mongo_url()) else { return };
    let cfg = example("cdc/mongodb.yaml");
    let both = |cmd: crate::support::cmd::Edg| cmd.args(&["--source-config", &cfg, "--target-config", &cfg]);
    both(crate::support::cmd::Edg::sync("run").source("mongodb", &src).target("mongodb", &dst)).seed(7).ok();
    let r = crate::support::cmd::Edg::new(&["run", "--driver", "mongodb", "--url", &src, "--config", &cfg])
        .args(&["--target-driver", "mongodb", "--target-url", &dst, "--target-config", &cfg])
        .args(&["-w", "4", "-d", "3s", "--rng-seed", "7", "--format", "json"])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}", r.report()));
    assert_eq!(json["total_errors"], 0, "{}", r.report());
    assert_eq!(json["one_sided_writes"], 0, "{}", r.report());
    for item in ["toast_untouched", "null_cycle", "insert_event", "delete_event", "reinsert_item", "hot_rows"] {
        let q = json["queries"].as_array().unwrap().iter().find(|q| q["name"] == item);
        assert!(q.is_some_and(|q| q["count"].as_u64().unwrap_or(0) > 0), "{item} never ran\n{}", r.report());
    }
    let tables = "cdc_accounts,cdc_events,cdc_items,cdc_hot";
    let verify = || {
        crate::support::cmd::Edg::sync("verify")
            .source("mongodb", &src)
            .target("mongodb", &dst)
            .args(&["--tables", tables])
    };
    let v = verify().ok();
    v.check(v.stderr.contains("all tables verified"), "equal after the dual write");
    edg(&["run", "--driver", "mongodb", "--url", &dst, "--config", &cfg, "-d", "1s", "--rng-seed", "99", "-q"]);
    verify().fails_with(1);
}
