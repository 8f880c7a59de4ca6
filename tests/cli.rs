//! User-facing errors: one line, exit code 2, nothing written, no password printed.

use crate::support::util::{edg, example, root, sqlite_tables};
use std::path::Path;

/// tests/ui/invalid/NAME.yaml must fail with the text in NAME.err, before writing anything.
#[test]
fn invalid_configs_fail_with_one_line_and_write_nothing() {
    let dir = root().join("tests/ui/invalid");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        cases += 1;
        let golden = std::fs::read_to_string(path.with_extension("err")).unwrap();
        let expected = golden.lines().next().unwrap_or_default().to_string();
        // Lines starting with `!` name text that must never be printed (an included file's contents).
        let forbidden: Vec<&str> = golden.lines().skip(1).filter_map(|l| l.strip_prefix('!')).collect();
        let tmp = tempfile::tempdir().unwrap();
        let (s, t) = (tmp.path().join("s.db"), tmp.path().join("t.db"));
        let cfg = path.display().to_string();
        let out = edg(&[
            "sync",
            "run",
            "--source-driver",
            "sqlite",
            "--source-url",
            &s.display().to_string(),
            "--source-config",
            &cfg,
            "--target-driver",
            "sqlite",
            "--target-url",
            &t.display().to_string(),
            "--target-config",
            &cfg,
            "--rng-seed",
            "1",
        ]);
        let line = out.one_error();
        assert!(line.contains(expected.trim()), "{}: expected {:?} in\n{line}", path.display(), expected.trim());
        assert!(line.len() <= 2100, "{}: an error line of {} bytes", path.display(), line.len());
        for f in &forbidden {
            assert!(!out.all().contains(f), "{}: printed {f:?}:\n{}", path.display(), out.all());
        }
        assert!(
            line.contains(path.file_name().unwrap().to_str().unwrap()),
            "{}: error must name the file: {line}",
            path.display()
        );
        assert!(
            sqlite_tables(&s).is_empty() && sqlite_tables(&t).is_empty(),
            "{}: something was written",
            path.display()
        );
    }
    assert!(cases >= 50, "only {cases} golden cases found");
}

#[test]
fn missing_required_flags_are_reported_before_anything_runs() {
    let cfg = example("sync/sqlite.yaml");
    let out = edg(&["sync", "run", "--source-driver", "sqlite", "--source-config", &cfg]);
    assert!(out.one_error().contains("--source-url is required"));
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("s.db").display().to_string();
    // --target-config without --target-url: the source must not be seeded first.
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "sqlite",
        "--source-url",
        &s,
        "--source-config",
        &cfg,
        "--target-config",
        &cfg,
    ]);
    assert!(out.one_error().contains("--target-url is required"));
    assert!(sqlite_tables(Path::new(&s)).is_empty());
    let out = edg(&["sync", "run", "--source-driver", "oracle9", "--source-url", &s, "--source-config", &cfg]);
    assert!(out.one_error().contains("unknown driver \"oracle9\""));
}

#[test]
fn unreachable_target_writes_nothing_and_hides_the_password() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("s.db");
    let cfg = example("sync/sqlite.yaml");
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "sqlite",
        "--source-url",
        &s.display().to_string(),
        "--source-config",
        &cfg,
        "--target-driver",
        "pgx",
        "--target-url",
        "postgres://edg:hunter2secret@127.0.0.1:1/db",
        "--target-config",
        &example("sync/postgres.yaml"),
    ]);
    let line = out.one_error();
    assert!(line.contains("target: connecting to pgx at postgres://edg:***@127.0.0.1:1/db"), "{line}");
    assert!(!out.all().contains("hunter2secret"), "password leaked:\n{}", out.all());
    assert!(sqlite_tables(&s).is_empty(), "source was written although the target is unreachable");
}

#[test]
fn wrong_mysql_password_is_one_line_without_the_password() {
    let Some(url) = crate::support::needs::url("mysql") else { return };
    let bad = url.replacen("://root@", "://root:wr0ngpassw0rd@", 1);
    assert_ne!(bad, url, "EDG_TEST_MYSQL_URL must be of the form mysql://root@host/db");
    let out = edg(&["up", "--driver", "mysql", "--url", &bad, "--config", &example("sync/mysql.yaml")]);
    let line = out.one_error();
    assert!(line.contains("Access denied"), "{line}");
    assert!(!out.all().contains("wr0ngpassw0rd"), "password leaked:\n{}", out.all());
}

#[test]
fn help_teaches_flags_and_env_vars() {
    let out = edg(&["sync", "verify", "--help"]);
    assert_eq!(out.code, 0);
    for needle in [
        "--source-driver",
        "EDG_SOURCE_DRIVER",
        "--batch-size",
        "--order-by",
        "--ignore-columns",
        "--format",
        "--live-retries",
    ] {
        assert!(out.stdout.contains(needle), "help lacks {needle}:\n{}", out.stdout);
    }
    let out = edg(&["sync", "frobnicate"]);
    assert_eq!(out.code, 2);
}

/// Shell completions and the manual page come from the same definitions as --help.
#[test]
fn completions_man_page_and_version() {
    for (shell, needle) in [("bash", "_edg()"), ("zsh", "#compdef edg"), ("fish", "complete -c edg")] {
        let out = edg(&["completions", shell]);
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(out.stdout.contains(needle), "{shell}: {}", &out.stdout[..out.stdout.len().min(300)]);
        assert!(out.stdout.contains("source-url"), "{shell} completion lacks --source-url");
    }
    let out = edg(&["completions", "tcsh"]);
    assert_eq!(out.code, 2, "{}", out.all());
    let out = edg(&["man"]);
    assert_eq!(out.code, 0, "{}", out.all());
    for needle in [".TH edg", "\\-\\-source\\-url", ".TH edg-sync-verify", "\\-\\-order\\-by", "EDG_SOURCE_URL"] {
        assert!(out.stdout.contains(needle), "man page lacks {needle:?}");
    }
    // Variables are named without a value: none is printed (a URL's password), and an unset
    // one does not show as `NAME=`.
    let out = crate::support::util::edg_env(
        &["sync", "verify", "--help"],
        &[("EDG_SOURCE_URL", "postgres://u:hunter2pw@db/x")],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let flat = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("[env: EDG_SOURCE_URL]") && flat.contains("[env: EDG_TARGET_DRIVER]"), "{}", out.stdout);
    assert!(!out.stdout.contains("hunter2pw") && !out.stdout.contains("EDG_TARGET_DRIVER="), "{}", out.stdout);
    // Every command a user runs shows examples under its help.
    for cmd in
        [&["sync", "run"][..], &["sync", "verify"], &["sync", "down"], &["up"], &["seed"], &["run"], &["plugins"]]
    {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = edg(&args);
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(
            out.stdout.contains("\nExamples:\n") && out.stdout.contains("\n  edg "),
            "{cmd:?} --help has no examples:\n{}",
            out.stdout
        );
    }
    // One page per subcommand, each with ENVIRONMENT and EXIT STATUS.
    let pages = tempfile::tempdir().unwrap();
    let out = edg(&["man", "--dir", &pages.path().display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.all());
    for name in ["edg", "edg-sync", "edg-sync-verify", "edg-sync-verify-merge", "edg-run", "edg-seed"] {
        let page =
            std::fs::read_to_string(pages.path().join(format!("{name}.1"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.contains(&format!(".TH {name}")), "{name}");
        assert!(page.contains(".SH ENVIRONMENT") && page.contains(".SH \"EXIT STATUS\""), "{name}: {page}");
        assert!(page.contains("130"), "{name}");
    }
    let verify = std::fs::read_to_string(pages.path().join("edg-sync-verify.1")).unwrap();
    assert!(verify.contains("\\fBEDG_TARGET_URL\\fR") && verify.contains("EDG_LOG"), "{verify}");
    let out = edg(&["--version"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("edg 0.1.0 (commit ") && out.stdout.contains("plugin API 0.1.0"), "{}", out.stdout);
    // -q hides INFO lines, -v adds DEBUG ones.
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").display().to_string();
    let cfg = example("sync/sqlite.yaml");
    let run = |flag: &str, db: &str| {
        edg(&["sync", "run", flag, "--source-driver", "sqlite", "--source-url", db, "--source-config", &cfg])
    };
    let quiet = run("-q", &db);
    assert_eq!(quiet.code, 0, "{}", quiet.all());
    assert!(!quiet.stderr.contains("INFO"), "{}", quiet.stderr);
    let loud = run("-v", &tmp.path().join("t.db").display().to_string());
    assert!(loud.stderr.contains("DEBUG"), "{}", loud.stderr);
}
