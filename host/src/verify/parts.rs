//! Worker reports (`--partition I/N --report-out DIR`) and `sync verify merge DIR`: a part
//! carries its plan's hash, the options hash, its partition, each table's fingerprint and
//! range, its report and its row lines. Merging refuses (naming what is wrong) a missing or
//! duplicated partition, parts of different plans or options, and changed schemas; the merged
//! report is what one process verifying everything would have written.

use super::partition::{Fingerprint, PartitionPlan, write_atomically};
use super::range::KeyRange;
use super::report::{Databases, Report, TableReport, ZERO_ROWS};
use super::{Outcome, VerifyError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const PART_KIND: &str = "edg-verify-part";
/// 2: the run id, the databases, the planned row counts, `finished`, and a hash of the part.
pub const PART_VERSION: u32 = 2;
/// The field holding a part's hash of itself.
const PART_HASH: &str = "part_hash";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionId {
    pub index: u32,
    pub count: u32,
}

impl PartitionId {
    /// `I/N` (0 ≤ I < N), as `--partition` takes it.
    pub fn parse(text: &str) -> Result<PartitionId, String> {
        let bad = || format!("{text:?} is not I/N with 0 <= I < N (e.g. 0/8)");
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if count == 0 || index >= count || count > super::partition::MAX_PARTITIONS {
            return Err(bad());
        }
        Ok(PartitionId { index, count })
    }

    /// The file a worker writes: `part-<I>-of-<N>.json`.
    pub fn file_name(&self) -> String {
        format!("part-{}-of-{}.json", self.index, self.count)
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PartTable {
    pub table: String,
    pub fingerprint: Fingerprint,
    pub range: KeyRange,
    /// The table's rows on each side when the plan was made.
    pub planned_rows: Databases<u64>,
    /// MISMATCH/MISSING/EXTRA lines of this partition, in key order.
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PartReport {
    pub kind: String,
    pub schema_version: u32,
    pub run_id: String,
    pub databases: Databases<String>,
    /// False in the placeholder a worker writes when it starts: a worker that fails leaves a
    /// part merge refuses, never an earlier run's passing one.
    pub finished: bool,
    pub plan_hash: String,
    pub options_hash: String,
    pub partition: PartitionId,
    pub report_keys: usize,
    pub tables: Vec<PartTable>,
    pub report: Report,
}

impl PartReport {
    /// What a worker writes as soon as it starts: an unfinished part of this run.
    pub fn started(plan: &PartitionPlan, id: PartitionId, report_keys: usize) -> PartReport {
        let outcome = Outcome { report: Report::default(), fingerprints: BTreeMap::new() };
        PartReport { finished: false, ..PartReport::new(plan, id, report_keys, outcome) }
    }

    pub fn new(plan: &PartitionPlan, id: PartitionId, report_keys: usize, mut outcome: Outcome) -> PartReport {
        let tables = outcome
            .report
            .tables
            .iter_mut()
            .map(|t| {
                let key = t.table.to_ascii_lowercase();
                PartTable {
                    table: t.table.clone(),
                    fingerprint: outcome
                        .fingerprints
                        .get(&key)
                        .cloned()
                        .unwrap_or(Fingerprint { source: String::new(), target: String::new() }),
                    range: plan.table(&t.table).map(|p| p.ranges[id.index as usize].clone()).unwrap_or_default(),
                    planned_rows: plan
                        .table(&t.table)
                        .map(|p| Databases { source: p.source_rows, target: p.target_rows })
                        .unwrap_or_default(),
                    lines: std::mem::take(&mut t.lines),
                }
            })
            .collect();
        PartReport {
            kind: PART_KIND.into(),
            schema_version: PART_VERSION,
            run_id: plan.run_id.clone(),
            databases: plan.databases.clone(),
            finished: true,
            plan_hash: plan.plan_hash.clone(),
            options_hash: plan.options_hash.clone(),
            partition: id,
            report_keys,
            tables,
            report: outcome.report,
        }
    }

    /// Write `DIR/part-<I>-of-<N>.json` atomically; returns the path.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, VerifyError> {
        std::fs::create_dir_all(dir).map_err(|e| VerifyError::Usage(format!("--report-out {}: {e}", dir.display())))?;
        let path = dir.join(self.partition.file_name());
        write_atomically(&path, &super::seal::text(&super::seal::sealed(self, PART_HASH), true))?;
        Ok(path)
    }
}

/// Every part file in `dir`, checked to be parts.
pub fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, PartReport)>, VerifyError> {
    let shown = dir.display();
    let entries = std::fs::read_dir(dir).map_err(|e| VerifyError::Usage(format!("merge {shown}: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    let mut parts = Vec::with_capacity(paths.len());
    for p in paths {
        let bad = |e: String| VerifyError::Usage(format!("{}: {e}", p.display()));
        let text = crate::files::read_bounded(&p, crate::files::MAX_DOCUMENT_BYTES).map_err(|e| bad(e.to_string()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not a part a verify worker wrote: {e}")))?;
        if v["kind"] != PART_KIND || v["schema_version"] != PART_VERSION {
            return Err(bad(format!("not a version {PART_VERSION} part file")));
        }
        let v = super::seal::unsealed(&text, PART_HASH).map_err(|e| bad(e.to_string()))?;
        let part: PartReport =
            serde_json::from_value(v).map_err(|e| bad(format!("not a part a verify worker wrote: {e}")))?;
        parts.push((p, part));
    }
    if parts.is_empty() {
        return Err(VerifyError::Usage(format!("merge {shown}: no part files (part-<I>-of-<N>.json) in it")));
    }
    Ok(parts)
}

/// One report from every partition's part, exactly as one process would have written it;
/// refused when the set is not complete and consistent. Also returns each table's row lines
/// in key order.
pub fn merge(parts: Vec<(PathBuf, PartReport)>) -> Result<(Report, Vec<String>), VerifyError> {
    let refuse = |m: String| Err(VerifyError::Usage(format!("merge refused: {m}")));
    let (first_path, first) = &parts[0];
    let n = first.partition.count;
    let mut by_index: BTreeMap<u32, usize> = BTreeMap::new();
    for (k, (path, part)) in parts.iter().enumerate() {
        let name = path.display();
        if part.plan_hash != first.plan_hash {
            return refuse(format!("{name} is from another plan than {} (plan hashes differ)", first_path.display()));
        }
        if part.options_hash != first.options_hash {
            return refuse(format!("{name} was verified with other options than {}", first_path.display()));
        }
        if !part.finished {
            return refuse(format!(
                "{name}: partition {} did not finish (its worker failed or is still running)",
                part.partition.index
            ));
        }
        if part.run_id != first.run_id {
            return refuse(format!(
                "{name} is from another run than {} (run ids differ: a part an earlier run left behind?)",
                first_path.display()
            ));
        }
        if part.databases != first.databases {
            return refuse(format!(
                "{name} verified other databases ({} and {}) than {} ({} and {})",
                part.databases.source,
                part.databases.target,
                first_path.display(),
                first.databases.source,
                first.databases.target
            ));
        }
        if part.partition.count != n {
            return refuse(format!("{name} is a part of {} partitions, not {n}", part.partition.count));
        }
        if let Some(other) = by_index.insert(part.partition.index, k) {
            return refuse(format!(
                "partition {} appears twice: {} and {name}",
                part.partition.index,
                parts[other].0.display()
            ));
        }
        for t in &part.tables {
            let twin = first.tables.iter().find(|f| f.table.eq_ignore_ascii_case(&t.table));
            match twin {
                Some(f) if f.fingerprint != t.fingerprint => {
                    return refuse(format!("table {} changed between parts ({name} saw other columns)", t.table));
                }
                None => {
                    return refuse(format!("{name} verified table {} that {} did not", t.table, first_path.display()));
                }
                _ => {}
            }
        }
        if part.tables.len() != first.tables.len() {
            return refuse(format!("{name} verified other tables than {}", first_path.display()));
        }
    }
    let missing: Vec<String> = (0..n).filter(|i| !by_index.contains_key(i)).map(|i| i.to_string()).collect();
    if !missing.is_empty() {
        return refuse(format!("partition(s) {} of {n} missing", missing.join(", ")));
    }
    let keep = first.report_keys;
    let mut ordered: Vec<PartReport> = Vec::with_capacity(parts.len());
    let mut slots: Vec<Option<PartReport>> = parts.into_iter().map(|(_, p)| Some(p)).collect();
    for k in by_index.values() {
        ordered.push(slots[*k].take().expect("each once"));
    }
    for t in &ordered[0].tables {
        let ranges: Vec<KeyRange> = ordered
            .iter()
            .map(|p| p.tables.iter().find(|x| x.table.eq_ignore_ascii_case(&t.table)).map(|x| x.range.clone()))
            .collect::<Option<_>>()
            .unwrap_or_default();
        if let Err(e) = super::partition::check_tiling(&ranges) {
            return refuse(format!("table {}: {e}", t.table));
        }
    }
    let mut report = Report { databases: Some(ordered[0].databases.clone()), ..Report::default() };
    let planned: BTreeMap<String, Databases<u64>> =
        ordered[0].tables.iter().map(|t| (t.table.to_ascii_lowercase(), t.planned_rows.clone())).collect();
    report.source_only_tables = ordered[0].report.source_only_tables.clone();
    report.target_only_tables = ordered[0].report.target_only_tables.clone();
    let blanks: Vec<TableReport> = ordered[0].report.tables.iter().map(TableReport::blank).collect();
    let mut lines = Vec::new();
    for mut merged in blanks {
        let table = merged.table.clone();
        for part in &mut ordered {
            let same = |name: &str| name.eq_ignore_ascii_case(&table);
            if let Some(mine) = part.report.tables.iter_mut().find(|x| same(&x.table)) {
                merged.absorb(std::mem::take(mine), keep);
            }
            if let Some(pt) = part.tables.iter_mut().find(|x| same(&x.table)) {
                lines.append(&mut pt.lines);
            }
        }
        if merged.source_rows == 0 && merged.target_rows == 0 && merged.error.is_none() {
            merged.error = Some(ZERO_ROWS.into());
        }
        // Workers read one after another, not in one snapshot: rows written, deleted or moved
        // between partitions meanwhile may have been read twice or never.
        if let Some(p) = planned.get(&table.to_ascii_lowercase())
            && (p.source, p.target) != (merged.source_rows, merged.target_rows)
            && merged.error.is_none()
        {
            merged.error = Some(format!(
                "the table changed while the workers ran (plan: {} source and {} target rows; workers read {} and {}): rows may have moved between partitions unseen; verify again when it is quiet, or in one process",
                p.source, p.target, merged.source_rows, merged.target_rows
            ));
        }
        report.tables.push(merged);
    }
    let failed = report.tables.iter().filter(|t| t.error.is_some()).count() as u64;
    report.differences =
        report.tables.iter().map(TableReport::differences).sum::<u64>() + report.source_only_tables.len() as u64;
    report.passed = report.differences == 0 && failed == 0;
    Ok((report, lines))
}
