//! Which URL schemes each driver speaks; each engine's own forms live in its folder
//! (`mysql/url.rs`, `sqlite/url.rs`).

/// A URL whose scheme the driver does not speak is refused before connecting (showing only
/// the scheme: the rest may hold a password).
pub fn check_scheme(driver: super::Driver, s: &str) -> Result<(), super::DriverError> {
    let id = driver.dialect().identity();
    let scheme = s.split_once("://").map(|(sc, _)| sc.to_ascii_lowercase());
    match scheme.as_deref() {
        Some(sc) if id.schemes.contains(&sc) => Ok(()),
        None if !id.scheme_required => Ok(()),
        _ => Err(super::DriverError::Url(format!(
            "the {} driver needs {}{}",
            id.names[0],
            id.url_form,
            scheme.map(|sc| format!(", not {sc}://")).unwrap_or_default()
        ))),
    }
}

/// The driver a URL's scheme names (`mysql://` → mysql), for a driver flag left at its
/// default; None for a scheme no engine takes, or none (a SQLite path).
pub fn driver_for(url: &str) -> Option<super::Driver> {
    let (scheme, _) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    super::Driver::ALL.into_iter().find(|d| d.dialect().identity().schemes.contains(&scheme.as_str()))
}

/// A TLS failure's message with what it usually means, as `psql` users know it.
pub fn tls_hint(message: String) -> String {
    if message.contains("UnknownIssuer") {
        format!(
            "{message} (the server's certificate was not issued by the CA given with sslrootcert= / ssl-ca=, or, without one, by a public CA)"
        )
    } else if message.contains("NotValidForName") || message.contains("certificate not valid for name") {
        format!(
            "{message} (the server's certificate does not name the host in the URL; connect by the name it was issued for, or use sslmode=verify-ca / ssl-mode=VERIFY_CA)"
        )
    } else {
        message
    }
}

/// Which database a connection string points at, without user, password or parameters:
/// `postgres 127.0.0.1:5432/test`, `sqlite /tmp/s.db`. Reports, plans and parts record it, so a
/// re-check or a merge is never applied to another pair of databases.
pub fn identity(driver: super::Driver, s: &str) -> String {
    let place = match driver {
        super::Driver::Sqlite => super::sqlite::url::identity(s),
        _ => match crate::dsn::go_dsn(s) {
            Some(d) => format!("{}/{}", d.net, d.db),
            None => {
                let rest = s.split_once("://").map_or(s, |(_, r)| r);
                let rest = rest.split(['?', '#']).next().unwrap_or("");
                // The userinfo ends at the last '@' (a password may hold '/' or '@').
                rest.rsplit_once('@').map_or(rest, |(_, host)| host).to_string()
            }
        },
    };
    format!("{} {place}", driver.family())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::Driver;

    #[test]
    fn identities_leave_out_users_passwords_and_parameters() {
        let id = |d, s| identity(d, s);
        assert_eq!(id(Driver::Postgres, "postgres://u:p@ss/w@db:5432/test?sslmode=require"), "postgres db:5432/test");
        assert_eq!(id(Driver::Postgres, "postgres://db:5432/test"), "postgres db:5432/test");
        assert_eq!(id(Driver::MySql, "root:pw@tcp(h:3306)/app?parseTime=true"), "mysql tcp(h:3306)/app");
        assert_eq!(id(Driver::MySql, "mysql://root@h:3306/app"), "mysql h:3306/app");
        assert_eq!(id(Driver::Sqlite, ":memory:"), "sqlite :memory:");
    }
}
