//! Re-checks never call a difference resolved because they looked in the wrong place: over key
//! types whose stored form differs from edg's normalised one (text timestamps, timestamps cut
//! to the compared precision, nanoseconds, single-precision floats, decimals with trailing
//! zeros, text under case-insensitive collations), a table with one row missing and one changed
//! gives the same two differences in the first pass, with --live-retries, with --converge and
//! with --from-report.

use crate::support::cmd::Edg;
use crate::support::util::{Running, TempDb, exec};
use edg::driver::Driver;

/// One key type: the column type on each side, five keys as SQL literals, extra verify flags.
struct KeyCase {
    name: &'static str,
    ty: &'static str,
    keys: [&'static str; 5],
    flags: &'static [&'static str],
}

/// Source: the five keys with v = 1..5; target: without the first, the third's v changed.
fn fill(driver: Driver, s: &str, t: &str, case: &KeyCase) {
    for (url, target) in [(s, false), (t, true)] {
        exec(driver, url, "DROP TABLE IF EXISTS kt");
        exec(driver, url, &format!("CREATE TABLE kt (k {} PRIMARY KEY, v INT)", case.ty));
        for (i, k) in case.keys.iter().enumerate() {
            if target && i == 0 {
                continue;
            }
            let v = if target && i == 2 { 99 } else { i + 1 };
            exec(driver, url, &format!("INSERT INTO kt (k, v) VALUES ({k}, {v})"));
        }
    }
}

/// Every re-check path reports exactly what the first pass did.
fn same_two_differences(flag: &str, s: &str, t: &str, case: &KeyCase, dir: &std::path::Path) {
    let base =
        Edg::sync("verify").source(flag, s).target(flag, t).args(&["--tables", "kt", "--verbose"]).args(case.flags);
    let first = base.clone().fails_with(1);
    let lines: Vec<String> = first.lines().iter().map(|l| l.to_string()).collect();
    first.check(lines.len() == 2, &format!("{flag} {}: one MISSING and one MISMATCH", case.name));
    first.check(lines[0].starts_with("MISSING") || lines[1].starts_with("MISSING"), case.name);
    let rows = |r: &crate::support::cmd::Run| -> Vec<String> {
        r.lines().iter().filter(|l| !l.contains("CONVERGED")).map(|l| l.to_string()).collect()
    };
    let retried = base.clone().args(&["--live-retries", "2", "--retry-delay", "1ms"]).fails_with(1);
    retried.check(rows(&retried) == lines, &format!("{flag} {}: --live-retries changed the differences", case.name));
    let converged = base.clone().args(&["--converge", "700ms"]).fails_with(1);
    converged.check(rows(&converged) == lines, &format!("{flag} {}: --converge changed the differences", case.name));
    converged.check(converged.stdout.contains("NOT_CONVERGED"), case.name);
    let report = dir.join(format!("{flag}-{}.json", case.name));
    let json = Edg::sync("verify").source(flag, s).target(flag, t).args(&["--tables", "kt", "--format", "json"]);
    std::fs::write(&report, json.args(case.flags).fails_with(1).stdout).unwrap();
    let again = base.clone().args(&["--from-report", &report.display().to_string()]).fails_with(1);
    again.check(rows(&again) == lines, &format!("{flag} {}: --from-report changed the differences", case.name));
}

const SQLITE: &[KeyCase] = &[
    KeyCase {
        name: "text-timestamps",
        ty: "TIMESTAMP",
        keys: [
            "'2024-01-01T00:00:00Z'",
            "'2024-01-01T00:00:01Z'",
            "'2024-01-01T00:00:02Z'",
            "'2024-02-01T10:00:00+02:00'",
            "'2024-03-01T00:00:00.5Z'",
        ],
        flags: &[],
    },
    KeyCase {
        name: "nanoseconds",
        ty: "TIMESTAMP",
        keys: [
            "'2024-01-01 00:00:00.000000001'",
            "'2024-01-01 00:00:01.000000002'",
            "'2024-01-01 00:00:02.999999999'",
            "'2024-01-01 00:00:03.123456789'",
            "'2024-01-01 00:00:04.5'",
        ],
        flags: &[],
    },
    KeyCase { name: "reals", ty: "REAL", keys: ["0.1", "0.2", "1e-7", "123456.789", "-3.5"], flags: &[] },
    KeyCase {
        name: "decimals",
        ty: "DECIMAL(10,2)",
        keys: ["'1.50'", "'2.00'", "'10.10'", "'0.05'", "'-3.25'"],
        flags: &[],
    },
    KeyCase {
        name: "nocase",
        ty: "TEXT COLLATE NOCASE",
        keys: ["'apple'", "'Banana'", "'cherry'", "'Éclair'", "'zebra'"],
        flags: &[],
    },
];

const POSTGRES: &[KeyCase] = &[
    KeyCase {
        name: "timestamp6-at-3",
        ty: "TIMESTAMP(6)",
        keys: [
            "'2024-01-01 00:00:00.123456'",
            "'2024-01-01 00:00:01.999999'",
            "'2024-01-01 00:00:02.000001'",
            "'2024-06-01 12:00:00.5'",
            "'1999-12-31 23:59:59.999999'",
        ],
        flags: &["--timestamp-precision", "3"],
    },
    KeyCase {
        name: "timestamp6-at-0",
        ty: "TIMESTAMP(6)",
        keys: [
            "'2024-01-01 00:00:00.123456'",
            "'2024-01-01 00:00:01.999999'",
            "'2024-01-01 00:00:02.000001'",
            "'2024-06-01 12:00:00.5'",
            "'1999-12-31 23:59:59.999999'",
        ],
        flags: &["--timestamp-precision", "0"],
    },
    KeyCase {
        name: "timestamptz",
        ty: "TIMESTAMPTZ(6)",
        keys: [
            "'2024-01-01 00:00:00.123456+02'",
            "'2024-01-01 00:00:01.5+00'",
            "'2024-01-01 00:00:02-05'",
            "'2024-06-01 12:00:00.000001+00'",
            "'2000-01-01 00:00:00+00'",
        ],
        flags: &["--timestamp-precision", "3"],
    },
    KeyCase {
        name: "time6-at-3",
        ty: "TIME(6)",
        keys: ["'00:00:00.123456'", "'01:00:00.999999'", "'12:30:00.000001'", "'23:59:59.5'", "'08:00:00'"],
        flags: &["--timestamp-precision", "3"],
    },
    KeyCase { name: "numeric", ty: "NUMERIC(20,6)", keys: ["1.500000", "2", "10.1", "0.000005", "-3.25"], flags: &[] },
    KeyCase { name: "float8", ty: "FLOAT8", keys: ["0.1", "0.2", "1e-7", "123456.789", "-3.5"], flags: &[] },
    KeyCase { name: "real", ty: "REAL", keys: ["0.1", "0.2", "1e-7", "123456.79", "-3.5"], flags: &[] },
    KeyCase { name: "text", ty: "TEXT", keys: ["'apple'", "'Banana'", "'cherry'", "'Éclair'", "'zebra'"], flags: &[] },
];

const MARIADB: &[KeyCase] = &[
    KeyCase {
        name: "datetime6-at-3",
        ty: "DATETIME(6)",
        keys: [
            "'2024-01-01 00:00:00.123456'",
            "'2024-01-01 00:00:01.999999'",
            "'2024-01-01 00:00:02.000001'",
            "'2024-06-01 12:00:00.5'",
            "'1999-12-31 23:59:59.999999'",
        ],
        flags: &["--timestamp-precision", "3"],
    },
    KeyCase {
        name: "time6-at-0",
        ty: "TIME(6)",
        keys: ["'00:00:00.123456'", "'01:00:00.999999'", "'12:30:00.000001'", "'23:59:59.5'", "'08:00:00'"],
        flags: &["--timestamp-precision", "0"],
    },
    KeyCase { name: "float", ty: "FLOAT", keys: ["0.1", "0.2", "0.12345678", "123456789", "-3.5"], flags: &[] },
    KeyCase { name: "double", ty: "DOUBLE", keys: ["0.1", "0.2", "1e-7", "123456.789", "-3.5"], flags: &[] },
    KeyCase { name: "decimal", ty: "DECIMAL(20,6)", keys: ["1.500000", "2", "10.1", "0.000005", "-3.25"], flags: &[] },
    KeyCase {
        name: "general-ci",
        ty: "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
        keys: ["'apple'", "'Banana'", "'cherry'", "'Éclair'", "'zebra'"],
        flags: &[],
    },
];

#[test]
fn rechecks_report_the_first_pass_differences_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db").display().to_string(), dir.path().join("t.db").display().to_string());
    for case in SQLITE {
        fill(Driver::Sqlite, &s, &t, case);
        same_two_differences("sqlite", &s, &t, case, dir.path());
    }
}

#[test]
fn rechecks_report_the_first_pass_differences_on_postgres() {
    crate::needs!(pg);
    let (Some(s), Some(t)) = (TempDb::pg(), TempDb::pg()) else { return };
    let dir = tempfile::tempdir().unwrap();
    for case in POSTGRES {
        fill(Driver::Postgres, &s.url, &t.url, case);
        same_two_differences("pgx", &s.url, &t.url, case, dir.path());
    }
}

#[test]
fn rechecks_report_the_first_pass_differences_on_mariadb() {
    crate::needs!(mysql);
    let (Some(s), Some(t)) = (TempDb::mysql(), TempDb::mysql()) else { return };
    let dir = tempfile::tempdir().unwrap();
    for case in MARIADB {
        fill(Driver::MySql, &s.url, &t.url, case);
        same_two_differences("mysql", &s.url, &t.url, case, dir.path());
    }
}

/// MariaDB prints FLOAT with six significant digits: 0.1234567 and 0.1234568 both read
/// "0.123457". Read as their exact doubles they are two keys and two values.
#[test]
fn mariadb_floats_are_compared_exactly() {
    crate::needs!(mysql);
    let (Some(s), Some(t)) = (TempDb::mysql(), TempDb::mysql()) else { return };
    for db in [&s, &t] {
        db.exec("CREATE TABLE f (k FLOAT PRIMARY KEY, v FLOAT)");
        db.exec("INSERT INTO f VALUES (0.1234567, 1.5), (0.1234568, 2.5), (1, 0.1)");
    }
    t.exec("UPDATE f SET v = 0.1000001 WHERE k = 1");
    let base = Edg::sync("verify").source("mysql", &s.url).target("mysql", &t.url).args(&["--tables", "f"]);
    let out = base.clone().args(&["--verbose", "--batch-size", "1"]).fails_with(1);
    out.check(out.lines().len() == 1 && out.stdout.contains("column=v"), "one value differs at the 7th digit");
    t.exec("UPDATE f SET v = 0.1 WHERE k = 1");
    base.clone().args(&["--batch-size", "1"]).ok();
}

/// Rows that were there in the first pass and are on neither side after a re-check leave
/// nothing compared: a failure, as zero rows in a first pass are.
#[test]
fn a_table_whose_rows_vanish_during_converge_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db").display().to_string(), dir.path().join("t.db").display().to_string());
    exec(Driver::Sqlite, &s, "CREATE TABLE v (id INTEGER PRIMARY KEY, x TEXT)");
    exec(Driver::Sqlite, &t, "CREATE TABLE v (id INTEGER PRIMARY KEY, x TEXT)");
    exec(Driver::Sqlite, &s, "INSERT INTO v VALUES (1, 'a'), (2, 'b')");
    let run = Running::start(&[
        "sync",
        "verify",
        "--source-driver",
        "sqlite",
        "--source-url",
        &s,
        "--target-driver",
        "sqlite",
        "--target-url",
        &t,
        "--tables",
        "v",
        "--converge",
        "20s",
    ]);
    run.wait_for("converge pass", 1);
    exec(Driver::Sqlite, &s, "DELETE FROM v");
    let out = run.finish();
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stderr.contains("zero rows"), "{}", out.all());
    assert!(!out.all().contains("table verified") && !out.all().contains("tables verified"), "{}", out.all());
    assert!(!out.stdout.lines().any(|l| l.starts_with("CONVERGED")), "{}", out.all());
}
