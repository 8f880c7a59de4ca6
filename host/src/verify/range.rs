//! Key ranges: a half-open slice `[lo, hi)` of a table in edg's key order (either end open), or
//! `[lo, hi]` for a range a report recorded from its first and last differing keys. Bounds are
//! typed key tuples, written to plans and reports as JSON and read back exactly.

use crate::driver::{Driver, LiteralError, literal};
use crate::expr::EValue;
use crate::value::{Timestamp, Value};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One key column's value in a bound, as JSON: `{"int": 5}`, `{"text": "a"}`, `{"timestamp":
/// {"unix_seconds": …, "nanos": …, …}}`. The tag keeps the type, so a bound reads back as the
/// value it was (a decimal stays a decimal, not a float).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Decimal(String),
    Text(String),
    /// Hex digits.
    Bytes(String),
    Date(String),
    Time(String),
    Timestamp {
        unix_seconds: i64,
        nanos: u32,
        precision: u8,
        offset_minutes: Option<i16>,
    },
    Uuid(String),
    Json(String),
}

impl BoundValue {
    pub fn of(v: &Value) -> Option<BoundValue> {
        Some(match v {
            Value::Bool(b) => BoundValue::Bool(*b),
            Value::Int(i) => BoundValue::Int(*i),
            Value::Float(f) => BoundValue::Float(*f),
            Value::Decimal(d) => BoundValue::Decimal(d.clone()),
            Value::Text(s) => BoundValue::Text(s.clone()),
            Value::Bytes(b) => BoundValue::Bytes(b.iter().map(|x| format!("{x:02x}")).collect()),
            Value::Date(s) => BoundValue::Date(s.clone()),
            Value::Time(s) => BoundValue::Time(s.clone()),
            Value::Timestamp(t) => BoundValue::Timestamp {
                unix_seconds: t.unix_seconds,
                nanos: t.nanos,
                precision: t.precision,
                offset_minutes: t.offset_minutes,
            },
            Value::Uuid(s) => BoundValue::Uuid(s.clone()),
            Value::Json(s) => BoundValue::Json(s.clone()),
            Value::Null | Value::List(_) => return None,
        })
    }

    pub fn value(&self) -> Value {
        match self {
            BoundValue::Bool(b) => Value::Bool(*b),
            BoundValue::Int(i) => Value::Int(*i),
            BoundValue::Float(f) => Value::Float(*f),
            BoundValue::Decimal(d) => Value::Decimal(d.clone()),
            BoundValue::Text(s) => Value::Text(s.clone()),
            BoundValue::Bytes(h) => Value::Bytes(
                (0..h.len() / 2).filter_map(|i| u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok()).collect(),
            ),
            BoundValue::Date(s) => Value::Date(s.clone()),
            BoundValue::Time(s) => Value::Time(s.clone()),
            BoundValue::Timestamp { unix_seconds, nanos, precision, offset_minutes } => Value::Timestamp(Timestamp {
                unix_seconds: *unix_seconds,
                nanos: *nanos,
                precision: *precision,
                offset_minutes: *offset_minutes,
            }),
            BoundValue::Uuid(s) => Value::Uuid(s.clone()),
            BoundValue::Json(s) => Value::Json(s.clone()),
        }
    }
}

/// A differing row's key as a report keeps it for `--from-report`: normalised, and as each side
/// stored it (absent on a side without the row), so the re-check reads each side exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredKey {
    pub key: Vec<BoundValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Vec<BoundValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Vec<BoundValue>>,
}

impl StoredKey {
    /// None when a value cannot be kept (NULL: keys never are).
    pub fn of(key: &[Value], at: &super::report::Stored) -> Option<StoredKey> {
        // Some(None): the side had no row; None: a value that cannot be kept.
        let side = |s: &Option<Vec<Value>>| match s {
            None => Some(None),
            Some(k) => bound(k).map(Some),
        };
        Some(StoredKey { key: bound(key)?, source: side(&at.source)?, target: side(&at.target)? })
    }

    pub fn values(&self) -> (Vec<Value>, super::report::Stored) {
        let side = |s: &Option<Vec<BoundValue>>| s.as_ref().map(|k| key_of(k));
        (key_of(&self.key), super::report::Stored { source: side(&self.source), target: side(&self.target) })
    }
}

/// A key tuple as bound values; None when a column is NULL (keys never are).
pub fn bound(key: &[Value]) -> Option<Vec<BoundValue>> {
    key.iter().map(BoundValue::of).collect()
}

pub fn key_of(bound: &[BoundValue]) -> Vec<Value> {
    bound.iter().map(BoundValue::value).collect()
}

/// `[lo, hi)`, or `[lo, hi]` with `hi_inclusive`; `None` is open-ended on that side.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyRange {
    pub lo: Option<Vec<BoundValue>>,
    pub hi: Option<Vec<BoundValue>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hi_inclusive: bool,
    /// Holds no key at all (a partition of a table with fewer rows than partitions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub empty: bool,
}

impl KeyRange {
    /// The whole table.
    pub fn all() -> Self {
        KeyRange::default()
    }

    pub fn is_all(&self) -> bool {
        self.lo.is_none() && self.hi.is_none() && !self.empty
    }

    /// A range that holds nothing.
    pub fn none() -> Self {
        KeyRange { empty: true, ..KeyRange::default() }
    }

    /// Whether a key (normalised, as the merge compares it) falls in the range.
    pub fn contains(&self, key: &[Value]) -> bool {
        if self.empty {
            return false;
        }
        let above = self.lo.as_ref().is_none_or(|lo| crate::key::cmp_key(key, &key_of(lo)) != Ordering::Less);
        let below = self.hi.as_ref().is_none_or(|hi| match crate::key::cmp_key(key, &key_of(hi)) {
            Ordering::Less => true,
            Ordering::Equal => self.hi_inclusive,
            Ordering::Greater => false,
        });
        above && below
    }

    /// The range in words, for logs: `[id=100, id=200)`.
    pub fn describe(&self, names: &[String]) -> String {
        let side = |b: &Option<Vec<BoundValue>>| match b {
            Some(b) => super::report::format_key(names, &key_of(b)),
            None => "…".into(),
        };
        if self.empty {
            return "(empty)".into();
        }
        format!("[{}, {}{}", side(&self.lo), side(&self.hi), if self.hi_inclusive { "]" } else { ")" })
    }
}

/// A bound value as a SQL literal both engines compare in edg's order: numbers bare, a
/// timestamp as UTC text (sessions run in UTC), everything else as the text it is.
pub fn sql_literal(driver: Driver, v: &Value) -> Result<String, LiteralError> {
    let e = match v {
        Value::Int(i) => return Ok(i.to_string()),
        Value::Decimal(d) => return Ok(d.clone()),
        Value::Float(f) => EValue::Float(*f),
        Value::Bool(b) => EValue::Bool(*b),
        Value::Bytes(b) => EValue::Bytes(b.clone()),
        Value::Timestamp(t) => EValue::String(Timestamp { offset_minutes: None, ..*t }.to_sql_text()),
        other => EValue::String(other.to_string()),
    };
    literal(&e, driver, driver.dialect().backslash_escapes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_read_back_as_the_values_they_were() {
        let key = vec![
            Value::Int(-5),
            Value::Decimal("364.80".into()),
            Value::Text("é\"x".into()),
            Value::Bytes(vec![0, 255, 16]),
            Value::Timestamp(Timestamp {
                unix_seconds: 1_700_000_000,
                nanos: 123_000,
                precision: 6,
                offset_minutes: Some(0),
            }),
            Value::Uuid("0b0e7bd6-0d57-4b9e-8d7e-3f00e0a8f1c2".into()),
        ];
        let b = bound(&key).unwrap();
        let json = serde_json::to_string(&b).unwrap();
        let back: Vec<BoundValue> = serde_json::from_str(&json).unwrap();
        assert_eq!(key_of(&back), key);
        assert!(bound(&[Value::Null]).is_none());
    }

    #[test]
    fn ranges_are_half_open_unless_inclusive() {
        let r =
            KeyRange { lo: bound(&[Value::Int(10)]), hi: bound(&[Value::Int(20)]), hi_inclusive: false, empty: false };
        assert!(!r.contains(&[Value::Int(9)]));
        assert!(r.contains(&[Value::Int(10)]));
        assert!(r.contains(&[Value::Int(19)]));
        assert!(!r.contains(&[Value::Int(20)]));
        let inclusive = KeyRange { hi_inclusive: true, ..r };
        assert!(inclusive.contains(&[Value::Int(20)]));
        assert!(KeyRange::all().contains(&[Value::Text("anything".into())]));
    }
}
