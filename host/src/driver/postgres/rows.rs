//! PostgreSQL results over the simple protocol: every column arrives as text.

use crate::driver::sql::{collect_raw, read_rows, text_or_bytes};
use crate::driver::{Conn, DriverError, PageShape, RawRows, Rows};
use crate::value::Value;
use sqlx::{Executor, Row, ValueRef};

pub async fn query(c: &mut sqlx::PgConnection, sql: &str) -> Result<Rows, DriverError> {
    let rows = Executor::fetch_all(&mut *c, sql).await.map_err(Conn::error)?;
    read_rows(&rows, |row, i| {
        let v = row.try_get_raw(i).map_err(Conn::error)?;
        if v.is_null() {
            return Ok(Value::Null);
        }
        let bytes = v.as_bytes().map_err(|e| DriverError::Query(e.to_string()))?;
        Ok(text_or_bytes(bytes))
    })
}

pub async fn query_raw(c: &mut sqlx::PgConnection, sql: &str, shape: &PageShape) -> Result<RawRows, DriverError> {
    let rows = Executor::fetch_many(&mut *c, sql);
    collect_raw(rows, shape, |row: &sqlx::postgres::PgRow, i| {
        let v = row.try_get_raw(i).map_err(Conn::error)?;
        if v.is_null() {
            return Ok(None);
        }
        v.as_bytes().map(Some).map_err(|e| DriverError::Query(e.to_string()))
    })
    .await
}
