//! Values as SQL literals, correct for each dialect. Seed statements inline their values (as
//! edg does, and so one multi-row INSERT carries a whole batch); this is the one place that
//! decides how a value is spelled, so nothing is ever spliced in as raw text.

use super::Driver;
use crate::expr::{EValue, plain, to_json};

/// A value the database cannot be given as written.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum LiteralError {
    #[error("PostgreSQL text cannot contain NUL characters")]
    Nul,
    #[error("{0} cannot be written as JSON")]
    JsonFloat(f64),
    #[error("{value} cannot be stored in {driver}")]
    Float { value: String, driver: &'static str },
}

pub fn literal(v: &EValue, driver: Driver, backslash_escapes: bool) -> Result<String, LiteralError> {
    if driver == Driver::MongoDb {
        return json_literal(v);
    }
    if driver == Driver::Cassandra {
        return cql_literal(v);
    }
    Ok(match v {
        EValue::Nil => "NULL".into(),
        EValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        EValue::Integer(i) => i.to_string(),
        EValue::Float(f) => float(*f, driver)?,
        EValue::String(s) => string(s, driver, backslash_escapes)?,
        EValue::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            match driver {
                // X'..' is a bit string in PostgreSQL, not bytea.
                Driver::Postgres => format!("'\\x{hex}'::bytea"),
                _ => format!("X'{hex}'"),
            }
        }
        EValue::Array(_) | EValue::Map(_) | EValue::KeyedMap(_) => {
            string(&to_json(v).to_string(), driver, backslash_escapes)?
        }
    })
}

/// One value in PostgreSQL's COPY text format (tab-separated, `\N` for NULL).
pub fn copy_text(v: &EValue, out: &mut String) -> Result<(), LiteralError> {
    use std::fmt::Write;
    match v {
        EValue::Nil => out.push_str("\\N"),
        EValue::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        EValue::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        EValue::Float(f) => {
            if f.is_finite() {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    let _ = write!(out, "{}", *f as i64);
                } else {
                    let _ = write!(out, "{f}");
                }
            } else {
                out.push_str(if f.is_nan() {
                    "NaN"
                } else if *f > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                });
            }
        }
        EValue::String(s) => copy_escape(s, out)?,
        EValue::Bytes(b) => {
            // bytea hex input, its backslash escaped for COPY.
            out.push_str("\\\\x");
            for x in b {
                let _ = write!(out, "{x:02x}");
            }
        }
        other => copy_escape(&to_json(other).to_string(), out)?,
    }
    Ok(())
}

fn copy_escape(s: &str, out: &mut String) -> Result<(), LiteralError> {
    // Most generated text needs no escape: copy it whole.
    if !s.bytes().any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r' | 0)) {
        out.push_str(s);
        return Ok(());
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => return Err(LiteralError::Nul),
            c => out.push(c),
        }
    }
    Ok(())
}

/// MongoDB commands are Extended JSON: values are JSON, bytes are `$binary`.
fn json_literal(v: &EValue) -> Result<String, LiteralError> {
    Ok(match v {
        EValue::Float(f) if !f.is_finite() => return Err(LiteralError::JsonFloat(*f)),
        EValue::Float(f) => float(*f, Driver::MongoDb)?,
        // Without the client nothing renders for MongoDB (the driver flag is refused).
        #[cfg(feature = "mongodb")]
        EValue::Bytes(b) => {
            let bin = mongodb::bson::Bson::Binary(mongodb::bson::Binary {
                subtype: mongodb::bson::spec::BinarySubtype::Generic,
                bytes: b.clone(),
            });
            bin.into_canonical_extjson().to_string()
        }
        other => to_json(other).to_string(),
    })
}

/// CQL literals: UUID-shaped text stays unquoted (it must reach uuid columns as a UUID, as
/// in edg), blobs are 0x…, NaN and Infinity are keywords.
fn cql_literal(v: &EValue) -> Result<String, LiteralError> {
    Ok(match v {
        EValue::Nil => "null".into(),
        EValue::Bool(b) => b.to_string(),
        EValue::Integer(i) => i.to_string(),
        EValue::Float(f) if f.is_nan() => "NaN".into(),
        EValue::Float(f) if f.is_infinite() => if *f > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        EValue::Float(f) => float(*f, Driver::Cassandra)?,
        EValue::String(s) if is_uuid(s) => s.clone(),
        EValue::String(s) => format!("'{}'", s.replace('\'', "''")),
        EValue::Bytes(b) => format!("0x{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        other => format!("'{}'", to_json(other).to_string().replace('\'', "''")),
    })
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { c == '-' } else { c.is_ascii_hexdigit() })
}

pub(crate) fn float(f: f64, driver: Driver) -> Result<String, LiteralError> {
    if f.is_finite() {
        // Integral values print without a fraction, as edg does ("%d"); Rust's Display never
        // uses an exponent and gives the shortest text that reads back as the same f64.
        return Ok(if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") });
    }
    match driver {
        Driver::Postgres => Ok(format!(
            "'{}'::float8",
            if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            }
        )),
        _ => Err(LiteralError::Float { value: plain(&EValue::Float(f)), driver: driver.flag_name() }),
    }
}

fn string(s: &str, driver: Driver, backslash_escapes: bool) -> Result<String, LiteralError> {
    if s.contains('\0') && driver == Driver::Postgres {
        return Err(LiteralError::Nul);
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if backslash_escapes => out.push_str("\\\\"),
            '\0' if backslash_escapes => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('\'');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_spell_values_correctly() {
        let s = EValue::String("it's a \\ path".into());
        assert_eq!(literal(&s, Driver::Postgres, false).unwrap(), "'it''s a \\ path'");
        assert_eq!(literal(&s, Driver::MySql, true).unwrap(), "'it''s a \\\\ path'");
        assert_eq!(literal(&EValue::Bytes(vec![1, 255]), Driver::Postgres, false).unwrap(), "'\\x01ff'::bytea");
        assert_eq!(literal(&EValue::Bytes(vec![1, 255]), Driver::MySql, true).unwrap(), "X'01ff'");
        assert_eq!(literal(&EValue::Float(199.2), Driver::MySql, true).unwrap(), "199.2");
        assert_eq!(literal(&EValue::Float(5.0), Driver::Sqlite, false).unwrap(), "5");
        assert_eq!(literal(&EValue::Nil, Driver::Sqlite, false).unwrap(), "NULL");
        assert_eq!(literal(&EValue::String("a\"b".into()), Driver::MongoDb, false).unwrap(), "\"a\\\"b\"");
        assert_eq!(literal(&EValue::Nil, Driver::MongoDb, false).unwrap(), "null");
        let uuid = EValue::String("0e1b2c3d-0000-4000-8000-00000000abcd".into());
        assert_eq!(literal(&uuid, Driver::Cassandra, false).unwrap(), "0e1b2c3d-0000-4000-8000-00000000abcd");
        assert_eq!(literal(&EValue::String("it's".into()), Driver::Cassandra, false).unwrap(), "'it''s'");
        assert_eq!(literal(&EValue::Bytes(vec![10, 255]), Driver::Cassandra, false).unwrap(), "0x0aff");
        let mut row = String::new();
        for v in [EValue::String("a\tb\\c\n".into()), EValue::Nil, EValue::Bytes(vec![1]), EValue::Float(2.5)] {
            copy_text(&v, &mut row).unwrap();
            row.push('|');
        }
        assert_eq!(row, "a\\tb\\\\c\\n|\\N|\\\\x01|2.5|");
    }
}
