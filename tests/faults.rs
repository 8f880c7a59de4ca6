//! A server that dies mid-seed or mid-verify: exit 2, one ERROR line, never "verified" and
//! never "complete". The servers are private instances the test starts and kills.

use crate::support::servers::{PrivateMariaDb, PrivatePg};
use crate::support::util::{Out, collect, exec, spawn};
use edg::driver::Driver;
use std::process::Child;
use std::time::{Duration, Instant};

/// Let `child` run for `after`, call `kill` (the server dies), and collect what edg printed.
fn kill_during(mut child: Child, after: Duration, kill: impl FnOnce()) -> Out {
    std::thread::sleep(after);
    if child.try_wait().unwrap().is_some() {
        let out = child.wait_with_output().unwrap();
        panic!(
            "edg finished before the server was killed (make the work larger):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    kill();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "edg did not end after its server died");
        std::thread::sleep(Duration::from_millis(50));
    }
    collect(child)
}

fn assert_failed_cleanly(out: &Out, what: &str) {
    let line = out.one_error();
    assert!(!out.all().contains("verified"), "{what}: {}", out.all());
    assert!(!out.all().contains("complete"), "{what}: {}", out.all());
    assert!(!out.all().contains("panicked"), "{what}: {}", out.all());
    eprintln!("{what}: {line}");
}

/// Many rows, so the run is still going when the server dies.
fn big_config(dir: &std::path::Path) -> String {
    let cfg = dir.join("big.yaml");
    std::fs::write(
        &cfg,
        "up:\n  - name: t\n    type: exec\n    query: CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(200))\n\
         seed:\n  - name: fill\n    type: exec_batch\n    count: 20000000\n    size: 1000\n    args:\n      - seq(1, 1)\n      - gen('email')\n\
         \x20   query: INSERT INTO t (id, v) __values__\n",
    )
    .unwrap();
    cfg.display().to_string()
}

fn verify_args<'a>(driver: &'a str, s: &'a str, t: &'a str) -> Vec<&'a str> {
    vec![
        "sync",
        "verify",
        "--source-driver",
        driver,
        "--source-url",
        s,
        "--target-driver",
        driver,
        "--target-url",
        t,
        "--tables",
        "t",
        "--batch-size",
        "10",
    ]
}

#[test]
fn postgres_killed_mid_seed_and_mid_verify() {
    let Some(pg) = PrivatePg::start(&[]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let url = pg.url("test");
    let child = spawn(&["sync", "run", "--source-url", &url, "--source-config", &big_config(dir.path())]);
    let out = kill_during(child, Duration::from_millis(2500), || pg.kill());
    assert_failed_cleanly(&out, "PostgreSQL killed mid-seed");
    drop(pg);

    let Some(pg) = PrivatePg::start(&[]) else { return };
    exec(Driver::Postgres, &pg.url("postgres"), "CREATE DATABASE target");
    let (s, t) = (pg.url("test"), pg.url("target"));
    for u in [&s, &t] {
        exec(Driver::Postgres, u, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        exec(Driver::Postgres, u, "INSERT INTO t SELECT i, 'row ' || i FROM generate_series(1, 1000000) i");
    }
    let child = spawn(&verify_args("pgx", &s, &t));
    let out = kill_during(child, Duration::from_millis(1500), || pg.kill());
    assert_failed_cleanly(&out, "PostgreSQL killed mid-verify");
}

#[test]
fn mariadb_killed_mid_seed_and_mid_verify() {
    let Some(mut my) = PrivateMariaDb::start(&[]) else { return };
    let dir = tempfile::tempdir().unwrap();
    let url = my.url("test");
    let child = spawn(&[
        "sync",
        "run",
        "--source-driver",
        "mysql",
        "--source-url",
        &url,
        "--source-config",
        &big_config(dir.path()),
    ]);
    let out = kill_during(child, Duration::from_millis(2500), || my.kill());
    assert_failed_cleanly(&out, "MariaDB killed mid-seed");
    drop(my);

    let Some(mut my) = PrivateMariaDb::start(&[]) else { return };
    exec(Driver::MySql, &my.url("mysql"), "CREATE DATABASE target");
    let (s, t) = (my.url("test"), my.url("target"));
    for u in [&s, &t] {
        exec(Driver::MySql, u, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        exec(Driver::MySql, u, "INSERT INTO t SELECT seq, CONCAT('row ', seq) FROM seq_1_to_1000000");
    }
    let child = spawn(&verify_args("mysql", &s, &t));
    let out = kill_during(child, Duration::from_millis(1500), || my.kill());
    assert_failed_cleanly(&out, "MariaDB killed mid-verify");
}
