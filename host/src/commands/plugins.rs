//! `edg plugins list`.

use crate::cli::Cli;
use crate::exit;
use crate::plugin::{Loaded, Runtime};
use anyhow::Result;
use std::io::Write;

/// Every generator function (signature, doc, example) and every normalizer, on stdout.
pub fn list(cli: &Cli, runtime: &Runtime) -> Result<i32> {
    let loaded = crate::sync::load_plugins(runtime, &cli.plugins, &[])?;
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
