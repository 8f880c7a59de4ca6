//! Connection strings in the forms edg users write.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::str::FromStr;

/// Go DSN parameters that change nothing here: edg reads every value as text and sets the
/// session's time zone to UTC itself.
const IGNORED_DSN_PARAMS: &[&str] = &[
    "parseTime",
    "loc",
    "charset",
    "collation",
    "timeout",
    "readTimeout",
    "writeTimeout",
    "interpolateParams",
    "multiStatements",
    "allowNativePasswords",
    "allowOldPasswords",
    "allowCleartextPasswords",
    "clientFoundRows",
    "columnsWithAlias",
    "maxAllowedPacket",
    "rejectReadOnly",
    "checkConnLiveness",
];

/// Accept `mysql://` URLs and the Go DSN form `user:pass@tcp(host:port)/db?parseTime=true`.
/// DSN parameters are honoured (`tls`), known to be moot, or rejected by name.
pub fn mysql_url(s: &str) -> Result<String, String> {
    if s.starts_with("mysql://") || s.starts_with("mariadb://") {
        return Ok(s.replacen("mariadb://", "mysql://", 1));
    }
    if let Some((scheme, _)) = s.split_once("://") {
        return Err(format!(
            "the mysql driver takes mysql://… URLs or Go DSNs (user:pass@tcp(host:3306)/db), not {scheme}://"
        ));
    }
    let shape = || {
        format!(
            "invalid MySQL DSN {:?}: expected user:pass@tcp(host:port)/db or mysql://user:pass@host/db",
            crate::redact::url(s)
        )
    };
    let dsn = crate::dsn::go_dsn(s).ok_or_else(shape)?;
    let addr = if let Some(r) = dsn.net.strip_prefix("tcp(") {
        r.strip_suffix(')').ok_or_else(|| format!("invalid MySQL DSN {:?}: missing ')'", crate::redact::url(s)))?
    } else if dsn.net.starts_with("unix(") {
        return Err("MySQL unix sockets (unix(…)) are not supported; use tcp(host:port)".into());
    } else if dsn.net.is_empty() || dsn.net == "tcp" {
        "127.0.0.1:3306"
    } else {
        return Err(shape());
    };
    let mut query = Vec::new();
    for param in dsn.params.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = param.split_once('=').unwrap_or((param, ""));
        match k {
            "tls" => query.push(format!(
                "ssl-mode={}",
                match v {
                    "true" => "verify_identity",
                    "skip-verify" => "required",
                    "preferred" => "preferred",
                    "false" => "disabled",
                    other => {
                        return Err(format!(
                            "MySQL DSN parameter tls={other}: edg knows tls=true, skip-verify, preferred and false"
                        ));
                    }
                }
            )),
            k if IGNORED_DSN_PARAMS.contains(&k) => {}
            other => {
                return Err(format!(
                    "MySQL DSN parameter {other:?} is not supported (supported: tls; ignored: {})",
                    IGNORED_DSN_PARAMS.join(", ")
                ));
            }
        }
    }
    let pass = dsn.password.map(|r| &s[r]).unwrap_or("");
    // As the Go driver: an empty user may still come with a password.
    let auth = match (dsn.user.is_empty(), pass.is_empty()) {
        (true, true) => String::new(),
        (_, true) => format!("{}@", encode(dsn.user)),
        (_, false) => format!("{}:{}@", encode(dsn.user), encode(pass)),
    };
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    Ok(format!("mysql://{auth}{addr}/{}{query}", dsn.db))
}

/// A URL whose scheme the driver does not speak is refused before connecting (showing only
/// the scheme: the rest may hold a password).
pub fn check_scheme(driver: super::Driver, s: &str) -> Result<(), String> {
    use super::Driver;
    let scheme = s.split_once("://").map(|(sc, _)| sc.to_ascii_lowercase());
    let ok = |allowed: &[&str]| scheme.as_deref().is_some_and(|sc| allowed.contains(&sc));
    match driver {
        Driver::Postgres if !ok(&["postgres", "postgresql"]) => Err(format!(
            "the pgx driver needs a postgres://user:pass@host:5432/db URL{}",
            scheme.map(|sc| format!(", not {sc}://")).unwrap_or_default()
        )),
        Driver::MongoDb if !ok(&["mongodb", "mongodb+srv"]) => Err(format!(
            "the mongodb driver needs a mongodb://user:pass@host:27017/db URL{}",
            scheme.map(|sc| format!(", not {sc}://")).unwrap_or_default()
        )),
        Driver::Cassandra if scheme.is_some() && !ok(&["cassandra", "scylla", "scylladb"]) => Err(format!(
            "the cassandra driver needs a cassandra://user:pass@host:9042/keyspace URL, not {}://",
            scheme.unwrap_or_default()
        )),
        Driver::Sqlite if scheme.is_some() && !ok(&["sqlite"]) => Err(format!(
            "the sqlite driver takes a file path, sqlite:path or :memory:, not a {}:// URL",
            scheme.unwrap_or_default()
        )),
        _ => Ok(()),
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A file path, `sqlite:path`, `sqlite://path` or `:memory:`; with `create`, a missing file
/// is created (seeding), without it a missing file is an error (verify reads what exists).
pub fn sqlite_options(s: &str, create: bool) -> Result<SqliteConnectOptions, String> {
    let path = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")).unwrap_or(s);
    let path = path.split('?').next().unwrap_or("");
    if path.trim().is_empty() {
        return Err(format!("empty SQLite path in {s:?}: give a file path, sqlite:path or :memory:"));
    }
    let memory = path == ":memory:" || s.contains("mode=memory");
    if !create && !memory && !std::path::Path::new(path).exists() {
        return Err(format!("SQLite database {path:?} does not exist"));
    }
    let opts = if s.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(s).map_err(|e| e.to_string())?
    } else if s == ":memory:" {
        SqliteConnectOptions::from_str("sqlite::memory:").map_err(|e| e.to_string())?
    } else {
        SqliteConnectOptions::new().filename(s)
    };
    Ok(opts
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(10)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_dsn_becomes_url() {
        assert_eq!(
            mysql_url("root:password@tcp(localhost:3306)/defaultdb?parseTime=true").unwrap(),
            "mysql://root:password@localhost:3306/defaultdb"
        );
        assert_eq!(mysql_url("root@tcp(127.0.0.1:3306)/test").unwrap(), "mysql://root@127.0.0.1:3306/test");
        assert_eq!(mysql_url("u:p@ss@tcp(h:1)/d").unwrap(), "mysql://u:p%40ss@h:1/d");
        assert_eq!(mysql_url("u:p@s:s/w@tcp(h:1)/d").unwrap(), "mysql://u:p%40s%3As%2Fw@h:1/d");
        assert_eq!(
            mysql_url("u@tcp(h:1)/d?tls=skip-verify&parseTime=true").unwrap(),
            "mysql://u@h:1/d?ssl-mode=required"
        );
        assert!(mysql_url("u@tcp(h:1)/d?tls=custom").unwrap_err().contains("tls=custom"));
        assert!(mysql_url("u@tcp(h:1)/d?frobnicate=1").unwrap_err().contains("\"frobnicate\""));
        assert!(mysql_url("http://u@h/d").is_err());
    }
}
