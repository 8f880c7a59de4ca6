//! `sync verify`: a streaming merge-join of two tables, one batch per side in memory.

pub mod compare;
mod converge;
mod cursor;
mod merge;
pub mod partition;
pub mod parts;
mod prepare;
pub mod range;
mod recheck;
pub mod report;
mod rules;
mod runs;
pub mod seal;
mod ticker;

use crate::driver::{Conn, Driver, DriverError};
use crate::manifest::Manifest;
use crate::plugin::PluginSet;
use prepare::{TableJob, check_ignored_used, check_rules_used, named_tables, prepare_table, side_tables};
use report::{Diff, Report, TableReport};
use rules::Rules;
use std::time::{Duration, Instant, SystemTime};
use tokio::runtime::Handle;
use tracing::{error, info, warn};

/// Largest `--batch-size`: a page is held in memory on each side, twice (one read ahead).
const MAX_BATCH: i64 = 10_000_000;

/// Differences kept in memory per table for row lines and re-checks; counts stay exact beyond it.
const MAX_KEPT_DIFFS: usize = 100_000;

/// What to verify and how: the plain form of `sync verify`'s flags (see `cli::VerifyArgs`).
#[derive(Clone, Debug)]
pub struct Options {
    /// Tables to compare; empty means every table on both sides. An entry list with no name
    /// (`--tables ''`) is a usage error.
    pub tables: Vec<String>,
    /// Tables never verified, as globs (`*`, `?`; case-insensitive), from `--exclude-tables`.
    pub exclude_tables: Vec<String>,
    /// Key columns; empty means each table's primary key.
    pub order_by: Vec<String>,
    /// Columns never compared, from `--ignore-columns`: each must be a column of a verified table.
    pub ignore_columns: Vec<String>,
    /// Columns the configs' `verify:` sections ignore; they may name columns outside the tables
    /// being verified.
    pub config_ignore_columns: Vec<String>,
    /// Delay before the first read.
    pub wait: Duration,
    /// Rows per page per side.
    pub batch_size: i64,
    /// Write a MISMATCH/MISSING/EXTRA line per difference.
    pub print_rows: bool,
    pub timestamp_precision: u8,
    pub float_tolerance: Option<f64>,
    /// `COL=RULE` / `TABLE.COL=RULE` from the command line: each must match a column.
    pub column_rules: Vec<String>,
    /// Rules from the configs' `verify:` sections; they apply first (the flags win) and may
    /// name columns outside the tables being verified.
    pub config_rules: Vec<String>,
    pub live_retries: u32,
    pub retry_delay: Duration,
    /// Keys of each kind kept per table in the report.
    pub report_keys: usize,
    /// Re-check what differed until it matches or this long after the first pass began.
    pub converge: Option<Duration>,
    /// What `sync run --manifest` recorded: time to consistency from each row's commit.
    pub manifest: Option<Manifest>,
    /// Write a summary line per table (`--converge`) to the output (text format).
    pub print_summary: bool,
    /// Only these key ranges, per table (lower-case name): a partition of a plan, or the ranges
    /// an earlier report found differences in. A table without an entry is not verified.
    /// `None`: every table whole.
    pub ranges: Option<std::collections::BTreeMap<String, Vec<range::KeyRange>>>,
    /// `--from-report`: tables (lower-case name) whose earlier differing rows are re-read and
    /// compared by key instead of reading ranges; each also needs an entry in `ranges`.
    pub keys: std::collections::BTreeMap<String, Vec<range::StoredKey>>,
    /// Keep each table's row lines in its report (for a part file) instead of printing them.
    pub collect_lines: bool,
    /// The columns a plan was made for, per table (lower-case): a table that changed since is
    /// refused before anything is compared.
    pub expect: Option<std::collections::BTreeMap<String, partition::Fingerprint>>,
}

impl Options {
    /// The ranges to read of `table`; None when the table is not to be verified at all.
    fn ranges_of(&self, table: &str) -> Option<Vec<range::KeyRange>> {
        match &self.ranges {
            None => Some(vec![range::KeyRange::all()]),
            Some(m) => m.get(&table.to_ascii_lowercase()).cloned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}")]
    Usage(String),
    #[error("{side}: {inner}")]
    Driver { side: &'static str, inner: DriverError },
    #[error("table {table}: {message}")]
    Table { table: String, message: String },
    /// A table with no primary key and no --order-by: skipped when the table was not named.
    #[error("table {0}: has no primary key on either side; pass --order-by with a unique column (or columns)")]
    NoKey(String),
    #[error("table {table}: {side}: {source}")]
    Read {
        table: String,
        side: &'static str,
        #[source]
        source: DriverError,
    },
    #[error("writing the report: {0}")]
    Output(#[from] std::io::Error),
    #[error("interrupted")]
    Interrupted,
}

static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Ask a running verify to stop at the next batch (Ctrl-C): it reports what it compared.
pub fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Sleep up to `d`, waking early when interrupted.
pub fn sleep(d: Duration) -> Result<(), VerifyError> {
    let end = Instant::now() + d;
    while !interrupted() {
        let now = Instant::now();
        if now >= end {
            return Ok(());
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
    Err(VerifyError::Interrupted)
}

/// One side of the comparison.
pub struct Side {
    pub label: &'static str,
    pub driver: Driver,
    conn: Option<Conn>,
    plugins: Option<PluginSet>,
    /// The side's tables, listed once.
    tables: Option<Vec<String>>,
}

impl Side {
    pub fn new(label: &'static str, conn: Conn, plugins: PluginSet) -> Self {
        Side { label, driver: conn.driver(), conn: Some(conn), plugins: Some(plugins), tables: None }
    }

    // Only a streaming cursor takes them, and it always gives them back before the next use.
    fn conn(&mut self) -> &mut Conn {
        self.conn.as_mut().expect("connection returned by the cursor")
    }

    fn plugins(&mut self) -> &mut PluginSet {
        self.plugins.as_mut().expect("plugins returned by the cursor")
    }
}

/// The result of `verify`: the report the exit code and `--format json` come from.
pub struct Outcome {
    pub report: Report,
    /// Each verified table's columns on both sides, as a plan records them (lower-case names).
    pub fingerprints: std::collections::BTreeMap<String, partition::Fingerprint>,
}

/// Where verify's times count from: the start of the first pass, on both clocks.
pub(crate) struct Clock {
    start: Instant,
    start_unix_ms: u64,
}

impl Clock {
    fn now() -> Clock {
        Clock { start: Instant::now(), start_unix_ms: crate::manifest::unix_ms(SystemTime::now()) }
    }

    fn since(&self) -> Duration {
        self.start.elapsed()
    }
}

/// A table after a pass: its plan, its report and the differences kept.
pub(crate) struct Checked {
    job: TableJob,
    rep: TableReport,
    diffs: Vec<Diff>,
    /// Runs of one-sided rows, re-read as key ranges by `--converge`.
    runs: Vec<runs::KeyRun>,
    /// When the first pass over it ended, since the clock's start.
    checked_at: Duration,
}

fn check_options(args: &Options) -> Result<(), VerifyError> {
    if !(1..=MAX_BATCH).contains(&args.batch_size) {
        return Err(VerifyError::Usage(if args.batch_size <= 0 {
            format!("--batch-size must be at least 1, got {}", args.batch_size)
        } else {
            format!("--batch-size must be at most {MAX_BATCH}, got {}", args.batch_size)
        }));
    }
    if args.converge.is_some_and(|d| d.is_zero()) {
        return Err(VerifyError::Usage("--converge must be longer than 0 (e.g. --converge 60s)".into()));
    }
    Ok(())
}

/// Compare every table; row lines (`--verbose`) go to `out` as they are found (with
/// `--converge`, once converging ends: only what still differs).
pub fn verify(
    args: &Options,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
    out: &mut dyn std::io::Write,
) -> Result<Outcome, VerifyError> {
    check_options(args)?;
    let rules = checked_rules(args, source, target)?;
    let named = named_tables(&args.tables)?;
    if !args.wait.is_zero() {
        info!(duration = format!("{:?}", args.wait), "waiting for convergence");
        sleep(args.wait)?;
    }
    let mut report = Report::default();
    let jobs = prepare_jobs(args, &rules, named, source, target, rt, &mut report)?;
    let fingerprints: std::collections::BTreeMap<String, partition::Fingerprint> =
        jobs.iter().map(|(job, rep)| (rep.table.to_ascii_lowercase(), partition::fingerprint_of(job))).collect();
    if let Some(expected) = &args.expect {
        for (table, fp) in expected {
            match fingerprints.get(table) {
                Some(now) if now == fp => {}
                Some(now) => {
                    let side = if now.source != fp.source { "source" } else { "target" };
                    return Err(VerifyError::Usage(format!(
                        "table {table}: its columns on the {side} changed since the plan was made; make a new plan"
                    )));
                }
                None => {
                    return Err(VerifyError::Usage(format!(
                        "table {table} is in the plan but not among the tables verified (check --tables)"
                    )));
                }
            }
        }
    }

    let clock = Clock::now();
    let mut checked = Vec::with_capacity(jobs.len());
    for (mut job, rep) in jobs {
        if interrupted() {
            report.interrupted = true;
            break;
        }
        let Some(ranges) = args.ranges_of(&job.s_plan.table) else { continue };
        let started = Instant::now();
        if let Some(keys) = args.keys.get(&job.s_plan.table.to_ascii_lowercase()) {
            let mut rep = rep;
            let diffs = job.compare_stored(args, keys, &mut rep, source, target, rt)?;
            rep.duration_ms = started.elapsed().as_millis();
            let t = Checked { job, rep, diffs, runs: Vec::new(), checked_at: clock.since() };
            report.tables.push(finish_table(args, t, out)?);
            continue;
        }
        let whole = ranges.iter().all(range::KeyRange::is_all);
        let (mut rep, mut diffs, mut runs) = (rep, Vec::new(), Vec::new());
        for r in ranges {
            if !r.is_all() {
                info!(table = rep.table.as_str(), range = r.describe(&rep.key_columns), "verifying a key range");
            }
            job.s_plan.range = r.clone();
            job.t_plan.range = r.clone();
            let (mut part, d, k) = merge::run_table(args, &job, rep.blank(), source, target, rt)?;
            if !whole && part.differences() > 0 {
                part.difference_ranges.push(r);
            }
            rep.absorb(part, usize::MAX);
            diffs.extend(d);
            runs.extend(k);
            if rep.interrupted {
                break;
            }
        }
        report.interrupted |= rep.interrupted;
        // An empty partition is normal; an empty table is a mistake (a wrong database).
        if whole && !rep.interrupted && rep.source_rows == 0 && rep.target_rows == 0 {
            rep.error = Some(report::ZERO_ROWS.into());
        }
        rep.duration_ms = started.elapsed().as_millis();
        let t = Checked { job, rep, diffs, runs, checked_at: clock.since() };
        if args.converge.is_some() && !report.interrupted {
            checked.push(t);
        } else {
            report.tables.push(finish_table(args, t, out)?);
        }
        if report.interrupted {
            break;
        }
    }
    if let (Some(timeout), false) = (args.converge, report.interrupted) {
        // Ctrl-C while converging: what still differed is the report, as at a timeout.
        match converge::run(args, timeout, &clock, &mut checked, source, target, rt) {
            Err(VerifyError::Interrupted) => report.interrupted = true,
            other => other?,
        }
        for t in checked {
            report.tables.push(finish_table(args, t, out)?);
        }
    }
    let failed_tables = report.tables.iter().filter(|t| t.error.is_some()).count() as u64;
    report.differences =
        report.tables.iter().map(TableReport::differences).sum::<u64>() + report.source_only_tables.len() as u64;
    report.passed = report.differences == 0 && failed_tables == 0 && !report.interrupted;
    Ok(Outcome { report, fingerprints })
}

/// The rules (configs' then flags') and the flags' alone, each known to both sides' normalizers.
fn checked_rules(args: &Options, source: &Side, target: &Side) -> Result<(Rules, Rules), VerifyError> {
    let flag_rules = Rules::parse(&args.column_rules)?;
    let rules = Rules::parse(&[args.config_rules.clone(), args.column_rules.clone()].concat())?;
    for (_, col, rule) in &rules.0 {
        for side in [source, target] {
            if !side.plugins.as_ref().expect("present").knows_rule(side.driver.family(), rule) {
                return Err(VerifyError::Usage(format!(
                    "--column-rule {col}={rule}: no normalizer for the {} driver knows rule {rule:?}",
                    side.driver.flag_name()
                )));
            }
        }
    }
    Ok((rules, flag_rules))
}

/// Every table described (and every key and rule checked) before any row is compared: a
/// mistake in the last table must not surface after the first was read.
fn prepare_jobs(
    args: &Options,
    (rules, flag_rules): &(Rules, Rules),
    named: Option<Vec<String>>,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
    report: &mut Report,
) -> Result<Vec<(TableJob, TableReport)>, VerifyError> {
    let listed = named.is_none();
    let tables = resolve_tables(named, &args.exclude_tables, source, target, rt, report)?;
    let mut jobs = Vec::with_capacity(tables.len());
    for table in &tables {
        match prepare_table(args, rules, table, source, target, rt) {
            Ok(job) => jobs.push(job),
            // A keyless table found by listing (a log, a staging table) does not stop the
            // others: it is skipped, said, and kept in the report; named, it is an error.
            Err(VerifyError::NoKey(t)) if listed => {
                warn!(
                    table = t.as_str(),
                    "table has no primary key: skipped (name it with --tables and --order-by to verify it)"
                );
                report.skipped_tables.push(t);
            }
            Err(e) => return Err(e),
        }
    }
    if jobs.is_empty() && !report.skipped_tables.is_empty() {
        return Err(VerifyError::Usage(format!(
            "no table to verify: every table found has no primary key ({}); use --tables with --order-by",
            report.skipped_tables.join(", ")
        )));
    }
    check_rules_used(flag_rules, &jobs)?;
    check_ignored_used(&args.ignore_columns, &jobs)?;
    Ok(jobs)
}

/// The tables to verify: those `--tables` names, or every table on both sides (the ones on one
/// side only are noted in the report).
fn resolve_tables(
    named: Option<Vec<String>>,
    exclude: &[String],
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
    report: &mut Report,
) -> Result<Vec<String>, VerifyError> {
    let excluded = |t: &str| exclude.iter().any(|g| prepare::glob_match(g, t));
    if let Some(tables) = named {
        let kept: Vec<String> = tables.into_iter().filter(|t| !excluded(t)).collect();
        if kept.is_empty() {
            return Err(VerifyError::Usage(
                "--exclude-tables excludes every table --tables names; nothing to verify".into(),
            ));
        }
        return Ok(kept);
    }
    let (s, t) = (side_tables(source, rt)?, side_tables(target, rt)?);
    let (s, t): (Vec<String>, Vec<String>) =
        (s.into_iter().filter(|x| !excluded(x)).collect(), t.into_iter().filter(|x| !excluded(x)).collect());
    let common: Vec<String> = s.iter().filter(|x| t.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
    report.source_only_tables = s.iter().filter(|x| !t.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
    report.target_only_tables = t.iter().filter(|x| !s.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
    for x in &report.source_only_tables {
        warn!(table = x.as_str(), "table missing on target");
    }
    for x in &report.target_only_tables {
        warn!(table = x.as_str(), "table exists on target only; not verified");
    }
    if common.is_empty() {
        let why = if exclude.is_empty() { "" } else { " (after --exclude-tables)" };
        return Err(VerifyError::Usage(format!(
            "no table exists on both sides{why}; nothing to verify (use --tables)"
        )));
    }
    Ok(common)
}

/// A table's verdict: its row lines and summary written, its report with sample keys.
fn finish_table(args: &Options, t: Checked, out: &mut dyn std::io::Write) -> Result<TableReport, VerifyError> {
    let Checked { mut rep, diffs, .. } = t;
    rep.record_samples(&diffs, args.report_keys);
    rep.record_keys(&diffs, diffs.len() < MAX_KEPT_DIFFS);
    // Too many to re-read row by row: --from-report re-reads the table (a part: its range).
    if rep.differing_keys_cut && rep.difference_ranges.is_empty() {
        rep.difference_ranges.push(range::KeyRange::all());
    }
    if args.collect_lines {
        rep.lines = diffs.iter().map(|d| d.line(&rep.table, &rep.key_columns)).collect();
    } else if args.print_rows {
        for d in &diffs {
            writeln!(out, "{}", d.line(&rep.table, &rep.key_columns))?;
        }
    }
    if let (Some(c), true) = (&rep.converge, args.print_summary) {
        writeln!(out, "{}", c.line(&rep.table))?;
    }
    out.flush()?;
    if !args.collect_lines {
        log_table(&rep, args.ranges.is_some());
    }
    Ok(rep)
}

/// A table's summary line on stderr: verified, with mismatches, or why it could not be.
/// `partial`: only some key ranges were read (a worker's partition, `--from-report`), so the
/// line must not say the table is verified.
pub fn log_table(rep: &TableReport, partial: bool) {
    if let Some(e) = &rep.error {
        error!(table = rep.table.as_str(), "{e}");
    } else if rep.interrupted {
        let (table, differences) = (rep.table.as_str(), rep.differences());
        let (source_rows, target_rows) = (rep.source_rows, rep.target_rows);
        warn!(table, source_rows, target_rows, differences, "interrupted; the rest of the table was not compared");
    } else if rep.differences() == 0 && partial {
        info!(
            table = rep.table.as_str(),
            rows = rep.source_rows,
            "key ranges verified; the rest of the table was not read"
        );
    } else if rep.differences() == 0 {
        info!(table = rep.table.as_str(), rows = rep.source_rows, "table verified");
    } else {
        // "differences" is the total; MISMATCH counts changed values only, and the columns
        // that changed are named (from the first differences kept for the report).
        let mut columns: Vec<&str> = rep.first_mismatches.iter().filter_map(|m| m["column"].as_str()).collect();
        columns.sort_unstable();
        columns.dedup();
        let (table, differences) = (rep.table.as_str(), rep.differences());
        let (mismatch, missing, extra) = (rep.mismatched_columns, rep.missing, rep.extra);
        if columns.is_empty() {
            warn!(table, differences, mismatch, missing, extra, "table differs");
        } else {
            warn!(table, differences, mismatch, missing, extra, columns = columns.join(",").as_str(), "table differs");
        }
    }
}
