//! What each engine's catalog says about a table: its columns, their types, its primary key.

use crate::driver::{Conn, Driver, DriverError};
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

fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''").replace('\\', "\\\\"))
}

/// Every base table in the connection's current schema / database.
pub async fn tables(conn: &mut Conn) -> Result<Vec<String>, DriverError> {
    if let Some(m) = conn.mongo() {
        return m.collections().await.map_err(DriverError::Query);
    }
    if let Some(c) = conn.cassandra() {
        return c.tables().await.map_err(DriverError::Query);
    }
    let sql = match conn.driver() {
        Driver::Postgres => {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        Driver::MySql => {
            "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"
        }
        Driver::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
        other => return Err(DriverError::Unsupported(other.flag_name())),
    };
    Ok(conn.query(sql).await?.rows.iter().map(|r| text(&r[0])).collect())
}

/// The table whose name matches `wanted` (exactly, else ignoring case), with its columns.
/// `all` is the side's table list (from `tables`), read once per verify rather than per table.
pub async fn describe(conn: &mut Conn, wanted: &str, all: &[String]) -> Result<Option<TableInfo>, DriverError> {
    let Some(name) =
        all.iter().find(|t| *t == wanted).or_else(|| all.iter().find(|t| t.eq_ignore_ascii_case(wanted))).cloned()
    else {
        return Ok(None);
    };
    if let Some(m) = conn.mongo() {
        // Documents have no schema: the fields of the first documents are the columns.
        let fields = m.fields(&name, MONGO_SAMPLE).await.map_err(DriverError::Query)?;
        let columns = fields.into_iter().map(|name| ColumnInfo { name, db_type: String::new() }).collect();
        return Ok(Some(TableInfo { name, columns, primary_key: vec!["_id".into()] }));
    }
    if let Some(c) = conn.cassandra() {
        let (cols, primary_key) = c.describe(&name).await.map_err(DriverError::Query)?;
        let columns = cols.into_iter().map(|(name, db_type)| ColumnInfo { name, db_type }).collect();
        return Ok(Some(TableInfo { name, columns, primary_key }));
    }
    let (cols_sql, pk_sql) = match conn.driver() {
        Driver::Postgres => (
            format!(
                "SELECT column_name, upper(udt_name) FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = {} ORDER BY ordinal_position",
                lit(&name)
            ),
            format!(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
                 WHERE i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident({}))::regclass AND i.indisprimary \
                 ORDER BY array_position(i.indkey::int2[], a.attnum)",
                lit(&name)
            ),
        ),
        Driver::MySql => (
            format!(
                "SELECT CAST(COLUMN_NAME AS CHAR), CAST(UPPER(COLUMN_TYPE) AS CHAR) FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} ORDER BY ORDINAL_POSITION",
                lit(&name)
            ),
            format!(
                "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
                lit(&name)
            ),
        ),
        Driver::Sqlite => {
            let sql = format!("SELECT name, upper(type), pk FROM pragma_table_info({}) ORDER BY cid", lit(&name));
            let rows = conn.query(&sql).await?;
            let columns = rows.rows.iter().map(|r| ColumnInfo { name: text(&r[0]), db_type: text(&r[1]) }).collect();
            let mut pk: Vec<(i64, String)> = rows
                .rows
                .iter()
                .filter_map(|r| match &r[2] {
                    Value::Int(n) if *n > 0 => Some((*n, text(&r[0]))),
                    _ => None,
                })
                .collect();
            pk.sort();
            return Ok(Some(TableInfo { name, columns, primary_key: pk.into_iter().map(|(_, n)| n).collect() }));
        }
        other => return Err(DriverError::Unsupported(other.flag_name())),
    };
    let columns = conn
        .query(&cols_sql)
        .await?
        .rows
        .iter()
        .map(|r| ColumnInfo { name: text(&r[0]), db_type: text(&r[1]) })
        .collect();
    let primary_key = conn.query(&pk_sql).await?.rows.iter().map(|r| text(&r[0])).collect();
    Ok(Some(TableInfo { name, columns, primary_key }))
}
