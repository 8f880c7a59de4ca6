//! Where to connect: Cassandra URLs.

/// Where to connect: `cassandra://user:pass@host:9042/keyspace` or a bare `host:9042`.
#[derive(Debug, PartialEq)]
pub struct Target {
    pub host: String,
    pub user: Option<(String, String)>,
    pub keyspace: Option<String>,
}

pub fn parse_url(url: &str) -> Result<Target, crate::driver::DriverError> {
    let rest = ["cassandra://", "scylla://", "scylladb://"].iter().find_map(|p| url.strip_prefix(p)).unwrap_or(url);
    let (auth, rest) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    let (hostport, path) = rest.split_once('/').unwrap_or((rest, ""));
    let keyspace = path.split('?').next().filter(|k| !k.is_empty()).map(str::to_string);
    if hostport.is_empty() {
        return Err(crate::driver::DriverError::Url(format!(
            "invalid Cassandra URL {:?}: expected cassandra://host:9042/keyspace",
            crate::redact::url(url)
        )));
    }
    let host = if hostport.contains(':') { hostport.to_string() } else { format!("{hostport}:9042") };
    let user = auth.map(|a| {
        let (u, p) = a.split_once(':').unwrap_or((a, ""));
        (u.to_string(), p.to_string())
    });
    Ok(Target { host, user, keyspace })
}
