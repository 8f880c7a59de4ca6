//! `sync verify`'s flags; the library takes them as `verify::Options`.

use super::Format;
use std::time::Duration;

#[derive(Clone, Debug, clap::Args)]
pub struct VerifyArgs {
    /// Tables to verify, comma-separated. Default: every table present on both sides.
    #[arg(long, global = true, value_delimiter = ',', value_name = "T1,T2", help_heading = "Verify")]
    pub tables: Vec<String>,
    /// Tables never to verify, comma-separated globs (`*` any run, `?` one character; case is
    /// ignored), e.g. `--exclude-tables 'tmp_*,*_log'`.
    #[arg(long, global = true, value_delimiter = ',', value_name = "GLOBS", help_heading = "Verify")]
    pub exclude_tables: Vec<String>,
    /// Key column(s) rows are matched and ordered by; comma-separated for a composite key.
    /// Default: each table's primary key.
    #[arg(long, global = true, value_delimiter = ',', value_name = "COL[,COL]", help_heading = "Verify")]
    pub order_by: Vec<String>,
    /// Columns to skip when comparing, comma-separated (e.g. created_at). Each must be a column
    /// of a verified table (a typo is an error, not a column compared after all).
    #[arg(long, global = true, value_delimiter = ',', value_name = "COLS", help_heading = "Verify")]
    pub ignore_columns: Vec<String>,
    /// Delay after connecting and before verifying, for replication lag (e.g. 5s).
    #[arg(long, global = true, default_value = "0s", value_parser = super::parse_duration, allow_hyphen_values = true, value_name = "DURATION",
          help_heading = "Verify")]
    pub wait: Duration,
    /// Rows fetched per side per round trip; memory is O(batch size). Cassandra is the
    /// exception: it returns rows in token order, so its side is read whole and sorted by the
    /// key on the client, which takes memory O(rows) for the table being verified.
    #[arg(
        long,
        global = true,
        default_value_t = 10_000,
        allow_negative_numbers = true,
        value_name = "ROWS",
        help_heading = "Verify"
    )]
    pub batch_size: i64,
    /// Print every MISMATCH, MISSING and EXTRA row on stdout (`--verbose`, the Go edg's name,
    /// is the same flag; `-v` is not: it adds log lines).
    #[arg(long = "list-rows", visible_alias = "verbose", global = true, help_heading = "Output")]
    pub verbose: bool,
    /// `json` writes a machine-readable report on stdout (rows, matches, differences, first keys).
    #[arg(long, global = true, value_enum, default_value = "text", help_heading = "Output")]
    pub format: Format,
    /// Fractional-second digits compared in timestamps and times (0 = whole seconds).
    #[arg(long, global = true, default_value_t = 6, value_parser = clap::value_parser!(u8).range(0..=9), value_name = "DIGITS",
          help_heading = "Verify")]
    pub timestamp_precision: u8,
    /// Treat floating-point values within this absolute difference as equal.
    #[arg(long, global = true, value_name = "EPSILON", value_parser = super::parse_tolerance, allow_hyphen_values = true, help_heading = "Verify")]
    pub float_tolerance: Option<f64>,
    /// Normalizer rule for a column, COLUMN=RULE or TABLE.COLUMN=RULE; repeatable. Rules: int,
    /// decimal, float, bool, text, trim, bytes, date, time, timestamp, uuid, json, raw, or a
    /// rule a --plugin normalizer declares. A config given with --source-config/--target-config
    /// can hold them too (`verify: {column_rules: {orders.amount: decimal}, ignore_columns:
    /// [created_at]}`); the flag wins where both name a column.
    #[arg(long = "column-rule", global = true, value_name = "COL=RULE", help_heading = "Verify")]
    pub column_rules: Vec<String>,
    /// Re-check differing keys this many times before reporting them (for live replication).
    #[arg(long, global = true, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1000), allow_negative_numbers = true,
          value_name = "N", help_heading = "Verify")]
    pub live_retries: u32,
    /// Delay before each re-check.
    #[arg(long, global = true, default_value = "1s", value_parser = super::parse_duration, allow_hyphen_values = true, value_name = "DURATION",
          help_heading = "Verify")]
    pub retry_delay: Duration,
    /// Keys of each kind listed per table in the JSON report.
    #[arg(long, global = true, default_value_t = 10, value_name = "N", help_heading = "Output")]
    pub report_keys: usize,
    /// For a replication pipeline: after the first pass, re-check only what differed (each key,
    /// and runs of MISSING/EXTRA rows as key ranges), in passes with a growing delay (0.2 s doubling to 5 s), until nothing differs or TIMEOUT (counted
    /// from the start of the first pass) is over. Reports per table the differences after the
    /// first pass, the passes made and the time until each differing key matched (p50, p99,
    /// max). Exit 0 when everything matched, 1 with what still differs. Composes with --wait.
    #[arg(long, global = true, value_parser = super::parse_duration, allow_hyphen_values = true, value_name = "TIMEOUT",
          help_heading = "Replication")]
    pub converge: Option<Duration>,
    /// Soak test: full passes, one every INTERVAL (from the start of one to the start of the
    /// next), until Ctrl-C or --passes; one summary line per pass (a JSON line each with
    /// --format json). The exit code is the last completed pass's.
    #[arg(long, global = true, value_parser = super::parse_duration, allow_hyphen_values = true, value_name = "INTERVAL",
          help_heading = "Replication")]
    pub continuous: Option<Duration>,
    /// With --continuous: stop after this many passes.
    #[arg(long, global = true, requires = "continuous", value_parser = clap::value_parser!(u64).range(1..), value_name = "N",
          help_heading = "Replication")]
    pub passes: Option<u64>,
    /// The file `sync run --manifest` wrote: with --converge, times to consistency count from
    /// each row's commit on the source instead of from the start of verify.
    #[arg(long, global = true, requires = "converge", value_name = "FILE", help_heading = "Replication")]
    pub manifest: Option<std::path::PathBuf>,
    /// Verify only partition I of N (0 <= I < N) of every table: of --plan's ranges, or, without
    /// a plan, of ranges every worker computes the same way from the source. Without the flag,
    /// JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT (a Kubernetes Indexed Job) set it when
    /// --plan or --report-out is given.
    #[arg(long, global = true, value_name = "I/N", value_parser = parse_partition, help_heading = "Scale out")]
    pub partition: Option<crate::verify::parts::PartitionId>,
    /// The plan `edg sync verify plan` wrote; with --partition, verify that partition's ranges.
    #[arg(long, global = true, value_name = "FILE", help_heading = "Scale out")]
    pub plan: Option<std::path::PathBuf>,
    /// Write this worker's report as DIR/part-<I>-of-<N>.json (atomically), for `sync verify merge DIR`.
    #[arg(long, global = true, value_name = "DIR", help_heading = "Scale out")]
    pub report_out: Option<std::path::PathBuf>,
    /// Verify K partitions of each table at once, each on its own connections (for remote
    /// databases, where round trips rather than CPU bound one stream); the report is the
    /// single-run report.
    #[arg(long, global = true, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=64),
          help_heading = "Scale out")]
    pub concurrency: Option<u32>,
    /// Verify only the key ranges that held differences in an earlier report (single run or
    /// merged, --format json), to check a fix in seconds.
    #[arg(long, global = true, value_name = "REPORT", help_heading = "Scale out")]
    pub from_report: Option<std::path::PathBuf>,
}

fn parse_partition(s: &str) -> Result<crate::verify::parts::PartitionId, String> {
    crate::verify::parts::PartitionId::parse(s)
}

/// `sync verify`: verify, or one of its scale-out steps.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = false)]
pub struct VerifyCmd {
    #[command(flatten)]
    pub args: VerifyArgs,
    #[command(subcommand)]
    pub step: Option<VerifyStep>,
}

#[derive(Debug, clap::Subcommand)]
pub enum VerifyStep {
    /// Split every table into N key ranges balanced by the source's row count and write them
    /// to a plan file, for workers run with --plan FILE --partition I/N (same connection,
    /// table and key flags as verify).
    Plan {
        /// How many partitions (workers) each table is split into.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
        partitions: u32,
        /// Where to write the plan (JSON).
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Combine the workers' DIR/part-*.json into one report, in verify's text or JSON format
    /// and with its exit codes; refuses a missing or duplicated part, parts of another plan or
    /// other options, and a schema that changed between parts.
    Merge {
        /// The directory the workers wrote with --report-out; or several, one per worker (each
        /// worker's part on a volume of its own, as deploy/kubernetes does).
        #[arg(value_name = "DIR", required = true, num_args = 1..)]
        dir: Vec<std::path::PathBuf>,
    },
}

impl VerifyArgs {
    /// The flags as plain options; `config_rules` come from the configs' `verify:` sections.
    pub fn options(&self, config_rules: Vec<String>) -> crate::verify::Options {
        crate::verify::Options {
            tables: self.tables.clone(),
            order_by: self.order_by.clone(),
            ignore_columns: self.ignore_columns.clone(),
            exclude_tables: self.exclude_tables.clone(),
            config_ignore_columns: Vec::new(),
            wait: self.wait,
            batch_size: self.batch_size,
            print_rows: self.verbose && self.format == Format::Text,
            timestamp_precision: self.timestamp_precision,
            float_tolerance: self.float_tolerance,
            column_rules: self.column_rules.clone(),
            config_rules,
            live_retries: self.live_retries,
            retry_delay: self.retry_delay,
            report_keys: self.report_keys,
            converge: self.converge,
            manifest: None,
            print_summary: self.format == Format::Text,
            ranges: None,
            keys: Default::default(),
            collect_lines: false,
            expect: None,
        }
    }
}
