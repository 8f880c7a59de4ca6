//! SQLite: dialect, catalog, file paths.

pub mod catalog;
pub(crate) mod insert;
pub(crate) mod rows;
pub(crate) mod url;

pub use url::path_of;

use super::dialect::{BatchWrite, Dialect};

pub struct Sqlite;

/// Who this engine is: names, schemes, family.
static SQLITE: crate::driver::dialect::Identity = crate::driver::dialect::Identity {
    family: "sqlite",
    names: &["sqlite", "sqlite3"],
    schemes: &["sqlite"],
    scheme_required: false,
    url_form: "a file path, sqlite:path or :memory:",
};

impl Dialect for Sqlite {
    fn identity(&self) -> &'static crate::driver::dialect::Identity {
        &SQLITE
    }
    fn begin_write(&self) -> Option<&'static str> {
        Some("BEGIN")
    }

    fn is_text(&self, db_type: &str) -> bool {
        // Type affinity: no declared type, or one naming characters, is text.
        let t = db_type.to_ascii_uppercase();
        t.is_empty() || t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")
    }

    fn byte_order(&self, quoted: &str) -> String {
        format!("{quoted} COLLATE BINARY")
    }

    fn begin_snapshot(&self) -> Option<&'static str> {
        Some("BEGIN")
    }

    fn pages_in_sql(&self) -> bool {
        true
    }

    fn question_marks(&self) -> bool {
        true
    }

    fn separator(&self) -> &'static str {
        "char(31)"
    }

    fn batch_write(&self) -> BatchWrite {
        BatchWrite::PreparedRows
    }
}
