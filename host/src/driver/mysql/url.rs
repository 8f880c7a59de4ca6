//! MySQL connection strings: `mysql://` URLs and Go DSNs (`user:pass@tcp(host:port)/db`).

use crate::driver::DriverError;
use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
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

/// Accept `mysql://` URLs and the Go DSN form `user:pass@tcp(host:port)/db?parseTime=true`,
/// as sqlx connect options: a DSN goes through the options builder field by field (nothing is
/// re-encoded into a URL). DSN parameters are honoured (`tls`), known to be moot, or rejected
/// by name.
pub fn mysql_options(s: &str) -> Result<MySqlConnectOptions, DriverError> {
    if s.starts_with("mysql://") || s.starts_with("mariadb://") {
        return MySqlConnectOptions::from_str(&s.replacen("mariadb://", "mysql://", 1))
            .map_err(|e| DriverError::Url(e.to_string()));
    }
    if let Some((scheme, _)) = s.split_once("://") {
        return Err(DriverError::Url(format!(
            "the mysql driver takes mysql://… URLs or Go DSNs (user:pass@tcp(host:3306)/db), not {scheme}://"
        )));
    }
    let shape = || {
        DriverError::Url(format!(
            "invalid MySQL DSN {:?}: expected user:pass@tcp(host:port)/db or mysql://user:pass@host/db",
            crate::redact::url(s)
        ))
    };
    let dsn = crate::dsn::go_dsn(s).ok_or_else(shape)?;
    let addr = if let Some(r) = dsn.net.strip_prefix("tcp(") {
        r.strip_suffix(')')
            .ok_or_else(|| DriverError::Url(format!("invalid MySQL DSN {:?}: missing ')'", crate::redact::url(s))))?
    } else if dsn.net.starts_with("unix(") {
        return Err(DriverError::Url("MySQL unix sockets (unix(…)) are not supported; use tcp(host:port)".into()));
    } else if dsn.net.is_empty() || dsn.net == "tcp" {
        "127.0.0.1:3306"
    } else {
        return Err(shape());
    };
    // host, host:port, [v6]:port
    let (host, port) = match addr.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !p.contains(']') && (!h.contains(':') || h.ends_with(']')) => (
            h,
            p.parse::<u16>()
                .map_err(|_| DriverError::Url(format!("invalid MySQL DSN {:?}: port {p:?}", crate::redact::url(s))))?,
        ),
        _ => (addr, 3306),
    };
    let mut opts = MySqlConnectOptions::new()
        .host(host.trim_start_matches('[').trim_end_matches(']'))
        .port(port)
        .username(dsn.user);
    // As the Go driver: an empty user may still come with a password.
    if let Some(range) = dsn.password {
        opts = opts.password(&s[range]);
    }
    if !dsn.db.is_empty() {
        opts = opts.database(dsn.db);
    }
    for param in dsn.params.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = param.split_once('=').unwrap_or((param, ""));
        let v = crate::redact::percent_decode(v);
        match k {
            "tls" => {
                opts = opts.ssl_mode(match v.as_str() {
                    "true" => MySqlSslMode::VerifyIdentity,
                    "skip-verify" => MySqlSslMode::Required,
                    "preferred" => MySqlSslMode::Preferred,
                    "false" => MySqlSslMode::Disabled,
                    other => {
                        return Err(DriverError::Url(format!(
                            "MySQL DSN parameter tls={other}: a TLS config a Go program registered under that name; give edg the files instead: tls=true&ssl-ca=/path/ca.pem (and ssl-cert=, ssl-key= for a client certificate)"
                        )));
                    }
                })
            }
            // Not Go's (it registers certificates in code): where edg reads them from a DSN.
            "ssl-ca" | "sslrootcert" => opts = opts.ssl_ca(&v),
            "ssl-cert" | "sslcert" => opts = opts.ssl_client_cert(&v),
            "ssl-key" | "sslkey" => opts = opts.ssl_client_key(&v),
            k if IGNORED_DSN_PARAMS.contains(&k) => {}
            other => {
                return Err(DriverError::Url(format!(
                    "MySQL DSN parameter {other:?} is not supported (supported: tls, ssl-ca, ssl-cert, ssl-key; ignored: {})",
                    IGNORED_DSN_PARAMS.join(", ")
                )));
            }
        }
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(o: &MySqlConnectOptions) -> (String, u16, String, Option<String>, String) {
        let ssl = format!("{:?}", o.get_ssl_mode());
        (
            o.get_host().to_string(),
            o.get_port(),
            o.get_username().to_string(),
            o.get_database().map(str::to_string),
            ssl,
        )
    }

    #[test]
    fn go_dsn_becomes_options() {
        let p = |s: &str| parts(&mysql_options(s).unwrap());
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            p("root:password@tcp(localhost:3306)/defaultdb?parseTime=true"),
            ("localhost".into(), 3306, "root".into(), some("defaultdb"), "Preferred".into())
        );
        assert_eq!(p("root@tcp(127.0.0.1:3307)/test").1, 3307);
        assert_eq!(p("u:p@ss@tcp(h:1)/d").2, "u");
        assert_eq!(p("u@tcp([::1]:3306)/d").0, "::1");
        assert_eq!(p("u@tcp(h)/d").1, 3306);
        assert_eq!(p("u@tcp(h:1)/d?tls=skip-verify&parseTime=true").4, "Required");
        assert_eq!(p("u@tcp(h:1)/d?tls=true").4, "VerifyIdentity");
        assert_eq!(p("mysql://u@h:5/d"), ("h".into(), 5, "u".into(), some("d"), "Preferred".into()));
        assert!(mysql_options("u@tcp(h:1)/d?tls=custom").unwrap_err().to_string().contains("tls=custom"));
        assert!(mysql_options("u@tcp(h:1)/d?frobnicate=1").unwrap_err().to_string().contains("\"frobnicate\""));
        assert!(mysql_options("u@tcp(h:x)/d").unwrap_err().to_string().contains("port"));
        assert!(mysql_options("http://u@h/d").is_err());
    }
}
