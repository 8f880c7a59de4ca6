//! MySQL's and MariaDB's catalog: `information_schema` of the current database; names cast to
//! CHAR (the server sends them as binary strings otherwise).

use crate::driver::catalog::{ColumnInfo, lit};
use crate::driver::{Conn, DriverError};

pub const TABLES: &str = "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1";

pub async fn describe(conn: &mut Conn, name: &str) -> Result<(Vec<ColumnInfo>, Vec<String>), DriverError> {
    let cols = format!(
        "SELECT CAST(COLUMN_NAME AS CHAR), CAST(UPPER(COLUMN_TYPE) AS CHAR) FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} ORDER BY ORDINAL_POSITION",
        lit(name)
    );
    let pk = format!(
        "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.KEY_COLUMN_USAGE \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {} AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
        lit(name)
    );
    conn.columns_and_key(&cols, &pk).await
}
