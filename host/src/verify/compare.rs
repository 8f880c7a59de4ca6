//! Value equality across engines and the key order both sides are merged in.
//!
//! Keys are compared as typed values (integers exactly, decimals by value, text by bytes),
//! never through f64 or string concatenation; each database is asked for the same order
//! (byte collation for text), so the merge never desynchronises.

use super::cursor::Batch;
use crate::column::Cell;
use crate::key::{cmp_value, decimal_cmp, decimal_text, number, plain_decimal};
use crate::value::Value;
use std::cmp::Ordering;

/// Compare two canonical (normalised) values.
pub fn equal(a: &Value, b: &Value, float_tolerance: Option<f64>) -> bool {
    use Value::*;
    // Canonical values that are identical are equal; only NaN (never == itself) goes on.
    if a == b {
        return true;
    }
    match (a, b) {
        (Null, Null) => true,
        (Null, _) | (_, Null) => false,
        (Float(x), Float(y)) => floats_equal(*x, *y, float_tolerance),
        (Float(x), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Float(x)) => {
            let other = if matches!(a, Float(_)) { b } else { a };
            number(other).is_some_and(|y| floats_equal(*x, y, float_tolerance))
        }
        (Int(x), Int(y)) => x == y,
        (Int(_) | Decimal(_), Int(_) | Decimal(_)) => {
            decimal_cmp(&decimal_text(a), &decimal_text(b)) == Ordering::Equal
        }
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*y == 0 || *y == 1) && *x == (*y == 1),
        (Uuid(x), Text(y)) | (Text(y), Uuid(x)) => x.eq_ignore_ascii_case(y.trim()),
        (Json(x), Text(y)) | (Text(y), Json(x)) => canonical_json(y).is_some_and(|j| &j == x),
        (Timestamp(x), Timestamp(y)) => x.same_instant(y),
        (Text(x), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Text(x)) => {
            let n = if matches!(a, Text(_)) { b } else { a };
            plain_decimal(x.trim()).is_some_and(|d| decimal_cmp(&d, &decimal_text(n)) == Ordering::Equal)
        }
        _ => a == b,
    }
}

/// `equal` on borrowed cells: identical shapes compare without making a `Value`.
pub fn equal_cells(a: Cell, b: Cell, float_tolerance: Option<f64>) -> bool {
    match (a, b) {
        (Cell::Null, Cell::Null) => true,
        (Cell::Int(x), Cell::Int(y)) => x == y,
        (Cell::Text(x), Cell::Text(y)) => x == y,
        (Cell::Decimal(x), Cell::Decimal(y)) if x == y => true,
        (Cell::Timestamp(x), Cell::Timestamp(y)) => x.same_instant(&y),
        (Cell::Other(x), Cell::Other(y)) => equal(x, y, float_tolerance),
        _ => equal(&a.value(), &b.value(), float_tolerance),
    }
}

/// `cmp_key` of row `i` of one batch against row `j` of another.
pub fn cmp_key_at((a, i): (&Batch, usize), (b, j): (&Batch, usize)) -> Ordering {
    for (x, y) in a.cols[..a.key_len].iter().zip(&b.cols[..b.key_len]) {
        let o = match (x.cell(i), y.cell(j)) {
            (Cell::Int(p), Cell::Int(q)) => p.cmp(&q),
            (Cell::Text(p), Cell::Text(q)) => p.cmp(q),
            (p, q) => cmp_value(&p.value(), &q.value()),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn floats_equal(x: f64, y: f64, tol: Option<f64>) -> bool {
    if x.is_nan() && y.is_nan() {
        return true;
    }
    match tol {
        Some(t) => (x - y).abs() <= t,
        None => x == y,
    }
}

fn canonical_json(s: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    fn sort(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(o) => {
                let mut entries: Vec<(String, serde_json::Value)> = o.into_iter().map(|(k, v)| (k, sort(v))).collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                serde_json::Value::Object(entries.into_iter().collect())
            }
            serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(sort).collect()),
            serde_json::Value::Number(n)
                if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15) && n.is_f64() =>
            {
                serde_json::Value::from(n.as_f64().unwrap_or(0.0) as i64)
            }
            other => other,
        }
    }
    Some(sort(v).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        assert!(equal(&Value::Decimal("364.8".into()), &Value::Decimal("364.80".into()), None));
        assert!(equal(&Value::Int(5), &Value::Decimal("5.0".into()), None));
        assert!(!equal(&Value::Int(5), &Value::Decimal("5.01".into()), None));
        assert!(equal(&Value::Float(1.0), &Value::Float(1.0000001), Some(1e-3)));
        assert!(!equal(&Value::Float(1.0), &Value::Float(1.0000001), None));
        assert!(equal(&Value::Bool(true), &Value::Int(1), None));
        assert!(!equal(&Value::Null, &Value::Text(String::new()), None));
    }
}
