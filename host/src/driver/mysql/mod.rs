//! MySQL and MariaDB: dialect, catalog, Go DSNs.

pub mod catalog;
pub(crate) mod cte;
pub(crate) mod insert;
pub(crate) mod prepare;
pub(crate) mod rows;
pub(crate) mod url;

use super::dialect::{BatchWrite, Dialect};

pub struct MySql;

/// `FLOAT` and `FLOAT(M,D)`: a 4-byte float (`FLOAT(p)` with p > 24 is created as DOUBLE).
fn single_precision(db_type: &str) -> bool {
    super::postgres::base(db_type) == "FLOAT"
}

/// Who this engine is: names, schemes, family.
static MYSQL: crate::driver::dialect::Identity = crate::driver::dialect::Identity {
    family: "mysql",
    names: &["mysql", "mariadb"],
    schemes: &["mysql", "mariadb"],
    scheme_required: false,
    url_form: "a mysql://user:pass@host:3306/db URL or a Go DSN (user:pass@tcp(host:3306)/db)",
};

impl Dialect for MySql {
    fn identity(&self) -> &'static crate::driver::dialect::Identity {
        &MYSQL
    }
    fn begin_write(&self) -> Option<&'static str> {
        Some("BEGIN")
    }
    fn statements(&self) -> Option<&'static dyn crate::driver::dialect::ServerStatements> {
        Some(&prepare::Statements)
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

    // FLOAT is single precision, and its text form has six significant digits: 0.1234567 and
    // 0.1234568 both read "0.123457", and `col = 0.1` compares as a double, so it never holds.
    // Read as DOUBLE (every float is one exactly) and compared with literals cast to FLOAT.
    fn read_expr(&self, quoted: &str, db_type: &str) -> String {
        if single_precision(db_type) { format!("CAST({quoted} AS DOUBLE)") } else { quoted.to_string() }
    }

    fn typed_literal(&self, literal: String, db_type: &str) -> String {
        if single_precision(db_type) { format!("CAST({literal} AS FLOAT)") } else { literal }
    }

    fn begin_snapshot(&self) -> Option<&'static str> {
        Some("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
    }

    fn pages_in_sql(&self) -> bool {
        true
    }

    fn question_marks(&self) -> bool {
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
