//! Bad command lines (tests/ui/args/cases.txt): one error line (edg's `ERROR …`, or clap's usage
//! error `error: …` and what clap adds below it), exit 2, nothing written.

use crate::support::util::{Out, example, exec, root, sqlite_pair, sqlite_tables};
use edg::driver::Driver;
use std::path::Path;

/// Split like a shell, as far as the cases need: spaces separate, '…' quotes (so '' is empty).
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

struct Case {
    args: String,
    error: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/ui/args/cases.txt")).expect("cases.txt");
    let mut out = Vec::new();
    let mut args = None;
    for line in text.lines() {
        if let Some(a) = line.strip_prefix("args: ") {
            args = Some(a.to_string());
        } else if let Some(e) = line.strip_prefix("error: ") {
            out.push(Case { args: args.take().expect("args before error"), error: e.to_string() });
        }
    }
    out
}

#[test]
fn bad_command_lines_fail_with_one_line_and_write_nothing() {
    let shared = tempfile::tempdir().unwrap();
    let (vs, vt) = sqlite_pair(
        shared.path(),
        &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, grp INTEGER)",
            "INSERT INTO users VALUES (1, 'a@x', 1), (2, 'b@x', 1)",
        ],
    );
    // What verify could have changed: the tables and their rows.
    let before = |p: &str| {
        crate::support::util::dump(
            Driver::Sqlite,
            p,
            "SELECT name FROM sqlite_master UNION ALL SELECT email FROM users",
        )
    };
    let (vs_bytes, vt_bytes) = (before(&vs), before(&vt));
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir(&dir).unwrap();
        let (s, t) = (tmp.path().join("s.db"), tmp.path().join("t.db"));
        let fill = |x: &str| {
            x.replace(
                "{verify}",
                "sync verify --source-driver sqlite --source-url {vs} --target-driver sqlite --target-url {vt}",
            )
            .replace("{run}", "sync run --source-driver sqlite --source-url {s} --source-config {cfg}")
            .replace("{vs}", &vs)
            .replace("{vt}", &vt)
            .replace("{s}", &s.display().to_string())
            .replace("{t}", &t.display().to_string())
            .replace("{dir}", &dir.display().to_string())
            .replace("{cfg}", &example("sync/sqlite.yaml"))
        };
        let args = split(&fill(&case.args));
        let expected = fill(&case.error);
        let out = crate::support::util::edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let line = one_error_line(&out, &case.args);
        if !line.contains(&expected) {
            wrong.push(format!("{}: expected {expected:?} in\n  {line}", case.args));
        }
        assert!(!line.contains("pw@"), "{}: password printed: {line}", case.args);
        assert!(sqlite_tables(&s).is_empty() && sqlite_tables(&t).is_empty(), "{}: something was written", case.args);
        assert!(std::fs::read_dir(&dir).unwrap().next().is_none(), "{}: a file was created in {dir:?}", case.args);
        assert!(before(&vs) == vs_bytes && before(&vt) == vt_bytes, "{}: verify changed a database", case.args);
    }
    assert!(wrong.is_empty(), "{} case(s) printed another error:\n{}", wrong.len(), wrong.join("\n"));
}

fn one_error_line(out: &Out, what: &str) -> String {
    assert_eq!(out.code, 2, "{what}: exit code\n{}", out.all());
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("ERROR") || l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{what}: expected one error line:\n{}", out.all());
    assert!(!out.all().contains("panicked"), "{what}: panic:\n{}", out.all());
    errors[0].to_string()
}

/// Both configs are checked before either side's `up` runs: a bad target config leaves the
/// source untouched.
#[test]
fn a_bad_target_config_writes_nothing_on_the_source() {
    let tmp = tempfile::tempdir().unwrap();
    let good = example("sync/sqlite.yaml");
    let (s, t) = (tmp.path().join("s.db"), tmp.path().join("t.db"));
    for (name, from, to, expected) in [
        ("neg.yaml", "count: orders", "count: -1", "count: -1 is -1; it must be 0 or more"),
        ("ref.yaml", "ref_rand('fetch_users')", "ref_rand('missing_users')", "no dataset named \"missing_users\""),
    ] {
        let bad = crate::support::util::variant(&good, tmp.path(), name, from, to);
        let out = crate::support::util::edg(&[
            "sync",
            "run",
            "--source-driver",
            "sqlite",
            "--source-url",
            &s.display().to_string(),
            "--source-config",
            &good,
            "--target-driver",
            "sqlite",
            "--target-url",
            &t.display().to_string(),
            "--target-config",
            &bad,
            "--rng-seed",
            "1",
        ]);
        let line = one_error_line(&out, name);
        assert!(line.contains(expected) && line.contains("target:"), "{line}");
        assert!(sqlite_tables(&s).is_empty() && sqlite_tables(&t).is_empty(), "{name}: written before the check");
    }
}

/// `edg … | head -1` ends quietly with exit 0; a full disk is one line and exit 2.
#[test]
fn closed_or_full_stdout_ends_the_run_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (1..=5000).map(|i| format!("({i}, 'row {i} ünïcödé')")).collect();
    let (s, t) = sqlite_pair(tmp.path(), &["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"]);
    exec(Driver::Sqlite, &s, &format!("INSERT INTO t VALUES {}", rows.join(",")));
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
        "--verbose",
    ];
    // A reader that takes one line and closes the pipe; 5,000 MISSING lines overflow its buffer.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_edg"))
        .args(args)
        .env("EDG_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.starts_with("MISSING table=t id=1"), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The reader went away; the exit code still says what verify found.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("verification failed") && !stderr.contains("panicked"), "{stderr}");

    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edg"))
        .args(args)
        .env("EDG_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("No space left on device"), "{stderr}");
}

/// clap's usage errors keep clap's form: the message, the usage line and the way to --help on
/// lines of their own (not one flattened ERROR line); `edg` alone prints the help; a command
/// guessed at the top level gets edg's tip.
#[test]
fn usage_errors_are_printed_as_clap_formats_them() {
    use crate::support::cmd::Edg;
    let run = Edg::new(&[]).fails_with(2);
    run.check(
        run.stderr.contains("Usage: edg") && run.stderr.contains("Commands:") && run.stderr.lines().count() > 10,
        "edg alone: the help",
    );
    run.check(!run.stderr.contains("ERROR"), "edg alone: help flattened into an ERROR line");
    let run = Edg::new(&["sync"]).fails_with(2);
    run.check(run.stderr.contains("Usage: edg sync") && run.stderr.contains("verify"), "edg sync alone: its help");
    let run = Edg::new(&["verify"]).fails_with(2);
    run.check(run.stderr.starts_with("error: unrecognized subcommand 'verify'"), "edg verify: clap's message first");
    run.check(run.stderr.contains("did you mean 'edg sync verify'?"), "edg verify: no hint towards edg sync verify");
    let run = Edg::sync("verify").args(&["--wait", "soon"]).fails_with(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    run.check(
        lines[0].starts_with("error: invalid value 'soon' for '--wait <DURATION>'"),
        "the message is the first line",
    );
    run.check(lines.last().is_some_and(|l| l.contains("try '--help'")), "the way to --help last");
    let run = Edg::sync("verify").args(&["--no-such-flag"]).fails_with(2);
    run.check(run.stderr.starts_with("error: unexpected argument '--no-such-flag'"), "clap's message first");
    run.check(run.stderr.lines().any(|l| l.starts_with("Usage: edg sync verify")), "the usage line");
}
