//! Database connections. SQL engines go through sqlx with one connection per side; statements
//! run over the simple/text protocol so every column arrives as text (or raw bytes) with its
//! engine type name, and the per-driver normalizer decides what it means.

pub mod cassandra;
mod catalog;
pub mod dialect;
mod feed;
mod insert;
pub(crate) mod literal;
pub mod mongo;
pub mod mysql;
pub mod native;
pub mod postgres;
pub mod sink;
mod sql;
pub mod sqlite;
pub(crate) mod url;

pub use catalog::{ColumnInfo, TableInfo};
pub use dialect::{BatchWrite, Dialect, Prepared};
pub use insert::{InsertShape, InsertWriter};
pub use literal::{LiteralError, copy_text, literal};
pub use postgres::copy::CopyWriter;
pub use sink::{BatchSink, Done, Job, MakeJob, Pipelined};
pub use url::identity;

use crate::value::Value;
use sqlx::{Column as _, Connection, Executor, Row, TypeInfo};
use std::str::FromStr;
use std::time::Duration;

type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    Postgres,
    MySql,
    Sqlite,
    MongoDb,
    Cassandra,
}

impl FromStr for Driver {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let name = s.to_ascii_lowercase();
        let Some(d) = Driver::ALL.into_iter().find(|d| d.dialect().identity().names.contains(&name.as_str())) else {
            let known: Vec<&str> = Driver::ALL.iter().map(|d| d.flag_name()).collect();
            return Err(format!("unknown driver {name:?}; expected one of {}", known.join(", ")));
        };
        // Refused while the flags are read, before anything is written to the other side.
        if d.built() { Ok(d) } else { Err(DriverError::NotBuilt(d.family()).to_string()) }
    }
}

impl Driver {
    /// Whether this binary has the driver's client (MongoDB and Cassandra are cargo features).
    pub fn built(self) -> bool {
        match self {
            Driver::MongoDb => cfg!(feature = "mongodb"),
            Driver::Cassandra => cfg!(feature = "cassandra"),
            Driver::Postgres | Driver::MySql | Driver::Sqlite => true,
        }
    }

    /// The driver family name normalizers use.
    pub fn family(self) -> &'static str {
        self.dialect().identity().family
    }

    /// The name users type, for log lines.
    pub fn flag_name(self) -> &'static str {
        self.dialect().identity().names[0]
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    #[error("{0}")]
    Url(String),
    #[error("connecting to {driver} at {url}: {message}")]
    Connect { driver: &'static str, url: String, message: String },
    #[error("{0}")]
    Query(String),
    #[error("the {0} driver is not supported by this command yet")]
    Unsupported(&'static str),
    /// The driver's client is a cargo feature this binary was built without.
    #[error(
        "this edg was built without the {0} driver (cargo feature `{0}`, on by default): build it with `cargo build --features {0}`"
    )]
    NotBuilt(&'static str),
    #[error(transparent)]
    Literal(#[from] LiteralError),
    /// A task that ran the statement on the runtime ended without an answer.
    #[error("{0}")]
    Task(String),
    /// A MongoDB or Cassandra client's error: its text (scrubbed of passwords) and the error.
    #[error("{message}")]
    Engine {
        message: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl DriverError {
    /// An engine client's error, keeping it as the cause.
    pub fn engine(message: impl AsRef<str>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        DriverError::Engine { message: crate::redact::scrub(message.as_ref()), source: Box::new(source) }
    }
}

/// A column of a result set.
#[derive(Clone, Debug)]
pub struct ColumnMeta {
    pub name: String,
    /// Upper-case engine type name, e.g. "INT4", "DECIMAL", "BOOLEAN".
    pub db_type: String,
}

#[derive(Debug, Default)]
pub struct Rows {
    pub columns: Vec<ColumnMeta>,
    /// Raw values: Text for textual protocol data, Bytes for non-UTF-8 data, typed values
    /// where the engine hands them over typed (SQLite), Null for NULL.
    pub rows: Vec<Vec<Value>>,
}

/// A result set as one raw buffer per column (text protocols), for bulk normalisation.
#[derive(Debug, Default)]
pub struct RawRows {
    pub columns: Vec<ColumnMeta>,
    pub cols: Vec<crate::value::RawColumn>,
}

impl RawRows {
    pub fn len(&self) -> usize {
        self.cols.first().map(|c| c.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How big the previous page of a scan was, so the next one is allocated at its size.
#[derive(Clone, Debug, Default)]
pub struct PageShape {
    pub rows: usize,
    /// Data bytes per column.
    pub bytes: Vec<usize>,
}

impl PageShape {
    pub fn of(raw: &RawRows) -> PageShape {
        PageShape { rows: raw.len(), bytes: raw.cols.iter().map(|c| c.data.len()).collect() }
    }

    /// Empty columns with room for a page like the last one, plus some slack.
    pub fn columns(&self, width: usize) -> Vec<crate::value::RawColumn> {
        let slack = |n: usize| n + n / 8;
        (0..width)
            .map(|i| crate::value::RawColumn::with_capacity(self.rows, slack(self.bytes.get(i).copied().unwrap_or(0))))
            .collect()
    }
}

fn column_meta<R: Row>(row: &R) -> Vec<ColumnMeta> {
    row.columns()
        .iter()
        .map(|c| ColumnMeta { name: c.name().to_string(), db_type: c.type_info().name().to_ascii_uppercase() })
        .collect()
}

// One value per side for the whole run: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Conn {
    Postgres(sqlx::PgConnection),
    MySql {
        conn: sqlx::MySqlConnection,
        backslash_escapes: bool,
    },
    Sqlite(sqlx::SqliteConnection),
    #[cfg(feature = "mongodb")]
    Mongo(mongo::Mongo),
    #[cfg(feature = "cassandra")]
    Cassandra(cassandra::Cassandra),
}

impl Conn {
    /// Connect for writing: a SQLite file that does not exist yet is created.
    pub async fn connect(driver: Driver, raw_url: &str) -> Result<Conn, DriverError> {
        Conn::open(driver, raw_url, true).await
    }

    /// Connect to a database that must already exist (verify creates nothing).
    pub async fn connect_existing(driver: Driver, raw_url: &str) -> Result<Conn, DriverError> {
        Conn::open(driver, raw_url, false).await
    }

    async fn open(driver: Driver, raw_url: &str, create: bool) -> Result<Conn, DriverError> {
        crate::redact::register(raw_url);
        url::check_scheme(driver, raw_url)?;
        let shown = crate::redact::url(raw_url);
        let fail = |message: String| DriverError::Connect {
            driver: driver.flag_name(),
            url: shown.clone(),
            message: crate::redact::scrub(&url::tls_hint(message)),
        };
        let attempt = async {
            match driver {
                Driver::Postgres => {
                    let opts = sqlx::postgres::PgConnectOptions::from_str(raw_url).map_err(|e| fail(e.to_string()))?;
                    let mut c = sqlx::PgConnection::connect_with(&opts).await.map_err(|e| fail(e.to_string()))?;
                    // Naive timestamps in literals and reads are UTC on every engine.
                    sqlx::raw_sql("SET TIME ZONE 'UTC'").execute(&mut c).await.map_err(|e| fail(e.to_string()))?;
                    Ok(Conn::Postgres(c))
                }
                Driver::MySql => {
                    let opts = mysql::url::mysql_options(raw_url)?;
                    let mut c = sqlx::MySqlConnection::connect_with(&opts).await.map_err(|e| fail(e.to_string()))?;
                    sqlx::raw_sql("SET time_zone = '+00:00'").execute(&mut c).await.map_err(|e| fail(e.to_string()))?;
                    let mode: (String,) = sqlx::query_as("SELECT CAST(@@SESSION.sql_mode AS CHAR)")
                        .fetch_one(&mut c)
                        .await
                        .map_err(|e| fail(e.to_string()))?;
                    let backslash_escapes = !mode.0.contains("NO_BACKSLASH_ESCAPES");
                    Ok(Conn::MySql { conn: c, backslash_escapes })
                }
                Driver::Sqlite => {
                    let opts = sqlite::url::sqlite_options(raw_url, create)?;
                    let c = sqlx::SqliteConnection::connect_with(&opts).await.map_err(|e| fail(e.to_string()))?;
                    Ok(Conn::Sqlite(c))
                }
                #[cfg(feature = "mongodb")]
                Driver::MongoDb => Ok(Conn::Mongo(mongo::connect(raw_url).await.map_err(|e| fail(e.to_string()))?)),
                #[cfg(feature = "cassandra")]
                Driver::Cassandra => {
                    Ok(Conn::Cassandra(cassandra::connect(raw_url).await.map_err(|e| fail(e.to_string()))?))
                }
                #[allow(unreachable_patterns)]
                other => Err(DriverError::NotBuilt(other.family())),
            }
        };
        match tokio::time::timeout(CONNECT_TIMEOUT, attempt).await {
            Ok(r) => r,
            Err(_) => Err(fail(format!("no answer within {}s", CONNECT_TIMEOUT.as_secs()))),
        }
    }

    pub fn driver(&self) -> Driver {
        match self {
            Conn::Postgres(_) => Driver::Postgres,
            Conn::MySql { .. } => Driver::MySql,
            Conn::Sqlite(_) => Driver::Sqlite,
            #[cfg(feature = "mongodb")]
            Conn::Mongo(_) => Driver::MongoDb,
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(_) => Driver::Cassandra,
        }
    }

    /// Whether string literals must escape backslashes (MySQL without NO_BACKSLASH_ESCAPES).
    pub fn backslash_escapes(&self) -> bool {
        matches!(self, Conn::MySql { backslash_escapes: true, .. })
    }

    fn error(e: sqlx::Error) -> DriverError {
        let msg = match &e {
            sqlx::Error::Database(db) => db.message().to_string(),
            other => other.to_string(),
        };
        DriverError::Query(crate::redact::scrub(&msg))
    }

    /// Every base table in the connection's current schema / database.
    pub async fn tables(&mut self) -> Result<Vec<String>, DriverError> {
        match self {
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => m.collections().await,
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => c.tables().await,
            Conn::Postgres(_) => self.names(postgres::catalog::TABLES).await,
            Conn::MySql { .. } => self.names(mysql::catalog::TABLES).await,
            Conn::Sqlite(_) => self.names(sqlite::catalog::TABLES).await,
        }
    }

    /// The table whose name matches `wanted` (exactly, else ignoring case), with its columns.
    /// `all` is the side's table list (from `tables`), read once per verify, not per table.
    pub async fn describe(&mut self, wanted: &str, all: &[String]) -> Result<Option<TableInfo>, DriverError> {
        let Some(name) =
            all.iter().find(|t| *t == wanted).or_else(|| all.iter().find(|t| t.eq_ignore_ascii_case(wanted))).cloned()
        else {
            return Ok(None);
        };
        let (columns, primary_key) = match self {
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => m.describe(&name).await?,
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => {
                let (cols, pk) = c.describe(&name).await?;
                (cols.into_iter().map(|(name, db_type)| ColumnInfo { name, db_type }).collect(), pk)
            }
            Conn::Postgres(_) => postgres::catalog::describe(self, &name).await?,
            Conn::MySql { .. } => mysql::catalog::describe(self, &name).await?,
            Conn::Sqlite(_) => sqlite::catalog::describe(self, &name).await?,
        };
        Ok(Some(TableInfo { name, columns, primary_key }))
    }

    /// Run statements that return no rows (several may be separated by `;`).
    // Boxed with an explicit `Send` bound: sqlx's executor futures otherwise trip the
    // compiler's higher-ranked lifetime inference when a caller is spawned onto tokio.
    pub fn execute<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<(), DriverError>> {
        Box::pin(self.execute_inner(sql))
    }

    async fn execute_inner(&mut self, sql: &str) -> Result<(), DriverError> {
        // A bare &str carries no arguments, so sqlx sends it over the simple (text) protocol.
        match self {
            Conn::Postgres(c) => Executor::execute(&mut *c, sql).await.map(|_| ()),
            Conn::MySql { conn, .. } => {
                Executor::execute(&mut *conn, &*mysql::cte::insert_first(sql)).await.map(|_| ())
            }
            Conn::Sqlite(c) => Executor::execute(&mut *c, sql).await.map(|_| ()),
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => return m.execute(sql).await,
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => {
                return c.execute(sql).await;
            }
        }
        .map_err(Self::error)
    }

    /// Statements of one batch: MongoDB merges inserts into one command; SQL runs them in order.
    pub fn execute_batch<'a>(&'a mut self, statements: &'a [String]) -> BoxFuture<'a, Result<(), DriverError>> {
        Box::pin(async move {
            #[cfg(feature = "mongodb")]
            if let Conn::Mongo(m) = self {
                return m.execute_batch(statements).await;
            }
            #[cfg(feature = "cassandra")]
            if let Conn::Cassandra(c) = self {
                return c.execute_batch(statements).await;
            }
            for s in statements {
                self.execute(s).await?;
            }
            Ok(())
        })
    }

    /// Cassandra: run `cql` (with `?` markers) once per row of bound values.
    pub fn execute_bound<'a>(
        &'a mut self,
        cql: &'a str,
        rows: Vec<Vec<crate::expr::EValue>>,
    ) -> BoxFuture<'a, Result<(), DriverError>> {
        Box::pin(async move {
            match self {
                #[cfg(feature = "cassandra")]
                Conn::Cassandra(c) => c.execute_bound(cql, &rows).await,
                _ => {
                    let _ = (cql, rows);
                    Err(DriverError::Query("bound values are only used for Cassandra".into()))
                }
            }
        })
    }

    /// `query` for PostgreSQL and MySQL, into one buffer per column with no allocation per
    /// value; None for engines without a text protocol (the caller uses `query`). Rows are
    /// copied out as they arrive, never collected first.
    pub fn query_raw<'a>(
        &'a mut self,
        sql: &'a str,
        shape: &'a PageShape,
    ) -> BoxFuture<'a, Result<Option<RawRows>, DriverError>> {
        Box::pin(async move {
            match self {
                Conn::Postgres(c) => postgres::rows::query_raw(c, sql, shape).await.map(Some),
                Conn::MySql { conn, .. } => mysql::rows::query_raw(conn, sql, shape).await.map(Some),
                _ => Ok(None),
            }
        })
    }

    /// Run a statement and read every row it returns.
    pub fn query<'a>(&'a mut self, sql: &'a str) -> BoxFuture<'a, Result<Rows, DriverError>> {
        Box::pin(self.query_inner(sql))
    }

    async fn query_inner(&mut self, sql: &str) -> Result<Rows, DriverError> {
        match self {
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => m.query(sql).await,
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => c.query(sql).await,
            Conn::Postgres(c) => postgres::rows::query(c, sql).await,
            Conn::MySql { conn, .. } => mysql::rows::query(conn, &mysql::cte::insert_first(sql)).await,
            Conn::Sqlite(c) => sqlite::rows::query(c, sql).await,
        }
    }
}
