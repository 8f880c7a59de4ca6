//! One query against the database: single statements, or batches written by the bulk path the
//! engine has (one COPY, prepared multi-row INSERTs, CQL batches, literal statements), a
//! query's batches committed together, each batch recorded for the manifest when it commits.

use super::rows::{capture_columns, expand};
use super::{Prepared, QueryError, SharedConn, count_value, size_value};
use crate::config::{Query, QueryType, Section};
use crate::driver::{BatchWrite, Driver};
use crate::expr::{Compiled, EValue};
use crate::manifest::{Pending, Recorder};
use crate::render;
use std::sync::Arc;
use tokio::runtime::Handle;
use tracing::debug;

/// The statement of the previous batch, still running on the async runtime.
type Inflight = tokio::task::JoinHandle<Result<(), QueryError>>;

fn wait(pending: Option<Inflight>, rt: &Handle) -> Result<(), QueryError> {
    match pending {
        Some(h) => rt.block_on(h).map_err(|e| format!("statement task failed: {e}"))?,
        None => Ok(()),
    }
}

/// A batch as one statement with bound values: Cassandra's CQL with `?` markers. (MySQL's
/// and SQLite's prepared multi-row INSERTs go through `driver::InsertWriter`.)
enum Bound {
    Cql(String, Vec<Vec<EValue>>),
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
        Ok(None)
    }

    async fn run(self, conn: SharedConn, note: Option<(Recorder, Pending)>) -> Result<(), QueryError> {
        let mut conn = conn.lock().await;
        let Bound::Cql(cql, rows) = self;
        conn.execute_bound(&cql, rows).await?;
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

impl Prepared {
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

    pub(super) fn run_query(
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
        // MySQL and SQLite take a `__values__` INSERT as prepared statements from a queue (in the
        // transaction just begun: the queue's statements are the query's, nothing else runs).
        let mut insert = match (driver.dialect().batch_write(), txn) {
            (BatchWrite::PreparedRows, Some(_)) => {
                crate::driver::InsertShape::of(&sql, driver, args.len(), size as usize)
                    .map(|shape| crate::driver::InsertWriter::start(shared.clone(), shape, rt))
            }
            _ => None,
        };
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
                } else if let Some(w) = &mut insert {
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
            if let Some(w) = insert.take() {
                w.finish(rt)?;
            }
            wait(inflight.take(), rt)
        };
        let result = written();
        // A failed query's queue stops before the ROLLBACK needs the connection.
        if let Some(w) = insert.take() {
            w.abandon(rt);
        }
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
}
