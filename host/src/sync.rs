//! `sync run` / `sync down` and the single-side lifecycle commands: check everything for
//! every side first, connect every side, and only then write.

use crate::config::{self, ConfigError, Section};
use crate::driver::{Conn, Driver, DriverError};
use crate::expr::Evaluator;
use crate::plugin::{Loaded, PluginError, Runtime};
use crate::seed::{Prepared, SeedError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing::{debug, info, warn};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Usage(String),
    #[error("{side}: {inner}")]
    Config { side: &'static str, inner: ConfigError },
    #[error("{side}: {file}: {message}")]
    Setup { side: &'static str, file: String, message: String },
    #[error("{side}: {file}: {inner}")]
    Expr { side: &'static str, file: String, inner: crate::expr::ExprError },
    #[error("{side}: {inner}")]
    Plugin { side: &'static str, inner: PluginError },
    #[error("{side}: {inner}")]
    Driver { side: &'static str, inner: DriverError },
    #[error("{side}: {inner}")]
    Seed { side: &'static str, inner: SeedError },
}

/// One database side: which engine, where, and which config runs there.
#[derive(Clone, Debug)]
pub struct SideSpec {
    pub label: &'static str,
    pub driver: Driver,
    pub url: String,
    pub config: PathBuf,
}

/// Load the third-party plugins named on the command line and in the configs.
pub fn load_plugins(
    runtime: &Runtime,
    cli: &[PathBuf],
    configs: &[&config::Config],
) -> Result<Vec<Loaded>, PluginError> {
    let mut loaded = runtime.builtins()?;
    // Each path with the config that lists it (none for --plugin), so an error names both.
    let mut paths: Vec<(PathBuf, Option<&Path>)> = cli.iter().map(|p| (p.clone(), None)).collect();
    for c in configs {
        let dir = c.path.parent().unwrap_or(Path::new("."));
        paths.extend(c.plugins.iter().map(|p| (dir.join(p), Some(c.path.as_path()))));
    }
    paths.dedup_by(|a, b| a.0 == b.0);
    for (p, listed_in) in paths {
        let l = runtime.load_file(&p).map_err(|e| match (e, listed_in) {
            (PluginError::Load { path, message }, Some(cfg)) => {
                PluginError::Load { path: format!("{path} (listed under plugins: in {})", cfg.display()), message }
            }
            (e, _) => e,
        })?;
        debug!(plugin = l.source().name.as_str(), sha256 = l.source().sha256.as_str(), "loaded plugin");
        loaded.push(l);
    }
    Runtime::check_clashes(&loaded)?;
    Ok(loaded)
}

/// What `run` does on every side.
pub struct Run<'a> {
    pub sections: &'a [Section],
    /// `--rng-seed`; a random one when absent.
    pub seed: Option<u64>,
    /// `--plugin` files.
    pub plugins: &'a [PathBuf],
    /// "running" or "tearing down", for the log.
    pub verb: &'a str,
    /// `sync run --manifest`: the source's batches are recorded here.
    pub recorder: Option<&'a crate::manifest::Recorder>,
    /// `--partition I/N`: every side writes only that share of each seed query's rows.
    pub partition: Option<crate::verify::parts::PartitionId>,
}

/// Run `sections` on every side, in order. Everything that can be checked without writing
/// (configs, expressions, plugins, connections) is checked for all sides before the first write.
pub fn run(
    sides: &[SideSpec],
    what: &Run<'_>,
    runtime: &Runtime,
    rt: &tokio::runtime::Handle,
) -> Result<(), SyncError> {
    let mut configs = Vec::new();
    for s in sides {
        let c = config::load(&s.config).map_err(|inner| SyncError::Config { side: s.label, inner })?;
        // An empty (or all-comment) config is a mistake: "complete" after doing nothing would
        // hide it. One that only lacks this command's sections is a config meant for other
        // commands (a workload's `run:`, say), as the Go edg takes it: a warning, nothing done.
        if c.is_empty() {
            return Err(SyncError::Setup {
                side: s.label,
                file: s.config.display().to_string(),
                message: "nothing to run: the config has no sections with queries".into(),
            });
        }
        if what.sections.iter().all(|sec| c.section(*sec).is_empty()) {
            let names: Vec<&str> = what.sections.iter().map(|sec| sec.name()).collect();
            warn!(side = s.label, config = %s.config.display(), "the config has no queries under {}; nothing to do", names.join(" or "));
        }
        configs.push(c);
    }
    let loaded = load_plugins(runtime, what.plugins, &configs.iter().collect::<Vec<_>>())
        .map_err(|inner| SyncError::Plugin { side: sides[0].label, inner })?;

    let mut prepared = Vec::new();
    for (s, c) in sides.iter().zip(configs) {
        // Same seed on every side, so every side generates identical values.
        let side_seed = what.seed.unwrap_or_else(crate::rng::entropy_seed);
        debug!(side = s.label, seed = side_seed, "rng seed");
        let file = c.path.display().to_string();
        let set = runtime.instantiate(&loaded).map_err(|inner| SyncError::Plugin { side: s.label, inner })?;
        let ev = Evaluator::new(set, &c, side_seed).map_err(|inner| SyncError::Expr {
            side: s.label,
            file: file.clone(),
            inner,
        })?;
        let mut p = Prepared::new(c, ev, side_seed).map_err(|inner| SyncError::Seed { side: s.label, inner })?;
        if let Some(id) = what.partition {
            p.partition(id).map_err(|inner| SyncError::Seed { side: s.label, inner })?;
        }
        // The manifest describes the source: what a pipeline has to carry.
        if let (Some(r), true) = (what.recorder, prepared.is_empty()) {
            p.record(r.clone());
        }
        prepared.push(p);
    }

    let mut conns = Vec::new();
    for s in sides {
        let c =
            rt.block_on(Conn::connect(s.driver, &s.url)).map_err(|inner| SyncError::Driver { side: s.label, inner })?;
        conns.push(std::sync::Arc::new(tokio::sync::Mutex::new(c)));
    }

    // Every side at once, each on its own thread with its own connection and plugin instances
    // (the values are the same: they depend on the seed, not on timing). A side that fails stops
    // the others at their next batch; its error is the one reported.
    let stop = Arc::new(AtomicBool::new(false));
    let results: Vec<Result<(), SyncError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = sides
            .iter()
            .zip(prepared)
            .zip(&conns)
            .map(|((s, mut p), conn)| {
                p.side(s.label, stop.clone());
                let stop = stop.clone();
                scope.spawn(move || {
                    info!(driver = s.driver.flag_name(), "{} {}", what.verb, s.label);
                    for section in what.sections {
                        if let Err(inner) = p.run(*section, conn, rt) {
                            stop.store(true, Ordering::Relaxed);
                            return Err(SyncError::Seed { side: s.label, inner });
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a side's thread panicked")).collect()
    });
    let mut errors = results.into_iter().filter_map(Result::err);
    let first = errors.next();
    // The side that failed first is the cause; another side's "stopped" follows from it.
    match first {
        Some(e) if e.stopped() => Err(errors.find(|e| !e.stopped()).unwrap_or(e)),
        Some(e) => Err(e),
        None => Ok(()),
    }
}

impl SyncError {
    /// This side stopped because another one failed.
    fn stopped(&self) -> bool {
        matches!(self, SyncError::Seed { inner: SeedError::Query { source, .. }, .. }
            if matches!(**source, crate::seed::QueryError::Stopped))
    }
}
