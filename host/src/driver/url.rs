//! Which URL schemes each driver speaks; each engine's own forms live in its folder
//! (`mysql/url.rs`, `sqlite/url.rs`).

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
