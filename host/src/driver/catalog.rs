//! What a database's catalog says about its tables: names, columns, types, primary keys. Each
//! engine asks its own catalog (its folder's `catalog.rs`); this is the one place that picks.

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

/// Documents read to learn a collection's fields.
const MONGO_SAMPLE: i64 = 1000;

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
    /// Every base table in the connection's current schema / database.
    pub async fn tables(&mut self) -> Result<Vec<String>, DriverError> {
        match self {
            Conn::Mongo(m) => m.collections().await.map_err(DriverError::Query),
            Conn::Cassandra(c) => c.tables().await.map_err(DriverError::Query),
            Conn::Postgres(_) => self.names(super::postgres::catalog::TABLES).await,
            Conn::MySql { .. } => self.names(super::mysql::catalog::TABLES).await,
            Conn::Sqlite(_) => self.names(super::sqlite::catalog::TABLES).await,
        }
    }

    /// The table whose name matches `wanted` (exactly, else ignoring case), with its columns.
    /// `all` is the side's table list (from `tables`), read once per verify, not per table.
    pub async fn describe(&mut self, wanted: &str, all: &[String]) -> Result<Option<TableInfo>, DriverError> {
        let Some(name) =
            all.iter().find(|t| *t == wanted).or_else(|| all.iter().find(|t| t.eq_ignore_ascii_case(wanted))).cloned()
        else {
            return Ok(None);
        };
        let (columns, primary_key) = match self {
            Conn::Mongo(m) => {
                // Documents have no schema: the fields of the first documents are the columns.
                let fields = m.fields(&name, MONGO_SAMPLE).await.map_err(DriverError::Query)?;
                (
                    fields.into_iter().map(|name| ColumnInfo { name, db_type: String::new() }).collect(),
                    vec!["_id".into()],
                )
            }
            Conn::Cassandra(c) => {
                let (cols, pk) = c.describe(&name).await.map_err(DriverError::Query)?;
                (cols.into_iter().map(|(name, db_type)| ColumnInfo { name, db_type }).collect(), pk)
            }
            Conn::Postgres(_) => super::postgres::catalog::describe(self, &name).await?,
            Conn::MySql { .. } => super::mysql::catalog::describe(self, &name).await?,
            Conn::Sqlite(_) => super::sqlite::catalog::describe(self, &name).await?,
        };
        Ok(Some(TableInfo { name, columns, primary_key }))
    }

    async fn names(&mut self, sql: &str) -> Result<Vec<String>, DriverError> {
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
