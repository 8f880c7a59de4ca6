//! Partition plans: each table split into N key ranges balanced by row count on the source,
//! so N workers (or `--concurrency` threads) each verify one slice and their reports merge
//! into exactly the single-process report. A plan records a hash of itself, of the verify
//! options that change results, and a fingerprint of each table's columns on both sides, so
//! parts from another plan, other options or a changed schema are refused at merge time.

use super::cursor::{self, Plan};
use super::range::{KeyRange, bound};
use super::report::Report;
use super::{Options, Side, VerifyError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use tokio::runtime::Handle;
use tracing::info;

pub const PLAN_KIND: &str = "edg-verify-plan";
/// 2: a run id, the databases and the target's row count per table.
pub const PLAN_VERSION: u32 = 2;
/// Most partitions a plan may have (a worker each).
pub const MAX_PARTITIONS: u32 = 10_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub source: String,
    pub target: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TablePlan {
    pub table: String,
    pub key_columns: Vec<String>,
    /// Rows the source had when the plan was made (the balance is by these).
    pub source_rows: u64,
    /// Rows the target had then: a merge whose parts read other counts saw the table change
    /// while it was verified (rows may have moved between partitions unseen).
    pub target_rows: u64,
    pub fingerprint: Fingerprint,
    /// One range per partition, in key order; the first and last are open-ended, so rows
    /// written after planning are still covered.
    pub ranges: Vec<KeyRange>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartitionPlan {
    pub kind: String,
    pub schema_version: u32,
    /// One run of the workers: every part carries it, so a part an earlier run left behind is
    /// refused by merge.
    pub run_id: String,
    /// The databases the plan was made for; a worker connected elsewhere refuses it.
    pub databases: super::report::Databases,
    pub partitions: u32,
    pub options_hash: String,
    pub tables: Vec<TablePlan>,
    /// SHA-256 of the plan without this field.
    pub plan_hash: String,
}

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// The options that change what a verify reports (not how fast it runs): parts verified
/// with different ones cannot be merged.
pub fn options_hash(args: &Options) -> String {
    // Flags then configs, as one list (the hash of a plan written before they were kept apart).
    let ignored = [args.ignore_columns.clone(), args.config_ignore_columns.clone()].concat();
    let canonical = serde_json::json!({
        "tables": args.tables.iter().map(|t| t.trim().to_ascii_lowercase()).collect::<Vec<_>>(),
        "order_by": args.order_by,
        "ignore_columns": ignored,
        "timestamp_precision": args.timestamp_precision,
        "float_tolerance": args.float_tolerance,
        "column_rules": args.column_rules,
        "config_rules": args.config_rules,
        "report_keys": args.report_keys,
    });
    sha256(&canonical.to_string())
}

/// A side's compared columns (key first) with their types and rules.
fn fingerprint(plan: &Plan) -> String {
    let cols: Vec<String> =
        plan.specs.iter().map(|s| format!("{}:{}:{}", s.name, s.db_type, s.rule.clone().unwrap_or_default())).collect();
    sha256(&format!("{}|{}|{}", plan.table, plan.key_len, cols.join(",")))
}

impl PartitionPlan {
    /// Record the hash of the plan as it is now (for a plan made by hand, e.g. in a test: a
    /// plan whose ranges do not tile its tables is still refused).
    pub fn reseal(&mut self) {
        self.plan_hash = self.content_hash();
    }

    fn content_hash(&self) -> String {
        let mut copy = self.clone();
        copy.plan_hash = String::new();
        sha256(&serde_json::to_string(&copy).unwrap_or_default())
    }

    /// Partition `index`'s range of every table.
    pub fn ranges_for(&self, index: u32) -> BTreeMap<String, Vec<KeyRange>> {
        self.tables.iter().map(|t| (t.table.to_ascii_lowercase(), vec![t.ranges[index as usize].clone()])).collect()
    }

    pub fn table(&self, name: &str) -> Option<&TablePlan> {
        self.tables.iter().find(|t| t.table.eq_ignore_ascii_case(name))
    }

    pub fn write(&self, path: &Path) -> Result<(), VerifyError> {
        let text = serde_json::to_string_pretty(self).map_err(|e| VerifyError::Usage(e.to_string()))?;
        write_atomically(path, &text)
    }

    /// A plan file, checked: its kind, version and hash, and that each table's ranges tile its
    /// whole key space.
    pub fn read(path: &Path) -> Result<PartitionPlan, VerifyError> {
        let shown = path.display();
        let text = crate::files::read_bounded(path, crate::files::MAX_DOCUMENT_BYTES)
            .map_err(|e| VerifyError::Usage(format!("--plan {shown}: cannot read it: {e}")))?;
        let plan: PartitionPlan = serde_json::from_str(&text)
            .map_err(|e| VerifyError::Usage(format!("--plan {shown}: not a plan `edg sync verify plan` wrote: {e}")))?;
        if plan.kind != PLAN_KIND || plan.schema_version != PLAN_VERSION {
            return Err(VerifyError::Usage(format!(
                "--plan {shown}: not a version {PLAN_VERSION} plan (kind {:?}, version {})",
                plan.kind, plan.schema_version
            )));
        }
        if plan.content_hash() != plan.plan_hash {
            return Err(VerifyError::Usage(format!(
                "--plan {shown}: its hash does not match its content; was it edited?"
            )));
        }
        if plan.tables.iter().any(|t| t.ranges.len() != plan.partitions as usize) {
            return Err(VerifyError::Usage(format!(
                "--plan {shown}: a table does not have {} ranges",
                plan.partitions
            )));
        }
        for t in &plan.tables {
            check_tiling(&t.ranges)
                .map_err(|e| VerifyError::Usage(format!("--plan {shown}: table {}: {e}", t.table)))?;
        }
        Ok(plan)
    }
}

/// Where partitions fail to cover a table's key space.
#[derive(Debug, thiserror::Error)]
pub enum TilingError {
    #[error("its ranges leave a gap or overlap at partition {0}")]
    Gap(usize),
    #[error("its ranges go backwards at partition {0}")]
    Backwards(usize),
}

/// Partitions cover a table's key space exactly when the first starts at the beginning, each
/// starts where the one before ends, the last runs to the end and no bound goes backwards; or,
/// for a table that was empty, the first is the whole table and the rest hold nothing.
pub fn check_tiling(ranges: &[KeyRange]) -> Result<(), TilingError> {
    if ranges.first().is_some_and(KeyRange::is_all) && ranges[1..].iter().all(|r| r.empty) {
        return Ok(());
    }
    let n = ranges.len();
    for (i, r) in ranges.iter().enumerate() {
        let gap = || TilingError::Gap(i);
        if r.empty || r.hi_inclusive || (i == 0) != r.lo.is_none() || (i + 1 == n) != r.hi.is_none() {
            return Err(gap());
        }
        if let Some(next) = ranges.get(i + 1)
            && r.hi != next.lo
        {
            return Err(gap());
        }
        if let (Some(lo), Some(hi)) = (&r.lo, &r.hi)
            && crate::key::cmp_key(&super::range::key_of(lo), &super::range::key_of(hi)).is_gt()
        {
            return Err(TilingError::Backwards(i));
        }
    }
    Ok(())
}

/// Write `text` to `path` (see `files::write_replacing`).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), VerifyError> {
    crate::files::write_replacing(path, text)
        .map_err(|e| VerifyError::Usage(format!("writing {}: {e}", path.display())))
}

/// Rows of the source side of a table (in its range: the whole table here).
fn count_rows(side: &mut Side, plan: &Plan, rt: &Handle) -> Result<u64, VerifyError> {
    if plan.driver.dialect().pages_in_sql() {
        let sql = format!("SELECT COUNT(*) FROM {}", plan.driver.dialect().quote_ident(&plan.table));
        let rows = rt.block_on(side.conn().query(&sql)).map_err(|e| plan.read_err(e))?;
        let n = rows.rows.first().and_then(|r| r.first()).and_then(|v| match v {
            crate::value::Value::Int(i) => u64::try_from(*i).ok(),
            other => other.to_string().trim().parse().ok(),
        });
        return n.ok_or_else(|| VerifyError::Table {
            table: plan.table.clone(),
            message: "COUNT(*) returned no number".into(),
        });
    }
    let mut n = 0u64;
    stream_keys(side, plan, rt, |_| n += 1)?;
    Ok(n)
}

/// Every key of the source side in key order (normalised), one batch at a time.
fn stream_keys(
    side: &mut Side,
    plan: &Plan,
    rt: &Handle,
    mut each: impl FnMut(Vec<crate::value::Value>),
) -> Result<(), VerifyError> {
    let keys_only = Plan {
        columns: plan.columns[..plan.key_len].to_vec(),
        specs: plan.specs[..plan.key_len].to_vec(),
        ..plan.clone()
    };
    let (conn, plugins) = (side.conn.take().expect("connected"), side.plugins.take().expect("loaded"));
    let (rx, task) = cursor::spawn(conn, plugins, keys_only, 100_000, rt.clone());
    let mut result = Ok(());
    for batch in rx.iter() {
        match batch {
            Ok(b) => (0..b.len).for_each(|i| each(b.key(i))),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    drop(rx);
    let (conn, plugins) = task
        .join()
        .map_err(|_| VerifyError::Table { table: plan.table.clone(), message: "source reader panicked".into() })?;
    side.conn = Some(conn);
    side.plugins = Some(plugins);
    result
}

/// `n` ranges of one table, balanced by the source's row count: partition i starts at the
/// key in position ⌊i·rows/n⌋ of the source's key order.
fn split(side: &mut Side, plan: &Plan, n: u32, rt: &Handle) -> Result<(u64, Vec<KeyRange>), VerifyError> {
    let rows = count_rows(side, plan, rt)?;
    if rows == 0 {
        // Nothing to balance: the first partition takes the whole key space.
        let mut ranges = vec![KeyRange::all()];
        ranges.extend((1..n).map(|_| KeyRange::none()));
        return Ok((rows, ranges));
    }
    let starts: Vec<u64> = (1..n as u64).map(|i| i * rows / n as u64).collect();
    let mut bounds = Vec::with_capacity(starts.len());
    let mut position = 0u64;
    let mut next = 0usize;
    stream_keys(side, plan, rt, |key| {
        while next < starts.len() && starts[next] == position {
            bounds.push(key.clone());
            next += 1;
        }
        position += 1;
    })?;
    // Rows deleted between the count and the scan: the last bound repeats (empty ranges).
    while bounds.len() < starts.len() {
        let last = bounds.last().cloned().unwrap_or_default();
        bounds.push(last);
    }
    let typed: Vec<_> = bounds
        .iter()
        .map(|k| bound(k))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| VerifyError::Table { table: plan.table.clone(), message: "a key value is NULL".into() })?;
    let ranges = (0..n as usize)
        .map(|i| KeyRange {
            lo: if i == 0 { None } else { typed.get(i - 1).cloned() },
            hi: typed.get(i).cloned(),
            ..KeyRange::default()
        })
        .collect();
    Ok((rows, ranges))
}

/// Plan `n` partitions of every table `args` selects, for one run: `run_id`, or (workers that
/// each compute the plan) one derived from the plan, the same for all of them.
pub fn make(
    args: &Options,
    n: u32,
    (source, target): (&mut Side, &mut Side),
    databases: &super::report::Databases,
    run_id: Option<String>,
    rt: &Handle,
) -> Result<PartitionPlan, VerifyError> {
    if !(1..=MAX_PARTITIONS).contains(&n) {
        return Err(VerifyError::Usage(format!("--partitions must be between 1 and {MAX_PARTITIONS}, got {n}")));
    }
    let rules = super::checked_rules(args, source, target)?;
    let named = super::prepare::named_tables(&args.tables)?;
    let mut report = Report::default();
    let jobs = super::prepare_jobs(args, &rules, named, source, target, rt, &mut report)?;
    let mut tables = Vec::with_capacity(jobs.len());
    for (job, rep) in jobs {
        let (source_rows, ranges) = split(source, &job.s_plan, n, rt)?;
        let target_rows = count_rows(target, &job.t_plan, rt)?;
        info!(table = rep.table.as_str(), rows = source_rows, partitions = n, "planned");
        tables.push(TablePlan {
            table: rep.table.clone(),
            key_columns: rep.key_columns.clone(),
            source_rows,
            target_rows,
            fingerprint: fingerprint_of(&job),
            ranges,
        });
    }
    let mut plan = PartitionPlan {
        kind: PLAN_KIND.into(),
        schema_version: PLAN_VERSION,
        run_id: String::new(),
        databases: databases.clone(),
        partitions: n,
        options_hash: options_hash(args),
        tables,
        plan_hash: String::new(),
    };
    plan.run_id = run_id.unwrap_or_else(|| format!("derived-{}", &plan.content_hash()[..16]));
    plan.plan_hash = plan.content_hash();
    Ok(plan)
}

/// A table's columns on both sides, as a plan records them.
pub(super) fn fingerprint_of(job: &super::prepare::TableJob) -> Fingerprint {
    Fingerprint { source: fingerprint(&job.s_plan), target: fingerprint(&job.t_plan) }
}
