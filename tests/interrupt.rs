//! Ctrl-C during a one-shot verify (issue 33 item 6): what was compared so far is reported (the
//! table's counts, the differences found, JSON with `"interrupted": true`), exit 130, and
//! nothing is called verified.

use crate::support::util::{Running, exec, sqlite_pair, verify_args};
use edg::driver::Driver;
use std::process::Command;

const ROWS: u32 = 200_000;

/// Two SQLite tables of `ROWS` rows; the target lacks row 5, so a difference is found at once.
fn large_pair(dir: &std::path::Path) -> (String, String) {
    let fill = format!(
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {ROWS}) \
         INSERT INTO t SELECT i, 'value ' || i FROM c"
    );
    let (s, t) = sqlite_pair(dir, &["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", &fill]);
    exec(Driver::Sqlite, &t, "DELETE FROM t WHERE id = 5");
    (s, t)
}

/// Start verify (small pages, -v so each page is logged), wait for a few pages, send SIGINT.
fn interrupted_verify(s: &str, t: &str, extra: &[&str]) -> crate::support::util::Out {
    let mut args = verify_args("sqlite", s, "sqlite", t, &["--batch-size", "10", "-v"]);
    args.extend(extra.iter().map(|a| a.to_string()));
    let run = Running::start(&args);
    run.wait_for("page read", 6);
    let status = Command::new("kill").args(["-INT", &run.id().to_string()]).status().unwrap();
    assert!(status.success());
    run.finish()
}

#[test]
fn ctrl_c_during_verify_reports_what_was_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = large_pair(dir.path());

    let out = interrupted_verify(&s, &t, &["--format", "json"]);
    assert_eq!(out.code, 130, "{}", out.all());
    let r: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.all()));
    assert_eq!(r["interrupted"], true, "{r}");
    assert_eq!(r["passed"], false, "{r}");
    let table = &r["tables"][0];
    assert_eq!(table["interrupted"], true, "{table}");
    let read = table["source_rows"].as_u64().unwrap();
    assert!(read > 0 && read < ROWS as u64, "partial counts: {read} of {ROWS} rows read\n{}", out.all());
    assert_eq!(table["missing"], 1, "the difference found before Ctrl-C is kept: {table}");
    assert_eq!(r["differences"], 1);

    let out = interrupted_verify(&s, &t, &["--list-rows"]);
    assert_eq!(out.code, 130, "{}", out.all());
    assert!(out.stdout.contains("MISSING"), "rows found so far are listed\n{}", out.all());
    assert!(out.stderr.contains("interrupted; the rest of the table was not compared"), "{}", out.all());
    let last = out.stderr.lines().filter(|l| l.starts_with("ERROR")).collect::<Vec<_>>();
    assert_eq!(last.len(), 1, "{}", out.all());
    assert!(last[0].contains("interrupted:") && last[0].contains("nothing is verified"), "{}", out.all());
    assert!(!out.stderr.contains("verified rows=") && !out.stderr.contains("all tables verified"), "{}", out.all());
    assert!(!out.all().contains("panicked"), "{}", out.all());
}

/// Without a terminal, a long table logs its progress every few seconds (rows, rows/s).
#[test]
fn a_long_verify_logs_progress_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = large_pair(dir.path());
    let args = verify_args("sqlite", &s, "sqlite", &t, &["--batch-size", "1"]);
    let run = Running::start(&args);
    run.wait_for("verifying", 1);
    let status = Command::new("kill").args(["-INT", &run.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = run.finish();
    let line = out.stderr.lines().find(|l| l.contains(" verifying")).unwrap_or_else(|| panic!("{}", out.all()));
    assert!(line.contains("table=t") && line.contains("rows_per_s=") && line.contains("source_rows="), "{line}");
}
