//! A query's arguments compiled when the config loads, with every check that needs no database:
//! the `row:` it names, each expression, a `__values__` query's row arguments, `count:` and
//! `size:`, and the datasets the expressions read.

use super::{QueryError, SECTIONS, count_value, size_value, values};
use crate::config::{Config, Query};
use crate::expr::{Compiled, Evaluator};
use std::collections::HashSet;
use tracing::debug;

/// The query's arguments, compiled and checked; an error in the expression layer's words.
pub(super) fn query(config: &Config, ev: &Evaluator, q: &Query, label: &str) -> Result<Vec<Compiled>, QueryError> {
    let sources = config.argument_sources(q).map_err(|e| QueryError::Eval(e.to_string()))?;
    let mut compiled = Vec::with_capacity(sources.len());
    for (k, (name, src)) in sources.iter().enumerate() {
        let which = name.clone().unwrap_or_else(|| format!("{}", k + 1));
        compiled.push(ev.compile(src).map_err(|source| QueryError::Argument {
            argument: format!("argument {which} ({})", crate::config::echo(src)),
            source,
        })?);
    }
    if !q.kind.is_batch() && q.query.contains("__values__") {
        values::check(&compiled, ev)?;
    }
    if q.kind.is_batch() && !q.query.contains("__values__") && sources.is_empty() {
        debug!(query = label, "batch query without arguments");
    }
    if let Some(v) = &q.count {
        count_value(ev, v).map_err(|source| QueryError::Argument { argument: "count".into(), source })?;
    }
    if let Some(v) = &q.size {
        size_value(ev, v).map_err(|source| QueryError::Argument { argument: "size".into(), source })?;
    }
    for c in &compiled {
        for name in c.datasets.iter().flatten() {
            if !dataset_names(config).any(|n| n == name) {
                let refs: Vec<&str> = dataset_names(config).collect();
                let hint =
                    crate::config::closest(name, &refs).map(|n| format!("; did you mean {n:?}?")).unwrap_or_default();
                return Err(QueryError::Eval(format!(
                    "{}: no dataset named {name:?} (a `reference:` entry or a named query){hint}",
                    crate::config::echo(&c.source)
                )));
            }
        }
    }
    Ok(compiled)
}

/// Dataset names some expression reads; None when a name is computed at run time.
pub(super) fn referenced(args: &[(crate::config::Section, Vec<Vec<Compiled>>)]) -> Option<HashSet<String>> {
    let mut referenced = Some(HashSet::new());
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
    referenced
}

/// Every dataset name this config has: its `reference:` entries and named queries.
fn dataset_names(config: &Config) -> impl Iterator<Item = &str> {
    let queries = SECTIONS.iter().flat_map(|s| config.section(*s)).chain(config.init.iter());
    config.reference.keys().map(String::as_str).chain(queries.filter_map(|q| q.name.as_deref()))
}
