//! Value equality across engines and the key order both sides are merged in.
//!
//! Keys are compared as typed values (integers exactly, decimals by value, text by bytes),
//! never through f64 or string concatenation; each database is asked for the same order
//! (byte collation for text), so the merge never desynchronises.

use super::cursor::Batch;
use crate::column::Cell;
use crate::key::{cmp_value, decimal_cmp, decimal_text, float_decimal, number, plain_decimal};
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
        // A float against an exact number: with a tolerance, as floats (asked to be approximate);
        // without, exactly: the float's shortest text must be the number (through f64,
        // 9007199254740993 would equal 9007199254740992.0, and DECIMAL 0.10000000000000001 0.1).
        (Float(x), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Float(x)) => {
            let other = if matches!(a, Float(_)) { b } else { a };
            match float_tolerance {
                Some(_) => number(other).is_some_and(|y| floats_equal(*x, y, float_tolerance)),
                None => float_decimal(*x).is_some_and(|d| decimal_cmp(&d, &decimal_text(other)) == Ordering::Equal),
            }
        }
        (Int(x), Int(y)) => x == y,
        (Int(_) | Decimal(_), Int(_) | Decimal(_)) => {
            decimal_cmp(&decimal_text(a), &decimal_text(b)) == Ordering::Equal
        }
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*y == 0 || *y == 1) && *x == (*y == 1),
        // Text equals a typed value only when it is that value's canonical text: ' 7 ', '+5'
        // and '02134' are other data than 7, 5 and 2134 (a --column-rule reads them as numbers).
        (Uuid(x), Text(y)) | (Text(y), Uuid(x)) => x == y,
        (Json(x), Text(y)) | (Text(y), Json(x)) => edg_forms::json::canonical(y).is_some_and(|j| &j == x),
        (Timestamp(x), Timestamp(y)) => x.same_instant(y),
        (Text(x), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Text(x)) => {
            let n = if matches!(a, Text(_)) { b } else { a };
            plain_decimal(&decimal_text(n)).is_some_and(|canonical| *x == canonical)
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

    #[test]
    fn values_of_different_types_are_equal_only_exactly() {
        let (t, i, d, f) =
            (|s: &str| Value::Text(s.into()), Value::Int, |s: &str| Value::Decimal(s.into()), Value::Float);
        for (a, b) in
            [(t("02134"), i(2134)), (t(" 7 "), i(7)), (t("+5"), i(5)), (t("5.0"), i(5)), (t("1.50"), d("1.5"))]
        {
            assert!(!equal(&a, &b, None), "{a:?} {b:?}");
        }
        assert!(equal(&t("2134"), &i(2134), None) && equal(&t("-1.5"), &d("-1.5"), None));
        assert!(!equal(&f(9007199254740992.0), &i(9007199254740993), None));
        assert!(equal(&f(9007199254740992.0), &i(9007199254740992), None));
        assert!(!equal(&f(0.1), &d("0.10000000000000001"), None));
        assert!(equal(&f(0.1), &d("0.1"), None) && equal(&f(-0.0), &i(0), None));
        assert!(!equal(&f(f64::NAN), &d("0"), None));
        assert!(equal(&f(0.1), &d("0.10000000000000001"), Some(0.0)), "a tolerance compares as floats");
        let u = Value::Uuid("0e1b6a2c-0000-4000-8000-000000000000".into());
        assert!(equal(&u, &t("0e1b6a2c-0000-4000-8000-000000000000"), None));
        assert!(!equal(&u, &t(" 0E1B6A2C-0000-4000-8000-000000000000"), None));
        let j = Value::Json(edg_forms::json::canonical(r#"{"a": 12345678901234567890123}"#).unwrap());
        assert!(!equal(&j, &t(r#"{"a": 12345678901234567890124}"#), None));
        assert!(equal(&j, &t(r#"{ "a":12345678901234567890123 }"#), None));
    }
}
