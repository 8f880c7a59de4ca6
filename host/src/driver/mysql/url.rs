//! MySQL connection strings: `mysql://` URLs and Go DSNs (`user:pass@tcp(host:port)/db`).

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

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
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
