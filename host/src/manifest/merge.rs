//! `sync run merge`: the manifests of a partitioned seed's N runs, checked to be all N parts of
//! one seed (the same N, `--rng-seed` and configs; every index once), combined into the
//! manifest one run would have written.

use super::{Manifest, ManifestError, SCHEMA_VERSION};
use std::path::{Path, PathBuf};

/// Read the manifests at `paths` (files, or directories whose `*.json` files are read) and
/// combine them; refuses a file that is no partition's manifest, parts of different seeds, and
/// a missing or repeated partition.
pub fn merge(paths: &[PathBuf]) -> Result<Manifest, ManifestError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| err(p, format!("cannot list: {e}")))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
                .collect();
            if inside.is_empty() {
                return Err(err(p, "holds no *.json manifest".into()));
            }
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    let mut parts: Vec<(PathBuf, Manifest)> = Vec::new();
    for f in files {
        let m = Manifest::read(&f).map_err(|e| match e {
            ManifestError::Read { message, .. } => err(&f, message),
            other => other,
        })?;
        let Some(p) = &m.partition else {
            return Err(err(&f, "is not a partition's manifest (written without --partition)".into()));
        };
        if let Some((first, fm)) = parts.first() {
            let q = fm.partition.as_ref().expect("checked");
            let other =
                |what: &str| err(&f, format!("is a part of another seed than {}: its {what} differs", first.display()));
            if p.count != q.count {
                return Err(other("partition count"));
            }
            if p.rng_seed != q.rng_seed {
                return Err(other("--rng-seed"));
            }
            if p.configs_sha256 != q.configs_sha256 {
                return Err(other("configs"));
            }
        }
        if let Some((twin, _)) = parts.iter().find(|(_, o)| o.partition.as_ref().map(|o| o.index) == Some(p.index)) {
            return Err(err(&f, format!("is partition {}/{} again (also {})", p.index, p.count, twin.display())));
        }
        parts.push((f, m));
    }
    let Some((_, first)) = parts.first() else {
        return Err(ManifestError::Part { path: "sync run merge".into(), message: "no manifest given".into() });
    };
    let count = first.partition.as_ref().expect("checked").count;
    let mut present: Vec<u32> = parts.iter().filter_map(|(_, m)| m.partition.as_ref().map(|p| p.index)).collect();
    present.sort_unstable();
    let missing: Vec<String> =
        (0..count).filter(|i| present.binary_search(i).is_err()).map(|i| i.to_string()).collect();
    if !missing.is_empty() {
        let (path, _) = &parts[0];
        return Err(err(
            path,
            format!(
                "partitions {} of {count} are missing ({} of {count} manifests given): the seed is not complete",
                missing.join(", "),
                parts.len()
            ),
        ));
    }
    Ok(combine(parts.into_iter().map(|(_, m)| m)))
}

fn err(path: &Path, message: String) -> ManifestError {
    ManifestError::Part { path: path.display().to_string(), message }
}

/// One manifest of all the parts' writes: rows summed, batches in commit order.
fn combine(parts: impl Iterator<Item = Manifest>) -> Manifest {
    let mut out = Manifest { schema_version: SCHEMA_VERSION, started_at_unix_ms: u64::MAX, ..Manifest::default() };
    for m in parts {
        out.started_at_unix_ms = out.started_at_unix_ms.min(m.started_at_unix_ms);
        out.finished_at_unix_ms = out.finished_at_unix_ms.max(m.finished_at_unix_ms);
        for (name, t) in m.tables {
            let into = out.tables.entry(name).or_default();
            // Key ranges stay only when every part recorded them under the same key.
            let ranged = (into.batches.is_empty() || !into.key_columns.is_empty())
                && !t.key_columns.is_empty()
                && (into.key_columns.is_empty() || into.key_columns == t.key_columns);
            into.key_columns = if ranged { t.key_columns } else { Vec::new() };
            into.rows += t.rows;
            into.last_commit_unix_ms = into.last_commit_unix_ms.max(t.last_commit_unix_ms);
            into.batches.extend(t.batches);
        }
    }
    for t in out.tables.values_mut() {
        t.batches.sort_by_key(|b| b.committed_at_unix_ms);
    }
    if out.started_at_unix_ms == u64::MAX {
        out.started_at_unix_ms = 0;
    }
    out
}
