//! Value equality across engines and the key order both sides are merged in.
//!
//! Keys are compared as typed values (integers exactly, decimals by value, text by bytes),
//! never through f64 or string concatenation; each database is asked for the same order
//! (byte collation for text), so the merge never desynchronises.

use super::cursor::Batch;
use crate::column::Cell;
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
        (Timestamp(x), Timestamp(y)) => x.unix_seconds == y.unix_seconds && x.nanos == y.nanos,
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

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Decimal(s) | Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn decimal_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Decimal(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Plain decimal text without exponent or redundant zeros, or None.
fn plain_decimal(s: &str) -> Option<String> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (i, f) = body.split_once('.').unwrap_or((body, ""));
    if (i.is_empty() && f.is_empty()) || !i.bytes().chain(f.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let mut out = String::new();
    if neg && !(i.is_empty() && f.is_empty()) {
        out.push('-');
    }
    out.push_str(if i.is_empty() { "0" } else { i });
    if !f.is_empty() {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Order two plain decimal strings by value.
pub fn decimal_cmp(a: &str, b: &str) -> Ordering {
    let (Some(a), Some(b)) = (plain_decimal(a), plain_decimal(b)) else {
        return a.cmp(b);
    };
    let (na, nb) = (a.starts_with('-'), b.starts_with('-'));
    match (na, nb) {
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    let (ia, fa) = a.trim_start_matches('-').split_once('.').unwrap_or((a.trim_start_matches('-'), ""));
    let (ib, fb) = b.trim_start_matches('-').split_once('.').unwrap_or((b.trim_start_matches('-'), ""));
    let magnitude = ia.len().cmp(&ib.len()).then_with(|| ia.cmp(ib)).then_with(|| fa.cmp(fb));
    if na { magnitude.reverse() } else { magnitude }
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

/// The order keys are merged in; must match the ORDER BY each database is asked for.
pub fn cmp_value(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Int(_) | Decimal(_), Int(_) | Decimal(_)) => decimal_cmp(&decimal_text(a), &decimal_text(b)),
        (Float(x), Float(y)) => x.total_cmp(y),
        (Float(_), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Float(_)) => {
            number(a).unwrap_or(f64::NAN).total_cmp(&number(b).unwrap_or(f64::NAN))
        }
        (Timestamp(x), Timestamp(y)) => (x.unix_seconds, x.nanos).cmp(&(y.unix_seconds, y.nanos)),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Bytes(x), Bytes(y)) => x.cmp(y),
        // A UUID against its text form: hex orders the same in either case, so compare in lower case.
        (Uuid(x), Text(y)) => x.as_bytes().cmp(y.trim().to_ascii_lowercase().as_bytes()),
        (Text(x), Uuid(y)) => x.trim().to_ascii_lowercase().as_bytes().cmp(y.as_bytes()),
        (Text(x) | Uuid(x) | Date(x) | Time(x) | Json(x), Text(y) | Uuid(y) | Date(y) | Time(y) | Json(y)) => {
            x.as_bytes().cmp(y.as_bytes())
        }
        _ => a.to_string().as_bytes().cmp(b.to_string().as_bytes()),
    }
}

pub fn cmp_key(a: &[Value], b: &[Value]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| cmp_value(x, y)).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal)
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
    fn keys_order_exactly() {
        // 2^53 + 1 and 2^53 collapse as f64; as integers they must not.
        assert_eq!(
            cmp_value(&Value::Int(9_007_199_254_740_993), &Value::Int(9_007_199_254_740_992)),
            Ordering::Greater
        );
        assert_eq!(decimal_cmp("-10.5", "-9"), Ordering::Less);
        assert_eq!(decimal_cmp("10", "9.99"), Ordering::Greater);
        assert_eq!(cmp_value(&Value::Text("B".into()), &Value::Text("a".into())), Ordering::Less);
        let (lower, upper) = (Value::Uuid("0e1b-ab".into()), Value::Text("0E1B-AB".into()));
        assert_eq!(cmp_value(&lower, &upper), Ordering::Equal);
        assert_eq!(cmp_value(&Value::Uuid("0a".into()), &Value::Text("0B".into())), Ordering::Less);
        // Composite keys compare as tuples, never concatenated: (1, 11) vs (11, 1).
        assert_eq!(cmp_key(&[Value::Int(1), Value::Int(11)], &[Value::Int(11), Value::Int(1)]), Ordering::Less);
    }
}
