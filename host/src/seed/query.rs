//! One query against the database: a single statement per (expanded) row, or `count` rows in
//! batches of `size`, written through the query's sink (`write.rs`) or, for `query_batch`, run
//! and read back into the query's dataset.

use super::blocks::{RowStreams, edge};
use super::rows::{capture_columns, expand};
use super::write::{Note, Statement, Writer};
use super::{Prepared, QueryError, SharedConn, count_value, size_value};
use crate::config::{Query, QueryType, Section};
use crate::driver::{BatchWrite, Driver};
use crate::expr::{Compiled, EValue};
use crate::manifest::Pending;
use crate::render;
use std::sync::Arc;
use tokio::runtime::Handle;
use tracing::debug;

/// What every step of one query needs.
pub(super) struct Run<'a> {
    pub q: &'a Query,
    pub label: &'a str,
    pub args: &'a [Compiled],
    /// The statement, `__sep__` replaced.
    pub sql: String,
    pub driver: Driver,
    pub backslash: bool,
    pub shared: &'a SharedConn,
    pub rt: &'a Handle,
    /// The rows become the query's dataset (something reads it).
    pub capture: bool,
    columns: Vec<String>,
}

/// Where a batch query writes, for the manifest: the table and (names, positions) of its key.
pub(super) struct Target {
    table: String,
    key: Option<(Vec<String>, Vec<usize>)>,
}

impl Target {
    pub(super) fn pending(&self, query: &str, rows: &[Vec<EValue>]) -> Pending {
        let key = self.key.as_ref().map(|(n, a)| (n.as_slice(), a.as_slice()));
        Pending::of(&self.table, query, rows, key)
    }
}

impl Prepared {
    /// For the manifest: the table a batch query writes and its key's positions in the rows.
    pub(super) fn manifest_target(&self, sql: &str, width: usize, shared: &SharedConn, rt: &Handle) -> Option<Target> {
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
    ) -> Result<u64, QueryError> {
        let (driver, backslash) = {
            let c = shared.blocking_lock();
            (c.driver(), c.backslash_escapes())
        };
        let sql = q.query.replace("__sep__", render::separator(driver));
        let arg_names: Vec<Option<String>> = q.args.entries().into_iter().map(|(n, _)| n).collect();
        self.evaluator.lock().start_query(arg_names);
        let mut streams = RowStreams::new(self.seed, section.name(), label, args.len());
        // Seeded rows become a dataset (as in edg) only when something reads it: capturing a
        // million generated rows nobody references would cost memory for nothing. A partition
        // also keeps the rows a regenerated dataset is projected from.
        let named = q.name.as_ref().is_some_and(|n| self.referenced.as_ref().is_none_or(|r| r.contains(n)));
        let kept = self.partition.as_ref().is_some_and(|p| p.keeps(label));
        let capture = section == Section::Seed && !args.is_empty() && (named || kept);
        let columns = capture_columns(&sql, q, args.len());
        let run = Run { q, label, args, sql, driver, backslash, shared, rt, capture, columns };
        if !q.kind.is_batch() && run.sql.contains("__values__") {
            return self.run_values(&run, &mut streams);
        }
        if !q.kind.is_batch() {
            return self.run_single(&run, streams.first());
        }
        let count = match &q.count {
            Some(v) => count_value(&self.evaluator, v).map_err(|m| format!("count: {m}"))?,
            None => 1,
        };
        let size = match &q.size {
            Some(v) => size_value(&self.evaluator, v).map_err(|m| format!("size: {m}"))?,
            None => count.max(1),
        };
        match q.kind {
            QueryType::ExecBatch if count > 0 => self.exec_batches(&run, &mut streams, count as u64, size as u64),
            _ => self.query_batches(&run, &mut streams, count as u64, size as u64),
        }
    }

    /// The rows of a `count`-row query this process writes (all of them unless partitioned),
    /// and the rows it generates: all of them when it captures them (a later query reads the
    /// dataset, which holds every partition's rows), else the ones it writes.
    pub(super) fn spans(&self, run: &Run, count: u64) -> (std::ops::Range<u64>, std::ops::Range<u64>) {
        let own = self.partition.as_ref().map_or(0..count, |p| p.share(count));
        let generated = if run.capture { 0..count } else { own.clone() };
        (own, generated)
    }

    /// A query that is not a batch: its `ref_each` datasets read, one row generated and expanded
    /// over batch-expanding arguments, a statement per row (a partition runs its share of them).
    /// Returns the statements run.
    fn run_single(&self, run: &Run, streams: &mut [crate::rng::Stream]) -> Result<u64, QueryError> {
        let (q, rt) = (run.q, run.rt);
        if self.regenerate(q, run.label) {
            return Ok(0);
        }
        self.load_ref_each(run)?;
        let row = self.generate(run.args, 1, streams)?.pop().unwrap_or_default();
        let mut results: Vec<EValue> = Vec::new();
        let rows = expand(row);
        let (own, _) = self.spans(run, rows.len() as u64);
        let statements = own.end - own.start;
        for (k, row) in rows.into_iter().enumerate() {
            if run.capture {
                self.store_rows(q, run.label, &run.columns, vec![row.clone()], k > 0);
            }
            if !own.contains(&(k as u64)) {
                continue;
            }
            if run.driver.dialect().batch_write() == BatchWrite::BoundCql && !q.kind.returns_rows() {
                // CQL with bound values, typed by the server's column specs.
                let (cql, order) = render::bind_markers(&run.sql, row.len())?;
                let bound = vec![order.iter().map(|i| row[*i].clone()).collect()];
                rt.block_on(async { run.shared.lock().await.execute_bound(&cql, bound).await })?;
            } else {
                let stmt = render::statement(&run.sql, &row, run.driver, run.backslash)?;
                let mut conn = run.shared.blocking_lock();
                if q.kind.returns_rows() {
                    let rows = rt.block_on(conn.query(&stmt))?;
                    results.extend(self.dataset(run.driver, &rows)?);
                    continue;
                }
                rt.block_on(conn.execute(&stmt))?;
            }
        }
        if let (true, Some(name)) = (q.kind.returns_rows(), &q.name) {
            self.evaluator.lock().datasets.insert(name.clone(), Arc::new(results));
        }
        Ok(statements)
    }

    /// The rows each `ref_each('SELECT …')` argument expands over, read now.
    pub(super) fn load_ref_each(&self, run: &Run) -> Result<(), QueryError> {
        for each in run.args.iter().flat_map(|a| &a.ref_each) {
            let rows = run
                .rt
                .block_on(async { run.shared.lock().await.query(each).await })
                .map_err(|e| format!("ref_each({each:?}): {e}"))?;
            let as_rows: Vec<EValue> = self
                .dataset(run.driver, &rows)?
                .into_iter()
                .map(|r| match r {
                    EValue::Map(m) => EValue::Array(m.into_values().collect()),
                    other => other,
                })
                .collect();
            self.evaluator.lock().ref_each.insert(each.clone(), Arc::new(as_rows));
        }
        Ok(())
    }

    /// `exec_batch`: `count` rows in batches of `size`, each generated while the previous one is
    /// written, all through one `Writer` (one COPY or one transaction where the engine has it).
    /// A partition writes its share of the rows.
    fn exec_batches(&self, run: &Run, streams: &mut RowStreams, count: u64, size: u64) -> Result<u64, QueryError> {
        let (own, generated) = self.spans(run, count);
        let target = self.manifest_target(&run.sql, run.args.len(), run.shared, run.rt);
        let st = Statement {
            sql: &run.sql,
            driver: run.driver,
            backslash: run.backslash,
            width: run.args.len(),
            size: size as usize,
        };
        let mut draw = |s: &mut [crate::rng::Stream], n: u32| self.generate(run.args, n, s);
        if self.partition.is_some() {
            self.measure_rows(streams, &mut draw)?;
        }
        let mut writer = Writer::open(&st, run.shared, run.rt)?;
        let mut progress = self.progress(run.label, (own.end - own.start) as i64);
        let batches = (own.end - own.start).div_ceil(size);
        let mut written = || -> Result<(), QueryError> {
            let (mut at, mut b) = (generated.start, 0);
            while at < generated.end {
                self.check_stop()?;
                // A batch ends where this partition's share does, so its rows are written alone.
                let n = size.min(edge(at, &own, generated.end) - at);
                let rows = self.rows_at(streams, at, n, &mut draw)?;
                if own.contains(&at) {
                    b += 1;
                    debug!(query = run.label, batch = format!("{b}/{batches}"), "running batch");
                    let note: Option<Note> = target
                        .as_ref()
                        .zip(self.recorder.as_ref())
                        .map(|(t, r)| (r.clone(), t.pending(run.label, &rows)));
                    writer.write(&rows, note, run.rt)?;
                    progress.add(n as i64);
                }
                if run.capture {
                    self.store_rows(run.q, run.label, &run.columns, rows, at > generated.start);
                }
                at += n;
            }
            Ok(())
        };
        let result = written();
        writer.end(result, run.shared, run.rt)?;
        self.finish_rows(streams, count);
        progress.finish();
        Ok(own.end - own.start)
    }

    /// `query_batch` (and an `exec_batch` of no rows): each batch's statements run now, their
    /// results accumulating into the query's dataset (the original kept only the last batch's).
    /// A partition runs its share of the rows.
    fn query_batches(&self, run: &Run, streams: &mut RowStreams, count: u64, size: u64) -> Result<u64, QueryError> {
        let (own, _) = self.spans(run, count);
        let mut draw = |s: &mut [crate::rng::Stream], n: u32| self.generate(run.args, n, s);
        if self.partition.is_some() && count > 0 {
            self.measure_rows(streams, &mut draw)?;
        }
        let mut progress = self.progress(run.label, (own.end - own.start) as i64);
        if let Some(name) = &run.q.name {
            self.evaluator.lock().datasets.insert(name.clone(), Arc::new(Vec::new()));
        }
        let mut at = own.start;
        while at < own.end {
            self.check_stop()?;
            let n = size.min(own.end - at);
            let rows = self.rows_at(streams, at, n, &mut draw)?;
            let statements: Vec<String> = if run.sql.contains("__values__") {
                vec![run.sql.replace("__values__", &render::values_clause(&rows, run.driver, run.backslash)?)]
            } else {
                rows.iter()
                    .map(|r| render::statement(&run.sql, r, run.driver, run.backslash))
                    .collect::<Result<_, _>>()?
            };
            for stmt in &statements {
                let result = run.rt.block_on(async { run.shared.lock().await.query(stmt).await })?;
                if let Some(name) = &run.q.name {
                    let ds = self.dataset(run.driver, &result)?;
                    let mut st = self.evaluator.lock();
                    let entry = st.datasets.entry(name.clone()).or_insert_with(|| Arc::new(Vec::new()));
                    Arc::make_mut(entry).extend(ds);
                }
            }
            at += n;
            progress.add(n as i64);
        }
        self.finish_rows(streams, count);
        progress.finish();
        Ok(own.end - own.start)
    }
}
