//! The spec's example across engines: PostgreSQL ↔ MariaDB and SQLite ↔ PostgreSQL.

use crate::support::util::{TempDb, dump, edg, example, variant, verify};
use edg::driver::Driver;

fn run(
    s_driver: &str,
    s_url: &str,
    s_cfg: &str,
    t_driver: &str,
    t_url: &str,
    t_cfg: &str,
) -> crate::support::util::Out {
    edg(&[
        "sync",
        "run",
        "--source-driver",
        s_driver,
        "--source-url",
        s_url,
        "--source-config",
        s_cfg,
        "--target-driver",
        t_driver,
        "--target-url",
        t_url,
        "--target-config",
        t_cfg,
        "--rng-seed",
        "42",
    ])
}

#[test]
fn postgres_and_mariadb_receive_identical_rows() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    // The Go DSN form of the MySQL URL, as in the spec.
    let dsn = my.url.replacen("mysql://", "", 1).replacen("@", "@tcp(", 1).replacen('/', ")/", 1);
    let out = run(
        "mysql",
        &format!("{dsn}?parseTime=true"),
        &example("sync/mysql.yaml"),
        "pgx",
        &pg.url,
        &example("sync/postgres.yaml"),
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let users = "SELECT id, name, email FROM users ORDER BY id";
    let orders = "SELECT id, user_id, CAST(amount AS CHAR(20)), status FROM orders ORDER BY id";
    assert_eq!(my.dump(users), pg.dump(users));
    assert_eq!(my.dump(users).len(), 1000);
    let pg_orders = pg.dump(&orders.replace("CHAR(20)", "TEXT"));
    assert_eq!(my.dump(orders), pg_orders);
    assert_eq!(pg_orders.len(), 5000);
    assert_eq!(pg_orders[0][0], "1001");

    let out = verify(
        "mysql",
        &my.url,
        "pgx",
        &pg.url,
        &["--tables", "users, orders", "--order-by", "id", "--ignore-columns", "created_at"],
    );
    assert_eq!(out.code, 0, "{}", out.all());

    let out = edg(&[
        "sync",
        "down",
        "--source-driver",
        "mysql",
        "--source-url",
        &my.url,
        "--source-config",
        &example("sync/mysql.yaml"),
        "--target-driver",
        "pgx",
        "--target-url",
        &pg.url,
        "--target-config",
        &example("sync/postgres.yaml"),
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        pg.dump("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").is_empty()
    );
    assert!(my.dump("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()").is_empty());
}

#[test]
fn sqlite_and_postgres_receive_identical_rows_at_any_batch_size() {
    let Some(pg) = TempDb::pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.db").display().to_string();
    let pg_cfg = variant(&example("sync/postgres.yaml"), dir.path(), "pg.yaml", "batch_size: 100", "batch_size: 333");
    let out = run("sqlite", &s, &example("sync/sqlite.yaml"), "pgx", &pg.url, &pg_cfg);
    assert_eq!(out.code, 0, "{}", out.all());
    let users = "SELECT id, name, email FROM users ORDER BY id";
    assert_eq!(dump(Driver::Sqlite, &s, users), pg.dump(users));
    let out = verify("sqlite", &s, "pgx", &pg.url, &["--ignore-columns", "created_at"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("INFO table verified table=orders rows=5000"), "{}", out.stderr);
}

#[test]
fn cockroachdb_example_runs_when_a_server_is_given() {
    let Some(url) = crate::support::needs::url("crdb") else { return };
    let cfg = example("sync/crdb.yaml");
    let out = edg(&["up", "--driver", "pgx", "--url", &url, "--config", &cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = edg(&["seed", "--driver", "pgx", "--url", &url, "--config", &cfg, "--rng-seed", "42"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(dump(Driver::Postgres, &url, "SELECT count(*) FROM orders"), vec![vec!["5000".to_string()]]);
    assert_eq!(edg(&["down", "--driver", "pgx", "--url", &url, "--config", &cfg]).code, 0);
}

/// Verify reads pages three ways: PostgreSQL through COPY, CockroachDB and MariaDB through
/// streamed text rows into column buffers (sized after the previous page). All three must give
/// what a plain row-by-row query gives, NULLs and awkward text included.
#[test]
fn bulk_reads_give_what_row_reads_give() {
    use edg::driver::{Conn, PageShape, RawRows};
    let dbs: Vec<TempDb> = [TempDb::pg(), TempDb::mysql()].into_iter().flatten().collect();
    for db in &dbs {
        let text = if db.driver == Driver::MySql { "VARCHAR(100)" } else { "TEXT" };
        db.exec(&format!("CREATE TABLE r (id INT PRIMARY KEY, t {text}, d DECIMAL(12, 3), n INT)"));
        db.exec(
            "INSERT INTO r VALUES (1, 'tab\there', 1.500, NULL), (2, '', NULL, 7), (3, NULL, -0.001, 0), \
             (4, 'line\nbreak \\\\ back', 12345.678, -3), (5, 'Zoë ☃', 0, 2147483647)",
        );
        let sql = "SELECT id, t, d, n FROM r ORDER BY id";
        let as_rows = |raw: RawRows| -> Vec<Vec<String>> {
            (0..raw.len()).map(|i| raw.cols.iter().map(|c| c.value(i).to_string()).collect()).collect()
        };
        let expected = db.dump(sql);
        assert_eq!(expected.len(), 5);
        let small = PageShape { rows: 2, bytes: vec![1, 1, 1, 1] };
        let got = crate::support::util::block_on(async {
            let mut c = Conn::connect(db.driver, &db.url).await.expect("connect");
            let mut out = Vec::new();
            for shape in [PageShape::default(), small.clone()] {
                out.push(as_rows(c.query_raw(sql, &shape).await.expect("query_raw").expect("a text protocol")));
                if db.driver == Driver::Postgres {
                    out.push(as_rows(c.copy_out(sql, 4, &shape).await.expect("copy_out")));
                }
            }
            out
        });
        for g in got {
            assert_eq!(g, expected, "{:?}", db.driver);
        }
    }
}

/// Both sides seed at once (issue 32 item 1); a failure on one stops the other at its next
/// batch, its open transaction rolled back, and the run ends with the failing side's one line.
#[test]
fn a_failing_target_stops_the_source_it_runs_beside() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    let dir = tempfile::tempdir().unwrap();
    // A source that would take long, and a target whose users refuse an id from 500 on.
    let source = variant(&example("sync/postgres.yaml"), dir.path(), "pg.yaml", "orders: 5000", "orders: 400000");
    let target = variant(
        &example("sync/mysql.yaml"),
        dir.path(),
        "my.yaml",
        "id INT PRIMARY KEY,",
        "id INT PRIMARY KEY CHECK (id < 500),",
    );
    assert_ne!(std::fs::read_to_string(&target).unwrap(), std::fs::read_to_string(example("sync/mysql.yaml")).unwrap());
    let out = run("pgx", &pg.url, &source, "mysql", &my.url, &target);
    assert_eq!(out.code, 2, "{}", out.all());
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{}", out.all());
    assert!(errors[0].contains("target") && errors[0].contains("seed_users"), "{}", errors[0]);
    assert!(!out.all().contains("stopped because"), "the stopped side is not the cause: {}", out.all());
    let written: u64 = pg.dump("SELECT count(*) FROM orders")[0][0].parse().unwrap();
    assert!(written < 400_000, "the source stopped with the target: {written} orders written\n{}", out.all());
    assert!(out.stderr.lines().all(|l| !l.contains("seed_orders rows=400000")), "{}", out.all());
    assert_eq!(my.dump("SELECT count(*) FROM users")[0][0], "0", "the failed query's batches rolled back");
}

/// The Go edg's MySQL seeds write `WITH RECURSIVE seq AS (…) INSERT INTO t (…) SELECT … FROM seq`,
/// which MariaDB (and MySQL) refuse as written: edg sends it as `INSERT INTO t (…) WITH … SELECT`,
/// in the seed and in a workload alike.
#[test]
fn a_leading_cte_before_insert_runs_on_mariadb() {
    let Some(my) = TempDb::mysql() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cte.yaml");
    std::fs::write(
        &cfg,
        "up:\n  - name: t\n    query: CREATE TABLE kv (k BIGINT PRIMARY KEY, v VARCHAR(20))\n\
         seed:\n  - name: fill\n    args: [batch(3), 10]\n    query: |-\n      WITH RECURSIVE seq AS (\n        \
         SELECT 1 AS s\n        UNION ALL\n        SELECT s + 1 FROM seq WHERE s < $2\n      )\n      \
         INSERT INTO kv (k, v)\n      SELECT $1 * $2 + s, 'with, insert'\n      FROM seq\n\
         run:\n  - name: more\n    type: exec\n    args: [\"seq(1, 1)\"]\n    query: |-\n      \
         WITH c AS (SELECT 1000 + ? AS k) INSERT INTO kv (k, v) SELECT k, 'run' FROM c\n",
    )
    .unwrap();
    let cfg = cfg.display().to_string();
    crate::support::cmd::Edg::new(&["up", "--driver", "mysql", "--url", &my.url, "--config", &cfg]).ok();
    crate::support::cmd::Edg::new(&["seed", "--driver", "mysql", "--url", &my.url, "--config", &cfg]).ok();
    assert_eq!(my.dump("SELECT count(*), min(k), max(k) FROM kv"), vec![vec!["30", "1", "30"]]);
    let r = crate::support::cmd::Edg::new(&["run", "--driver", "mysql", "--url", &my.url, "--config", &cfg])
        .args(&["-d", "1s", "--format", "json"])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["total_errors"], 0, "{}", r.report());
    assert!(my.dump("SELECT count(*) FROM kv WHERE v = 'run'")[0][0].parse::<u64>().unwrap() > 0);
}
