//! Reports and worker parts carry a SHA-256 of their own JSON, so one edited by hand (counts
//! zeroed, a key dropped) is refused where edg reads it back; and JSON leaves edg with U+2028
//! and U+2029 escaped, which JSON allows raw but JavaScript-based line readers do not.

use sha2::{Digest, Sha256};

fn digest(v: &serde_json::Value) -> String {
    format!("{:x}", Sha256::digest(serde_json::to_string(v).unwrap_or_default().as_bytes()))
}

/// `doc` as JSON with `field` holding the hash of the rest.
pub fn sealed<T: serde::Serialize>(doc: &T, field: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(doc).unwrap_or(serde_json::Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.shift_remove(field);
        let hash = digest(&serde_json::Value::Object(o.clone()));
        o.insert(field.to_string(), serde_json::Value::String(hash));
    }
    v
}

/// Why a sealed document was refused; the caller names the file.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("not a JSON object")]
    NotAnObject,
    #[error("it has no {0}; was it written by this edg?")]
    Unsealed(String),
    #[error("its {0} does not match its content; was it edited?")]
    Edited(String),
}

/// The JSON document in `text`, its `field` checked against its content (and removed).
pub fn unsealed(text: &str, field: &str) -> Result<serde_json::Value, SealError> {
    let mut v: serde_json::Value = serde_json::from_str(text).map_err(SealError::NotJson)?;
    let o = v.as_object_mut().ok_or(SealError::NotAnObject)?;
    let Some(serde_json::Value::String(hash)) = o.shift_remove(field) else {
        return Err(SealError::Unsealed(field.to_string()));
    };
    if digest(&v) != hash {
        return Err(SealError::Edited(field.to_string()));
    }
    Ok(v)
}

/// JSON text as edg writes it: pretty or one line, U+2028/U+2029 escaped.
pub fn text(v: &serde_json::Value, pretty: bool) -> String {
    let s = if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) }.unwrap_or_default();
    if s.contains(['\u{2028}', '\u{2029}']) {
        s.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_found_and_line_separators_escaped() {
        let doc = serde_json::json!({"passed": true, "note": "a\u{2028}b", "n": 0.1});
        let t = text(&sealed(&doc, "h"), true);
        assert!(t.contains("a\\u2028b") && !t.contains('\u{2028}'), "{t}");
        let back = unsealed(&t, "h").unwrap();
        assert_eq!(back, doc);
        let edited = t.replace("true", "false");
        assert!(unsealed(&edited, "h").unwrap_err().to_string().contains("does not match"));
        assert!(unsealed("{\"passed\": true}", "h").unwrap_err().to_string().contains("has no h"));
    }
}
