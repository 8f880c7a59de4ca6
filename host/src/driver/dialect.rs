//! What callers may ask an engine without naming it: how it quotes, orders and snapshots, and
//! how it writes a batch. One implementation per engine, in that engine's folder; the one
//! `match` that picks it is `Driver::dialect`.

use super::Driver;
use crate::render::RenderError;

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

/// Who an engine is, as users name it: everything parsing `--driver`, URL checks, help,
/// fuzzing and the normalizer list need, so a new engine is its folder and this.
pub struct Identity {
    /// The family normalizers and logs use (`postgres`); its normalizer is `<family>-normalizer`.
    pub family: &'static str,
    /// What `--driver` takes, case-insensitively; the first is the name help and logs show.
    pub names: &'static [&'static str],
    /// URL schemes (`postgres://`) that name this engine, for a `--driver` left at its default.
    pub schemes: &'static [&'static str],
    /// Whether a URL must have one of `schemes` (SQLite takes a path, Cassandra a bare host).
    pub scheme_required: bool,
    /// The connection string an error shows as the expected form.
    pub url_form: &'static str,
}

/// An engine's SQL (or SQL-like) dialect.
pub trait Dialect: Sync {
    /// Who the engine is (no default: the compiler asks a new engine for it).
    fn identity(&self) -> &'static Identity;

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

    /// A run query's `prepared: true`: how the engine prepares statements on the server in SQL;
    /// None where there is no server-side statement to prepare (SQLite is a library, MongoDB
    /// has no SQL).
    fn statements(&self) -> Option<&'static dyn ServerStatements> {
        None
    }
}

/// Statements prepared on the server, named, and executed with literal arguments.
pub trait ServerStatements: Sync {
    /// The SQL that prepares `sql` (of `args` arguments) as `name`, and which argument each of
    /// its parameters takes.
    fn prepare(&self, name: &str, sql: &str, args: usize, backslash: bool) -> Result<Prepared, RenderError>;

    /// The SQL that runs statement `name` with its parameters' literals in order.
    fn execute(&self, name: &str, literals: &[String]) -> String;
}

/// A statement prepared on the server (see `ServerStatements`).
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    /// The statement that prepares it.
    pub prepare: String,
    /// For each parameter in order, the (0-based) argument it takes.
    pub params: Vec<usize>,
}

impl Driver {
    /// Every engine edg knows, in the order help lists them.
    pub const ALL: [Driver; 5] = [Driver::Postgres, Driver::MySql, Driver::Sqlite, Driver::MongoDb, Driver::Cassandra];

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

#[cfg(test)]
mod tests {
    use super::Driver;

    #[test]
    fn every_engine_has_names_a_scheme_a_family_and_a_normalizer() {
        let normalizers = crate::plugin::builtin_names();
        let mut seen = std::collections::HashSet::new();
        for d in Driver::ALL {
            let id = d.dialect().identity();
            assert!(!id.names.is_empty() && !id.schemes.is_empty() && !id.family.is_empty(), "{d:?}");
            assert!(
                normalizers.contains(&format!("{}-normalizer", id.family).as_str()),
                "{d:?}: no built-in normalizer"
            );
            for name in id.names {
                assert!(seen.insert(*name), "{name} names two engines");
                assert_eq!(name.parse::<Driver>().ok().filter(|_| d.built()).or(Some(d)), Some(d));
            }
            for scheme in id.schemes {
                assert_eq!(crate::driver::url::driver_for(&format!("{scheme}://h/db")), Some(d), "{scheme}");
            }
            assert!(id.url_form.contains(id.schemes[0]) || !id.scheme_required, "{d:?}: {}", id.url_form);
        }
    }
}
