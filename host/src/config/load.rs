//! Reading a config file: YAML, `!include`, strict keys, and errors that point at the line.

use super::Config;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Syntax { path: String, line: usize, message: String },
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid { path: String, line: Option<usize>, message: String },
}

/// Load and validate the structure of a config file (expressions are checked later).
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| ConfigError::Read { path: shown.clone(), message: e.to_string() })?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| syntax(&shown, &e))?;
    let mut stack = vec![std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())];
    let value = resolve_includes(value, path.parent().unwrap_or(Path::new(".")), &mut stack, &shown)?;
    if value.is_null() {
        return Ok(Config { path: path.to_path_buf(), ..Config::default() });
    }
    let mut config: Config = serde_yaml::from_value(value).map_err(|e| structural(&shown, &text, &e))?;
    config.path = path.to_path_buf();
    for (i, q) in config.up.iter().chain(&config.seed).chain(&config.deseed).chain(&config.down).enumerate() {
        if q.row.is_some() && !q.args.is_empty() {
            return Err(ConfigError::Invalid {
                path: shown,
                line: q.name.as_deref().and_then(|n| find_line(&text, n)),
                message: format!("query {}: `row` and `args` cannot both be set", q.label(i)),
            });
        }
    }
    Ok(config)
}

fn syntax(path: &str, e: &serde_yaml::Error) -> ConfigError {
    let line = e.location().map(|l| l.line()).unwrap_or(0);
    let message = e.to_string();
    // serde_yaml appends " at line X column Y"; the line is already in the prefix.
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    ConfigError::Syntax { path: path.to_string(), line, message: format!("invalid YAML: {message}") }
}

/// Map a deserialisation error to one line naming the key, its line and the closest valid key.
fn structural(path: &str, text: &str, e: &serde_yaml::Error) -> ConfigError {
    let msg = e.to_string();
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> =
            rest.split("expected ").nth(1).map(|s| s.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
        let suggestion = closest(key, &expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        let known = if expected.is_empty() { String::new() } else { format!(" (known keys: {})", expected.join(", ")) };
        return ConfigError::Invalid {
            path: path.to_string(),
            line: find_line(text, key),
            message: format!(
                "unknown key `{key}`{suggestion}{}",
                if suggestion.is_empty() { known } else { String::new() }
            ),
        };
    }
    if let Some(rest) = msg.split("unknown variant `").nth(1) {
        let value = rest.split('`').next().unwrap_or("");
        return ConfigError::Invalid {
            path: path.to_string(),
            line: find_line(text, value),
            message: format!("unknown query type `{value}`; expected one of query, exec, exec_batch, query_batch"),
        };
    }
    if msg.contains("expected struct Config") {
        return ConfigError::Invalid {
            path: path.to_string(),
            line: None,
            message: "the top level must be a mapping of sections (globals, up, seed, deseed, down, …)".into(),
        };
    }
    if let Some(rest) = msg.split("missing field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        return ConfigError::Invalid {
            path: path.to_string(),
            line: None,
            message: format!("a query is missing the required key `{key}`"),
        };
    }
    ConfigError::Invalid { path: path.to_string(), line: e.location().map(|l| l.line()), message: msg }
}

/// The first line where `needle` appears as a key or value.
fn find_line(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(&format!("{needle}:")) || t.ends_with(needle) || t.contains(&format!(": {needle}"))
        })
        .map(|i| i + 1)
}

pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Replace `!include path` values: a mapping value is replaced; a sequence item that includes
/// a sequence is spliced in. Paths are relative to the including file; cycles are errors.
fn resolve_includes(
    value: serde_yaml::Value,
    dir: &Path,
    stack: &mut Vec<PathBuf>,
    shown: &str,
) -> Result<serde_yaml::Value, ConfigError> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Tagged(t) if t.tag == "include" => {
            let Y::String(rel) = &t.value else {
                return Err(ConfigError::Invalid {
                    path: shown.into(),
                    line: None,
                    message: "!include needs a file path".into(),
                });
            };
            let target = dir.join(rel);
            let canonical = std::fs::canonicalize(&target).map_err(|e| ConfigError::Read {
                path: shown.into(),
                message: format!("reading include {}: {e}", target.display()),
            })?;
            if stack.contains(&canonical) {
                return Err(ConfigError::Invalid {
                    path: shown.into(),
                    line: None,
                    message: format!("circular include detected: {}", canonical.display()),
                });
            }
            let inc_shown = target.display().to_string();
            let text = std::fs::read_to_string(&canonical)
                .map_err(|e| ConfigError::Read { path: inc_shown.clone(), message: e.to_string() })?;
            let inner: Y = serde_yaml::from_str(&text).map_err(|e| syntax(&inc_shown, &e))?;
            stack.push(canonical.clone());
            let resolved = resolve_includes(inner, canonical.parent().unwrap_or(dir), stack, &inc_shown)?;
            stack.pop();
            resolved
        }
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let is_include = matches!(&item, Y::Tagged(t) if t.tag == "include");
                match resolve_includes(item, dir, stack, shown)? {
                    Y::Sequence(inner) if is_include => out.extend(inner),
                    other => out.push(other),
                }
            }
            Y::Sequence(out)
        }
        Y::Mapping(m) => {
            let mut out = serde_yaml::Mapping::with_capacity(m.len());
            for (k, v) in m {
                out.insert(k, resolve_includes(v, dir, stack, shown)?);
            }
            Y::Mapping(out)
        }
        other => other,
    })
}
