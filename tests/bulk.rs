//! The bulk write paths: MySQL's prepared multi-row INSERT must store exactly what literal
//! INSERTs store, every seed query must be atomic, and verify's COPY reads
//! must decode escapes.

use crate::support::util::{TempDb, edg};
use std::path::Path;

/// The same generated rows, written with `__values__` (bound parameters on MySQL, COPY on
/// PostgreSQL) or with one literal INSERT per row.
fn config(dir: &Path, name: &str, bulk: bool, dialect_bool: &str) -> String {
    config_sized(dir, name, bulk, dialect_bool, 700)
}

fn config_sized(dir: &Path, name: &str, bulk: bool, dialect_bool: &str, size: usize) -> String {
    let insert = if bulk {
        "INSERT INTO mixed (id, f, d, s, b, n, flag, j) __values__".to_string()
    } else {
        "INSERT INTO mixed (id, f, d, s, b, n, flag, j) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)".to_string()
    };
    let yaml = format!(
        r#"up:
  - name: create
    type: exec
    query: CREATE TABLE mixed (id BIGINT PRIMARY KEY, f DOUBLE PRECISION, d DECIMAL(30, 12), s VARCHAR(100), b VARCHAR(64), n VARCHAR(64), flag {dialect_bool}, j TEXT)
seed:
  - name: rows
    type: exec_batch
    count: 2500
    size: {size}
    args:
      - seq(1, 1)
      - uniform_f(-1000, 1000, 6)
      - uniform_f(-5, 5, 12)
      - set_rand(['plain', 'back\\slash', "quo'te", 'not\\ta\\tab', "tab\there", 'new\nline', 'ünïcødé ✓', ''])
      - bytes(12)
      - nullable(gen('word'), 0.3)
      - bool()
      - json_arr(0, 3, 'word')
    query: {insert}
"#
    );
    let path = dir.join(name);
    std::fs::write(&path, yaml).expect("writing config");
    path.display().to_string()
}

fn seed(driver: &str, url: &str, cfg: &str) {
    let out = edg(&["seed", "--driver", driver, "--url", url, "--config", cfg, "--rng-seed", "11"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

fn up(driver: &str, url: &str, cfg: &str) {
    let out = edg(&["up", "--driver", driver, "--url", url, "--config", cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn bulk_paths_store_what_literal_inserts_store() {
    let (Some(pg), Some(my_bulk), Some(my_lit), Some(my_small)) =
        (TempDb::pg(), TempDb::mysql(), TempDb::mysql(), TempDb::mysql())
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let my_b = config(dir.path(), "my_bulk.yaml", true, "BOOLEAN");
    let my_l = config(dir.path(), "my_lit.yaml", false, "BOOLEAN");
    let pg_b = config(dir.path(), "pg_bulk.yaml", true, "BOOLEAN");
    for (driver, url, cfg) in [("mysql", &my_bulk.url, &my_b), ("mysql", &my_lit.url, &my_l), ("pgx", &pg.url, &pg_b)] {
        up(driver, url, cfg);
        seed(driver, url, cfg);
    }
    let all = "SELECT id, f, CAST(d AS CHAR(40)), s, b, n, flag, j FROM mixed ORDER BY id";
    let bulk = my_bulk.dump(all);
    assert_eq!(bulk.len(), 2500);
    assert_eq!(bulk, my_lit.dump(all), "prepared batches and literal INSERTs stored different rows");

    // Batches of 30 rows share statements: 33 batches (990 rows) per prepared INSERT, then the
    // remaining 520 rows. The rows are the same as one statement per batch stores.
    let small = config_sized(dir.path(), "my_small.yaml", true, "BOOLEAN", 30);
    up("mysql", &my_small.url, &small);
    let out = edg(&["-v", "seed", "--driver", "mysql", "--url", &my_small.url, "--config", &small, "--rng-seed", "11"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let all_out = out.all();
    let statements: Vec<&str> = all_out.lines().filter(|l| l.contains("prepared INSERT")).collect();
    let sizes: Vec<&str> = statements.iter().filter_map(|l| l.split("rows=").nth(1)).collect();
    assert_eq!(sizes, ["990", "990", "520"], "{statements:?}");
    assert_eq!(my_small.dump(all), bulk, "coalesced batches stored different rows");
    let kinds: std::collections::BTreeSet<&str> = bulk.iter().map(|r| r[3].as_str()).collect();
    assert!(kinds.contains("back\\slash") && kinds.iter().any(|k| k.contains('\t')), "{kinds:?}");
    assert!(bulk.iter().any(|r| r[5] == "<NULL>") && bulk.iter().any(|r| r[5] != "<NULL>"));

    // PostgreSQL seeded through COPY and read back through COPY by verify: equal to MariaDB.
    let verify = |extra: &[&str]| {
        let mut args = vec!["--tables", "mixed"];
        args.extend_from_slice(extra);
        crate::support::util::verify("pgx", &pg.url, "mysql", &my_bulk.url, &args)
    };
    // 2500 rows: the fifth page is full, so a sixth, empty one is read.
    let out = verify(&["--batch-size", "500"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("rows=2500"), "{}", out.stderr);

    // One changed escaped value is found, with its decoded text.
    my_bulk.exec("UPDATE mixed SET s = 'back\\\\slash!' WHERE id = 7");
    let out = verify(&["--verbose"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("MISMATCH")).collect();
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(lines[0].contains("id=7") && lines[0].contains("column=s"), "{}", lines[0]);
}

/// A query whose third batch fails leaves nothing behind on any SQL engine: one COPY on
/// PostgreSQL, one transaction per query on MariaDB (prepared batches, and literal statements
/// for a query with per-row placeholders) and SQLite.
#[test]
fn a_failing_batch_leaves_nothing_of_its_query() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = dir.path().join("dup.db").display().to_string();
    let (pg, my) = (TempDb::pg(), TempDb::mysql());
    let mut targets: Vec<(&str, String, &str)> = vec![("sqlite", sqlite, "UNIQUE constraint failed")];
    if let Some(pg) = &pg {
        targets.push(("pgx", pg.url.clone(), "duplicate key"));
    }
    if let Some(my) = &my {
        targets.push(("mysql", my.url.clone(), "Duplicate entry"));
    }
    for (k, (driver, url, expected)) in targets.iter().enumerate() {
        for (form, query) in
            [("bulk", "INSERT INTO dup (id, v) __values__"), ("per row", "INSERT INTO dup (id, v) VALUES ($1, $2)")]
        {
            // Row 2001 repeats key 1: the database rejects the query in its third batch.
            let cfg = dir.path().join(format!("dup{k}-{}.yaml", form.len()));
            std::fs::write(
                &cfg,
                format!(
                    r#"up:
  - name: create
    type: exec
    query: CREATE TABLE IF NOT EXISTS dup (id INT PRIMARY KEY, v TEXT)
seed:
  - name: fill
    type: exec_batch
    count: 3000
    size: 1000
    args:
      - seq(1, 1) % 2000
      - gen('word')
    query: {query}
"#
                ),
            )
            .expect("writing config");
            let cfg = cfg.display().to_string();
            up(driver, url, &cfg);
            let out = edg(&["seed", "--driver", driver, "--url", url, "--config", &cfg]);
            let line = out.one_error();
            assert!(line.contains("query fill") && line.contains(expected), "{driver} {form}: {line}");
            let rows = crate::support::util::dump(
                driver.parse::<edg::driver::Driver>().unwrap(),
                url,
                "SELECT count(*) FROM dup",
            );
            assert_eq!(rows, vec![vec!["0".to_string()]], "{driver} {form}: rows were left behind");
        }
    }
}

/// SQLite binds a `__values__` batch's values: each must keep the storage class and value its
/// literal had (a float written `5` is an INTEGER, a bool 1 or 0, JSON text), in columns
/// without affinity, where nothing converts them; and batches share statements as on MySQL.
#[test]
fn sqlite_bound_values_store_what_literal_inserts_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "seq(1, 1)",
        "5.0",
        "2000000000000000.0",
        "1e20",
        "0.1 + 0.2",
        "uniform_f(-1000, 1000, 6)",
        "nullable(uniform_f(-5, 5, 12), 0.3)",
        "bool()",
        "bytes(6)",
        "json_arr(0, 3, 'word')",
        "set_rand(['plain', 'back\\\\slash', \"quo'te\", 'tab\\there', 'new\\nline', 'ünïcødé ✓', ''])",
        "-9223372036854775807",
    ];
    let columns: Vec<String> = (1..args.len()).map(|i| format!("c{i}")).collect();
    let config = |name: &str, size: usize, values: bool| {
        let list = columns.join(", ");
        let query = if values {
            format!("INSERT INTO kinds (id, {list}) __values__")
        } else {
            let marks: Vec<String> = (1..=args.len()).map(|i| format!("${i}")).collect();
            format!("INSERT INTO kinds (id, {list}) VALUES ({})", marks.join(", "))
        };
        let yaml = format!(
            "up:\n  - name: create\n    type: exec\n    query: CREATE TABLE kinds (id INTEGER PRIMARY KEY, {list})\n\
             seed:\n  - name: rows\n    type: exec_batch\n    count: 2500\n    size: {size}\n    args:\n{}    query: {query}\n",
            args.iter().map(|a| format!("      - {}\n", serde_json::to_string(a).unwrap())).collect::<String>()
        );
        let path = dir.path().join(name);
        std::fs::write(&path, yaml).expect("writing config");
        (path.display().to_string(), dir.path().join(format!("{name}.db")).display().to_string())
    };
    let classes: Vec<String> = columns.iter().map(|c| format!("typeof({c}), quote({c})")).collect();
    let all = format!("SELECT id, {} FROM kinds ORDER BY id", classes.join(", "));
    let mut stored = Vec::new();
    for (name, size, values) in [("bound.yaml", 700, true), ("literal.yaml", 700, false), ("small.yaml", 30, true)] {
        let (cfg, db) = config(name, size, values);
        up("sqlite", &db, &cfg);
        let out = edg(&["-v", "seed", "--driver", "sqlite", "--url", &db, "--config", &cfg, "--rng-seed", "11"]);
        assert_eq!(out.code, 0, "{}", out.all());
        let all_out = out.all();
        let sizes: Vec<&str> =
            all_out.lines().filter(|l| l.contains("prepared INSERT")).filter_map(|l| l.split("rows=").nth(1)).collect();
        let expected: &[&str] = match (values, size) {
            (false, _) => &[],
            (true, 700) => &["700", "700", "700", "400"],
            // Batches of 30 share statements: 33 batches (990 rows) each, then the other 520.
            _ => &["990", "990", "520"],
        };
        assert_eq!(sizes, expected, "{name}");
        let rows = crate::support::util::dump(edg::driver::Driver::Sqlite, &db, &all);
        assert_eq!(rows.len(), 2500, "{name}");
        stored.push((name, rows));
    }
    let first = &stored[0].1[0];
    let kinds: Vec<&str> = first.iter().skip(1).step_by(2).map(String::as_str).collect();
    assert_eq!(kinds[..4], ["integer", "integer", "real", "real"], "{first:?}");
    assert_eq!(kinds[6..], ["integer", "text", "text", "text", "integer"], "{first:?}");
    assert_eq!(first[2], "5");
    for (name, rows) in &stored[1..] {
        assert_eq!(rows, &stored[0].1, "{name} stored other values than bound 700-row batches");
    }
}
