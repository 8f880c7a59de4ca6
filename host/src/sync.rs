//! `sync run` / `sync down` and the single-side lifecycle commands: check everything for
//! every side first, connect every side, and only then write.

use crate::config::{self, ConfigError, Section};
use crate::driver::{Conn, Driver, DriverError};
use crate::expr::Evaluator;
use crate::plugin::{Loaded, PluginError, Runtime};
use crate::seed::{Prepared, SeedError};
use std::path::{Path, PathBuf};
use tracing::{debug, info};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Usage(String),
    #[error("{side}: {inner}")]
    Config { side: &'static str, inner: ConfigError },
    #[error("{side}: {file}: {message}")]
    Setup { side: &'static str, file: String, message: String },
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
    let mut paths: Vec<PathBuf> = cli.to_vec();
    for c in configs {
        let dir = c.path.parent().unwrap_or(Path::new("."));
        paths.extend(c.plugins.iter().map(|p| dir.join(p)));
    }
    paths.dedup();
    for p in paths {
        let l = runtime.load_file(&p)?;
        debug!(plugin = l.source().name.as_str(), sha256 = l.source().sha256.as_str(), "loaded plugin");
        loaded.push(l);
    }
    Runtime::check_clashes(&loaded)?;
    Ok(loaded)
}

/// Run `sections` on every side, in order. Everything that can be checked without writing
/// (configs, expressions, plugins, connections) is checked for all sides before the first write.
pub fn run(
    sides: &[SideSpec],
    sections: &[Section],
    seed: Option<u64>,
    runtime: &Runtime,
    cli_plugins: &[PathBuf],
    verb: &str,
    rt: &tokio::runtime::Handle,
) -> Result<(), SyncError> {
    let mut configs = Vec::new();
    for s in sides {
        let c = config::load(&s.config).map_err(|inner| SyncError::Config { side: s.label, inner })?;
        configs.push(c);
    }
    let loaded = load_plugins(runtime, cli_plugins, &configs.iter().collect::<Vec<_>>())
        .map_err(|inner| SyncError::Plugin { side: sides[0].label, inner })?;

    let mut prepared = Vec::new();
    for (s, c) in sides.iter().zip(configs) {
        // Same seed on every side, so every side generates identical values.
        let side_seed = seed.unwrap_or_else(crate::rng::entropy_seed);
        debug!(side = s.label, seed = side_seed, "rng seed");
        let file = c.path.display().to_string();
        let set = runtime.instantiate(&loaded).map_err(|inner| SyncError::Plugin { side: s.label, inner })?;
        let ev = Evaluator::new(set, &c, side_seed).map_err(|message| SyncError::Setup {
            side: s.label,
            file: file.clone(),
            message,
        })?;
        let p = Prepared::new(c, ev, side_seed).map_err(|inner| SyncError::Seed { side: s.label, inner })?;
        prepared.push(p);
    }

    let mut conns = Vec::new();
    for s in sides {
        let c =
            rt.block_on(Conn::connect(s.driver, &s.url)).map_err(|inner| SyncError::Driver { side: s.label, inner })?;
        conns.push(std::sync::Arc::new(tokio::sync::Mutex::new(c)));
    }

    for ((s, p), conn) in sides.iter().zip(&prepared).zip(&conns) {
        info!(driver = s.driver.flag_name(), "{verb} {}", s.label);
        for section in sections {
            p.run(*section, conn, rt).map_err(|inner| SyncError::Seed { side: s.label, inner })?;
        }
    }
    Ok(())
}
