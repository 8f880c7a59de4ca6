//! Canonical forms, one per kind.

use edg_forms::days_from_civil;
use edg_plugin_sdk::{Timestamp, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Decimal,
    Float,
    /// A 4-byte float (PostgreSQL `real`, MySQL `FLOAT`, CQL `float`): the nearest single-precision
    /// value, so its shortest text on one engine and its exact double on another agree.
    Float32,
    Bool,
    Text,
    /// Fixed-width CHAR: trailing pad spaces are not data (MySQL strips them, PostgreSQL keeps them).
    Trim,
    Bytes,
    Date,
    Time,
    Timestamp,
    Uuid,
    Json,
    /// Keep the driver's value, canonicalising only what carries its own type.
    Raw,
}

impl Kind {
    pub fn from_rule(rule: &str) -> Option<Kind> {
        Some(match rule.to_ascii_lowercase().as_str() {
            "int" | "integer" => Kind::Int,
            "decimal" | "numeric" => Kind::Decimal,
            "float" | "double" => Kind::Float,
            "float32" | "real" => Kind::Float32,
            "bool" | "boolean" => Kind::Bool,
            "text" | "string" => Kind::Text,
            "trim" => Kind::Trim,
            "bytes" | "binary" => Kind::Bytes,
            "date" => Kind::Date,
            "time" => Kind::Time,
            "timestamp" | "datetime" => Kind::Timestamp,
            "uuid" => Kind::Uuid,
            "json" => Kind::Json,
            "raw" => Kind::Raw,
            _ => return None,
        })
    }
}

pub fn convert(kind: Kind, driver: &str, v: Value, precision: u8) -> Result<Value, String> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    Ok(match kind {
        Kind::Int => match v {
            Value::Int(i) => Value::Int(i),
            Value::Boolean(b) => Value::Int(b as i64),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(f as i64),
            other => {
                let s = text_of(&other)?;
                match s.trim().parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::Decimal(decimal(s.trim()).ok_or_else(|| format!("{s:?} is not an integer"))?),
                }
            }
        },
        Kind::Decimal => match v {
            Value::Int(i) => Value::Decimal(i.to_string()),
            Value::Float(f) if f.is_finite() => Value::Decimal(decimal(&format!("{f:e}")).expect("finite float")),
            other => {
                let s = text_of(&other)?;
                match decimal(s.trim()) {
                    Some(d) => Value::Decimal(d),
                    None => Value::Text(s.trim().to_ascii_uppercase()), // NaN, Infinity
                }
            }
        },
        Kind::Float => match v {
            Value::Float(f) => Value::Float(f),
            Value::Int(i) => Value::Float(i as f64),
            other => {
                let s = text_of(&other)?;
                Value::Float(parse_float(s.trim()).ok_or_else(|| format!("{s:?} is not a number"))?)
            }
        },
        Kind::Float32 => match v {
            Value::Float(f) => Value::Float(f as f32 as f64),
            Value::Int(i) => Value::Float(i as f32 as f64),
            other => {
                let s = text_of(&other)?;
                Value::Float(parse_float32(s.trim()).ok_or_else(|| format!("{s:?} is not a number"))?)
            }
        },
        Kind::Bool => match v {
            Value::Boolean(b) => Value::Boolean(b),
            Value::Int(i) => Value::Boolean(i != 0),
            Value::Float(f) => Value::Boolean(f != 0.0),
            Value::Bytes(b) if b.len() == 1 => Value::Boolean(b[0] != 0), // MySQL BIT(1)
            other => {
                let s = text_of(&other)?;
                Value::Boolean(match s.trim().to_ascii_lowercase().as_str() {
                    "t" | "true" | "1" | "y" | "yes" | "on" => true,
                    "f" | "false" | "0" | "n" | "no" | "off" => false,
                    _ => return Err(format!("{s:?} is not a boolean")),
                })
            }
        },
        Kind::Text => match v {
            Value::Bytes(b) => match String::from_utf8(b) {
                Ok(s) => Value::Text(s),
                Err(e) => Value::Bytes(e.into_bytes()),
            },
            other => Value::Text(text_of(&other)?),
        },
        Kind::Trim => Value::Text(text_of(&v)?.trim_end_matches(' ').to_string()),
        Kind::Bytes => match v {
            Value::Bytes(b) => Value::Bytes(b),
            Value::Text(s) if driver == "postgres" => Value::Bytes(pg_bytea(&s)?),
            Value::Text(s) => Value::Bytes(s.into_bytes()),
            other => Value::Bytes(text_of(&other)?.into_bytes()),
        },
        Kind::Date => match v {
            Value::Timestamp(t) => Value::Date(date_of(t.unix_seconds + offset_secs(&t))),
            other => {
                let s = text_of(&other)?;
                let s = s.trim();
                // `get`, not `[..10]`: byte 10 may fall inside a character of arbitrary text.
                match s.get(..10).filter(|d| parse_date(d).is_some()) {
                    Some(d) => Value::Date(d.to_string()),
                    None => return Err(format!("{s:?} is not a date")),
                }
            }
        },
        Kind::Time => Value::Time(time_of_day(text_of(&v)?.trim(), precision)?),
        Kind::Timestamp => match v {
            Value::Timestamp(t) => Value::Timestamp(utc(t.unix_seconds, t.nanos, precision)),
            Value::Int(secs) => Value::Timestamp(utc(secs, 0, precision)),
            Value::Float(f) => Value::Timestamp(utc(f.floor() as i64, ((f - f.floor()) * 1e9) as u32, precision)),
            other => {
                let s = text_of(&other)?;
                let (secs, nanos) = parse_timestamp(s.trim()).ok_or_else(|| format!("{s:?} is not a timestamp"))?;
                Value::Timestamp(utc(secs, nanos, precision))
            }
        },
        Kind::Uuid => match v {
            Value::Bytes(b) if b.len() == 16 => Value::Uuid(hyphenate(&hex(&b))),
            other => {
                let s = text_of(&other)?;
                let compact: String = s.trim().trim_matches(['{', '}']).chars().filter(|c| *c != '-').collect();
                if compact.len() == 32 && compact.chars().all(|c| c.is_ascii_hexdigit()) {
                    Value::Uuid(hyphenate(&compact.to_ascii_lowercase()))
                } else {
                    Value::Text(s) // not a UUID: compare as written
                }
            }
        },
        Kind::Json => {
            let s = match &v {
                Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                other => text_of(other)?,
            };
            match canonical_json(&s) {
                Some(j) => Value::Json(j),
                None => Value::Text(s),
            }
        }
        Kind::Raw => match v {
            Value::Decimal(d) => Value::Decimal(decimal(&d).unwrap_or(d)),
            Value::Json(j) => Value::Json(canonical_json(&j).unwrap_or(j)),
            Value::Timestamp(t) => Value::Timestamp(utc(t.unix_seconds, t.nanos, precision)),
            Value::Uuid(u) => Value::Uuid(u.to_ascii_lowercase()),
            other => other,
        },
    })
}

fn text_of(v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::Null => String::new(),
        Value::Boolean(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Decimal(s) | Value::Text(s) | Value::Date(s) | Value::Time(s) | Value::Uuid(s) | Value::Json(s) => {
            s.clone()
        }
        Value::Bytes(b) => {
            String::from_utf8(b.clone()).map_err(|_| "binary data where text was expected".to_string())?
        }
        Value::Timestamp(t) => format!("{}", t.unix_seconds),
        Value::List(_) => return Err("a list where a scalar was expected".into()),
    })
}

fn parse_float(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "nan" => Some(f64::NAN),
        "inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => s.parse().ok(),
    }
}

/// A number as the nearest single-precision value (parsed as one: going through a double first
/// could round twice), widened.
pub fn parse_float32(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "nan" | "inf" | "infinity" | "+infinity" | "-inf" | "-infinity" => parse_float(s),
        _ => s.parse::<f32>().ok().map(f64::from),
    }
}

/// `s` without a leading '+' (but not "+-…"), for the forms in `edg_forms`, which take none.
fn unplussed(s: &[u8]) -> Option<&[u8]> {
    match s.strip_prefix(b"+") {
        Some(rest) if rest.starts_with(b"-") => None,
        Some(rest) => Some(rest),
        None => Some(s),
    }
}

/// `decimal` for the plain form (no exponent; an optional sign) straight into `out`, without
/// allocating: the shape every SQL engine sends. None (and `out` untouched) for anything else.
pub fn decimal_into(s: &[u8], out: &mut Vec<u8>) -> Option<()> {
    edg_forms::decimal_into(unplussed(s)?, out)
}

/// A decimal integer, surrounding ASCII whitespace and a '+' allowed; None on overflow or
/// anything else.
pub fn int(s: &[u8]) -> Option<i64> {
    edg_forms::int(unplussed(s.trim_ascii())?)
}

/// Canonical decimal text: no exponent, no leading or trailing zeros, no "-0".
/// "364.80" → "364.8", "1e+06" → "1000000", "-0.0" → "0". None when not a finite number.
pub fn decimal(s: &str) -> Option<String> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = format!("{int_part}{frac_part}");
    let point = int_part.len() as i64 + exp; // position of the decimal point within `digits`
    if exp.abs() > 4096 {
        return None;
    }
    let (int_digits, frac_digits) = if point <= 0 {
        (String::new(), format!("{}{}", "0".repeat((-point) as usize), digits))
    } else if point as usize >= digits.len() {
        (format!("{digits}{}", "0".repeat(point as usize - digits.len())), String::new())
    } else {
        (digits[..point as usize].to_string(), digits[point as usize..].to_string())
    };
    let int_digits = int_digits.trim_start_matches('0');
    let frac_digits = frac_digits.trim_end_matches('0');
    let mut out = String::new();
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Some("0".into());
    }
    if neg {
        out.push('-');
    }
    out.push_str(if int_digits.is_empty() { "0" } else { int_digits });
    if !frac_digits.is_empty() {
        out.push('.');
        out.push_str(frac_digits);
    }
    Some(out)
}

fn pg_bytea(s: &str) -> Result<Vec<u8>, String> {
    let Some(h) = s.strip_prefix("\\x") else {
        return Ok(s.as_bytes().to_vec()); // escape format: rare, keep the text's bytes
    };
    if h.len() % 2 != 0 {
        return Err("odd-length bytea hex".into());
    }
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).map_err(|_| format!("invalid bytea hex {s:?}")))
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn hyphenate(h: &str) -> String {
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// JSON in one canonical text (see `edg_forms::json`), shared with the host.
pub fn canonical_json(s: &str) -> Option<String> {
    edg_forms::json::canonical(s)
}

fn date_of(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 };
    format!("{y:04}-{m:02}-{d:02}")
}

fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

fn offset_secs(t: &Timestamp) -> i64 {
    t.offset_minutes.unwrap_or(0) as i64 * 60
}

fn utc(secs: i64, nanos: u32, precision: u8) -> Timestamp {
    Timestamp {
        unix_seconds: secs,
        nanos: edg_forms::truncate_nanos(nanos, precision),
        precision,
        offset_minutes: None,
    }
}

/// A timestamp in the fixed form engines send (`edg_forms::timestamp`), in UTC at `precision`:
/// verify's hot path. Anything else is None and goes to `parse_timestamp`, which gives the same
/// answer for these forms.
pub fn timestamp_bytes(b: &[u8], precision: u8) -> Option<Timestamp> {
    edg_forms::timestamp(b).map(|(secs, nanos)| utc(secs, nanos, precision))
}

/// "2024-01-02 03:04:05.123456+02", "2024-01-02T03:04:05Z", "2024-01-02" → (unix seconds, nanos) in UTC.
pub fn parse_timestamp(s: &str) -> Option<(i64, u32)> {
    if s.len() < 10 {
        return s.parse::<i64>().ok().map(|secs| (secs, 0));
    }
    let days = parse_date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some((days * 86_400, 0));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    if rest.len() < 8 {
        return None;
    }
    let (clock, mut zone) = rest.split_at_checked(8)?;
    let mut hms = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    let mut nanos = 0u32;
    if let Some(f) = zone.strip_prefix('.') {
        let digits: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
        zone = &f[digits.len()..];
        let mut padded = digits.chars().take(9).collect::<String>();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
    }
    let zone = zone.trim();
    let offset_min: i64 = match zone {
        "" | "Z" | "z" | "UTC" | "+00" | "+00:00" => 0,
        z if z.starts_with('+') || z.starts_with('-') => {
            let digits: String = z[1..].chars().filter(|c| c.is_ascii_digit()).collect();
            let (hh, mm) = match digits.len() {
                2 => (digits.parse::<i64>().ok()?, 0),
                4 => (digits[..2].parse::<i64>().ok()?, digits[2..].parse::<i64>().ok()?),
                _ => return None,
            };
            let total = hh * 60 + mm;
            if z.starts_with('-') { -total } else { total }
        }
        _ => return None,
    };
    Some((days * 86_400 + h * 3600 + m * 60 + sec - offset_min * 60, nanos))
}

/// "HH:MM:SS[.ffffff][±zz]" → "HH:MM:SS[.f…]" with the fraction cut to `precision` digits.
fn time_of_day(s: &str, precision: u8) -> Result<String, String> {
    let (Some(base), Some(tail)) = (s.get(..8), s.get(8..)) else {
        return Err(format!("{s:?} is not a time of day"));
    };
    if base.as_bytes()[2] != b':' || base.as_bytes()[5] != b':' {
        return Err(format!("{s:?} is not a time of day"));
    }
    let frac: String = tail.strip_prefix('.').unwrap_or("").chars().take_while(|c| c.is_ascii_digit()).collect();
    let kept: String = frac.chars().take(precision as usize).collect();
    let kept = kept.trim_end_matches('0');
    Ok(if kept.is_empty() { base.to_string() } else { format!("{base}.{kept}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: text whose 10th or 8th byte falls inside a character trapped the guest.
    #[test]
    fn dates_times_and_timestamps_of_arbitrary_text_are_errors_not_panics() {
        assert_eq!(parse_timestamp("\u{cf}t\u{1f}\0\0\0\u{6}\u{1}\u{e9}x"), None);
        assert!(convert(Kind::Date, "postgres", Value::Text("2020-01-0\u{e9}".into()), 6).is_err());
        assert!(time_of_day("12:00:0\u{e9}", 6).is_err());
        assert_eq!(parse_timestamp("2020-01-02 03:04:05Z"), Some((1577934245, 0)));
    }

    #[test]
    fn byte_paths_agree_with_text_paths() {
        for s in ["364.80", "-0.50", "007", "0.000", "-0", "+12.3400", "1e3", "", "1.2.3", "abc", ".5", "5."] {
            let mut out = Vec::new();
            let fast = decimal_into(s.as_bytes(), &mut out).map(|_| String::from_utf8(out).unwrap());
            match fast {
                Some(f) => assert_eq!(Some(f), decimal(s), "{s}"),
                None => assert!(s.contains('e') || decimal(s).is_none(), "{s}"),
            }
        }
        for s in [
            "42",
            " -7 ",
            "+3",
            "999999999999999999",
            "-0000000000000000000012",
            "9223372036854775807",
            "-9223372036854775808",
        ] {
            assert_eq!(int(s.as_bytes()), s.trim().parse::<i64>().ok(), "{s}");
        }
        for s in ["9223372036854775808", "", "-", "1.0", "x"] {
            assert_eq!(int(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn decimals_compare_by_value() {
        assert_eq!(decimal("364.80").as_deref(), Some("364.8"));
        assert_eq!(decimal("364.8").as_deref(), Some("364.8"));
        assert_eq!(decimal("1e+06").as_deref(), Some("1000000"));
        assert_eq!(decimal("-0.00").as_deref(), Some("0"));
        assert_eq!(decimal("0012.0100").as_deref(), Some("12.01"));
        assert_eq!(decimal("1.5E-3").as_deref(), Some("0.0015"));
        assert_eq!(decimal("NaN"), None);
    }

    #[test]
    fn timestamp_bytes_agrees_with_the_general_parser() {
        for s in [
            "1970-01-01 00:00:01",
            "2024-02-29 23:59:59.123456",
            "2024-02-29T23:59:59.1234567891",
            "1999-12-31 10:00:00+02",
            "1999-12-31 10:00:00-05:30",
            "1999-12-31 10:00:00+0530",
            "2020-01-02 03:04:05Z",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59.999999",
            "2024-01-02 03:04:05.",
            "2024-13-02 03:04:05",
            "2024-01-02 03:04:05 +02",
            "2024-01-02 03:04:05+2",
            "2024-01-02 3:04:05",
            "12345-01-02 03:04:05",
        ] {
            for p in [0, 3, 6, 9] {
                let parts = |t: Timestamp| (t.unix_seconds, t.nanos, t.precision, t.offset_minutes);
                let general = parse_timestamp(s).map(|(secs, nanos)| parts(utc(secs, nanos, p)));
                // None: the general parser decides.
                if let Some(fast) = timestamp_bytes(s.as_bytes(), p) {
                    assert_eq!(Some(parts(fast)), general, "{s}");
                }
            }
        }
        assert!(timestamp_bytes(b"2024-02-29 23:59:59.123456", 6).is_some());
        assert!(timestamp_bytes(b"1999-12-31 10:00:00-05:30", 6).is_some());
    }

    #[test]
    fn timestamps_parse_to_utc() {
        assert_eq!(parse_timestamp("1970-01-01 00:00:01+00"), Some((1, 0)));
        assert_eq!(parse_timestamp("1970-01-01T02:00:01+02:00"), Some((1, 0)));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.25"), Some((1, 250_000_000)));
    }
}
