//! Builds the guest components in `plugins/` for wasm32-wasip2, so a plain `cargo build` of
//! the host needs no manual step, and tells the host where the `.wasm` files are.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("host/ lives in the workspace root").to_path_buf();
    let plugins = root.join("plugins");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    // <target>/<profile>/build/<pkg>/out → <target>/wasm-plugins-<checkout>: one guest build shared
    // by every profile, and not the outer build's directory (its lock would deadlock the nested
    // cargo). One per checkout: two clones sharing a CARGO_TARGET_DIR would otherwise overwrite
    // each other's uplifted .wasm files while each one's fingerprints still say "fresh".
    let dir_name = format!("wasm-plugins-{:016x}", fnv1a(root.display().to_string().as_bytes()));
    let target_dir = out.ancestors().nth(4).map(|t| t.join(&dir_name)).unwrap_or_else(|| out.join(&dir_name));

    for watched in ["plugins/Cargo.toml", "plugins/Cargo.lock", "plugins/.cargo", "wit"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    for entry in std::fs::read_dir(&plugins).expect("plugins/ exists").flatten() {
        let path = entry.path();
        if path.join("Cargo.toml").exists() {
            println!("cargo:rerun-if-changed={}", path.join("Cargo.toml").display());
            // Every file, not the directories: a directory's own mtime does not change when a
            // file in it is edited in place, and the plugins must be rebuilt when one is.
            watch_files(&path.join("src"));
            watch_files(&path.join("wit"));
        }
    }

    // `edg --version` names the commit it was built from (no git, or not a checkout: unknown).
    let commit = Command::new("git")
        .current_dir(&root)
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=EDG_GIT_COMMIT={commit}");
    for git in [".git/HEAD", ".git/refs/heads"] {
        if root.join(git).exists() {
            println!("cargo:rerun-if-changed={}", root.join(git).display());
        }
    }

    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&plugins)
        .args(["build", "--release", "--workspace", "--target", "wasm32-wasip2", "--target-dir"])
        .arg(&target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_MAKEFLAGS")
        .output()
        .expect("running cargo for plugins/");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("wasm32-wasip2")
            && (stderr.contains("may not be installed") || stderr.contains("can't find crate for `core`"))
        {
            panic!("the wasm32-wasip2 target is missing: run `rustup target add wasm32-wasip2`\n{stderr}");
        }
        panic!("building the guest components in plugins/ failed:\n{stderr}");
    }
    let wasm_dir = target_dir.join("wasm32-wasip2").join("release");
    check(&wasm_dir, "edg_faker.wasm");
    println!("cargo:rustc-env=EDG_PLUGIN_DIR={}", wasm_dir.display());
}

fn check(dir: &Path, file: &str) {
    assert!(dir.join(file).exists(), "guest build produced no {}", dir.join(file).display());
}

/// FNV-1a: stable across Rust versions (a directory name must not change with the toolchain).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn watch_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            watch_files(&path);
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}
