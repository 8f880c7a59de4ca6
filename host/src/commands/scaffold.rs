//! `edg plugins new NAME`: a ready-to-build plugin project, with a copy of the plugin SDK and
//! the WIT it was written for, so it builds anywhere without this repository.

use crate::cli::{PluginKind, PluginLang};
use crate::exit;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use tracing::info;

/// The SDK and the plugin API, as they were when this edg was built.
const SDK: &[(&str, &str)] = &[
    ("sdk/Cargo.toml", include_str!("../../templates/plugin/sdk-Cargo.toml.tmpl")),
    ("sdk/src/lib.rs", include_str!("../../../plugins/sdk/src/lib.rs")),
    ("sdk/src/args.rs", include_str!("../../../plugins/sdk/src/args.rs")),
    ("sdk/src/column.rs", include_str!("../../../plugins/sdk/src/column.rs")),
    ("sdk/src/describe.rs", include_str!("../../../plugins/sdk/src/describe.rs")),
    ("sdk/src/generator.rs", include_str!("../../../plugins/sdk/src/generator.rs")),
    ("sdk/src/normalizer.rs", include_str!("../../../plugins/sdk/src/normalizer.rs")),
    ("sdk/src/rng.rs", include_str!("../../../plugins/sdk/src/rng.rs")),
    ("sdk/wit/types.wit", include_str!("../../../wit/types.wit")),
    ("sdk/wit/generator.wit", include_str!("../../../wit/generator.wit")),
    ("sdk/wit/normalizer.wit", include_str!("../../../wit/normalizer.wit")),
];

/// A plugin name: a Cargo package name that is also a rule or plugin name (`[a-z][a-z0-9_-]*`).
fn check_name(name: &str) -> Result<()> {
    let ok = name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !ok {
        bail!("plugins new {name:?}: a name is 1 to 40 characters of a-z, 0-9, - and _, starting with a letter");
    }
    Ok(())
}

pub fn new(name: &str, kind: PluginKind, lang: PluginLang, parent: &Path) -> Result<i32> {
    check_name(name)?;
    let dir = parent.join(name);
    if !parent.is_dir() {
        bail!("plugins new: {} is not a directory", parent.display());
    }
    let crate_name = name.replace('-', "_");
    let wasm = match lang {
        PluginLang::Rust => format!("target/wasm32-wasip2/release/{crate_name}.wasm"),
        PluginLang::Python => format!("{crate_name}.wasm"),
    };
    let (kind_word, source, usage) = match kind {
        PluginKind::Generator => (
            "generator",
            include_str!("../../templates/plugin/generator.rs"),
            format!(
                "In a config, `roll(6)` then works like edg's own functions:\n\n```sh\nedg sync run --plugin {wasm} \\\n  --source-driver sqlite --source-url /tmp/{crate_name}.db --source-config config.yaml --rng-seed 1\n```"
            ),
        ),
        PluginKind::Normalizer => (
            "normalizer",
            include_str!("../../templates/plugin/normalizer.rs"),
            format!(
                "Columns given the rule compare through it:\n\n```sh\nedg sync verify --plugin {wasm} --column-rule users.name={name} …\n```"
            ),
        ),
    };
    let world = match kind {
        PluginKind::Generator => "generator-plugin",
        PluginKind::Normalizer => "normalizer-plugin",
    };
    let fill = |t: &str| {
        t.replace("{{name}}", name)
            .replace("{{crate}}", &crate_name)
            .replace("{{kind}}", kind_word)
            .replace("{{world}}", world)
            .replace("{{usage}}", &usage)
    };
    let mut files: Vec<(PathBuf, String)> =
        vec![(dir.join(".gitignore"), "/target\n/.venv\n/.bindings\n*.wasm\n".into())];
    match lang {
        PluginLang::Rust => {
            files.push((dir.join("Cargo.toml"), fill(include_str!("../../templates/plugin/Cargo.toml.tmpl"))));
            files.push((dir.join("src/lib.rs"), fill(source)));
            files.push((dir.join("README.md"), fill(include_str!("../../templates/plugin/README.md.tmpl"))));
            files.extend(SDK.iter().map(|(path, text)| (dir.join(path), text.to_string())));
        }
        PluginLang::Python => {
            let (app, test) = match kind {
                PluginKind::Generator => (
                    include_str!("../../templates/plugin/generator.py"),
                    include_str!("../../templates/plugin/test_generator.py"),
                ),
                PluginKind::Normalizer => (
                    include_str!("../../templates/plugin/normalizer.py"),
                    include_str!("../../templates/plugin/test_normalizer.py"),
                ),
            };
            files.push((dir.join("app.py"), fill(app)));
            files.push((dir.join("test_app.py"), fill(test)));
            files.push((dir.join("build.sh"), fill(include_str!("../../templates/plugin/build.sh.tmpl"))));
            files.push((dir.join("README.md"), fill(include_str!("../../templates/plugin/README-python.md.tmpl"))));
            files.extend(
                SDK.iter()
                    .filter(|(p, _)| p.starts_with("sdk/wit/"))
                    .map(|(path, text)| (dir.join(path.trim_start_matches("sdk/")), text.to_string())),
            );
        }
    }
    if kind == PluginKind::Generator {
        files.push((
            dir.join("config.yaml"),
            "up:\n  - name: create\n    type: exec\n    query: CREATE TABLE rolls (id INTEGER PRIMARY KEY, roll INTEGER)\nseed:\n  - name: rolls\n    type: exec_batch\n    count: 100\n    args:\n      - seq(1, 1)\n      - roll(6)\n    query: INSERT INTO rolls (id, roll) __values__\n".into(),
        ));
    }
    // The directory is made here, in one step that fails when anything (a file, a dangling
    // symlink, another run's project) is at its path: then it is ours, and everything is written
    // or nothing (a failure half-way removes what this run made, and only that).
    if let Err(e) = std::fs::create_dir(&dir) {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            bail!("plugins new: {} already exists; choose another name or remove it", dir.display());
        }
        bail!("plugins new: creating {}: {e}", dir.display());
    }
    let written = (|| -> std::io::Result<()> {
        for (path, text) in &files {
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::write(path, text)?;
            #[cfg(unix)]
            if path.extension().is_some_and(|e| e == "sh") {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
            }
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&dir);
        bail!("plugins new: writing {}: {e}", dir.display());
    }
    info!(path = dir.display().to_string(), kind = kind_word, "plugin project written; see its README.md");
    Ok(exit::OK)
}
