//! SQLite results: values come typed by their storage class.

use crate::driver::sql::read_rows;
use crate::driver::{Conn, Rows};
use crate::value::Value;
use sqlx::{Executor, Row, TypeInfo, ValueRef};

pub async fn query(c: &mut sqlx::SqliteConnection, sql: &str) -> Result<Rows, crate::driver::DriverError> {
    let rows = Executor::fetch_all(&mut *c, sql).await.map_err(Conn::error)?;
    read_rows(&rows, |row, i| {
        let raw = row.try_get_raw(i).map_err(Conn::error)?;
        if raw.is_null() {
            return Ok(Value::Null);
        }
        let storage = raw.type_info().name().to_string();
        Ok(match storage.as_str() {
            "INTEGER" | "BOOLEAN" => Value::Int(row.try_get_unchecked::<i64, _>(i).map_err(Conn::error)?),
            "REAL" => Value::Float(row.try_get_unchecked::<f64, _>(i).map_err(Conn::error)?),
            "BLOB" => Value::Bytes(row.try_get_unchecked::<Vec<u8>, _>(i).map_err(Conn::error)?),
            _ => Value::Text(row.try_get_unchecked::<String, _>(i).map_err(Conn::error)?),
        })
    })
}
