//! expr-lang values ↔ host values, and Go-style `template` formatting.

use crate::value::Value;
use expr_lang::Value as E;
use indexmap::IndexMap;

pub fn to_host(v: &E) -> Value {
    match v {
        E::Nil => Value::Null,
        E::Bool(b) => Value::Bool(*b),
        E::Integer(i) => Value::Int(*i),
        E::Float(f) => Value::Float(*f),
        E::String(s) => Value::Text(s.clone()),
        E::Bytes(b) => Value::Bytes(b.clone()),
        E::Array(items) => Value::List(items.iter().map(to_host).collect()),
        E::Map(_) | E::KeyedMap(_) => Value::Json(to_json(v).to_string()),
    }
}

pub fn from_host(v: Value) -> E {
    match v {
        Value::Null => E::Nil,
        Value::Bool(b) => E::Bool(b),
        Value::Int(i) => E::Integer(i),
        Value::Float(f) => E::Float(f),
        Value::Decimal(s) | Value::Text(s) | Value::Date(s) | Value::Time(s) | Value::Uuid(s) | Value::Json(s) => {
            E::String(s)
        }
        Value::Bytes(b) => E::Bytes(b),
        Value::Timestamp(t) => E::String(t.to_sql_text()),
        Value::List(items) => E::Array(items.into_iter().map(from_host).collect()),
    }
}

pub fn to_json(v: &E) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        E::Nil => J::Null,
        E::Bool(b) => J::Bool(*b),
        E::Integer(i) => J::from(*i),
        E::Float(f) => serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null),
        E::String(s) => J::String(s.clone()),
        E::Bytes(b) => J::String(b.iter().map(|x| format!("{x:02x}")).collect()),
        E::Array(items) => J::Array(items.iter().map(to_json).collect()),
        E::Map(m) => {
            // Sorted keys, as Go's encoding/json does for maps.
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            J::Object(keys.into_iter().map(|k| (k.clone(), to_json(&m[k]))).collect())
        }
        E::KeyedMap(pairs) => J::Object(pairs.iter().map(|(k, v)| (plain(k), to_json(v))).collect()),
    }
}

pub fn map(pairs: impl IntoIterator<Item = (String, E)>) -> E {
    E::Map(pairs.into_iter().collect::<IndexMap<String, E>>())
}

/// Plain text of a value, as `%s`/`%v` would print it.
pub fn plain(v: &E) -> String {
    match v {
        E::Nil => "<nil>".into(),
        E::String(s) => s.clone(),
        E::Integer(i) => i.to_string(),
        E::Float(f) => f.to_string(),
        E::Bool(b) => b.to_string(),
        other => to_json(other).to_string(),
    }
}

/// A subset of Go's `fmt.Sprintf`: %s %v %d %f %x %q %% with width, zero padding and precision.
/// Largest width or precision a `template` verb takes, as in Go's fmt.
const MAX_WIDTH: usize = 1_000_000;

pub fn sprintf(format: &str, args: &[E]) -> Result<String, super::ExprError> {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next = args.iter();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&p) = chars.peek() {
            if p.is_ascii_digit() || p == '.' || p == '-' || p == '+' {
                spec.push(p);
                chars.next();
            } else {
                break;
            }
        }
        let verb = chars.next().ok_or_else(|| super::ExprError::Argument("template: format ends with %".into()))?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = next
            .next()
            .ok_or_else(|| super::ExprError::Argument(format!("template: not enough arguments for {format:?}")))?;
        let left = spec.starts_with('-');
        let spec = spec.trim_start_matches(['-', '+']);
        let zero = spec.starts_with('0');
        let (width, precision) = match spec.split_once('.') {
            Some((w, p)) => (w.parse::<usize>().unwrap_or(0), p.parse::<usize>().ok()),
            None => (spec.parse::<usize>().unwrap_or(0), None),
        };
        // As Go's fmt (which prints %!(BADWIDTH) past a million): a width of 10^17 would be an
        // allocation that aborts the process.
        if width > MAX_WIDTH || precision.is_some_and(|p| p > MAX_WIDTH) || spec.len() > 20 {
            return Err(super::ExprError::Argument(format!(
                "template: width or precision in %{spec}{verb} is above {MAX_WIDTH}"
            )));
        }
        let body = match verb {
            'd' => match arg {
                E::Integer(i) => i.to_string(),
                E::Float(f) => (f.trunc() as i64).to_string(),
                other => {
                    return Err(super::ExprError::Argument(format!(
                        "template: %d needs a number, got {}",
                        plain(other)
                    )));
                }
            },
            'f' => {
                let f = match arg {
                    E::Integer(i) => *i as f64,
                    E::Float(f) => *f,
                    other => {
                        return Err(super::ExprError::Argument(format!(
                            "template: %f needs a number, got {}",
                            plain(other)
                        )));
                    }
                };
                format!("{:.*}", precision.unwrap_or(6), f)
            }
            'x' => match arg {
                E::Integer(i) => format!("{i:x}"),
                other => plain(other).bytes().map(|b| format!("{b:02x}")).collect(),
            },
            'q' => format!("{:?}", plain(arg)),
            's' | 'v' => {
                let s = plain(arg);
                match precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                }
            }
            other => return Err(super::ExprError::Argument(format!("template: unsupported verb %{other}"))),
        };
        let pad = width.saturating_sub(body.chars().count());
        if left {
            out.push_str(&body);
            out.push_str(&" ".repeat(pad));
        } else if zero && matches!(verb, 'd' | 'f') {
            let (sign, digits) = body.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", &body));
            out.push_str(sign);
            out.push_str(&"0".repeat(pad));
            out.push_str(digits);
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&body);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprintf_handles_common_verbs() {
        let args = [E::Integer(42), E::Float(2.5), E::String("x".into())];
        assert_eq!(sprintf("%05d|%.2f|%s|%%", &args).unwrap(), "00042|2.50|x|%");
        assert!(sprintf("%d %d", &[E::Integer(1)]).is_err());
        // Found by fuzzing: a width of 7.7e16 aborted the process.
        assert!(sprintf("%77777777777777777sd", &args).unwrap_err().to_string().contains("above 1000000"));
        assert!(sprintf("%.99999999999f", &args).is_err());
        assert_eq!(sprintf("%8s|", &[E::String("ab".into())]).unwrap(), "      ab|");
    }
}
