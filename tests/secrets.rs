//! Passwords never appear in any output: a matrix of connection strings with passwords, run
//! through every channel edg prints on (errors, logs at every level, --help, JSON reports,
//! panics), with the password searched for raw and decoded.

use crate::support::util::{edg_env, example};

struct Url {
    driver: &'static str,
    url: &'static str,
    /// Every spelling of the password that must not be printed.
    secrets: &'static [&'static str],
}

/// Servers that refuse at once (port 1), so each run fails at connect with the URL in hand.
const URLS: &[Url] = &[
    Url { driver: "pgx", url: "postgres://edg:Pg-s3cret-1@127.0.0.1:1/db", secrets: &["Pg-s3cret-1"] },
    Url {
        driver: "pgx",
        url: "postgres://edg@127.0.0.1:1/db?sslmode=disable&password=Pg-qs-s3cret",
        secrets: &["Pg-qs-s3cret"],
    },
    Url { driver: "pgx", url: "postgres://edg@127.0.0.1:1/db?sslpassword=Ssl-s3cret", secrets: &["Ssl-s3cret"] },
    Url {
        driver: "pgx",
        url: "postgres://edg:p%40ss%C3%A9-enc@127.0.0.1:1/db",
        secrets: &["p%40ss%C3%A9-enc", "p@ssé-enc"],
    },
    Url {
        driver: "pgx", url: "postgres://edg:пароль-секрет@127.0.0.1:1/db", secrets: &["пароль-секрет"]
    },
    Url { driver: "mysql", url: "mysql://root:My-s3cret-2@127.0.0.1:1/db", secrets: &["My-s3cret-2"] },
    Url { driver: "mysql", url: "mysql://root@127.0.0.1:1/db?password=My-qs-s3cret", secrets: &["My-qs-s3cret"] },
    Url {
        driver: "mysql",
        url: "root:Dsn@s3c:r/et@tcp(127.0.0.1:1)/db?parseTime=true",
        secrets: &["Dsn@s3c:r/et", "Dsn%40s3c%3Ar%2Fet"],
    },
    Url {
        driver: "mongodb",
        url: "mongodb://u:Mg-s3cret-3@127.0.0.1:1,127.0.0.1:2/db?serverSelectionTimeoutMS=300",
        secrets: &["Mg-s3cret-3"],
    },
    Url { driver: "cassandra", url: "cassandra://u:Cs-s3cret-4@127.0.0.1:1/ks", secrets: &["Cs-s3cret-4"] },
];

fn assert_hidden(u: &Url, what: &str, text: &str) {
    for s in u.secrets {
        assert!(!text.contains(s), "{what}: {} printed {s:?}:\n{text}", u.url);
    }
}

#[test]
fn passwords_never_reach_any_output() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").display().to_string();
    let cfg = example("sync/sqlite.yaml");
    for u in URLS {
        // 1. A failing connect, as an argument, with every log level on.
        let out = edg_env(
            &["sync", "run", "--source-driver", "sqlite", "--source-url", &db, "--source-config", &cfg]
                .into_iter()
                .chain(["--target-driver", u.driver, "--target-url", u.url, "--target-config", &cfg])
                .collect::<Vec<_>>(),
            &[("EDG_LOG", "trace")],
        );
        assert_eq!(out.code, 2, "{}: {}", u.url, out.all());
        assert_hidden(u, "sync run, EDG_LOG=trace", &out.all());

        // 2. verify with a JSON report, the URL in an environment variable.
        let out = edg_env(
            &["sync", "verify", "--source-driver", "sqlite", "--source-url", &db, "--target-driver", u.driver]
                .into_iter()
                .chain(["--format", "json"])
                .collect::<Vec<_>>(),
            &[("EDG_TARGET_URL", u.url), ("EDG_LOG", "debug")],
        );
        assert_eq!(out.code, 2, "{}: {}", u.url, out.all());
        assert_hidden(u, "sync verify --format json", &out.all());

        // 3. --help shows which variables a flag reads, never their values.
        for args in [&["sync", "verify", "--help"][..], &["sync", "run", "--help"], &["up", "--help"]] {
            let out = edg_env(args, &[("EDG_SOURCE_URL", u.url), ("EDG_TARGET_URL", u.url), ("EDG_URL", u.url)]);
            assert_eq!(out.code, 0, "{}", out.all());
            assert!(out.stdout.contains("EDG_"), "{}", out.stdout);
            assert_hidden(u, "--help", &out.all());
        }

        // 4. A usage error in a command line that also holds the URL.
        let out = edg(&["sync", "verify", "--target-driver", u.driver, "--target-url", u.url, "--wait", "inf"]);
        assert_eq!(out.code, 2);
        assert_hidden(u, "usage error", &out.all());

        // 5. A panic (the hook's own check) with the URL in its message.
        let out = edg_env(&["plugins", "list"], &[("EDG_TEST_PANIC", u.url)]);
        assert_eq!(out.code, 2, "{}", out.all());
        assert!(out.stderr.starts_with("ERROR internal error"), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert_hidden(u, "panic", &out.all());
    }
}

fn edg(args: &[&str]) -> crate::support::util::Out {
    crate::support::util::edg(args)
}
