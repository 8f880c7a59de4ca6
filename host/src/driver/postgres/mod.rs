//! PostgreSQL (and CockroachDB, which speaks its protocol): dialect, catalog, COPY.

pub mod catalog;
pub(crate) mod copy;
pub(crate) mod prepare;
pub(crate) mod rows;

use super::dialect::{BatchWrite, Dialect};

pub struct Postgres;

/// Who this engine is: names, schemes, family.
static POSTGRES: crate::driver::dialect::Identity = crate::driver::dialect::Identity {
    family: "postgres",
    names: &["pgx", "postgres", "postgresql", "pg", "cockroachdb", "crdb"],
    schemes: &["postgres", "postgresql"],
    scheme_required: true,
    url_form: "a postgres://user:pass@host:5432/db URL",
};

impl Dialect for Postgres {
    fn identity(&self) -> &'static crate::driver::dialect::Identity {
        &POSTGRES
    }
    fn begin_write(&self) -> Option<&'static str> {
        Some("BEGIN")
    }
    fn statements(&self) -> Option<&'static dyn crate::driver::dialect::ServerStatements> {
        Some(&prepare::Statements)
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
