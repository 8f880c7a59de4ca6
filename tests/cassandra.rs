//! Cassandra / ScyllaDB: integration runs when EDG_TEST_CASSANDRA_URL is set (no server exists on
//! CI machines); CQL generation and type conversion have unit tests in host/src/driver/cassandra.rs.

use crate::support::util::{TempDb, edg, example, verify};

#[test]
fn cassandra_and_postgres_verify_equal() {
    let Some(url) = crate::support::needs::url("cassandra") else { return };
    let Some(pg) = TempDb::pg() else { return };
    let cfg = example("sync/cassandra.yaml");
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "cassandra",
        "--source-url",
        &url,
        "--source-config",
        &cfg,
        "--target-driver",
        "pgx",
        "--target-url",
        &pg.url,
        "--target-config",
        &example("sync/postgres.yaml"),
        "--rng-seed",
        "42",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let ks_url = format!("{}/edg", url.trim_end_matches('/'));
    let out = verify(
        "cassandra",
        &ks_url,
        "pgx",
        &pg.url,
        &["--tables", "users, orders", "--ignore-columns", "created_at", "--batch-size", "333"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("memory O(rows)"), "{}", out.stderr);
    let out = edg(&["down", "--driver", "cassandra", "--url", &url, "--config", &cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn cassandra_unreachable_is_a_one_line_error() {
    let out = edg(&[
        "up",
        "--driver",
        "cassandra",
        "--url",
        "cassandra://127.0.0.1:1/edg",
        "--config",
        &example("sync/cassandra.yaml"),
    ]);
    let err = out.one_error();
    assert!(err.contains("connecting to cassandra at cassandra://127.0.0.1:1/edg"), "{}", err);
}
