//! What callers may ask an engine without naming it: how it quotes, orders and snapshots, and
//! how it writes a batch. One implementation per engine, in that engine's folder; the one
//! `match` that picks it is `Driver::dialect`.

use super::Driver;

/// How a seed query's batch reaches the engine fastest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchWrite {
    /// Literal SQL (`__values__` or one statement per row).
    Literal,
    /// A plain `INSERT INTO t (cols) __values__` becomes one `COPY FROM STDIN` for the query.
    CopyIn,
    /// A `__values__` batch becomes one prepared multi-row statement with bound values.
    PreparedRows,
    /// Statements run with `?` markers and values bound by type (CQL).
    BoundCql,
}

/// An engine's SQL (or SQL-like) dialect.
pub trait Dialect: Sync {
    /// `name` as an identifier.
    fn quote_ident(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// Whether a column of this type is a text key: ordered by its bytes (see `byte_order`).
    fn is_text(&self, _db_type: &str) -> bool {
        false
    }

    /// The expression that orders (and compares) the quoted text column `quoted` by its raw
    /// UTF-8 bytes, whatever collation the column has.
    fn byte_order(&self, quoted: &str) -> String {
        quoted.to_string()
    }

    /// The expression a column of this type is read with, so its value comes back exactly
    /// (`quoted` as it is, unless the engine's text form of the type loses digits).
    fn read_expr(&self, quoted: &str, _db_type: &str) -> String {
        quoted.to_string()
    }

    /// `literal` as compared with a column of this type: wrapped where the engine would
    /// otherwise compare the two inexactly (a single-precision column against a double).
    fn typed_literal(&self, literal: String, _db_type: &str) -> String {
        literal
    }

    /// The statement that opens a read-only consistent snapshot for a whole scan (closed with
    /// `ROLLBACK`); None where the engine has none to offer.
    fn begin_snapshot(&self) -> Option<&'static str> {
        None
    }

    /// Whether tables are read with SQL `SELECT … WHERE key > … ORDER BY … LIMIT`.
    fn pages_in_sql(&self) -> bool {
        false
    }

    /// Whether statements mark arguments with `?` (as the engine's Go driver binds them), besides
    /// edg's `$N`.
    fn question_marks(&self) -> bool {
        false
    }

    /// Whether string literals escape backslashes when the session says nothing otherwise.
    fn backslash_escapes(&self) -> bool {
        false
    }

    /// The expression for the ASCII unit separator, for `__sep__`.
    fn separator(&self) -> &'static str {
        "chr(31)"
    }

    /// How a seed batch is written.
    fn batch_write(&self) -> BatchWrite {
        BatchWrite::Literal
    }

    /// The statement that opens the transaction a seed query's batches commit in together
    /// (closed with `COMMIT`, or `ROLLBACK` when a batch fails); None where writes cannot be.
    fn begin_write(&self) -> Option<&'static str> {
        None
    }
}

impl Driver {
    /// This engine's dialect.
    pub fn dialect(self) -> &'static dyn Dialect {
        match self {
            Driver::Postgres => &super::postgres::Postgres,
            Driver::MySql => &super::mysql::MySql,
            Driver::Sqlite => &super::sqlite::Sqlite,
            Driver::MongoDb => &super::mongo::MongoDialect,
            Driver::Cassandra => &super::cassandra::CassandraDialect,
        }
    }
}
