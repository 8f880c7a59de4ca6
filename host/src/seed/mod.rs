//! Running a config's sections against one database side: `query.rs` runs one query
//! (statements, batches), `write.rs` writes an `exec_batch` query's batches (the sink the engine
//! takes them through, one transaction per query, the manifest), `rows.rs` generates rows and
//! keeps datasets.

mod blocks;
mod compile;
mod partition;
mod query;
mod rows;
#[cfg(test)]
mod tests;
mod values;
mod write;

pub use partition::Partitioned;
pub use rows::{dataset, expand};

use crate::config::{Config, Section};
use crate::driver::Conn;

/// A side's connection, shared with the task that executes the previous batch.
pub type SharedConn = Arc<tokio::sync::Mutex<Conn>>;
use crate::expr::{Compiled, Evaluator, ExprError};
use crate::manifest::Recorder;
use crate::render;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::runtime::Handle;
use tracing::{debug, info};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{file}: {section} query {query}: {source}")]
    Query {
        file: String,
        section: &'static str,
        query: String,
        #[source]
        source: Box<QueryError>,
    },
    #[error("{file}: {message}")]
    Config { file: String, message: String },
}

/// Why one query failed: the database's answer, a statement that could not be written, or an
/// argument that did not evaluate. The driver's error stays the source, not a copy of its text.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Driver(#[from] crate::driver::DriverError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Literal(#[from] crate::driver::LiteralError),
    #[error(transparent)]
    Plugin(#[from] crate::plugin::PluginError),
    /// An argument, count, size or dataset problem, in the expression layer's words.
    #[error("{0}")]
    Eval(String),
    /// Another side failed, so this one stopped (what it had not committed rolled back).
    #[error("stopped because the other side failed")]
    Stopped,
    /// An argument that did not evaluate: which one, and the expression layer's error.
    #[error("{argument}: {source}")]
    Argument {
        argument: String,
        #[source]
        source: ExprError,
    },
}

impl From<String> for QueryError {
    fn from(message: String) -> Self {
        QueryError::Eval(message)
    }
}

/// A config checked against its side's functions, every expression compiled.
pub struct Prepared {
    pub config: Config,
    pub evaluator: Evaluator,
    /// Per section, per query: compiled args (already expanded from `row:`).
    args: Vec<(Section, Vec<Vec<Compiled>>)>,
    seed: u64,
    /// Dataset names some expression reads; None when a name is computed at run time, in which
    /// case every named seed query is captured.
    referenced: Option<std::collections::HashSet<String>>,
    /// `sync run --manifest`: each committed batch is recorded here.
    recorder: Option<Recorder>,
    /// Which side this is, for the log ("source", "target").
    side: &'static str,
    /// Set when another side failed: this one stops at its next batch (its open transaction
    /// rolled back) instead of writing on.
    stop: Option<Arc<AtomicBool>>,
    /// `--partition I/N`: this process writes one share of every seed query's rows.
    partition: Option<Partitioned>,
}

const SECTIONS: [Section; 5] = [Section::Up, Section::Seed, Section::Deseed, Section::Down, Section::Init];

impl Prepared {
    /// Compile every argument of every section (as edg does) so any mistake surfaces before a
    /// statement runs: unknown functions, arity, names, gen patterns, `row:` references.
    pub fn new(config: Config, evaluator: Evaluator, seed: u64) -> Result<Self, SeedError> {
        let file = config.path.display().to_string();
        let mut args = Vec::new();
        for section in SECTIONS {
            let mut per_query = Vec::new();
            let mut names = std::collections::HashSet::new();
            for (i, q) in config.section(section).iter().enumerate() {
                let label = q.label(i);
                let err = |source: QueryError| SeedError::Query {
                    file: file.clone(),
                    section: section.name(),
                    query: label.clone(),
                    source: Box::new(source),
                };
                if let Some(n) = &q.name
                    && !names.insert(n.clone())
                {
                    return Err(err(QueryError::Eval(format!(
                        "duplicate query name {n:?} in section {}",
                        section.name()
                    ))));
                }
                per_query.push(compile::query(&config, &evaluator, q, &label).map_err(err)?);
            }
            args.push((section, per_query));
        }
        let referenced = compile::referenced(&args);
        Ok(Prepared {
            config,
            evaluator,
            args,
            seed,
            referenced,
            recorder: None,
            side: "source",
            stop: None,
            partition: None,
        })
    }

    /// Record every `exec_batch` batch this side commits.
    pub fn record(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    /// Name the side in the log, and stop when `stop` is set (by another side that failed).
    pub fn side(&mut self, label: &'static str, stop: Arc<AtomicBool>) {
        self.side = label;
        self.stop = Some(stop);
    }

    /// `Err(Stopped)` once another side has failed.
    fn check_stop(&self) -> Result<(), QueryError> {
        match &self.stop {
            Some(s) if s.load(Ordering::Relaxed) => Err(QueryError::Stopped),
            _ => Ok(()),
        }
    }

    /// A query's progress, named by side and query (both sides seed at once).
    fn progress(&self, query: &str, rows: i64) -> crate::progress::Progress {
        crate::progress::Progress::new(&format!("{} {query}", self.side), rows)
    }

    fn file(&self) -> String {
        self.config.path.display().to_string()
    }

    /// Run one section's queries in order. Generation runs on this (non-async) thread; only
    /// database I/O goes through `rt` (plugin calls must not run inside the async runtime).
    pub fn run(&self, section: Section, conn: &SharedConn, rt: &Handle) -> Result<(), SeedError> {
        let compiled = &self.args.iter().find(|(s, _)| *s == section).expect("all sections compiled").1;
        let queries = self.config.section(section);
        let (started, mut total) = (std::time::Instant::now(), 0u64);
        for (i, q) in queries.iter().enumerate() {
            let label = q.label(i);
            debug!(section = section.name(), query = label.as_str(), "running query");
            let began = std::time::Instant::now();
            let rows = self
                .check_stop()
                .and_then(|()| self.run_query(section, q, &label, &compiled[i], conn, rt))
                .map_err(|source| SeedError::Query {
                    file: self.file(),
                    section: section.name(),
                    query: label.clone(),
                    source: Box::new(source),
                })?;
            total += rows;
            // Rows of a batch query, statements of any other.
            let (side, section, query, elapsed) = (self.side, section.name(), label.as_str(), secs(began));
            if q.kind.is_batch() || q.query.contains("__values__") {
                info!(side, section, query, rows, elapsed = %elapsed, "query done");
            } else {
                info!(side, section, query, statements = rows, elapsed = %elapsed, "query done");
            }
        }
        if queries.len() > 1 {
            let (side, section, queries) = (self.side, section.name(), queries.len());
            info!(side, section, queries, rows = total, elapsed = %secs(started), "section done");
        }
        Ok(())
    }
}

/// Seconds since `t`, as a log field shows them.
fn secs(t: std::time::Instant) -> String {
    format!("{:.2}s", t.elapsed().as_secs_f64())
}

/// `count:`: a whole number, 0 or more.
fn count_value(ev: &Evaluator, v: &serde_yaml::Value) -> Result<i64, ExprError> {
    let n = ev.eval_int(v)?;
    if n < 0 {
        let shown = crate::config::echo(&crate::config::scalar_source(v));
        return Err(ExprError::Count(format!("{shown} is {n}; it must be 0 or more")));
    }
    Ok(n)
}

/// `size:`: a whole number of rows per batch, 1 or more.
fn size_value(ev: &Evaluator, v: &serde_yaml::Value) -> Result<i64, ExprError> {
    let n = ev.eval_int(v)?;
    if n < 1 {
        let shown = crate::config::echo(&crate::config::scalar_source(v));
        return Err(ExprError::Count(format!("{shown} is {n}; a batch holds 1 row or more")));
    }
    Ok(n)
}
