//! The spec's dual-write example on SQLite ↔ SQLite, end to end through the CLI.

use crate::support::util::{dump, edg, example, sqlite_tables, variant};
use edg::driver::Driver;
use std::path::Path;

const USERS: &str = "SELECT id, name, email FROM users ORDER BY id";
const ORDERS: &str = "SELECT id, user_id, amount, status FROM orders ORDER BY id";

pub fn run_pair(config: &str, s: &Path, t: &Path, seed: Option<&str>) -> crate::support::util::Out {
    let (s, t) = (s.display().to_string(), t.display().to_string());
    let mut args = vec![
        "sync",
        "run",
        "--source-driver",
        "sqlite",
        "--source-url",
        &s,
        "--source-config",
        config,
        "--target-driver",
        "sqlite",
        "--target-url",
        &t,
        "--target-config",
        config,
    ];
    if let Some(seed) = seed {
        args.extend(["--rng-seed", seed]);
    }
    edg(&args)
}

fn rows(path: &Path, sql: &str) -> Vec<Vec<String>> {
    dump(Driver::Sqlite, &path.display().to_string(), sql)
}

#[test]
fn same_seed_gives_identical_users_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db"), dir.path().join("t.db"));
    let out = run_pair(&example("sync/sqlite.yaml"), &s, &t, Some("42"));
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("INFO running source driver=sqlite"), "{}", out.stderr);
    // Rows and time per query, and the run's total (issue 33 item 6).
    assert!(
        out.stderr.contains("INFO query done side=source section=seed query=seed_users rows=1000 elapsed="),
        "{}",
        out.stderr
    );
    let last = out.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(last.starts_with("INFO sync run complete sides=2 elapsed="), "{}", out.stderr);

    let (su, tu) = (rows(&s, USERS), rows(&t, USERS));
    assert_eq!(su.len(), 1000);
    assert_eq!(su, tu);
    assert_eq!(su.first().unwrap()[0], "1");
    assert_eq!(su.last().unwrap()[0], "1000");
    let (so, to) = (rows(&s, ORDERS), rows(&t, ORDERS));
    assert_eq!(so.len(), 5000);
    assert_eq!(so, to);
    // seq() is one counter per side: orders continue after users.
    assert_eq!(so.first().unwrap()[0], "1001");
    assert_eq!(so.last().unwrap()[0], "6000");
    // Every order references an existing user; amounts are within uniform(1, 500).
    for o in &so {
        let uid: i64 = o[1].parse().unwrap();
        assert!((1..=1000).contains(&uid), "user_id {uid}");
        let amount: f64 = o[2].parse().unwrap();
        assert!((1.0..=500.0).contains(&amount), "amount {amount}");
    }
    // set_rand weights 50/30/20 over 5000 orders.
    let share = |s: &str| so.iter().filter(|o| o[3] == s).count() as f64 / so.len() as f64;
    assert!((share("pending") - 0.5).abs() < 0.04, "pending {}", share("pending"));
    assert!((share("shipped") - 0.3).abs() < 0.04, "shipped {}", share("shipped"));
    assert!((share("delivered") - 0.2).abs() < 0.04, "delivered {}", share("delivered"));
}

#[test]
fn batch_size_does_not_change_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let small = variant(&example("sync/sqlite.yaml"), dir.path(), "small.yaml", "batch_size: 100", "batch_size: 7");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let out = run_pair(&example("sync/sqlite.yaml"), &a, &dir.path().join("a2.db"), Some("42"));
    assert_eq!(out.code, 0, "{}", out.all());
    let out = run_pair(&small, &b, &dir.path().join("b2.db"), Some("42"));
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(rows(&a, USERS), rows(&b, USERS));
    assert_eq!(rows(&a, ORDERS), rows(&b, ORDERS));
}

#[test]
fn different_or_no_seed_gives_different_data() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example("sync/sqlite.yaml");
    let p = |n: &str| dir.path().join(n);
    assert_eq!(run_pair(&cfg, &p("a"), &p("a2"), Some("42")).code, 0);
    assert_eq!(run_pair(&cfg, &p("b"), &p("b2"), Some("43")).code, 0);
    assert_eq!(run_pair(&cfg, &p("c"), &p("c2"), None).code, 0);
    assert_eq!(run_pair(&cfg, &p("d"), &p("d2"), None).code, 0);
    assert_ne!(rows(&p("a"), USERS), rows(&p("b"), USERS));
    assert_ne!(rows(&p("c"), USERS), rows(&p("d"), USERS));
}

#[test]
fn count_zero_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = variant(&example("sync/sqlite.yaml"), dir.path(), "zero.yaml", "orders: 5000", "orders: 0");
    let (s, t) = (dir.path().join("s.db"), dir.path().join("t.db"));
    let out = run_pair(&cfg, &s, &t, Some("1"));
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(rows(&s, "SELECT count(*) FROM orders"), vec![vec!["0".to_string()]]);
    assert_eq!(rows(&s, "SELECT count(*) FROM users"), vec![vec!["1000".to_string()]]);
}

#[test]
fn sync_down_leaves_no_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db"), dir.path().join("t.db"));
    let cfg = example("sync/sqlite.yaml");
    assert_eq!(run_pair(&cfg, &s, &t, Some("42")).code, 0);
    assert_eq!(sqlite_tables(&s), vec!["orders", "users"]);
    let (ss, ts) = (s.display().to_string(), t.display().to_string());
    let out = edg(&[
        "sync",
        "down",
        "--source-driver",
        "sqlite",
        "--source-url",
        &ss,
        "--source-config",
        &cfg,
        "--target-driver",
        "sqlite",
        "--target-url",
        &ts,
        "--target-config",
        &cfg,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("INFO tearing down source driver=sqlite"), "{}", out.stderr);
    assert!(out.stderr.contains("INFO sync down complete"), "{}", out.stderr);
    assert!(sqlite_tables(&s).is_empty());
    assert!(sqlite_tables(&t).is_empty());
}

#[test]
fn without_target_config_only_the_source_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db"), dir.path().join("t.db"));
    let (ss, ts) = (s.display().to_string(), t.display().to_string());
    let cfg = example("sync/sqlite.yaml");
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "sqlite",
        "--source-url",
        &ss,
        "--source-config",
        &cfg,
        "--target-url",
        &ts,
        "--rng-seed",
        "5",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(sqlite_tables(&s), vec!["orders", "users"]);
    assert!(!t.exists(), "target was touched in CDC mode");
}

#[test]
fn single_side_commands_run_one_section() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("one.db");
    let url = db.display().to_string();
    let cfg = example("sync/sqlite.yaml");
    let out = edg(&["up", "--driver", "sqlite", "--url", &url, "--config", &cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(sqlite_tables(&db), vec!["orders", "users"]);
    assert_eq!(rows(&db, "SELECT count(*) FROM users"), vec![vec!["0".to_string()]]);
    let out = edg(&["seed", "--driver", "sqlite", "--url", &url, "--config", &cfg, "--rng-seed", "9"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(rows(&db, "SELECT count(*) FROM orders"), vec![vec!["5000".to_string()]]);
    assert_eq!(edg(&["deseed", "--driver", "sqlite", "--url", &url, "--config", &cfg]).code, 0);
    assert_eq!(rows(&db, "SELECT count(*) FROM orders"), vec![vec!["0".to_string()]]);
    assert_eq!(edg(&["down", "--driver", "sqlite", "--url", &url, "--config", &cfg]).code, 0);
    assert!(sqlite_tables(&db).is_empty());
}
