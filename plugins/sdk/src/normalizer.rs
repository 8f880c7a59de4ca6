//! Normalizers: one engine's representation of a value in, edg's canonical value out, so two
//! engines that store the same data compare equal.

use crate::bindings::normalizer::exports::edg::plugin::normalizer::{Column, Info};
use crate::{RawColumn, Value, ValueColumn};

/// What edg tells a normalizer about a column.
#[derive(Clone, Debug)]
pub struct ColumnSpec {
    /// Driver family: "postgres", "mysql", "sqlite", "mongodb", "cassandra".
    pub driver: String,
    /// The table the column belongs to.
    pub table: String,
    /// The column's name.
    pub name: String,
    /// The engine's type name, upper case ("NUMERIC", "MONEY").
    pub db_type: String,
    /// The rule a user chose for the column (`--column-rule COL=RULE`), if any.
    pub rule: Option<String>,
    /// Fractional-second digits to keep in timestamps and times.
    pub timestamp_precision: u8,
}

impl From<Column> for ColumnSpec {
    fn from(c: Column) -> Self {
        ColumnSpec {
            driver: c.driver,
            table: c.table,
            name: c.name,
            db_type: c.db_type,
            rule: c.rule,
            timestamp_precision: c.timestamp_precision,
        }
    }
}

/// What a normalizer claims.
#[derive(Clone, Debug, Default)]
pub struct NormalizerInfo {
    /// Shown by `edg plugins list`.
    pub name: String,
    /// Shown by `edg plugins list` beside the name.
    pub version: String,
    /// Driver families it handles; "*" for any.
    pub drivers: Vec<String>,
    /// Column types (upper-case base names) it handles without a rule; "*" for every type. A
    /// prefix declares the canonical form of the type's values, which the host then applies
    /// itself: "=TEXT", "#INT8", "%NUMERIC", "@TIMESTAMP" (see `wit/normalizer.wit`).
    pub types: Vec<String>,
    /// Rules a user may select per column.
    pub rules: Vec<String>,
    /// One line for `edg plugins list`.
    pub doc: String,
}

/// A normalizer component: implement `normalize_value`; `normalize_column` has a default that
/// calls it per value (override it for a faster bulk path).
pub trait Normalizer {
    /// What the normalizer handles: name, version, drivers, types, rules.
    fn info() -> NormalizerInfo;

    /// One value's canonical form. NULL stays NULL unless you decide otherwise.
    fn normalize_value(column: &ColumnSpec, value: Value) -> Result<Value, String>;

    /// A batch of one column's values.
    fn normalize_column(column: &ColumnSpec, values: Vec<Value>) -> Result<Vec<Value>, String> {
        values.into_iter().map(|v| Self::normalize_value(column, v)).collect()
    }

    /// A batch of raw text values (one buffer, as a text protocol sent them): by default split
    /// into values for `normalize_column`; override it to answer in bulk (a typed column, or
    /// the buffer itself when the text is already canonical).
    fn normalize_raw_column(column: &ColumnSpec, values: RawColumn) -> Result<ValueColumn, String> {
        Self::normalize_column(column, raw_values(values)).map(ValueColumn::Values)
    }
}

/// `describe()` for a normalizer (the [`export_normalizer!`](crate::export_normalizer) macro calls it).
pub fn describe<N: Normalizer>() -> Info {
    let i = N::info();
    Info { name: i.name, version: i.version, drivers: i.drivers, types: i.types, rules: i.rules, doc: i.doc }
}

/// `normalize()` for a normalizer: one column's batch through [`Normalizer::normalize_column`].
pub fn normalize<N: Normalizer>(column: ColumnSpec, values: Vec<Value>) -> Result<Vec<Value>, String> {
    N::normalize_column(&column, values)
}

/// The bulk form: raw text values (one buffer) become values, then the same canonical values
/// as `normalize`.
pub fn normalize_raw<N: Normalizer>(column: ColumnSpec, values: RawColumn) -> Result<ValueColumn, String> {
    N::normalize_raw_column(&column, values)
}

/// A raw column as text values. `nulls` is one flag per value, or empty when none is NULL.
pub fn raw_values(col: RawColumn) -> Vec<Value> {
    let mut out = Vec::with_capacity(col.ends.len());
    let mut start = 0usize;
    for (i, end) in col.ends.iter().enumerate() {
        let end = (*end as usize).clamp(start, col.data.len());
        out.push(if col.nulls.get(i).copied().unwrap_or(false) {
            Value::Null
        } else {
            Value::Text(String::from_utf8_lossy(&col.data[start..end]).into_owned())
        });
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_columns_split_with_or_without_null_flags() {
        let col = |nulls: Vec<bool>| RawColumn { data: b"ab\xc3\xa9x".to_vec(), ends: vec![2, 2, 4, 5], nulls };
        assert_eq!(
            raw_values(col(Vec::new())),
            vec![Value::Text("ab".into()), Value::Text("".into()), Value::Text("é".into()), Value::Text("x".into())]
        );
        assert_eq!(raw_values(col(vec![false, true, false, false]))[1], Value::Null);
    }
}
