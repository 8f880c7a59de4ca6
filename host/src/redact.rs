//! Passwords never reach any output. This is the one place that hides them: every connection
//! string the user gives registers its secrets (see `dsn::secret_spans`: URL and Go DSN
//! passwords, `password=`-like parameters, raw and percent-decoded), and all text leaving the
//! process (log lines, errors, panics) is scrubbed of every registered secret.

use crate::dsn::secret_spans;
use std::sync::{Mutex, OnceLock};

fn secrets() -> &'static Mutex<Vec<String>> {
    static SECRETS: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Vec::new()))
}

/// Whether `s` may be a connection string (so its `key=value` parts are worth reading): a
/// column rule such as `passwd_col=text` must not make "text" a secret.
pub fn looks_like_connection(s: &str) -> bool {
    s.contains("://") || s.contains('@') || s.to_ascii_lowercase().contains("password=")
}

/// The secrets of a connection string as they may be printed: raw and percent-decoded.
pub fn secrets_of(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !looks_like_connection(url) {
        return out;
    }
    for span in secret_spans(url) {
        let raw = &url[span];
        for candidate in [raw.to_string(), percent_decode(raw)] {
            // One character cannot be scrubbed from free text without destroying it.
            if candidate.chars().count() >= 2 && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
    }
    out
}

/// Remember the secrets of a connection string for scrubbing.
pub fn register(url: &str) {
    let mut s = secrets().lock().unwrap_or_else(|e| e.into_inner());
    for candidate in secrets_of(url) {
        if !s.contains(&candidate) {
            s.push(candidate);
        }
    }
    // Longest first, so a secret that contains another is replaced whole.
    s.sort_by_key(|x| std::cmp::Reverse(x.len()));
}

/// `url` with each of its secrets replaced by `***`, for showing which server was meant.
pub fn url(url: &str) -> String {
    // Overlapping secrets are masked as one.
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for span in secret_spans(url) {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let mut out = String::with_capacity(url.len());
    let mut at = 0;
    for span in merged {
        out.push_str(&url[at..span.start]);
        out.push_str("***");
        at = span.end;
    }
    out.push_str(&url[at..]);
    scrub(&out)
}

/// `text` with every registered secret replaced by `***`.
pub fn scrub(text: &str) -> String {
    let s = secrets().lock().unwrap_or_else(|e| e.into_inner());
    scrub_with(text, &s)
}

/// `text` with each of `secrets` (longest first) replaced by `***`.
pub fn scrub_with(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "***");
        }
    }
    out
}

pub(crate) fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(s)).into_owned()
}

/// `%XX` escapes decoded to bytes; anything else kept as it is.
pub(crate) fn percent_decode_bytes(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_secrets() {
        assert_eq!(url("mysql://u:p%40ss@h/db"), "mysql://u:***@h/db");
        assert_eq!(url("u:p@s:s/w@tcp(h:3306)/db?password=x2"), "u:***@tcp(h:3306)/db?password=***");
        assert_eq!(url("postgres://root@localhost/db"), "postgres://root@localhost/db");
        assert_eq!(url("mongodb://u:pw9@a:1,b:2/db"), "mongodb://u:***@a:1,b:2/db");
    }

    #[test]
    fn registered_secrets_are_scrubbed_raw_and_decoded() {
        register("mysql://u:s%40cr%C3%A9t9@h/db");
        assert_eq!(scrub("bad password s@crét9 and s%40cr%C3%A9t9"), "bad password *** and ***");
        register("passwd_col=text");
        assert_eq!(scrub("text"), "text");
    }
}
