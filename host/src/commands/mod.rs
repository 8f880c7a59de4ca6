//! Command bodies: what each `edg` subcommand does, given its parsed flags. `main` only parses,
//! starts logging and the runtime, and maps the outcome to an exit code.

mod errors;
mod plugins;

pub use errors::{error_line, install_panic_hook, register_secrets, usage_line};

use crate::cli::{Cli, Command, Format, PluginsCommand, SingleSide, SyncArgs, SyncCommand};
use crate::config::Section;
use crate::driver::Conn;
use crate::plugin::{Limits, Runtime};
use crate::sync::SideSpec;
use crate::{exit, redact};
use anyhow::{Context, Result, anyhow};
use std::io::Write;
use tokio::runtime::Handle;
use tracing::{error, info};

fn limits(cli: &Cli) -> Limits {
    Limits { timeout: cli.plugin_timeout, memory_bytes: (cli.plugin_memory_mib as usize) << 20 }
}

/// Run the command `cli` names; database I/O goes through `rt`.
pub fn run(cli: Cli, rt: &Handle) -> Result<i32> {
    // Neither needs plugins or a database.
    match &cli.command {
        Command::Completions { shell } => return Ok(crate::cli::help::completions(*shell)?),
        Command::Man => return Ok(crate::cli::help::man()?),
        _ => {}
    }
    let runtime = Runtime::new(limits(&cli))?;
    match &cli.command {
        Command::Sync(args) => sync(&cli, args, &runtime, rt),
        Command::Up(side) => single(&cli, side, &[Section::Up], "running", &runtime, rt),
        Command::Seed(side) => single(&cli, side, &[Section::Seed], "running", &runtime, rt),
        Command::Deseed(side) => single(&cli, side, &[Section::Deseed], "tearing down", &runtime, rt),
        Command::Down(side) => single(&cli, side, &[Section::Down], "tearing down", &runtime, rt),
        Command::Plugins(p) => match p.command {
            PluginsCommand::List => plugins::list(&cli, &runtime),
        },
        Command::Completions { .. } | Command::Man => unreachable!("handled before the runtime starts"),
    }
}

fn required<'a, T>(v: &'a Option<T>, flag: &str, env: &str) -> Result<&'a T> {
    v.as_ref().ok_or_else(|| anyhow!("{flag} is required (or set {env})"))
}

fn single(
    cli: &Cli,
    side: &SingleSide,
    sections: &[Section],
    verb: &str,
    runtime: &Runtime,
    rt: &Handle,
) -> Result<i32> {
    let spec = SideSpec {
        label: "database",
        driver: side.driver,
        url: required(&side.url, "--url", "EDG_URL")?.clone(),
        config: required(&side.config, "--config", "EDG_CONFIG")?.clone(),
    };
    crate::sync::run(&[spec], sections, cli.rng_seed, runtime, &cli.plugins, verb, rt)?;
    info!("complete");
    Ok(exit::OK)
}

/// Every required flag is checked before anything is written (the Go original checked
/// --target-url only after seeding the source).
fn sides(args: &SyncArgs, need_config: bool) -> Result<Vec<SideSpec>> {
    let c = &args.conn;
    let mut out = vec![SideSpec {
        label: "source",
        driver: c.source_driver,
        url: required(&c.source_url, "--source-url", "EDG_SOURCE_URL")?.clone(),
        config: if need_config {
            required(&c.source_config, "--source-config", "EDG_SOURCE_CONFIG")?.clone()
        } else {
            Default::default()
        },
    }];
    if let Some(cfg) = &c.target_config {
        out.push(SideSpec {
            label: "target",
            driver: c.target_driver,
            url: required(&c.target_url, "--target-url", "EDG_TARGET_URL")?.clone(),
            config: cfg.clone(),
        });
    }
    for s in &out {
        redact::register(&s.url);
    }
    Ok(out)
}

fn sync(cli: &Cli, args: &SyncArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    match &args.command {
        SyncCommand::Run => {
            let sides = sides(args, true)?;
            crate::sync::run(
                &sides,
                &[Section::Up, Section::Seed],
                cli.rng_seed,
                runtime,
                &cli.plugins,
                "running",
                rt,
            )?;
            info!("sync run complete");
            Ok(exit::OK)
        }
        SyncCommand::Down => {
            let sides = sides(args, true)?;
            crate::sync::run(
                &sides,
                &[Section::Deseed, Section::Down],
                cli.rng_seed,
                runtime,
                &cli.plugins,
                "tearing down",
                rt,
            )?;
            info!("sync down complete");
            Ok(exit::OK)
        }
        SyncCommand::Verify(v) => verify(cli, args, v, runtime, rt),
    }
}

fn verify(cli: &Cli, args: &SyncArgs, v: &crate::cli::VerifyArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let c = &args.conn;
    let s_driver = c.source_driver;
    let t_driver = c.target_driver;
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
    let (s_conn, t_conn) = rt.block_on(async {
        tokio::join!(Conn::connect_existing(s_driver, s_url), Conn::connect_existing(t_driver, t_url))
    });
    let source = crate::verify::Side::new("source", s_conn.context("source")?, runtime.instantiate(&loaded)?);
    let target = crate::verify::Side::new("target", t_conn.context("target")?, runtime.instantiate(&loaded)?);
    let outcome = crate::verify::verify(&options, source, target, rt, &mut std::io::stdout().lock())?;
    let report = outcome.report;
    if v.format == Format::Json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    }
    let failed_tables = report.tables.iter().filter(|t| t.error.is_some()).count();
    if report.differences > 0 {
        error!("verification failed: {} mismatches", report.differences);
        Ok(exit::DIFFERENCES)
    } else if failed_tables > 0 {
        error!("verification failed: {failed_tables} table(s) could not be verified");
        Ok(exit::DIFFERENCES)
    } else {
        info!("all tables verified");
        Ok(exit::OK)
    }
}
