//! MySQL/MariaDB results over the text protocol: every column arrives as bytes.

use crate::driver::sql::{collect_raw, read_rows, text_or_bytes};
use crate::driver::{Conn, DriverError, PageShape, RawRows, Rows};
use crate::value::Value;
use sqlx::{Executor, Row};

pub async fn query(conn: &mut sqlx::MySqlConnection, sql: &str) -> Result<Rows, DriverError> {
    let rows = Executor::fetch_all(&mut *conn, sql).await.map_err(Conn::error)?;
    read_rows(&rows, |row, i| {
        let v: Option<&[u8]> = row.try_get_unchecked(i).map_err(Conn::error)?;
        Ok(v.map(text_or_bytes).unwrap_or(Value::Null))
    })
}

pub async fn query_raw(conn: &mut sqlx::MySqlConnection, sql: &str, shape: &PageShape) -> Result<RawRows, DriverError> {
    let rows = Executor::fetch_many(&mut *conn, sql);
    collect_raw(rows, shape, |row: &sqlx::mysql::MySqlRow, i| {
        row.try_get_unchecked::<Option<&[u8]>, _>(i).map_err(Conn::error)
    })
    .await
}
