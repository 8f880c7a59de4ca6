//! Command bodies: what each `edg` subcommand does, given its parsed flags. `main` only parses,
//! starts logging and the runtime, and maps the outcome to an exit code.

mod errors;
mod plugins;
mod run;
mod scaffold;
mod verify;

pub use errors::{
    chain_text, clap_outcome, command_finished, error_line, install_panic_hook, outcome, register_secrets, usage_text,
};

use crate::cli::{Cli, Command, PluginsCommand, RunArgs, RunStep, SeedArgs, SingleSide, SyncArgs, SyncCommand};
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
    crate::clock::start()?;
    let runtime = Runtime::new(limits(&cli))?;
    match &cli.command {
        Command::Sync(args) => sync(&cli, args, &runtime, rt),
        Command::Up(side) => single(&cli, side, &[Section::Up], "running", &runtime, rt),
        Command::Seed(seed) => seed_one(&cli, seed, &runtime, rt),
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
    let spec = single_spec(side)?;
    let what =
        crate::sync::Run { sections, seed: cli.rng_seed, plugins: &cli.plugins, verb, recorder: None, partition: None };
    crate::sync::run(&[spec], &what, runtime, rt)?;
    info!("complete");
    Ok(exit::OK)
}

fn single_spec(side: &SingleSide) -> Result<SideSpec> {
    Ok(SideSpec {
        label: "database",
        driver: side.driver,
        url: required(&side.url, "--url", "EDG_URL")?.clone(),
        config: required(&side.config, "--config", "EDG_CONFIG")?.clone(),
    })
}

/// `edg seed`: the seed section on one database, or one partition of it.
fn seed_one(cli: &Cli, args: &SeedArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let spec = single_spec(&args.side)?;
    redact::register(&spec.url);
    seeding(cli, &args.run, &[spec], &[Section::Seed], runtime, rt)?;
    info!("complete");
    Ok(exit::OK)
}

/// Seed `sides` (`sections`: up and seed, or seed alone), as one run or one partition, and
/// write the manifest if asked. Everything is checked before the first write.
fn seeding(
    cli: &Cli,
    run: &RunArgs,
    sides: &[SideSpec],
    sections: &[Section],
    runtime: &Runtime,
    rt: &Handle,
) -> Result<()> {
    if let Some(path) = &run.manifest {
        // Found out after seeding, a bad path would lose the record of what was written;
        // a path that is a database file or a config would be overwritten.
        let inputs: Vec<&std::path::Path> = sides
            .iter()
            .flat_map(|s| [std::path::Path::new(crate::driver::sqlite::path_of(&s.url)), s.config.as_path()])
            .collect();
        crate::manifest::check_writable(path, &inputs)?;
    }
    let recorder = match (&run.manifest, run.partition) {
        (None, _) => None,
        (Some(_), None) => Some(crate::manifest::Recorder::default()),
        (Some(_), Some(id)) => Some(crate::manifest::Recorder::partition(seed_partition(cli, id, sides)?)),
    };
    let sections: Vec<Section> = match run.partition {
        Some(id) => {
            if cli.rng_seed.is_none() {
                return Err(anyhow!(
                    "--partition {}/{} needs --rng-seed N: every partition must draw the values one run would",
                    id.index,
                    id.count
                ));
            }
            // Every partition running `up` at once would race; the schema is made once, first.
            if sections.contains(&Section::Up) {
                info!(partition = %format!("{}/{}", id.index, id.count), "partitioned: `up` is not run (run `edg up` once, before the partitions)");
            }
            sections.iter().copied().filter(|s| *s != Section::Up).collect()
        }
        None => sections.to_vec(),
    };
    let what = crate::sync::Run {
        sections: &sections,
        seed: cli.rng_seed,
        plugins: &cli.plugins,
        verb: "running",
        recorder: recorder.as_ref(),
        partition: run.partition,
    };
    crate::sync::run(sides, &what, runtime, rt)?;
    if let (Some(r), Some(path)) = (&recorder, &run.manifest) {
        r.write(path)?;
        info!(path = %path.display(), "manifest written");
    }
    Ok(())
}

/// What a partition's manifest names its seed by: N, the seed, the configs' digest.
fn seed_partition(
    cli: &Cli,
    id: crate::verify::parts::PartitionId,
    sides: &[SideSpec],
) -> Result<crate::manifest::SeedPartition> {
    let mut all = Vec::new();
    for s in sides {
        all.extend(std::fs::read(&s.config).map_err(|e| anyhow!("{}: {e}", s.config.display()))?);
        all.push(0);
    }
    Ok(crate::manifest::SeedPartition {
        index: id.index,
        count: id.count,
        rng_seed: cli.rng_seed.unwrap_or_default(),
        configs_sha256: crate::plugin::sha256_hex(&all),
    })
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
        SyncCommand::Run(cmd) => {
            if let Some(RunStep::Merge { paths, out }) = &cmd.step {
                return merge(paths, out.as_deref());
            }
            let sides = sides(args, true)?;
            let started = std::time::Instant::now();
            seeding(cli, &cmd.args, &sides, &[Section::Up, Section::Seed], runtime, rt)?;
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
                partition: None,
            };
            crate::sync::run(&sides, &what, runtime, rt)?;
            info!("sync down complete");
            Ok(exit::OK)
        }
        SyncCommand::Verify(cmd) => verify::run(cli, args, cmd, runtime, rt),
    }
}

/// `sync run merge`: all N partitions' manifests present and of one seed, combined.
fn merge(paths: &[std::path::PathBuf], out: Option<&std::path::Path>) -> Result<i32> {
    let m = crate::manifest::merge(paths)?;
    for (table, t) in &m.tables {
        info!(table = table.as_str(), rows = t.rows, batches = t.batches.len(), "seeded");
    }
    let rows: u64 = m.tables.values().map(|t| t.rows).sum();
    if let Some(path) = out {
        m.write(path)?;
        info!(path = %path.display(), "manifest written");
    }
    info!(tables = m.tables.len(), rows, "every partition's manifest is present: the seed is complete");
    Ok(exit::OK)
}
