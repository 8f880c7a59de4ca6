//! What a database's catalog says about its tables: names, columns, types, primary keys, and the
//! helpers the SQL engines' catalogs (each in its folder's `catalog.rs`) share. `Conn::tables`
//! and `Conn::describe` pick the engine in `driver/mod.rs`, with every other dispatch.

use super::{Conn, DriverError};
use crate::value::Value;

#[derive(Clone, Debug)]
pub struct ColumnInfo {
    /// The name as the engine spells it (used, quoted, in queries).
    pub name: String,
    /// Upper-case type, e.g. "INT4", "DECIMAL(10,2)", "TINYINT(1)".
    pub db_type: String,
}

#[derive(Clone, Debug)]
pub struct TableInfo {
    pub name: String,
    pub columns: Vec<ColumnInfo>,
    pub primary_key: Vec<String>,
}

/// A catalog value as text (MySQL sends names as bytes).
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// A name as a string literal in a catalog query.
pub(crate) fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''").replace('\\', "\\\\"))
}

impl Conn {
    pub(crate) async fn names(&mut self, sql: &str) -> Result<Vec<String>, DriverError> {
        Ok(self.query(sql).await?.rows.iter().map(|r| text(&r[0])).collect())
    }

    /// Columns from `cols_sql` (name, type) and the primary key from `pk_sql` (names in order).
    pub(crate) async fn columns_and_key(
        &mut self,
        cols_sql: &str,
        pk_sql: &str,
    ) -> Result<(Vec<ColumnInfo>, Vec<String>), DriverError> {
        let columns = self
            .query(cols_sql)
            .await?
            .rows
            .iter()
            .map(|r| ColumnInfo { name: text(&r[0]), db_type: text(&r[1]) })
            .collect();
        let key = self.query(pk_sql).await?.rows.iter().map(|r| text(&r[0])).collect();
        Ok((columns, key))
    }
}
