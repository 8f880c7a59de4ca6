//! Compiled components cached on disk, so a CLI start does not run Cranelift on built-ins.
//!
//! A precompiled artifact only fits the same wasmtime build, engine configuration and CPU, so
//! the file name carries `Engine::precompile_compatibility_hash()` besides the wasm's SHA-256.

use sha2::{Digest, Sha256};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::Engine;
use wasmtime::component::Component;

/// Where compiled components go: `$EDG_CACHE_DIR`, else `$XDG_CACHE_HOME/edg`, else `~/.cache/edg`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("EDG_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("edg"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("edg"))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn engine_key(engine: &Engine) -> u64 {
    let mut h = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    h.finish()
}

/// Components at least this large are announced before they are compiled.
const LARGE: usize = 4 << 20;

/// Load `wasm` (the plugin `name`) from the cache or compile it (and store the result for
/// next time).
pub fn load(
    engine: &Engine,
    dir: Option<&Path>,
    name: &str,
    wasm: &[u8],
    wasm_sha: &str,
) -> wasmtime::Result<Component> {
    let Some(dir) = dir else {
        return Component::new(engine, wasm);
    };
    let path = dir.join(format!("{}-{:016x}.cwasm", &wasm_sha[..32], engine_key(engine)));
    if path.exists() {
        // SAFETY: the file is one this function wrote with `Component::serialize` for an
        // engine with the same compatibility hash; a corrupt file fails to load and is rebuilt.
        if let Ok(c) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(c);
        }
    }
    // A large component (a Python one is ~18 MB) takes seconds to compile the first time:
    // say so before, so the wait is not silent, and how long it took after.
    let large = wasm.len() >= LARGE;
    if large {
        tracing::info!(
            plugin = name,
            mib = wasm.len() >> 20,
            cache = %dir.display(),
            "compiling plugin (first use; cached for the next runs)"
        );
    }
    let began = std::time::Instant::now();
    let component = Component::new(engine, wasm)?;
    let took = began.elapsed();
    if large || took >= std::time::Duration::from_secs(1) {
        tracing::info!(plugin = name, seconds = format!("{:.1}", took.as_secs_f64()), "plugin compiled");
    }
    if let Ok(bytes) = component.serialize() {
        // Best effort: a read-only cache directory only costs compile time.
        let _ = std::fs::create_dir_all(dir);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
    Ok(component)
}
