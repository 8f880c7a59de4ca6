//! Generated rows and datasets: argument values row by row (or a batch per plugin call), the
//! rows a named query captures, and query results as datasets in a total order.

use super::{Prepared, QueryError};
use crate::config::Query;
use crate::driver::{Driver, Rows};
use crate::expr::{Compiled, EValue, from_host};
use crate::plugin::ColumnSpec;
use crate::render;
use std::cmp::Ordering;
use std::sync::Arc;

impl Prepared {
    /// Evaluate `rows` rows of arguments, row by row so `arg()`, `seq()` and `ref_same()` see
    /// rows in order; arguments that are a single plugin call with literal arguments are made
    /// in one call per batch, from the same stream, as are arguments of the shape `expr::plan`
    /// takes and the literal plugin calls inside other compound arguments (`expr::prefetch`):
    /// the values are identical either way.
    pub(super) fn generate(
        &self,
        args: &[Compiled],
        rows: u32,
        streams: &mut [crate::rng::Stream],
    ) -> Result<Vec<Vec<EValue>>, QueryError> {
        let argument = |k: usize, a: &Compiled| format!("argument {} ({})", k + 1, crate::config::echo(&a.source));
        let mut columns: Vec<Option<std::vec::IntoIter<EValue>>> = Vec::with_capacity(args.len());
        for (k, a) in args.iter().enumerate() {
            columns.push(match &a.batch {
                Some((name, cargs)) => Some(
                    self.evaluator
                        .eval_batch(name, cargs, rows, &mut streams[k])
                        .map_err(|e| QueryError::Argument { argument: argument(k, a), source: e.into() })?
                        .into_iter(),
                ),
                None => {
                    a.plan.as_ref().and_then(|p| self.evaluator.eval_plan(p, rows, &mut streams[k])).map(Vec::into_iter)
                }
            });
        }
        // Other compound arguments with literal plugin calls: those calls once per batch, by seed.
        let mut memos: Vec<Option<crate::expr::Memo>> = args
            .iter()
            .enumerate()
            .map(|(k, a)| {
                (columns[k].is_none() && !a.prefetch.is_empty()).then(|| self.evaluator.prefetch(a, rows, &streams[k]))
            })
            .collect();
        let mut out = Vec::with_capacity(rows as usize);
        for _ in 0..rows {
            self.evaluator.lock().start_row();
            let mut row = Vec::with_capacity(args.len());
            for (k, a) in args.iter().enumerate() {
                let v = match &mut columns[k] {
                    Some(col) => {
                        let v = col.next().unwrap_or(EValue::Nil);
                        self.evaluator.lock().row_args.push(v.clone());
                        v
                    }
                    None => self
                        .evaluator
                        .eval_arg_memo(a, &mut streams[k], &mut memos[k])
                        .map_err(|source| QueryError::Argument { argument: argument(k, a), source })?,
                };
                row.push(v);
            }
            out.push(row);
        }
        Ok(out)
    }

    /// Keep generated rows as the query's dataset: under its name, or its label when only a
    /// partition's regenerated dataset reads them.
    pub(super) fn store_rows(&self, q: &Query, label: &str, columns: &[String], rows: Vec<Vec<EValue>>, append: bool) {
        let name = q.name.clone().unwrap_or_else(|| label.to_string());
        let new_rows = rows.into_iter().map(|r| crate::expr::EValue::Map(columns.iter().cloned().zip(r).collect()));
        let mut st = self.evaluator.lock();
        let entry = st.datasets.entry(name).or_insert_with(|| Arc::new(Vec::new()));
        if !append {
            *entry = Arc::new(Vec::new());
        }
        // In place: the Arc is unique between queries, so make_mut does not copy.
        Arc::make_mut(entry).extend(new_rows);
    }

    /// Query results as a dataset (see `dataset`).
    pub(super) fn dataset(&self, driver: Driver, rows: &Rows) -> Result<Vec<EValue>, QueryError> {
        dataset(&self.evaluator, driver, rows)
    }
}

/// Query results as a dataset: values canonicalised by the side's normalizer (so MySQL's text
/// "620" is the integer 620, as on PostgreSQL), column names lower-cased, rows sorted. Sorting
/// makes `ref_*` picks independent of the engine's scan order: `SELECT id FROM users` without
/// ORDER BY gives the same dataset on every engine.
pub fn dataset(evaluator: &crate::expr::Evaluator, driver: Driver, rows: &Rows) -> Result<Vec<EValue>, QueryError> {
    let mut columns: Vec<Vec<crate::value::Value>> = vec![Vec::with_capacity(rows.rows.len()); rows.columns.len()];
    for row in &rows.rows {
        for (c, v) in row.iter().enumerate() {
            columns[c].push(v.clone());
        }
    }
    let mut normalized = Vec::with_capacity(columns.len());
    {
        let mut st = evaluator.lock();
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

/// edg's batch expansion: an argument whose value is a list of rows (`batch(n)`, `gen_batch`,
/// `ref_each(…)`) runs the statement once per row, over the cartesian product when several
/// arguments do (the last such argument varies fastest). Each row contributes **all its
/// columns** as consecutive values: `ref_each('SELECT id, tenant FROM p')` then `n` binds
/// `$1 = id`, `$2 = tenant`, `$3 = n`. Scalar arguments keep their place.
pub fn expand(row: Vec<EValue>) -> Vec<Vec<EValue>> {
    let is_rows = |v: &EValue| matches!(v, EValue::Array(items) if items.iter().all(|i| matches!(i, EValue::Array(_))));
    if !row.iter().any(is_rows) {
        return vec![row];
    }
    let mut out: Vec<Vec<EValue>> = vec![Vec::new()];
    for v in row {
        let choices: Vec<Vec<EValue>> = match v {
            EValue::Array(items) if items.iter().all(|i| matches!(i, EValue::Array(_))) => items
                .into_iter()
                .map(|i| match i {
                    EValue::Array(columns) => columns,
                    other => vec![other],
                })
                .collect(),
            other => vec![vec![other]],
        };
        out = out
            .into_iter()
            .flat_map(|prefix| {
                choices.iter().map(move |c| {
                    let mut p = prefix.clone();
                    p.extend(c.iter().cloned());
                    p
                })
            })
            .collect();
    }
    out
}

pub(super) fn capture_columns(sql: &str, q: &Query, n: usize) -> Vec<String> {
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
pub(super) fn order(a: &EValue, b: &EValue) -> Ordering {
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
