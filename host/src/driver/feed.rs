//! The generator's end of a bulk write that a task on the runtime feeds to the server (COPY
//! chunks, prepared INSERTs): a short queue, so the next piece is ready when the server answers
//! and the generator stays at most two pieces ahead (memory stays O(batch)).

use super::DriverError;
use std::future::Future;
use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub(crate) struct Feed<M> {
    tx: Option<mpsc::Sender<M>>,
    task: JoinHandle<Result<(), DriverError>>,
    /// What the task writes, for its errors ("COPY", "INSERT").
    what: &'static str,
}

impl<M: Send + 'static> Feed<M> {
    /// Spawn `run` on the runtime with the queue's receiving end.
    pub fn start<F>(what: &'static str, rt: &Handle, run: impl FnOnce(mpsc::Receiver<M>) -> F) -> Self
    where
        F: Future<Output = Result<(), DriverError>> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(2);
        Feed { tx: Some(tx), task: rt.spawn(run(rx)), what }
    }

    /// Queue `msg`, blocking while the queue is full. Must not be called from inside the
    /// runtime. If the task has stopped, its error says why.
    pub fn send(&mut self, msg: M, rt: &Handle) -> Result<(), DriverError> {
        let Some(tx) = &self.tx else { return Err(self.ended()) };
        if tx.blocking_send(msg).is_ok() {
            return Ok(());
        }
        self.tx = None;
        Err(match rt.block_on(&mut self.task) {
            Ok(Err(e)) => e,
            Ok(Ok(())) => DriverError::Task(format!("{} ended early", self.what)),
            Err(e) => DriverError::Task(format!("{} task failed: {e}", self.what)),
        })
    }

    /// Close the queue and wait for the task to finish what it was given.
    pub fn close(mut self, rt: &Handle) -> Result<(), DriverError> {
        // Without a sender the task has already been waited for (a failed `send`).
        if self.tx.take().is_none() {
            return Err(self.ended());
        }
        match rt.block_on(&mut self.task) {
            Ok(r) => r,
            Err(e) => Err(DriverError::Task(format!("{} task failed: {e}", self.what))),
        }
    }

    fn ended(&self) -> DriverError {
        DriverError::Task(format!("{} already ended", self.what))
    }
}
