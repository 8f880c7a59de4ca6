//! {{name}}: an edg normalizer. It canonicalises columns given `--column-rule COL={{name}}`:
//! text is trimmed and upper-cased, so " abc" on one side equals "ABC" on the other.

use edg_plugin_sdk::{ColumnSpec, Normalizer, NormalizerInfo, Value};

struct Plugin;

impl Normalizer for Plugin {
    fn info() -> NormalizerInfo {
        NormalizerInfo {
            name: "{{name}}".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            // Any driver; no column type by default, only columns a user gives the rule.
            drivers: vec!["*".into()],
            types: Vec::new(),
            rules: vec!["{{name}}".into()],
            doc: "Trimmed, upper-case text".into(),
        }
    }

    fn normalize_value(column: &ColumnSpec, value: Value) -> Result<Value, String> {
        match value {
            Value::Null => Ok(Value::Null),
            Value::Text(s) => Ok(Value::Text(s.trim().to_uppercase())),
            other => Err(format!("column {}: {other:?} is not text", column.name)),
        }
    }
}

edg_plugin_sdk::export_normalizer!(Plugin);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_upper_cased() {
        let col = ColumnSpec {
            driver: "postgres".into(),
            table: "t".into(),
            name: "c".into(),
            db_type: "TEXT".into(),
            rule: Some("{{name}}".into()),
            timestamp_precision: 6,
        };
        assert_eq!(Plugin::normalize_value(&col, Value::Text(" abc ".into())).unwrap(), Value::Text("ABC".into()));
        assert_eq!(Plugin::normalize_value(&col, Value::Null).unwrap(), Value::Null);
        assert!(Plugin::normalize_value(&col, Value::Int(1)).is_err());
    }
}
