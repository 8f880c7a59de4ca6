//! Row lines (stdout), per-table summaries (stderr logs) and the JSON report.

use crate::logging::quote;
use crate::value::Value;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug)]
pub enum Diff {
    Mismatch { key: Vec<Value>, at: Stored, column: String, source: Value, target: Value },
    Missing { key: Vec<Value>, at: Stored },
    Extra { key: Vec<Value>, at: Stored },
}

/// A differing row's key as each side's database stored it (None on a side without the row):
/// what a re-check looks the row up by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    pub source: Option<Vec<Value>>,
    pub target: Option<Vec<Value>>,
}

impl Diff {
    pub fn key(&self) -> &[Value] {
        match self {
            Diff::Mismatch { key, .. } | Diff::Missing { key, .. } | Diff::Extra { key, .. } => key,
        }
    }

    pub fn stored(&self) -> &Stored {
        match self {
            Diff::Mismatch { at, .. } | Diff::Missing { at, .. } | Diff::Extra { at, .. } => at,
        }
    }

    /// One line: `MISMATCH table=users id=42 column=email source="a" target="b"`.
    pub fn line(&self, table: &str, key_names: &[String]) -> String {
        let key = format_key(key_names, self.key());
        match self {
            Diff::Mismatch { column, source, target, .. } => format!(
                "MISMATCH table={} {key} column={} source={} target={}",
                quote(table),
                quote(column),
                shown(source),
                shown(target)
            ),
            Diff::Missing { .. } => format!("MISSING table={} {key} side=target", quote(table)),
            Diff::Extra { .. } => format!("EXTRA table={} {key} side=target", quote(table)),
        }
    }
}

/// A value in a row line: NULL bare, anything else quoted (so NULL and the text "NULL" or
/// "<NULL>" read differently).
fn shown(v: &Value) -> String {
    if v.is_null() { "NULL".into() } else { format!("{:?}", v.to_string()) }
}

pub fn format_key(names: &[String], key: &[Value]) -> String {
    names.iter().zip(key).map(|(n, v)| format!("{}={}", quote(n), quote(&v.to_string()))).collect::<Vec<_>>().join(" ")
}

/// The version of the JSON report's shape (`schema/verify-report.schema.json`); it changes
/// when a field is renamed, removed or changes type.
pub const SCHEMA_VERSION: u32 = 1;

/// The field of a JSON report holding the hash of the rest (see `seal`).
pub const REPORT_HASH: &str = "report_hash";

fn key_json(names: &[String], key: &[Value]) -> serde_json::Value {
    serde_json::Value::Object(names.iter().zip(key).map(|(n, v)| (n.clone(), value_json(v))).collect())
}

/// A value as JSON: NULL is `null`, integers and finite floats are numbers, booleans booleans;
/// decimals stay text (a JSON number would lose their exact digits), as does everything else.
pub fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::Value::from(*i),
        Value::Float(f) if f.is_finite() => serde_json::Value::from(*f),
        other => serde_json::Value::String(other.to_string()),
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TableReport {
    pub table: String,
    pub key_columns: Vec<String>,
    pub compared_columns: Vec<String>,
    pub excluded_columns: Vec<String>,
    /// Rows read from the source.
    pub source_rows: u64,
    /// Rows read from the target.
    pub target_rows: u64,
    /// Rows present on both sides with every compared column equal.
    pub matched: u64,
    /// Rows present on both sides with at least one differing column.
    pub mismatched_rows: u64,
    /// Differing (row, column) pairs.
    pub mismatched_columns: u64,
    pub missing: u64,
    pub extra: u64,
    pub first_mismatches: Vec<serde_json::Value>,
    pub first_missing: Vec<serde_json::Value>,
    pub first_extra: Vec<serde_json::Value>,
    pub duration_ms: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// With `--converge`: how the differences of the first pass resolved.
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub converge: Option<ConvergeReport>,
    /// Key ranges that held differences (the partitions of a merged run that differed; the whole
    /// table for a single run): what `--from-report` re-reads when `differing_keys` is cut.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub difference_ranges: Vec<super::range::KeyRange>,
    /// Every differing row's key, normalised and as each side stored it, up to
    /// `MAX_DIFFERING_KEYS`: what `--from-report` re-reads, row by row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differing_keys: Vec<super::range::StoredKey>,
    /// More rows differed than `differing_keys` holds (`--from-report` re-reads the ranges).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub differing_keys_cut: bool,
    /// Ctrl-C stopped the comparison inside this table: its counts cover the rows read so far.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// Row lines (MISMATCH/MISSING/EXTRA) kept for a part file, not shown in the report.
    #[serde(skip)]
    pub lines: Vec<String>,
}

/// `--converge`'s account of one table. Times are milliseconds from `measured_from`: the start
/// of verify's first pass, or (with `--manifest`) the commit of each row's batch.
#[derive(Debug, Default, Serialize)]
pub struct ConvergeReport {
    /// No difference was left when verify ended.
    pub converged: bool,
    /// `verify_start` or `manifest_commit`.
    pub measured_from: &'static str,
    /// Differences (as edg counts them) and distinct differing keys after the first pass.
    pub first_pass_differences: u64,
    pub first_pass_keys: u64,
    /// Re-check passes after the first.
    pub passes: u32,
    /// Keys that differed and matched by the end.
    pub matched_keys: u64,
    pub still_differing_keys: u64,
    /// Over the keys that differed and then matched: the time until each was seen to match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_time_to_consistency_ms: Option<Percentiles>,
    /// Until the whole table was seen consistent (from its last commit, with a manifest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_time_to_consistency_ms: Option<u64>,
    /// The end of the read that first saw the whole table consistent (wall clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consistent_at_unix_ms: Option<u64>,
    pub timeline: Vec<PassReport>,
}

/// One re-check pass over one table; times in milliseconds from the start of the first pass.
#[derive(Debug, Serialize)]
pub struct PassReport {
    pub pass: u32,
    pub started_ms: u64,
    pub ended_ms: u64,
    /// Keys re-read (or rows, when the table had too many differences to keep each).
    pub checked: u64,
    pub matched_now: u64,
    pub still_differing: u64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Percentiles {
    pub p50: u64,
    pub p99: u64,
    pub max: u64,
}

impl Percentiles {
    /// Nearest-rank percentiles of sorted values; None for none.
    pub fn of(sorted: &[u64]) -> Option<Percentiles> {
        let rank = |p: f64| sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        (!sorted.is_empty()).then(|| Percentiles { p50: rank(0.50), p99: rank(0.99), max: sorted[sorted.len() - 1] })
    }
}

/// Differing keys a report keeps per table for `--from-report`; beyond, it re-reads ranges.
pub const MAX_DIFFERING_KEYS: usize = 10_000;

/// One thing per side. As `Databases<String>`: what a report was made against, each side's
/// database without user or password, so a report, plan or part is never applied to another
/// pair of databases.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Databases<T = String> {
    pub source: T,
    pub target: T,
}

/// A table both sides returned no row of: nothing was compared, which is not "verified".
pub const ZERO_ROWS: &str =
    "both source and target returned zero rows; nothing was verified (is this the right database?)";

impl TableReport {
    /// Add another slice of the same table (a key range, a partition): counts add up, sample
    /// keys append in order up to `keep` of each kind, and errors are kept.
    pub fn absorb(&mut self, part: TableReport, keep: usize) {
        self.source_rows += part.source_rows;
        self.target_rows += part.target_rows;
        self.matched += part.matched;
        self.mismatched_rows += part.mismatched_rows;
        self.mismatched_columns += part.mismatched_columns;
        self.missing += part.missing;
        self.extra += part.extra;
        for (mine, theirs) in [
            (&mut self.first_mismatches, part.first_mismatches),
            (&mut self.first_missing, part.first_missing),
            (&mut self.first_extra, part.first_extra),
        ] {
            let room = keep.saturating_sub(mine.len());
            mine.extend(theirs.into_iter().take(room));
        }
        self.duration_ms = self.duration_ms.max(part.duration_ms);
        self.difference_ranges.extend(part.difference_ranges);
        self.differing_keys_cut |= part.differing_keys_cut;
        self.interrupted |= part.interrupted;
        let room = MAX_DIFFERING_KEYS.saturating_sub(self.differing_keys.len());
        self.differing_keys_cut |= part.differing_keys.len() > room;
        self.differing_keys.extend(part.differing_keys.into_iter().take(room));
        self.lines.extend(part.lines);
        if let Some(e) = part.error {
            self.error = Some(match self.error.take() {
                Some(mine) if mine != e => format!("{mine}; {e}"),
                _ => e,
            });
        }
    }

    /// The same table with every count at zero, for a fresh pass.
    pub fn blank(&self) -> TableReport {
        TableReport {
            table: self.table.clone(),
            key_columns: self.key_columns.clone(),
            compared_columns: self.compared_columns.clone(),
            excluded_columns: self.excluded_columns.clone(),
            ..TableReport::default()
        }
    }

    /// MISMATCH columns + MISSING + EXTRA, as edg counts them.
    pub fn differences(&self) -> u64 {
        self.mismatched_columns + self.missing + self.extra
    }

    /// Set the difference counts from `diffs` (all of a table's or a re-check's): MISSING and
    /// EXTRA rows, MISMATCH columns and the rows they are in.
    pub fn count(&mut self, diffs: &[Diff]) {
        let mut rows = std::collections::HashSet::new();
        let (mut missing, mut extra, mut columns) = (0, 0, 0);
        for d in diffs {
            match d {
                Diff::Missing { .. } => missing += 1,
                Diff::Extra { .. } => extra += 1,
                Diff::Mismatch { key, .. } => {
                    columns += 1;
                    rows.insert(format!("{key:?}"));
                }
            }
        }
        (self.missing, self.extra, self.mismatched_columns) = (missing, extra, columns);
        self.mismatched_rows = rows.len() as u64;
    }

    /// Keep the differing keys for `--from-report`; `complete`: `diffs` holds every difference.
    pub fn record_keys(&mut self, diffs: &[Diff], complete: bool) {
        let mut last: Option<&[Value]> = None;
        for d in diffs {
            // A row differing in several columns is one key (diffs come in key order).
            if last.is_some_and(|k| crate::key::cmp_key(k, d.key()).is_eq()) {
                continue;
            }
            last = Some(d.key());
            match super::range::StoredKey::of(d.key(), d.stored()) {
                Some(k) if self.differing_keys.len() < MAX_DIFFERING_KEYS => self.differing_keys.push(k),
                _ => self.differing_keys_cut = true,
            }
        }
        self.differing_keys_cut |= !complete;
    }

    pub fn record_samples(&mut self, diffs: &[Diff], limit: usize) {
        let names = self.key_columns.clone();
        for d in diffs {
            let (list, entry) = match d {
                Diff::Mismatch { key, column, source, target, .. } => (
                    &mut self.first_mismatches,
                    serde_json::json!({"key": key_json(&names, key), "column": column, "source": value_json(source), "target": value_json(target)}),
                ),
                Diff::Missing { key, .. } => (&mut self.first_missing, key_json(&names, key)),
                Diff::Extra { key, .. } => (&mut self.first_extra, key_json(&names, key)),
            };
            if list.len() < limit {
                list.push(entry);
            }
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// `SCHEMA_VERSION`.
    pub schema_version: u32,
    /// `--continuous`: which pass, and when it began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at_unix_ms: Option<u64>,
    pub passed: bool,
    pub differences: u64,
    /// The databases compared (see `Databases`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub databases: Option<Databases>,
    pub tables: Vec<TableReport>,
    /// Tables found on one side only (when --tables was not given).
    pub source_only_tables: Vec<String>,
    pub target_only_tables: Vec<String>,
    /// Tables found by listing that have no primary key (and no --order-by): not verified.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_tables: Vec<String>,
    /// Ctrl-C stopped the run: the counts are what was compared before it, and the tables after
    /// the interrupted one are absent. Such a report never passes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            pass: None,
            started_at_unix_ms: None,
            passed: false,
            differences: 0,
            databases: None,
            tables: Vec::new(),
            source_only_tables: Vec::new(),
            target_only_tables: Vec::new(),
            skipped_tables: Vec::new(),
            interrupted: false,
        }
    }
}

impl ConvergeReport {
    /// `CONVERGED table=orders first_pass_differences=37 … passes=4 key_ttc_ms_p50=…`.
    pub fn line(&self, table: &str) -> String {
        let mut s = format!(
            "{} table={} first_pass_differences={} first_pass_keys={} passes={} matched_keys={} still_differing_keys={}",
            if self.converged { "CONVERGED" } else { "NOT_CONVERGED" },
            quote(table),
            self.first_pass_differences,
            self.first_pass_keys,
            self.passes,
            self.matched_keys,
            self.still_differing_keys
        );
        if let Some(p) = &self.key_time_to_consistency_ms {
            s.push_str(&format!(" key_ttc_ms_p50={} key_ttc_ms_p99={} key_ttc_ms_max={}", p.p50, p.p99, p.max));
        }
        if let Some(t) = self.table_time_to_consistency_ms {
            s.push_str(&format!(" table_ttc_ms={t}"));
        }
        s.push_str(&format!(" measured_from={}", self.measured_from));
        s
    }
}

impl Report {
    /// `--continuous`'s line per pass: `PASS 2 passed=false tables=2 rows=6000 differences=3 …`.
    pub fn pass_line(&self, pass: u64, duration: std::time::Duration) -> String {
        let sum = |f: fn(&TableReport) -> u64| self.tables.iter().map(f).sum::<u64>();
        format!(
            "PASS {pass} passed={} tables={} source_rows={} target_rows={} differences={} mismatched_rows={} missing={} extra={} failed_tables={} duration_ms={}",
            self.passed,
            self.tables.len(),
            sum(|t| t.source_rows),
            sum(|t| t.target_rows),
            self.differences,
            sum(|t| t.mismatched_rows),
            sum(|t| t.missing),
            sum(|t| t.extra),
            self.tables.iter().filter(|t| t.error.is_some()).count(),
            duration.as_millis()
        )
    }
}
