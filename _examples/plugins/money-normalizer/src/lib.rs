//! An example edg normalizer on the plugin SDK: currency text ("$1,234.50", "($3.00)") becomes
//! the exact decimal edg gives a DECIMAL ("1234.5"), for MONEY columns and `--column-rule C=money`.

use edg_plugin_sdk::{ColumnSpec, Normalizer, NormalizerInfo, Value};

struct Money;

fn amount(text: &str) -> Option<String> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => t.strip_prefix('-').map_or((false, t), |rest| (true, rest)),
    };
    let digits: String = t.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    if digits.is_empty() || digits.matches('.').count() > 1 || t.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
    let body = match (int.is_empty(), frac.is_empty()) {
        (true, true) => return Some("0".into()),
        (_, true) => int.to_string(),
        (true, false) => format!("0.{frac}"),
        (false, false) => format!("{int}.{frac}"),
    };
    Some(if neg { format!("-{body}") } else { body })
}

impl Normalizer for Money {
    fn info() -> NormalizerInfo {
        let v = |s: &str| vec![s.to_string()];
        let (name, version) = ("money".into(), env!("CARGO_PKG_VERSION").into());
        NormalizerInfo { name, version, drivers: v("*"), types: v("MONEY"), rules: v("money"), doc: String::new() }
    }

    fn normalize_value(column: &ColumnSpec, v: Value) -> Result<Value, String> {
        let text = match v {
            Value::Null => return Ok(Value::Null),
            Value::Text(s) | Value::Decimal(s) => s,
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            other => return Err(format!("column {}: cannot read {other:?} as money", column.name)),
        };
        amount(&text).map(Value::Decimal).ok_or_else(|| format!("column {}: {text:?} is not money", column.name))
    }
}

edg_plugin_sdk::export_normalizer!(Money);
