//! Row lines (stdout), per-table summaries (stderr logs) and the JSON report.

use crate::logging::quote;
use crate::value::Value;
use serde::Serialize;

#[derive(Clone, Debug)]
pub enum Diff {
    Mismatch { key: Vec<Value>, column: String, source: Value, target: Value },
    Missing { key: Vec<Value> },
    Extra { key: Vec<Value> },
}

impl Diff {
    pub fn key(&self) -> &[Value] {
        match self {
            Diff::Mismatch { key, .. } | Diff::Missing { key } | Diff::Extra { key } => key,
        }
    }

    /// One line: `MISMATCH table=users id=42 column=email source="a" target="b"`.
    pub fn line(&self, table: &str, key_names: &[String]) -> String {
        let key = format_key(key_names, self.key());
        match self {
            Diff::Mismatch { column, source, target, .. } => format!(
                "MISMATCH table={} {key} column={} source={:?} target={:?}",
                quote(table),
                quote(column),
                source.to_string(),
                target.to_string()
            ),
            Diff::Missing { .. } => format!("MISSING table={} {key} side=target", quote(table)),
            Diff::Extra { .. } => format!("EXTRA table={} {key} side=target", quote(table)),
        }
    }
}

pub fn format_key(names: &[String], key: &[Value]) -> String {
    names.iter().zip(key).map(|(n, v)| format!("{}={}", quote(n), quote(&v.to_string()))).collect::<Vec<_>>().join(" ")
}

/// The version of the JSON report's shape (`schema/verify-report.schema.json`); it changes
/// when a field is renamed, removed or changes type.
pub const SCHEMA_VERSION: u32 = 1;

fn key_json(names: &[String], key: &[Value]) -> serde_json::Value {
    serde_json::Value::Object(names.iter().zip(key).map(|(n, v)| (n.clone(), value_json(v))).collect())
}

/// A value as JSON: NULL is `null`, integers and finite floats are numbers, booleans booleans;
/// decimals stay text (a JSON number would lose their exact digits), as does everything else.
pub fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) if f.is_finite() => serde_json::Value::from(*f),
        other => serde_json::Value::String(other.to_string()),
    }
}

#[derive(Debug, Default, Serialize)]
pub struct TableReport {
    pub table: String,
    pub key_columns: Vec<String>,
    pub compared_columns: Vec<String>,
    pub excluded_columns: Vec<String>,
    /// Rows read from the source.
    pub source_rows: u64,
    /// Rows read from the target.
    pub target_rows: u64,
    /// Rows present on both sides with every compared column equal.
    pub matched: u64,
    /// Rows present on both sides with at least one differing column.
    pub mismatched_rows: u64,
    /// Differing (row, column) pairs.
    pub mismatched_columns: u64,
    pub missing: u64,
    pub extra: u64,
    pub first_mismatches: Vec<serde_json::Value>,
    pub first_missing: Vec<serde_json::Value>,
    pub first_extra: Vec<serde_json::Value>,
    pub duration_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl TableReport {
    /// MISMATCH columns + MISSING + EXTRA, as edg counts them.
    pub fn differences(&self) -> u64 {
        self.mismatched_columns + self.missing + self.extra
    }

    pub fn record_samples(&mut self, diffs: &[Diff], limit: usize) {
        let names = self.key_columns.clone();
        for d in diffs {
            let (list, entry) = match d {
                Diff::Mismatch { key, column, source, target } => (
                    &mut self.first_mismatches,
                    serde_json::json!({"key": key_json(&names, key), "column": column, "source": value_json(source), "target": value_json(target)}),
                ),
                Diff::Missing { key } => (&mut self.first_missing, key_json(&names, key)),
                Diff::Extra { key } => (&mut self.first_extra, key_json(&names, key)),
            };
            if list.len() < limit {
                list.push(entry);
            }
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// `SCHEMA_VERSION`.
    pub schema_version: u32,
    pub passed: bool,
    pub differences: u64,
    pub tables: Vec<TableReport>,
    /// Tables found on one side only (when --tables was not given).
    pub source_only_tables: Vec<String>,
    pub target_only_tables: Vec<String>,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            passed: false,
            differences: 0,
            tables: Vec::new(),
            source_only_tables: Vec::new(),
            target_only_tables: Vec::new(),
        }
    }
}
