//! Dual-write workloads (issue 30, item 3): `edg run --target-config` applies the same change
//! stream to both sides, as an application that writes twice. With 4 workers, PostgreSQL and
//! MariaDB, the `_examples/cdc` workload (hot rows every worker updates, key moves, deletes,
//! large transactions) leaves both sides equal; a value one side rejects is reported as a
//! one-sided write, and verify finds the difference.

use crate::support::cmd::{Edg, Run};
use crate::support::util::{TempDb, example};

const TABLES: &str = "cdc_accounts,cdc_events,cdc_items,cdc_hot,cdc_bulk,cdc_digits";

fn dual(pg: &TempDb, my: &TempDb, secs: &str) -> (Run, serde_json::Value) {
    let r = Edg::new(&["run", "--driver", "pgx", "--url", &pg.url, "--config", &example("cdc/postgres.yaml")])
        .args(&["--target-driver", "mysql", "--target-url", &my.url, "--target-config", &example("cdc/mysql.yaml")])
        .args(&["-w", "4", "-d", secs, "--rng-seed", "7", "--format", "json"])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}", r.report()));
    (r, json)
}

fn verify(pg: &TempDb, my: &TempDb) -> Edg {
    Edg::sync("verify").source("pgx", &pg.url).target("mysql", &my.url).args(&["--tables", TABLES])
}

#[test]
fn a_dual_write_workload_leaves_both_sides_equal_and_reports_one_sided_writes() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    Edg::sync("run")
        .source("pgx", &pg.url)
        .target("mysql", &my.url)
        .args(&["--source-config", &example("cdc/postgres.yaml"), "--target-config", &example("cdc/mysql.yaml")])
        .seed(7)
        .ok();
    let (r, json) = dual(&pg, &my, "4s");
    assert_eq!(json["one_sided_writes"], 0, "{}", r.report());
    assert!(json["success_count"].as_u64().unwrap_or(0) > 200, "{}", r.report());
    let hot = json["transactions"].as_array().unwrap().iter().find(|t| t["name"] == "hot_rows").cloned();
    assert!(hot.is_some_and(|t| t["commits"].as_u64().unwrap_or(0) > 10), "{}", r.report());
    let v = verify(&pg, &my).ok();
    v.check(v.stderr.contains("table verified") && !v.stderr.contains("MISMATCH"), "both sides equal");

    // The target now rejects a note the workload writes: those updates commit on the source only.
    for db in [&pg, &my] {
        db.exec("UPDATE cdc_accounts SET note = NULL WHERE note = 'ok'");
    }
    verify(&pg, &my).ok();
    my.exec("ALTER TABLE cdc_accounts ADD CONSTRAINT no_ok CHECK (note IS NULL OR note <> 'ok')");
    let (r, json) = dual(&pg, &my, "3s");
    let n = json["one_sided_writes"].as_u64().unwrap_or(0);
    assert!(n > 0, "no one-sided write reported\n{}", r.report());
    r.check(r.stderr.contains("one-sided write") && r.stderr.contains("failed_on=target"), "each named, with its side");
    let v = verify(&pg, &my).fails_with(1);
    v.check(v.stderr.contains("cdc_accounts"), "verify names the table the one-sided writes left apart");
}
