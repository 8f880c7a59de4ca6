//! What a hostile or unlucky user does to edg (issue 27's probe): values of different types that
//! only look alike, closed and full pipes, devices and symlinks as output paths, endless inputs,
//! files that are something else, flags a command would ignore. Each ends in a clear line and
//! the right exit code, never in "verified" for rows that differ.

use crate::support::cmd::{Edg, Run};
use crate::support::util::{TempDb, example, exec, sqlite_pair};
use edg::driver::Driver;
use std::process::Stdio;

fn verify(s: &str, t: &str) -> Edg {
    Edg::sync("verify").source("sqlite", s).target("sqlite", t)
}

/// A text column equals a number only as the number's canonical text.
#[test]
fn text_that_looks_like_a_number_is_not_the_number() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = (dir.path().join("s.db").display().to_string(), dir.path().join("t.db").display().to_string());
    exec(Driver::Sqlite, &s, "CREATE TABLE n (id INTEGER PRIMARY KEY, v TEXT)");
    exec(Driver::Sqlite, &t, "CREATE TABLE n (id INTEGER PRIMARY KEY, v INTEGER)");
    exec(Driver::Sqlite, &s, "INSERT INTO n VALUES (1, '02134'), (2, ' 7 '), (3, '+5'), (4, '42'), (5, '-8')");
    exec(Driver::Sqlite, &t, "INSERT INTO n VALUES (1, 2134), (2, 7), (3, 5), (4, 42), (5, -8)");
    let out = verify(&s, &t).arg("--verbose").fails_with(1);
    let cols: Vec<&str> = out.lines().into_iter().filter(|l| l.starts_with("MISMATCH")).collect();
    out.check(cols.len() == 3 && ["id=1 ", "id=2 ", "id=3 "].iter().all(|k| cols.iter().any(|l| l.contains(k))), "");
}

/// NULL and the text "<NULL>" or "NULL" read differently in row lines.
#[test]
fn null_and_the_text_null_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) =
        sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO n VALUES (1, NULL)"]);
    exec(Driver::Sqlite, &t, "UPDATE n SET v = '<NULL>'");
    let out = verify(&s, &t).arg("--verbose").fails_with(1);
    out.check(out.stdout.contains("source=NULL target=\"<NULL>\""), "NULL is bare, text is quoted");
}

/// Numbers across PostgreSQL and MariaDB compare exactly: no f64 in between.
#[test]
fn numbers_and_json_compare_exactly_across_engines() {
    crate::needs!(pg, mysql);
    let (Some(pg), Some(pg2), Some(my)) = (TempDb::pg(), TempDb::pg(), TempDb::mysql()) else { return };
    pg.exec("CREATE TABLE x (id INT PRIMARY KEY, f FLOAT8, d NUMERIC(30,20))");
    my.exec("CREATE TABLE x (id INT PRIMARY KEY, f BIGINT, d DOUBLE)");
    pg.exec("INSERT INTO x VALUES (1, 9007199254740992, 0.1), (2, 5, 0.10000000000000001), (3, 2.5, 1.5)");
    my.exec("INSERT INTO x VALUES (1, 9007199254740993, 0.1), (2, 5, 0.1), (3, 2, 1.5)");
    let base =
        Edg::sync("verify").source("pgx", &pg.url).target("mysql", &my.url).args(&["--tables", "x", "--verbose"]);
    let out = base.clone().fails_with(1);
    let lines = out.lines();
    out.check(lines.len() == 3, "2^53 vs 2^53 + 1, a decimal that only rounds to 0.1, and 2.5 vs 2");
    out.check(
        lines.iter().any(|l| l.contains("id=1 column=f")) && lines.iter().any(|l| l.contains("id=2 column=d")),
        "",
    );
    // With a tolerance floats are compared as floats, as asked: only 2.5 vs 2 is more than 0.1 off.
    let tol = base.clone().args(&["--float-tolerance", "0.1"]).fails_with(1);
    tol.check(tol.lines().len() == 1 && tol.lines()[0].contains("id=3 column=f"), "");
    // jsonb against jsonb: digits beyond a double's, and repeated keys (json keeps them).
    pg.exec("CREATE TABLE j (id INT PRIMARY KEY, doc JSONB, raw JSON)");
    pg2.exec("CREATE TABLE j (id INT PRIMARY KEY, doc JSONB, raw JSON)");
    pg.exec(r#"INSERT INTO j VALUES (1, '{"a": 12345678901234567890123}', '{"k": 1}'), (2, '{"b": 1234567.123456789012345}', '{"k": 1, "k": 2}'), (3, '{"c": 1.0}', '{"k": 2}')"#);
    pg2.exec(r#"INSERT INTO j VALUES (1, '{"a": 12345678901234567890124}', '{"k": 1}'), (2, '{"b": 1234567.123456789012399}', '{"k": 2}'), (3, '{"c": 1}', '{"k": 2}')"#);
    let out = Edg::sync("verify")
        .source("pgx", &pg.url)
        .target("pgx", &pg2.url)
        .args(&["--tables", "j", "--verbose"])
        .fails_with(1);
    let lines = out.lines();
    out.check(lines.len() == 3, "two numbers beyond a double and a repeated key; 1.0 is 1");
    out.check(!lines.iter().any(|l| l.contains("id=3 ")), "1.0 and 1 are one JSON number");
}

/// A verify whose reader went away still exits with what it found; a full stdout or stderr
/// is an error or is tolerated, never an abort.
#[test]
fn closed_and_full_pipes_leave_the_exit_code_to_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) =
        sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO n VALUES (1, 'a')"]);
    exec(Driver::Sqlite, &t, "UPDATE n SET v = 'b'");
    exec(
        Driver::Sqlite,
        &t,
        &format!("INSERT INTO n VALUES {}", (2..3000).map(|i| format!("({i}, 'x')")).collect::<Vec<_>>().join(",")),
    );
    let closed = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_edg"));
        cmd.args([
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
        ]);
        cmd.args(extra).stdout(Stdio::piped()).stderr(Stdio::null());
        cmd.env("EDG_CACHE_DIR", std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"));
        let mut child = cmd.spawn().unwrap();
        drop(child.stdout.take()); // the reader goes away at once, as `| true` does
        child.wait().unwrap().code()
    };
    assert_eq!(closed(&["--verbose"]), Some(1), "--verbose | true");
    assert_eq!(closed(&["--format", "json"]), Some(1), "--format json | head -c 100");
    let full = |extra: &[&str], stdout: bool| {
        let dev = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_edg"));
        cmd.args(extra);
        if stdout {
            cmd.stdout(dev).stderr(Stdio::piped())
        } else {
            cmd.stderr(dev).stdout(Stdio::null())
        };
        let out = cmd.output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let args = [
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
    ];
    assert_eq!(full(&args, false).0, Some(1), "2>/dev/full: the findings' exit code, no abort");
    assert_eq!(full(&[&args[..], &["--tables", "n"]].concat(), false).0, Some(1));
    let (code, err) = full(&[&args[..], &["--format", "json"]].concat(), true);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("writing the report to standard output"), "{err}");
    let (code, err) = full(&["--help"], true);
    assert_eq!(code, Some(2), "--help > /dev/full: {err}");
}

/// Plans go where they are pointed: a device stays a device, a symlink a symlink.
#[test]
fn output_paths_that_are_not_regular_files_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY)", "INSERT INTO n VALUES (1), (2)"]);
    let plan = |out: &str| {
        Edg::new(&["sync", "verify", "plan", "--partitions", "2", "--out", out])
            .source("sqlite", &s)
            .target("sqlite", &t)
    };
    plan("/dev/null").ok();
    assert!(!std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_file());
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    plan(&link.display().to_string()).ok();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().contains("edg-verify-plan"));
}

/// Inputs that never end are refused after their limit, not read until memory runs out.
#[test]
fn endless_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY)", "INSERT INTO n VALUES (1)"]);
    for flags in [
        vec!["--plan", "/dev/zero", "--partition", "0/2"],
        vec!["--from-report", "/dev/zero"],
        vec!["--converge", "1s", "--manifest", "/dev/zero"],
    ] {
        let out = verify(&s, &t).args(&flags).run();
        let line = out.one_error();
        out.check(line.contains("larger than"), &format!("{flags:?}: {line}"));
    }
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    std::os::unix::fs::symlink("/dev/zero", parts.join("part-0-of-1.json")).unwrap();
    let out = Edg::new(&["sync", "verify", "merge", &parts.display().to_string()]).run();
    out.check(out.one_error().contains("larger than"), "a part that never ends");
}

/// `sync run --manifest` never overwrites what the run reads or writes, and an unwritable path
/// is found before anything is seeded.
#[test]
fn a_manifest_path_is_checked_before_seeding() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").display().to_string();
    let cfg = example("sync/sqlite.yaml");
    let run = |manifest: &str| {
        Edg::sync("run")
            .source("sqlite", &db)
            .args(&["--source-config", &cfg])
            .seed(1)
            .args(&["--manifest", manifest])
            .run()
    };
    exec(Driver::Sqlite, &db, "CREATE TABLE keep (id INTEGER)");
    for (path, expected) in [
        (db.as_str(), "which the run reads or writes"),
        (cfg.as_str(), "which the run reads or writes"),
        ("/nonexistent/dir/m.json", "does not exist"),
    ] {
        let out = run(path);
        out.check(out.one_error().contains(expected), path);
    }
    let tables = crate::support::util::sqlite_tables(std::path::Path::new(&db));
    assert!(tables == ["keep"], "nothing seeded: {tables:?}");
}

/// `sync verify merge` reads part files only: a verify flag given to it is an error, not
/// silently ignored; variables in the environment are not refused.
#[test]
fn merge_refuses_flags_it_would_ignore() {
    let out = Edg::new(&["sync", "verify", "merge", "/nonexistent", "--tables", "x"]).run();
    out.check(out.one_error().contains("--tables is not used by `edg sync verify merge`"), "");
    let out = Edg::new(&["sync", "verify", "merge", "/nonexistent", "--source-url", "postgres://u:pw9x@h/db"]).run();
    out.check(out.one_error().contains("--source-url is not used"), "");
    out.check(!out.all_text().contains("pw9x"), "the password");
    let out = Edg::new(&["sync", "verify", "merge", "/nonexistent"]).env("EDG_SOURCE_URL", "x").run();
    out.check(out.one_error().contains("No such file"), "a variable is ambient, not refused");
}

/// A report directory that cannot be written is found before anything is verified.
#[test]
fn an_unwritable_report_directory_is_found_first() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) = sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY)", "INSERT INTO n VALUES (1)"]);
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = verify(&s, &t).args(&["--partition", "0/2", "--report-out", &file.display().to_string()]).run();
    out.check(out.one_error().contains("--report-out"), "");
    out.check(!out.stderr.contains("verifying"), "nothing read");
}

/// `plugins new` makes its directory in one step: a dangling symlink (or anything) at the name
/// is refused and left alone.
#[test]
fn plugins_new_never_follows_or_removes_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("myplug");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let out = Edg::new(&["plugins", "new", "myplug", "--dir", &dir.path().display().to_string()]).run();
    out.check(out.one_error().contains("already exists"), "");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the symlink is still there");
    assert!(!dir.path().join("nowhere").exists(), "nothing written through it");
}

/// Integer arithmetic beyond 64 bits is an error naming the argument, not a wrapped value.
#[test]
fn integer_overflow_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("c.yaml");
    let db = dir.path().join("o.db").display().to_string();
    for (arg, expected) in [
        ("9223372036854775807 + 1", "integer overflow: 9223372036854775807 + 1"),
        ("-(-9223372036854775807 - 1)", "integer overflow"),
        ("seq(9223372036854775806, 1)", "seq: value 2 of the sequence"),
    ] {
        std::fs::write(
            &cfg,
            format!("up:\n  - name: t\n    type: exec\n    query: CREATE TABLE IF NOT EXISTS o (v TEXT)\nseed:\n  - name: s\n    type: exec_batch\n    count: 3\n    args: [\"{arg}\"]\n    query: INSERT INTO o (v) __values__\n"),
        )
        .unwrap();
        let out = Edg::sync("run").source("sqlite", &db).args(&["--source-config", &cfg.display().to_string()]).run();
        out.check(out.one_error().contains(expected), arg);
    }
}

/// A driver's message is printed once, not once per error layer.
#[test]
fn a_driver_error_is_printed_once() {
    crate::needs!(pg);
    let Some(db) = TempDb::pg() else { return };
    db.exec("CREATE TABLE slow (id INT PRIMARY KEY)");
    db.exec("INSERT INTO slow SELECT generate_series(1, 300000)");
    let sep = if db.url.contains('?') { "&" } else { "?" };
    let timeout = format!("{}{sep}options=-c%20statement_timeout%3D1", db.url);
    let out = Edg::sync("verify").source("pgx", &timeout).target("pgx", &db.url).args(&["--tables", "slow"]).run();
    let line = out.one_error();
    out.check(line.matches("statement timeout").count() == 1, &line);
}

/// JSON leaves edg with U+2028 and U+2029 escaped.
#[test]
fn line_separators_are_escaped_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (s, t) =
        sqlite_pair(dir.path(), &["CREATE TABLE n (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO n VALUES (1, 'a')"]);
    exec(Driver::Sqlite, &t, "UPDATE n SET v = 'a' || char(8232) || 'b' || char(8233)");
    let out = verify(&s, &t).args(&["--format", "json"]).fails_with(1);
    out.check(out.stdout.contains("a\\u2028b\\u2029") && !out.stdout.contains('\u{2028}'), "");
}

impl Run {
    fn all_text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}
