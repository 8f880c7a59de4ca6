//! SQLite's half of the prepared-INSERT bulk path (`driver::insert`): how a value is bound and
//! how a statement runs. Literal 1000-row INSERTs spent most of SQLite's time in its parser.

use crate::driver::{Conn, Driver, DriverError};
use crate::expr::{EValue, to_json};
use sqlx::Arguments;
use sqlx::sqlite::{SqliteArguments, SqliteConnection};

/// SQLite's default limit on `?` markers in one statement (since 3.32).
pub const MAX_PARAMS: usize = 32_766;

/// Bind `v` with the storage class its literal would have had: TRUE and FALSE are the integers
/// 1 and 0; a float whose literal is an integer that fits 64 bits is that INTEGER (`5.0` is
/// written `5`), any other float the REAL it is (the literal's shortest text reads back as the
/// same double; SQLite's own text-to-double conversion is not always exact, binding is); text
/// and JSON as TEXT, bytes as a BLOB. Returns the value's size.
pub fn bind(args: &mut SqliteArguments<'static>, v: &EValue) -> Result<usize, DriverError> {
    let added = match v {
        EValue::Nil => args.add(None::<i64>).map(|()| 1),
        EValue::Bool(b) => args.add(i64::from(*b)).map(|()| 8),
        EValue::Integer(i) => args.add(*i).map(|()| 8),
        EValue::Float(f) => match crate::driver::literal::float(*f, Driver::Sqlite)?.parse::<i64>() {
            Ok(i) => args.add(i),
            Err(_) => args.add(*f),
        }
        .map(|()| 8),
        EValue::String(s) => args.add(s.clone()).map(|()| s.len()),
        EValue::Bytes(b) => args.add(b.clone()).map(|()| b.len()),
        EValue::Array(_) | EValue::Map(_) | EValue::KeyedMap(_) => {
            let json = to_json(v).to_string();
            let n = json.len();
            args.add(json).map(|()| n)
        }
    };
    added.map_err(|e| DriverError::Query(format!("binding a value: {e}")))
}

pub async fn execute(
    conn: &mut SqliteConnection,
    sql: &str,
    args: SqliteArguments<'static>,
) -> Result<(), DriverError> {
    sqlx::Executor::execute(conn, sqlx::query_with(sql, args)).await.map(|_| ()).map_err(Conn::error)
}
