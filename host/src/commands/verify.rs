//! `sync verify`: one verification, `--converge`, or `--continuous` passes.

use super::required;
use crate::cli::{Cli, Format, SyncArgs, VerifyArgs, VerifyCmd, VerifyStep};
use crate::driver::Conn;
use crate::plugin::Runtime;
use crate::verify::partition::{self, PartitionPlan};
use crate::verify::parts::{self, PartReport, PartitionId};
use crate::verify::range::KeyRange;
use crate::verify::report::{Databases, REPORT_HASH, Report, SCHEMA_VERSION};
use crate::verify::{Options, Side, VerifyError, seal};
use crate::{exit, redact};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Instant, SystemTime};
use tokio::runtime::Handle;
use tracing::{error, info, warn};

pub fn run(cli: &Cli, args: &SyncArgs, cmd: &VerifyCmd, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let v = &cmd.args;
    // Merging reads files only: no database, no connection flags needed.
    if let Some(VerifyStep::Merge { dir }) = &cmd.step {
        let mut found = Vec::new();
        for d in dir {
            found.extend(parts::read_dir(d)?);
        }
        let (report, lines) = parts::merge(found)?;
        return emit(&report, &lines, v, false);
    }
    let c = &args.conn;
    let s_url = required(&c.source_url, "--source-url", "EDG_SOURCE_URL")?;
    let t_url = required(&c.target_url, "--target-url", "EDG_TARGET_URL")?;
    redact::register(s_url);
    redact::register(t_url);
    let databases = Databases {
        source: crate::driver::identity(c.source_driver, s_url),
        target: crate::driver::identity(c.target_driver, t_url),
    };
    let configs: Vec<crate::config::Config> = [&c.source_config, &c.target_config]
        .into_iter()
        .flatten()
        .map(|p| crate::config::load(p))
        .collect::<Result<_, _>>()?;
    let loaded = crate::sync::load_plugins(runtime, &cli.plugins, &configs.iter().collect::<Vec<_>>())?;
    // Rules from the configs first: a later rule wins, so the command line overrides them.
    let config_rules =
        configs.iter().flat_map(|c| c.verify.column_rules.iter().map(|(col, rule)| format!("{col}={rule}"))).collect();
    let mut options = v.options(config_rules);
    options.config_ignore_columns.extend(configs.iter().flat_map(|c| c.verify.ignore_columns.iter().cloned()));
    if let Some(path) = &v.manifest {
        options.manifest = Some(crate::manifest::Manifest::read(path)?);
    }
    // Before anything is read: a report directory that cannot be written is a usage error now.
    if let Some(dir) = &v.report_out
        && let Err(e) = writable_dir(dir)
    {
        return Err(VerifyError::Usage(format!("--report-out {}: {e}", dir.display())).into());
    }
    if v.continuous.is_some_and(|d| d.is_zero()) {
        return Err(VerifyError::Usage("--continuous must be longer than 0 (e.g. --continuous 30s)".into()).into());
    }
    let scale = scale_out(v)?;
    let connect = || -> Result<(Side, Side)> {
        let (s_conn, t_conn) = rt.block_on(async {
            tokio::join!(Conn::connect_existing(c.source_driver, s_url), Conn::connect_existing(c.target_driver, t_url))
        });
        Ok((
            Side::new("source", s_conn.context("source")?, runtime.instantiate(&loaded)?),
            Side::new("target", t_conn.context("target")?, runtime.instantiate(&loaded)?),
        ))
    };
    if let Some(VerifyStep::Plan { partitions, out }) = &cmd.step {
        // Before the tables are scanned: a plan that cannot be written is a usage error now.
        if let Err(e) = crate::files::check_writable(out) {
            return Err(VerifyError::Usage(format!("writing {}: {e}", out.display())).into());
        }
        let (mut source, mut target) = connect()?;
        let run_id = Some(uuid::Uuid::new_v4().to_string());
        let plan = partition::make(&options, *partitions, (&mut source, &mut target), &databases, run_id, rt)?;
        plan.write(out)?;
        info!(path = out.display().to_string(), partitions, tables = plan.tables.len(), "plan written");
        return Ok(exit::OK);
    }
    if let Some(path) = &v.from_report {
        let (ranges, keys) = recheck_scope(path, &databases)?;
        if ranges.is_empty() {
            info!("the report holds no differences; nothing to re-check");
            return Ok(exit::OK);
        }
        options.ranges = Some(ranges);
        options.keys = keys;
    }
    match scale {
        Scale::Single => {}
        Scale::Worker(id) => {
            let (mut source, mut target) = connect()?;
            return worker(&options, v, id, (&mut source, &mut target), &databases, rt);
        }
        Scale::Concurrent(k) => {
            let mut pairs = (0..k).map(|_| connect()).collect::<Result<Vec<_>>>()?;
            return concurrent(&options, v, k, &mut pairs, &databases, rt);
        }
    }
    let (mut source, mut target) = connect()?;
    stop_on_ctrl_c(rt);
    match v.continuous {
        Some(interval) => continuous(&options, v, interval, &mut source, &mut target, &databases, rt),
        None => {
            let mut report =
                crate::verify::verify(&options, &mut source, &mut target, rt, &mut crate::output::stdout())?.report;
            report.databases = Some(databases);
            if v.format == Format::Json {
                write_json(&report, true)?;
            }
            Ok(verdict(&report, options.ranges.is_some()))
        }
    }
}

/// A report as JSON on stdout, with its hash (`--from-report` checks it).
fn write_json(report: &Report, pretty: bool) -> Result<()> {
    let mut out = crate::output::stdout();
    writeln!(out, "{}", seal::text(&seal::sealed(report, REPORT_HASH), pretty))
        .and_then(|_| out.flush())
        .context("writing the report to standard output")
}

/// Whether a worker will be able to write its part into `dir` (made if missing).
fn writable_dir(dir: &std::path::Path) -> Result<(), crate::files::FileError> {
    std::fs::create_dir_all(dir)?;
    crate::files::check_writable(&dir.join(format!(".edg-check-{}", std::process::id())))
}

/// How this verify runs: alone, as one partition's worker, or as K partitions at once.
enum Scale {
    Single,
    Worker(PartitionId),
    Concurrent(u32),
}

/// The scale-out flags, checked together. A Kubernetes Indexed Job's JOB_COMPLETION_INDEX and
/// JOB_COMPLETION_COUNT stand in for --partition when a plan or a report directory is given.
fn scale_out(v: &VerifyArgs) -> Result<Scale> {
    let usage = |m: &str| -> Result<Scale> { Err(VerifyError::Usage(m.into()).into()) };
    let from_env = || -> Result<Option<PartitionId>> {
        match (std::env::var("JOB_COMPLETION_INDEX"), std::env::var("JOB_COMPLETION_COUNT")) {
            (Ok(i), Ok(n)) => PartitionId::parse(&format!("{i}/{n}"))
                .map(Some)
                .map_err(|e| VerifyError::Usage(format!("JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT: {e}")).into()),
            _ => Ok(None),
        }
    };
    let partition = match v.partition {
        Some(p) => Some(p),
        None if v.plan.is_some() || v.report_out.is_some() => from_env()?,
        None => None,
    };
    let scaled = partition.is_some() || v.concurrency.is_some_and(|k| k > 1) || v.from_report.is_some();
    if scaled && (v.converge.is_some() || v.continuous.is_some()) {
        return usage(
            "--converge and --continuous verify whole tables; they do not combine with --partition, --concurrency or --from-report",
        );
    }
    if v.from_report.is_some() && (partition.is_some() || v.concurrency.is_some_and(|k| k > 1)) {
        return usage("--from-report re-checks its ranges in one process; drop --partition and --concurrency");
    }
    match (partition, v.concurrency) {
        (Some(_), Some(k)) if k > 1 => {
            usage("--partition and --concurrency do not combine: run one worker per partition")
        }
        (Some(p), _) => Ok(Scale::Worker(p)),
        (None, _) if v.plan.is_some() => {
            usage("--plan needs --partition I/N (or JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT)")
        }
        (None, _) if v.report_out.is_some() => {
            usage("--report-out needs --partition I/N (or JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT)")
        }
        (None, Some(k)) if k > 1 => Ok(Scale::Concurrent(k)),
        _ => Ok(Scale::Single),
    }
}

/// The plan a worker follows: the file given, or computed the same way by every worker (the
/// run id then from EDG_RUN_ID, e.g. a Kubernetes Job's uid, or derived from the plan).
fn plan_for(
    options: &Options,
    v: &VerifyArgs,
    n: u32,
    sides: (&mut Side, &mut Side),
    databases: &Databases,
    rt: &Handle,
) -> Result<PartitionPlan> {
    let plan = match &v.plan {
        Some(path) => PartitionPlan::read(path)?,
        None => partition::make(options, n, sides, databases, std::env::var("EDG_RUN_ID").ok(), rt)?,
    };
    if plan.databases != *databases {
        return Err(VerifyError::Usage(format!(
            "--plan was made for other databases (source {}, target {}) than this worker's (source {}, target {})",
            plan.databases.source, plan.databases.target, databases.source, databases.target
        ))
        .into());
    }
    if plan.partitions != n {
        return Err(
            VerifyError::Usage(format!("--partition .../{n}: the plan has {} partitions", plan.partitions)).into()
        );
    }
    if plan.options_hash != partition::options_hash(options) {
        return Err(VerifyError::Usage(
            "--plan was made with other verify options (tables, key, ignored columns, rules, precision, tolerance or report keys); use the same flags or make a new plan"
                .into(),
        )
        .into());
    }
    Ok(plan)
}

/// Verify one partition; with --report-out, also write its part file (an unfinished one first,
/// so a worker that fails cannot leave an earlier run's part looking like its own).
fn worker(
    options: &Options,
    v: &VerifyArgs,
    id: PartitionId,
    (source, target): (&mut Side, &mut Side),
    databases: &Databases,
    rt: &Handle,
) -> Result<i32> {
    let plan = plan_for(options, v, id.count, (&mut *source, &mut *target), databases, rt)?;
    if let Some(dir) = &v.report_out {
        PartReport::started(&plan, id, options.report_keys).write(dir)?;
    }
    let mut options = options.clone();
    options.ranges = Some(plan.ranges_for(id.index));
    options.expect = Some(plan.tables.iter().map(|t| (t.table.to_ascii_lowercase(), t.fingerprint.clone())).collect());
    options.collect_lines = true;
    let outcome = crate::verify::verify(&options, source, target, rt, &mut std::io::sink())?;
    let lines: Vec<String> = outcome.report.tables.iter().flat_map(|t| t.lines.iter().cloned()).collect();
    let part = PartReport::new(&plan, id, options.report_keys, outcome);
    if let Some(dir) = &v.report_out {
        let path = part.write(dir)?;
        info!(path = path.display().to_string(), partition = format!("{}/{}", id.index, id.count), "part written");
    }
    emit(&part.report, &lines, v, true)
}

/// K partitions of every table at once, each on its own connections; one report.
fn concurrent(
    options: &Options,
    v: &VerifyArgs,
    k: u32,
    pairs: &mut [(Side, Side)],
    databases: &Databases,
    rt: &Handle,
) -> Result<i32> {
    let plan = {
        let (source, target) = &mut pairs[0];
        partition::make(options, k, (source, target), databases, None, rt)?
    };
    let mut options = options.clone();
    options.collect_lines = true;
    let results: Vec<Result<PartReport, VerifyError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pairs
            .iter_mut()
            .enumerate()
            .map(|(i, (source, target))| {
                let mut opts = options.clone();
                opts.ranges = Some(plan.ranges_for(i as u32));
                let plan = &plan;
                scope.spawn(move || {
                    let id = PartitionId { index: i as u32, count: k };
                    crate::verify::verify(&opts, source, target, rt, &mut std::io::sink())
                        .map(|o| PartReport::new(plan, id, opts.report_keys, o))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(VerifyError::Usage("a partition thread panicked".into()))))
            .collect()
    });
    let parts = results
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.map(|p| (std::path::PathBuf::from(format!("partition {i}")), p)))
        .collect::<Result<Vec<_>, _>>()?;
    let (report, lines) = parts::merge(parts)?;
    emit(&report, &lines, v, false)
}

/// What `--from-report` re-checks, per table (lower-case): the rows the report found differing,
/// by key, where it kept all of them; else its differing ranges; and the whole of a table it
/// could not verify or found on the source only. Refused: a report edited, of another version
/// or of other databases.
fn recheck_scope(path: &std::path::Path, databases: &Databases) -> Result<(BTreeMap<String, Vec<KeyRange>>, Keys)> {
    let shown = path.display();
    let bad = |e: String| VerifyError::Usage(format!("--from-report {shown}: {e}"));
    let text = crate::files::read_bounded(path, crate::files::MAX_DOCUMENT_BYTES).map_err(|e| bad(e.to_string()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not a report `sync verify --format json` wrote: {e}")))?;
    if v.get("schema_version") != Some(&serde_json::Value::from(SCHEMA_VERSION)) {
        return Err(
            bad(format!("not a version {SCHEMA_VERSION} report (schema_version {})", v["schema_version"])).into()
        );
    }
    let v = seal::unsealed(&text, REPORT_HASH).map_err(|e| bad(e.to_string()))?;
    let report: Report =
        serde_json::from_value(v).map_err(|e| bad(format!("not a report `sync verify --format json` wrote: {e}")))?;
    match &report.databases {
        Some(d) if d == databases => {}
        Some(d) => {
            return Err(bad(format!(
                "it is a report of other databases (source {}, target {}) than these (source {}, target {})",
                d.source, d.target, databases.source, databases.target
            ))
            .into());
        }
        None => return Err(bad("it does not say which databases it was made of".into()).into()),
    }
    let (mut ranges, mut keys) = (BTreeMap::new(), Keys::new());
    for t in report.tables {
        let name = t.table.to_ascii_lowercase();
        if t.error.is_some() {
            ranges.insert(name, vec![KeyRange::all()]);
        } else if t.differences() > 0 && !t.differing_keys_cut && !t.differing_keys.is_empty() {
            ranges.insert(name.clone(), Vec::new());
            keys.insert(name, t.differing_keys);
        } else if t.differences() > 0 {
            let r = if t.difference_ranges.is_empty() { vec![KeyRange::all()] } else { t.difference_ranges };
            ranges.insert(name, r);
        }
    }
    for name in report.source_only_tables {
        ranges.insert(name.to_ascii_lowercase(), vec![KeyRange::all()]);
    }
    Ok((ranges, keys))
}

type Keys = BTreeMap<String, Vec<crate::verify::range::StoredKey>>;

/// A report as verify prints it: row lines (--verbose), per-table lines, the verdict; or JSON.
/// `partial`: the report covers some key ranges only (one worker's partition).
fn emit(report: &Report, lines: &[String], v: &VerifyArgs, partial: bool) -> Result<i32> {
    let mut out = crate::output::stdout();
    if v.format == Format::Text && v.verbose {
        for l in lines {
            writeln!(out, "{l}")?;
        }
    }
    for t in &report.tables {
        crate::verify::log_table(t, partial);
    }
    out.flush()?;
    if v.format == Format::Json {
        write_json(report, true)?;
    }
    Ok(verdict(report, partial))
}

/// The exit code for a report, with the line that explains it.
/// `partial`: only some key ranges were compared, so success is not "all tables verified".
fn verdict(report: &Report, partial: bool) -> i32 {
    if report.interrupted {
        let rows: u64 = report.tables.iter().map(|t| t.source_rows.max(t.target_rows)).sum();
        error!(
            "interrupted: {rows} rows of {} table(s) compared before Ctrl-C, {} differences among them; \
             nothing is verified",
            report.tables.len(),
            report.differences
        );
        return exit::INTERRUPTED;
    }
    let failed_tables = report.tables.iter().filter(|t| t.error.is_some()).count();
    let unconverged = report.tables.iter().filter(|t| t.converge.as_ref().is_some_and(|c| !c.converged)).count();
    if report.differences > 0 && unconverged > 0 {
        error!("verification failed: {} differences left when --converge timed out", report.differences);
        exit::DIFFERENCES
    } else if report.differences > 0 {
        let (m, missing, extra) =
            report.tables.iter().fold((0, 0, 0), |(m, a, b), t| (m + t.mismatched_columns, a + t.missing, b + t.extra));
        error!(
            "verification failed: {} differences ({m} MISMATCH, {missing} MISSING, {extra} EXTRA)",
            report.differences
        );
        exit::DIFFERENCES
    } else if failed_tables > 0 {
        error!("verification failed: {failed_tables} table(s) could not be verified");
        exit::DIFFERENCES
    } else if partial {
        info!("all requested key ranges verified; the rest of each table was not compared");
        exit::OK
    } else if !report.skipped_tables.is_empty() {
        // Never "all tables": the keyless ones were not compared.
        info!(
            verified = report.tables.len(),
            skipped = report.skipped_tables.join(",").as_str(),
            "every table with a key verified; tables without one were skipped"
        );
        exit::OK
    } else {
        info!("all tables verified");
        exit::OK
    }
}

/// The first Ctrl-C asks verify to stop after the batch in hand and report what it compared;
/// a second one ends the process at once.
fn stop_on_ctrl_c(rt: &Handle) {
    rt.spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            crate::verify::interrupt();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(exit::INTERRUPTED);
            }
        }
    });
}

/// Full passes every `interval` until Ctrl-C or `--passes`; a line (or JSON line) per pass.
fn continuous(
    options: &Options,
    v: &VerifyArgs,
    interval: std::time::Duration,
    source: &mut Side,
    target: &mut Side,
    databases: &Databases,
    rt: &Handle,
) -> Result<i32> {
    let mut last: Option<i32> = None;
    let (mut passed, mut failed) = (0u64, 0u64);
    let mut pass = 0u64;
    while v.passes.is_none_or(|n| pass < n) {
        pass += 1;
        let started = Instant::now();
        let started_at = crate::manifest::unix_ms(SystemTime::now());
        // Row lines go out only for the pass that found them; the pass summary follows.
        let mut out = crate::output::stdout();
        let mut report = match crate::verify::verify(options, source, target, rt, &mut out) {
            Ok(o) if !o.report.interrupted => o.report,
            Ok(_) | Err(VerifyError::Interrupted) => {
                warn!(pass, "interrupted; this pass is not counted");
                break;
            }
            Err(e) => return Err(e.into()),
        };
        report.pass = Some(pass);
        report.started_at_unix_ms = Some(started_at);
        report.databases = Some(databases.clone());
        match v.format {
            Format::Json => writeln!(out, "{}", seal::text(&seal::sealed(&report, REPORT_HASH), false))?,
            Format::Text => writeln!(out, "{}", report.pass_line(pass, started.elapsed()))?,
        }
        out.flush()?;
        let code = verdict(&report, false);
        if code == exit::OK {
            passed += 1
        } else {
            failed += 1
        }
        last = Some(code);
        if v.passes.is_some_and(|n| pass >= n) {
            break;
        }
        if crate::verify::sleep(interval.saturating_sub(started.elapsed())).is_err() {
            break;
        }
    }
    let interrupted = crate::verify::interrupted();
    if v.format == Format::Text {
        writeln!(
            crate::output::stdout(),
            "SUMMARY passes={} passed={passed} failed={failed} interrupted={interrupted}",
            passed + failed
        )?;
    }
    match last {
        Some(code) => Ok(code),
        None => {
            error!("interrupted before the first pass completed; nothing was verified");
            Ok(exit::DIFFERENCES)
        }
    }
}
