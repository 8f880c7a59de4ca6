//! Pipelines under the change workload of `_examples/cdc` (updates leaving a TOASTed column
//! untouched, deletes, delete-then-reinsert, key changes, hot rows, large transactions, NULL and
//! empty-string flips, edge-case types): a correct pipeline verifies equal after 10 s of it at 4
//! workers, and a pipeline that loses one class of change fails verify naming the table.

use crate::support::cmd::{Edg, Run};
use crate::support::pipelines::{MariaDbReplica, PgLogical, Pipeline};
use crate::support::util::{example, exec};

const TABLES: &str = "cdc_accounts,cdc_events,cdc_items,cdc_hot,cdc_bulk,cdc_digits";

/// Seed the source and run the workload on it for `secs` at 4 workers (its expectation, an
/// error rate under 1 %, must hold).
fn load(p: &dyn Pipeline, secs: u32) -> Run {
    let (driver, url, cfg) = (p.driver_flag(), p.source_url(), p.config());
    if p.driver_flag() == "mysql" {
        // The binlog carries the DDL; PgLogical::start put the schema on both sides.
        Edg::new(&["up", "--driver", driver, "--url", &url, "--config", &cfg]).ok();
    }
    Edg::new(&["seed", "--driver", driver, "--url", &url, "--config", &cfg]).ok();
    let d = format!("{secs}s");
    Edg::new(&["run", "--driver", driver, "--url", &url, "--config", &cfg, "-w", "4", "-d", &d, "--rng-seed", "30"])
        .ok()
}

fn verify(p: &dyn Pipeline, extra: &[&str]) -> Run {
    Edg::sync("verify")
        .source(p.driver_flag(), &p.source_url())
        .target(p.driver_flag(), &p.target_url())
        .args(&["--tables", TABLES])
        .args(extra)
        .run()
}

/// Every class of change the workload makes happened (so a pass means something).
fn every_class_ran(run: &Run) {
    for name in ["toast_untouched", "null_cycle", "insert_event", "delete_event", "move_key", "big_transaction"] {
        run.check(run.stderr.contains(name) || run.stdout.contains(name), &format!("{name} never ran"));
    }
    for name in ["insert_then_delete", "reinsert_item", "hot_rows"] {
        run.check(run.stdout.contains(name), &format!("{name} never ran"));
    }
}

#[test]
fn postgres_logical_replication_carries_every_change_class() {
    let publication = "CREATE PUBLICATION edg_pub FOR ALL TABLES";
    let Some(p) = PgLogical::start_with(&example("cdc/postgres.yaml"), publication) else { return };
    let run = load(&p, 10);
    every_class_ran(&run);
    let out = verify(&p, &["--converge", "60s"]);
    out.check(out.code == 0, "a correct pipeline under the workload did not verify equal");
}

#[test]
fn mariadb_binlog_replica_carries_every_change_class() {
    let Some(p) = MariaDbReplica::start_with(&example("cdc/mysql.yaml")) else { return };
    let run = load(&p, 10);
    every_class_ran(&run);
    let out = verify(&p, &["--converge", "60s"]);
    out.check(out.code == 0, "a correct pipeline under the workload did not verify equal");
}

/// A publication without deletes: the deleted events stay on the target.
#[test]
fn a_publication_without_deletes_fails_verify() {
    let publication = "CREATE PUBLICATION edg_pub FOR ALL TABLES WITH (publish = 'insert, update')";
    let Some(p) = PgLogical::start_with(&example("cdc/postgres.yaml"), publication) else { return };
    load(&p, 5);
    let out = verify(&p, &["--converge", "10s", "--verbose"]);
    out.check(out.code == 1, "deletes were never applied, yet verify passed");
    out.check(
        out.stdout.contains("EXTRA") && out.stdout.contains("cdc_events"),
        "the deleted events are not reported EXTRA",
    );
}

/// A subscription disabled while the workload runs, never enabled again.
#[test]
fn a_stalled_subscription_fails_verify() {
    let Some(p) = PgLogical::start_with(&example("cdc/postgres.yaml"), "CREATE PUBLICATION edg_pub FOR ALL TABLES")
    else {
        return;
    };
    let (driver, url, cfg) = (p.driver_flag(), p.source_url(), p.config());
    Edg::new(&["seed", "--driver", driver, "--url", &url, "--config", &cfg]).ok();
    p.pause();
    Edg::new(&["run", "--driver", driver, "--url", &url, "--config", &cfg, "-w", "4", "-d", "3s"]).ok();
    let out = verify(&p, &["--converge", "5s"]);
    out.check(out.code == 1, "a stalled pipeline passed verify");
}

/// A replica that steps over one transaction (sql_slave_skip_counter): the row it carried is
/// missing on the target, and verify names it.
#[test]
fn a_replica_that_skips_a_transaction_fails_verify() {
    let Some(p) = MariaDbReplica::start_with(&example("cdc/mysql.yaml")) else { return };
    load(&p, 5);
    p.skip_next_transaction();
    exec(
        edg::driver::Driver::MySql,
        &p.source_url(),
        "INSERT INTO cdc_items (id, label, version) VALUES (987654321, 'skipped', 0)",
    );
    p.resume();
    let out = verify(&p, &["--converge", "10s", "--verbose"]);
    out.check(out.code == 1, "a skipped transaction passed verify");
    out.check(
        out.stdout.contains("MISSING") && out.stdout.contains("987654321"),
        "the skipped row is not reported MISSING",
    );
}

/// `edg run` with `--target-url` on the source while `sample` runs every 200 ms on the test's
/// side: the run's JSON report and the samples.
fn run_with_lag(
    p: &dyn Pipeline,
    secs: u32,
    sample: impl Fn() -> Option<f64>,
    during: impl FnOnce(),
) -> (serde_json::Value, Vec<f64>) {
    let (driver, url, cfg, target) = (p.driver_flag(), p.source_url(), p.config(), p.target_url());
    let d = format!("{secs}s");
    let edg = Edg::new(&["run", "--driver", driver, "--url", &url, "--config", &cfg, "-w", "4", "-d", &d]).args(&[
        "--target-url",
        &target,
        "--format",
        "json",
    ]);
    let handle = std::thread::spawn(move || edg.run());
    let mut samples = Vec::new();
    let began = std::time::Instant::now();
    let mut during = Some(during);
    while !handle.is_finished() {
        if began.elapsed() > std::time::Duration::from_secs(1)
            && let Some(f) = during.take()
        {
            f();
        }
        samples.extend(sample());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let run = handle.join().unwrap().expect_code(0);
    run.check(run.stderr.contains("LAG ms"), "no lag line in the progress output");
    let report: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON report");
    (report, samples)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The lag edg reports under load is the replication's own view (`replay_lag`, sampled at the
/// same time) within one print interval; a subscription paused during the run shows as lag
/// that grows with the pause.
#[test]
fn lag_under_load_follows_the_pipelines_own_view() {
    let Some(p) = PgLogical::start_with(&example("cdc/postgres.yaml"), "CREATE PUBLICATION edg_pub FOR ALL TABLES")
    else {
        return;
    };
    Edg::new(&["seed", "--driver", "pgx", "--url", &p.source_url(), "--config", &p.config()]).ok();
    let source = p.source_url();
    let replay_lag = || {
        let rows = crate::support::util::dump(
            edg::driver::Driver::Postgres,
            &source,
            "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0)::text FROM pg_stat_replication",
        );
        rows.first().and_then(|r| r[0].parse().ok())
    };
    let (report, samples) = run_with_lag(&p, 6, replay_lag, || {});
    let lag = &report["lag_ms"];
    assert!(lag["samples"].as_u64().unwrap() > 30, "{report:#}");
    let (ours, theirs) = (lag["p50"].as_f64().unwrap(), median(samples));
    assert!((ours - theirs).abs() <= 1000.0, "edg's lag p50 {ours} ms vs replay_lag's median {theirs} ms\n{report:#}");

    // Paused 1 s into a 5 s run and never resumed during it: the heartbeat stops arriving.
    let (report, _) = run_with_lag(&p, 5, || None, || p.pause());
    let max = report["lag_ms"]["max"].as_u64().unwrap();
    assert!(max >= 3000, "a pipeline paused for 4 s showed a lag of at most {max} ms\n{report:#}");
    p.resume();
}

/// The same through a MariaDB binlog replica: lag is reported, and a stopped replica's grows.
#[test]
fn lag_under_load_through_a_binlog_replica() {
    let Some(p) = MariaDbReplica::start_with(&example("cdc/mysql.yaml")) else { return };
    let (driver, url, cfg) = (p.driver_flag(), p.source_url(), p.config());
    Edg::new(&["up", "--driver", driver, "--url", &url, "--config", &cfg]).ok();
    Edg::new(&["seed", "--driver", driver, "--url", &url, "--config", &cfg]).ok();
    let (report, _) = run_with_lag(&p, 4, || None, || {});
    assert!(report["lag_ms"]["samples"].as_u64().unwrap() > 20, "{report:#}");
    assert!(report["lag_ms"]["p50"].as_u64().unwrap() < 1000, "an idle-ish replica lags a second: {report:#}");
    let (report, _) = run_with_lag(&p, 5, || None, || p.pause());
    let max = report["lag_ms"]["max"].as_u64().unwrap();
    assert!(max >= 3000, "a replica stopped for 4 s showed a lag of at most {max} ms\n{report:#}");
    p.resume();
}
