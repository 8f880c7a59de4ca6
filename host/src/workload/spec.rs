//! A config's run-phase sections, typed and checked before anything runs: `run` items (queries
//! and `transaction:` groups with `locals` and `rollback_if`), `run_weights`, background
//! `workers` with `rate: TIMES/INTERVAL`, `stages` and `expectations`. Every mistake the Go edg
//! finds at load time, and those it finds only at run time or never (`rate: 0/1s`, a weight for
//! no item, a transaction on an engine without them), is one line naming the config and the item.

use crate::config::{Config, Query};
use serde_yaml::Value as Y;
use std::time::Duration;

/// Metric names an expectation reads; a global of the same name would hide one.
pub const METRICS: &[&str] = &["success_count", "total_errors", "error_rate", "tpm"];

/// A mistake in the run-phase sections, in one line naming the item.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// Which config: wraps every other case once `read` knows the file.
    #[error("{file}: {source}")]
    InFile {
        file: String,
        #[source]
        source: Box<SpecError>,
    },
    /// A section, item or field of the wrong shape, an unknown key, a missing name.
    #[error("{0}")]
    Invalid(String),
    /// A run item or worker that does not read as a query.
    #[error("{at}: {source}")]
    Query {
        at: String,
        #[source]
        source: serde_yaml::Error,
    },
    #[error("{at}: {source}")]
    Rate {
        at: String,
        #[source]
        source: RateError,
    },
}

/// Why a `rate:` (`TIMES/INTERVAL`, or a stage's `OPS/s`) is not one.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error("expected TIMES/INTERVAL, e.g. 1/10s")]
    NoSlash,
    #[error("{0:?} is not a whole number")]
    NotWhole(String),
    #[error("TIMES must be at least 1 (0 would never run)")]
    ZeroTimes,
    /// The interval's duration, in the duration parser's words.
    #[error("{0}")]
    Interval(String),
    #[error("INTERVAL must be longer than 0")]
    ZeroInterval,
    #[error("{0:?} is not OPS/s")]
    NotOps(String),
    #[error("{0:?}: the rate must be more than 0 operations per second")]
    NotPositive(String),
}

#[derive(Debug)]
pub struct Workload {
    pub items: Vec<Item>,
    /// (item index, weight) for the items `run_weights` names; empty: every item, in order.
    pub weights: Vec<(usize, u64)>,
    pub background: Vec<Background>,
    pub stages: Vec<Stage>,
    pub expectations: Vec<Expectation>,
}

#[derive(Debug)]
pub enum Item {
    Query(Box<Query>),
    Transaction(Transaction),
}

#[derive(Debug)]
pub struct Transaction {
    pub name: String,
    /// Evaluated once at BEGIN, in the order written; read with `local('name')`.
    pub locals: Vec<(String, String)>,
    pub steps: Vec<Step>,
    /// Think time after the transaction.
    pub wait: Option<Duration>,
}

#[derive(Debug)]
pub enum Step {
    Query(Box<Query>),
    /// Roll back (not an error) when the expression is true.
    RollbackIf(String),
}

/// A query run in the background at a fixed rate, across all stages.
#[derive(Debug)]
pub struct Background {
    pub query: Query,
    /// Time between runs: the rate's interval over its times.
    pub every: Duration,
    pub rate: String,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub workers: u32,
    pub duration: Duration,
    /// Open-loop target, operations per second across the stage's workers.
    pub rate: Option<f64>,
}

#[derive(Debug)]
pub struct Expectation {
    /// SQL run after the workload; its first row's columns are names in `expr`.
    pub query: Option<String>,
    pub expr: String,
}

impl Item {
    pub fn name(&self) -> Option<&str> {
        match self {
            Item::Query(q) => q.name.as_deref(),
            Item::Transaction(t) => Some(&t.name),
        }
    }

    /// The name the statistics use: the item's name, or its position.
    pub fn label(&self, index: usize) -> String {
        self.name().map_or_else(|| format!("#{}", index + 1), str::to_string)
    }
}

impl Workload {
    /// Whether the config has a workload at all (`edg all` skips the run otherwise).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.background.is_empty()
    }

    pub fn has_transactions(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::Transaction(_)))
    }
}

/// Read and check the run-phase sections of `config`.
pub fn read(config: &Config) -> Result<Workload, SpecError> {
    let file = config.path.display().to_string();
    let err = |source: SpecError| SpecError::InFile { file: file.clone(), source: Box::new(source) };
    let items: Vec<Item> = list(&config.run, "run")
        .map_err(err)?
        .iter()
        .enumerate()
        .map(|(i, v)| item(i, v))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    check_names(&items).map_err(err)?;
    let weights = weights(&config.run_weights, &items).map_err(err)?;
    let background = list(&config.workers, "workers")
        .map_err(err)?
        .iter()
        .enumerate()
        .map(|(i, v)| background(i, v))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let stages = list(&config.stages, "stages")
        .map_err(err)?
        .iter()
        .enumerate()
        .map(|(i, v)| stage(i, v))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let expectations = list(&config.expectations, "expectations")
        .map_err(err)?
        .iter()
        .enumerate()
        .map(|(i, v)| expectation(i, v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    if !expectations.is_empty()
        && let Some(g) = config.globals.keys().find(|g| METRICS.contains(&g.as_str()))
    {
        return Err(err(SpecError::Invalid(format!(
            "global {g:?} hides the expectation metric of the same name; rename the global"
        ))));
    }
    Ok(Workload { items, weights, background, stages, expectations })
}

/// A section that is a list (or absent).
fn list<'a>(v: &'a Y, section: &str) -> Result<&'a [Y], SpecError> {
    match v {
        Y::Null => Ok(&[]),
        Y::Sequence(items) => Ok(items),
        _ => Err(SpecError::Invalid(format!("`{section}:` must be a list"))),
    }
}

fn query(v: &Y, what: &str) -> Result<Query, SpecError> {
    serde_yaml::from_value::<Query>(v.clone()).map_err(|source| SpecError::Query { at: what.to_string(), source })
}

fn item(i: usize, v: &Y) -> Result<Item, SpecError> {
    let Some(map) = v.as_mapping() else {
        return Err(SpecError::Invalid(format!("run item {}: must be a query or a transaction", i + 1)));
    };
    if !map.contains_key("transaction") {
        let q = query(v, &format!("run item {}", i + 1))?;
        if q.rollback_if.is_some() {
            return Err(SpecError::Invalid(format!(
                "run item {}: rollback_if belongs inside a transaction's queries",
                i + 1
            )));
        }
        return Ok(Item::Query(Box::new(q)));
    }
    let name = map.get("transaction").and_then(Y::as_str).unwrap_or("").to_string();
    let what = format!("run transaction {} ({name})", i + 1);
    if name.is_empty() {
        return Err(SpecError::Invalid(format!("run transaction {}: `transaction:` must be its name", i + 1)));
    }
    for key in map.keys() {
        let k = key.as_str().unwrap_or("");
        if !["transaction", "locals", "queries", "wait"].contains(&k) {
            return Err(SpecError::Invalid(format!(
                "{what}: unknown key {k:?} (a transaction has transaction, locals, queries, wait)"
            )));
        }
    }
    let locals: Vec<(String, String)> = match map.get("locals") {
        None | Some(Y::Null) => Vec::new(),
        Some(Y::Mapping(m)) => {
            m.iter().map(|(k, v)| (k.as_str().unwrap_or("").to_string(), crate::config::scalar_source(v))).collect()
        }
        Some(_) => return Err(SpecError::Invalid(format!("{what}: `locals:` must map names to expressions"))),
    };
    let steps: Vec<Step> = list(map.get("queries").unwrap_or(&Y::Null), "queries")
        .map_err(|e| SpecError::Invalid(format!("{what}: {e}")))?
        .iter()
        .enumerate()
        .map(|(j, s)| step(&what, j, s))
        .collect::<Result<_, _>>()?;
    if !steps.iter().any(|s| matches!(s, Step::Query(_))) {
        return Err(SpecError::Invalid(format!("{what}: must contain at least one query")));
    }
    for (l, _) in &locals {
        if steps.iter().any(|s| matches!(s, Step::Query(q) if q.name.as_deref() == Some(l))) {
            return Err(SpecError::Invalid(format!("{what}: local {l:?} shadows a query of the same name")));
        }
    }
    let wait = map.get("wait").map(|w| duration(w, &format!("{what}: wait"))).transpose()?;
    Ok(Item::Transaction(Transaction { name, locals, steps, wait }))
}

fn step(what: &str, j: usize, v: &Y) -> Result<Step, SpecError> {
    let at = format!("{what}: query {}", j + 1);
    if let Some(m) = v.as_mapping()
        && let Some(cond) = m.get("rollback_if")
    {
        if m.len() > 1 {
            return Err(SpecError::Invalid(format!(
                "{at}: a rollback_if element must not have name, type, args or query"
            )));
        }
        return Ok(Step::RollbackIf(crate::config::scalar_source(cond)));
    }
    let q = query(v, &at)?;
    let label = q.name.clone().unwrap_or_default();
    if q.kind.is_batch() {
        return Err(SpecError::Invalid(format!("{at} ({label}): a batch type cannot run inside a transaction")));
    }
    if q.prepared {
        return Err(SpecError::Invalid(format!(
            "{at} ({label}): prepared statements cannot be used inside a transaction"
        )));
    }
    Ok(Step::Query(Box::new(q)))
}

fn check_names(items: &[Item]) -> Result<(), SpecError> {
    let mut seen = std::collections::HashSet::new();
    for (i, it) in items.iter().enumerate() {
        if let Some(n) = it.name()
            && !seen.insert(n.to_string())
        {
            return Err(SpecError::Invalid(format!("duplicate name {n:?} in run (item {})", i + 1)));
        }
    }
    Ok(())
}

fn weights(v: &Y, items: &[Item]) -> Result<Vec<(usize, u64)>, SpecError> {
    let map = match v {
        Y::Null => return Ok(Vec::new()),
        Y::Mapping(m) => m,
        _ => return Err(SpecError::Invalid("`run_weights:` must map run item names to weights".into())),
    };
    if let Some(i) = items.iter().position(|it| it.name().is_none()) {
        return Err(SpecError::Invalid(format!("run item {} has no name, which run_weights needs", i + 1)));
    }
    let names: Vec<&str> = items.iter().filter_map(Item::name).collect();
    let mut out = Vec::new();
    for (k, w) in map {
        let name = k.as_str().unwrap_or("");
        let Some(at) = names.iter().position(|n| *n == name) else {
            let hint =
                crate::config::closest(name, &names).map(|c| format!("; did you mean {c:?}?")).unwrap_or_default();
            return Err(SpecError::Invalid(format!("run_weights names {name:?}, which is no run item{hint}")));
        };
        let weight = w
            .as_u64()
            .ok_or_else(|| SpecError::Invalid(format!("run_weights: {name}: a weight is a whole number, 0 or more")))?;
        out.push((at, weight));
    }
    out.sort_by_key(|(at, _)| *at);
    Ok(out)
}

fn background(i: usize, v: &Y) -> Result<Background, SpecError> {
    let mut v = v.clone();
    let rate = v.as_mapping_mut().and_then(|m| m.remove("rate"));
    let q = query(&v, &format!("worker {}", i + 1))?;
    let name = q.name.clone().ok_or_else(|| SpecError::Invalid(format!("worker {} has no name", i + 1)))?;
    let rate_text = match rate {
        Some(Y::String(s)) => s,
        Some(other) => crate::config::scalar_source(&other),
        None => {
            return Err(SpecError::Invalid(format!("worker {} ({name}): rate is missing (e.g. rate: 3/1m)", i + 1)));
        }
    };
    let every = parse_rate(&rate_text)
        .map_err(|source| SpecError::Rate { at: format!("worker {} ({name}): rate {rate_text:?}", i + 1), source })?;
    Ok(Background { query: q, every, rate: rate_text })
}

/// `TIMES/INTERVAL` (`3/1m`: every 20 s) as the time between runs.
pub fn parse_rate(text: &str) -> Result<Duration, RateError> {
    let (times, interval) = text.split_once('/').ok_or(RateError::NoSlash)?;
    let times: u64 = times.trim().parse().map_err(|_| RateError::NotWhole(times.to_string()))?;
    if times == 0 {
        return Err(RateError::ZeroTimes);
    }
    let interval = crate::cli::parse_duration(interval.trim()).map_err(RateError::Interval)?;
    if interval.is_zero() {
        return Err(RateError::ZeroInterval);
    }
    Ok(interval / times as u32)
}

fn stage(i: usize, v: &Y) -> Result<Stage, SpecError> {
    let at = format!("stage {}", i + 1);
    let m = v.as_mapping().ok_or_else(|| SpecError::Invalid(format!("{at}: must be {{name, workers, duration}}")))?;
    for key in m.keys() {
        let k = key.as_str().unwrap_or("");
        if !["name", "workers", "duration", "rate"].contains(&k) {
            return Err(SpecError::Invalid(format!(
                "{at}: unknown key {k:?} (a stage has name, workers, duration, rate)"
            )));
        }
    }
    let name = m.get("name").and_then(Y::as_str).map_or_else(|| format!("stage{}", i + 1), str::to_string);
    let at = format!("{at} ({name})");
    let workers = match m.get("workers") {
        None => 1,
        Some(w) => w
            .as_u64()
            .filter(|w| (1..=10_000).contains(w))
            .ok_or_else(|| SpecError::Invalid(format!("{at}: workers must be 1 to 10000")))? as u32,
    };
    let duration = duration(
        m.get("duration").ok_or_else(|| SpecError::Invalid(format!("{at}: duration is missing")))?,
        &format!("{at}: duration"),
    )?;
    if duration.is_zero() {
        return Err(SpecError::Invalid(format!("{at}: duration must be longer than 0")));
    }
    let rate = m
        .get("rate")
        .map(|r| {
            parse_ops(&crate::config::scalar_source(r))
                .map_err(|source| SpecError::Rate { at: format!("{at}: rate"), source })
        })
        .transpose()?;
    Ok(Stage { name, workers, duration, rate })
}

/// A target rate in operations per second: `500`, `500/s`, `30000/1m`.
pub fn parse_ops(text: &str) -> Result<f64, RateError> {
    let (n, per) = text.split_once('/').map_or((text, None), |(n, p)| (n, Some(p)));
    let n: f64 = n.trim().parse().map_err(|_| RateError::NotOps(text.to_string()))?;
    let per = match per.map(str::trim) {
        None | Some("s") => 1.0,
        Some(p) => crate::cli::parse_duration(p).map_err(RateError::Interval)?.as_secs_f64(),
    };
    let ops = n / per;
    if !ops.is_finite() || ops <= 0.0 {
        return Err(RateError::NotPositive(text.to_string()));
    }
    Ok(ops)
}

fn expectation(i: usize, v: &Y) -> Result<Expectation, SpecError> {
    match v {
        Y::String(s) => Ok(Expectation { query: None, expr: s.clone() }),
        Y::Mapping(m) => {
            let get = |k: &str| m.get(k).and_then(Y::as_str).map(str::to_string);
            let expr =
                get("expr").ok_or_else(|| SpecError::Invalid(format!("expectation {}: expr is missing", i + 1)))?;
            if m.keys().any(|k| !matches!(k.as_str(), Some("query" | "expr"))) {
                return Err(SpecError::Invalid(format!("expectation {}: an expectation has query and expr", i + 1)));
            }
            Ok(Expectation { query: get("query"), expr })
        }
        _ => Err(SpecError::Invalid(format!("expectation {}: an expression, or {{query, expr}}", i + 1))),
    }
}

/// A Go duration (`500ms`, `1m30s`) from a config value.
fn duration(v: &Y, what: &str) -> Result<Duration, SpecError> {
    let text = crate::config::scalar_source(v);
    crate::cli::parse_duration(&text).map_err(|e| SpecError::Invalid(format!("{what} {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        let mut c: Config = serde_yaml::from_str(yaml).unwrap();
        c.path = "w.yaml".into();
        c
    }

    #[test]
    fn mistakes_are_one_line_naming_the_item() {
        let cases = [
            ("run:\n  - transaction: t\n    queries: []\n", "run transaction 1 (t): must contain at least one query"),
            (
                "run:\n  - transaction: t\n    queries:\n      - name: b\n        type: exec_batch\n        query: x\n",
                "cannot run inside a transaction",
            ),
            (
                "run:\n  - transaction: t\n    queries:\n      - rollback_if: x\n        query: y\n",
                "a rollback_if element must not have",
            ),
            (
                "run:\n  - transaction: t\n    locals:\n      a: 1\n    queries:\n      - name: a\n        query: x\n",
                "local \"a\" shadows",
            ),
            (
                "run:\n  - name: a\n    query: x\nrun_weights:\n  b: 1\n",
                "run_weights names \"b\", which is no run item",
            ),
            ("workers:\n  - name: w\n    rate: 0/1s\n    query: x\n", "TIMES must be at least 1"),
            ("workers:\n  - name: w\n    query: x\n", "rate is missing"),
            ("stages:\n  - name: s\n    workers: 0\n    duration: 1s\n", "workers must be 1 to 10000"),
            ("run:\n  - name: a\n    query: x\n  - name: a\n    query: y\n", "duplicate name \"a\""),
            ("globals:\n  tpm: 1\nexpectations:\n  - tpm > 0\n", "hides the expectation metric"),
        ];
        for (yaml, expected) in cases {
            let e = read(&config(yaml)).unwrap_err().to_string();
            assert!(e.starts_with("w.yaml: ") && e.contains(expected), "{yaml}: {e}");
        }
        assert_eq!(parse_rate("3/1m").unwrap(), Duration::from_secs(20));
        assert_eq!(parse_ops("30000/1m").unwrap(), 500.0);
        assert!(parse_ops("0/s").is_err());
    }
}
