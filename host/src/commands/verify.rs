//! `sync verify`: one verification, `--converge`, or `--continuous` passes.

use super::required;
use crate::cli::{Cli, Format, SyncArgs, VerifyArgs};
use crate::driver::Conn;
use crate::plugin::Runtime;
use crate::verify::{Options, Side, VerifyError, report::Report};
use crate::{exit, redact};
use anyhow::{Context, Result};
use std::io::Write;
use std::time::{Instant, SystemTime};
use tokio::runtime::Handle;
use tracing::{error, info, warn};

pub fn run(cli: &Cli, args: &SyncArgs, v: &VerifyArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let c = &args.conn;
    let s_url = required(&c.source_url, "--source-url", "EDG_SOURCE_URL")?;
    let t_url = required(&c.target_url, "--target-url", "EDG_TARGET_URL")?;
    redact::register(s_url);
    redact::register(t_url);
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
    options.ignore_columns.extend(configs.iter().flat_map(|c| c.verify.ignore_columns.iter().cloned()));
    if let Some(path) = &v.manifest {
        options.manifest = Some(crate::manifest::Manifest::read(path)?);
    }
    if v.continuous.is_some_and(|d| d.is_zero()) {
        return Err(VerifyError::Usage("--continuous must be longer than 0 (e.g. --continuous 30s)".into()).into());
    }
    let (s_conn, t_conn) = rt.block_on(async {
        tokio::join!(Conn::connect_existing(c.source_driver, s_url), Conn::connect_existing(c.target_driver, t_url))
    });
    let mut source = Side::new("source", s_conn.context("source")?, runtime.instantiate(&loaded)?);
    let mut target = Side::new("target", t_conn.context("target")?, runtime.instantiate(&loaded)?);
    match v.continuous {
        Some(interval) => continuous(&options, v, interval, &mut source, &mut target, rt),
        None => {
            let report =
                crate::verify::verify(&options, &mut source, &mut target, rt, &mut std::io::stdout().lock())?.report;
            if v.format == Format::Json {
                let mut out = std::io::stdout().lock();
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            }
            Ok(verdict(&report))
        }
    }
}

/// The exit code for a report, with the line that explains it.
fn verdict(report: &Report) -> i32 {
    let failed_tables = report.tables.iter().filter(|t| t.error.is_some()).count();
    let unconverged = report.tables.iter().filter(|t| t.converge.as_ref().is_some_and(|c| !c.converged)).count();
    if report.differences > 0 && unconverged > 0 {
        error!("verification failed: {} differences left when --converge timed out", report.differences);
        exit::DIFFERENCES
    } else if report.differences > 0 {
        error!("verification failed: {} mismatches", report.differences);
        exit::DIFFERENCES
    } else if failed_tables > 0 {
        error!("verification failed: {failed_tables} table(s) could not be verified");
        exit::DIFFERENCES
    } else {
        info!("all tables verified");
        exit::OK
    }
}

/// Full passes every `interval` until Ctrl-C or `--passes`; a line (or JSON line) per pass.
fn continuous(
    options: &Options,
    v: &VerifyArgs,
    interval: std::time::Duration,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<i32> {
    rt.spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            crate::verify::interrupt();
        }
    });
    let mut last: Option<i32> = None;
    let (mut passed, mut failed) = (0u64, 0u64);
    let mut pass = 0u64;
    while v.passes.is_none_or(|n| pass < n) {
        pass += 1;
        let started = Instant::now();
        let started_at = crate::manifest::unix_ms(SystemTime::now());
        // Row lines go out only for the pass that found them; the pass summary follows.
        let mut out = std::io::stdout().lock();
        let mut report = match crate::verify::verify(options, source, target, rt, &mut out) {
            Ok(o) => o.report,
            Err(VerifyError::Interrupted) => {
                warn!(pass, "interrupted; this pass is not counted");
                break;
            }
            Err(e) => return Err(e.into()),
        };
        report.pass = Some(pass);
        report.started_at_unix_ms = Some(started_at);
        match v.format {
            Format::Json => {
                serde_json::to_writer(&mut out, &report)?;
                writeln!(out)?;
            }
            Format::Text => writeln!(out, "{}", report.pass_line(pass, started.elapsed()))?,
        }
        out.flush()?;
        drop(out);
        let code = verdict(&report);
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
        println!("SUMMARY passes={} passed={passed} failed={failed} interrupted={interrupted}", passed + failed);
    }
    match last {
        Some(code) => Ok(code),
        None => {
            error!("interrupted before the first pass completed; nothing was verified");
            Ok(exit::DIFFERENCES)
        }
    }
}
