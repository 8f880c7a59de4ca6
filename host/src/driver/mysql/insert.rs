//! MySQL's and MariaDB's half of the prepared-INSERT bulk path (`driver::insert`): how a value
//! is bound and how a statement runs.

use crate::driver::{Conn, Driver, DriverError};
use crate::expr::{EValue, to_json};
use sqlx::Arguments;
use sqlx::mysql::{MySqlArguments, MySqlConnection};

/// MySQL's limit on `?` markers in one statement.
pub const MAX_PARAMS: usize = 65_535;

/// Bind `v` as the literal would have said it: integers as integers, floats as the same decimal
/// text the literal path writes (so a DECIMAL column receives exactly the digits, never a
/// rounded double), strings and bytes as they are. Returns the value's size.
pub fn bind(args: &mut MySqlArguments, v: &EValue) -> Result<usize, DriverError> {
    let added = match v {
        EValue::Nil => args.add(None::<i64>).map(|()| 1),
        EValue::Bool(b) => args.add(i64::from(*b)).map(|()| 8),
        EValue::Integer(i) => args.add(*i).map(|()| 8),
        EValue::Float(f) => {
            let text = crate::driver::literal::float(*f, Driver::MySql)?;
            args.add(text.as_str()).map(|()| text.len())
        }
        EValue::String(s) => args.add(s.as_str()).map(|()| s.len()),
        EValue::Bytes(b) => args.add(b.as_slice()).map(|()| b.len()),
        EValue::Array(_) | EValue::Map(_) | EValue::KeyedMap(_) => {
            let json = to_json(v).to_string();
            let n = json.len();
            args.add(json).map(|()| n)
        }
    };
    added.map_err(|e| DriverError::Query(format!("binding a value: {e}")))
}

pub async fn execute(conn: &mut MySqlConnection, sql: &str, args: MySqlArguments) -> Result<(), DriverError> {
    sqlx::Executor::execute(conn, sqlx::query_with(sql, args)).await.map(|_| ()).map_err(Conn::error)
}
