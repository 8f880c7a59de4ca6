//! How an `exec_batch` query's rows reach the database: the sink the engine's dialect picks for
//! the statement (`driver::sink`: one COPY, prepared multi-row INSERTs, bound CQL, literal
//! statements), inside one transaction where the engine has them, each batch recorded for the
//! manifest when it commits.

use super::{QueryError, SharedConn};
use crate::driver::{
    BatchSink, BatchWrite, CopyWriter, Driver, DriverError, InsertShape, InsertWriter, Job, Pipelined,
};
use crate::expr::EValue;
use crate::manifest::{Pending, Recorder};
use crate::render;
use tokio::runtime::Handle;

/// A batch as the manifest records it, when it commits.
pub(super) type Note = (Recorder, Pending);

/// The statement a query's batches are written with, as the config wrote it.
pub(super) struct Statement<'a> {
    pub sql: &'a str,
    pub driver: Driver,
    /// Whether string literals escape backslashes on this connection.
    pub backslash: bool,
    /// Values per row.
    pub width: usize,
    /// Rows per batch at most.
    pub size: usize,
}

/// An open `exec_batch` write: its sink, its transaction, what waits for the commit.
pub(super) struct Writer {
    sink: Box<dyn BatchSink>,
    /// The transaction the query's batches commit in, where the engine has one and COPY is not
    /// already the one unit of commit.
    txn: bool,
    /// Batches commit together (one COPY, or one transaction): their notes wait for the end.
    together: bool,
    uncommitted: Vec<Note>,
}

impl Writer {
    /// Open the query's sink. PostgreSQL takes a plain `INSERT INTO t (cols) __values__` as one
    /// COPY for the whole query; every other statement runs in one transaction (`BEGIN` …
    /// `COMMIT`) where the engine has them, so a failing batch leaves nothing of the query.
    pub fn open(st: &Statement, shared: &SharedConn, rt: &Handle) -> Result<Writer, QueryError> {
        let d = st.driver.dialect();
        let copy = (d.batch_write() == BatchWrite::CopyIn).then(|| render::copy_target(st.sql)).flatten();
        let begin = if copy.is_some() { None } else { d.begin_write() };
        if let Some(begin) = begin {
            rt.block_on(async { shared.lock().await.execute(begin).await })?;
        }
        let (txn, together) = (begin.is_some(), begin.is_some() || copy.is_some());
        let sink: Box<dyn BatchSink> = match copy {
            Some(target) => Box::new(CopyWriter::start(shared.clone(), target, rt)),
            None => sink(st, txn, shared, rt)?,
        };
        Ok(Writer { sink, txn, together, uncommitted: Vec::new() })
    }

    /// Write one batch; `note` is recorded when it commits.
    pub fn write(&mut self, rows: &[Vec<EValue>], note: Option<Note>, rt: &Handle) -> Result<(), QueryError> {
        let done: Option<crate::driver::Done> = match note {
            Some(n) if self.together => {
                self.uncommitted.push(n);
                None
            }
            Some((recorder, batch)) => Some(Box::new(move || recorder.committed(batch))),
            None => None,
        };
        Ok(self.sink.write(rows, done, rt)?)
    }

    /// End the query: with `result` Ok, everything written is committed and recorded; else the
    /// sink stops and the transaction is rolled back, and `result`'s error is the one reported.
    pub fn end(self, result: Result<(), QueryError>, shared: &SharedConn, rt: &Handle) -> Result<(), QueryError> {
        let result = match result {
            Ok(()) => self.sink.finish(rt).map_err(QueryError::from),
            Err(e) => {
                self.sink.abandon(rt);
                Err(e)
            }
        };
        if self.txn {
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            let ended = rt.block_on(async { shared.lock().await.execute(end).await });
            // A failed batch's error is the one to report; the ROLLBACK's own failure adds nothing.
            if result.is_ok() {
                ended?;
            }
        }
        result?;
        for (recorder, batch) in self.uncommitted {
            recorder.committed(batch);
        }
        Ok(())
    }
}

/// The sink for a statement that is not one COPY: MySQL and SQLite take a `__values__` INSERT
/// as prepared statements from a queue (inside the transaction: the queue's statements are the
/// query's, nothing else runs); Cassandra binds values to `?` markers; everything else is
/// literal SQL, a multi-row statement for `__values__` or one statement per row.
fn sink(st: &Statement, txn: bool, shared: &SharedConn, rt: &Handle) -> Result<Box<dyn BatchSink>, QueryError> {
    let write = st.driver.dialect().batch_write();
    if write == BatchWrite::PreparedRows
        && txn
        && let Some(shape) = InsertShape::of(st.sql, st.driver, st.width, st.size)
    {
        return Ok(Box::new(InsertWriter::start(shared.clone(), shape, rt)));
    }
    if write == BatchWrite::BoundCql && !st.sql.contains("__values__") {
        let (cql, order) = render::bind_markers(st.sql, st.width)?;
        let make = move |rows: &[Vec<EValue>]| {
            let bound = rows.iter().map(|r| order.iter().map(|i| r[*i].clone()).collect()).collect();
            Ok(Job::Bound(cql.clone(), bound))
        };
        return Ok(Box::new(Pipelined::new(shared.clone(), Box::new(make))));
    }
    let (sql, driver, backslash) = (st.sql.to_string(), st.driver, st.backslash);
    let make = move |rows: &[Vec<EValue>]| -> Result<Job, DriverError> {
        let rendered = if sql.contains("__values__") {
            render::values_clause(rows, driver, backslash).map(|v| vec![sql.replace("__values__", &v)])
        } else {
            rows.iter().map(|r| render::statement(&sql, r, driver, backslash)).collect()
        };
        rendered.map(Job::Literal).map_err(|e| DriverError::Query(e.to_string()))
    };
    Ok(Box::new(Pipelined::new(shared.clone(), Box::new(make))))
}
