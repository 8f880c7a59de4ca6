//! The order keys are merged in: typed values compared exactly (integers as integers, decimals
//! by value, text by its bytes), never through f64 or string concatenation. Each database is
//! asked for the same order (see `driver::Dialect::byte_order`), so a merge never desynchronises.

use crate::value::Value;
use std::cmp::Ordering;

/// The order keys are merged in; must match the ORDER BY each database is asked for.
pub fn cmp_value(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Int(_) | Decimal(_), Int(_) | Decimal(_)) => decimal_cmp(&decimal_text(a), &decimal_text(b)),
        (Float(x), Float(y)) => x.total_cmp(y),
        // As `compare::equal` sees them: a float as its shortest decimal text, exactly.
        (Float(f), Int(_) | Decimal(_)) | (Int(_) | Decimal(_), Float(f)) => {
            let Some(d) = float_decimal(*f) else {
                return number(a).unwrap_or(f64::NAN).total_cmp(&number(b).unwrap_or(f64::NAN));
            };
            if matches!(a, Float(_)) { decimal_cmp(&d, &decimal_text(b)) } else { decimal_cmp(&decimal_text(a), &d) }
        }
        (Timestamp(x), Timestamp(y)) => (x.unix_seconds, x.nanos).cmp(&(y.unix_seconds, y.nanos)),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Bytes(x), Bytes(y)) => x.cmp(y),
        (Text(x) | Uuid(x) | Date(x) | Time(x) | Json(x), Text(y) | Uuid(y) | Date(y) | Time(y) | Json(y)) => {
            x.as_bytes().cmp(y.as_bytes())
        }
        _ => a.to_string().as_bytes().cmp(b.to_string().as_bytes()),
    }
}

/// Two keys (tuples of values), column by column.
pub fn cmp_key(a: &[Value], b: &[Value]) -> Ordering {
    a.iter().zip(b).map(|(x, y)| cmp_value(x, y)).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal)
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

/// Plain decimal text without exponent or redundant zeros, or None.
pub(crate) fn plain_decimal(s: &str) -> Option<String> {
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

/// A finite float as the shortest decimal text that reads back as it (Rust writes no exponent).
pub(crate) fn float_decimal(x: f64) -> Option<String> {
    x.is_finite().then(|| plain_decimal(&format!("{x}"))).flatten()
}

pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Decimal(s) | Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn decimal_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Decimal(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // A UUID against text: by bytes, equal only to its canonical (lower-case) text.
        let (lower, upper) = (Value::Uuid("0e1b-ab".into()), Value::Text("0E1B-AB".into()));
        assert_eq!(cmp_value(&lower, &upper), Ordering::Greater);
        assert_eq!(cmp_value(&lower, &Value::Text("0e1b-ab".into())), Ordering::Equal);
        // A float against an integer: exactly, never through f64.
        assert_eq!(cmp_value(&Value::Float(9007199254740992.0), &Value::Int(9007199254740993)), Ordering::Less);
        // Composite keys compare as tuples, never concatenated: (1, 11) vs (11, 1).
        assert_eq!(cmp_key(&[Value::Int(1), Value::Int(11)], &[Value::Int(11), Value::Int(1)]), Ordering::Less);
    }
}
