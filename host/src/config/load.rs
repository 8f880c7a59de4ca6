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

/// The largest config (or included file) edg reads: configs are hand-written, and reading a
/// device or a data file by mistake must not take the machine's memory.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// Deepest `[`/`{` nesting accepted; the YAML parser's time grows faster than linearly with
/// it, and no config needs more.
pub const MAX_NESTING: usize = 128;

/// Longest piece of a file echoed back in an error.
const MAX_ECHO: usize = 80;

/// Read a config file: capped in size, UTF-8, and not nested beyond `MAX_NESTING`.
fn read_capped(path: &Path, shown: &str) -> Result<String, ConfigError> {
    use std::io::Read;
    let read_err = |message: String| ConfigError::Read { path: shown.to_string(), message };
    let file = std::fs::File::open(path).map_err(|e| read_err(e.to_string()))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(read_err("is a directory, not a config file".into()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes).map_err(|e| read_err(e.to_string()))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(read_err(format!("larger than the {} MiB a config may be", MAX_CONFIG_BYTES >> 20)));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        ConfigError::Syntax { path: shown.to_string(), line, message: "not UTF-8 text (is this a config file?)".into() }
    })?;
    if let Some(line) = too_deep(&text) {
        return Err(ConfigError::Syntax {
            path: shown.to_string(),
            line,
            message: format!("nested deeper than {MAX_NESTING} levels"),
        });
    }
    Ok(text)
}

/// The line where `[`/`{` nesting first passes `MAX_NESTING`, outside quotes and comments.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        // Quotes are tracked per line: a stray apostrophe must not hide the rest of the file.
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') if prev.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(n + 1);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// `text` cut to `MAX_ECHO` characters, for errors that quote the input.
pub fn echo(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Load and validate the structure of a config file (expressions are checked later).
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = read_capped(path, &shown)?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| syntax(&shown, &e))?;
    let mut stack = Includes {
        open: vec![std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())],
        files: vec![(shown.clone(), text.clone())],
    };
    let value = resolve_includes(value, path.parent().unwrap_or(Path::new(".")), &mut stack, &shown, &text)?;
    if value.is_null() {
        return Ok(Config { path: path.to_path_buf(), ..Config::default() });
    }
    let mut config: Config = serde_yaml::from_value(value).map_err(|e| structural(&stack.files, &e))?;
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

/// The file (the config or one it includes) and line where `needle` appears; the config itself
/// when no file has it. The combined document has no positions, so this is how an error inside
/// an included file comes to name that file.
fn locate<'a>(files: &'a [(String, String)], needle: &str) -> (&'a str, Option<usize>) {
    files
        .iter()
        .find_map(|(path, text)| find_line(text, needle).map(|line| (path.as_str(), Some(line))))
        .unwrap_or((files[0].0.as_str(), None))
}

/// Map a deserialisation error to one line naming the key, its file and line and the closest
/// valid key. `files` are the config first, then every file it includes.
fn structural(files: &[(String, String)], e: &serde_yaml::Error) -> ConfigError {
    let path = files[0].0.as_str();
    let msg = e.to_string();
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> =
            rest.split("expected ").nth(1).map(|s| s.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
        let suggestion = closest(key, &expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        let known = if expected.is_empty() { String::new() } else { format!(" (known keys: {})", expected.join(", ")) };
        let (path, line) = locate(files, key);
        return ConfigError::Invalid {
            path: path.to_string(),
            line,
            message: format!(
                "unknown key `{key}`{suggestion}{}",
                if suggestion.is_empty() { known } else { String::new() }
            ),
        };
    }
    if let Some(rest) = msg.split("unknown variant `").nth(1) {
        let value = rest.split('`').next().unwrap_or("");
        let (path, line) = locate(files, value);
        return ConfigError::Invalid {
            path: path.to_string(),
            line,
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
    ConfigError::Invalid { path: path.to_string(), line: e.location().map(|l| l.line()), message: cut_echoes(&msg) }
}

/// serde quotes the offending value (`invalid type: string "…"`), which for an included data
/// file would be its whole contents: keep only the start of each quoted value.
fn cut_echoes(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(512));
    let mut rest = msg;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let close = after.find('"').unwrap_or(after.len());
        let quoted = &after[..close];
        // A multi-line value is an included file's contents, not something the user typed.
        out.push_str(&if quoted.contains('\n') || quoted.contains("\\n") { "…".to_string() } else { echo(quoted) });
        rest = &after[close..];
        if let Some(stripped) = rest.strip_prefix('"') {
            out.push('"');
            rest = stripped;
        }
    }
    out.push_str(rest);
    out
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
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Replace `!include path` values: a mapping value is replaced; a sequence item that includes
/// a sequence is spliced in. Paths are relative to the including file; cycles are errors.
/// The files being included (to refuse cycles) and every file read, with its text.
struct Includes {
    open: Vec<PathBuf>,
    files: Vec<(String, String)>,
}

fn resolve_includes(
    value: serde_yaml::Value,
    dir: &Path,
    stack: &mut Includes,
    shown: &str,
    text: &str,
) -> Result<serde_yaml::Value, ConfigError> {
    resolve(value, dir, stack, shown, text, Level::Document)
}

/// Where a value sits: the document and its sections must be mappings or lists.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Document,
    Section,
    Inner,
}

fn resolve(
    value: serde_yaml::Value,
    dir: &Path,
    stack: &mut Includes,
    shown: &str,
    text: &str,
    level: Level,
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
            let line = find_line(text, &format!("!include {rel}"));
            let canonical = std::fs::canonicalize(&target).map_err(|e| ConfigError::Invalid {
                path: shown.into(),
                line,
                message: format!("!include {}: {e}", target.display()),
            })?;
            if stack.open.contains(&canonical) {
                return Err(ConfigError::Invalid {
                    path: shown.into(),
                    line: None,
                    message: format!("circular include detected: {}", canonical.display()),
                });
            }
            let inc_shown = target.display().to_string();
            let inc_text = read_capped(&canonical, &inc_shown)?;
            let inner: Y = serde_yaml::from_str(&inc_text).map_err(|e| syntax(&inc_shown, &e))?;
            // A section included from a data file (CSV, JSON lines, prose) parses as one long
            // string: say so, and never echo what it holds. Deeper down a string is fine
            // (`query: !include create.sql`).
            if level != Level::Inner && !matches!(inner, Y::Mapping(_) | Y::Sequence(_) | Y::Tagged(_) | Y::Null) {
                return Err(ConfigError::Invalid {
                    path: shown.into(),
                    line,
                    message: format!("!include {inc_shown}: the included file is not a YAML mapping or list"),
                });
            }
            stack.open.push(canonical.clone());
            let resolved = resolve(inner, canonical.parent().unwrap_or(dir), stack, &inc_shown, &inc_text, level)?;
            stack.open.pop();
            stack.files.push((inc_shown, inc_text));
            resolved
        }
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let is_include = matches!(&item, Y::Tagged(t) if t.tag == "include");
                match resolve(item, dir, stack, shown, text, Level::Inner)? {
                    Y::Sequence(inner) if is_include => out.extend(inner),
                    other => out.push(other),
                }
            }
            Y::Sequence(out)
        }
        Y::Mapping(m) => {
            let mut out = serde_yaml::Mapping::with_capacity(m.len());
            // The top-level mapping's values are sections; below them, anything goes.
            let inner = if level == Level::Document { Level::Section } else { Level::Inner };
            for (k, v) in m {
                let v = resolve(v, dir, stack, shown, text, inner)?;
                out.insert(k, v);
            }
            Y::Mapping(out)
        }
        other => other,
    })
}
