//! The one seam every bulk write goes through: a query's batches are handed to a `BatchSink`,
//! whichever way the engine takes them fastest (one COPY, prepared multi-row INSERTs from a
//! queue, statements run one after another while the next batch is generated). Seeding and
//! workloads write through it alike; which sink a query gets is the engine's dialect's choice
//! (`Dialect::batch_write`), made by the caller that also knows the statement's shape.

use super::{Conn, DriverError};
use crate::expr::EValue;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::Mutex;

/// Run once a batch's statement has completed (a manifest records its commit).
pub type Done = Box<dyn FnOnce() + Send>;

/// Where a query's batches go. `write` may return before the batch has reached the database
/// (the next batch is generated meanwhile); `finish` waits for all of them. None of the
/// methods may be called from inside the async runtime: they block while the server catches up.
pub trait BatchSink {
    /// Write one batch; `done` runs when its statement has completed (sinks whose batches only
    /// commit together, a COPY, take none: the caller records them at the commit).
    fn write(&mut self, rows: &[Vec<EValue>], done: Option<Done>, rt: &Handle) -> Result<(), DriverError>;

    /// Every batch written has reached the database.
    fn finish(self: Box<Self>, rt: &Handle) -> Result<(), DriverError>;

    /// Stop after a failure elsewhere: nothing more is written, and the connection is free
    /// again (for the ROLLBACK) when this returns. The failure being reported is the other one.
    fn abandon(self: Box<Self>, rt: &Handle);
}

/// One batch as what the connection runs: statements of literal SQL, or one statement with
/// `?` markers and rows of values bound to them (CQL).
pub enum Job {
    Literal(Vec<String>),
    Bound(String, Vec<Vec<EValue>>),
}

impl Job {
    async fn run(self, conn: &mut Conn) -> Result<(), DriverError> {
        match self {
            Job::Literal(statements) => conn.execute_batch(&statements).await,
            Job::Bound(statement, rows) => conn.execute_bound(&statement, rows).await,
        }
    }
}

/// The batch's statement, made by the caller (which knows the config's statement and how to
/// render it).
pub type MakeJob = Box<dyn FnMut(&[Vec<EValue>]) -> Result<Job, DriverError> + Send>;

/// Statements run one batch at a time on the runtime, batch n while batch n+1 is generated.
pub struct Pipelined {
    conn: Arc<Mutex<Conn>>,
    make: MakeJob,
    inflight: Option<tokio::task::JoinHandle<Result<(), DriverError>>>,
}

impl Pipelined {
    pub fn new(conn: Arc<Mutex<Conn>>, make: MakeJob) -> Self {
        Pipelined { conn, make, inflight: None }
    }

    fn wait(&mut self, rt: &Handle) -> Result<(), DriverError> {
        match self.inflight.take() {
            Some(h) => rt.block_on(h).map_err(|e| DriverError::Task(format!("statement task failed: {e}")))?,
            None => Ok(()),
        }
    }
}

impl BatchSink for Pipelined {
    fn write(&mut self, rows: &[Vec<EValue>], done: Option<Done>, rt: &Handle) -> Result<(), DriverError> {
        let job = (self.make)(rows)?;
        self.wait(rt)?;
        let conn = self.conn.clone();
        self.inflight = Some(rt.spawn(async move {
            job.run(&mut *conn.lock().await).await?;
            if let Some(done) = done {
                done();
            }
            Ok(())
        }));
        Ok(())
    }

    fn finish(mut self: Box<Self>, rt: &Handle) -> Result<(), DriverError> {
        self.wait(rt)
    }

    fn abandon(mut self: Box<Self>, rt: &Handle) {
        let _ = self.wait(rt);
    }
}

impl BatchSink for super::CopyWriter {
    fn write(&mut self, rows: &[Vec<EValue>], _done: Option<Done>, rt: &Handle) -> Result<(), DriverError> {
        super::CopyWriter::write(self, rows, rt)
    }

    fn finish(self: Box<Self>, rt: &Handle) -> Result<(), DriverError> {
        super::CopyWriter::finish(*self, rt)
    }

    fn abandon(self: Box<Self>, rt: &Handle) {
        super::CopyWriter::abandon(*self, rt)
    }
}

impl BatchSink for super::InsertWriter {
    fn write(&mut self, rows: &[Vec<EValue>], _done: Option<Done>, rt: &Handle) -> Result<(), DriverError> {
        super::InsertWriter::write(self, rows, rt)
    }

    fn finish(self: Box<Self>, rt: &Handle) -> Result<(), DriverError> {
        super::InsertWriter::finish(*self, rt)
    }

    fn abandon(self: Box<Self>, rt: &Handle) {
        super::InsertWriter::abandon(*self, rt)
    }
}
