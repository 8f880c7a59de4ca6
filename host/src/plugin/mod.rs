//! The WebAssembly plugin platform: generators and normalizers as WIT components run by
//! wasmtime in a sandbox (no filesystem, network, clock or entropy; time and memory limits).

pub mod api;
mod bindings;
mod cache;
pub use cache::sha256_hex;
mod convert;
mod declared;
mod generator;
mod guest;
mod info;
mod limits;
mod normalizer;
mod set;

pub use generator::Generator;
pub use info::{ColumnSpec, FunctionInfo, GeneratorInfo, NormalizerInfo, ParamInfo, PatternInfo};
pub use limits::Limits;
pub use normalizer::Normalizer;
pub use set::PluginSet;

use bindings::generator::GeneratorPluginPre;
use bindings::normalizer::NormalizerPluginPre;
use guest::GuestState;
use std::path::{Path, PathBuf};
use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Config, Engine};

pub use api::API_VERSION;

/// Built-in components, compiled from `plugins/` by the build script.
/// The names of the built-in components (each engine's normalizer is `<family>-normalizer`).
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(name, _)| *name).collect()
}

const BUILTINS: &[(&str, &[u8])] = &[
    ("faker", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_faker.wasm"))),
    ("postgres-normalizer", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_normalize_postgres.wasm"))),
    ("mysql-normalizer", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_normalize_mysql.wasm"))),
    ("sqlite-normalizer", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_normalize_sqlite.wasm"))),
    ("mongodb-normalizer", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_normalize_mongodb.wasm"))),
    ("cassandra-normalizer", include_bytes!(concat!(env!("EDG_PLUGIN_DIR"), "/edg_normalize_cassandra.wasm"))),
];

#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    #[error("plugin file {path}: {message}")]
    Load { path: String, message: String },
    #[error("plugin \"{plugin}\": timed out after {}", humanize(*timeout))]
    Timeout { plugin: String, timeout: std::time::Duration },
    #[error("plugin \"{plugin}\": exceeded memory limit {} MiB", limit >> 20)]
    Memory { plugin: String, limit: usize },
    #[error("plugin \"{plugin}\": trapped ({reason}){detail}")]
    Trap { plugin: String, reason: String, detail: String },
    #[error("plugin \"{plugin}\" {version}: {message}")]
    Guest { plugin: String, version: String, message: String },
    #[error("function {function:?} is defined by both plugin \"{first}\" and plugin \"{second}\"")]
    Clash { function: String, first: String, second: String },
    #[error("no plugin provides function {0:?}")]
    UnknownFunction(String),
    #[error("plugin runtime: {0}")]
    Runtime(String),
}

fn humanize(d: std::time::Duration) -> String {
    if d.subsec_millis() == 0 { format!("{}s", d.as_secs()) } else { format!("{}ms", d.as_millis()) }
}

/// A compiled, linked component, ready to be instantiated once per database side.
#[derive(Clone)]
pub enum Loaded {
    Generator { pre: GeneratorPluginPre<GuestState>, info: GeneratorInfo, source: Source },
    Normalizer { pre: NormalizerPluginPre<GuestState>, info: NormalizerInfo, source: Source },
}

/// Where a plugin came from, for messages and run metadata.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub path: Option<PathBuf>,
    pub sha256: String,
}

/// One wasmtime engine and linker for the process, plus the sandbox limits.
pub struct Runtime {
    engine: Engine,
    linker: Linker<GuestState>,
    limits: Limits,
    cache_dir: Option<PathBuf>,
    _ticker: limits::EpochTicker,
}

/// The largest component edg loads. Built-ins are a few MiB; an interpreter compiled into a
/// component (Python via componentize-py) is some tens.
pub const MAX_PLUGIN_BYTES: u64 = 256 << 20;

impl Runtime {
    pub fn new(limits: Limits) -> Result<Self, PluginError> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        config.wasm_component_model(true);
        let engine = Engine::new(&config).map_err(|e| PluginError::Runtime(format!("{e:#}")))?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| PluginError::Runtime(format!("{e:#}")))?;
        bindings::generator::edg::plugin::rng::add_to_linker::<GuestState, HasSelf<GuestState>>(&mut linker, |s| s)
            .map_err(|e| PluginError::Runtime(format!("{e:#}")))?;
        bindings::generator::edg::plugin::clock::add_to_linker::<GuestState, HasSelf<GuestState>>(&mut linker, |s| s)
            .map_err(|e| PluginError::Runtime(format!("{e:#}")))?;
        let ticker = limits::EpochTicker::start(&engine);
        Ok(Runtime { engine, linker, limits, cache_dir: cache::default_dir(), _ticker: ticker })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Compile (or load from cache) and link every built-in component.
    pub fn builtins(&self) -> Result<Vec<Loaded>, PluginError> {
        BUILTINS.iter().map(|(name, wasm)| self.load_bytes(name, None, wasm)).collect()
    }

    /// Load a third-party component from a `.wasm` file (at most `MAX_PLUGIN_BYTES`).
    pub fn load_file(&self, path: &Path) -> Result<Loaded, PluginError> {
        use std::io::Read;
        let shown = path.display().to_string();
        let load_err = |message: String| PluginError::Load { path: shown.clone(), message };
        let file = std::fs::File::open(path).map_err(|e| load_err(e.to_string()))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(load_err("is a directory, not a .wasm file".into()));
        }
        // The magic number first, then at most the cap: `--plugin /dev/zero` or a mistyped
        // data file must neither fill memory nor be read to the end.
        let mut file = file.take(MAX_PLUGIN_BYTES + 1);
        let mut bytes = vec![0u8; 4];
        if file.read_exact(&mut bytes).is_err() || !bytes.starts_with(b"\0asm") {
            return Err(load_err("not a WebAssembly file".into()));
        }
        file.read_to_end(&mut bytes).map_err(|e| load_err(e.to_string()))?;
        if bytes.len() as u64 > MAX_PLUGIN_BYTES {
            return Err(load_err(format!("larger than the {} MiB a plugin may be", MAX_PLUGIN_BYTES >> 20)));
        }
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
        self.load_bytes(&name, Some(path), &bytes)
    }

    fn load_bytes(&self, name: &str, path: Option<&Path>, wasm: &[u8]) -> Result<Loaded, PluginError> {
        let shown = path.map(|p| p.display().to_string()).unwrap_or_else(|| format!("<built-in {name}>"));
        let load_err = |message: String| PluginError::Load { path: shown.clone(), message };
        let sha256 = cache::sha256_hex(wasm);
        let component = cache::load(&self.engine, self.cache_dir.as_deref(), name, wasm, &sha256).map_err(|e| {
            let msg = format!("{e:#}");
            if msg.contains("parse a wasm module with a component parser") || msg.contains("core module") {
                load_err("a core WebAssembly module, not a component: build it for wasm32-wasip2 (or run `wasm-tools component new`)".into())
            } else {
                load_err(format!("invalid component: {}", e.root_cause()))
            }
        })?;
        let exports = export_names(&self.engine, &component);
        let source = Source { name: name.to_string(), path: path.map(Path::to_path_buf), sha256 };
        let pre = |c: &Component| {
            self.linker.instantiate_pre(c).map_err(|e| load_err(format!("cannot link: {}", e.root_cause())))
        };
        match api::role(&exports).map_err(|e| load_err(e.to_string()))? {
            api::Role::Generator => {
                let pre = GeneratorPluginPre::new(pre(&component)?).map_err(|e| load_err(format!("{e:#}")))?;
                let mut g = Generator::instantiate(&self.engine, &pre, self.limits, &source)?;
                let info = g.describe()?;
                Ok(Loaded::Generator { pre, info, source })
            }
            api::Role::Normalizer => {
                let pre = NormalizerPluginPre::new(pre(&component)?).map_err(|e| load_err(format!("{e:#}")))?;
                let mut n = Normalizer::instantiate(&self.engine, &pre, self.limits, &source)?;
                let info = n.describe()?;
                Ok(Loaded::Normalizer { pre, info, source })
            }
        }
    }

    /// Refuse two generators that export the same function name.
    pub fn check_clashes(loaded: &[Loaded]) -> Result<(), PluginError> {
        let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for l in loaded {
            if let Loaded::Generator { info, .. } = l {
                for f in &info.functions {
                    if let Some(first) = seen.insert(&f.name, &info.name) {
                        return Err(PluginError::Clash {
                            function: f.name.clone(),
                            first: first.to_string(),
                            second: info.name.clone(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// A fresh set of instances (one Store each) for one database side.
    pub fn instantiate(&self, loaded: &[Loaded]) -> Result<PluginSet, PluginError> {
        PluginSet::new(&self.engine, loaded, self.limits)
    }
}

fn export_names(engine: &Engine, component: &Component) -> Vec<String> {
    component.component_type().exports(engine).map(|(name, _)| name.to_string()).collect()
}

impl Loaded {
    pub fn source(&self) -> &Source {
        match self {
            Loaded::Generator { source, .. } | Loaded::Normalizer { source, .. } => source,
        }
    }
}
