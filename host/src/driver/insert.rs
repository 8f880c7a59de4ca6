//! The bulk path for a multi-row `__values__` INSERT on engines that bind values (MySQL and
//! MariaDB, SQLite): prepared statements with `?` markers, fed by the generator through a queue.
//! Each engine's folder says how it binds a value and runs a statement (`bind`, `execute`).
//!
//! - **Prepared, not literal:** the server parses the statement once instead of once per batch;
//!   parsing 1000-row literal INSERTs was a quarter of MariaDB's time, and most of SQLite's.
//!   Values are bound as what the literal would have said (see each engine's `bind`).
//! - **Queued:** values are encoded on the generator's thread and a task owning the connection
//!   sends statement after statement. The server starts the next statement as soon as it
//!   answers the last one, instead of waiting for the generator to wake and hand it over.
//! - **Coalesced:** a plain `INSERT INTO t (cols) __values__` takes several of the query's
//!   batches per statement (about [`TARGET_ROWS`] rows). Its batches run in one transaction, so
//!   how rows are split into statements cannot be seen; at `size: 100` one statement per batch
//!   cost a round trip and a wake-up per 100 rows (0.59× `LOAD DATA`). PostgreSQL likewise takes
//!   the whole query as one COPY.

use super::feed::Feed;
use super::{Conn, Driver, DriverError, mysql, sqlite};
use crate::expr::EValue;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::{Mutex, mpsc};

/// Rows per coalesced statement: MariaDB's CPU per row is lowest around here (measured at
/// 1000, 2000, 5000 and 10000 rows: 1.90, 1.96, 2.10 and 2.17 CPU-s per million rows).
pub const TARGET_ROWS: usize = 1000;

/// Bytes of values per coalesced statement, so wide rows stay far below `max_allowed_packet`
/// (16 MiB by default on MariaDB, 64 MiB on MySQL 8).
const TARGET_BYTES: usize = 1 << 20;

/// `VALUES (?, ?), (?, ?)` for `rows` rows of `width` values.
pub fn markers(rows: usize, width: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(", "));
    let mut out = String::with_capacity(7 + rows * (row.len() + 2));
    out.push_str("VALUES ");
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push_str(&row);
    }
    out
}

/// How a query's statement is cut around its one `__values__`.
#[derive(Clone, Debug)]
pub struct InsertShape {
    head: String,
    tail: String,
    width: usize,
    /// Whether batches may share a statement (a plain `INSERT INTO t (cols) __values__`).
    coalesce: bool,
    driver: Driver,
    /// The engine's limit on `?` markers in one statement.
    max_params: usize,
}

impl InsertShape {
    /// The shape of `sql` on `driver` for rows of `width` values of which a batch holds at most
    /// `size`; None where the bulk path does not apply (an engine that does not bind, no single
    /// `__values__`, more than one statement, or a batch would need more markers than the engine
    /// allows: those batches are written as literal statements).
    pub fn of(sql: &str, driver: Driver, width: usize, size: usize) -> Option<InsertShape> {
        let max_params = match driver {
            Driver::MySql => mysql::insert::MAX_PARAMS,
            Driver::Sqlite => sqlite::insert::MAX_PARAMS,
            _ => return None,
        };
        // A prepared statement is one statement; the literal path runs each of several. (A `;`
        // inside a quoted value also takes the literal path: slower, never wrong.)
        if sql.trim_end().trim_end_matches(';').contains(';') {
            return None;
        }
        let (head, tail) = sql.split_once("__values__")?;
        if tail.contains("__values__") || width == 0 || size.saturating_mul(width) > max_params {
            return None;
        }
        Some(InsertShape {
            head: head.to_string(),
            tail: tail.to_string(),
            width,
            coalesce: crate::render::copy_target(sql).is_some(),
            driver,
            max_params,
        })
    }

    fn statement(&self, rows: usize) -> String {
        format!("{}{}{}", self.head, markers(rows, self.width), self.tail)
    }
}

/// A statement's values, bound, and how many rows they are.
struct Statement {
    args: Args,
    rows: usize,
}

/// Values bound for one statement, in the engine's own form.
enum Args {
    MySql(sqlx::mysql::MySqlArguments),
    Sqlite(sqlx::sqlite::SqliteArguments<'static>),
}

impl Args {
    /// Empty values for `driver` (one `InsertShape::of` admits).
    fn new(driver: Driver) -> Args {
        match driver {
            Driver::Sqlite => Args::Sqlite(Default::default()),
            _ => Args::MySql(Default::default()),
        }
    }
}

/// The generator's end of the queue of INSERTs.
pub struct InsertWriter {
    shape: InsertShape,
    feed: Feed<Statement>,
    pending: Statement,
    bytes: usize,
    /// Rows per statement when coalescing, fixed by the first batch so that every full
    /// statement is the same prepared statement.
    per_statement: Option<usize>,
}

impl InsertWriter {
    /// Start the task that runs the INSERTs on `conn`; it holds the connection until `finish`.
    pub fn start(conn: Arc<Mutex<Conn>>, shape: InsertShape, rt: &Handle) -> Self {
        let task_shape = shape.clone();
        let feed =
            Feed::start("INSERT", rt, |rx| async move { conn.lock().await.insert_stream(&task_shape, rx).await });
        InsertWriter {
            pending: Statement { args: Args::new(shape.driver), rows: 0 },
            shape,
            feed,
            bytes: 0,
            per_statement: None,
        }
    }

    /// Queue one batch. Must not be called from inside the async runtime (it blocks while the
    /// server catches up).
    pub fn write(&mut self, rows: &[Vec<EValue>], rt: &Handle) -> Result<(), DriverError> {
        if rows.is_empty() {
            return Ok(());
        }
        let limit = self.shape.width.max(1);
        if self.pending.rows > 0 && (self.pending.rows + rows.len()) * limit > self.shape.max_params {
            self.send(rt)?;
        }
        for row in rows {
            if row.len() != self.shape.width {
                return Err(DriverError::Query(format!(
                    "a row has {} values where the statement has {} columns",
                    row.len(),
                    self.shape.width
                )));
            }
            for v in row {
                self.bytes += self.add(v)?;
            }
        }
        self.pending.rows += rows.len();
        let per_statement = *self.per_statement.get_or_insert_with(|| {
            if !self.shape.coalesce {
                return 1;
            }
            // Whole batches per statement, as many as fit the targets (at least one).
            let by_rows = TARGET_ROWS / rows.len();
            let by_bytes = TARGET_BYTES / self.bytes.max(1);
            let by_markers = self.shape.max_params / (rows.len() * limit);
            by_rows.min(by_bytes).min(by_markers).max(1) * rows.len()
        });
        if self.pending.rows >= per_statement || self.bytes >= TARGET_BYTES {
            self.send(rt)?;
        }
        Ok(())
    }

    /// Bind one value as the literal path would have written it; returns its size.
    fn add(&mut self, v: &EValue) -> Result<usize, DriverError> {
        match &mut self.pending.args {
            Args::MySql(args) => mysql::insert::bind(args, v),
            Args::Sqlite(args) => sqlite::insert::bind(args, v),
        }
    }

    fn send(&mut self, rt: &Handle) -> Result<(), DriverError> {
        let statement = std::mem::replace(&mut self.pending, Statement { args: Args::new(self.shape.driver), rows: 0 });
        self.bytes = 0;
        self.feed.send(statement, rt)
    }

    /// Send what is left and wait until the server has run every statement.
    pub fn finish(mut self, rt: &Handle) -> Result<(), DriverError> {
        if self.pending.rows > 0 {
            self.send(rt)?;
        }
        self.feed.close(rt)
    }

    /// Stop after a failure elsewhere: nothing more is sent, and the connection is free again
    /// (for the ROLLBACK) when this returns. The failure being reported is the other one.
    pub fn abandon(self, rt: &Handle) {
        let _ = self.feed.close(rt);
    }
}

impl Conn {
    /// Run the statements from `rx` until the generator's end closes.
    async fn insert_stream(
        &mut self,
        shape: &InsertShape,
        mut rx: mpsc::Receiver<Statement>,
    ) -> Result<(), DriverError> {
        let mut sql = (0, String::new());
        while let Some(Statement { args, rows }) = rx.recv().await {
            if sql.0 != rows {
                sql = (rows, shape.statement(rows));
            }
            tracing::debug!(rows, "prepared INSERT");
            match (&mut *self, args) {
                (Conn::MySql { conn, .. }, Args::MySql(args)) => mysql::insert::execute(conn, &sql.1, args).await?,
                (Conn::Sqlite(conn), Args::Sqlite(args)) => sqlite::insert::execute(conn, &sql.1, args).await?,
                _ => return Err(DriverError::Query("bound values of another engine".into())),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_keep_the_text_around_values() {
        assert_eq!(markers(2, 3), "VALUES (?, ?, ?), (?, ?, ?)");
        let plain = InsertShape::of("INSERT INTO `t` (a, b) __values__", Driver::MySql, 2, 100).expect("bulk");
        assert!(plain.coalesce);
        assert_eq!(plain.statement(2), "INSERT INTO `t` (a, b) VALUES (?, ?), (?, ?)");
        let upsert =
            InsertShape::of("INSERT INTO t (a, b) __values__ ON DUPLICATE KEY UPDATE b = 1", Driver::MySql, 2, 10)
                .unwrap();
        assert!(!upsert.coalesce, "only a plain INSERT shares statements between batches");
        assert_eq!(upsert.statement(1), "INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE b = 1");
        let my = mysql::insert::MAX_PARAMS;
        assert!(InsertShape::of("INSERT INTO t (a) __values__", Driver::MySql, 1, my + 1).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) __values__", Driver::MySql, 1, my).is_some());
        let lite = sqlite::insert::MAX_PARAMS;
        assert!(InsertShape::of("INSERT INTO t (a, b) __values__", Driver::Sqlite, 2, lite / 2 + 1).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) __values__", Driver::Postgres, 1, 10).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) VALUES ($1)", Driver::MySql, 1, 10).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) __values__;\n", Driver::Sqlite, 1, 10).is_some());
        assert!(InsertShape::of("DELETE FROM t; INSERT INTO t (a) __values__", Driver::Sqlite, 1, 10).is_none());
        assert!(
            InsertShape::of("INSERT INTO t (a) __values__; INSERT INTO u (a) __values__", Driver::MySql, 1, 10)
                .is_none()
        );
    }
}
