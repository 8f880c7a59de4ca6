//! Running a config's sections against one database side.

use crate::config::{Config, Query, QueryType, Section};
use crate::driver::{BatchWrite, Conn, Driver, Rows};

/// A side's connection, shared with the task that executes the previous batch.
pub type SharedConn = Arc<tokio::sync::Mutex<Conn>>;
use crate::expr::{Compiled, EValue, Evaluator, from_host};
use crate::manifest::{Pending, Recorder};
use crate::plugin::ColumnSpec;
use crate::render;
use std::cmp::Ordering;
use std::sync::Arc;
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
}

impl From<String> for QueryError {
    fn from(message: String) -> Self {
        QueryError::Eval(message)
    }
}

/// The statement of the previous batch, still running on the async runtime.
type Inflight = tokio::task::JoinHandle<Result<(), QueryError>>;

fn wait(pending: Option<Inflight>, rt: &Handle) -> Result<(), QueryError> {
    match pending {
        Some(h) => rt.block_on(h).map_err(|e| format!("statement task failed: {e}"))?,
        None => Ok(()),
    }
}

/// A batch as one statement with bound values: Cassandra's CQL with `?` markers, or MySQL's
/// prepared multi-row INSERT (see `driver::params`).
enum Bound {
    Cql(String, Vec<Vec<EValue>>),
    MySql(String, Vec<crate::driver::Param>),
}

impl Bound {
    fn for_batch(
        driver: Driver,
        kind: QueryType,
        sql: &str,
        rows: &[Vec<EValue>],
    ) -> Result<Option<Bound>, QueryError> {
        if kind != QueryType::ExecBatch {
            return Ok(None);
        }
        let width = rows.first().map_or(0, Vec::len);
        let write = driver.dialect().batch_write();
        if write == BatchWrite::BoundCql && !sql.contains("__values__") {
            let (cql, order) = render::bind_markers(sql, width)?;
            let bound = rows.iter().map(|r| order.iter().map(|i| r[*i].clone()).collect()).collect();
            return Ok(Some(Bound::Cql(cql, bound)));
        }
        if write == BatchWrite::PreparedRows
            && sql.matches("__values__").count() == 1
            && width > 0
            && rows.len() * width <= crate::driver::MAX_PARAMS
            && rows.iter().all(|r| r.len() == width)
        {
            let stmt = sql.replace("__values__", &crate::driver::markers(rows.len(), width));
            let params = rows.iter().flatten().map(crate::driver::Param::from_value).collect::<Result<_, _>>()?;
            return Ok(Some(Bound::MySql(stmt, params)));
        }
        Ok(None)
    }

    async fn run(self, conn: SharedConn, note: Option<(Recorder, Pending)>) -> Result<(), QueryError> {
        let mut conn = conn.lock().await;
        match self {
            Bound::Cql(cql, rows) => conn.execute_bound(&cql, rows).await,
            Bound::MySql(sql, params) => conn.execute_params(&sql, params).await,
        }?;
        if let Some((recorder, batch)) = note {
            recorder.committed(batch);
        }
        Ok(())
    }
}

/// Where a batch query writes, for the manifest: the table and (names, positions) of its key.
struct Target {
    table: String,
    key: Option<(Vec<String>, Vec<usize>)>,
}

impl Target {
    fn pending(&self, query: &str, rows: &[Vec<EValue>]) -> Pending {
        let key = self.key.as_ref().map(|(n, a)| (n.as_slice(), a.as_slice()));
        Pending::of(&self.table, query, rows, key)
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
}

const SECTIONS: [Section; 4] = [Section::Up, Section::Seed, Section::Deseed, Section::Down];

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
                let err = |message: String| SeedError::Query {
                    file: file.clone(),
                    section: section.name(),
                    query: label.clone(),
                    source: Box::new(QueryError::Eval(message)),
                };
                if let Some(n) = &q.name
                    && !names.insert(n.clone())
                {
                    return Err(err(format!("duplicate query name {n:?} in section {}", section.name())));
                }
                let sources: Vec<(Option<String>, String)> = match &q.row {
                    Some(row) => config
                        .rows
                        .get(row)
                        .ok_or_else(|| err(format!("row {row:?} is not defined under `rows:`")))?
                        .iter()
                        .map(|v| (None, crate::config::scalar_source(v)))
                        .collect(),
                    None => q.args.entries(),
                };
                let mut compiled = Vec::with_capacity(sources.len());
                for (k, (name, src)) in sources.iter().enumerate() {
                    let which = name.clone().unwrap_or_else(|| format!("{}", k + 1));
                    compiled.push(
                        evaluator
                            .compile(src)
                            .map_err(|m| err(format!("argument {which} ({}): {m}", crate::config::echo(src))))?,
                    );
                }
                if q.kind.is_batch() && !q.query.contains("__values__") && sources.is_empty() {
                    debug!(query = label, "batch query without arguments");
                }
                if let Some(v) = &q.count {
                    count_value(&evaluator, v).map_err(|m| err(format!("count: {m}")))?;
                }
                if let Some(v) = &q.size {
                    size_value(&evaluator, v).map_err(|m| err(format!("size: {m}")))?;
                }
                for c in &compiled {
                    for name in c.datasets.iter().flatten() {
                        if !dataset_exists(&config, name) {
                            return Err(err(format!(
                                "{}: no dataset named {name:?} (a `reference:` entry or a named query)",
                                crate::config::echo(&c.source)
                            )));
                        }
                    }
                }
                per_query.push(compiled);
            }
            args.push((section, per_query));
        }
        let mut referenced = Some(std::collections::HashSet::new());
        for c in args.iter().flat_map(|(_, q)| q.iter().flatten()) {
            for d in &c.datasets {
                match (d, referenced.as_mut()) {
                    (Some(name), Some(set)) => {
                        set.insert(name.clone());
                    }
                    (None, _) => referenced = None,
                    _ => {}
                }
            }
        }
        Ok(Prepared { config, evaluator, args, seed, referenced, recorder: None })
    }

    /// Record every `exec_batch` batch this side commits.
    pub fn record(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    /// For the manifest: the table a batch query writes and its key's positions in the rows.
    fn manifest_target(&self, sql: &str, width: usize, shared: &SharedConn, rt: &Handle) -> Option<Target> {
        self.recorder.as_ref()?;
        let table = render::insert_table(sql)?;
        let columns = render::insert_columns(sql).filter(|c| c.len() == width);
        let key = columns.and_then(|cols| {
            let info = rt.block_on(async {
                let mut c = shared.lock().await;
                let all = c.tables().await.ok()?;
                c.describe(&table, &all).await.ok().flatten()
            })?;
            let at: Option<Vec<usize>> =
                info.primary_key.iter().map(|k| cols.iter().position(|c| c.eq_ignore_ascii_case(k))).collect();
            at.filter(|a| !a.is_empty()).map(|a| (info.primary_key.clone(), a))
        });
        Some(Target { table, key })
    }

    fn file(&self) -> String {
        self.config.path.display().to_string()
    }

    /// Run one section's queries in order. Generation runs on this (non-async) thread; only
    /// database I/O goes through `rt` (plugin calls must not run inside the async runtime).
    pub fn run(&self, section: Section, conn: &SharedConn, rt: &Handle) -> Result<(), SeedError> {
        let compiled = &self.args.iter().find(|(s, _)| *s == section).expect("all sections compiled").1;
        for (i, q) in self.config.section(section).iter().enumerate() {
            let label = q.label(i);
            info!(section = section.name(), query = label.as_str(), "running query");
            self.run_query(section, q, &label, &compiled[i], conn, rt).map_err(|source| SeedError::Query {
                file: self.file(),
                section: section.name(),
                query: label.clone(),
                source: Box::new(source),
            })?;
        }
        Ok(())
    }

    fn run_query(
        &self,
        section: Section,
        q: &Query,
        label: &str,
        args: &[Compiled],
        shared: &SharedConn,
        rt: &Handle,
    ) -> Result<(), QueryError> {
        let (driver, backslash) = {
            let c = shared.blocking_lock();
            (c.driver(), c.backslash_escapes())
        };
        let sql = q.query.replace("__sep__", render::separator(driver));
        let arg_names: Vec<Option<String>> = q.args.entries().into_iter().map(|(n, _)| n).collect();
        self.evaluator.lock().start_query(arg_names);
        let mut streams: Vec<_> =
            (0..args.len()).map(|k| crate::rng::stream(self.seed, section.name(), label, k)).collect();
        // Seeded rows become a dataset (as in edg) only when something reads it: capturing a
        // million generated rows nobody references would cost memory for nothing.
        let capture = section == Section::Seed
            && !args.is_empty()
            && q.name.as_ref().is_some_and(|n| self.referenced.as_ref().is_none_or(|r| r.contains(n)));
        let columns = capture_columns(&sql, q, args.len());

        if !q.kind.is_batch() {
            for a in args {
                for each in &a.ref_each {
                    let rows = rt
                        .block_on(async { shared.lock().await.query(each).await })
                        .map_err(|e| format!("ref_each({each:?}): {e}"))?;
                    let ds = self.dataset(driver, &rows)?;
                    let as_rows: Vec<EValue> = ds
                        .into_iter()
                        .map(|r| match r {
                            EValue::Map(m) => EValue::Array(m.into_values().collect()),
                            other => other,
                        })
                        .collect();
                    self.evaluator.lock().ref_each.insert(each.clone(), Arc::new(as_rows));
                }
            }
            let row = self.generate(args, 1, &mut streams)?.pop().unwrap_or_default();
            let mut results: Vec<EValue> = Vec::new();
            for (k, row) in expand(row).into_iter().enumerate() {
                if driver.dialect().batch_write() == BatchWrite::BoundCql && !q.kind.returns_rows() {
                    // CQL with bound values, typed by the server's column specs.
                    let (cql, order) = render::bind_markers(&sql, row.len())?;
                    let bound = vec![order.iter().map(|i| row[*i].clone()).collect()];
                    rt.block_on(async { shared.lock().await.execute_bound(&cql, bound).await })?;
                    if capture {
                        self.store_rows(q, &columns, vec![row], k > 0);
                    }
                    continue;
                }
                let stmt = render::substitute(&sql, &row, driver, backslash)?;
                let mut conn = shared.blocking_lock();
                if q.kind.returns_rows() {
                    let rows = rt.block_on(conn.query(&stmt))?;
                    results.extend(self.dataset(driver, &rows)?);
                } else {
                    rt.block_on(conn.execute(&stmt))?;
                    if capture {
                        self.store_rows(q, &columns, vec![row], k > 0);
                    }
                }
            }
            if let (true, Some(name)) = (q.kind.returns_rows(), &q.name) {
                self.evaluator.lock().datasets.insert(name.clone(), Arc::new(results));
            }
            return Ok(());
        }

        let count = match &q.count {
            Some(v) => count_value(&self.evaluator, v).map_err(|m| format!("count: {m}"))?,
            None => 1,
        };
        let size = match &q.size {
            Some(v) => size_value(&self.evaluator, v).map_err(|m| format!("size: {m}"))?,
            None => count.max(1),
        };
        let batches = if count == 0 { 0 } else { (count + size - 1) / size };
        let mut done = 0;
        let mut first = true;
        let mut progress = crate::progress::Progress::new(label, count);
        let target = if q.kind == QueryType::ExecBatch && batches > 0 {
            self.manifest_target(&sql, args.len(), shared, rt)
        } else {
            None
        };
        // PostgreSQL takes a plain `INSERT INTO t (cols) __values__` as one COPY for the whole query.
        let mut copy = match (driver.dialect().batch_write(), q.kind) {
            (BatchWrite::CopyIn, QueryType::ExecBatch) if batches > 0 => {
                render::copy_target(&sql).map(|target| crate::driver::CopyWriter::start(shared.clone(), target, rt))
            }
            _ => None,
        };
        // Every other exec_batch query commits its batches together: one commit instead of one per
        // batch, and a failing batch leaves nothing of the query behind (as COPY does).
        let txn = match (copy.is_none(), q.kind, driver.dialect().begin_write()) {
            (true, QueryType::ExecBatch, Some(begin)) if batches > 0 => Some(begin),
            _ => None,
        };
        if let Some(begin) = txn {
            rt.block_on(async { shared.lock().await.execute(begin).await })?;
        }
        // Batches are recorded for the manifest when they commit: at the end of the query where it
        // runs in one transaction (or one COPY), else as each statement completes.
        let together = txn.is_some() || copy.is_some();
        let mut uncommitted = Vec::new();
        let mut note = |rows: &[Vec<EValue>]| {
            let n = target.as_ref().zip(self.recorder.as_ref()).map(|(t, r)| (r.clone(), t.pending(label, rows)));
            if together {
                uncommitted.extend(n);
                None
            } else {
                n
            }
        };
        // Batch n executes on the runtime while batch n+1 is generated here.
        let mut inflight: Option<Inflight> = None;
        let mut written = || -> Result<(), QueryError> {
            for b in 0..batches {
                let n = size.min(count - done) as u32;
                let rows = self.generate(args, n, &mut streams)?;
                debug!(query = label, batch = format!("{}/{batches}", b + 1), "running batch");
                let bulk = if let Some(w) = &mut copy {
                    w.write(&rows, rt)?;
                    note(&rows);
                    true
                } else if let Some(stmt) = Bound::for_batch(driver, q.kind, &sql, &rows)? {
                    wait(inflight.take(), rt)?;
                    inflight = Some(rt.spawn(stmt.run(shared.clone(), note(&rows))));
                    true
                } else {
                    false
                };
                if !bulk {
                    let note = note(&rows);
                    self.run_statements(q, &sql, &rows, first, shared, &mut inflight, (driver, backslash), note, rt)?;
                }
                if capture && q.kind == QueryType::ExecBatch {
                    self.store_rows(q, &columns, rows, !first);
                }
                first = false;
                done += n as i64;
                progress.add(n as i64);
            }
            if let Some(w) = copy.take() {
                w.finish(rt)?;
            }
            wait(inflight.take(), rt)
        };
        let result = written();
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        if txn.is_some() {
            let ended = rt.block_on(async { shared.lock().await.execute(end).await });
            // A failed batch's error is the one to report; the ROLLBACK's own failure adds nothing.
            if result.is_ok() {
                ended?;
            }
        }
        result?;
        for (recorder, batch) in uncommitted {
            recorder.committed(batch);
        }
        progress.finish();
        Ok(())
    }

    /// A batch as literal SQL: one multi-row statement for `__values__`, else one per row.
    /// `exec_batch` runs on the runtime while the next batch is generated; `query_batch`
    /// results are read now and accumulate into the query's dataset.
    #[allow(clippy::too_many_arguments)]
    fn run_statements(
        &self,
        q: &Query,
        sql: &str,
        rows: &[Vec<EValue>],
        first: bool,
        shared: &SharedConn,
        inflight: &mut Option<Inflight>,
        (driver, backslash): (Driver, bool),
        note: Option<(Recorder, Pending)>,
        rt: &Handle,
    ) -> Result<(), QueryError> {
        let statements: Vec<String> = if sql.contains("__values__") {
            vec![sql.replace("__values__", &render::values_clause(rows, driver, backslash)?)]
        } else {
            rows.iter().map(|r| render::substitute(sql, r, driver, backslash)).collect::<Result<_, _>>()?
        };
        wait(inflight.take(), rt)?;
        if q.kind == QueryType::ExecBatch {
            let conn = shared.clone();
            *inflight = Some(rt.spawn(async move {
                conn.lock().await.execute_batch(&statements).await?;
                if let Some((recorder, batch)) = note {
                    recorder.committed(batch);
                }
                Ok(())
            }));
            return Ok(());
        }
        for stmt in &statements {
            let result = rt.block_on(async { shared.lock().await.query(stmt).await })?;
            if let Some(name) = &q.name {
                // Results accumulate across batches (the original kept only the last).
                let ds = self.dataset(driver, &result)?;
                let mut st = self.evaluator.lock();
                let entry = st.datasets.entry(name.clone()).or_insert_with(|| Arc::new(Vec::new()));
                if first {
                    *entry = Arc::new(Vec::new());
                }
                Arc::make_mut(entry).extend(ds);
            }
        }
        Ok(())
    }

    /// Evaluate `rows` rows of arguments, row by row so `arg()`, `seq()` and `ref_same()` see
    /// rows in order; arguments that are a single plugin call with literal arguments are made
    /// in one call per batch, from the same stream, so the values are identical either way.
    fn generate(
        &self,
        args: &[Compiled],
        rows: u32,
        streams: &mut [rand_chacha::ChaCha8Rng],
    ) -> Result<Vec<Vec<EValue>>, String> {
        let mut columns: Vec<Option<std::vec::IntoIter<EValue>>> = Vec::with_capacity(args.len());
        for (k, a) in args.iter().enumerate() {
            columns.push(match &a.batch {
                Some((name, cargs)) => Some(
                    self.evaluator
                        .eval_batch(name, cargs, rows, &mut streams[k])
                        .map_err(|e| format!("argument {} ({}): {e}", k + 1, crate::config::echo(&a.source)))?
                        .into_iter(),
                ),
                None => None,
            });
        }
        let mut out = Vec::with_capacity(rows as usize);
        for _ in 0..rows {
            self.evaluator.lock().start_row();
            let mut row = Vec::with_capacity(args.len());
            for (k, a) in args.iter().enumerate() {
                let v = match &mut columns[k] {
                    Some(col) => col.next().unwrap_or(EValue::Nil),
                    None => {
                        self.evaluator.swap_stream(&mut streams[k]);
                        let r = self.evaluator.eval(a);
                        self.evaluator.swap_stream(&mut streams[k]);
                        r.map_err(|e| format!("argument {} ({}): {e}", k + 1, crate::config::echo(&a.source)))?
                    }
                };
                self.evaluator.lock().row_args.push(v.clone());
                row.push(v);
            }
            out.push(row);
        }
        Ok(out)
    }

    fn store_rows(&self, q: &Query, columns: &[String], rows: Vec<Vec<EValue>>, append: bool) {
        let name = q.name.clone().expect("captured queries are named");
        let new_rows = rows.into_iter().map(|r| crate::expr::EValue::Map(columns.iter().cloned().zip(r).collect()));
        let mut st = self.evaluator.lock();
        let entry = st.datasets.entry(name).or_insert_with(|| Arc::new(Vec::new()));
        if !append {
            *entry = Arc::new(Vec::new());
        }
        // In place: the Arc is unique between queries, so make_mut does not copy.
        Arc::make_mut(entry).extend(new_rows);
    }

    /// Query results as a dataset: values canonicalised by the side's normalizer (so MySQL's
    /// text "620" is the integer 620, as on PostgreSQL), column names lower-cased, rows sorted.
    /// Sorting makes `ref_*` picks independent of the engine's scan order: `SELECT id FROM users`
    /// without ORDER BY gives the same dataset on every engine.
    fn dataset(&self, driver: Driver, rows: &Rows) -> Result<Vec<EValue>, QueryError> {
        let mut columns: Vec<Vec<crate::value::Value>> = vec![Vec::with_capacity(rows.rows.len()); rows.columns.len()];
        for row in &rows.rows {
            for (c, v) in row.iter().enumerate() {
                columns[c].push(v.clone());
            }
        }
        let mut normalized = Vec::with_capacity(columns.len());
        {
            let mut st = self.evaluator.lock();
            for (meta, values) in rows.columns.iter().zip(columns) {
                let spec = ColumnSpec {
                    driver: driver.family().into(),
                    table: String::new(),
                    name: meta.name.clone(),
                    db_type: meta.db_type.clone(),
                    rule: None,
                    timestamp_precision: 6,
                };
                normalized.push(st.plugins.normalize(&spec, values)?);
            }
        }
        let names: Vec<String> = rows.columns.iter().map(|c| c.name.to_ascii_lowercase()).collect();
        let mut out: Vec<Vec<EValue>> =
            (0..rows.rows.len()).map(|r| normalized.iter().map(|col| from_host(col[r].clone())).collect()).collect();
        out.sort_by(|a, b| {
            a.iter().zip(b).map(|(x, y)| order(x, y)).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal)
        });
        Ok(out.into_iter().map(|r| EValue::Map(names.iter().cloned().zip(r).collect())).collect())
    }
}

/// `count:`: a whole number, 0 or more.
fn count_value(ev: &Evaluator, v: &serde_yaml::Value) -> Result<i64, String> {
    let n = ev.eval_int(v)?;
    if n < 0 {
        return Err(format!("{} is {n}; it must be 0 or more", crate::config::echo(&crate::config::scalar_source(v))));
    }
    Ok(n)
}

/// `size:`: a whole number of rows per batch, 1 or more.
fn size_value(ev: &Evaluator, v: &serde_yaml::Value) -> Result<i64, String> {
    let n = ev.eval_int(v)?;
    if n < 1 {
        return Err(format!(
            "{} is {n}; a batch holds 1 row or more",
            crate::config::echo(&crate::config::scalar_source(v))
        ));
    }
    Ok(n)
}

/// Whether `name` is a dataset this config can read: a `reference:` entry or a named query.
fn dataset_exists(config: &Config, name: &str) -> bool {
    config.reference.contains_key(name)
        || SECTIONS.iter().any(|s| config.section(*s).iter().any(|q| q.name.as_deref() == Some(name)))
        || config.init.iter().any(|q| q.name.as_deref() == Some(name))
}

/// edg's batch expansion: an argument whose value is a list of rows (`batch(n)`, `ref_each(…)`)
/// runs the statement once per row, over the cartesian product when several arguments do.
/// A one-column row contributes its value; a wider row, the row as a list.
fn expand(row: Vec<EValue>) -> Vec<Vec<EValue>> {
    let is_rows = |v: &EValue| matches!(v, EValue::Array(items) if items.iter().all(|i| matches!(i, EValue::Array(_))));
    if !row.iter().any(is_rows) {
        return vec![row];
    }
    let mut out: Vec<Vec<EValue>> = vec![Vec::new()];
    for v in row {
        let choices: Vec<EValue> = match v {
            EValue::Array(items) if items.iter().all(|i| matches!(i, EValue::Array(_))) => items
                .into_iter()
                .map(|i| match i {
                    EValue::Array(mut one) if one.len() == 1 => one.remove(0),
                    other => other,
                })
                .collect(),
            other => vec![other],
        };
        out = out
            .into_iter()
            .flat_map(|prefix| {
                choices.iter().map(move |c| {
                    let mut p = prefix.clone();
                    p.push(c.clone());
                    p
                })
            })
            .collect();
    }
    out
}

fn capture_columns(sql: &str, q: &Query, n: usize) -> Vec<String> {
    if let Some(cols) = render::insert_columns(sql).filter(|c| c.len() == n) {
        return cols;
    }
    let named: Vec<String> = q.args.entries().into_iter().filter_map(|(k, _)| k).collect();
    if named.len() == n {
        return named;
    }
    (1..=n).map(|i| format!("col_{i}")).collect()
}

/// A total order over dataset values: NULL first, numbers by value, text by bytes.
fn order(a: &EValue, b: &EValue) -> Ordering {
    fn rank(v: &EValue) -> u8 {
        match v {
            EValue::Nil => 0,
            EValue::Bool(_) => 1,
            EValue::Integer(_) | EValue::Float(_) => 2,
            EValue::String(_) => 3,
            EValue::Bytes(_) => 4,
            _ => 5,
        }
    }
    match (a, b) {
        (EValue::Integer(x), EValue::Integer(y)) => x.cmp(y),
        (EValue::Integer(x), EValue::Float(y)) => (*x as f64).total_cmp(y),
        (EValue::Float(x), EValue::Integer(y)) => x.total_cmp(&(*y as f64)),
        (EValue::Float(x), EValue::Float(y)) => x.total_cmp(y),
        (EValue::String(x), EValue::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (EValue::Bytes(x), EValue::Bytes(y)) => x.cmp(y),
        (EValue::Bool(x), EValue::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)).then_with(|| crate::expr::plain(a).cmp(&crate::expr::plain(b))),
    }
}
