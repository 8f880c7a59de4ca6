//! Running the binary, temporary databases, reading tables back.

use edg::driver::{Conn, Driver};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The run failed with exit code 2 and exactly one ERROR line: that line.
    pub fn one_error(&self) -> String {
        assert_eq!(self.code, 2, "exit code\n{}", self.all());
        let errors: Vec<&str> =
            self.stderr.lines().filter(|l| l.starts_with("ERROR") || l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "expected one ERROR line:\n{}", self.stderr);
        errors[0].to_string()
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

pub fn example(rel: &str) -> String {
    root().join("_examples").join(rel).display().to_string()
}

/// The binary with a clean environment: no EDG_* from the caller, a shared compile cache.
pub fn edg(args: &[&str]) -> Out {
    edg_env(args, &[])
}

/// `edg` with some environment variables set.
pub fn edg_env(args: &[&str], vars: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_edg"));
    for (k, _) in std::env::vars() {
        if k.starts_with("EDG_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("EDG_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"));
    cmd.envs(vars.iter().copied());
    cmd.args(args);
    let out = cmd.output().expect("running edg");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The binary started in the background (stdout and stderr piped), for tests that act while it
/// runs; `collect` waits for it.
pub fn spawn<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_edg"))
        .args(args)
        .env("EDG_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starting edg")
}

/// A `spawn`ed edg whose log lines (stderr) the test can wait for while it runs, so a test acts
/// after a step has happened rather than after a guessed delay.
pub struct Running {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<String>,
}

impl Running {
    pub fn start<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Running {
        let mut child = spawn(args);
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, lines) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            use std::io::BufRead;
            let mut all = String::new();
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                all.push_str(&line);
                all.push('\n');
                let _ = tx.send(line);
            }
            all
        });
        Running { child, lines, reader }
    }

    /// Block until `n` log lines containing `needle` have been written (60 s at most).
    pub fn wait_for(&self, needle: &str, n: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut seen = 0;
        while seen < n {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => seen += 1,
                Ok(_) => {}
                Err(_) => panic!("edg did not log {needle:?} {n} time(s) within 60 s"),
            }
        }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Wait for the end; everything it printed.
    pub fn finish(self) -> Out {
        let o = self.child.wait_with_output().expect("waiting for edg");
        let stderr = self.reader.join().unwrap_or_default();
        Out { code: o.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr }
    }
}

/// What a `spawn`ed edg printed, once it has ended.
pub fn collect(child: std::process::Child) -> Out {
    let o = child.wait_with_output().expect("waiting for edg");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The arguments of `edg sync verify` from one database to another, plus extra flags.
pub fn verify_args(s_driver: &str, s_url: &str, t_driver: &str, t_url: &str, extra: &[&str]) -> Vec<String> {
    let mut args =
        vec!["sync", "verify", "--source-driver", s_driver, "--source-url", s_url, "--target-driver", t_driver];
    args.extend_from_slice(&["--target-url", t_url]);
    args.extend_from_slice(extra);
    args.into_iter().map(str::to_string).collect()
}

/// `edg sync verify` from one database to another, plus extra flags.
pub fn verify(s_driver: &str, s_url: &str, t_driver: &str, t_url: &str, extra: &[&str]) -> Out {
    let args = verify_args(s_driver, s_url, t_driver, t_url, extra);
    edg(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `edg sync run` of one config into one SQLite file, plus extra flags.
pub fn run_sqlite(db: &str, cfg: &str, extra: &[&str]) -> Out {
    let mut args = vec!["sync", "run", "--source-driver", "sqlite", "--source-url", db, "--source-config", cfg];
    args.extend_from_slice(extra);
    edg(&args)
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

/// Every row of `sql` as text, for comparing what two databases hold.
pub fn dump(driver: Driver, url: &str, sql: &str) -> Vec<Vec<String>> {
    block_on(async {
        let mut c = Conn::connect(driver, url).await.expect("connect");
        let rows = c.query(sql).await.expect("query");
        rows.rows.iter().map(|r| r.iter().map(|v| v.to_string()).collect()).collect()
    })
}

pub fn exec(driver: Driver, url: &str, sql: &str) {
    block_on(async {
        let mut c = Conn::connect(driver, url).await.expect("connect");
        c.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    })
}

/// Two SQLite files in `dir` (source and target), each set up with the same statements.
pub fn sqlite_pair(dir: &Path, setup: &[&str]) -> (String, String) {
    let (s, t) = (dir.join("s.db").display().to_string(), dir.join("t.db").display().to_string());
    for db in [&s, &t] {
        for sql in setup {
            exec(Driver::Sqlite, db, sql);
        }
    }
    (s, t)
}

pub fn sqlite_tables(path: &Path) -> Vec<String> {
    if !path.exists() {
        return Vec::new();
    }
    dump(Driver::Sqlite, &path.display().to_string(), "SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect()
}

/// A database created for one test and dropped afterwards.
pub struct TempDb {
    pub driver: Driver,
    pub url: String,
    admin: String,
    name: String,
}

fn with_db(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map(|(b, q)| (b, format!("?{q}"))).unwrap_or((url, String::new()));
    let cut = base.rfind('/').filter(|i| *i > base.find("://").map(|p| p + 2).unwrap_or(0)).unwrap_or(base.len());
    format!("{}/{db}{query}", &base[..cut])
}

impl TempDb {
    fn create(driver: Driver, var: &str) -> Option<TempDb> {
        let server = if var == "EDG_TEST_PG_URL" { "pg" } else { "mysql" };
        let admin = super::needs::url(server)?;
        let name = format!("edg_t_{:x}", edg::rng::entropy_seed() & 0xffff_ffff_ffff);
        exec(driver, &admin, &format!("CREATE DATABASE {name}"));
        Some(TempDb { driver, url: with_db(&admin, &name), admin, name })
    }

    pub fn pg() -> Option<TempDb> {
        TempDb::create(Driver::Postgres, "EDG_TEST_PG_URL")
    }

    pub fn mysql() -> Option<TempDb> {
        TempDb::create(Driver::MySql, "EDG_TEST_MYSQL_URL")
    }

    pub fn dump(&self, sql: &str) -> Vec<Vec<String>> {
        dump(self.driver, &self.url, sql)
    }

    pub fn exec(&self, sql: &str) {
        exec(self.driver, &self.url, sql)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let sql = match self.driver {
            Driver::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            _ => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        let (driver, admin) = (self.driver, self.admin.clone());
        let _ = std::thread::spawn(move || exec(driver, &admin, &sql)).join();
    }
}

/// Rewrite a config, e.g. to change the batch size.
pub fn variant(src: &str, dir: &Path, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(src).expect("read config");
    assert!(text.contains(from), "{src} has no {from:?}");
    let path = dir.join(name);
    std::fs::write(&path, text.replace(from, to)).expect("write config");
    path.display().to_string()
}

/// A guest component from tests/guests/ (`misbehave`, `api-next`), built once per test run for
/// wasm32-wasip2: the tests' own plugins stay out of the shipping build.
pub fn test_guest(wasm_name: &str) -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let dir = BUILT.get_or_init(|| build_wasm(&root().join("tests/guests"), "test-guests"));
    dir.join(wasm_name)
}

/// `cargo build --release --target wasm32-wasip2` of the workspace in `dir`, into a target
/// directory of the test run named `target`; returns where the `.wasm` files are.
pub fn build_wasm(dir: &Path, target: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join(target);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(dir)
        .args(["build", "--release", "--workspace", "--target", "wasm32-wasip2", "--target-dir"])
        .arg(&target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("running cargo");
    assert!(out.status.success(), "building {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
    target.join("wasm32-wasip2/release")
}
