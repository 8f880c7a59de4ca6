//! SQLite's catalog: `sqlite_master` and `pragma_table_info`, whose `pk` column numbers the
//! primary key's columns.

use crate::driver::catalog::{ColumnInfo, lit, text};
use crate::driver::{Conn, DriverError};
use crate::value::Value;

pub const TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1";

pub async fn describe(conn: &mut Conn, name: &str) -> Result<(Vec<ColumnInfo>, Vec<String>), DriverError> {
    let sql = format!("SELECT name, upper(type), pk FROM pragma_table_info({}) ORDER BY cid", lit(name));
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
    Ok((columns, pk.into_iter().map(|(_, n)| n).collect()))
}
