//! Command bodies: what each `edg` subcommand does, given its parsed flags. `main` only parses,
//! starts logging and the runtime, and maps the outcome to an exit code.

mod errors;
mod plugins;
mod run;
mod scaffold;
mod verify;

pub use errors::{chain_text, command_finished, error_line, install_panic_hook, register_secrets, usage_text};

use crate::cli::{Cli, Command, PluginsCommand, SingleSide, SyncArgs, SyncCommand};
use crate::config::Section;
use crate::plugin::{Limits, Runtime};
use crate::sync::SideSpec;
use crate::{exit, redact};
use anyhow::{Result, anyhow};
use tokio::runtime::Handle;
use tracing::info;

fn limits(cli: &Cli) -> Limits {
    Limits { timeout: cli.plugin_timeout, memory_bytes: (cli.plugin_memory_mib as usize) << 20 }
}

/// Run the command `cli` names; database I/O goes through `rt`.
pub fn run(cli: Cli, rt: &Handle) -> Result<i32> {
    // Neither needs plugins or a database.
    match &cli.command {
        Command::Completions { shell } => return Ok(crate::cli::help::completions(*shell)?),
        Command::Man { dir } => return Ok(crate::cli::help::man(dir.as_deref())?),
        _ => {}
    }
    // Before anything is generated: every "now" of this command is this instant.
    crate::clock::start().map_err(|e| anyhow!(e))?;
    let runtime = Runtime::new(limits(&cli))?;
    match &cli.command {
        Command::Sync(args) => sync(&cli, args, &runtime, rt),
        Command::Up(side) => single(&cli, side, &[Section::Up], "running", &runtime, rt),
        Command::Seed(side) => single(&cli, side, &[Section::Seed], "running", &runtime, rt),
        Command::Deseed(side) => single(&cli, side, &[Section::Deseed], "tearing down", &runtime, rt),
        Command::Down(side) => single(&cli, side, &[Section::Down], "tearing down", &runtime, rt),
        Command::Run(args) => run::run(&cli, args, &runtime, rt),
        Command::All(args) => run::all(&cli, args, &runtime, rt),
        Command::Plugins(p) => match p.command {
            PluginsCommand::List { format, ref plugin } => plugins::list(&cli, format, plugin.as_deref(), &runtime),
            PluginsCommand::New { ref name, kind, lang, ref dir } => scaffold::new(name, kind, lang, dir),
        },
        Command::Completions { .. } | Command::Man { .. } => unreachable!("handled before the runtime starts"),
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
    let what = crate::sync::Run { sections, seed: cli.rng_seed, plugins: &cli.plugins, verb, recorder: None };
    crate::sync::run(&[spec], &what, runtime, rt)?;
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
        SyncCommand::Run(run) => {
            let sides = sides(args, true)?;
            if let Some(path) = &run.manifest {
                // Found out after seeding, a bad path would lose the record of what was written;
                // a path that is a database file or a config would be overwritten.
                let inputs: Vec<&std::path::Path> = sides
                    .iter()
                    .flat_map(|s| [std::path::Path::new(crate::driver::sqlite::path_of(&s.url)), s.config.as_path()])
                    .collect();
                crate::manifest::check_writable(path, &inputs)?;
            }
            let recorder = run.manifest.as_ref().map(|_| crate::manifest::Recorder::default());
            let what = crate::sync::Run {
                sections: &[Section::Up, Section::Seed],
                seed: cli.rng_seed,
                plugins: &cli.plugins,
                verb: "running",
                recorder: recorder.as_ref(),
            };
            let started = std::time::Instant::now();
            crate::sync::run(&sides, &what, runtime, rt)?;
            if let (Some(r), Some(path)) = (&recorder, &run.manifest) {
                r.write(path)?;
                info!(path = %path.display(), "manifest written");
            }
            info!(sides = sides.len(), elapsed = %format!("{:.2}s", started.elapsed().as_secs_f64()), "sync run complete");
            Ok(exit::OK)
        }
        SyncCommand::Down => {
            let sides = sides(args, true)?;
            let what = crate::sync::Run {
                sections: &[Section::Deseed, Section::Down],
                seed: cli.rng_seed,
                plugins: &cli.plugins,
                verb: "tearing down",
                recorder: None,
            };
            crate::sync::run(&sides, &what, runtime, rt)?;
            info!("sync down complete");
            Ok(exit::OK)
        }
        SyncCommand::Verify(cmd) => verify::run(cli, args, cmd, runtime, rt),
    }
}
