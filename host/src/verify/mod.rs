//! `sync verify`: a streaming merge-join of two tables, one batch per side in memory.

pub mod compare;
mod cursor;
pub mod report;

use crate::column::Cell;
use crate::driver::{ColumnInfo, Conn, Driver, DriverError, TableInfo};
use crate::plugin::{ColumnSpec, PluginSet};
use crate::value::Value;
use cursor::{Batch, Plan, Row};
use report::{Diff, Report, TableReport};
use std::collections::HashMap;
use std::time::{Duration, Instant};
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
    /// Key columns; empty means each table's primary key.
    pub order_by: Vec<String>,
    pub ignore_columns: Vec<String>,
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
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}")]
    Usage(String),
    #[error("{side}: {inner}")]
    Driver { side: &'static str, inner: DriverError },
    #[error("table {table}: {message}")]
    Table { table: String, message: String },
    #[error("writing the report: {0}")]
    Output(#[from] std::io::Error),
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

pub struct Outcome {
    pub report: Report,
}

struct Rules(Vec<(Option<String>, String, String)>);

impl Rules {
    fn parse(specs: &[String]) -> Result<Self, VerifyError> {
        let mut out = Vec::new();
        for s in specs {
            let (col, rule) = s.split_once('=').ok_or_else(|| {
                VerifyError::Usage(format!("--column-rule {s:?}: expected COLUMN=RULE or TABLE.COLUMN=RULE"))
            })?;
            let (table, column) = match col.split_once('.') {
                Some((t, c)) => (Some(t.trim().to_string()), c.trim().to_string()),
                None => (None, col.trim().to_string()),
            };
            out.push((table, column, rule.trim().to_string()));
        }
        Ok(Rules(out))
    }

    fn for_column(&self, table: &str, column: &str) -> Option<String> {
        let hit = |t: &Option<String>| t.as_deref().is_none_or(|t| t.eq_ignore_ascii_case(table));
        self.0.iter().rev().find(|(t, c, _)| hit(t) && c.eq_ignore_ascii_case(column)).map(|(_, _, r)| r.clone())
    }
}

/// Compare every table; row lines (`--verbose`) go to `out` as they are found.
pub fn verify(
    args: &Options,
    mut source: Side,
    mut target: Side,
    rt: &Handle,
    out: &mut dyn std::io::Write,
) -> Result<Outcome, VerifyError> {
    if !(1..=MAX_BATCH).contains(&args.batch_size) {
        return Err(VerifyError::Usage(if args.batch_size <= 0 {
            format!("--batch-size must be at least 1, got {}", args.batch_size)
        } else {
            format!("--batch-size must be at most {MAX_BATCH}, got {}", args.batch_size)
        }));
    }
    let flag_rules = Rules::parse(&args.column_rules)?;
    let rules = Rules::parse(&[args.config_rules.clone(), args.column_rules.clone()].concat())?;
    for (_, col, rule) in &rules.0 {
        for side in [&source, &target] {
            if !side.plugins.as_ref().expect("present").knows_rule(side.driver.family(), rule) {
                return Err(VerifyError::Usage(format!(
                    "--column-rule {col}={rule}: no normalizer for the {} driver knows rule {rule:?}",
                    side.driver.flag_name()
                )));
            }
        }
    }
    let named = named_tables(&args.tables)?;
    if !args.wait.is_zero() {
        info!(duration = format!("{:?}", args.wait), "waiting for convergence");
        std::thread::sleep(args.wait);
    }

    let mut report = Report::default();
    let tables = match named {
        Some(tables) => tables,
        None => {
            let (s, t) = (side_tables(&mut source, rt)?, side_tables(&mut target, rt)?);
            let common: Vec<String> =
                s.iter().filter(|x| t.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
            report.source_only_tables =
                s.iter().filter(|x| !t.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
            report.target_only_tables =
                t.iter().filter(|x| !s.iter().any(|y| y.eq_ignore_ascii_case(x))).cloned().collect();
            for x in &report.source_only_tables {
                warn!(table = x.as_str(), "table missing on target");
            }
            for x in &report.target_only_tables {
                warn!(table = x.as_str(), "table exists on target only; not verified");
            }
            if common.is_empty() {
                return Err(VerifyError::Usage(
                    "no table exists on both sides; nothing to verify (use --tables)".into(),
                ));
            }
            common
        }
    };

    // Every table is described (and every key and rule checked) before any row is compared:
    // a mistake in the last table must not surface after the first was read.
    let mut jobs = Vec::with_capacity(tables.len());
    for table in &tables {
        jobs.push(prepare_table(args, &rules, table, &mut source, &mut target, rt)?);
    }
    check_rules_used(&flag_rules, &jobs)?;

    for (job, rep) in jobs {
        let started = Instant::now();
        let (t_report, diffs) = run_table(args, &job, rep, &mut source, &mut target, rt)?;
        let mut t_report = t_report;
        t_report.duration_ms = started.elapsed().as_millis();
        let key_names = t_report.key_columns.clone();
        if args.print_rows {
            for d in &diffs {
                writeln!(out, "{}", d.line(&t_report.table, &key_names))?;
            }
            out.flush()?;
        }
        if let Some(e) = &t_report.error {
            error!(table = t_report.table.as_str(), "{e}");
        } else if t_report.differences() == 0 {
            info!(table = t_report.table.as_str(), rows = t_report.source_rows, "table verified");
        } else {
            warn!(
                table = t_report.table.as_str(),
                mismatches = t_report.differences(),
                missing = t_report.missing,
                extra = t_report.extra,
                "table has mismatches"
            );
        }
        report.tables.push(t_report);
    }
    let failed_tables = report.tables.iter().filter(|t| t.error.is_some()).count() as u64;
    report.differences =
        report.tables.iter().map(TableReport::differences).sum::<u64>() + report.source_only_tables.len() as u64;
    report.passed = report.differences == 0 && failed_tables == 0;
    Ok(Outcome { report })
}

/// The tables `--tables` names, without repeats; `None` when the flag was not given.
fn named_tables(flag: &[String]) -> Result<Option<Vec<String>>, VerifyError> {
    if flag.is_empty() {
        return Ok(None);
    }
    let mut out: Vec<String> = Vec::new();
    for t in flag.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_string());
        }
    }
    if out.is_empty() {
        return Err(VerifyError::Usage(format!(
            "--tables {:?} names no table; list tables (e.g. --tables users,orders) or omit the flag to verify every table on both sides",
            flag.join(",")
        )));
    }
    Ok(Some(out))
}

/// A `--column-rule` that applies to no column of the verified tables is a typo.
fn check_rules_used(rules: &Rules, jobs: &[(TableJob, TableReport)]) -> Result<(), VerifyError> {
    for (table, column, rule) in &rules.0 {
        let hit = jobs.iter().any(|(job, _)| {
            table.as_deref().is_none_or(|t| t.eq_ignore_ascii_case(&job.s_plan.table))
                && job.known_columns.iter().any(|c| c.eq_ignore_ascii_case(column))
        });
        if !hit {
            let col = table.as_ref().map(|t| format!("{t}.{column}")).unwrap_or_else(|| column.clone());
            let tables: Vec<&str> = jobs.iter().map(|(j, _)| j.s_plan.table.as_str()).collect();
            return Err(VerifyError::Usage(format!(
                "--column-rule {col}={rule}: no column {col} in the verified tables ({})",
                tables.join(", ")
            )));
        }
    }
    Ok(())
}

/// The side's tables, listed on first use only.
fn side_tables(side: &mut Side, rt: &Handle) -> Result<Vec<String>, VerifyError> {
    if side.tables.is_none() {
        let listed =
            rt.block_on(side.conn().tables()).map_err(|e| VerifyError::Driver { side: side.label, inner: e })?;
        side.tables = Some(listed);
    }
    Ok(side.tables.clone().unwrap_or_default())
}

fn describe(side: &mut Side, table: &str, rt: &Handle) -> Result<TableInfo, VerifyError> {
    let all = side_tables(side, rt)?;
    rt.block_on(side.conn().describe(table, &all))
        .map_err(|e| VerifyError::Driver { side: side.label, inner: e })?
        .ok_or_else(|| VerifyError::Table {
            table: table.to_string(),
            message: format!("does not exist on the {}", side.label),
        })
}

fn find<'a>(info: &'a TableInfo, name: &str) -> Option<&'a ColumnInfo> {
    info.columns
        .iter()
        .find(|c| c.name == name)
        .or_else(|| info.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
}

/// Describe a table on both sides and decide what to compare, before anything is read.
fn prepare_table(
    args: &Options,
    rules: &Rules,
    table: &str,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<(TableJob, TableReport), VerifyError> {
    let s_info = describe(source, table, rt)?;
    let t_info = describe(target, table, rt)?;
    let terr = |message: String| VerifyError::Table { table: table.to_string(), message };

    let key: Vec<String> = if !args.order_by.is_empty() {
        args.order_by.iter().map(|k| k.trim().to_string()).collect()
    } else if !s_info.primary_key.is_empty() {
        s_info.primary_key.clone()
    } else if !t_info.primary_key.is_empty() {
        t_info.primary_key.clone()
    } else {
        return Err(terr(
            "has no primary key on either side; pass --order-by with a unique column (or columns)".into(),
        ));
    };
    let mut s_cols = Vec::new();
    let mut t_cols = Vec::new();
    let sql = |d: Driver| d.dialect().pages_in_sql();
    // UUIDs sort like their hex text (digits before letters in either case), so they count as text.
    let textish = |d: Driver, ty: &str| d.dialect().is_text(ty) || ty.to_ascii_uppercase().starts_with("UUID");
    for k in &key {
        let s = find(&s_info, k).ok_or_else(|| terr(format!("key column {k} does not exist on the source")))?;
        let t = find(&t_info, k).ok_or_else(|| terr(format!("key column {k} does not exist on the target")))?;
        // A text key sorts "10" before "9"; a numeric one does not: the merge would desynchronise.
        if sql(source.driver)
            && sql(target.driver)
            && textish(source.driver, &s.db_type) != textish(target.driver, &t.db_type)
        {
            return Err(terr(format!(
                "key column {k} is {} on the source but {} on the target; the two sort differently (cast one side or choose another --order-by)",
                if s.db_type.is_empty() { "untyped" } else { &s.db_type },
                if t.db_type.is_empty() { "untyped" } else { &t.db_type }
            )));
        }
        s_cols.push(s.clone());
        t_cols.push(t.clone());
    }
    let ignored = |name: &str| args.ignore_columns.iter().any(|i| i.trim().eq_ignore_ascii_case(name));
    let is_key = |name: &str| key.iter().any(|k| k.eq_ignore_ascii_case(name));
    let mut compared = Vec::new();
    let mut excluded = Vec::new();
    for c in &s_info.columns {
        if is_key(&c.name) || ignored(&c.name) {
            continue;
        }
        match find(&t_info, &c.name) {
            Some(t) => {
                s_cols.push(c.clone());
                t_cols.push(t.clone());
                compared.push(c.name.clone());
            }
            None => excluded.push(format!("{} (source only)", c.name)),
        }
    }
    for c in &t_info.columns {
        if !is_key(&c.name) && !ignored(&c.name) && find(&s_info, &c.name).is_none() {
            excluded.push(format!("{} (target only)", c.name));
        }
    }
    if !excluded.is_empty() {
        info!(table, columns = excluded.join(", "), "columns on one side only are not compared");
    }

    let plan = |side: &Side, info: &TableInfo, cols: Vec<ColumnInfo>| Plan {
        side: side.label,
        driver: side.driver,
        table: info.name.clone(),
        specs: cols
            .iter()
            .map(|c| ColumnSpec {
                driver: side.driver.family().into(),
                table: info.name.clone(),
                name: c.name.clone(),
                db_type: c.db_type.clone(),
                rule: rules.for_column(&info.name, &c.name),
                timestamp_precision: args.timestamp_precision,
            })
            .collect(),
        columns: cols,
        key_len: key.len(),
    };
    let s_plan = plan(source, &s_info, s_cols);
    let t_plan = plan(target, &t_info, t_cols);

    let rep = TableReport {
        table: table.to_string(),
        key_columns: key.clone(),
        compared_columns: compared.clone(),
        excluded_columns: excluded,
        ..TableReport::default()
    };
    let known_columns = s_info.columns.iter().chain(&t_info.columns).map(|c| c.name.clone()).collect();
    Ok((TableJob { s_plan, t_plan, columns: compared, known_columns }, rep))
}

/// Merge one prepared table, then re-check its differences if asked to.
fn run_table(
    args: &Options,
    job: &TableJob,
    mut rep: TableReport,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<(TableReport, Vec<Diff>), VerifyError> {
    let mut diffs = Vec::new();
    job.merge(args, source, target, &mut rep, &mut diffs, rt)?;

    if rep.source_rows == 0 && rep.target_rows == 0 {
        rep.error = Some(
            "both source and target returned zero rows; nothing was verified (is this the right database?)".into(),
        );
    }
    if args.live_retries > 0 && !diffs.is_empty() {
        job.recheck(args, source, target, &mut rep, &mut diffs, rt)?;
    }
    rep.record_samples(&diffs, args.report_keys);
    Ok((rep, diffs))
}

/// One side's rows as they arrive: the current batch and the position in it.
struct Stream {
    rx: std::sync::mpsc::Receiver<cursor::BatchResult>,
    batch: Option<Batch>,
    idx: usize,
    done: bool,
}

impl Stream {
    fn new(rx: std::sync::mpsc::Receiver<cursor::BatchResult>) -> Self {
        Stream { rx, batch: None, idx: 0, done: false }
    }

    fn head(&self) -> Option<(&Batch, usize)> {
        self.batch.as_ref().filter(|b| self.idx < b.len).map(|b| (b, self.idx))
    }

    fn advance(&mut self) -> Result<(), VerifyError> {
        self.advance_by(1)
    }

    fn advance_by(&mut self, n: usize) -> Result<(), VerifyError> {
        self.idx += n;
        self.fill()
    }

    /// Rows left in the current batch.
    fn left(&self) -> usize {
        self.batch.as_ref().map_or(0, |b| b.len - self.idx)
    }

    /// Receive batches until the position is on a row or the stream has ended.
    fn fill(&mut self) -> Result<(), VerifyError> {
        while self.batch.as_ref().is_none_or(|b| self.idx >= b.len) {
            if self.done {
                self.batch = None;
                return Ok(());
            }
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    self.batch = Some(b);
                    self.idx = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => self.done = true,
            }
        }
        Ok(())
    }
}

/// Rows compared as one block where both sides agree: keys and every compared column checked
/// column by column in bulk (one `memcmp` for a block of text), instead of cell by cell.
const BLOCK: usize = 128;

/// Whether the next `n` rows of `a` from `i` and of `b` from `j` are equal, keys and values,
/// decided in bulk. False means "not known": they are merged row by row.
fn same_block((a, i): (&Batch, usize), (b, j): (&Batch, usize), n: usize) -> bool {
    a.cols.iter().zip(&b.cols).all(|(x, y)| x.same_run(i, y, j, n))
}

/// Record a difference; beyond the cap only the counts (kept by the caller) grow.
fn keep(diffs: &mut Vec<Diff>, d: Diff) {
    if diffs.len() < MAX_KEPT_DIFFS {
        diffs.push(d);
    }
}

/// Compare row `i` of `a` with row `j` of `b` (same key), column by column.
fn compare_at(
    (a, i): (&Batch, usize),
    (b, j): (&Batch, usize),
    columns: &[String],
    tol: Option<f64>,
    rep: &mut TableReport,
    diffs: &mut Vec<Diff>,
) {
    let k = a.key_len;
    let cells = (0..columns.len()).map(|c| (a.cols[k + c].cell(i), b.cols[k + c].cell(j)));
    compare_cells(cells, || a.key(i), columns, tol, rep, diffs);
}

/// `compare_at` for two re-read rows (live re-checks).
fn compare_row(s: &Row, t: &Row, columns: &[String], tol: Option<f64>, rep: &mut TableReport, diffs: &mut Vec<Diff>) {
    let cells = s.values.iter().zip(&t.values).map(|(x, y)| (Cell::of(x), Cell::of(y)));
    compare_cells(cells, || s.key.clone(), columns, tol, rep, diffs);
}

/// Count and record the differing cells of one matched row.
fn compare_cells<'a>(
    cells: impl Iterator<Item = (Cell<'a>, Cell<'a>)>,
    key: impl Fn() -> Vec<Value>,
    columns: &[String],
    tol: Option<f64>,
    rep: &mut TableReport,
    diffs: &mut Vec<Diff>,
) {
    let mut differs = false;
    for ((x, y), col) in cells.zip(columns) {
        if !compare::equal_cells(x, y, tol) {
            differs = true;
            rep.mismatched_columns += 1;
            let d = Diff::Mismatch {
                key: key(),
                column: col.clone(),
                source: x.value().into_owned(),
                target: y.value().into_owned(),
            };
            keep(diffs, d);
        }
    }
    if differs { rep.mismatched_rows += 1 } else { rep.matched += 1 }
}

/// One table's comparison: what to read on each side and which columns to compare.
struct TableJob {
    s_plan: Plan,
    t_plan: Plan,
    columns: Vec<String>,
    /// Every column of the table on either side, for checking `--column-rule` names.
    known_columns: Vec<String>,
}

impl TableJob {
    fn merge(
        &self,
        args: &Options,
        source: &mut Side,
        target: &mut Side,
        rep: &mut TableReport,
        diffs: &mut Vec<Diff>,
        rt: &Handle,
    ) -> Result<(), VerifyError> {
        let (s_plan, t_plan, columns) = (&self.s_plan, &self.t_plan, self.columns.as_slice());
        // The cursor threads own the connections while they stream and hand them back at the end.
        let (s_conn, s_plugins) = (source.conn.take().expect("connected"), source.plugins.take().expect("loaded"));
        let (t_conn, t_plugins) = (target.conn.take().expect("connected"), target.plugins.take().expect("loaded"));
        let (s_rx, s_task) = cursor::spawn(s_conn, s_plugins, s_plan.clone(), args.batch_size, rt.clone());
        let (t_rx, t_task) = cursor::spawn(t_conn, t_plugins, t_plan.clone(), args.batch_size, rt.clone());
        let mut s = Stream::new(s_rx);
        let mut t = Stream::new(t_rx);
        let result = (|| {
            s.fill()?;
            t.fill()?;
            // Rows still to merge one by one since a block was found to differ.
            let mut slow = 0usize;
            loop {
                let n = s.left().min(t.left()).min(BLOCK);
                if slow == 0 && n > 1 {
                    let (a, b) = (s.head().expect("rows left"), t.head().expect("rows left"));
                    if same_block(a, b, n) {
                        let n64 = n as u64;
                        rep.matched += n64;
                        rep.source_rows += n64;
                        rep.target_rows += n64;
                        s.advance_by(n)?;
                        t.advance_by(n)?;
                        continue;
                    }
                    slow = n;
                }
                slow = slow.saturating_sub(1);
                let order = match (s.head(), t.head()) {
                    (None, None) => break,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(a), Some(b)) => compare::cmp_key_at(a, b),
                };
                match order {
                    std::cmp::Ordering::Equal => {
                        let (a, b) = (s.head().expect("head"), t.head().expect("head"));
                        compare_at(a, b, columns, args.float_tolerance, rep, diffs);
                        rep.source_rows += 1;
                        rep.target_rows += 1;
                        s.advance()?;
                        t.advance()?;
                    }
                    std::cmp::Ordering::Less => {
                        let (a, i) = s.head().expect("head");
                        rep.missing += 1;
                        rep.source_rows += 1;
                        keep(diffs, Diff::Missing { key: a.key(i) });
                        s.advance()?;
                    }
                    std::cmp::Ordering::Greater => {
                        let (b, j) = t.head().expect("head");
                        rep.extra += 1;
                        rep.target_rows += 1;
                        keep(diffs, Diff::Extra { key: b.key(j) });
                        t.advance()?;
                    }
                }
            }
            Ok::<(), VerifyError>(())
        })();
        drop(s);
        drop(t);
        let (sc, sp) = s_task.join().map_err(|_| VerifyError::Table {
            table: s_plan.table.clone(),
            message: "source reader panicked".into(),
        })?;
        let (tc, tp) = t_task.join().map_err(|_| VerifyError::Table {
            table: t_plan.table.clone(),
            message: "target reader panicked".into(),
        })?;
        source.conn = Some(sc);
        source.plugins = Some(sp);
        target.conn = Some(tc);
        target.plugins = Some(tp);
        result
    }
}

/// Fetch rows by key from one side, normalised, keyed by their key text.
fn fetch_keys(
    side: &mut Side,
    plan: &Plan,
    keys: &[Vec<Value>],
    rt: &Handle,
) -> Result<HashMap<String, Row>, VerifyError> {
    let mut out = HashMap::new();
    for chunk in keys.chunks(500) {
        let rows = plan
            .fetch_keys(side.conn(), chunk, rt)
            .map_err(|m| VerifyError::Table { table: plan.table.clone(), message: format!("{}: {m}", side.label) })?;
        for r in plan.batch(side.plugins(), rows)?.into_rows() {
            out.insert(key_text(&r.key), r);
        }
    }
    Ok(out)
}

fn key_text(k: &[Value]) -> String {
    k.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join("\u{1f}")
}

impl TableJob {
    /// Re-read the differing keys after a delay; differences that disappear were replication lag.
    fn recheck(
        &self,
        args: &Options,
        source: &mut Side,
        target: &mut Side,
        rep: &mut TableReport,
        diffs: &mut Vec<Diff>,
        rt: &Handle,
    ) -> Result<(), VerifyError> {
        let (s_plan, t_plan, columns) = (&self.s_plan, &self.t_plan, self.columns.as_slice());
        for attempt in 1..=args.live_retries {
            if diffs.is_empty() || diffs.len() >= MAX_KEPT_DIFFS {
                break;
            }
            let mut keys: Vec<Vec<Value>> = diffs.iter().map(|d| d.key().to_vec()).collect();
            keys.sort_by(|a, b| crate::key::cmp_key(a, b));
            keys.dedup_by(|a, b| crate::key::cmp_key(a, b) == std::cmp::Ordering::Equal);
            info!(
                table = rep.table.as_str(),
                keys = keys.len(),
                attempt = format!("{attempt}/{}", args.live_retries),
                "re-checking differences"
            );
            std::thread::sleep(args.retry_delay);
            let s_rows = fetch_keys(source, s_plan, &keys, rt)?;
            let t_rows = fetch_keys(target, t_plan, &keys, rt)?;
            // Recount from scratch for these keys; rows not re-checked keep their verdicts.
            rep.mismatched_columns = 0;
            rep.mismatched_rows = 0;
            let before_missing = diffs.iter().filter(|d| matches!(d, Diff::Missing { .. })).count() as u64;
            let before_extra = diffs.iter().filter(|d| matches!(d, Diff::Extra { .. })).count() as u64;
            let mut fresh = Vec::new();
            let mut scratch = TableReport::default();
            for k in &keys {
                let kt = key_text(k);
                match (s_rows.get(&kt), t_rows.get(&kt)) {
                    (Some(a), Some(b)) => compare_row(a, b, columns, args.float_tolerance, &mut scratch, &mut fresh),
                    (Some(_), None) => fresh.push(Diff::Missing { key: k.clone() }),
                    (None, Some(_)) => fresh.push(Diff::Extra { key: k.clone() }),
                    (None, None) => {}
                }
            }
            let missing = fresh.iter().filter(|d| matches!(d, Diff::Missing { .. })).count() as u64;
            let extra = fresh.iter().filter(|d| matches!(d, Diff::Extra { .. })).count() as u64;
            rep.missing = rep.missing - before_missing + missing;
            rep.extra = rep.extra - before_extra + extra;
            rep.mismatched_columns = scratch.mismatched_columns;
            rep.mismatched_rows = scratch.mismatched_rows;
            rep.matched = rep.source_rows.saturating_sub(rep.missing + rep.mismatched_rows);
            *diffs = fresh;
        }
        Ok(())
    }
}
