//! MySQL and MariaDB: dialect, catalog, Go DSNs.

pub mod catalog;
pub(crate) mod insert;
pub(crate) mod rows;
pub(crate) mod url;

use super::dialect::{BatchWrite, Dialect};

pub struct MySql;

impl Dialect for MySql {
    fn begin_write(&self) -> Option<&'static str> {
        Some("BEGIN")
    }

    fn quote_ident(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    fn is_text(&self, db_type: &str) -> bool {
        matches!(
            super::postgres::base(db_type).as_str(),
            "CHAR" | "VARCHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" | "ENUM" | "SET"
        )
    }

    // Raw UTF-8 bytes, as `COLLATE "C"` and SQLite's BINARY order them: MariaDB's and MySQL's
    // `utf8mb4_bin` are PAD SPACE collations, which sort `a\t` and `a\x01` before `a`.
    fn byte_order(&self, quoted: &str) -> String {
        format!("CAST(CONVERT({quoted} USING utf8mb4) AS BINARY)")
    }

    fn begin_snapshot(&self) -> Option<&'static str> {
        Some("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
    }

    fn pages_in_sql(&self) -> bool {
        true
    }

    fn backslash_escapes(&self) -> bool {
        true
    }

    fn separator(&self) -> &'static str {
        "CHAR(31)"
    }

    fn batch_write(&self) -> BatchWrite {
        BatchWrite::PreparedRows
    }
}
