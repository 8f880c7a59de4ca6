//! Tests that need a server: without it they are skipped, saying why, unless `EDG_TEST_REQUIRE`
//! (a comma-separated list `.ci/run` sets to exactly what it starts) names it: then a missing
//! server fails the test, so CI cannot mistake a skipped test for a passing one.
//!
//! Names: `pg`, `mysql`, `mongo`, `crdb`, `cassandra` (the `EDG_TEST_*_URL` variables),
//! `private-pg`, `private-mariadb` (servers the tests start themselves: binaries and root),
//! `componentize-py` (the venv for Python plugins), `tls-listener` (socat, a TLS port for the
//! CQL connections' TLS).

/// Whether `EDG_TEST_REQUIRE` names `server`.
pub fn required(server: &str) -> bool {
    std::env::var("EDG_TEST_REQUIRE").is_ok_and(|list| list.split(',').any(|s| s.trim() == server))
}

/// `server` is not available, for `reason`: skip the test (the caller returns), or fail it when
/// it is required.
pub fn unavailable(server: &str, reason: &str) {
    if required(server) {
        panic!("EDG_TEST_REQUIRE names {server}, but {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// The URL variable of a URL-configured server.
pub fn url_var(server: &str) -> &'static str {
    match server {
        "pg" => "EDG_TEST_PG_URL",
        "mysql" => "EDG_TEST_MYSQL_URL",
        "mongo" => "EDG_TEST_MONGO_URL",
        "crdb" => "EDG_TEST_CRDB_URL",
        "cassandra" => "EDG_TEST_CASSANDRA_URL",
        other => panic!("needs!: unknown server {other:?}"),
    }
}

/// The server's URL, or None after `unavailable`.
pub fn url(server: &str) -> Option<String> {
    let var = url_var(server);
    match std::env::var(var) {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            unavailable(server, &format!("{var} not set"));
            None
        }
    }
}

/// `needs!(pg, mysql)` as a test's first line: the test returns early (skipped, with the
/// reason) unless every server named is configured; a server `EDG_TEST_REQUIRE` names fails it.
#[macro_export]
macro_rules! needs {
    ($($server:ident),+ $(,)?) => {
        $( if $crate::support::needs::url(stringify!($server)).is_none() { return; } )+
    };
}
