//! Partitioned seeding (issue 32, item 2): the spec's users/orders example seeded as 4
//! concurrent partitions into one database equals one run into another (`sync verify` exits 0)
//! on SQLite, PostgreSQL and MariaDB; N = 1 is the single run; `sync run merge` finds every
//! manifest or names the missing one; a config a partition cannot generate alone is refused
//! before anything is written.

use crate::support::cmd::{Edg, Run};
use crate::support::util::{TempDb, dump, example};
use edg::driver::Driver;
use std::path::Path;

fn seed(driver: &str, url: &str, cfg: &str, extra: &[&str]) -> Edg {
    Edg::sync("run").source(driver, url).args(&["--source-config", cfg]).seed(42).args(extra)
}

fn up(driver: &str, url: &str, cfg: &str) {
    Edg::new(&["up", "--driver", driver, "--url", url, "--config", cfg]).ok();
}

/// The N partitions at once, each with its manifest in `dir`.
fn partitions(driver: &str, url: &str, cfg: &str, n: u32, dir: &Path) -> Vec<Run> {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let manifest = dir.join(format!("part-{i}.json")).display().to_string();
                let part = format!("{i}/{n}");
                s.spawn(move || seed(driver, url, cfg, &["--partition", &part, "--manifest", &manifest]).ok())
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("partition thread")).collect()
    })
}

fn verify_equal(driver: &str, a: &str, b: &str) -> Run {
    let r = Edg::sync("verify")
        .source(driver, a)
        .target(driver, b)
        .args(&["--tables", "users,orders", "--ignore-columns", "created_at"])
        .ok();
    r.check(r.stderr.contains("rows=5000") && r.stderr.contains("rows=1000"), "both tables compared in full")
        .check(!r.stderr.contains("MISMATCH"), "no differences");
    r
}

/// One run into `one`; 4 partitions into `four` (after `edg up` there); partition 0/1 into
/// `single`: all three equal.
fn partitions_equal_one_run(driver: &str, cfg: &str, one: &str, four: &str, single: &str, dir: &Path) {
    seed(driver, one, cfg, &[]).ok();
    up(driver, four, cfg);
    for r in partitions(driver, four, cfg, 4, dir) {
        r.check(r.stderr.contains("`up` is not run"), "a partition says it leaves `up` to the user");
    }
    verify_equal(driver, one, four);
    let merged = dir.join("merged.json");
    let m = Edg::sync("run").args(&["merge", &dir.display().to_string(), "--out", &merged.display().to_string()]).ok();
    m.check(m.stderr.contains("the seed is complete"), "merge finds all 4");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    assert_eq!(json["tables"]["orders"]["rows"], 5000, "{json}");
    assert_eq!(json["tables"]["users"]["rows"], 1000, "{json}");
    assert!(json.get("partition").is_none(), "the merged manifest is a whole run's: {json}");
    up(driver, single, cfg);
    seed(driver, single, cfg, &["--partition", "0/1"]).ok();
    verify_equal(driver, one, single);
}

#[test]
fn four_partitions_equal_one_run_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = |n: &str| dir.path().join(n).display().to_string();
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let cfg = example("sync/sqlite.yaml");
    partitions_equal_one_run("sqlite", &cfg, &db("one.db"), &db("four.db"), &db("single.db"), &parts);
}

#[test]
fn four_partitions_equal_one_run_on_postgres() {
    let (Some(one), Some(four), Some(single)) = (TempDb::pg(), TempDb::pg(), TempDb::pg()) else { return };
    let dir = tempfile::tempdir().unwrap();
    partitions_equal_one_run("pgx", &example("sync/postgres.yaml"), &one.url, &four.url, &single.url, dir.path());
}

#[test]
fn four_partitions_equal_one_run_on_mariadb() {
    let (Some(one), Some(four), Some(single)) = (TempDb::mysql(), TempDb::mysql(), TempDb::mysql()) else { return };
    let dir = tempfile::tempdir().unwrap();
    partitions_equal_one_run("mysql", &example("sync/mysql.yaml"), &one.url, &four.url, &single.url, dir.path());
}

/// What a partition cannot generate alone is refused with one line, after `up`, before any row.
#[test]
fn a_config_a_partition_cannot_generate_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(example("sync/sqlite.yaml")).unwrap();
    let cases = [
        ("where", base.replace("SELECT id FROM users", "SELECT id FROM users WHERE id > 10"), "fetch_users"),
        ("uniq", base.replace("gen('email')", "uniq(\"gen('email')\")"), "uniq()"),
        (
            "generated_key",
            base.replace(
                "INSERT INTO users (id, name, email) __values__",
                "INSERT INTO users (name, email) __values__",
            )
            .replace("      - seq(1, 1)\n      - gen('name')", "      - gen('name')"),
            "column id of users is not among the columns",
        ),
    ];
    for (name, text, says) in cases {
        assert_ne!(text, base, "case {name} changed nothing");
        let cfg = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&cfg, &text).unwrap();
        let (cfg, db) = (cfg.display().to_string(), dir.path().join(format!("{name}.db")).display().to_string());
        up("sqlite", &db, &cfg);
        let r = seed("sqlite", &db, &cfg, &["--partition", "1/2"]).fails_with(2);
        let line = r.one_error();
        assert!(line.contains("cannot be partitioned") && line.contains(says), "case {name}: {line}");
        assert_eq!(dump(Driver::Sqlite, &db, "SELECT count(*) FROM users"), vec![vec!["0".to_string()]], "case {name}");
    }
    // No seed: the partitions would draw different values.
    let db = dir.path().join("noseed.db").display().to_string();
    let cfg = example("sync/sqlite.yaml");
    up("sqlite", &db, &cfg);
    let r = Edg::sync("run").source("sqlite", &db).args(&["--source-config", &cfg, "--partition", "0/2"]).fails_with(2);
    assert!(r.one_error().contains("needs --rng-seed"), "{}", r.report());
    assert_eq!(dump(Driver::Sqlite, &db, "SELECT count(*) FROM users"), vec![vec!["0".to_string()]]);
}

/// `sync run merge` refuses an incomplete set, a repeated part and parts of another seed; a
/// bare `--partition` takes I/N from an Indexed Job's variables; `edg seed --partition` writes
/// one partition of one database.
#[test]
fn merge_names_what_is_missing_and_the_job_sets_the_partition() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example("sync/sqlite.yaml");
    let db = dir.path().join("p.db").display().to_string();
    up("sqlite", &db, &cfg);
    let manifest = |i: u32| dir.path().join(format!("m{i}.json")).display().to_string();
    for i in [0u32, 1, 3] {
        seed("sqlite", &db, &cfg, &["--partition", &format!("{i}/4"), "--manifest", &manifest(i)]).ok();
    }
    let line = Edg::sync("run").args(&["merge", &manifest(0), &manifest(1), &manifest(3)]).fails_with(2).one_error();
    assert!(line.contains("partitions 2 of 4 are missing"), "{line}");
    let line = Edg::sync("run").args(&["merge", &manifest(0), &manifest(0)]).fails_with(2).one_error();
    assert!(line.contains("again"), "{line}");
    // Partition 2 through the Indexed Job's variables and `edg seed`.
    let r = Edg::new(&["seed", "--driver", "sqlite", "--url", &db, "--config", &cfg, "--rng-seed", "42"])
        .args(&["--partition", "--manifest", &manifest(2)])
        .env("JOB_COMPLETION_INDEX", "2")
        .env("JOB_COMPLETION_COUNT", "4")
        .ok();
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(manifest(2)).unwrap()).unwrap();
    assert_eq!(m["partition"]["index"], 2, "{}", r.report());
    let all: Vec<String> = (0..4).map(manifest).collect();
    let args: Vec<&str> = std::iter::once("merge").chain(all.iter().map(String::as_str)).collect();
    Edg::sync("run").args(&args).ok();
    assert_eq!(dump(Driver::Sqlite, &db, "SELECT count(*) FROM orders"), vec![vec!["5000".to_string()]]);
    // A part of another seed.
    let other = dir.path().join("other.db").display().to_string();
    up("sqlite", &other, &cfg);
    Edg::sync("run")
        .source("sqlite", &other)
        .args(&["--source-config", &cfg, "--partition", "2/4", "--manifest", &manifest(9)])
        .seed(7)
        .ok();
    let line = Edg::sync("run")
        .args(&["merge", &manifest(0), &manifest(1), &manifest(9), &manifest(3)])
        .fails_with(2)
        .one_error();
    assert!(line.contains("--rng-seed differs"), "{line}");
}
