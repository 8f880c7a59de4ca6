//! The anatomy of connection strings: where the user, the password and the parameters of a
//! URL (`scheme://user:pass@host/db?k=v`) or a Go MySQL DSN (`user:pass@tcp(host)/db?k=v`) are.
//! Both the MySQL driver (to connect) and the redactor (to hide passwords) read them here, so
//! what edg connects with is exactly what it hides.

use std::ops::Range;

/// A Go MySQL DSN, `[user[:password]@][net[(addr)]]/dbname[?params]`, split as the Go driver
/// splits it: at the last `/`, then at the last `@` before it, then at the first `:` of the
/// user part. So a password may hold `@`, `:` and `/`.
#[derive(Debug, PartialEq, Eq)]
pub struct GoDsn<'a> {
    pub user: &'a str,
    pub password: Option<Range<usize>>,
    /// `tcp(host:port)`, `unix(/path)`, or empty.
    pub net: &'a str,
    pub db: &'a str,
    pub params: &'a str,
    /// Where `params` starts in the DSN.
    pub params_at: usize,
}

/// `s` as a Go DSN; `None` for a URL (`scheme://…`) or a string without the `/` every DSN has.
pub fn go_dsn(s: &str) -> Option<GoDsn<'_>> {
    if s.contains("://") {
        return None;
    }
    let slash = s.rfind('/')?;
    let left = &s[..slash];
    let (user, password, net) = match left.rfind('@') {
        Some(at) => {
            let userinfo = &left[..at];
            match userinfo.find(':') {
                Some(colon) => (&userinfo[..colon], Some(colon + 1..at), &left[at + 1..]),
                None => (userinfo, None, &left[at + 1..]),
            }
        }
        None => ("", None, left),
    };
    let tail = &s[slash + 1..];
    let (db, params, params_at) = match tail.find('?') {
        Some(q) => (&tail[..q], &tail[q + 1..], slash + 1 + q + 1),
        None => (tail, "", s.len()),
    };
    Some(GoDsn { user, password, net, db, params, params_at })
}

/// The password in a URL's userinfo, read two ways. As URL parsers read it (what the driver
/// will use): the authority ends at the first `/`, `?` or `#`, the userinfo at its last `@`.
/// And greedily, to the last `@` before the query, so a password with a raw `/` (which the
/// driver would misread) is still never shown. Both may be found; each is a secret.
fn url_passwords(s: &str) -> Vec<Range<usize>> {
    let Some(start) = s.find("://").map(|i| i + 3) else { return Vec::new() };
    let mut out = Vec::new();
    for stops in [&['/', '?', '#'][..], &['?', '#'][..]] {
        let end = s[start..].find(stops).map_or(s.len(), |i| start + i);
        if let Some(at) = s[start..end].rfind('@').map(|i| start + i)
            && let Some(colon) = s[start..at].find(':').map(|i| start + i)
            && !out.contains(&(colon + 1..at))
        {
            out.push(colon + 1..at);
        }
    }
    out
}

/// Parameter names whose values are secrets: `password=`, `pwd=`, `sslpassword=`, `passwd=`,
/// tokens and secrets, in URL queries, Go DSN parameters and `key=value` strings alike.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("pass") || k == "pwd" || k.ends_with("pwd") || k.contains("secret") || k.contains("token")
}

/// Values of secret `key=value` parameters anywhere in `s` (separated by `&`, `;`, `?` or spaces).
fn secret_params(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let is_sep = |c: char| c == '&' || c == ';' || c == '?' || c.is_whitespace();
    let mut start = 0;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if !is_sep(c) {
            continue;
        }
        let part = &s[start..i];
        if let Some(eq) = part.find('=') {
            let key = part[..eq].rsplit(['/', ':', ',']).next().unwrap_or("");
            if is_secret_key(key) && eq + 1 < part.len() {
                out.push(start + eq + 1..i);
            }
        }
        start = i + c.len_utf8();
    }
    out
}

/// Byte ranges of every secret in a connection string: the userinfo password of a URL or Go
/// DSN, and the values of password-like parameters. Ranges may overlap.
pub fn secret_spans(s: &str) -> Vec<Range<usize>> {
    let mut spans = url_passwords(s);
    if spans.is_empty()
        && let Some(p) = go_dsn(s).and_then(|d| d.password)
    {
        spans.push(p);
    }
    spans.extend(secret_params(s));
    spans.retain(|r| !r.is_empty());
    spans.sort_by_key(|r| r.start);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(s: &str) -> Vec<&str> {
        secret_spans(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn finds_every_kind_of_password() {
        assert_eq!(secrets("postgres://root:s3cret@localhost:26257/db"), ["s3cret"]);
        assert_eq!(secrets("postgres://root@localhost/db?password=pw1&sslmode=disable"), ["pw1"]);
        assert_eq!(secrets("postgres://u@h/db?sslpassword=k3y"), ["k3y"]);
        assert_eq!(secrets("root:pw@tcp(localhost:3306)/defaultdb?parseTime=true"), ["pw"]);
        assert_eq!(secrets("root:p@s:s/w@tcp(localhost:3306)/db"), ["p@s:s/w"]);
        assert_eq!(secrets("mongodb://u:m0ng0@h1:27017,h2:27017/db?replicaSet=rs"), ["m0ng0"]);
        assert_eq!(secrets("mysql://u:p@ss@h/db"), ["p@ss"]);
        assert_eq!(secrets("mysql://u:p%40ss@h/d@b"), ["p%40ss", "p%40ss@h/d"]);
        assert_eq!(secrets("postgres://u:pa/ss@h/db"), ["pa/ss"]);
        assert_eq!(secrets("mysql://u:p%40ss@h/db"), ["p%40ss"]);
        assert_eq!(secrets("postgres://u:pässwörd@h/db"), ["pässwörd"]);
        assert_eq!(secrets("host=h user=u password=kv1 dbname=d"), ["kv1"]);
        assert_eq!(secrets("Server=h;Pwd=ado1;"), ["ado1"]);
        assert!(secrets("postgres://root@localhost/db").is_empty());
        assert!(secrets("/tmp/a.db").is_empty());
    }

    #[test]
    fn go_dsns_split_like_the_go_driver() {
        let d = go_dsn("u:p@ss:w/rd@tcp(h:3306)/db?tls=true").unwrap();
        assert_eq!(d.user, "u");
        assert_eq!(&"u:p@ss:w/rd@tcp(h:3306)/db?tls=true"[d.password.unwrap()], "p@ss:w/rd");
        assert_eq!((d.net, d.db, d.params), ("tcp(h:3306)", "db", "tls=true"));
        let d = go_dsn("/db").unwrap();
        assert_eq!((d.user, d.net, d.db), ("", "", "db"));
        assert!(go_dsn("mysql://u@h/db").is_none());
        assert!(go_dsn("no-slash").is_none());
    }
}
