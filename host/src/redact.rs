//! Passwords never reach logs or errors: every URL the user gives registers its password, and
//! all text leaving the process is scrubbed of registered passwords.

use std::sync::{Mutex, OnceLock};

fn secrets() -> &'static Mutex<Vec<String>> {
    static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Vec::new()))
}

/// The password in `scheme://user:pass@host` or a Go MySQL DSN `user:pass@tcp(host)/db`.
pub fn password_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let at = rest.rfind('@')?;
    let userinfo = &rest[..at];
    if userinfo.contains('/') {
        return None;
    }
    let (_, pass) = userinfo.split_once(':')?;
    (!pass.is_empty()).then_some(pass)
}

/// Remember the password of `url` (and its percent-decoded form) for scrubbing.
pub fn register(url: &str) {
    if let Some(p) = password_of(url) {
        let mut s = secrets().lock().unwrap_or_else(|e| e.into_inner());
        for candidate in [p.to_string(), percent_decode(p)] {
            if candidate.len() >= 2 && !s.contains(&candidate) {
                s.push(candidate);
            }
        }
    }
}

/// `url` with its password replaced by `***`.
pub fn url(url: &str) -> String {
    match password_of(url) {
        Some(p) => url.replacen(&format!(":{p}@"), ":***@", 1),
        None => url.to_string(),
    }
}

/// `text` with every registered password replaced by `***`.
pub fn scrub(text: &str) -> String {
    let s = secrets().lock().unwrap_or_else(|e| e.into_inner());
    let mut out = text.to_string();
    for secret in s.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "***");
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_passwords_in_urls_and_dsns() {
        assert_eq!(password_of("postgres://root:s3cret@localhost:26257/db"), Some("s3cret"));
        assert_eq!(password_of("root:pw@tcp(localhost:3306)/defaultdb?parseTime=true"), Some("pw"));
        assert_eq!(password_of("postgres://root@localhost/db"), None);
        assert_eq!(password_of("/tmp/a.db"), None);
        assert_eq!(url("mysql://u:p%40ss@h/db"), "mysql://u:***@h/db");
    }
}
