//! Where to connect: Cassandra URLs, and how to protect the connection.

use crate::driver::DriverError;

/// Where to connect: `cassandra://user:pass@host:9042/keyspace?sslmode=verify-full&sslrootcert=ca.pem`
/// or a bare `host:9042`.
#[derive(Debug, PartialEq)]
pub struct Target {
    pub host: String,
    pub user: Option<(String, String)>,
    pub keyspace: Option<String>,
    pub tls: Option<Tls>,
}

/// How much of the server's certificate is checked: libpq's `sslmode` words, since users of
/// managed Cassandra (Astra, Keyspaces, Instaclustr) meet the same choice there.
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum TlsMode {
    /// Encrypted; the certificate is not checked.
    Require,
    /// Issued by the CA; any name.
    VerifyCa,
    /// Issued by the CA for the node's address or the URL's host.
    VerifyFull,
}

/// TLS as the URL asks for it. The files are read when connecting.
#[derive(Debug, PartialEq, Clone)]
pub struct Tls {
    pub mode: TlsMode,
    /// `sslrootcert`: the CA's PEM file; without it, the public CAs.
    pub root_cert: Option<String>,
    /// `sslcert` and `sslkey`: a client certificate, for servers that require one.
    pub client: Option<(String, String)>,
    /// The URL's host without its port: a certificate naming it passes verify-full.
    pub host: String,
}

/// What is wrong with a Cassandra URL's parameters.
#[derive(Debug, thiserror::Error)]
pub enum ParamError {
    #[error("unknown parameter {0:?} (a Cassandra URL takes sslmode, ssl, tls, sslrootcert, sslcert, sslkey)")]
    Unknown(String),
    /// A CQL port either speaks TLS or does not: there is nothing to fall back to.
    #[error(
        "sslmode={0} cannot be honoured: a Cassandra port either requires TLS or does not; use sslmode=require or sslmode=disable"
    )]
    Fallback(String),
    #[error("sslmode={0:?} is not one of disable, require, verify-ca, verify-full")]
    Mode(String),
    #[error("ssl={0:?} is not true or false")]
    Ssl(String),
    #[error("tls={0:?} is not true, false or skip-verify")]
    Tls(String),
    #[error("sslcert and sslkey go together (the client certificate and its key)")]
    HalfClient,
    #[error("sslrootcert, sslcert and sslkey need TLS, which sslmode=disable turns off")]
    Disabled,
}

pub fn parse_url(url: &str) -> Result<Target, DriverError> {
    // Shown after "connecting to cassandra at URL", which names the URL already.
    let bad = |why: &dyn std::fmt::Display| DriverError::Url(format!("invalid Cassandra URL: {why}"));
    let rest = ["cassandra://", "scylla://", "scylladb://"].iter().find_map(|p| url.strip_prefix(p)).unwrap_or(url);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (auth, rest) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hostport, path) = rest.split_once('/').unwrap_or((rest, ""));
    let keyspace = Some(path).filter(|k| !k.is_empty()).map(str::to_string);
    if hostport.is_empty() {
        return Err(bad(&"expected cassandra://host:9042/keyspace"));
    }
    let host = if hostport.contains(':') { hostport.to_string() } else { format!("{hostport}:9042") };
    let user = auth.map(|a| {
        let (u, p) = a.split_once(':').unwrap_or((a, ""));
        (u.to_string(), p.to_string())
    });
    let name = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
    let tls = tls(query, name.trim_start_matches('[').trim_end_matches(']')).map_err(|e| bad(&e))?;
    Ok(Target { host, user, keyspace, tls })
}

/// The TLS parameters: libpq's `sslmode`/`sslrootcert`/`sslcert`/`sslkey`, and `ssl=true` /
/// the Go DSN's `tls=true|skip-verify` as shorter ways to ask. A CA file alone means verify-full.
fn tls(query: &str, host: &str) -> Result<Option<Tls>, ParamError> {
    let (mut mode, mut root_cert, mut cert, mut key) = (None, None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = crate::redact::percent_decode(v);
        match k {
            "sslmode" => mode = Some(sslmode(&v)?),
            "ssl" => mode = Some(switch(&v, false).ok_or(ParamError::Ssl(v))?),
            "tls" => mode = Some(switch(&v, true).ok_or(ParamError::Tls(v))?),
            "sslrootcert" => root_cert = Some(v),
            "sslcert" => cert = Some(v),
            "sslkey" => key = Some(v),
            _ => return Err(ParamError::Unknown(k.to_string())),
        }
    }
    let client = match (cert, key) {
        (Some(c), Some(k)) => Some((c, k)),
        (None, None) => None,
        _ => return Err(ParamError::HalfClient),
    };
    let mode = match mode {
        Some(m) => m,
        None if root_cert.is_some() || client.is_some() => Some(TlsMode::VerifyFull),
        None => None,
    };
    match mode {
        Some(mode) => Ok(Some(Tls { mode, root_cert, client, host: host.to_string() })),
        None if root_cert.is_some() || client.is_some() => Err(ParamError::Disabled),
        None => Ok(None),
    }
}

fn sslmode(v: &str) -> Result<Option<TlsMode>, ParamError> {
    match v {
        "disable" => Ok(None),
        "require" => Ok(Some(TlsMode::Require)),
        "verify-ca" => Ok(Some(TlsMode::VerifyCa)),
        "verify-full" => Ok(Some(TlsMode::VerifyFull)),
        "allow" | "prefer" => Err(ParamError::Fallback(v.to_string())),
        _ => Err(ParamError::Mode(v.to_string())),
    }
}

/// `ssl=` / `tls=`: on (verified), off, or (`tls=` only, as Go DSNs say it) encrypted unverified.
fn switch(v: &str, skip_verify: bool) -> Option<Option<TlsMode>> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(Some(TlsMode::VerifyFull)),
        "false" | "0" => Some(None),
        "skip-verify" if skip_verify => Some(Some(TlsMode::Require)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls_of(url: &str) -> Option<Tls> {
        parse_url(url).unwrap().tls
    }

    #[test]
    fn hosts_users_keyspaces() {
        assert_eq!(
            parse_url("cassandra://u:p@db1:9043/edg").unwrap(),
            Target {
                host: "db1:9043".into(),
                user: Some(("u".into(), "p".into())),
                keyspace: Some("edg".into()),
                tls: None
            }
        );
        assert_eq!(
            parse_url("localhost").unwrap(),
            Target { host: "localhost:9042".into(), user: None, keyspace: None, tls: None }
        );
        // The user ends at the last '@' (a password may hold '@' or '/'); the keyspace at the query.
        let t = parse_url("cassandra://u:p@/x@db1/edg?ssl=true").unwrap();
        assert_eq!((t.user.unwrap().1.as_str(), t.keyspace.as_deref()), ("p@/x", Some("edg")));
    }

    #[test]
    fn tls_parameters() {
        assert_eq!(tls_of("cassandra://db/ks"), None);
        assert_eq!(tls_of("cassandra://db/ks?sslmode=disable"), None);
        let t = tls_of("cassandra://db.example.com:9142/ks?sslmode=verify-ca&sslrootcert=%2Ftmp%2Fca.pem").unwrap();
        assert_eq!(
            (t.mode, t.root_cert.as_deref(), t.host.as_str()),
            (TlsMode::VerifyCa, Some("/tmp/ca.pem"), "db.example.com")
        );
        assert_eq!(tls_of("cassandra://db/ks?sslrootcert=/ca.pem").unwrap().mode, TlsMode::VerifyFull);
        assert_eq!(tls_of("cassandra://db/ks?ssl=true").unwrap().mode, TlsMode::VerifyFull);
        assert_eq!(tls_of("cassandra://db/ks?tls=skip-verify").unwrap().mode, TlsMode::Require);
        assert_eq!(tls_of("cassandra://[::1]:9142?sslmode=require").unwrap().host, "::1");
        let t = tls_of("cassandra://db/ks?sslcert=/c.pem&sslkey=/k.pem&sslmode=require").unwrap();
        assert_eq!(t.client, Some(("/c.pem".into(), "/k.pem".into())));
    }

    #[test]
    fn bad_tls_parameters_say_why_and_hide_the_password() {
        for (url, why) in [
            ("cassandra://u:secret@db/ks?sslmod=require", "unknown parameter \"sslmod\""),
            ("cassandra://u:secret@db/ks?sslmode=prefer", "use sslmode=require or sslmode=disable"),
            ("cassandra://u:secret@db/ks?sslmode=on", "not one of disable, require"),
            ("cassandra://u:secret@db/ks?sslcert=/c.pem", "sslcert and sslkey go together"),
            ("cassandra://u:secret@db/ks?sslmode=disable&sslrootcert=/ca.pem", "need TLS"),
            ("cassandra://u:secret@db/ks?tls=maybe", "or skip-verify"),
            ("cassandra://u:secret@db/ks?ssl=skip-verify", "not true or false"),
        ] {
            let e = parse_url(url).unwrap_err().to_string();
            assert!(e.contains(why) && !e.contains("secret"), "{url}: {e}");
        }
    }
}
