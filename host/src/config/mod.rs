//! edg's YAML config: `globals`, `up`, `seed`, `deseed`, `down` and friends.
//!
//! Unlike the Go original, unknown keys are errors (with file, line and a suggestion).
//! `init`, `run`, `workers`, `stages`, `run_weights` and `expectations` are `edg run`'s
//! (`workload::spec` reads them); `sync` leaves them alone.

mod load;

pub use load::{ConfigError, MAX_CONFIG_BYTES, closest, echo, load};

use indexmap::IndexMap;
use serde::Deserialize;
use std::path::PathBuf;

/// A loaded config file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub globals: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    pub expressions: IndexMap<String, String>,
    #[serde(default)]
    pub rows: IndexMap<String, Vec<serde_yaml::Value>>,
    #[serde(default)]
    pub reference: IndexMap<String, Vec<IndexMap<String, serde_yaml::Value>>>,
    #[serde(default)]
    pub seq: Vec<SeqDef>,
    #[serde(default)]
    pub plugins: Vec<PathBuf>,
    #[serde(default)]
    pub up: Vec<Query>,
    #[serde(default)]
    pub seed: Vec<Query>,
    #[serde(default)]
    pub deseed: Vec<Query>,
    #[serde(default)]
    pub down: Vec<Query>,
    #[serde(default)]
    pub init: Vec<Query>,
    /// `sync verify` settings kept with the schema they describe.
    #[serde(default)]
    pub verify: VerifyConfig,
    // Run-phase sections, read by `workload::spec` (`edg run`); sync leaves them alone.
    #[serde(default)]
    pub run: serde_yaml::Value,
    #[serde(default)]
    pub workers: serde_yaml::Value,
    #[serde(default)]
    pub stages: serde_yaml::Value,
    #[serde(default)]
    pub run_weights: serde_yaml::Value,
    #[serde(default)]
    pub expectations: serde_yaml::Value,
    /// Set by the loader: the file this config came from.
    #[serde(skip)]
    pub path: PathBuf,
}

/// What `sync verify` reads from a config given with `--source-config` / `--target-config`;
/// the command-line flags add to it and win where both name a column.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyConfig {
    /// `COLUMN` or `TABLE.COLUMN` to a normalizer rule, as `--column-rule`.
    #[serde(default)]
    pub column_rules: IndexMap<String, String>,
    /// Columns never compared, as `--ignore-columns`.
    #[serde(default)]
    pub ignore_columns: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeqDef {
    pub name: String,
    #[serde(default)]
    pub start: i64,
    #[serde(default = "one")]
    pub step: i64,
}

fn one() -> i64 {
    1
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryType {
    #[default]
    Query,
    Exec,
    ExecBatch,
    QueryBatch,
}

impl QueryType {
    pub fn is_batch(self) -> bool {
        matches!(self, QueryType::ExecBatch | QueryType::QueryBatch)
    }

    pub fn returns_rows(self) -> bool {
        matches!(self, QueryType::Query | QueryType::QueryBatch)
    }
}

/// Arguments: a YAML list is positional (`$1`, `$2`…); a map is named, bound in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Args {
    List(Vec<serde_yaml::Value>),
    Map(IndexMap<String, serde_yaml::Value>),
}

impl Default for Args {
    fn default() -> Self {
        Args::List(Vec::new())
    }
}

impl Args {
    /// (name, expression source) in binding order.
    pub fn entries(&self) -> Vec<(Option<String>, String)> {
        match self {
            Args::List(items) => items.iter().map(|v| (None, scalar_source(v))).collect(),
            Args::Map(items) => items.iter().map(|(k, v)| (Some(k.clone()), scalar_source(v))).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Args::List(v) => v.is_empty(),
            Args::Map(m) => m.is_empty(),
        }
    }
}

/// The expression text of a YAML scalar: strings are expressions, numbers and booleans literals.
pub fn scalar_source(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "nil".into(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: QueryType,
    #[serde(default)]
    pub count: Option<serde_yaml::Value>,
    #[serde(default)]
    pub size: Option<serde_yaml::Value>,
    #[serde(default)]
    pub args: Args,
    #[serde(default)]
    pub row: Option<String>,
    pub query: String,
    #[serde(default)]
    pub prepared: bool,
    #[serde(default)]
    pub wait: Option<serde_yaml::Value>,
    #[serde(default)]
    pub batch_format: Option<String>,
    #[serde(default)]
    pub print: Option<serde_yaml::Value>,
    #[serde(default)]
    pub rollback_if: Option<String>,
}

impl Query {
    /// The name used in logs and stream keys: the query's name or its position.
    pub fn label(&self, index: usize) -> String {
        self.name.clone().unwrap_or_else(|| format!("#{}", index + 1))
    }
}

/// The lifecycle sections `sync` runs, and `init`, which `edg run` runs once before its workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Up,
    Seed,
    Deseed,
    Down,
    Init,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Up => "up",
            Section::Seed => "seed",
            Section::Deseed => "deseed",
            Section::Down => "down",
            Section::Init => "init",
        }
    }
}

/// A query's `row:` names no entry of `rows:`.
#[derive(Debug, thiserror::Error)]
#[error("row {0:?} is not defined under `rows:`")]
pub struct UndefinedRow(pub String);

impl Config {
    /// A query's arguments as (name, expression source), in binding order: the `rows:` entry its
    /// `row:` names, or its `args:`.
    pub fn argument_sources(&self, q: &Query) -> Result<Vec<(Option<String>, String)>, UndefinedRow> {
        match &q.row {
            Some(row) => Ok(self
                .rows
                .get(row)
                .ok_or_else(|| UndefinedRow(row.clone()))?
                .iter()
                .map(|v| (None, scalar_source(v)))
                .collect()),
            None => Ok(q.args.entries()),
        }
    }

    /// No section with anything to run: an empty file, or one of globals only.
    pub fn is_empty(&self) -> bool {
        let list = |v: &serde_yaml::Value| v.as_sequence().is_some_and(|l| !l.is_empty());
        [&self.up, &self.seed, &self.deseed, &self.down, &self.init].iter().all(|s| s.is_empty())
            && !list(&self.run)
            && !list(&self.workers)
    }

    pub fn section(&self, s: Section) -> &[Query] {
        match s {
            Section::Up => &self.up,
            Section::Seed => &self.seed,
            Section::Deseed => &self.deseed,
            Section::Down => &self.down,
            Section::Init => &self.init,
        }
    }
}
