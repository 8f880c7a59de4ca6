//! Values across CQL: generated values bound to typed columns, and CQL values read back as
//! canonical ones (varints, decimals, dates, timestamps, collections as JSON).

use crate::expr::{EValue, plain, to_json};
use crate::value::{Timestamp, Value};
use scylla::cluster::metadata::{CollectionType, ColumnType, NativeType};
use scylla::value::{Counter, CqlDate, CqlDecimal, CqlTime, CqlTimestamp, CqlValue, CqlVarint};

/// Two's-complement big-endian bytes as decimal text.
fn varint_text(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "0".into();
    }
    let negative = bytes[0] & 0x80 != 0;
    let mut mag: Vec<u8> = if negative {
        // Negate: invert and add one.
        let mut v: Vec<u8> = bytes.iter().map(|b| !b).collect();
        for b in v.iter_mut().rev() {
            let (s, carry) = b.overflowing_add(1);
            *b = s;
            if !carry {
                break;
            }
        }
        v
    } else {
        bytes.to_vec()
    };
    let mut digits = Vec::new();
    while mag.iter().any(|b| *b != 0) {
        let mut rem = 0u32;
        for b in mag.iter_mut() {
            let cur = (rem << 8) | *b as u32;
            *b = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.reverse();
    let s = String::from_utf8(digits).expect("ascii digits");
    if negative { format!("-{s}") } else { s }
}

fn decimal_text(bytes: &[u8], scale: i32) -> String {
    let int = varint_text(bytes);
    let (neg, digits) = match int.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, int),
    };
    let body = if scale <= 0 {
        format!("{digits}{}", "0".repeat((-scale) as usize))
    } else {
        let scale = scale as usize;
        let padded =
            if digits.len() <= scale { format!("{}{digits}", "0".repeat(scale + 1 - digits.len())) } else { digits };
        format!("{}.{}", &padded[..padded.len() - scale], &padded[padded.len() - scale..])
    };
    if neg { format!("-{body}") } else { body }
}

fn json(v: &CqlValue) -> serde_json::Value {
    use serde_json::Value as J;
    match from_cql(Some(v)) {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(b),
        Value::Int(i) => J::from(i),
        Value::Float(f) => serde_json::Number::from_f64(f).map(J::Number).unwrap_or(J::Null),
        Value::Json(j) => serde_json::from_str(&j).unwrap_or(J::String(j)),
        other => J::String(other.to_string()),
    }
}

/// A CQL value as a host value; collections, tuples and UDTs become JSON.
pub fn from_cql(v: Option<&CqlValue>) -> Value {
    let Some(v) = v else { return Value::Null };
    match v {
        CqlValue::Ascii(s) | CqlValue::Text(s) => Value::Text(s.clone()),
        CqlValue::Boolean(b) => Value::Bool(*b),
        CqlValue::Blob(b) => Value::Bytes(b.clone()),
        CqlValue::Counter(c) => Value::Int(c.0),
        CqlValue::Decimal(d) => {
            let (bytes, scale) = d.as_signed_be_bytes_slice_and_exponent();
            Value::Decimal(decimal_text(bytes, scale))
        }
        CqlValue::Varint(v) => {
            let text = varint_text(v.as_signed_bytes_be_slice());
            text.parse::<i64>().map(Value::Int).unwrap_or(Value::Decimal(text))
        }
        CqlValue::Date(d) => {
            let days = d.0 as i64 - (1i64 << 31);
            let (y, m, dd) = crate::value::civil_from_days(days);
            Value::Date(format!("{y:04}-{m:02}-{dd:02}"))
        }
        CqlValue::Double(f) => Value::Float(*f),
        // Through its shortest text, so 1.1f32 compares equal to a REAL 1.1 elsewhere.
        CqlValue::Float(f) => Value::Float(f.to_string().parse().unwrap_or(*f as f64)),
        CqlValue::Int(i) => Value::Int(*i as i64),
        CqlValue::BigInt(i) => Value::Int(*i),
        CqlValue::SmallInt(i) => Value::Int(*i as i64),
        CqlValue::TinyInt(i) => Value::Int(*i as i64),
        CqlValue::Timestamp(t) => Value::Timestamp(Timestamp {
            unix_seconds: t.0.div_euclid(1000),
            nanos: (t.0.rem_euclid(1000) * 1_000_000) as u32,
            precision: 3,
            offset_minutes: Some(0),
        }),
        CqlValue::Time(t) => {
            let ns = t.0;
            let secs = ns / 1_000_000_000;
            let frac = ns % 1_000_000_000;
            let base = format!("{:02}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60);
            Value::Time(if frac == 0 { base } else { format!("{base}.{}", format!("{frac:09}").trim_end_matches('0')) })
        }
        CqlValue::Uuid(u) => Value::Uuid(u.to_string()),
        CqlValue::Timeuuid(u) => Value::Uuid(u.to_string()),
        CqlValue::Inet(ip) => Value::Text(ip.to_string()),
        CqlValue::Empty => Value::Null,
        CqlValue::List(items) | CqlValue::Set(items) | CqlValue::Vector(items) => {
            Value::Json(serde_json::Value::Array(items.iter().map(json).collect()).to_string())
        }
        CqlValue::Tuple(items) => Value::Json(
            serde_json::Value::Array(
                items.iter().map(|i| i.as_ref().map(json).unwrap_or(serde_json::Value::Null)).collect(),
            )
            .to_string(),
        ),
        CqlValue::Map(pairs) => Value::Json(
            serde_json::Value::Object(pairs.iter().map(|(k, v)| (from_cql(Some(k)).to_string(), json(v))).collect())
                .to_string(),
        ),
        CqlValue::UserDefinedType { fields, .. } => Value::Json(
            serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_ref().map(json).unwrap_or(serde_json::Value::Null)))
                    .collect(),
            )
            .to_string(),
        ),
        other => Value::Text(other.to_string()),
    }
}

/// Decimal text ("-12.50") as a two's-complement big-endian integer and a scale.
fn decimal_parts(text: &str) -> Option<(Vec<u8>, i32)> {
    let t = text.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Magnitude in base 256, big-endian, by repeated multiply-and-add.
    let mut mag: Vec<u8> = vec![0];
    for d in int.bytes().chain(frac.bytes()) {
        let mut carry = (d - b'0') as u32;
        for byte in mag.iter_mut().rev() {
            let v = *byte as u32 * 10 + carry;
            *byte = v as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            mag.insert(0, carry as u8);
            carry >>= 8;
        }
    }
    // Room for the sign bit, then two's complement for negatives.
    if mag[0] & 0x80 != 0 {
        mag.insert(0, 0);
    }
    if neg && mag.iter().any(|b| *b != 0) {
        for b in mag.iter_mut() {
            *b = !*b;
        }
        for b in mag.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
    }
    Some((mag, frac.len() as i32))
}

/// "YYYY-MM-DD[ T]HH:MM:SS[.fff][Z|±HH[:MM]]", a bare date, or epoch milliseconds →
/// milliseconds since the epoch (UTC). A timestamp without a zone is UTC.
fn timestamp_ms(v: &EValue) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = match v {
        EValue::Integer(ms) => return Some(*ms),
        EValue::String(s) => s.trim(),
        _ => return None,
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    }
    let s = s.replacen('t', "T", 1).replacen(' ', "T", 1);
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(&s);
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%#z") {
        return Some(t.timestamp_millis());
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc().timestamp_millis())
}

/// "YYYY-MM-DD" → days since 1970-01-01 (a real calendar date: no February 30th).
fn date_days(s: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// A generated value the bound column's type cannot hold.
#[derive(Debug, thiserror::Error)]
#[error("cannot bind {value} to a {typ} column")]
pub struct BindError {
    value: String,
    typ: String,
}

/// A generated value as the CQL value a bound column of type `typ` takes.
pub fn to_cql(v: &EValue, typ: &ColumnType<'_>) -> Result<Option<CqlValue>, BindError> {
    if matches!(v, EValue::Nil) {
        return Ok(None);
    }
    let bad = || BindError { value: plain(v), typ: format!("{typ:?}") };
    let int = || -> Result<i64, BindError> {
        match v {
            EValue::Integer(i) => Ok(*i),
            EValue::Float(f) if f.fract() == 0.0 => Ok(*f as i64),
            EValue::String(s) => s.trim().parse().map_err(|_| bad()),
            EValue::Bool(b) => Ok(*b as i64),
            _ => Err(bad()),
        }
    };
    let float = || -> Result<f64, BindError> {
        match v {
            EValue::Integer(i) => Ok(*i as f64),
            EValue::Float(f) => Ok(*f),
            EValue::String(s) => s.trim().parse().map_err(|_| bad()),
            _ => Err(bad()),
        }
    };
    let text = || match v {
        EValue::Array(_) | EValue::Map(_) | EValue::KeyedMap(_) => to_json(v).to_string(),
        other => plain(other),
    };
    Ok(Some(match typ {
        ColumnType::Native(n) => match n {
            NativeType::Ascii => CqlValue::Ascii(text()),
            NativeType::Text => CqlValue::Text(text()),
            NativeType::Boolean => match v {
                EValue::Bool(b) => CqlValue::Boolean(*b),
                EValue::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                    CqlValue::Boolean(s.eq_ignore_ascii_case("true"))
                }
                _ => CqlValue::Boolean(int()? != 0),
            },
            NativeType::TinyInt => CqlValue::TinyInt(i8::try_from(int()?).map_err(|_| bad())?),
            NativeType::SmallInt => CqlValue::SmallInt(i16::try_from(int()?).map_err(|_| bad())?),
            NativeType::Int => CqlValue::Int(i32::try_from(int()?).map_err(|_| bad())?),
            NativeType::BigInt => CqlValue::BigInt(int()?),
            NativeType::Counter => CqlValue::Counter(Counter(int()?)),
            NativeType::Float => CqlValue::Float(float()? as f32),
            NativeType::Double => CqlValue::Double(float()?),
            NativeType::Decimal => {
                let t = match v {
                    EValue::Float(f) => f.to_string(),
                    other => plain(other),
                };
                let (bytes, scale) = decimal_parts(&t).ok_or_else(bad)?;
                CqlValue::Decimal(CqlDecimal::from_signed_be_bytes_and_exponent(bytes, scale))
            }
            NativeType::Varint => {
                let (bytes, scale) = decimal_parts(&plain(v)).ok_or_else(bad)?;
                if scale != 0 {
                    return Err(bad());
                }
                CqlValue::Varint(CqlVarint::from_signed_bytes_be(bytes))
            }
            NativeType::Uuid | NativeType::Timeuuid => {
                let u = uuid::Uuid::parse_str(plain(v).trim()).map_err(|_| bad())?;
                if matches!(n, NativeType::Timeuuid) { CqlValue::Timeuuid(u.into()) } else { CqlValue::Uuid(u) }
            }
            NativeType::Timestamp => CqlValue::Timestamp(CqlTimestamp(timestamp_ms(v).ok_or_else(bad)?)),
            NativeType::Date => {
                let days = date_days(plain(v).trim().get(..10).ok_or_else(bad)?).ok_or_else(bad)?;
                CqlValue::Date(CqlDate((days + (1i64 << 31)) as u32))
            }
            NativeType::Time => {
                let t = plain(v);
                let parts: Vec<&str> = t.trim().split([':', '.']).collect();
                let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i64>().ok());
                let (h, m, s) = (num(0).ok_or_else(bad)?, num(1).ok_or_else(bad)?, num(2).unwrap_or(0));
                let frac = parts.get(3).map(|f| format!("{f:0<9}")[..9].parse::<i64>().unwrap_or(0)).unwrap_or(0);
                CqlValue::Time(CqlTime(((h * 60 + m) * 60 + s) * 1_000_000_000 + frac))
            }
            NativeType::Blob => match v {
                EValue::Bytes(b) => CqlValue::Blob(b.clone()),
                EValue::String(s) => {
                    let hex = s.trim_start_matches("\\x").trim_start_matches("0x");
                    let bytes: Option<Vec<u8>> =
                        (0..hex.len() / 2).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect();
                    CqlValue::Blob(bytes.filter(|_| hex.len() % 2 == 0).ok_or_else(bad)?)
                }
                _ => return Err(bad()),
            },
            NativeType::Inet => CqlValue::Inet(plain(v).trim().parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        },
        ColumnType::Collection { typ: CollectionType::List(inner), .. }
        | ColumnType::Collection { typ: CollectionType::Set(inner), .. } => {
            let EValue::Array(items) = v else { return Err(bad()) };
            let values = items
                .iter()
                .map(|i| to_cql(i, inner).map(|x| x.unwrap_or(CqlValue::Empty)))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(typ, ColumnType::Collection { typ: CollectionType::Set(_), .. }) {
                CqlValue::Set(values)
            } else {
                CqlValue::List(values)
            }
        }
        ColumnType::Collection { typ: CollectionType::Map(k, val), .. } => {
            let EValue::Map(m) = v else { return Err(bad()) };
            let pairs = m
                .iter()
                .map(|(key, x)| {
                    let key = to_cql(&EValue::String(key.clone()), k)?.unwrap_or(CqlValue::Empty);
                    Ok((key, to_cql(x, val)?.unwrap_or(CqlValue::Empty)))
                })
                .collect::<Result<Vec<_>, BindError>>()?;
            CqlValue::Map(pairs)
        }
        _ => return Err(bad()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_values_bind_to_cql_types() {
        let native = |n| ColumnType::Native(n);
        let dec = to_cql(&EValue::String("-12.50".into()), &native(NativeType::Decimal)).unwrap().unwrap();
        let CqlValue::Decimal(d) = &dec else { panic!("{dec:?}") };
        let (bytes, scale) = d.as_signed_be_bytes_slice_and_exponent();
        assert_eq!((decimal_text(bytes, scale), scale), ("-12.50".to_string(), 2));
        let big = to_cql(&EValue::Float(199.2), &native(NativeType::Decimal)).unwrap().unwrap();
        let CqlValue::Decimal(d) = &big else { panic!() };
        let (bytes, scale) = d.as_signed_be_bytes_slice_and_exponent();
        assert_eq!(decimal_text(bytes, scale), "199.2");
        assert_eq!(to_cql(&EValue::Integer(7), &native(NativeType::Int)).unwrap(), Some(CqlValue::Int(7)));
        assert!(to_cql(&EValue::Integer(1 << 40), &native(NativeType::Int)).is_err());
        assert_eq!(to_cql(&EValue::Integer(7), &native(NativeType::Text)).unwrap(), Some(CqlValue::Text("7".into())));
        assert_eq!(to_cql(&EValue::Nil, &native(NativeType::Text)).unwrap(), None);
        let u =
            to_cql(&EValue::String("0e1b2c3d-0000-4000-8000-00000000abcd".into()), &native(NativeType::Uuid)).unwrap();
        assert!(matches!(u, Some(CqlValue::Uuid(_))));
        assert_eq!(
            to_cql(&EValue::String("2024-01-01 00:00:01.5".into()), &native(NativeType::Timestamp)).unwrap(),
            Some(CqlValue::Timestamp(CqlTimestamp(1_704_067_201_500)))
        );
        assert_eq!(
            to_cql(&EValue::String("2024-01-01".into()), &native(NativeType::Date)).unwrap(),
            Some(CqlValue::Date(CqlDate((1u32 << 31) + 19_723)))
        );
        assert!(to_cql(&EValue::String("not a uuid".into()), &native(NativeType::Uuid)).is_err());
        let list =
            ColumnType::Collection { frozen: false, typ: CollectionType::List(Box::new(native(NativeType::Int))) };
        assert_eq!(
            to_cql(&EValue::Array(vec![EValue::Integer(1), EValue::Integer(2)]), &list).unwrap(),
            Some(CqlValue::List(vec![CqlValue::Int(1), CqlValue::Int(2)]))
        );
    }

    #[test]
    fn timestamps_and_dates_in_every_form() {
        let ms = |s: &str| timestamp_ms(&EValue::String(s.into()));
        assert_eq!(ms("1970-01-01"), Some(0));
        assert_eq!(ms("1970-01-01 00:00:01"), Some(1000));
        assert_eq!(ms("1970-01-01T00:00:01.25Z"), Some(1250));
        assert_eq!(ms("1970-01-01 02:00:01+02"), Some(1000));
        assert_eq!(ms("1970-01-01 02:00:01+02:00"), Some(1000));
        assert_eq!(ms("1969-12-31 19:00:00-05:00"), Some(0));
        assert_eq!(ms("2024-01-01 00:00:01.5"), Some(1_704_067_201_500));
        assert_eq!(timestamp_ms(&EValue::Integer(42)), Some(42));
        assert_eq!(ms("2024-02-30 00:00:00"), None);
        assert_eq!(ms("yesterday"), None);
        assert_eq!(date_days("2024-01-01"), Some(19_723));
        assert_eq!(date_days("1969-12-31"), Some(-1));
        assert_eq!(date_days("2023-02-29"), None);
    }

    #[test]
    fn cql_types_become_canonical_values() {
        assert_eq!(varint_text(&[0x01, 0x00]), "256");
        assert_eq!(varint_text(&[0xff]), "-1");
        assert_eq!(varint_text(&[0xff, 0x00]), "-256");
        assert_eq!(decimal_text(&[0x01, 0x6c], 2), "3.64");
        assert_eq!(decimal_text(&[0x0e, 0x40], 2), "36.48");
        assert_eq!(decimal_text(&[0x05], 3), "0.005");
        assert_eq!(decimal_text(&[0xfb], 1), "-0.5");
        let f = from_cql(Some(&CqlValue::Float(1.1)));
        assert_eq!(f, Value::Float(1.1));
        assert_eq!(
            from_cql(Some(&CqlValue::Date(scylla::value::CqlDate((1u32 << 31) + 19_723)))),
            Value::Date("2024-01-01".into())
        );
        let ts = from_cql(Some(&CqlValue::Timestamp(scylla::value::CqlTimestamp(1_704_067_200_123))));
        assert!(matches!(ts, Value::Timestamp(t) if t.unix_seconds == 1_704_067_200 && t.nanos == 123_000_000));
        let list = from_cql(Some(&CqlValue::List(vec![CqlValue::Int(1), CqlValue::Text("a".into())])));
        assert_eq!(list, Value::Json("[1,\"a\"]".into()));
        assert_eq!(from_cql(None), Value::Null);
    }
}
