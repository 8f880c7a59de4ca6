//! Connection strings in the forms edg users write.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::str::FromStr;

/// Accept `mysql://` URLs and the Go DSN form `user:pass@tcp(host:port)/db?parseTime=true`.
pub fn mysql_url(s: &str) -> Result<String, String> {
    if s.starts_with("mysql://") || s.starts_with("mariadb://") {
        return Ok(s.replacen("mariadb://", "mysql://", 1));
    }
    let (userinfo, rest) = match s.rfind('@') {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => ("", s),
    };
    let (addr, path) = if let Some(r) = rest.strip_prefix("tcp(") {
        let close = r.find(')').ok_or_else(|| format!("invalid MySQL DSN {:?}: missing ')'", crate::redact::url(s)))?;
        (r[..close].to_string(), &r[close + 1..])
    } else if let Some(r) = rest.strip_prefix("unix(") {
        return Err(format!(
            "MySQL unix sockets ({}) are not supported; use tcp(host:port)",
            r.split(')').next().unwrap_or("")
        ));
    } else if rest.starts_with('/') {
        ("127.0.0.1:3306".to_string(), rest)
    } else {
        return Err(format!(
            "invalid MySQL DSN {:?}: expected user:pass@tcp(host:port)/db or mysql://user:pass@host/db",
            crate::redact::url(s)
        ));
    };
    // Go DSN parameters (parseTime, loc, …) have no meaning here.
    let db = path.trim_start_matches('/').split('?').next().unwrap_or("");
    let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let auth = match (user.is_empty(), pass.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!("{}@", encode(user)),
        (false, false) => format!("{}:{}@", encode(user), encode(pass)),
    };
    Ok(format!("mysql://{auth}{addr}/{db}"))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A file path, `sqlite:path`, `sqlite://path` or `:memory:`; the file is created if missing.
pub fn sqlite_options(s: &str) -> Result<SqliteConnectOptions, String> {
    let opts = if s.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(s).map_err(|e| e.to_string())?
    } else if s == ":memory:" {
        SqliteConnectOptions::from_str("sqlite::memory:").map_err(|e| e.to_string())?
    } else {
        SqliteConnectOptions::new().filename(s)
    };
    Ok(opts
        .create_if_missing(true)
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
    }
}
