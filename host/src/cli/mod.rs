//! Command-line definitions. Doc comments are the `--help` text.

pub mod help;
mod verify;

pub use verify::{VerifyArgs, VerifyCmd, VerifyStep};

use crate::driver::Driver;
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
#[command(name = "edg", version = VERSION, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Seed for all generated data; the same seed gives the same data on every side and run.
    /// Without it each run (and each side) draws a fresh random seed. Functions defined by
    /// "now" (uuid_v7, objectid, date_offset…) read one run clock taken when the command
    /// starts; EDG_RUN_CLOCK=2026-01-01T00:00:00Z pins it.
    #[arg(
        long,
        global = true,
        env = "EDG_RNG_SEED",
        value_name = "N",
        allow_negative_numbers = true,
        help_heading = "Data generation"
    )]
    pub rng_seed: Option<u64>,

    /// Load a generator or normalizer component (.wasm); repeatable. Configs may also list
    /// plugins under `plugins:`.
    #[arg(
        long = "plugin",
        global = true,
        env = "EDG_PLUGINS",
        value_delimiter = ',',
        value_name = "PATH",
        help_heading = "Plugins"
    )]
    pub plugins: Vec<PathBuf>,

    /// Wall time one plugin call may take before it is stopped (e.g. 500ms, 2s).
    #[arg(long, global = true, env = "EDG_PLUGIN_TIMEOUT", default_value = "2s", value_parser = parse_plugin_timeout,
          allow_hyphen_values = true, value_name = "DURATION", help_heading = "Plugins")]
    pub plugin_timeout: std::time::Duration,

    /// Linear memory one plugin instance may use, in MiB (1 to 4096: wasm32's address space).
    #[arg(long, global = true, env = "EDG_PLUGIN_MEMORY_MIB", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=4096), value_name = "MIB", help_heading = "Plugins")]
    pub plugin_memory_mib: u32,

    /// Fewer log lines: -q warnings and errors only, -qq errors only. EDG_LOG, when set, wins.
    #[arg(short = 'q', long = "quiet", global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    pub quiet: u8,

    /// More log lines: -v debug (verify: each page read, with its read and normalise times),
    /// -vv trace. Not --verbose, which lists differing rows. EDG_LOG, when set, wins.
    #[arg(short = 'v', global = true, action = clap::ArgAction::Count, help_heading = "Output")]
    pub verbosity: u8,

    #[command(subcommand)]
    pub command: Command,
}

const RUN_EXAMPLES: &str = "Examples:
  edg all --driver pgx --url \"$PG\" --config bank.yaml -w 4 -d 30s --rng-seed 7
  edg run --driver mysql --url \"$MY\" --config kv.yaml --rate 500 --format json
  edg run --driver pgx --url \"$PG\" --config bank.yaml --metrics-addr 127.0.0.1:9090

PostgreSQL, CockroachDB, MySQL, MariaDB and SQLite run `transaction:` items; MongoDB and
Cassandra run queries as single statements and refuse a config with transactions.";

const SIDE_EXAMPLES: &str = "Examples:
  edg up --url postgres://postgres@127.0.0.1:5432/test --config pg.yaml
  edg seed --url mysql://root@127.0.0.1:3306/test --config my.yaml --rng-seed 42
  edg down --driver sqlite --url /tmp/edg.db --config _examples/sync/sqlite.yaml";

const SYNC_RUN_EXAMPLES: &str = "Examples:
  # Two databases, identical data:
  edg sync run --source-url \"$PG\" --source-config pg.yaml \\
    --target-url \"$MY\" --target-config my.yaml --rng-seed 42
  # The source only (a pipeline carries the rows), recording each batch's commit for verify:
  edg sync run --source-url \"$PG\" --source-config pg.yaml --rng-seed 42 --manifest /tmp/run.json
  # Partition 2 of 4 of the seed (after `edg up` ran once), then the check that all 4 ran:
  edg sync run --source-url \"$PG\" --source-config pg.yaml --rng-seed 42 --partition 2/4 --manifest /parts/2.json
  edg sync run merge /parts --out /tmp/run.json";

const SYNC_VERIFY_EXAMPLES: &str = "Examples:
  edg sync verify --source-url \"$PG\" --target-url \"$MY\" --tables users,orders
  edg sync verify --source-url \"$PG\" --target-url \"$MY\" --ignore-columns created_at
  edg sync verify --source-url \"$PG\" --target-url \"$DST\" --converge 60s --list-rows
  edg sync verify --source-url \"$PG\" --target-url \"$DST\" --continuous 30s --format json
  edg sync verify --source-url \"$PG\" --target-url \"$MY\" --concurrency 4

Exit: 0 every row compared and equal, 1 differences, 2 an error, 130 Ctrl-C (after a report of
what was compared).";

const SYNC_DOWN_EXAMPLES: &str = "Examples:
  edg sync down --source-url \"$PG\" --source-config pg.yaml \\
    --target-url \"$MY\" --target-config my.yaml";

const PLUGINS_EXAMPLES: &str = "Examples:
  edg plugins list                      # every function, gen() pattern and normalizer
  edg plugins list faker --format json  # one plugin, for tools
  edg plugins new my-gen                # a plugin project to build (Rust; --lang python)";

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Dual-write and replication testing: run, verify and tear down two databases.
    Sync(SyncArgs),
    /// Run the `up` section (create schema) on one database.
    #[command(after_help = SIDE_EXAMPLES, override_usage = "edg up --url URL --config FILE [OPTIONS]")]
    Up(SingleSide),
    /// Run the `seed` section on one database.
    #[command(after_help = SIDE_EXAMPLES, override_usage = "edg seed --url URL --config FILE [OPTIONS]")]
    Seed(SeedArgs),
    /// Run the `deseed` section on one database.
    #[command(after_help = SIDE_EXAMPLES, override_usage = "edg deseed --url URL --config FILE [OPTIONS]")]
    Deseed(SingleSide),
    /// Run the `down` section (drop schema) on one database.
    #[command(after_help = SIDE_EXAMPLES, override_usage = "edg down --url URL --config FILE [OPTIONS]")]
    Down(SingleSide),
    /// Run the config's workload: `init` once, then its `run` items by --workers workers for
    /// --duration (or its `stages`), its background `workers`, and its `expectations` (exit 1
    /// when one fails).
    #[command(after_help = RUN_EXAMPLES, override_usage = "edg run --url URL --config FILE [OPTIONS]")]
    Run(WorkloadArgs),
    /// `up`, `seed`, the workload (if the config has one), then `deseed` and `down`: teardown
    /// runs even when the workload or its expectations fail.
    #[command(after_help = RUN_EXAMPLES, override_usage = "edg all --url URL --config FILE [OPTIONS]")]
    All(WorkloadArgs),
    /// Inspect the loaded generator and normalizer plugins.
    #[command(after_help = PLUGINS_EXAMPLES)]
    Plugins(PluginsArgs),
    /// Print a shell completion script (e.g. `edg completions bash > /etc/bash_completion.d/edg`).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual (roff), e.g. `edg man > edg.1 && man ./edg.1`; or, with --dir, write one
    /// page per command there (`edg man --dir /usr/local/share/man/man1`).
    Man {
        /// Write DIR/edg.1, DIR/edg-sync.1, DIR/edg-sync-verify.1, … instead of printing.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// `edg --version`: the release, the commit it was built from and the plugin API it speaks.
pub const VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("EDG_GIT_COMMIT"), ", plugin API ", "0.1.0", ")");

impl Cli {
    /// The command line's definition as help, the manual and completions show it: variables as
    /// `[env: EDG_SOURCE_URL]`, never with their value (clap appends `=VALUE`, an empty one when
    /// unset, and a URL's value would print its password).
    pub fn clap_command() -> clap::Command {
        fn hide(cmd: clap::Command) -> clap::Command {
            cmd.mut_args(|a| a.hide_env_values(true)).mut_subcommands(hide)
        }
        hide(<Cli as clap::CommandFactory>::command())
    }

    /// Parse the command line; a flag given there that the chosen command would ignore is a
    /// usage error (`sync verify merge DIR --tables x` reads only the part files). Variables
    /// (`EDG_*`) are ambient and serve many commands, so they are not refused.
    pub fn parse_checked() -> Result<Cli, clap::Error> {
        use clap::FromArgMatches;
        let mut cmd = Cli::clap_command();
        let matches = cmd.try_get_matches_from_mut(std::env::args_os())?;
        check_ignored(&mut cmd, &matches)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        cli.infer_drivers(&matches);
        Ok(cli)
    }

    /// A driver flag left at its default takes the driver its URL's scheme names (`--url
    /// mysql://…` is mysql), as users guess it does; a flag or variable that was set wins.
    fn infer_drivers(&mut self, matches: &clap::ArgMatches) {
        let mut leaf = matches;
        while let Some((_, next)) = leaf.subcommand() {
            leaf = next;
        }
        let defaulted = |id: &str| {
            leaf.try_get_raw(id).is_ok() && leaf.value_source(id) == Some(clap::parser::ValueSource::DefaultValue)
        };
        let infer = |driver: &mut Driver, url: Option<&String>, id: &str| {
            if defaulted(id)
                && let Some(d) = url.and_then(|u| crate::driver::url::driver_for(u))
            {
                *driver = d;
            }
        };
        match &mut self.command {
            Command::Up(s) | Command::Seed(SeedArgs { side: s, .. }) | Command::Deseed(s) | Command::Down(s) => {
                infer(&mut s.driver, s.url.as_ref(), "driver")
            }
            Command::Run(a) | Command::All(a) => {
                infer(&mut a.side.driver, a.side.url.as_ref(), "driver");
                if a.target_driver.is_none() {
                    a.target_driver = a.target_url.as_deref().and_then(crate::driver::url::driver_for);
                }
            }
            Command::Sync(s) => {
                infer(&mut s.conn.source_driver, s.conn.source_url.as_ref(), "source_driver");
                infer(&mut s.conn.target_driver, s.conn.target_url.as_ref(), "target_driver");
            }
            _ => {}
        }
    }

    /// The log filter -q/-v ask for.
    pub fn log_level(&self) -> &'static str {
        match (self.quiet, self.verbosity) {
            (0, 0) => "info",
            (1, 0) => "warn",
            (_, 0) => "error",
            (_, 1) => "debug",
            _ => "trace",
        }
    }
}

/// What each command with an ignore list reads: every other flag given on the command line is
/// refused. Only `sync verify merge` has one: it reads part files, no database or plugin.
const READS: &[(&[&str], &[&str])] =
    &[(&["sync", "verify", "merge"], &["format", "verbose", "quiet", "verbosity", "dir"])];

fn check_ignored(cmd: &mut clap::Command, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
    let (mut path, mut m, mut sub) = (Vec::new(), matches, &*cmd);
    while let Some((name, next)) = m.subcommand() {
        path.push(name);
        m = next;
        sub = sub.find_subcommand(name).unwrap_or(sub);
    }
    let Some((_, reads)) = READS.iter().find(|(p, _)| *p == path.as_slice()) else { return Ok(()) };
    for id in m.ids() {
        let id = id.as_str();
        if reads.contains(&id) || m.value_source(id) != Some(clap::parser::ValueSource::CommandLine) {
            continue;
        }
        // Ids of argument groups (the structs clap derives them from) are not flags.
        let Some(arg) = sub.get_arguments().chain(cmd.get_arguments()).find(|a| a.get_id() == id) else { continue };
        let flag = arg.get_long().map_or_else(|| id.to_string(), |l| format!("--{l}"));
        return Err(cmd.error(
            clap::error::ErrorKind::ArgumentConflict,
            format!("{flag} is not used by `edg {}`, which reads only its part files; drop it", path.join(" ")),
        ));
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub conn: SyncConn,
    #[command(subcommand)]
    pub command: SyncCommand,
}

#[derive(Debug, Subcommand)]
// Parsed once per process: boxing verify's flags would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum SyncCommand {
    /// Run `up` and `seed` on the source and, with --target-config, on the target.
    ///
    /// Without --target-config only the source is written: the target is expected to receive
    /// the data by external replication (Debezium, logical replication, MOLT…).
    #[command(after_help = SYNC_RUN_EXAMPLES,
              override_usage = "edg sync run --source-url URL --source-config FILE [--target-url URL --target-config FILE] [OPTIONS]")]
    Run(RunCmd),
    /// Compare tables row by row across source and target (exit 1 on any difference).
    #[command(after_help = SYNC_VERIFY_EXAMPLES,
              override_usage = "edg sync verify --source-url URL --target-url URL [OPTIONS] [COMMAND]")]
    Verify(VerifyCmd),
    /// Run `deseed` and `down` on the source and, with --target-config, on the target.
    #[command(after_help = SYNC_DOWN_EXAMPLES,
              override_usage = "edg sync down --source-url URL --source-config FILE [--target-url URL --target-config FILE] [OPTIONS]")]
    Down,
}

/// `sync run`, or its `merge` step.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = false)]
pub struct RunCmd {
    #[command(flatten)]
    pub args: RunArgs,
    #[command(subcommand)]
    pub step: Option<RunStep>,
}

#[derive(Debug, clap::Subcommand)]
pub enum RunStep {
    /// Check that the manifests of a partitioned seed (`--partition I/N --manifest FILE`) are
    /// all N parts of one seed (the same N, --rng-seed and configs; every partition once) and
    /// combine them into the manifest one run would have written. Exit 2 when a part is missing.
    #[command(after_help = "Examples:
  edg sync run merge /parts/0/manifest.json /parts/1/manifest.json --out /tmp/run.json
  edg sync run merge /parts/*/   # every *.json in each directory")]
    Merge {
        /// Manifests, or directories whose *.json files are manifests.
        #[arg(value_name = "PATH", required = true, num_args = 1..)]
        paths: Vec<std::path::PathBuf>,
        /// Write the combined manifest here (for `sync verify --converge --manifest`).
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
}

/// The flags of a command that seeds (`sync run`, `seed`).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Write a JSON manifest of the source's writes: per table the rows and, per exec_batch
    /// batch, when it committed and its key range. `sync verify --converge --manifest FILE`
    /// then measures time to consistency from each row's commit.
    #[arg(long, value_name = "FILE", help_heading = "Replication")]
    pub manifest: Option<std::path::PathBuf>,
    /// Write only partition I of N (0 <= I < N) of every seed query's rows: N runs with the same
    /// --rng-seed write together exactly what one run writes (e.g. the pods of a Kubernetes
    /// Indexed Job against a distributed database). `up` is not run: run `edg up` once first.
    /// `--partition` alone takes I and N from JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT.
    /// `sync run merge` checks the partitions' manifests are all there.
    #[arg(long, value_name = "I/N", num_args = 0..=1, default_missing_value = "job",
          value_parser = parse_seed_partition, help_heading = "Scale out")]
    pub partition: Option<crate::verify::parts::PartitionId>,
}

/// `I/N`, or `job` (what `--partition` alone means): the Indexed Job's index and count.
fn parse_seed_partition(s: &str) -> Result<crate::verify::parts::PartitionId, String> {
    if s != "job" {
        return crate::verify::parts::PartitionId::parse(s);
    }
    let var = |name: &str| {
        std::env::var(name)
            .map_err(|_| format!("--partition without I/N needs {name} (set by a Kubernetes Indexed Job)"))
    };
    let (index, count) = (var("JOB_COMPLETION_INDEX")?, var("JOB_COMPLETION_COUNT")?);
    crate::verify::parts::PartitionId::parse(&format!("{index}/{count}"))
        .map_err(|e| format!("JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT: {e}"))
}

/// Connection flags shared by every sync subcommand.
#[derive(Debug, Args)]
pub struct SyncConn {
    /// Source driver: pgx (PostgreSQL, CockroachDB), mysql (MySQL, MariaDB), sqlite, mongodb, cassandra.
    #[arg(
        long,
        global = true,
        env = "EDG_SOURCE_DRIVER",
        default_value = "pgx",
        value_name = "DRIVER",
        value_parser = DriverParser,
        help_heading = "Connection"
    )]
    pub source_driver: Driver,
    /// Source connection URL: postgres://…, mysql://… or user:pass@tcp(host:port)/db, mongodb://…,
    /// cassandra://host:9042/keyspace, a SQLite file path. TLS: ?sslmode=verify-full&sslrootcert=ca.pem
    /// (PostgreSQL, Cassandra), ?ssl-mode=VERIFY_IDENTITY&ssl-ca=… or tls=true (MySQL), ?tls=true
    /// (MongoDB).
    #[arg(
        long,
        global = true,
        env = "EDG_SOURCE_URL",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Connection"
    )]
    pub source_url: Option<String>,
    /// Source edg config file.
    #[arg(long, global = true, env = "EDG_SOURCE_CONFIG", value_name = "FILE", help_heading = "Connection")]
    pub source_config: Option<PathBuf>,
    /// Target driver (same choices as --source-driver).
    #[arg(
        long,
        global = true,
        env = "EDG_TARGET_DRIVER",
        default_value = "pgx",
        value_name = "DRIVER",
        value_parser = DriverParser,
        help_heading = "Connection"
    )]
    pub target_driver: Driver,
    /// Target connection URL, in the forms --source-url takes.
    #[arg(
        long,
        global = true,
        env = "EDG_TARGET_URL",
        hide_env_values = true,
        value_name = "URL",
        help_heading = "Connection"
    )]
    pub target_url: Option<String>,
    /// Target edg config file; omit it for CDC / external replication mode.
    #[arg(long, global = true, env = "EDG_TARGET_CONFIG", value_name = "FILE", help_heading = "Connection")]
    pub target_config: Option<PathBuf>,
}

/// `edg run` and `edg all`: one database and a config with a workload. Each worker holds one
/// connection; MongoDB and Cassandra run single statements only (they have no transactions).
#[derive(Debug, Args)]
pub struct WorkloadArgs {
    #[command(flatten)]
    pub side: SingleSide,
    /// How long the workload runs (e.g. 30s, 5m); with -d or -w the config's `stages` are
    /// replaced by one stage of these. Default 1m.
    #[arg(short = 'd', long, env = "EDG_DURATION", value_parser = parse_duration, value_name = "DURATION", help_heading = "Workload")]
    pub duration: Option<std::time::Duration>,
    /// Workers running the `run` items at once, each on its own connection. Default 1.
    #[arg(short = 'w', long, env = "EDG_WORKERS", value_parser = clap::value_parser!(u32).range(1..=10_000), value_name = "N", help_heading = "Workload")]
    pub workers: Option<u32>,
    /// Target rate across all workers, operations per second (500, 500/s, 30000/1m): an open
    /// loop, so a pipeline is tested at a known load; operations that start late are counted
    /// and warned about. Without it each worker starts the next iteration when the last ends.
    #[arg(long, env = "EDG_RATE", value_parser = spec_ops, value_name = "OPS/S", help_heading = "Workload")]
    pub rate: Option<f64>,
    /// How often the progress table is printed (stderr).
    #[arg(long, env = "EDG_PRINT_INTERVAL", default_value = "1s", value_parser = parse_positive_duration, value_name = "DURATION", help_heading = "Workload")]
    pub print_interval: std::time::Duration,
    /// Run this long first without measuring (caches, connections), then start the clock.
    #[arg(long, env = "EDG_WARMUP_DURATION", default_value = "0s", value_parser = parse_duration, value_name = "DURATION", help_heading = "Workload")]
    pub warmup_duration: std::time::Duration,
    /// Log each error a worker meets (they are counted either way).
    #[arg(long, env = "EDG_ERRORS", help_heading = "Workload")]
    pub errors: bool,
    /// Retry a failed transaction this many times (2, 4, 8 … ms apart) before counting an error.
    #[arg(long, env = "EDG_RETRIES", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100), value_name = "N", help_heading = "Workload")]
    pub retries: u32,
    /// Ignore `wait:` think times.
    #[arg(long, env = "EDG_NO_WAIT", help_heading = "Workload")]
    pub no_wait: bool,
    /// Accepted for the Go edg's configs and scripts: edg gives each worker its own connection.
    #[arg(long, env = "EDG_POOL_SIZE", value_name = "N", help_heading = "Workload")]
    pub pool_size: Option<u32>,
    /// Serve Prometheus metrics (edg_query_duration_seconds, edg_query_errors_total,
    /// edg_transaction_commits_total, edg_transaction_rollbacks_total, edg_workers) on this
    /// address, e.g. 127.0.0.1:9090.
    #[arg(long, env = "EDG_METRICS_ADDR", value_name = "ADDR", help_heading = "Workload")]
    pub metrics_addr: Option<String>,
    /// A pipeline's target: edg writes a heartbeat row (table edg_heartbeat, created on the
    /// source when missing) every 100 ms and reads it here, printing the pipeline's lag (p50,
    /// p99, max in ms) every --print-interval. The pipeline must carry edg_heartbeat.
    #[arg(long, env = "EDG_TARGET_URL", hide_env_values = true, value_name = "URL", help_heading = "Pipeline lag")]
    pub target_url: Option<String>,
    /// The target's driver (default: --driver).
    #[arg(long, env = "EDG_TARGET_DRIVER", value_name = "DRIVER", value_parser = DriverParser, requires = "target_url", help_heading = "Pipeline lag")]
    pub target_driver: Option<Driver>,
    /// Dual write: run the workload on --target-url as well, from this config (the same run
    /// items, names and arguments, in the target's dialect), as an application that writes
    /// twice. Each worker runs every operation on both sides with the same values, in one order
    /// shared by all workers (so both sides end equal); operations that fail on one side only
    /// are reported. `edg all` runs up, seed, deseed and down on both sides too.
    #[arg(long, env = "EDG_TARGET_CONFIG", value_name = "FILE", requires = "target_url", help_heading = "Dual write")]
    pub target_config: Option<PathBuf>,
    /// text: progress on stderr, a summary on stdout; json: one JSON object on stdout at the end
    /// (schema/run-report.schema.json).
    #[arg(long, value_enum, default_value = "text", help_heading = "Output")]
    pub format: Format,
}

fn spec_ops(s: &str) -> Result<f64, String> {
    crate::workload::spec::parse_ops(s).map_err(|e| e.to_string())
}

/// A duration longer than zero.
pub fn parse_positive_duration(s: &str) -> Result<std::time::Duration, String> {
    let d = parse_duration(s)?;
    if d.is_zero() {
        return Err("must be longer than 0".into());
    }
    Ok(d)
}

/// One database.
#[derive(Debug, Args)]
pub struct SingleSide {
    /// Driver: pgx (PostgreSQL, CockroachDB), mysql, sqlite, mongodb, cassandra.
    #[arg(long, env = "EDG_DRIVER", default_value = "pgx", value_name = "DRIVER", value_parser = DriverParser, help_heading = "Connection")]
    pub driver: Driver,
    /// Connection URL, in the forms `edg sync verify --help` lists under --source-url (TLS included).
    #[arg(long, env = "EDG_URL", hide_env_values = true, value_name = "URL", help_heading = "Connection")]
    pub url: Option<String>,
    /// edg config file.
    #[arg(long, env = "EDG_CONFIG", value_name = "FILE", help_heading = "Connection")]
    pub config: Option<PathBuf>,
}

/// `edg seed`: one database, optionally one partition of the seed.
#[derive(Debug, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub side: SingleSide,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub command: PluginsCommand,
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Print every expression function (edg's own and each generator's: signature, doc,
    /// example), every gen() pattern by category, and every normalizer.
    List {
        /// text for people; json for tools (one document: functions, patterns, normalizers).
        #[arg(long, default_value = "text", value_name = "FORMAT")]
        format: Format,
        /// Only this plugin (`faker`, `postgres-normalizer`, a --plugin's name; `edg` for edg's
        /// own functions).
        #[arg(value_name = "PLUGIN")]
        plugin: Option<String>,
    },
    /// Write a ready-to-build plugin project NAME/ (an example function with its test, a
    /// README with the build command, and a copy of the plugin SDK and API).
    New {
        /// The plugin's name (a-z, 0-9, - and _), also the directory and the Cargo package.
        #[arg(value_name = "NAME")]
        name: String,
        /// A generator (functions for configs) or a normalizer (canonical values for verify).
        #[arg(long, value_enum, default_value = "generator")]
        kind: PluginKind,
        /// The language of the project.
        #[arg(long, value_enum, default_value = "rust")]
        lang: PluginLang,
        /// Where to create NAME/.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PluginKind {
    Generator,
    Normalizer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PluginLang {
    Rust,
    Python,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The longest duration any flag takes: a week. Beyond it a value is a typo (`1e30`), and
/// sleeping or setting deadlines with it would overflow.
pub const MAX_DURATION: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Go-style durations: 500ms, 2s, 1m30s, or a bare number of seconds; 0 to a week.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let secs = duration_seconds(s)?;
    if !secs.is_finite() {
        return Err("a duration must be finite".into());
    }
    if secs < 0.0 {
        return Err("a duration cannot be negative".into());
    }
    if secs > MAX_DURATION.as_secs_f64() {
        return Err(format!("{s:?} is longer than the maximum of {}h", MAX_DURATION.as_secs() / 3600));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// A plugin call's time limit: more than zero (every call would fail) and at most an hour.
pub fn parse_plugin_timeout(s: &str) -> Result<std::time::Duration, String> {
    let d = parse_duration(s)?;
    if d.is_zero() {
        return Err("must be more than 0".into());
    }
    if d > std::time::Duration::from_secs(3600) {
        return Err(format!("{s:?} is longer than the maximum of 1h"));
    }
    Ok(d)
}

/// An absolute tolerance: a finite number, 0 or more.
pub fn parse_tolerance(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("{s:?} must be a finite number, 0 or more"));
    }
    Ok(v)
}

fn duration_seconds(s: &str) -> Result<f64, String> {
    let s = s.trim();
    if let Some(positive) = s.strip_prefix('-') {
        return duration_seconds(positive).map(|v| -v);
    }
    if s.is_empty() {
        return Err("empty duration; expected e.g. 500ms, 5s, 1m30s".into());
    }
    // Only plain decimal numbers: `inf`, `nan` and `1e30` are not durations anyone means.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') {
        return s.parse::<f64>().map_err(|_| format!("invalid duration {s:?}: expected e.g. 500ms, 5s, 1m30s"));
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
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_bounded() {
        assert_eq!(parse_duration("1m30s").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("0.5").unwrap().as_millis(), 500);
        for bad in ["inf", "nan", "1e30", "1e19", "-1", "-1s", "", "5x", "169h", "NaN", "infinity"] {
            assert!(parse_duration(bad).is_err(), "{bad} accepted");
        }
        assert!(parse_plugin_timeout("0").is_err());
        assert!(parse_plugin_timeout("2h").is_err());
        assert!(parse_tolerance("nan").is_err() && parse_tolerance("-1").is_err() && parse_tolerance("inf").is_err());
        assert_eq!(parse_tolerance("0.01").unwrap(), 0.01);
    }
}

/// `--*-driver`: any name `Driver` accepts (aliases such as `postgres` and `mariadb` too), with
/// the canonical names shown in `--help` and offered by shell completion.
#[derive(Clone)]
pub struct DriverParser;

impl clap::builder::TypedValueParser for DriverParser {
    type Value = Driver;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Driver, clap::Error> {
        let text = value.to_string_lossy();
        text.parse::<Driver>().map_err(|e| {
            let flag = arg.map(|a| a.to_string()).unwrap_or_else(|| "the driver".into());
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("invalid value '{text}' for '{flag}': {e}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Driver::ALL.into_iter().map(|d| clap::builder::PossibleValue::new(d.flag_name()))))
    }
}
