//! `sync run --manifest`: what the source was given and when each batch committed, so that
//! `sync verify --converge --manifest` measures time to consistency from each row's commit.

mod merge;

pub use merge::merge;

use crate::expr::EValue;
use crate::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// The version of the manifest's shape; a reader refuses others.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("--manifest {path}: {message}")]
    Read { path: String, message: String },
    /// A partition's manifest given to `sync run merge`.
    #[error("{path}: {message}")]
    Part { path: String, message: String },
    #[error("--manifest {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub started_at_unix_ms: u64,
    pub finished_at_unix_ms: u64,
    /// Per table (as the INSERT names it), the `exec_batch` writes.
    pub tables: BTreeMap<String, TableManifest>,
    /// `--partition I/N`: which share of which seed this run wrote (absent for a whole run,
    /// and in what `sync run merge` combines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<SeedPartition>,
}

/// What makes partitions' manifests parts of one seed: the same N, seed and configs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedPartition {
    pub index: u32,
    pub count: u32,
    pub rng_seed: u64,
    /// SHA-256 of the configs the run's sides ran, in side order.
    pub configs_sha256: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TableManifest {
    pub rows: u64,
    pub last_commit_unix_ms: u64,
    /// The primary key's columns when every batch's key range is known; empty otherwise.
    #[serde(default)]
    pub key_columns: Vec<String>,
    pub batches: Vec<BatchRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchRecord {
    pub query: String,
    pub rows: u64,
    pub committed_at_unix_ms: u64,
    /// The smallest and largest primary key in the batch (numbers or text), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_min: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_max: Option<Vec<serde_json::Value>>,
}

/// `path` can be written later: its directory exists and it is not a directory itself.
/// Whether the manifest can be written after seeding, and is none of `inputs` (a database file
/// or a config it would overwrite).
pub fn check_writable(path: &Path, inputs: &[&Path]) -> Result<(), ManifestError> {
    let err = |message: String| ManifestError::Read { path: path.display().to_string(), message };
    if let Some(input) = inputs.iter().find(|i| crate::files::same_file(path, i)) {
        return Err(err(format!("is {}, which the run reads or writes; name another file", input.display())));
    }
    crate::files::check_writable(path).map_err(|e| err(e.to_string()))
}

pub fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest, ManifestError> {
        let err = |message: String| ManifestError::Read { path: path.display().to_string(), message };
        let text =
            crate::files::read_bounded(path, crate::files::MAX_DOCUMENT_BYTES).map_err(|e| err(e.to_string()))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| err(format!("not an edg manifest: {e}")))?;
        if m.schema_version != SCHEMA_VERSION {
            return Err(err(format!(
                "schema_version {} is not {SCHEMA_VERSION} (written by another edg version)",
                m.schema_version
            )));
        }
        Ok(m)
    }

    /// Write the manifest to `path`, replacing it whole.
    pub fn write(&self, path: &Path) -> Result<(), ManifestError> {
        let text = serde_json::to_string_pretty(self).expect("a manifest serialises");
        crate::files::write_replacing(path, &(text + "\n"))
            .map_err(|source| ManifestError::Write { path: path.display().to_string(), source })
    }

    pub fn table(&self, name: &str) -> Option<&TableManifest> {
        self.tables.get(name).or_else(|| self.tables.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
    }
}

fn json_key(v: &serde_json::Value) -> Option<Value> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
        serde_json::Value::String(s) => Some(Value::Text(s.clone())),
        _ => None,
    }
}

impl TableManifest {
    /// When the row with this key committed: the latest batch whose key range holds it, or the
    /// table's last commit where no range does (keys the server assigned, or not recorded).
    pub fn commit_of(&self, key: &[Value]) -> u64 {
        let within = |b: &BatchRecord| -> Option<bool> {
            let lo: Vec<Value> = b.key_min.as_ref()?.iter().map(json_key).collect::<Option<_>>()?;
            let hi: Vec<Value> = b.key_max.as_ref()?.iter().map(json_key).collect::<Option<_>>()?;
            Some(crate::key::cmp_key(&lo, key).is_le() && crate::key::cmp_key(key, &hi).is_le())
        };
        self.batches
            .iter()
            .filter(|b| within(b) == Some(true))
            .map(|b| b.committed_at_unix_ms)
            .max()
            .unwrap_or(self.last_commit_unix_ms)
    }
}

/// A batch about to be written: where, and its key range where the key is among the columns.
#[derive(Clone, Debug)]
pub struct Pending {
    pub table: String,
    pub query: String,
    pub rows: u64,
    pub key_columns: Vec<String>,
    pub key_min: Option<Vec<serde_json::Value>>,
    pub key_max: Option<Vec<serde_json::Value>>,
}

impl Pending {
    /// `rows` written to `table`; `key_at` are the key columns' positions in each row, if all known.
    pub fn of(table: &str, query: &str, rows: &[Vec<EValue>], key: Option<(&[String], &[usize])>) -> Pending {
        let mut p = Pending {
            table: table.to_string(),
            query: query.to_string(),
            rows: rows.len() as u64,
            key_columns: Vec::new(),
            key_min: None,
            key_max: None,
        };
        let Some((names, at)) = key else { return p };
        let keys: Option<Vec<Vec<Value>>> = rows
            .iter()
            .map(|r| {
                at.iter()
                    .map(|i| match r.get(*i) {
                        Some(EValue::Integer(n)) => Some(Value::Int(*n)),
                        Some(EValue::String(s)) => Some(Value::Text(s.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let Some(keys) = keys else { return p };
        let json = |k: &Vec<Value>| {
            k.iter()
                .map(|v| match v {
                    Value::Int(n) => serde_json::Value::from(*n),
                    other => serde_json::Value::String(other.to_string()),
                })
                .collect()
        };
        let min = keys.iter().min_by(|a, b| crate::key::cmp_key(a, b));
        let max = keys.iter().max_by(|a, b| crate::key::cmp_key(a, b));
        p.key_columns = names.to_vec();
        p.key_min = min.map(json);
        p.key_max = max.map(json);
        p
    }
}

/// Collects commits from the tasks that write batches; shared across them.
#[derive(Clone, Debug)]
pub struct Recorder(Arc<Mutex<Manifest>>);

impl Default for Recorder {
    fn default() -> Self {
        Recorder(Arc::new(Mutex::new(Manifest {
            schema_version: SCHEMA_VERSION,
            started_at_unix_ms: unix_ms(SystemTime::now()),
            ..Manifest::default()
        })))
    }
}

impl Recorder {
    /// A recorder for partition `p` of a seed.
    pub fn partition(p: SeedPartition) -> Recorder {
        let r = Recorder::default();
        r.0.lock().unwrap_or_else(|e| e.into_inner()).partition = Some(p);
        r
    }

    /// `batch` has committed: now.
    pub fn committed(&self, batch: Pending) {
        let at = unix_ms(SystemTime::now());
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let t = m.tables.entry(batch.table).or_default();
        t.rows += batch.rows;
        t.last_commit_unix_ms = t.last_commit_unix_ms.max(at);
        // A key range is only useful when every batch of the table has one.
        let ranged = batch.key_min.is_some() && (t.batches.is_empty() || !t.key_columns.is_empty());
        t.key_columns = if ranged { batch.key_columns } else { Vec::new() };
        t.batches.push(BatchRecord {
            query: batch.query,
            rows: batch.rows,
            committed_at_unix_ms: at,
            key_min: batch.key_min,
            key_max: batch.key_max,
        });
    }

    pub fn write(&self, path: &Path) -> Result<(), ManifestError> {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        m.finished_at_unix_ms = unix_ms(SystemTime::now());
        m.write(path)
    }
}
