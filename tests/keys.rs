//! Verify never reports equal without comparing every row: repeated keys are errors, every
//! engine orders text keys the same way (bytes), on SQLite, PostgreSQL and MariaDB.

use crate::support::util::{TempDb, exec, verify};
use edg::driver::Driver;

/// A source and a target database of each available engine, each set up with `setup` (run
/// with the side's name): (driver flag, source URL, target URL, the databases to drop).
fn pairs(
    dir: &std::path::Path,
    setup: impl Fn(Driver, &str, &str),
) -> Vec<(&'static str, String, String, Vec<TempDb>)> {
    let mut out = Vec::new();
    let (s, t) = (dir.join("s.db").display().to_string(), dir.join("t.db").display().to_string());
    out.push(("sqlite", s, t, Vec::new()));
    if let (Some(a), Some(b)) = (TempDb::pg(), TempDb::pg()) {
        out.push(("pgx", a.url.clone(), b.url.clone(), vec![a, b]));
    }
    if let (Some(a), Some(b)) = (TempDb::mysql(), TempDb::mysql()) {
        out.push(("mysql", a.url.clone(), b.url.clone(), vec![a, b]));
    }
    for (flag, s, t, _) in &out {
        let d: Driver = flag.parse().unwrap();
        setup(d, s, "source");
        setup(d, t, "target");
    }
    out
}

#[test]
fn a_repeated_key_is_an_error_whatever_the_batch_size() {
    let dir = tempfile::tempdir().unwrap();
    // 100 rows in groups of 7 sharing `grp`; the target lacks one row and has one changed value.
    // Paging by `grp` in batches of 3 used to skip the rest of each group and say "verified".
    let setup = |d: Driver, url: &str, side: &str| {
        let target = side == "target";
        let rows: Vec<String> = (1..=100i64)
            .filter(|i| !(target && *i == 50))
            .map(|i| format!("({i}, {}, '{}')", i / 7, if target && i == 20 { "changed" } else { "v" }))
            .collect();
        exec(d, url, "CREATE TABLE t (id INTEGER PRIMARY KEY, grp INTEGER, v VARCHAR(20))");
        exec(d, url, &format!("INSERT INTO t VALUES {}", rows.join(",")));
        // No primary key, and a repeated value in the column the user keys by.
        exec(d, url, "CREATE TABLE nk (id INTEGER, v VARCHAR(20))");
        exec(d, url, "INSERT INTO nk VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')");
    };
    for (flag, s, t, _dbs) in pairs(dir.path(), setup) {
        for batch in ["1", "3", "7", "10000"] {
            let out = verify(flag, &s, flag, &t, &["--tables", "t", "--order-by", "grp", "--batch-size", batch]);
            let line = out.one_error();
            assert!(
                line.contains("table t: source: key (grp) is not unique: grp=0 appears more than once"),
                "{flag} batch {batch}: {line}"
            );
            assert!(!out.all().contains("verified"), "{flag}: {}", out.all());
            let out = verify(flag, &s, flag, &t, &["--tables", "nk", "--order-by", "id", "--batch-size", batch]);
            let line = out.one_error();
            assert!(line.contains("key (id) is not unique: id=2 appears more than once"), "{flag}: {line}");
            assert!(!out.all().contains("verified"), "{flag}: {}", out.all());
        }
        // The real key finds exactly the two differences, across many page boundaries.
        let out = verify(flag, &s, flag, &t, &["--tables", "t", "--batch-size", "3", "--verbose"]);
        assert_eq!(out.code, 1, "{flag}: {}", out.all());
        assert_eq!(
            out.stdout.lines().collect::<Vec<_>>(),
            ["MISMATCH table=t id=20 column=v source=\"v\" target=\"changed\"", "MISSING table=t id=50 side=target"],
            "{flag}"
        );
    }
}

/// Text keys with characters below space sort by bytes everywhere: MariaDB's `utf8mb4_bin` is
/// a PAD SPACE collation that sorts `a\t` and `a\x01` before `a`.
#[test]
fn text_keys_with_control_characters_merge_across_engines() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    let keys = ["a", "a\t", "a\u{1}", "b", "ab", "é", "Z", "a\u{1}b"];
    pg.exec("CREATE TABLE k (id TEXT PRIMARY KEY, v INTEGER)");
    my.exec("CREATE TABLE k (id VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PRIMARY KEY, v INTEGER)");
    for (i, k) in keys.iter().enumerate() {
        let lit = k.replace('\t', "\\t").replace('\u{1}', "\\x01");
        pg.exec(&format!("INSERT INTO k VALUES (E'{}', {i})", lit));
        my.exec(&format!(
            "INSERT INTO k VALUES (CONVERT(UNHEX('{}') USING utf8mb4), {i})",
            k.bytes().map(|b| format!("{b:02X}")).collect::<String>()
        ));
    }
    for batch in ["1", "2", "100"] {
        for (a, au, b, bu) in [("pgx", &pg.url, "mysql", &my.url), ("mysql", &my.url, "pgx", &pg.url)] {
            let out = verify(a, au, b, bu, &["--tables", "k", "--batch-size", batch, "--verbose"]);
            assert_eq!(out.code, 0, "{a}->{b} batch {batch}: {}", out.all());
            assert!(out.stderr.contains(&format!("table verified table=k rows={}", keys.len())), "{}", out.stderr);
        }
    }
}
