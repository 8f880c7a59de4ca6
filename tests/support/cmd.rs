//! The `edg` binary as the tests run it: a builder for the command line
//! (`Edg::sync("verify").source("sqlite", &s).target("sqlite", &t).arg("--verbose")`), and its
//! result, whose expectations (`ok`, `fails_with`) print the command, exit code, stdout and
//! stderr when they do not hold (ripgrep's `TestCommand`).

use std::path::Path;
use std::process::Command;

#[derive(Clone, Debug, Default)]
pub struct Edg {
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Edg {
    /// `edg ARGS…`.
    pub fn new(args: &[&str]) -> Edg {
        Edg { args: args.iter().map(|a| a.to_string()).collect(), env: Vec::new() }
    }

    /// `edg sync SUB` (`run`, `verify`, `down`).
    pub fn sync(sub: &str) -> Edg {
        Edg::new(&["sync", sub])
    }

    pub fn source(self, driver: &str, url: &str) -> Edg {
        self.args(&["--source-driver", driver, "--source-url", url])
    }

    pub fn target(self, driver: &str, url: &str) -> Edg {
        self.args(&["--target-driver", driver, "--target-url", url])
    }

    pub fn seed(self, n: u64) -> Edg {
        self.args(&["--rng-seed", &n.to_string()])
    }

    pub fn arg(mut self, a: impl AsRef<str>) -> Edg {
        self.args.push(a.as_ref().to_string());
        self
    }

    pub fn args(mut self, a: &[&str]) -> Edg {
        self.args.extend(a.iter().map(|x| x.to_string()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Edg {
        self.env.push((k.into(), v.into()));
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_edg"));
        for (k, _) in std::env::vars() {
            if k.starts_with("EDG_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("EDG_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"));
        cmd.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd.args(&self.args);
        cmd
    }

    /// Run it to the end.
    pub fn run(&self) -> Run {
        let out = self.command().output().expect("running edg");
        Run {
            argv: self.shown(),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run it; it must exit 0.
    pub fn ok(&self) -> Run {
        self.run().expect_code(0)
    }

    /// Run it; it must exit `code`.
    pub fn fails_with(&self, code: i32) -> Run {
        self.run().expect_code(code)
    }

    /// The command line as a shell would take it.
    fn shown(&self) -> String {
        let quote = |a: &String| {
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c)) {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        };
        let env: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={}", quote(v))).collect();
        let mut parts = env;
        parts.push("edg".into());
        parts.extend(self.args.iter().map(quote));
        parts.join(" ")
    }
}

/// What a run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub argv: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything about the run, for a failed expectation.
    pub fn report(&self) -> String {
        format!(
            "command: {}\nexit code: {}\n--- stdout\n{}--- stderr\n{}---",
            self.argv, self.code, self.stdout, self.stderr
        )
    }

    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit code {code}\n{}", self.report());
        self
    }

    /// The run failed with exit code 2 and exactly one ERROR line: that line.
    pub fn one_error(&self) -> String {
        assert_eq!(self.code, 2, "expected exit code 2\n{}", self.report());
        let errors: Vec<&str> =
            self.stderr.lines().filter(|l| l.starts_with("ERROR") || l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "expected one ERROR line\n{}", self.report());
        errors[0].to_string()
    }

    /// stdout's lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Fail, with everything about the run, unless `cond`.
    pub fn check(&self, cond: bool, what: &str) -> &Run {
        assert!(cond, "{what}\n{}", self.report());
        self
    }
}
