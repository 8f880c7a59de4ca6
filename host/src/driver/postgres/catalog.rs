//! PostgreSQL's catalog: tables of the current schema, columns by `udt_name`, the primary key
//! in index order.

use crate::driver::catalog::{ColumnInfo, lit};
use crate::driver::{Conn, DriverError};

pub const TABLES: &str = "SELECT table_name FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1";

pub async fn describe(conn: &mut Conn, name: &str) -> Result<(Vec<ColumnInfo>, Vec<String>), DriverError> {
    let cols = format!(
        "SELECT column_name, upper(udt_name) FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = {} ORDER BY ordinal_position",
        lit(name)
    );
    let pk = format!(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
         WHERE i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident({}))::regclass AND i.indisprimary \
         ORDER BY array_position(i.indkey::int2[], a.attnum)",
        lit(name)
    );
    conn.columns_and_key(&cols, &pk).await
}
