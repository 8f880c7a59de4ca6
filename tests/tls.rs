//! TLS to PostgreSQL and MariaDB, as managed databases require it: private servers with
//! certificates from a throwaway CA made here (openssl), reached with `sslmode=verify-full` and
//! the CA, with `sslmode=require` and no CA, and refused (one clear line, exit 2) with the wrong
//! CA. CQL connections, with no Cassandra server on these machines, are checked as far as their
//! TLS goes: against a TLS listener that completes the handshake and hangs up.

use crate::support::cmd::Edg;
use crate::support::servers::{PrivateMariaDb, PrivatePg};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A CA and a server certificate it signed for 127.0.0.1 and localhost, plus a second CA that
/// signed nothing here; the files readable by the database servers' users.
struct Certs {
    _dir: tempfile::TempDir,
    ca: PathBuf,
    other_ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    /// Issued by the CA for the name localhost only (no IP address in it).
    name_only: PathBuf,
}

fn openssl(args: &[&str], dir: &Path) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The CA's certificate for server.key's request, with the names `san` gives, as `out`.
fn sign(d: &Path, san: &str, out: &str) {
    let ext = format!("{out}.ext");
    std::fs::write(d.join(&ext), format!("{san}\n")).unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &ext,
            "-out",
            out,
        ],
        d,
    );
}

fn certs() -> Option<Certs> {
    if Command::new("openssl").arg("version").output().is_err() {
        crate::support::needs::unavailable("private-pg", "openssl not found (it makes the test CA)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for ca in ["ca", "other"] {
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                &format!("/CN=edg test {ca}"),
                "-keyout",
                &format!("{ca}.key"),
                "-out",
                &format!("{ca}.pem"),
            ],
            d,
        );
    }
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
        d,
    );
    // The server's key, certified for 127.0.0.1 and localhost, and for localhost alone.
    sign(d, "subjectAltName=IP:127.0.0.1,DNS:localhost", "server.pem");
    sign(d, "subjectAltName=DNS:localhost", "name.pem");
    // The servers run as other users: they read the directory, the certificate and their key.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    for f in ["server.pem", "ca.pem", "other.pem", "server.key"] {
        std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    Some(Certs {
        ca: d.join("ca.pem"),
        other_ca: d.join("other.pem"),
        cert: d.join("server.pem"),
        key: d.join("server.key"),
        name_only: d.join("name.pem"),
        _dir: dir,
    })
}

fn config(dir: &Path) -> String {
    let path = dir.join("tls.yaml");
    std::fs::write(
        &path,
        "up:\n  - name: t\n    type: exec\n    query: CREATE TABLE IF NOT EXISTS tls_t (id INT PRIMARY KEY, v VARCHAR(20))\nseed:\n  - name: s\n    type: exec_batch\n    count: 50\n    args: [\"seq(1, 1)\", \"gen('word')\"]\n    query: INSERT INTO tls_t (id, v) __values__\n",
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn postgres_over_tls_verifies_the_server_with_the_ca_given() {
    let Some(c) = certs() else { return };
    // PostgreSQL wants its key owned by its user and private.
    let key = c.key.with_file_name("pg.key");
    std::fs::copy(&c.key, &key).unwrap();
    let _ = Command::new("chown").args(["postgres:postgres"]).arg(&key).status();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let settings = [
        "ssl=on".to_string(),
        format!("ssl_cert_file={}", c.cert.display()),
        format!("ssl_key_file={}", key.display()),
    ];
    let refs: Vec<&str> = settings.iter().map(String::as_str).collect();
    let Some(pg) = PrivatePg::start(&refs) else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let base = pg.url("test");
    let full = format!("{base}?sslmode=verify-full&sslrootcert={}", c.ca.display());
    Edg::sync("run").source("pgx", &full).args(&["--source-config", &cfg]).seed(3).ok();
    // The session really is encrypted.
    let tls = edg::driver::Driver::Postgres;
    let rows = crate::support::util::dump(tls, &full, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assert_eq!(rows, vec![vec!["t".to_string()]]);
    Edg::sync("verify")
        .source("pgx", &full)
        .target("pgx", &format!("{base}?sslmode=require"))
        .args(&["--tables", "tls_t"])
        .ok();
    // The wrong CA: one line that says what failed, exit 2.
    let wrong = format!("{base}?sslmode=verify-full&sslrootcert={}", c.other_ca.display());
    let out = Edg::new(&["up", "--driver", "pgx", "--url", &wrong, "--config", &cfg]).run();
    let line = out.one_error();
    assert!(line.contains("certificate") && line.contains(&format!("127.0.0.1:{}", pg.port)), "{line}");
    // A CA file that is not there.
    let missing = format!("{base}?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem");
    let out = Edg::new(&["up", "--driver", "pgx", "--url", &missing, "--config", &cfg]).run();
    assert!(out.one_error().contains("/nonexistent/ca.pem"), "{}", out.report());
}

#[test]
fn mariadb_over_tls_verifies_the_server_with_the_ca_given() {
    let Some(c) = certs() else { return };
    let args = [
        format!("--ssl-ca={}", c.ca.display()),
        format!("--ssl-cert={}", c.cert.display()),
        format!("--ssl-key={}", c.key.display()),
        "--require-secure-transport=ON".to_string(),
    ];
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some(my) = PrivateMariaDb::start_tls(&refs, &c.ca) else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let port = my.port;
    let url = format!("mysql://root@127.0.0.1:{port}/test?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", c.ca.display());
    Edg::sync("run").source("mysql", &url).args(&["--source-config", &cfg]).seed(3).ok();
    // The Go DSN's tls=true verifies too (with the CA as ssl-ca; a DSN's values escape '/' as
    // %2F, as Go's driver reads a DSN), tls=skip-verify encrypts only.
    let ca = c.ca.display().to_string().replace('/', "%2F");
    let dsn = format!("root@tcp(127.0.0.1:{port})/test?tls=true&ssl-ca={ca}");
    let skip = format!("root@tcp(127.0.0.1:{port})/test?tls=skip-verify&parseTime=true");
    Edg::sync("verify").source("mysql", &dsn).target("mysql", &skip).args(&["--tables", "tls_t"]).ok();
    // The wrong CA, and a server that requires TLS reached without it.
    let wrong = format!("mysql://root@127.0.0.1:{port}/test?ssl-mode=VERIFY_IDENTITY&ssl-ca={}", c.other_ca.display());
    let out = Edg::new(&["up", "--driver", "mysql", "--url", &wrong, "--config", &cfg]).run();
    let line = out.one_error();
    assert!(line.contains("certificate"), "{line}");
    let plain = format!("mysql://root@127.0.0.1:{port}/test?ssl-mode=DISABLED");
    let out = Edg::new(&["up", "--driver", "mysql", "--url", &plain, "--config", &cfg]).run();
    assert!(out.one_error().contains("connecting to mysql"), "{}", out.report());
    // tls=<name> is a TLS config a Go program registered: edg says how to give it the CA instead.
    let named = format!("root@tcp(127.0.0.1:{port})/test?tls=custom");
    let out = Edg::new(&["up", "--driver", "mysql", "--url", &named, "--config", &cfg]).run();
    assert!(out.one_error().contains("ssl-ca="), "{}", out.report());
}

/// socat as a TLS server that completes each handshake and hangs up (its child is `true`); its
/// log has one "SSL connection using" line per completed handshake. Killed when dropped.
struct TlsListener {
    child: std::process::Child,
    port: u16,
    log: PathBuf,
}

impl TlsListener {
    fn start(dir: &Path, cert: &Path, key: &Path, client_ca: Option<&Path>) -> Option<TlsListener> {
        if Command::new("socat").arg("-V").output().is_err() {
            crate::support::needs::unavailable("tls-listener", "socat not found (it stands in for a TLS CQL port)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let verify = match client_ca {
            Some(ca) => format!("verify=1,cafile={}", ca.display()),
            None => "verify=0".into(),
        };
        let listen = format!(
            "OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,cert={},key={},{verify}",
            cert.display(),
            key.display()
        );
        let log = dir.join(format!("socat-{port}.log"));
        let child = Command::new("socat")
            .args(["-d", "-d", &listen, "SYSTEM:true"])
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("socat");
        let listener = TlsListener { child, port, log };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                // That probe was no handshake; wait for socat to log its end.
                std::thread::sleep(std::time::Duration::from_millis(100));
                return Some(listener);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("socat did not listen on {port}: {}", std::fs::read_to_string(&listener.log).unwrap_or_default());
    }

    fn handshakes(&self) -> usize {
        std::fs::read_to_string(&self.log).unwrap_or_default().matches("SSL connection using").count()
    }

    /// Run `edg up` against this port with `params`; how many handshakes completed, and the run.
    fn connect(&self, host: &str, params: &str, cfg: &str) -> (usize, crate::support::cmd::Run) {
        let before = self.handshakes();
        let url = format!("cassandra://u:s3cret@{host}:{}/edg?{params}", self.port);
        let run = Edg::new(&["up", "--driver", "cassandra", "--url", &url, "--config", cfg]).run();
        // socat logs from forked children: give the last one a moment.
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"), "{}", run.report());
        (self.handshakes() - before, run)
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn cassandra_urls_make_tls_connections_that_check_the_node() {
    let Some(c) = certs() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = crate::support::util::example("sync/cassandra.yaml");
    let ca = c.ca.display().to_string();
    let other = c.other_ca.display().to_string();
    let Some(ip_named) = TlsListener::start(dir.path(), &c.cert, &c.key, None) else { return };

    // The CA given: verified; the handshake completes (then the listener hangs up: no CQL).
    for params in
        [format!("sslmode=verify-full&sslrootcert={ca}"), format!("sslrootcert={ca}"), "sslmode=require".into()]
    {
        let (done, run) = ip_named.connect("127.0.0.1", &params, &cfg);
        assert!(done >= 1, "{params}: no handshake\n{}", run.report());
        assert!(!run.one_error().contains("certificate"), "{params}\n{}", run.report());
    }
    // The wrong CA: no handshake, one line that names the certificate's problem.
    let (done, run) = ip_named.connect("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={other}"), &cfg);
    assert_eq!(done, 0, "{}", run.report());
    let line = run.one_error();
    assert!(line.contains("not issued by the CA given with sslrootcert="), "{line}");
    // Without TLS a TLS port completes nothing.
    let (done, _) = ip_named.connect("127.0.0.1", "", &cfg);
    assert_eq!(done, 0);
    // A CA file that is not there is named before connecting.
    let (_, run) = ip_named.connect("127.0.0.1", "sslrootcert=/nonexistent/ca.pem", &cfg);
    assert!(run.one_error().contains("sslrootcert /nonexistent/ca.pem"), "{}", run.report());

    // A certificate for the name localhost only: the driver names the node by its address, so
    // verify-full passes by the URL's host name, fails by the address, and verify-ca passes.
    let Some(dns_named) = TlsListener::start(dir.path(), &c.name_only, &c.key, None) else { return };
    let (done, run) = dns_named.connect("localhost", &format!("sslmode=verify-full&sslrootcert={ca}"), &cfg);
    assert!(done >= 1, "{}", run.report());
    let (done, run) = dns_named.connect("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={ca}"), &cfg);
    assert_eq!(done, 0, "{}", run.report());
    assert!(run.one_error().contains("does not name the host"), "{}", run.report());
    let (done, run) = dns_named.connect("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}"), &cfg);
    assert!(done >= 1, "{}", run.report());

    // A node that requires a client certificate: sslcert/sslkey give it.
    let Some(mutual) = TlsListener::start(dir.path(), &c.cert, &c.key, Some(&c.ca)) else { return };
    let (done, run) = mutual.connect("127.0.0.1", &format!("sslrootcert={ca}"), &cfg);
    assert_eq!(done, 0, "{}", run.report());
    let client = format!("sslrootcert={ca}&sslcert={}&sslkey={}", c.cert.display(), c.key.display());
    let (done, run) = mutual.connect("127.0.0.1", &client, &cfg);
    assert!(done >= 1, "{}", run.report());
}
