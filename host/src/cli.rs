//! Command-line definitions. Doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// edg: write identical generated data to two databases and verify them row by row.
///
/// Built for testing dual writes, CDC pipelines and cross-database replication: `sync run`
/// seeds a source (and optionally a target) from edg YAML configs, `sync verify` compares the
/// tables with a streaming merge-join, `sync down` tears everything down.
///
/// Exit codes: 0 success (verify: all tables equal), 1 verify found differences,
/// 2 usage, configuration, connection, plugin or runtime error.
#[derive(Debug, Parser)]
#[command(name = "edg", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Seed for all generated data; the same seed gives the same data on every side and run.
    /// Without it each run (and each side) draws a fresh random seed.
    #[arg(long, global = true, env = "EDG_RNG_SEED", value_name = "N")]
    pub rng_seed: Option<u64>,

    /// Load a generator or normalizer component (.wasm); repeatable. Configs may also list
    /// plugins under `plugins:`.
    #[arg(long = "plugin", global = true, env = "EDG_PLUGINS", value_delimiter = ',', value_name = "PATH")]
    pub plugins: Vec<PathBuf>,

    /// Wall time one plugin call may take before it is stopped (e.g. 500ms, 2s).
    #[arg(long, global = true, env = "EDG_PLUGIN_TIMEOUT", default_value = "2s", value_parser = parse_duration)]
    pub plugin_timeout: std::time::Duration,

    /// Linear memory one plugin instance may use, in MiB.
    #[arg(long, global = true, env = "EDG_PLUGIN_MEMORY_MIB", default_value_t = 64)]
    pub plugin_memory_mib: usize,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Dual-write and replication testing: run, verify and tear down two databases.
    Sync(SyncArgs),
    /// Run the `up` section (create schema) on one database.
    Up(SingleSide),
    /// Run the `seed` section on one database.
    Seed(SingleSide),
    /// Run the `deseed` section on one database.
    Deseed(SingleSide),
    /// Run the `down` section (drop schema) on one database.
    Down(SingleSide),
    /// Inspect the loaded generator and normalizer plugins.
    Plugins(PluginsArgs),
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub conn: SyncConn,
    #[command(subcommand)]
    pub command: SyncCommand,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Run `up` and `seed` on the source and, with --target-config, on the target.
    ///
    /// Without --target-config only the source is written: the target is expected to receive
    /// the data by external replication (Debezium, logical replication, MOLT…).
    Run,
    /// Compare tables row by row across source and target (exit 1 on any difference).
    Verify(crate::verify::VerifyArgs),
    /// Run `deseed` and `down` on the source and, with --target-config, on the target.
    Down,
}

/// Connection flags shared by every sync subcommand.
#[derive(Debug, Args)]
pub struct SyncConn {
    /// Source driver: pgx (PostgreSQL, CockroachDB), mysql (MySQL, MariaDB), sqlite, mongodb, cassandra.
    #[arg(long, global = true, env = "EDG_SOURCE_DRIVER", default_value = "pgx")]
    pub source_driver: String,
    /// Source connection URL: postgres://…, mysql://… or user:pass@tcp(host:port)/db, a SQLite file path.
    #[arg(long, global = true, env = "EDG_SOURCE_URL", value_name = "URL")]
    pub source_url: Option<String>,
    /// Source edg config file.
    #[arg(long, global = true, env = "EDG_SOURCE_CONFIG", value_name = "FILE")]
    pub source_config: Option<PathBuf>,
    /// Target driver (same choices as --source-driver).
    #[arg(long, global = true, env = "EDG_TARGET_DRIVER", default_value = "pgx")]
    pub target_driver: String,
    /// Target connection URL.
    #[arg(long, global = true, env = "EDG_TARGET_URL", value_name = "URL")]
    pub target_url: Option<String>,
    /// Target edg config file; omit it for CDC / external replication mode.
    #[arg(long, global = true, env = "EDG_TARGET_CONFIG", value_name = "FILE")]
    pub target_config: Option<PathBuf>,
}

/// One database.
#[derive(Debug, Args)]
pub struct SingleSide {
    /// Driver: pgx (PostgreSQL, CockroachDB), mysql, sqlite, mongodb, cassandra.
    #[arg(long, env = "EDG_DRIVER", default_value = "pgx")]
    pub driver: String,
    /// Connection URL.
    #[arg(long, env = "EDG_URL", value_name = "URL")]
    pub url: Option<String>,
    /// edg config file.
    #[arg(long, env = "EDG_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub command: PluginsCommand,
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Print every generator function (signature, doc, example) and every normalizer.
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Go-style durations: 500ms, 2s, 1m30s, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<f64>() {
        return Ok(std::time::Duration::from_secs_f64(secs.max(0.0)));
    }
    let mut total = 0f64;
    let mut rest = s;
    while !rest.is_empty() {
        let n =
            rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(|| format!("invalid duration {s:?}"))?;
        let value: f64 =
            rest[..n].parse().map_err(|_| format!("invalid duration {s:?}: expected e.g. 500ms, 5s, 1m30s"))?;
        rest = &rest[n..];
        let u = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        total += value
            * match &rest[..u] {
                "ms" => 0.001,
                "s" => 1.0,
                "m" => 60.0,
                "h" => 3600.0,
                other => return Err(format!("invalid duration unit {other:?} in {s:?}; use ms, s, m or h")),
            };
        rest = &rest[u..];
    }
    Ok(std::time::Duration::from_secs_f64(total))
}
