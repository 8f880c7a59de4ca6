//! `edg plugins list`: every function (edg's own and each generator's), every gen() pattern by
//! category, and every normalizer, as text or as one JSON document.

use crate::cli::{Cli, Format};
use crate::exit;
use crate::plugin::{FunctionInfo, Loaded, PatternInfo, Runtime};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Listing<'a> {
    schema_version: u32,
    generators: Vec<GeneratorListing<'a>>,
    normalizers: Vec<NormalizerListing<'a>>,
}

#[derive(Serialize)]
struct GeneratorListing<'a> {
    name: &'a str,
    version: &'a str,
    /// The .wasm file, or null for built-ins.
    path: Option<String>,
    functions: Vec<FunctionListing<'a>>,
    patterns: &'a [PatternInfo],
}

#[derive(Serialize)]
struct FunctionListing<'a> {
    signature: String,
    #[serde(flatten)]
    info: &'a FunctionInfo,
}

#[derive(Serialize)]
struct NormalizerListing<'a> {
    name: &'a str,
    version: &'a str,
    path: Option<String>,
    drivers: &'a [String],
    types: &'a [String],
    rules: &'a [String],
    doc: &'a str,
}

pub fn list(cli: &Cli, format: Format, only: Option<&str>, runtime: &Runtime) -> Result<i32> {
    let loaded = crate::sync::load_plugins(runtime, &cli.plugins, &[])?;
    let host = crate::expr::catalog::describe();
    let no_patterns: Vec<PatternInfo> = Vec::new();
    let path = |l: &Loaded| l.source().path.as_ref().map(|p| p.display().to_string());
    let mut generators = vec![GeneratorListing {
        name: "edg",
        version: env!("CARGO_PKG_VERSION"),
        path: None,
        functions: host.iter().map(|f| FunctionListing { signature: f.signature(), info: f }).collect(),
        patterns: &no_patterns,
    }];
    let mut normalizers = Vec::new();
    for l in &loaded {
        match l {
            Loaded::Generator { info, .. } => generators.push(GeneratorListing {
                name: &info.name,
                version: &info.version,
                path: path(l),
                functions: info
                    .functions
                    .iter()
                    .map(|f| FunctionListing { signature: f.signature(), info: f })
                    .collect(),
                patterns: &info.patterns,
            }),
            Loaded::Normalizer { info, .. } => normalizers.push(NormalizerListing {
                name: &info.name,
                version: &info.version,
                path: path(l),
                drivers: &info.drivers,
                types: &info.types,
                rules: &info.rules,
                doc: &info.doc,
            }),
        }
    }
    if let Some(name) = only {
        let names: Vec<String> = generators
            .iter()
            .map(|g| g.name.to_string())
            .chain(normalizers.iter().map(|n| n.name.to_string()))
            .collect();
        if !names.iter().any(|n| n == name) {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = crate::config::closest(name, &refs).map(|n| format!("did you mean {n}? ")).unwrap_or_default();
            anyhow::bail!("plugins list {name}: no plugin of that name; {hint}the plugins are {}", names.join(", "));
        }
        generators.retain(|g| g.name == name);
        normalizers.retain(|n| n.name == name);
    }
    let listing = Listing { schema_version: 1, generators, normalizers };
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &listing)?;
            writeln!(out)?;
        }
        Format::Text => text(&mut out, &listing)?,
    }
    Ok(exit::OK)
}

fn text(out: &mut impl Write, listing: &Listing) -> std::io::Result<()> {
    for g in &listing.generators {
        let from = g.path.clone().unwrap_or_else(|| "built-in".into());
        if g.path.is_none() && g.name == "edg" {
            writeln!(out, "edg {} (the host's own functions)", g.version)?;
        } else {
            writeln!(out, "generator {} {} ({from})", g.name, g.version)?;
        }
        for f in &g.functions {
            writeln!(out, "  {}\n      {}\n      e.g. {}", f.signature, f.info.doc, f.info.example)?;
        }
        let mut category = "";
        for p in g.patterns {
            if p.category != category {
                category = &p.category;
                writeln!(out, "{}() patterns of {}: {category}", p.function, g.name)?;
            }
            let params = if p.params.is_empty() { String::new() } else { format!(":{}", p.params) };
            writeln!(out, "  {}{params}\n      {}\n      e.g. {}", p.name, p.doc, p.example)?;
        }
    }
    for n in &listing.normalizers {
        let from = n.path.clone().unwrap_or_else(|| "built-in".into());
        writeln!(
            out,
            "normalizer {} {} ({from}) drivers: {}; types: {}; rules: {}\n      {}",
            n.name,
            n.version,
            n.drivers.join(", "),
            n.types.join(", "),
            n.rules.join(", "),
            n.doc
        )?;
    }
    Ok(())
}
