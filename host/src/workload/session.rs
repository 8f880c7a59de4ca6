//! One worker's side of a workload: its own connection and expression evaluator (datasets,
//! transaction locals, its lane of every sequence), the run items compiled for it, and one
//! iteration of the workload. Iteration k of worker w picks its item from a stream keyed by
//! (seed, w, k), and the n-th run of an item draws its arguments from streams keyed by (seed, w,
//! item, n): with `--rng-seed` a worker draws the same values in every run, whatever the other
//! workers do. An argument that is one plugin call with literal arguments (`gen('email')`) is
//! made for the item's next runs in one call, each run's value from that run's own seed, as a
//! call per run would have made it.

use super::metrics::Metrics;
use super::spec::{Item, Step, Workload};
use super::stats::{Kind, Printed, Stats};
use crate::config::{Config, Query, QueryType};
use crate::driver::{Driver, Rows};
use crate::expr::{Compiled, EValue, Evaluator, ExprError};
use crate::seed::SharedConn;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How an operation failed.
#[derive(Debug)]
pub enum Failure {
    /// The database refused it, or an argument did not evaluate: an error, counted.
    Error(String),
    /// `fail('…')`: this worker stops.
    Fail(String),
    /// `fatal('…')`: the whole run stops.
    Fatal(String),
    /// The stage ended while it ran: neither a success nor an error.
    Cancelled,
}

impl Failure {
    fn of(message: String) -> Failure {
        // `fail` and `fatal` are edg functions whose errors say so (expr/sampling.rs).
        if message.contains("fatal: ") {
            Failure::Fatal(message)
        } else if message.contains("fail: ") {
            Failure::Fail(message)
        } else {
            Failure::Error(message)
        }
    }
}

/// What a finished iteration asks of its worker.
pub enum Flow {
    Continue,
    Stop(String),
    Fatal(String),
    Cancelled,
}

/// A query compiled for this worker.
struct CQuery {
    q: Query,
    /// This worker's number for it (keys its values made ahead).
    id: usize,
    label: String,
    /// The arguments' names (a map of args), for `arg('name')`.
    names: Vec<Option<String>>,
    /// Think time after it (`wait:`).
    wait: Option<Duration>,
    args: Vec<Compiled>,
    /// `print:` expressions, with their aggregate (None: the most frequent values).
    prints: Vec<(Compiled, Option<String>)>,
}

enum CStep {
    Query(Box<CQuery>),
    RollbackIf(Box<Compiled>),
}

enum CItem {
    Query(Box<CQuery>),
    Transaction { label: String, locals: Vec<(String, Compiled)>, steps: Vec<CStep>, wait: Option<Duration> },
}

/// Flags every worker follows.
#[derive(Clone, Debug)]
pub struct Behaviour {
    pub retries: u32,
    pub no_wait: bool,
    pub log_errors: bool,
}

/// Values of one argument made ahead for an item's next runs (see the module's text).
#[derive(Default)]
struct Ahead {
    /// The item's run the front value belongs to.
    first: u64,
    values: std::collections::VecDeque<EValue>,
    /// The plugin draws more than a seed per row: made run by run instead.
    off: bool,
}

/// How long a statement running when its stage ends may take to finish before it is cancelled.
const GRACE: Duration = Duration::from_secs(1);
/// The same for `COMMIT` and `ROLLBACK`.
const ENDING_GRACE: Duration = Duration::from_secs(30);

/// Runs of an item whose plugin-call arguments are made in one call.
const AHEAD: u64 = 128;

pub struct Session {
    /// The key of this worker's streams ("w3", or a background worker's name).
    key: String,
    /// How often each item has run: the n of its streams.
    runs: Vec<u64>,
    ahead: std::collections::HashMap<(usize, usize), Ahead>,
    /// `prepared: true` items' statements on this worker's connection.
    statements: super::prepared::Statements,
    seed: u64,
    ev: Evaluator,
    conn: SharedConn,
    driver: Driver,
    backslash: bool,
    items: std::sync::Arc<[CItem]>,
    weights: Vec<(usize, u64)>,
    behaviour: Behaviour,
    /// The worker's own current-thread runtime, on which its connection was made: the worker's
    /// thread drives the connection's I/O itself while it waits (`Runtime::block_on`), instead
    /// of a runtime thread waking it (two thread switches per statement were most of a
    /// statement's CPU).
    runtime: tokio::runtime::Runtime,
    /// Statements still running at this instant are cancelled (the stage is over).
    pub deadline: Instant,
    /// What this worker measured; the printer reads it while the worker runs.
    pub stats: Arc<Mutex<Stats>>,
    /// Prometheus series, once warmup is over.
    pub metrics: Option<Arc<Metrics>>,
    /// Dual write: the same worker on the target, run operation by operation beside this one.
    pub twin: Option<Box<Session>>,
    /// Dual write: held around each operation on both sides, so every side sees one order.
    pub order: Option<Arc<Mutex<()>>>,
    /// The last iteration's error: the item and the database's (or argument's) message.
    pub last_error: Option<(String, String)>,
}

/// A run item or background query that does not compile: which part of which item, and why.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// An expression (argument, print, local, rollback_if) the expression layer refused.
    #[error("{at}: {source}")]
    Expression {
        at: String,
        #[source]
        source: ExprError,
    },
    #[error("{at}: {problem}")]
    Invalid { at: String, problem: String },
}

/// An expression's error, with which part of which item it is in; the text is written only when
/// compiling fails.
fn expression_at(at: impl FnOnce() -> String) -> impl FnOnce(ExprError) -> CompileError {
    move |source| CompileError::Expression { at: at(), source }
}

fn compile_query(ev: &Evaluator, config: &Config, q: &Query, label: String) -> Result<CQuery, CompileError> {
    let invalid = |problem: String| CompileError::Invalid { at: format!("run query {label}"), problem };
    let sources: Vec<String> =
        config.argument_sources(q).map_err(|e| invalid(e.to_string()))?.into_iter().map(|(_, s)| s).collect();
    let args = sources
        .iter()
        .enumerate()
        .map(|(k, s)| {
            ev.compile(s).map_err(expression_at(|| {
                format!("run query {label}: argument {} ({})", k + 1, crate::config::echo(s))
            }))
        })
        .collect::<Result<_, _>>()?;
    let prints = prints(q)
        .map_err(|m| invalid(m.to_string()))?
        .into_iter()
        .map(|(src, agg)| {
            ev.compile(&src).map(|c| (c, agg)).map_err(expression_at(|| format!("run query {label}: print {src:?}")))
        })
        .collect::<Result<_, _>>()?;
    let wait = q
        .wait
        .as_ref()
        .map(|v| {
            let text = crate::config::scalar_source(v);
            crate::cli::parse_duration(&text).map_err(|e| invalid(format!("wait {text:?}: {e}")))
        })
        .transpose()?;
    let names = q.args.entries().into_iter().map(|(n, _)| n).collect();
    static IDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let id = IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(CQuery { q: q.clone(), id, label, names, wait, args, prints })
}

/// `print:` as (expression, aggregate): a string is an expression shown as min/avg/max when
/// its values are numbers and as its most frequent values otherwise; `{expr, agg}` shows the
/// expression `agg` over `freq`, `count`, `sum`, `avg`, `min` and `max` (`agg: max`, or
/// `"'avg $' + string(int(avg))"`), as the Go edg does.
fn prints(q: &Query) -> Result<Vec<(String, Option<String>)>, &'static str> {
    let Some(v) = &q.print else { return Ok(Vec::new()) };
    let list = v.as_sequence().ok_or("print: must be a list")?;
    list.iter()
        .map(|p| match p {
            serde_yaml::Value::Mapping(m) => {
                let expr = m.get("expr").and_then(|e| e.as_str()).ok_or("print: an entry needs expr")?.to_string();
                let agg = m.get("agg").map(crate::config::scalar_source);
                Ok((expr, agg))
            }
            other => Ok((crate::config::scalar_source(other), None)),
        })
        .collect()
}

fn compile_item(ev: &Evaluator, config: &Config, it: &Item, i: usize) -> Result<CItem, CompileError> {
    let t = match it {
        Item::Query(q) => return Ok(CItem::Query(Box::new(compile_query(ev, config, q, it.label(i))?))),
        Item::Transaction(t) => t,
    };
    let locals = t
        .locals
        .iter()
        .map(|(n, s)| {
            ev.compile(s)
                .map(|c| (n.clone(), c))
                .map_err(expression_at(|| format!("run transaction {}: local {n}", t.name)))
        })
        .collect::<Result<_, _>>()?;
    let mut steps = Vec::new();
    for (j, s) in t.steps.iter().enumerate() {
        steps.push(match s {
            Step::Query(q) => {
                CStep::Query(Box::new(compile_query(ev, config, q, format!("{}.{}", t.name, q.label(j)))?))
            }
            Step::RollbackIf(src) => CStep::RollbackIf(Box::new(
                ev.compile(src).map_err(expression_at(|| format!("run transaction {}: rollback_if", t.name)))?,
            )),
        });
    }
    Ok(CItem::Transaction { label: t.name.clone(), locals, steps, wait: t.wait })
}

/// Compile every run item and background query as a worker would: their mistakes are found
/// before anything runs.
pub fn check(ev: &Evaluator, config: &Config, w: &Workload) -> Result<(), CompileError> {
    for (i, it) in w.items.iter().enumerate() {
        compile_item(ev, config, it, i)?;
    }
    for b in &w.background {
        compile_query(ev, config, &b.query, b.query.name.clone().unwrap_or_default())?;
    }
    Ok(())
}

/// What a worker is built from.
pub struct Parts<'a> {
    pub config: &'a Config,
    pub workload: &'a Workload,
    pub ev: Evaluator,
    pub conn: SharedConn,
    pub seed: u64,
    pub key: String,
    pub behaviour: Behaviour,
    /// A current-thread runtime that `conn` was made on: the worker's own.
    pub runtime: tokio::runtime::Runtime,
}

impl Session {
    /// A worker running the workload's items.
    pub fn new(p: Parts) -> Result<Session, CompileError> {
        let items = p
            .workload
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| compile_item(&p.ev, p.config, it, i))
            .collect::<Result<_, _>>()?;
        Ok(Self::build(p, items, None))
    }

    /// A background worker running one query.
    pub fn background(p: Parts, q: &Query) -> Result<Session, CompileError> {
        let cq = compile_query(&p.ev, p.config, q, q.name.clone().unwrap_or_default())?;
        Ok(Self::build(p, vec![CItem::Query(Box::new(cq))], Some(())))
    }

    fn build(p: Parts, items: Vec<CItem>, background: Option<()>) -> Session {
        let (driver, backslash) = {
            let c = p.conn.blocking_lock();
            (c.driver(), c.backslash_escapes())
        };
        let weights = if background.is_some() { Vec::new() } else { p.workload.weights.clone() };
        Session {
            runs: vec![0; items.len()],
            ahead: std::collections::HashMap::new(),
            statements: Default::default(),
            key: p.key,
            seed: p.seed,
            ev: p.ev,
            conn: p.conn,
            driver,
            backslash,
            items: items.into(),
            weights: if weights.iter().all(|(_, w)| *w == 0) { Vec::new() } else { weights },
            behaviour: p.behaviour,
            runtime: p.runtime,
            deadline: Instant::now() + Duration::from_secs(86_400 * 365),
            stats: Arc::new(Mutex::new(Stats::default())),
            metrics: None,
            twin: None,
            order: None,
            last_error: None,
        }
    }

    /// Iteration `k`: every item in order, or (with run_weights) one drawn by weight. An error
    /// ends the iteration; the worker goes on with the next.
    pub fn iterate(&mut self, k: u64) -> Flow {
        let picks: Vec<usize> =
            if self.weights.is_empty() { (0..self.items.len()).collect() } else { vec![self.pick(k)] };
        self.last_error = None;
        for i in picks {
            match self.run_item(i, k) {
                Ok(()) => {}
                Err(Failure::Error(e)) => {
                    if self.behaviour.log_errors {
                        tracing::warn!(worker = self.key.as_str(), "{}", crate::redact::scrub(&e));
                    }
                    let label = match &self.items[i] {
                        CItem::Query(q) => q.label.clone(),
                        CItem::Transaction { label, .. } => label.clone(),
                    };
                    self.last_error = Some((label, e));
                    return Flow::Continue;
                }
                Err(Failure::Fail(e)) => return Flow::Stop(e),
                Err(Failure::Fatal(e)) => return Flow::Fatal(e),
                Err(Failure::Cancelled) => {
                    self.lock_stats().cancelled += 1;
                    return Flow::Cancelled;
                }
            }
        }
        Flow::Continue
    }

    /// One item by weight, from the iteration's own stream.
    fn pick(&self, k: u64) -> usize {
        use rand_core::Rng;
        let total: u64 = self.weights.iter().map(|(_, w)| w).sum();
        let mut rng = crate::rng::stream(self.seed, &self.key, "#pick", k as usize);
        let mut r = ((rng.next_u64() as u128 * total as u128) >> 64) as u64;
        for (i, w) in &self.weights {
            if r < *w {
                return *i;
            }
            r -= w;
        }
        self.weights.last().map_or(0, |(i, _)| *i)
    }

    fn lock_stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A success of `label`; `rolled_back` for a transaction.
    fn succeeded(&self, label: &str, kind: Kind, took: Duration, rolled_back: Option<bool>) {
        let mut st = self.lock_stats();
        st.success(label, kind, took);
        if let Some(rb) = rolled_back {
            let s = st.item(label, kind);
            if rb { s.rollbacks += 1 } else { s.commits += 1 }
        }
        if let Some(m) = &self.metrics {
            m.duration.with_label_values(&[label]).observe(took.as_secs_f64());
            match rolled_back {
                Some(true) => m.rollbacks.with_label_values(&[label]).inc(),
                Some(false) => m.commits.with_label_values(&[label]).inc(),
                None => {}
            }
        }
    }

    fn failed(&self, label: &str, kind: Kind) {
        self.lock_stats().item(label, kind).errors += 1;
        if let Some(m) = &self.metrics {
            m.errors.with_label_values(&[label]).inc();
        }
    }

    fn run_item(&mut self, i: usize, _k: u64) -> Result<(), Failure> {
        let items = self.items.clone();
        let n = self.runs[i];
        self.runs[i] += 1;
        match &items[i] {
            CItem::Query(cq) => self.run_query_item(cq, n),
            CItem::Transaction { label, locals, steps, wait } => {
                self.run_transaction(label, locals, steps, n)?;
                self.think(*wait)
            }
        }
    }

    fn run_query_item(&mut self, cq: &CQuery, n: u64) -> Result<(), Failure> {
        let start = Instant::now();
        match self.query(cq, n) {
            Ok(()) => {
                self.succeeded(&cq.label, Kind::Query, start.elapsed(), None);
                self.record_prints(cq);
                self.think(cq.wait)
            }
            Err(Failure::Cancelled) => Err(Failure::Cancelled),
            Err(Failure::Error(e)) => {
                self.failed(&cq.label, Kind::Query);
                Err(Failure::Error(format!("{}: {e}", cq.label)))
            }
            Err(e) => {
                self.failed(&cq.label, Kind::Query);
                Err(e)
            }
        }
    }

    /// BEGIN, locals, queries (a true rollback_if rolls back, which is no error), COMMIT; on an
    /// error, ROLLBACK and again up to --retries times, 2, 4, 8 … ms apart. The latency is from
    /// the first attempt to the end.
    fn run_transaction(
        &mut self,
        label: &str,
        locals: &[(String, Compiled)],
        steps: &[CStep],
        n: u64,
    ) -> Result<(), Failure> {
        let start = Instant::now();
        let mut last = None;
        for attempt in 0..=self.behaviour.retries {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(1 << attempt.min(16)));
                if Instant::now() >= self.deadline {
                    return Err(Failure::Cancelled);
                }
            }
            match self.try_transaction(label, locals, steps, n) {
                Ok(rolled_back) => {
                    self.succeeded(label, Kind::Transaction, start.elapsed(), Some(rolled_back));
                    return Ok(());
                }
                Err(Failure::Error(e)) => last = Some(e),
                Err(other) => return Err(other),
            }
        }
        self.failed(label, Kind::Transaction);
        Err(Failure::Error(format!("transaction {label}: {}", last.unwrap_or_default())))
    }

    /// One attempt; Ok(true) when a rollback_if rolled it back.
    fn try_transaction(
        &mut self,
        label: &str,
        locals: &[(String, Compiled)],
        steps: &[CStep],
        n: u64,
    ) -> Result<bool, Failure> {
        self.execute("BEGIN", false)?;
        let outcome = (|| {
            let mut values = std::collections::HashMap::new();
            for (j, (name, c)) in locals.iter().enumerate() {
                let mut s = crate::rng::stream(self.seed, &self.key, &format!("{label}#{name}"), stream_index(n, 0, j));
                let v = self.ev.eval_arg(c, &mut s).map_err(|e| Failure::of(format!("local {name}: {e}")))?;
                self.ev.lock().locals.insert(name.clone(), v.clone());
                values.insert(name.clone(), v);
            }
            for step in steps {
                match step {
                    CStep::Query(cq) => self.query(cq, n)?,
                    CStep::RollbackIf(c) => {
                        if matches!(
                            self.ev.eval(c).map_err(|e| Failure::of(format!("rollback_if: {e}")))?,
                            EValue::Bool(true)
                        ) {
                            return Ok(true);
                        }
                    }
                }
            }
            Ok(false)
        })();
        self.ev.lock().locals.clear();
        match outcome {
            Ok(false) => self.execute("COMMIT", false).map(|_| false),
            Ok(true) => self.execute("ROLLBACK", false).map(|_| true),
            Err(Failure::Cancelled) => Err(Failure::Cancelled),
            Err(e) => {
                let _ = self.execute("ROLLBACK", false);
                Err(e)
            }
        }
    }

    /// A query's statements: its arguments drawn from the operation's streams, expanded over
    /// batch-expanding arguments, written into the statement and run; a `query`'s rows become
    /// the dataset of its name (for the items after it).
    fn query(&mut self, cq: &CQuery, n: u64) -> Result<(), Failure> {
        if cq.q.kind.is_batch() {
            return self.batch_query(cq, n);
        }
        self.load_ref_each(cq)?;
        let row = self.row(cq, n, 0)?;
        let statement = if cq.q.prepared { self.prepare(cq, row.len())? } else { None };
        let mut results = Vec::new();
        for row in crate::seed::expand(row) {
            let sql = match &statement {
                Some(s) => s.execute(&row, self.driver, self.backslash),
                None => crate::render::statement(&cq.q.query, &row, self.driver, self.backslash),
            }
            .map_err(|e| Failure::Error(e.to_string()))?;
            if let Some(rows) = self.execute(&sql, cq.q.kind.returns_rows())? {
                results.extend(
                    crate::seed::dataset(&self.ev, self.driver, &rows).map_err(|e| Failure::Error(e.to_string()))?,
                );
            }
        }
        if let (true, Some(name)) = (cq.q.kind.returns_rows(), &cq.q.name) {
            self.ev.lock().datasets.insert(name.clone(), std::sync::Arc::new(results));
        }
        Ok(())
    }

    /// `prepared: true`: the item's statement on this worker's connection, prepared by its first
    /// run; None where the engine has none (the statement runs as written).
    fn prepare(&mut self, cq: &CQuery, args: usize) -> Result<Option<Arc<super::prepared::Statement>>, Failure> {
        if let Some(s) = self.statements.get(cq.id) {
            return Ok(Some(s));
        }
        let Some(made) = self.statements.make(self.driver, cq.id, &cq.q.query, args, self.backslash) else {
            return Ok(None);
        };
        let made = made.map_err(|e| Failure::Error(format!("{}: {e}", cq.label)))?;
        self.execute(&made.prepared.prepare, false)?;
        Ok(Some(self.statements.keep(cq.id, made)))
    }

    /// The arguments of row `r` of the item's run `n`.
    fn row(&mut self, cq: &CQuery, n: u64, r: usize) -> Result<Vec<EValue>, Failure> {
        {
            let mut st = self.ev.lock();
            if r == 0 {
                st.start_query_with(&cq.names);
            }
            st.start_row();
        }
        let mut row = Vec::with_capacity(cq.args.len());
        for (j, c) in cq.args.iter().enumerate() {
            let ahead = match (&c.batch, r) {
                (Some((name, args)), 0) => self.ahead(cq, j, name, args, n)?,
                _ => None,
            };
            let v = match ahead {
                Some(v) => {
                    self.ev.lock().row_args.push(v.clone());
                    v
                }
                None => {
                    let mut s = crate::rng::stream(self.seed, &self.key, &cq.label, stream_index(n, r, j));
                    self.ev.eval_arg(c, &mut s).map_err(|e| {
                        Failure::of(format!(
                            "{} argument {} ({}): {e}",
                            cq.label,
                            j + 1,
                            crate::config::echo(&c.source)
                        ))
                    })?
                }
            };
            row.push(v);
        }
        Ok(row)
    }

    /// Argument `j`'s value for run `n`, made ahead with the next runs' in one plugin call from
    /// each run's own seed (the first value of its stream, all a generator keeping the
    /// `next-u64s` contract draws); None where the plugin draws otherwise.
    fn ahead(
        &mut self,
        cq: &CQuery,
        j: usize,
        name: &str,
        args: &[crate::value::Value],
        n: u64,
    ) -> Result<Option<EValue>, Failure> {
        use rand_core::Rng;
        let slot = self.ahead.entry((cq.id, j)).or_default();
        if slot.off {
            return Ok(None);
        }
        if slot.first != n || slot.values.is_empty() {
            let seeds: Vec<u64> = (n..n + AHEAD)
                .map(|m| crate::rng::stream(self.seed, &self.key, &cq.label, stream_index(m, 0, j)).next_u64())
                .collect();
            let made = self
                .ev
                .lock()
                .plugins
                .call_seeded(name, args, seeds)
                .map_err(|e| Failure::of(format!("{} argument {}: {e}", cq.label, j + 1)))?;
            match made {
                Some(values) => {
                    slot.values = values.into_iter().map(crate::expr::from_host).collect();
                    slot.first = n;
                }
                None => {
                    slot.off = true;
                    return Ok(None);
                }
            }
        }
        slot.first += 1;
        Ok(slot.values.pop_front())
    }

    /// `exec_batch` / `query_batch` in a run: `count` rows, in batches of `size`, each batch one
    /// statement (`__values__`) or a statement per row.
    fn batch_query(&mut self, cq: &CQuery, n: u64) -> Result<(), Failure> {
        let int = |v: &Option<serde_yaml::Value>, default: i64| -> Result<i64, Failure> {
            v.as_ref().map_or(Ok(default), |v| self.ev.eval_int(v).map_err(|e| Failure::Error(e.to_string())))
        };
        let count = int(&cq.q.count, 1)?.max(0);
        let size = int(&cq.q.size, count.max(1))?.max(1);
        let rows: Vec<Vec<EValue>> = (0..count as usize).map(|r| self.row(cq, n, r)).collect::<Result<_, _>>()?;
        let returns = cq.q.kind == QueryType::QueryBatch;
        let render = |e: crate::render::RenderError| Failure::Error(e.to_string());
        for chunk in rows.chunks(size as usize) {
            let statements: Vec<String> = if cq.q.query.contains("__values__") {
                let values = crate::render::values_clause(chunk, self.driver, self.backslash).map_err(render)?;
                vec![cq.q.query.replace("__values__", &values)]
            } else {
                chunk
                    .iter()
                    .map(|row| crate::render::statement(&cq.q.query, row, self.driver, self.backslash))
                    .collect::<Result<_, _>>()
                    .map_err(render)?
            };
            for sql in statements {
                self.execute(&sql, returns)?;
            }
        }
        Ok(())
    }

    fn load_ref_each(&mut self, cq: &CQuery) -> Result<(), Failure> {
        for sql in cq.args.iter().flat_map(|a| a.ref_each.clone()) {
            let rows = self.execute(&sql, true)?.unwrap_or_default();
            let as_rows: Vec<EValue> = crate::seed::dataset(&self.ev, self.driver, &rows)
                .map_err(|e| Failure::Error(e.to_string()))?
                .into_iter()
                .map(|r| match r {
                    EValue::Map(m) => EValue::Array(m.into_values().collect()),
                    other => other,
                })
                .collect();
            self.ev.lock().ref_each.insert(sql, std::sync::Arc::new(as_rows));
        }
        Ok(())
    }

    /// Run one statement on this worker's connection. A statement still running at the stage's
    /// end gets `GRACE` to finish (and counts as usual if it does); after that it is cancelled.
    /// `COMMIT` and `ROLLBACK` get longer: cutting one off would leave unknown whether the
    /// transaction's changes are in the database, and the report would not match it.
    fn execute(&mut self, sql: &str, returns_rows: bool) -> Result<Option<Rows>, Failure> {
        let conn = self.conn.clone();
        let grace = if matches!(sql, "COMMIT" | "ROLLBACK") { ENDING_GRACE } else { GRACE };
        let deadline = tokio::time::Instant::from_std(self.deadline + grace);
        let run = async move {
            let mut c = conn.lock().await;
            if returns_rows { c.query(sql).await.map(Some) } else { c.execute(sql).await.map(|()| None) }
        };
        match self.runtime.block_on(async { tokio::time::timeout_at(deadline, run).await }) {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(Failure::Error(e.to_string())),
            Err(_) => Err(Failure::Cancelled),
        }
    }

    fn record_prints(&self, cq: &CQuery) {
        if cq.prints.is_empty() {
            return;
        }
        let texts: Vec<String> = cq
            .prints
            .iter()
            .map(|(c, _)| match self.ev.eval(c) {
                Ok(v) => crate::expr::plain(&v),
                Err(e) => format!("<error: {e}>"),
            })
            .collect();
        let mut stats = self.lock_stats();
        let item = stats.item(&cq.label, Kind::Query);
        for ((c, agg), text) in cq.prints.iter().zip(texts) {
            // One expression may be printed with several aggregates: each is its own entry.
            match item.printed.iter_mut().find(|(e, p)| *e == c.source && p.agg == *agg) {
                Some((_, p)) => p.add(&text),
                None => {
                    let mut p = Printed { agg: agg.clone(), ..Printed::default() };
                    p.add(&text);
                    item.printed.push((c.source.clone(), p));
                }
            }
        }
    }

    /// Think time after an item (`wait:`), unless --no-wait; cut short by the stage's end.
    fn think(&self, wait: Option<Duration>) -> Result<(), Failure> {
        if let (Some(w), false) = (wait, self.behaviour.no_wait) {
            let until = (Instant::now() + w).min(self.deadline);
            std::thread::sleep(until.saturating_duration_since(Instant::now()));
        }
        Ok(())
    }
}

/// The stream index of argument `j` of row `r` of an item's run `n`: distinct for every run,
/// row (below 16,384) and argument (below 1,024).
fn stream_index(n: u64, r: usize, j: usize) -> usize {
    ((n as usize) << 24) | ((r & 0x3fff) << 10) | (j & 0x3ff)
}
