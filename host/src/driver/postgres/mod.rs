//! PostgreSQL (and CockroachDB, which speaks its protocol): dialect, catalog, COPY.

pub mod catalog;
pub(crate) mod copy;
pub(crate) mod rows;

use super::dialect::{BatchWrite, Dialect};

pub struct Postgres;

impl Dialect for Postgres {
    fn begin_write(&self) -> Option<&'static str> {
        Some("BEGIN")
    }

    fn is_text(&self, db_type: &str) -> bool {
        matches!(base(db_type).as_str(), "TEXT" | "VARCHAR" | "BPCHAR" | "CHAR" | "NAME" | "CITEXT" | "CHARACTER")
    }

    fn byte_order(&self, quoted: &str) -> String {
        format!("{quoted} COLLATE \"C\"")
    }

    fn begin_snapshot(&self) -> Option<&'static str> {
        Some("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    fn pages_in_sql(&self) -> bool {
        true
    }

    fn batch_write(&self) -> BatchWrite {
        BatchWrite::CopyIn
    }
}

/// The type name without its length or modifiers, upper-case: `VARCHAR(20)` is `VARCHAR`.
pub(crate) fn base(db_type: &str) -> String {
    db_type.to_ascii_uppercase().split(['(', ' ']).next().unwrap_or("").to_string()
}
