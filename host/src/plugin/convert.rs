//! Conversions between the host's values and the generated binding types.

use super::bindings::generator::edg::plugin::types::RawColumn as WitRawColumn;
use super::bindings::{Scalar, Timestamp as WitTimestamp, Value as Wit};
use crate::value::{RawColumn, Timestamp, Value};

impl From<RawColumn> for WitRawColumn {
    fn from(c: RawColumn) -> Self {
        WitRawColumn { data: c.data, ends: c.ends, nulls: crossing_nulls(c.nulls) }
    }
}

/// The flags as they cross: none at all when no value is NULL (the WIT contract allows it),
/// since every flag costs a separate store into guest memory and most columns have no NULL.
pub(super) fn crossing_nulls(nulls: Vec<bool>) -> Vec<bool> {
    if nulls.contains(&true) { nulls } else { Vec::new() }
}

/// The flags as the host keeps them: one per value, whatever crossed.
pub(super) fn host_nulls(nulls: Vec<bool>, len: usize) -> Vec<bool> {
    if nulls.is_empty() { vec![false; len] } else { nulls }
}

impl From<WitTimestamp> for Timestamp {
    fn from(t: WitTimestamp) -> Self {
        Timestamp {
            unix_seconds: t.unix_seconds,
            nanos: t.nanos,
            precision: t.precision,
            offset_minutes: t.offset_minutes,
        }
    }
}

impl From<Timestamp> for WitTimestamp {
    fn from(t: Timestamp) -> Self {
        WitTimestamp {
            unix_seconds: t.unix_seconds,
            nanos: t.nanos,
            precision: t.precision,
            offset_minutes: t.offset_minutes,
        }
    }
}

impl From<Wit> for Value {
    fn from(v: Wit) -> Self {
        match v {
            Wit::Null => Value::Null,
            Wit::Boolean(b) => Value::Bool(b),
            Wit::Int(i) => Value::Int(i),
            Wit::Float(f) => Value::Float(f),
            Wit::Decimal(s) => Value::Decimal(s),
            Wit::Text(s) => Value::Text(s),
            Wit::Bytes(b) => Value::Bytes(b),
            Wit::Date(s) => Value::Date(s),
            Wit::Time(s) => Value::Time(s),
            Wit::Timestamp(t) => Value::Timestamp(t.into()),
            Wit::Uuid(s) => Value::Uuid(s),
            Wit::Json(s) => Value::Json(s),
            Wit::List(items) => Value::List(items.into_iter().map(from_scalar).collect()),
        }
    }
}

fn from_scalar(s: Scalar) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Int(i),
        Scalar::Float(f) => Value::Float(f),
        Scalar::Decimal(s) => Value::Decimal(s),
        Scalar::Text(s) => Value::Text(s),
        Scalar::Bytes(b) => Value::Bytes(b),
        Scalar::Date(s) => Value::Date(s),
        Scalar::Time(s) => Value::Time(s),
        Scalar::Timestamp(t) => Value::Timestamp(t.into()),
        Scalar::Uuid(s) => Value::Uuid(s),
        Scalar::Json(s) => Value::Json(s),
    }
}

fn to_scalar(v: &Value) -> Scalar {
    match v {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Boolean(*b),
        Value::Int(i) => Scalar::Int(*i),
        Value::Float(f) => Scalar::Float(*f),
        Value::Decimal(s) => Scalar::Decimal(s.clone()),
        Value::Text(s) => Scalar::Text(s.clone()),
        Value::Bytes(b) => Scalar::Bytes(b.clone()),
        Value::Date(s) => Scalar::Date(s.clone()),
        Value::Time(s) => Scalar::Time(s.clone()),
        Value::Timestamp(t) => Scalar::Timestamp((*t).into()),
        Value::Uuid(s) => Scalar::Uuid(s.clone()),
        Value::Json(s) => Scalar::Json(s.clone()),
        // WIT types cannot nest: a list inside a list travels as its JSON-ish text.
        Value::List(_) => Scalar::Json(v.to_string()),
    }
}

impl From<&Value> for Wit {
    fn from(v: &Value) -> Self {
        match v {
            Value::List(items) => Wit::List(items.iter().map(to_scalar).collect()),
            Value::Null => Wit::Null,
            Value::Bool(b) => Wit::Boolean(*b),
            Value::Int(i) => Wit::Int(*i),
            Value::Float(f) => Wit::Float(*f),
            Value::Decimal(s) => Wit::Decimal(s.clone()),
            Value::Text(s) => Wit::Text(s.clone()),
            Value::Bytes(b) => Wit::Bytes(b.clone()),
            Value::Date(s) => Wit::Date(s.clone()),
            Value::Time(s) => Wit::Time(s.clone()),
            Value::Timestamp(t) => Wit::Timestamp((*t).into()),
            Value::Uuid(s) => Wit::Uuid(s.clone()),
            Value::Json(s) => Wit::Json(s.clone()),
        }
    }
}

impl From<Value> for Wit {
    fn from(v: Value) -> Self {
        match v {
            Value::Text(s) => Wit::Text(s),
            Value::Bytes(b) => Wit::Bytes(b),
            Value::Decimal(s) => Wit::Decimal(s),
            other => Wit::from(&other),
        }
    }
}
