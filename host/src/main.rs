//! The `edg` binary: parse flags, run the command, map the outcome to an exit code.

use anyhow::{Context, Result, anyhow};
use clap::Parser;
use edg::cli::{Cli, Command, Format, PluginsCommand, SingleSide, SyncArgs, SyncCommand};
use edg::config::Section;
use edg::driver::{Conn, Driver};
use edg::plugin::{Limits, Loaded, Runtime};
use edg::sync::SideSpec;
use edg::{exit, redact};
use std::io::Write;
use std::process::ExitCode;
use tokio::runtime::Handle;
use tracing::{error, info};

// Verify and seed allocate a few small values per cell; glibc's allocator measured ~30% of
// verify's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Passwords in arguments and URL variables are known before anything can print them.
    for arg in std::env::args().chain(std::env::vars().filter(|(k, _)| k.starts_with("EDG_")).map(|(_, v)| v)) {
        redact::register(&arg);
    }
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            // --help and --version: a closed stdout is not an error.
            let _ = e.print();
            return ExitCode::from(exit::OK as u8);
        }
        Err(e) => {
            eprintln!("{}", redact::scrub(&format!("ERROR {}", usage_line(&e))));
            return ExitCode::from(exit::ERROR as u8);
        }
    };
    edg::logging::init(cli.log_level());
    // Deeply nested configs and expressions are refused before they recurse, but the command
    // thread still gets room to spare: a stack overflow is an abort, not an error line.
    let worker = std::thread::Builder::new().stack_size(64 << 20).spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        // Commands run on this thread, outside the async runtime: wasm plugin calls must not
        // run inside it (WASI's blocking host calls would re-enter it); database I/O uses the handle.
        run(cli, runtime.handle())
    });
    let result = match worker {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err(anyhow!("internal error: the command thread panicked"))),
        Err(e) => Err(anyhow!("starting the command thread: {e}")),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // A closed stdout (`edg … | head`) is not a failure.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(exit::OK as u8);
            }
            eprintln!("{}", error_line(&format!("{e:#}")));
            ExitCode::from(exit::ERROR as u8)
        }
    }
}

/// The one line an error is printed as: scrubbed of passwords, on one line, and cut to a
/// readable length (an expression or a value echoed in full could be megabytes).
fn error_line(message: &str) -> String {
    const MAX: usize = 2000;
    let one = message.replace(['\n', '\r'], " ");
    let mut line = redact::scrub(&format!("ERROR {one}"));
    if line.len() > MAX {
        let cut = (0..=MAX).rev().find(|i| line.is_char_boundary(*i)).unwrap_or(0);
        line.truncate(cut);
        line.push('…');
    }
    line
}

/// clap's multi-line usage error as one line: the message, then its tip, without the usage
/// block and the "try --help" footer.
fn usage_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect();
    parts.join("; ")
}

/// A panic anywhere is a bug, but the user still gets one scrubbed line and exit code 2, and a
/// print to a closed stdout (a panic inside `println!`) ends the run quietly.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(exit::OK);
        }
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("{}", error_line(&format!("internal error (a bug in edg, please report it): {msg}{at}")));
        std::process::exit(exit::ERROR);
    }));
    // A way to check the hook itself from the tests; it names nothing a user would set.
    if std::env::var_os("EDG_TEST_PANIC").is_some() {
        let url = std::env::var("EDG_TEST_PANIC").unwrap_or_default();
        panic!("test panic with {url}");
    }
}

fn limits(cli: &Cli) -> Limits {
    Limits { timeout: cli.plugin_timeout, memory_bytes: (cli.plugin_memory_mib as usize) << 20 }
}

fn run(cli: Cli, rt: &Handle) -> Result<i32> {
    // Neither needs plugins or a database.
    match &cli.command {
        Command::Completions { shell } => return Ok(edg::cli::help::completions(*shell)?),
        Command::Man => return Ok(edg::cli::help::man()?),
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
            PluginsCommand::List => plugins_list(&cli, &runtime),
        },
        Command::Completions { .. } | Command::Man => unreachable!("handled before the runtime starts"),
    }
}

fn driver(flag: &str, value: &str) -> Result<Driver> {
    value.parse::<Driver>().map_err(|e| anyhow!("{flag}: {e}"))
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
        driver: driver("--driver", &side.driver)?,
        url: required(&side.url, "--url", "EDG_URL")?.clone(),
        config: required(&side.config, "--config", "EDG_CONFIG")?.clone(),
    };
    edg::sync::run(&[spec], sections, cli.rng_seed, runtime, &cli.plugins, verb, rt)?;
    info!("complete");
    Ok(exit::OK)
}

/// Every required flag is checked before anything is written (the Go original checked
/// --target-url only after seeding the source).
fn sides(args: &SyncArgs, need_config: bool) -> Result<Vec<SideSpec>> {
    let c = &args.conn;
    let mut out = vec![SideSpec {
        label: "source",
        driver: driver("--source-driver", &c.source_driver)?,
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
            driver: driver("--target-driver", &c.target_driver)?,
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
            edg::sync::run(&sides, &[Section::Up, Section::Seed], cli.rng_seed, runtime, &cli.plugins, "running", rt)?;
            info!("sync run complete");
            Ok(exit::OK)
        }
        SyncCommand::Down => {
            let sides = sides(args, true)?;
            edg::sync::run(
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

fn verify(cli: &Cli, args: &SyncArgs, v: &edg::verify::VerifyArgs, runtime: &Runtime, rt: &Handle) -> Result<i32> {
    let c = &args.conn;
    let s_driver = driver("--source-driver", &c.source_driver)?;
    let t_driver = driver("--target-driver", &c.target_driver)?;
    let s_url = required(&c.source_url, "--source-url", "EDG_SOURCE_URL")?;
    let t_url = required(&c.target_url, "--target-url", "EDG_TARGET_URL")?;
    redact::register(s_url);
    redact::register(t_url);
    let configs: Vec<edg::config::Config> = [&c.source_config, &c.target_config]
        .into_iter()
        .flatten()
        .map(|p| edg::config::load(p))
        .collect::<Result<_, _>>()?;
    let loaded = edg::sync::load_plugins(runtime, &cli.plugins, &configs.iter().collect::<Vec<_>>())?;
    // Rules from the configs first: a later rule wins, so the command line overrides them.
    let mut v = v.clone();
    v.config_rules =
        configs.iter().flat_map(|c| c.verify.column_rules.iter().map(|(col, rule)| format!("{col}={rule}"))).collect();
    v.ignore_columns.extend(configs.iter().flat_map(|c| c.verify.ignore_columns.iter().cloned()));
    let v = &v;
    let (s_conn, t_conn) = rt.block_on(async {
        tokio::join!(Conn::connect_existing(s_driver, s_url), Conn::connect_existing(t_driver, t_url))
    });
    let source = edg::verify::Side::new("source", s_conn.context("source")?, runtime.instantiate(&loaded)?);
    let target = edg::verify::Side::new("target", t_conn.context("target")?, runtime.instantiate(&loaded)?);
    let outcome = edg::verify::verify(v, source, target, rt, &mut std::io::stdout().lock())?;
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

fn plugins_list(cli: &Cli, runtime: &Runtime) -> Result<i32> {
    let loaded = edg::sync::load_plugins(runtime, &cli.plugins, &[])?;
    let mut out = std::io::stdout().lock();
    for l in &loaded {
        match l {
            Loaded::Generator { info, source, .. } => {
                writeln!(
                    out,
                    "generator {} {} ({})",
                    info.name,
                    info.version,
                    source.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "built-in".into())
                )?;
                for f in &info.functions {
                    writeln!(out, "  {}\n      {}\n      e.g. {}", f.signature(), f.doc, f.example)?;
                }
            }
            Loaded::Normalizer { info, source, .. } => {
                writeln!(
                    out,
                    "normalizer {} {} ({}) drivers: {}; types: {}; rules: {}\n      {}",
                    info.name,
                    info.version,
                    source.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "built-in".into()),
                    info.drivers.join(", "),
                    info.types.join(", "),
                    info.rules.join(", "),
                    info.doc
                )?;
            }
        }
    }
    Ok(exit::OK)
}
