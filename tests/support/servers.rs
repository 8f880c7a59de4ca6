//! Private database servers, started by the test on free ports in their own temporary data
//! directories, for tests that kill or reconfigure a server (the shared services are never
//! touched). Each is stopped, by its own PID, when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not open port {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn run(cmd: &mut Command, what: &str) -> bool {
    match cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output() {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!("{what} failed: {}", String::from_utf8_lossy(&o.stderr));
            false
        }
        Err(e) => {
            eprintln!("{what} failed: {e}");
            false
        }
    }
}

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A PostgreSQL 15 cluster of our own (`initdb` + `pg_ctl`, run as the `postgres` user).
pub struct PrivatePg {
    _dir: tempfile::TempDir,
    data: PathBuf,
    pub port: u16,
}

impl PrivatePg {
    /// `extra` are `postgres -c` settings (e.g. `wal_level=logical`). None, with the reason
    /// printed, where PostgreSQL's binaries or root (to run them as `postgres`) are missing.
    pub fn start(extra: &[&str]) -> Option<PrivatePg> {
        if !Path::new(PG_BIN).join("initdb").exists() {
            super::needs::unavailable("private-pg", &format!("{PG_BIN}/initdb not found"));
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        if !run(Command::new("chown").args(["postgres:postgres"]).arg(dir.path()), "chown to postgres") {
            super::needs::unavailable("private-pg", "a private PostgreSQL needs root (to run initdb as postgres)");
            return None;
        }
        let as_pg = |bin: &str| {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(Path::new(PG_BIN).join(bin));
            c
        };
        assert!(
            run(as_pg("initdb").arg("-D").arg(&data).args(["-A", "trust", "-U", "postgres", "--no-sync"]), "initdb"),
            "initdb"
        );
        let port = free_port();
        let mut opts = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.path().display());
        for e in extra {
            opts.push_str(&format!(" -c {e}"));
        }
        let log = dir.path().join("log");
        assert!(
            run(
                as_pg("pg_ctl").arg("-D").arg(&data).arg("-l").arg(&log).args(["-o", &opts, "-w", "-t", "60", "start"]),
                "pg_ctl start"
            ),
            "pg_ctl start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        wait_for_port(port, "PostgreSQL");
        let pg = PrivatePg { _dir: dir, data, port };
        crate::support::util::exec(edg::driver::Driver::Postgres, &pg.url("postgres"), "CREATE DATABASE test");
        Some(pg)
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    fn pid(&self) -> Option<i32> {
        std::fs::read_to_string(self.data.join("postmaster.pid")).ok()?.lines().next()?.trim().parse().ok()
    }

    /// SIGKILL the postmaster and every backend: the server is gone mid-statement.
    pub fn kill(&self) {
        if let Some(pid) = self.pid() {
            let _ = Command::new("pkill").args(["-KILL", "-P", &pid.to_string()]).status();
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
    }
}

impl Drop for PrivatePg {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A MariaDB server of our own (`mariadb-install-db` + `mariadbd`), root without a password.
pub struct PrivateMariaDb {
    _dir: tempfile::TempDir,
    child: std::process::Child,
    pub port: u16,
    /// URL parameters every connection needs (TLS, for a server that requires it).
    params: String,
}

impl PrivateMariaDb {
    pub fn start(extra: &[&str]) -> Option<PrivateMariaDb> {
        Self::start_with(extra, String::new())
    }

    /// A server that takes TLS connections only, verified with `ca`.
    pub fn start_tls(extra: &[&str], ca: &Path) -> Option<PrivateMariaDb> {
        Self::start_with(extra, format!("?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", ca.display()))
    }

    fn start_with(extra: &[&str], params: String) -> Option<PrivateMariaDb> {
        if Command::new("mariadbd").arg("--version").output().is_err() {
            super::needs::unavailable("private-mariadb", "mariadbd not found");
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let user = if std::env::var("USER").as_deref() == Ok("root") || is_root() { "root" } else { "" };
        let mut install = Command::new("mariadb-install-db");
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"]);
        if !user.is_empty() {
            install.arg(format!("--user={user}"));
        }
        assert!(run(&mut install, "mariadb-install-db"), "mariadb-install-db");
        let port = free_port();
        let mut cmd = Command::new("mariadbd");
        cmd.arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--port={port}"))
            .arg(format!("--socket={}", dir.path().join("sock").display()))
            .arg(format!("--pid-file={}", dir.path().join("pid").display()))
            .args(["--bind-address=127.0.0.1", "--skip-name-resolve", "--innodb-buffer-pool-size=64M"])
            .arg("--innodb-flush-log-at-trx-commit=0")
            .arg(format!("--log-error={}", dir.path().join("err.log").display()))
            .args(extra);
        if !user.is_empty() {
            cmd.arg(format!("--user={user}"));
        }
        let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("mariadbd");
        wait_for_port(port, "MariaDB");
        let m = PrivateMariaDb { _dir: dir, child, port, params };
        // The port opens before the server takes logins: retry the first statement.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = std::panic::catch_unwind(|| {
                crate::support::util::exec(
                    edg::driver::Driver::MySql,
                    &m.url("mysql"),
                    "CREATE DATABASE IF NOT EXISTS test",
                )
            });
            if ok.is_ok() {
                break;
            }
            assert!(Instant::now() < deadline, "MariaDB on {port} refuses logins");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(m)
    }

    pub fn url(&self, db: &str) -> String {
        format!("mysql://root@127.0.0.1:{}/{db}{}", self.port, self.params)
    }

    /// SIGKILL the server.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateMariaDb {
    fn drop(&mut self) {
        self.kill();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
