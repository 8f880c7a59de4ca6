//! An example third-party normalizer for edg: currency text such as PostgreSQL's `money`
//! ("$1,234.50", "-$3.00", "($3.00)") becomes the exact decimal "1234.5", the same canonical
//! value edg's built-in normalizers give a DECIMAL column, so the two compare equal.
//!
//! It claims columns of type MONEY on any driver, and any column given `--column-rule COL=money`.

wit_bindgen::generate!({
    world: "normalizer-plugin",
    path: "../../../wit",
});

use edg::plugin::types::Value;
use edg::plugin::types::{RawColumn, ValueColumn};
use exports::edg::plugin::normalizer::{Column, Guest, Info};

struct Money;

/// "$1,234.50" → "1234.5"; None when the text is not an amount.
fn amount(text: &str) -> Option<String> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        },
    };
    let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    if digits.is_empty() || digits.matches('.').count() > 1 || t.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let body = match (int.is_empty(), frac.is_empty()) {
        (true, true) => return Some("0".into()),
        (_, true) => int.to_string(),
        (true, false) => format!("0.{frac}"),
        (false, false) => format!("{int}.{frac}"),
    };
    Some(if neg { format!("-{body}") } else { body })
}

impl Guest for Money {
    fn describe() -> Info {
        Info {
            name: "money".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            drivers: vec!["*".into()],
            types: vec!["MONEY".into()],
            rules: vec!["money".into()],
            doc: "Currency text ($1,234.50) as an exact decimal".into(),
        }
    }

    /// The bulk form of `normalize`: same values, answered as a plain list.
    fn normalize_raw(column: Column, values: RawColumn) -> Result<ValueColumn, String> {
        Self::normalize(column, Money::raw_values(values)).map(ValueColumn::Values)
    }

    fn normalize(column: Column, values: Vec<Value>) -> Result<Vec<Value>, String> {
        values
            .into_iter()
            .map(|v| {
                let text = match v {
                    Value::Null => return Ok(Value::Null),
                    Value::Text(s) | Value::Decimal(s) => s,
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    other => return Err(format!("column {}: cannot read {other:?} as money", column.name)),
                };
                amount(&text)
                    .map(Value::Decimal)
                    .ok_or_else(|| format!("column {}: {text:?} is not an amount of money", column.name))
            })
            .collect()
    }
}

impl Money {
    fn raw_values(raw: RawColumn) -> Vec<Value> {
        let mut start = 0;
        let mut out = Vec::with_capacity(raw.ends.len());
        for (i, end) in raw.ends.iter().enumerate() {
            let end = (*end as usize).min(raw.data.len()).max(start);
            out.push(if raw.nulls.get(i).copied().unwrap_or(false) {
                Value::Null
            } else {
                Value::Text(String::from_utf8_lossy(&raw.data[start..end]).into_owned())
            });
            start = end;
        }
        out
    }
}

export!(Money);
