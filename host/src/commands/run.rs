//! `edg run` and `edg all`: a config's workload on one database, and the whole lifecycle
//! around it.

use super::required;
use crate::cli::{Cli, Format, WorkloadArgs};
use crate::config::Section;
use crate::plugin::Runtime;
use crate::sync::SideSpec;
use crate::workload::{self, Behaviour, Options, Outcome};
use crate::{exit, redact};
use anyhow::Result;
use std::io::Write;
use tokio::runtime::Handle;
use tracing::{error, info};

fn options(cli: &Cli, a: &WorkloadArgs) -> Result<Options> {
    let url = required(&a.side.url, "--url", "EDG_URL")?.clone();
    redact::register(&url);
    if let Some(t) = &a.target_url {
        redact::register(t);
    }
    Ok(Options {
        driver: a.side.driver,
        url,
        config: required(&a.side.config, "--config", "EDG_CONFIG")?.clone(),
        duration: a.duration,
        workers: a.workers,
        print_interval: a.print_interval,
        progress: cli.quiet == 0,
        warmup: a.warmup_duration,
        behaviour: Behaviour { retries: a.retries, no_wait: a.no_wait, log_errors: a.errors },
        metrics_addr: a.metrics_addr.clone(),
        seed: cli.rng_seed,
        rate: a.rate,
        plugins: cli.plugins.clone(),
        // With --target-config the target is written too (dual write), not a pipeline's.
        lag_target: a
            .target_url
            .clone()
            .filter(|_| a.target_config.is_none())
            .map(|u| (a.target_driver.unwrap_or(a.side.driver), u)),
        dual: match (&a.target_config, &a.target_url) {
            (Some(c), Some(u)) => Some((a.target_driver.unwrap_or(a.side.driver), u.clone(), c.clone())),
            _ => None,
        },
    })
}

/// The run's report on stdout (a summary, or JSON); exit 1 when an expectation failed.
fn emit(o: &Outcome, format: Format) -> Result<i32> {
    let mut out = crate::output::stdout();
    match format {
        Format::Json => {
            let v = serde_json::to_value(&o.report)?;
            writeln!(out, "{}", crate::verify::seal::text(&v, true))?;
        }
        Format::Text => write!(out, "{}", workload::report::summary(&o.report, &o.stats))?,
    }
    out.flush()?;
    if o.report.passed {
        Ok(exit::OK)
    } else {
        let failed = o.report.expectations.iter().filter(|v| !v.passed).count();
        error!("{failed} expectation(s) failed");
        Ok(exit::DIFFERENCES)
    }
}

pub fn run(cli: &Cli, a: &WorkloadArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let o = options(cli, a)?;
    let outcome = workload::run(&o, runtime, rt)?;
    emit(&outcome, a.format)
}

/// up → seed → the workload (when the config has one) → deseed + down, the teardown whatever
/// happened before it (the first failure is the one reported).
pub fn all(cli: &Cli, a: &WorkloadArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let o = options(cli, a)?;
    // The config and its workload are checked before anything is written.
    let has_workload = workload::check(&o, runtime)?;
    let mut sides =
        vec![SideSpec { label: "database", driver: o.driver, url: o.url.clone(), config: o.config.clone() }];
    if let Some(twin) = o.twin() {
        // The target's workload is checked too, before anything is written on either side.
        workload::check(&twin, runtime)?;
        sides[0].label = "source";
        sides.push(SideSpec { label: "target", driver: twin.driver, url: twin.url, config: twin.config });
    }
    let lifecycle = |sections: &[Section], verb: &str| {
        let what = crate::sync::Run {
            sections,
            seed: cli.rng_seed,
            plugins: &cli.plugins,
            verb,
            recorder: None,
            partition: None,
        };
        crate::sync::run(&sides, &what, runtime, rt)
    };
    lifecycle(&[Section::Up, Section::Seed], "running")?;
    let result = if has_workload {
        workload::run(&o, runtime, rt).map_err(anyhow::Error::from).and_then(|outcome| emit(&outcome, a.format))
    } else {
        info!("the config has no workload; tearing down");
        Ok(exit::OK)
    };
    let down = lifecycle(&[Section::Deseed, Section::Down], "tearing down");
    let code = result?;
    down?;
    info!("all complete");
    Ok(code)
}
