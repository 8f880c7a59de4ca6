//! MySQL's bulk path for a multi-row `__values__` INSERT: prepared statements with `?` markers,
//! values sent in the binary protocol, fed by the generator through a queue.
//!
//! - **Prepared, not literal:** the server parses the statement once instead of once per batch;
//!   parsing 1000-row literal INSERTs was a quarter of MariaDB's time. Values are bound as what
//!   the literal would have said: integers as integers, floats as the same decimal text the
//!   literal path writes (so a DECIMAL column receives exactly the digits, never a rounded
//!   double), strings and bytes as they are.
//! - **Queued:** values are encoded on the generator's thread and a task owning the connection
//!   sends statement after statement. The server starts the next statement as soon as it
//!   answers the last one, instead of waiting for the generator to wake and hand it over.
//! - **Coalesced:** a plain `INSERT INTO t (cols) __values__` takes several of the query's
//!   batches per statement (about [`TARGET_ROWS`] rows). Its batches run in one transaction, so
//!   how rows are split into statements cannot be seen; at `size: 100` one statement per batch
//!   cost a round trip and a wake-up per 100 rows (0.59× `LOAD DATA`). PostgreSQL likewise takes
//!   the whole query as one COPY.

use crate::driver::feed::Feed;
use crate::driver::{Conn, Driver, DriverError};
use crate::expr::{EValue, to_json};
use sqlx::Arguments;
use sqlx::mysql::MySqlArguments;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::{Mutex, mpsc};

/// MySQL's limit on `?` markers in one statement.
pub const MAX_PARAMS: usize = 65_535;

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
}

impl InsertShape {
    /// The shape of `sql` for rows of `width` values of which a batch holds at most `size`;
    /// None where the bulk path does not apply (no single `__values__`, or a batch would need
    /// more markers than MySQL allows: those batches are written as literal statements).
    pub fn of(sql: &str, width: usize, size: usize) -> Option<InsertShape> {
        let (head, tail) = sql.split_once("__values__")?;
        if tail.contains("__values__") || width == 0 || size.saturating_mul(width) > MAX_PARAMS {
            return None;
        }
        Some(InsertShape {
            head: head.to_string(),
            tail: tail.to_string(),
            width,
            coalesce: crate::render::copy_target(sql).is_some(),
        })
    }

    fn statement(&self, rows: usize) -> String {
        format!("{}{}{}", self.head, markers(rows, self.width), self.tail)
    }
}

/// A statement's values, encoded, and how many rows they are.
struct Statement {
    args: MySqlArguments,
    rows: usize,
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
    float: String,
}

impl InsertWriter {
    /// Start the task that runs the INSERTs on `conn`; it holds the connection until `finish`.
    pub fn start(conn: Arc<Mutex<Conn>>, shape: InsertShape, rt: &Handle) -> Self {
        let task_shape = shape.clone();
        let feed =
            Feed::start("INSERT", rt, |rx| async move { conn.lock().await.insert_stream(&task_shape, rx).await });
        InsertWriter {
            shape,
            feed,
            pending: Statement { args: MySqlArguments::default(), rows: 0 },
            bytes: 0,
            per_statement: None,
            float: String::new(),
        }
    }

    /// Queue one batch. Must not be called from inside the async runtime (it blocks while the
    /// server catches up).
    pub fn write(&mut self, rows: &[Vec<EValue>], rt: &Handle) -> Result<(), DriverError> {
        if rows.is_empty() {
            return Ok(());
        }
        let limit = self.shape.width.max(1);
        if self.pending.rows > 0 && (self.pending.rows + rows.len()) * limit > MAX_PARAMS {
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
            let by_markers = MAX_PARAMS / (rows.len() * limit);
            by_rows.min(by_bytes).min(by_markers).max(1) * rows.len()
        });
        if self.pending.rows >= per_statement || self.bytes >= TARGET_BYTES {
            self.send(rt)?;
        }
        Ok(())
    }

    /// Encode one value as the literal path would have written it; returns its size.
    fn add(&mut self, v: &EValue) -> Result<usize, DriverError> {
        let args = &mut self.pending.args;
        let added = match v {
            EValue::Nil => args.add(None::<i64>).map(|()| 1),
            EValue::Bool(b) => args.add(i64::from(*b)).map(|()| 8),
            EValue::Integer(i) => args.add(*i).map(|()| 8),
            EValue::Float(f) => {
                self.float = crate::driver::literal::float(*f, Driver::MySql)?;
                args.add(self.float.as_str()).map(|()| self.float.len())
            }
            EValue::String(s) => args.add(s.as_str()).map(|()| s.len()),
            EValue::Bytes(b) => args.add(b.as_slice()).map(|()| b.len()),
            EValue::Array(_) | EValue::Map(_) | EValue::KeyedMap(_) => {
                let json = to_json(v).to_string();
                let n = json.len();
                args.add(json).map(|()| n)
            }
        };
        added.map_err(|e| DriverError::Query(format!("binding a value: {e}")))
    }

    fn send(&mut self, rt: &Handle) -> Result<(), DriverError> {
        let statement = std::mem::replace(&mut self.pending, Statement { args: MySqlArguments::default(), rows: 0 });
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
        let Conn::MySql { conn, .. } = self else {
            return Err(DriverError::Query("bound parameters are only used for MySQL".into()));
        };
        let mut sql = (0, String::new());
        while let Some(Statement { args, rows }) = rx.recv().await {
            if sql.0 != rows {
                sql = (rows, shape.statement(rows));
            }
            tracing::debug!(rows, "prepared INSERT");
            sqlx::Executor::execute(&mut *conn, sqlx::query_with(&sql.1, args)).await.map_err(Self::error)?;
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
        let plain = InsertShape::of("INSERT INTO `t` (a, b) __values__", 2, 100).expect("bulk");
        assert!(plain.coalesce);
        assert_eq!(plain.statement(2), "INSERT INTO `t` (a, b) VALUES (?, ?), (?, ?)");
        let upsert = InsertShape::of("INSERT INTO t (a, b) __values__ ON DUPLICATE KEY UPDATE b = 1", 2, 10).unwrap();
        assert!(!upsert.coalesce, "only a plain INSERT shares statements between batches");
        assert_eq!(upsert.statement(1), "INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE b = 1");
        assert!(InsertShape::of("INSERT INTO t (a) __values__", 1, MAX_PARAMS + 1).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) VALUES ($1)", 1, 10).is_none());
        assert!(InsertShape::of("INSERT INTO t (a) __values__; INSERT INTO u (a) __values__", 1, 10).is_none());
    }
}
