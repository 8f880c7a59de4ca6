//! `sync verify` against real databases.

use crate::support::util::{TempDb, dump, example, exec, sqlite_pair, verify};
use crate::sync_sqlite::run_pair;
use edg::driver::Driver;
use std::path::Path;

fn seeded_pair(dir: &Path) -> (String, String) {
    let (s, t) = (dir.join("s.db"), dir.join("t.db"));
    let out = run_pair(&example("sync/sqlite.yaml"), &s, &t, Some("42"));
    assert_eq!(out.code, 0, "{}", out.all());
    (s.display().to_string(), t.display().to_string())
}

#[test]
fn identical_tables_verify() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = seeded_pair(dir.path());
    let out = verify(
        "sqlite",
        &s,
        "sqlite",
        &t,
        &["--tables", "users,orders", "--order-by", "id", "--ignore-columns", "created_at"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("INFO table verified table=users rows=1000"), "{}", out.stderr);
    assert!(out.stderr.contains("INFO table verified table=orders rows=5000"), "{}", out.stderr);
    assert!(out.stderr.contains("INFO all tables verified"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    // Tiny batches page across many boundaries and must agree.
    let out = verify("sqlite", &s, "sqlite", &t, &["--batch-size", "7", "--ignore-columns", "created_at"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn exactly_the_injected_differences_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = seeded_pair(dir.path());
    exec(Driver::Sqlite, &t, "UPDATE users SET email = 'changed@example.com' WHERE id = 42");
    exec(Driver::Sqlite, &t, "DELETE FROM orders WHERE id = 1099");
    exec(Driver::Sqlite, &t, "INSERT INTO orders (id, user_id, amount, status) VALUES (9999, 1, 1.5, 'pending')");
    let out = verify(
        "sqlite",
        &s,
        "sqlite",
        &t,
        &["--tables", "users,orders", "--verbose", "--ignore-columns", "created_at", "--batch-size", "100"],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    let email = dump(Driver::Sqlite, &s, "SELECT email FROM users WHERE id = 42")[0][0].clone();
    assert_eq!(
        lines,
        vec![
            format!("MISMATCH table=users id=42 column=email source=\"{email}\" target=\"changed@example.com\""),
            "MISSING table=orders id=1099 side=target".to_string(),
            "EXTRA table=orders id=9999 side=target".to_string(),
        ]
    );
    // "differences" is the total; MISMATCH counts changed values and names their columns.
    assert!(
        out.stderr.contains("WARN table differs table=orders differences=2 mismatch=0 missing=1 extra=1"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("WARN table differs table=users differences=1 mismatch=1 missing=0 extra=0 columns=email"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("ERROR verification failed: 3 differences (1 MISMATCH, 1 MISSING, 1 EXTRA)"),
        "{}",
        out.stderr
    );
    // Without --verbose: summaries only.
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "users,orders", "--ignore-columns", "created_at"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn json_report_counts_each_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = seeded_pair(dir.path());
    exec(Driver::Sqlite, &t, "DELETE FROM orders WHERE id IN (1500, 1501)");
    let out = verify("sqlite", &s, "sqlite", &t, &["--format", "json", "--ignore-columns", "created_at"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    assert_eq!(report["passed"], false);
    assert_eq!(report["differences"], 2);
    let orders = report["tables"].as_array().unwrap().iter().find(|t| t["table"] == "orders").unwrap();
    assert_eq!(orders["missing"], 2);
    assert_eq!(orders["extra"], 0);
    assert_eq!(orders["matched"], 4998);
    assert_eq!(orders["first_missing"][0]["id"], 1500, "keys keep their type");
    assert_eq!(report["schema_version"], 1);
}

/// The JSON report matches the schema that documents it (schema/verify-report.schema.json),
/// with typed values: numbers stay numbers, NULL is null.
#[test]
fn json_report_follows_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (1..=20).map(|i| format!("({i}, 'v{i}', {i}.5)")).collect();
    let (s, t) = sqlite_pair(
        dir.path(),
        &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL)",
            &format!("INSERT INTO users VALUES {}", rows.join(",")),
        ],
    );
    exec(Driver::Sqlite, &t, "DELETE FROM users WHERE id = 7");
    exec(Driver::Sqlite, &t, "UPDATE users SET name = NULL WHERE id = 3");
    exec(Driver::Sqlite, &t, "INSERT INTO users VALUES (5000, 'x', 1)");
    let out = verify("sqlite", &s, "sqlite", &t, &["--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");

    let path = crate::support::util::root().join("schema/verify-report.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("schema.json", schema).unwrap();
    let id = compiler.compile("schema.json", &mut schemas).unwrap();
    if let Err(e) = schemas.validate(&report, id) {
        panic!("report does not follow the schema: {e:#}\n{report:#}");
    }
    let users = report["tables"].as_array().unwrap().iter().find(|t| t["table"] == "users").unwrap();
    assert_eq!(users["first_mismatches"][0]["key"]["id"], 3);
    assert!(users["first_mismatches"][0]["target"].is_null(), "{}", users["first_mismatches"]);
    assert_eq!(users["first_missing"][0]["id"], 7);
    assert_eq!(users["first_extra"][0]["id"], 5000);
    // A report that breaks the schema is caught (the test would not pass vacuously).
    let mut broken = report.clone();
    broken["tables"][0]["missing"] = serde_json::json!("2");
    assert!(schemas.validate(&broken, id).is_err());

    // --converge adds a converge section per table, --continuous one JSON line per pass.
    let out = verify("sqlite", &s, "sqlite", &t, &["--format", "json", "--converge", "300ms"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    assert!(report["tables"][0]["converge"]["timeline"].as_array().is_some_and(|t| !t.is_empty()), "{report:#}");
    if let Err(e) = schemas.validate(&report, id) {
        panic!("converge report does not follow the schema: {e:#}\n{report:#}");
    }
    let out = verify("sqlite", &s, "sqlite", &t, &["--format", "json", "--continuous", "10ms", "--passes", "2"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    for (n, line) in lines.iter().enumerate() {
        let pass: serde_json::Value = serde_json::from_str(line).expect("a JSON line per pass");
        assert_eq!(pass["pass"], n as u64 + 1);
        if let Err(e) = schemas.validate(&pass, id) {
            panic!("pass line does not follow the schema: {e:#}\n{pass:#}");
        }
    }
}

#[test]
fn both_sides_empty_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &["CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"]);
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "users"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stderr.contains("both source and target returned zero rows"), "{}", out.stderr);
}

#[test]
fn bad_tables_keys_and_flags_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = seeded_pair(dir.path());
    exec(Driver::Sqlite, &t, "CREATE TABLE nokey (a INTEGER, b TEXT)");
    exec(Driver::Sqlite, &s, "CREATE TABLE nokey (a INTEGER, b TEXT)");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--tables", "invoices"],
            "table invoices: does not exist on the source; its tables: nokey, orders, users",
        ),
        (vec!["--tables", "user"], "table user: does not exist on the source; did you mean users?"),
        (vec!["--tables", "users", "--order-by", "uid"], "table users: key column uid does not exist on the source"),
        (vec!["--tables", "nokey"], "table nokey: has no primary key on either side; pass --order-by"),
        (vec!["--tables", "users", "--batch-size", "0"], "--batch-size must be at least 1, got 0"),
        (vec!["--tables", "users", "--batch-size", "-5"], "--batch-size must be at least 1, got -5"),
        (
            vec!["--tables", "users", "--column-rule", "email=nonsense"],
            "no normalizer for the sqlite driver knows rule \"nonsense\"",
        ),
        // A typo would leave the column meant compared after all.
        (
            vec!["--tables", "users,orders", "--ignore-columns", "created_at,creted_at"],
            "--ignore-columns creted_at: no column creted_at in the verified tables (users, orders); did you mean created_at?",
        ),
    ];
    for (args, expected) in cases {
        let out = verify("sqlite", &s, "sqlite", &t, &args);
        let errors = out.one_error();
        assert!(errors.contains(expected), "{args:?}: expected {expected:?} in {}", errors);
    }
    // A text key on one side and an integer key on the other would sort differently.
    exec(Driver::Sqlite, &t, "CREATE TABLE mixed (id TEXT PRIMARY KEY, v TEXT)");
    exec(Driver::Sqlite, &s, "CREATE TABLE mixed (id INTEGER PRIMARY KEY, v TEXT)");
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "mixed"]);
    assert!(
        out.one_error().contains("key column id is INTEGER on the source but TEXT on the target"),
        "{}",
        out.stderr
    );
    let out = verify("sqlite", &s, "pgx", "postgres://edg:s3cretpw@127.0.0.1:1/x", &["--tables", "users"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr.contains("ERROR target: connecting to pgx at postgres://edg:***@127.0.0.1:1/x"),
        "{}",
        out.stderr
    );
    assert!(!out.all().contains("s3cretpw"));
}

#[test]
fn composite_keys_compare_as_tuples() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &[]);
    for db in [&s, &t] {
        exec(Driver::Sqlite, db, "CREATE TABLE pairs (a INTEGER, b INTEGER, v TEXT, PRIMARY KEY (a, b))");
        // (1, 11) and (11, 1) concatenate to the same text; as tuples they are distinct rows.
        let mut values = Vec::new();
        for a in 0..30 {
            for b in 0..12 {
                values.push(format!("({a}, {b}, 'v{a}-{b}')"));
            }
        }
        exec(Driver::Sqlite, db, &format!("INSERT INTO pairs VALUES {}", values.join(", ")));
    }
    exec(Driver::Sqlite, &t, "UPDATE pairs SET v = 'x' WHERE a = 11 AND b = 1");
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "pairs", "--verbose", "--batch-size", "5"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stdout.trim(), "MISMATCH table=pairs a=11 b=1 column=v source=\"v11-1\" target=\"x\"");
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "pairs", "--order-by", "a,b", "--ignore-columns", "v"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

/// PostgreSQL (locale collation) vs MariaDB (case-insensitive utf8mb4): text keys with mixed
/// case and accents, decimals of different scale, TINYINT(1) vs boolean, timestamps that differ
/// below the compared precision, UUID text vs uuid, JSON key order.
#[test]
fn postgres_and_mariadb_types_compare_by_value() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    let keys = [
        "apple", "Banana", "cherry", "Éclair", "zebra", "Zulu", "éte", "ábc", "mañana", "Ωmega", "Apfel", "banane",
        "10", "9",
    ];
    pg.exec(
        "CREATE TABLE items (k VARCHAR(40) PRIMARY KEY, price NUMERIC(10,1), ok BOOLEAN, at TIMESTAMP(6), u UUID, doc JSONB)",
    );
    my.exec(
        "CREATE TABLE items (k VARCHAR(40) PRIMARY KEY, price DECIMAL(10,2), ok TINYINT(1), at DATETIME(6), u CHAR(36), doc JSON) \
         CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
    );
    for (i, k) in keys.iter().enumerate() {
        let uuid = format!("{:08x}-0000-4000-8000-{:012x}", i, i * 7919);
        pg.exec(&format!(
            "INSERT INTO items VALUES ('{k}', {i}.8, {}, '2024-01-0{} 10:00:00.123456', '{uuid}', '{{\"a\": {i}, \"b\": [1, 2]}}')",
            i % 2 == 0,
            1 + i % 9
        ));
        my.exec(&format!(
            "INSERT INTO items VALUES ('{k}', {i}.80, {}, '2024-01-0{} 10:00:00.123999', '{}', '{{\"b\":[1,2],\"a\":{i}}}')",
            i32::from(i % 2 == 0),
            1 + i % 9,
            uuid.to_uppercase()
        ));
    }
    // Upper-case UUID text is other text than a uuid's: equal only read as UUIDs.
    let args = ["--tables", "items", "--verbose", "--timestamp-precision", "3", "--batch-size", "4"];
    let out = verify("pgx", &pg.url, "mysql", &my.url, &args);
    assert_eq!(out.code, 1, "{}", out.all());
    let upper = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| format!("{:x}{:x}", i, i * 7919).contains(|c: char| c.is_ascii_alphabetic()))
        .count();
    assert!(upper > 0 && out.stdout.lines().all(|l| l.contains("column=u ")), "{}", out.stdout);
    assert_eq!(out.stdout.lines().count(), upper, "{}", out.stdout);
    let args = [&args[..], &["--column-rule", "u=uuid"]].concat();
    let out = verify("pgx", &pg.url, "mysql", &my.url, &args);
    assert_eq!(out.code, 0, "{}", out.all());
    // At microsecond precision the timestamps differ, and only they do.
    let out = verify(
        "pgx",
        &pg.url,
        "mysql",
        &my.url,
        &["--tables", "items", "--verbose", "--timestamp-precision", "6", "--column-rule", "u=uuid"],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stdout.lines().count(), keys.len(), "{}", out.stdout);
    assert!(out.stdout.lines().all(|l| l.contains("column=at")), "{}", out.stdout);
    // UUID keys: native uuid on PostgreSQL, upper-case CHAR(36) on MariaDB.
    pg.exec("CREATE TABLE tokens (id UUID PRIMARY KEY, n INT)");
    my.exec("CREATE TABLE tokens (id CHAR(36) PRIMARY KEY, n INT)");
    for i in 0..40u64 {
        let id = format!(
            "{:08x}-{:04x}-4000-8000-{:012x}",
            i.wrapping_mul(2_654_435_761) as u32,
            i * 977 % 65_536,
            i * 7919
        );
        pg.exec(&format!("INSERT INTO tokens VALUES ('{id}', {i})"));
        my.exec(&format!("INSERT INTO tokens VALUES ('{}', {i})", id.to_uppercase()));
    }
    let out = verify("pgx", &pg.url, "mysql", &my.url, &["--tables", "tokens", "--batch-size", "6"]);
    assert_eq!(out.code, 1, "upper-case text keys are not the uuids: {}", out.all());
    let rule = ["--tables", "tokens", "--batch-size", "6", "--column-rule", "id=uuid"];
    let out = verify("pgx", &pg.url, "mysql", &my.url, &rule);
    assert_eq!(out.code, 0, "{}", out.all());
    // One real difference on a key that sorts differently under the two collations.
    my.exec("UPDATE items SET price = 99.99 WHERE k = 'Banana'");
    my.exec("DELETE FROM items WHERE k = 'éte'");
    let out = verify(
        "mysql",
        &my.url,
        "pgx",
        &pg.url,
        &[
            "--tables",
            "items",
            "--verbose",
            "--timestamp-precision",
            "3",
            "--batch-size",
            "3",
            "--column-rule",
            "u=uuid",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "MISMATCH table=items k=Banana column=price source=\"99.99\" target=\"1.8\"",
            "EXTRA table=items k=éte side=target"
        ]
    );
}

/// Integers, decimals and timestamps the host canonicalises itself (the forms the built-in
/// normalizers declare) compare with pages the normalizer canonicalised, when one value of a
/// page falls outside the form (a BIGINT UNSIGNED past s64); differences on either path are
/// each reported, and nothing else.
#[test]
fn declared_forms_and_normalizer_pages_compare_alike() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    pg.exec("CREATE TABLE m (id INT PRIMARY KEY, big NUMERIC(20), price NUMERIC(12,3), at TIMESTAMP(3))");
    my.exec("CREATE TABLE m (id INT PRIMARY KEY, big BIGINT UNSIGNED, price DECIMAL(12,2), at DATETIME(3))");
    let row = |i: u64, big: &str, at: &str| {
        let at = if i.is_multiple_of(7) { "NULL".to_string() } else { format!("'{at}'") };
        format!("INSERT INTO m VALUES ({i}, {big}, {i}.50, {at})")
    };
    for i in 1..=40u64 {
        let big = if i == 15 { "18446744073709551615".to_string() } else { (i * 1000).to_string() };
        let at = format!("2024-01-01 00:00:{i:02}.250");
        pg.exec(&row(i, &big, &at));
        let my_big = if i == 16 { "1".to_string() } else { big };
        let my_at = if i == 33 { format!("2024-01-01 00:00:{i:02}.251") } else { at };
        my.exec(&row(i, &my_big, &my_at));
    }
    let out = verify("pgx", &pg.url, "mysql", &my.url, &["--tables", "m", "--verbose", "--batch-size", "10"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "MISMATCH table=m id=16 column=big source=\"16000\" target=\"1\"",
            "MISMATCH table=m id=33 column=at source=\"2024-01-01 00:00:33.25\" target=\"2024-01-01 00:00:33.251\"",
        ],
        "{}",
        out.all()
    );
}

/// Reserved words, mixed case and spaces in table and column names are quoted per dialect.
#[test]
fn awkward_identifiers_are_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let lite = dir.path().join("s.db").display().to_string();
    exec(
        Driver::Sqlite,
        &lite,
        "CREATE TABLE \"Select\" (\"Group\" INTEGER PRIMARY KEY, \"Order Total\" DECIMAL(10,2), \"from\" TEXT)",
    );
    exec(Driver::Sqlite, &lite, "INSERT INTO \"Select\" VALUES (1, 10.5, 'a'), (2, 20, 'b'), (3, 30.25, 'c')");
    let Some(pg) = TempDb::pg() else { return };
    pg.exec("CREATE TABLE \"Select\" (\"Group\" INT PRIMARY KEY, \"Order Total\" NUMERIC(10,2), \"from\" TEXT)");
    pg.exec("INSERT INTO \"Select\" VALUES (1, 10.50, 'a'), (2, 20.00, 'b'), (3, 30.25, 'c')");
    let out = verify("sqlite", &lite, "pgx", &pg.url, &["--tables", "Select", "--batch-size", "2"]);
    assert_eq!(out.code, 0, "{}", out.all());
    pg.exec("UPDATE \"Select\" SET \"from\" = 'z' WHERE \"Group\" = 3");
    let out = verify("sqlite", &lite, "pgx", &pg.url, &["--tables", "Select", "--verbose"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(out.stdout.trim(), "MISMATCH table=Select Group=3 column=from source=\"c\" target=\"z\"");
    if let Some(my) = TempDb::mysql() {
        my.exec("CREATE TABLE `Select` (`Group` INT PRIMARY KEY, `Order Total` DECIMAL(10,2), `from` TEXT)");
        my.exec("INSERT INTO `Select` VALUES (1, 10.5, 'a'), (2, 20, 'b'), (3, 30.25, 'c')");
        let out = verify("mysql", &my.url, "sqlite", &lite, &["--tables", "Select", "--batch-size", "2"]);
        assert_eq!(out.code, 0, "{}", out.all());
    }
}

/// Without --tables: common tables are verified, a source-only table is a difference (the data
/// never arrived), a target-only table is a warning.
#[test]
fn tables_on_one_side_only_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &["CREATE TABLE a (id INTEGER PRIMARY KEY)", "INSERT INTO a VALUES (1)"]);
    exec(Driver::Sqlite, &s, "CREATE TABLE only_src (id INTEGER PRIMARY KEY)");
    exec(Driver::Sqlite, &t, "CREATE TABLE only_tgt (id INTEGER PRIMARY KEY)");
    let out = verify("sqlite", &s, "sqlite", &t, &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stderr.contains("WARN table missing on target table=only_src"), "{}", out.stderr);
    assert!(out.stderr.contains("WARN table exists on target only; not verified table=only_tgt"), "{}", out.stderr);
    assert!(out.stderr.contains("INFO table verified table=a rows=1"), "{}", out.stderr);
    exec(Driver::Sqlite, &s, "DROP TABLE only_src");
    let out = verify("sqlite", &s, "sqlite", &t, &[]);
    assert_eq!(out.code, 0, "a target-only table alone is not a failure\n{}", out.all());
}

#[test]
fn column_rules_come_from_flags_or_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = seeded_pair(dir.path());
    exec(Driver::Sqlite, &t, "UPDATE users SET name = name || '   ' WHERE id = 7");
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "users"]);
    assert_eq!(out.code, 1, "trailing spaces differ without a rule\n{}", out.all());

    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "users", "--column-rule", "users.name=trim"]);
    assert_eq!(out.code, 0, "{}", out.all());

    let cfg = dir.path().join("rules.yaml");
    std::fs::write(&cfg, "verify:\n  column_rules:\n    users.name: trim\n").unwrap();
    let cfg = cfg.display().to_string();
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "users", "--source-config", &cfg]);
    assert_eq!(out.code, 0, "{}", out.all());
    // The command line wins over the config.
    let out = verify(
        "sqlite",
        &s,
        "sqlite",
        &t,
        &["--tables", "users", "--source-config", &cfg, "--column-rule", "name=raw"],
    );
    assert_eq!(out.code, 1, "{}", out.all());

    let ignore = dir.path().join("ignore.yaml");
    // A config's list may name columns of tables not verified this time.
    std::fs::write(&ignore, "verify:\n  ignore_columns: [name, column_of_another_table]\n").unwrap();
    let out =
        verify("sqlite", &s, "sqlite", &t, &["--tables", "users", "--target-config", &ignore.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.all());

    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "verify:\n  column_rule:\n    name: trim\n").unwrap();
    let line =
        verify("sqlite", &s, "sqlite", &t, &["--tables", "users", "--source-config", &bad.display().to_string()])
            .one_error();
    assert!(line.contains("bad.yaml") && line.contains("column_rule"), "{line}");
}

#[test]
fn differences_inside_bulk_compared_blocks_are_each_reported() {
    // Equal rows are compared a block at a time (one comparison of a column's bytes); a block
    // that differs anywhere is re-compared row by row. Differences at block and batch edges,
    // text that moves between neighbouring rows (same bytes overall) and NULL against '' must
    // each still be found, and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(
        dir.path(),
        &[
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT)",
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000) \
             INSERT INTO t SELECT i, i * 7, i / 4.0, 'v' || i FROM r",
        ],
    );
    exec(Driver::Sqlite, &s, "UPDATE t SET s = 'ab' WHERE id = 300; UPDATE t SET s = 'c' WHERE id = 301");
    exec(Driver::Sqlite, &t, "UPDATE t SET s = 'a' WHERE id = 300; UPDATE t SET s = 'bc' WHERE id = 301");
    exec(Driver::Sqlite, &s, "UPDATE t SET s = NULL WHERE id = 700");
    exec(Driver::Sqlite, &t, "UPDATE t SET s = '' WHERE id = 700");
    for id in [1, 128, 129, 256, 1000] {
        exec(Driver::Sqlite, &t, &format!("UPDATE t SET n = -1 WHERE id = {id}"));
    }
    exec(Driver::Sqlite, &t, "UPDATE t SET f = 0.3 WHERE id = 500");
    for batch in ["300", "10000"] {
        let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "t", "--verbose", "--batch-size", batch]);
        assert_eq!(out.code, 1, "{}", out.all());
        let mut ids: Vec<(String, String)> = out
            .stdout
            .lines()
            .map(|l| {
                let field = |k: &str| l.split(' ').find_map(|w| w.strip_prefix(k)).unwrap_or_default().to_string();
                (field("id="), field("column="))
            })
            .collect();
        ids.sort_by_key(|(id, _)| id.parse::<u32>().unwrap_or(0));
        let want: Vec<(String, String)> = [
            ("1", "n"),
            ("128", "n"),
            ("129", "n"),
            ("256", "n"),
            ("300", "s"),
            ("301", "s"),
            ("500", "f"),
            ("700", "s"),
            ("1000", "n"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(ids, want, "batch size {batch}: {}", out.stdout);
        assert!(out.stderr.contains("differences=9"), "{}", out.stderr);
    }
    // Identical tables: every row matched, in blocks and across batch edges alike.
    exec(Driver::Sqlite, &t, "DELETE FROM t");
    exec(Driver::Sqlite, &t, &format!("ATTACH '{s}' AS src; INSERT INTO t SELECT * FROM src.t"));
    let out = verify("sqlite", &s, "sqlite", &t, &["--tables", "t", "--format", "json", "--batch-size", "300"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    assert_eq!(report["tables"][0]["matched"], 1000, "{}", out.stdout);
}

/// `--exclude-tables` takes globs; a keyless table found by listing is skipped with a warning
/// (and listed in the report) instead of stopping the run, but named it is still an error; the
/// run never says "all tables verified" when it skipped one.
#[test]
fn excluded_and_keyless_tables() {
    use crate::support::cmd::Edg;
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = crate::support::util::sqlite_pair(
        dir.path(),
        &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
            "INSERT INTO users VALUES (1, 'a@x')",
            "CREATE TABLE tmp_load (id INTEGER PRIMARY KEY, v TEXT)",
            "CREATE TABLE audit_log (at TEXT, what TEXT)",
        ],
    );
    exec(Driver::Sqlite, &t, "INSERT INTO tmp_load VALUES (1, 'only on the target')");
    let verify = |extra: &[&str]| Edg::sync("verify").source("sqlite", &s).target("sqlite", &t).args(extra);
    // tmp_load differs, so without excluding it the run fails.
    verify(&[]).fails_with(1);
    let run = verify(&["--exclude-tables", "TMP_*", "--format", "json"]).ok();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tables: Vec<&str> = report["tables"].as_array().unwrap().iter().map(|t| t["table"].as_str().unwrap()).collect();
    assert_eq!(tables, ["users"], "{}", run.report());
    assert_eq!(report["skipped_tables"], serde_json::json!(["audit_log"]));
    run.check(
        run.stderr.contains("WARN table has no primary key: skipped") && run.stderr.contains("audit_log"),
        "no warning for the keyless table",
    );
    run.check(!run.stderr.contains("all tables verified"), "said all tables verified while skipping one");
    let line = verify(&["--tables", "audit_log"]).run().one_error();
    assert!(line.contains("audit_log: has no primary key"), "{line}");
    let line = verify(&["--tables", "users", "--exclude-tables", "u*"]).run().one_error();
    assert!(line.contains("--exclude-tables excludes every table"), "{line}");
}
