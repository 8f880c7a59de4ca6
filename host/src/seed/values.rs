//! A query that is not a batch but writes `__values__` (`INSERT INTO customer (email) __values__`
//! with `gen_batch(…)`, `batch(n)` or `ref_each(…)` among its arguments): the rows the arguments
//! yield become multi-row `VALUES (…), (…)`, each row's values in argument order, written the
//! way `exec_batch` writes its batches (COPY, bound multi-row inserts or literal statements).
//!
//! `gen_batch(total, size, pattern)` gives one statement per `size` rows, generated batch by
//! batch (memory O(size)) from the argument's stream, exactly as `exec_batch` draws
//! `gen(pattern)`. `batch(n)` and `ref_each(…)` give every row of their cartesian product, in
//! statements of `CHUNK` rows. Scalar arguments are evaluated once and repeat in every row.

use super::blocks::{RowStreams, edge};
use super::query::Run;
use super::rows::expand;
use super::write::{Note, Statement, Writer};
use super::{Prepared, QueryError, count_value, size_value};
use crate::expr::{Compiled, EValue, Evaluator};
use crate::render;
use crate::value::Value;
use std::sync::Arc;

/// Rows, and the index of the first one among the query's rows.
type Chunk = (u64, Vec<Vec<EValue>>);

/// Rows per statement when the rows come from `batch(n)` or `ref_each(…)`.
const CHUNK: usize = 1000;
/// Functions whose value is a list of rows (edg's batch expansion).
const ROW_FUNCTIONS: [&str; 3] = ["gen_batch", "batch", "ref_each"];

/// A `gen_batch(total, size, pattern)` argument: its count and size as `count:` and `size:`
/// take theirs, its pattern compiled.
pub(super) struct GenBatch {
    total: serde_yaml::Value,
    size: serde_yaml::Value,
    pattern: Compiled,
}

/// One `gen_batch` argument as it runs: where it sits, and its pattern.
struct Drawn {
    at: usize,
    pattern: String,
}

/// Per argument, its `gen_batch` parts when it is one `gen_batch(…)` call. A query whose rows
/// come from `gen_batch` cannot also take rows from `batch` or `ref_each` (which rows would
/// pair with which is not something a reader of the config could tell).
pub(super) fn gen_batches(args: &[Compiled], ev: &Evaluator) -> Result<Vec<Option<GenBatch>>, QueryError> {
    let mut out = Vec::with_capacity(args.len());
    for (k, a) in args.iter().enumerate() {
        out.push(match &a.call {
            Some((name, parts)) if name == "gen_batch" && parts.len() == 3 => {
                let pattern = ev.compile(&parts[2]).map_err(|source| QueryError::Argument {
                    argument: format!("argument {} ({})", k + 1, a.source),
                    source,
                })?;
                let source = |i: usize| serde_yaml::Value::String(parts[i].clone());
                Some(GenBatch { total: source(0), size: source(1), pattern })
            }
            _ => None,
        });
    }
    if out.iter().any(Option::is_some)
        && let Some((k, a)) = args
            .iter()
            .enumerate()
            .find(|(k, a)| out[*k].is_none() && a.functions.iter().any(|f| ROW_FUNCTIONS.contains(&f.as_str())))
    {
        return Err(QueryError::Eval(format!(
            "argument {} ({}): a __values__ query takes its rows from gen_batch(…) or from batch(…)/ref_each(…), \
             not both",
            k + 1,
            a.source
        )));
    }
    Ok(out)
}

/// The rows the `gen_batch` arguments give: their common total and size, and each one's pattern
/// (checked by the faker, with no rows drawn). Run when the config loads, so a bad total, size or
/// pattern fails before anything is written, and again when the query runs.
fn shape(args: &[Compiled], gens: &[Option<GenBatch>], ev: &Evaluator) -> Result<(i64, i64, Vec<Drawn>), QueryError> {
    let (mut drawn, mut shape) = (Vec::new(), None::<(i64, i64)>);
    for (k, (a, g)) in args.iter().zip(gens).enumerate() {
        let Some(g) = g else { continue };
        let argument = format!("argument {} ({})", k + 1, crate::config::echo(&a.source));
        let bad = |what: &str| {
            let argument = format!("{argument}: gen_batch {what}");
            move |source| QueryError::Argument { argument, source }
        };
        let total = count_value(ev, &g.total).map_err(bad("total"))?;
        let size = size_value(ev, &g.size).map_err(bad("size"))?;
        if shape.is_some_and(|s| s != (total, size)) {
            return Err(QueryError::Eval(format!(
                "{argument}: every gen_batch of one query needs the same total and size"
            )));
        }
        shape = Some((total, size));
        let pattern = crate::expr::plain(&ev.eval(&g.pattern).map_err(bad("pattern"))?);
        let mut scratch = crate::rng::stream(0, "check", "gen", 0);
        ev.eval_batch("gen", &[Value::Text(pattern.clone())], 0, &mut scratch).map_err(|e| bad("pattern")(e.into()))?;
        drawn.push(Drawn { at: k, pattern });
    }
    let (total, size) = shape.ok_or_else(|| QueryError::Eval("no gen_batch argument".into()))?;
    Ok((total, size, drawn))
}

/// Check a non-batch `__values__` query's row arguments when the config loads.
pub(super) fn check(args: &[Compiled], ev: &Evaluator) -> Result<(), QueryError> {
    let gens = gen_batches(args, ev)?;
    if gens.iter().any(Option::is_some) {
        shape(args, &gens, ev)?;
    }
    Ok(())
}

impl Prepared {
    /// Run a non-batch `__values__` query (see the module's comment). A partition writes its
    /// share of the rows.
    pub(super) fn run_values(&self, run: &Run, streams: &mut RowStreams) -> Result<u64, QueryError> {
        let gens = gen_batches(run.args, &self.evaluator)?;
        if gens.iter().any(Option::is_some) {
            return self.values_from_gen_batch(run, streams, &gens);
        }
        self.load_ref_each(run)?;
        let row = self.generate(run.args, 1, streams.first())?.pop().unwrap_or_default();
        let rows = expand(row);
        let width = rows.first().map_or(0, Vec::len);
        let total = rows.len() as u64;
        let (own, generated) = self.spans(run, total);
        let mut rows = rows.into_iter().skip(generated.start as usize);
        let mut at = generated.start;
        let mut next = || -> Result<Option<Chunk>, QueryError> {
            if at >= generated.end {
                return Ok(None);
            }
            let n = (CHUNK as u64).min(edge(at, &own, generated.end) - at);
            let chunk: Vec<_> = rows.by_ref().take(n as usize).collect();
            at += n;
            Ok(Some((at - n, chunk)))
        };
        self.write_values(run, (width, CHUNK), &own, &mut next)
    }

    /// `gen_batch` rows: the scalars once, then each batch of `size` drawn and written.
    fn values_from_gen_batch(
        &self,
        run: &Run,
        streams: &mut RowStreams,
        gens: &[Option<GenBatch>],
    ) -> Result<u64, QueryError> {
        let (total, size, drawn) = shape(run.args, gens, &self.evaluator)?;
        // The scalars once, left to right; a gen_batch's place in `arg()` order holds nil.
        let mut fixed = Vec::with_capacity(run.args.len());
        self.evaluator.lock().start_row();
        for (k, (a, g)) in run.args.iter().zip(gens).enumerate() {
            let v = match g {
                Some(_) => {
                    self.evaluator.lock().row_args.push(EValue::Nil);
                    EValue::Nil
                }
                None => self.evaluator.eval_arg(a, &mut streams.first()[k]).map_err(|source| QueryError::Argument {
                    argument: format!("argument {} ({})", k + 1, crate::config::echo(&a.source)),
                    source,
                })?,
            };
            fixed.push(v);
        }
        let mut draw = |s: &mut [crate::rng::Stream], n: u32| -> Result<Vec<Vec<EValue>>, QueryError> {
            let mut rows = vec![fixed.clone(); n as usize];
            for d in &drawn {
                let values = self
                    .evaluator
                    .eval_batch("gen", &[Value::Text(d.pattern.clone())], n, &mut s[d.at])
                    .map_err(QueryError::Plugin)?;
                for (row, v) in rows.iter_mut().zip(values) {
                    row[d.at] = v;
                }
            }
            Ok(rows)
        };
        let (own, generated) = self.spans(run, total as u64);
        let mut at = generated.start;
        let mut next = || -> Result<Option<Chunk>, QueryError> {
            if at >= generated.end {
                return Ok(None);
            }
            let n = (size as u64).min(edge(at, &own, generated.end) - at);
            let rows = self.rows_at(streams, at, n, &mut draw)?;
            at += n;
            Ok(Some((at - n, rows)))
        };
        self.write_values(run, (run.args.len(), size as usize), &own, &mut next)
    }

    /// Write the rows `next` yields (with the index of their first row), a statement (batch) at
    /// a time, those in `own` only: through the query's sink, or, for a named `query`, as
    /// literal statements whose results become the query's dataset. `shape`: values per row,
    /// rows per batch at most. Returns the rows written.
    fn write_values(
        &self,
        run: &Run,
        (width, size): (usize, usize),
        own: &std::ops::Range<u64>,
        mut next: impl FnMut() -> Result<Option<Chunk>, QueryError>,
    ) -> Result<u64, QueryError> {
        let count = own.end - own.start;
        let mut progress = self.progress(run.label, count as i64);
        // A named `query` (the Go configs' default type) reads results only when the statement
        // has any: an INSERT … RETURNING, or no INSERT. A plain INSERT takes the bulk paths.
        let upper = run.sql.to_ascii_uppercase();
        let results = render::insert_table(&run.sql).is_none() || upper.contains("RETURNING");
        if let (true, true, Some(name)) = (run.q.kind.returns_rows(), results, &run.q.name) {
            let mut results = Vec::new();
            while let Some((at, rows)) = next()? {
                if !own.contains(&at) {
                    continue;
                }
                let stmt = run.sql.replace("__values__", &render::values_clause(&rows, run.driver, run.backslash)?);
                let got = run.rt.block_on(async { run.shared.lock().await.query(&stmt).await })?;
                results.extend(self.dataset(run.driver, &got)?);
                progress.add(rows.len() as i64);
            }
            self.evaluator.lock().datasets.insert(name.clone(), Arc::new(results));
            progress.finish();
            return Ok(count);
        }
        let columns = super::rows::capture_columns(&run.sql, run.q, width);
        let target = self.manifest_target(&run.sql, width, run.shared, run.rt);
        let st = Statement { sql: &run.sql, driver: run.driver, backslash: run.backslash, width, size };
        let mut writer = Writer::open(&st, run.shared, run.rt)?;
        let mut written = || -> Result<(), QueryError> {
            let mut first = true;
            while let Some((at, rows)) = next()? {
                self.check_stop()?;
                if own.contains(&at) {
                    let note: Option<Note> = target
                        .as_ref()
                        .zip(self.recorder.as_ref())
                        .map(|(t, r)| (r.clone(), t.pending(run.label, &rows)));
                    writer.write(&rows, note, run.rt)?;
                    progress.add(rows.len() as i64);
                }
                if run.capture {
                    self.store_rows(run.q, run.label, &columns, rows, !first);
                }
                first = false;
            }
            Ok(())
        };
        let result = written();
        writer.end(result, run.shared, run.rt)?;
        progress.finish();
        Ok(count)
    }
}
