//! `gen('pattern')`: the Go edg's documented gofakeit patterns (all but images and whole
//! documents), case-insensitive, with `name:param,param` parameters.
//!
//! Each pattern is one row of [`catalog::PATTERNS`]: its name, parameters, category, doc, and how
//! it is built. Every value draws only from the row's [`HostRng`].

mod build;
mod catalog;
mod locale;
pub mod regex;
pub mod words;

pub use catalog::PATTERNS;
pub use locale::gen_locale;

use crate::dist::int_n;
use crate::{Gen, HostRng, Prepared, TextGen};
use edg_plugin_sdk::Value;

/// How a pattern makes its value.
pub enum Build {
    /// One member of a fixed list.
    List(&'static [&'static str]),
    /// Text appended to a batch's buffer: no allocation per value.
    Text(fn(&mut HostRng, &mut String)),
    /// A typed value (numbers, JSON, UUIDs).
    Value(fn(&mut HostRng) -> Value),
    /// Parameters after ':' (empty when the pattern is written without them).
    Param(fn(&Params) -> Result<Gen, String>),
    /// Parameters after ':', making text appended to a batch's buffer.
    TextParam(fn(&Params) -> Result<TextGen, String>),
}

pub struct Pattern {
    /// Lower-case name, as matched.
    pub name: &'static str,
    /// Parameters after ':' as documented, e.g. "min,max"; "" for none. A parameter list in
    /// brackets (`[min,max]`) is optional.
    pub params: &'static str,
    pub category: &'static str,
    pub doc: &'static str,
    /// What `gen('…')` takes for the example, e.g. "number:1,100".
    pub example: &'static str,
    pub build: Build,
}

/// A pattern's parameters: the text after ':', split at top-level commas.
pub struct Params<'a> {
    pub pattern: &'a str,
    pub raw: Option<&'a str>,
}

impl<'a> Params<'a> {
    /// Parameters split at commas outside brackets and braces (`dice:2,[6,6]`).
    pub fn list(&self) -> Vec<&'a str> {
        let Some(raw) = self.raw else { return Vec::new() };
        let (mut out, mut depth, mut start) = (Vec::new(), 0i32, 0);
        for (i, c) in raw.char_indices() {
            match c {
                '[' | '{' | '(' => depth += 1,
                ']' | '}' | ')' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(raw[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.push(raw[start..].trim());
        out
    }

    fn bad(&self, what: &str) -> String {
        format!("gen pattern {:?}: {what}", self.pattern)
    }

    /// `n` numbers, or the defaults when the pattern has no parameters.
    pub fn floats(&self, defaults: &[f64]) -> Result<Vec<f64>, String> {
        let parts = self.list();
        if self.raw.is_none() || parts == [""] {
            return Ok(defaults.to_vec());
        }
        if parts.len() != defaults.len() {
            return Err(self.bad(&format!("takes {} number(s) after ':', got {}", defaults.len(), parts.len())));
        }
        parts.iter().map(|p| p.parse::<f64>().map_err(|_| self.bad(&format!("{p:?} is not a number")))).collect()
    }

    pub fn ints(&self, defaults: &[i64]) -> Result<Vec<i64>, String> {
        let parts = self.list();
        if self.raw.is_none() || parts == [""] {
            return Ok(defaults.to_vec());
        }
        if parts.len() != defaults.len() {
            return Err(self.bad(&format!("takes {} integer(s) after ':', got {}", defaults.len(), parts.len())));
        }
        parts.iter().map(|p| p.parse::<i64>().map_err(|_| self.bad(&format!("{p:?} is not an integer")))).collect()
    }

    /// One integer (a count or length), default when absent, within `0..=max`.
    pub fn count(&self, default: i64, max: i64) -> Result<usize, String> {
        let n = self.ints(&[default])?[0];
        if !(0..=max).contains(&n) {
            return Err(self.bad(&format!("{n} is outside 0..={max}")));
        }
        Ok(n as usize)
    }

    /// Bounds as written: `intrange:10,1` is a typo, not a request for [1, 10].
    pub fn range_i(&self, defaults: [i64; 2]) -> Result<(i64, i64), String> {
        let v = self.ints(&defaults)?;
        if v[0] > v[1] {
            return Err(self.bad(&format!("the lower bound {} is above the upper bound {}", v[0], v[1])));
        }
        Ok((v[0], v[1]))
    }

    pub fn range_f(&self, defaults: [f64; 2]) -> Result<(f64, f64), String> {
        let v = self.floats(&defaults)?;
        if !v[0].is_finite() || !v[1].is_finite() {
            return Err(self.bad("the bounds must be finite numbers"));
        }
        if v[0] > v[1] {
            return Err(self.bad(&format!("the lower bound {} is above the upper bound {}", v[0], v[1])));
        }
        Ok((v[0], v[1]))
    }

    /// The whole parameter text (a template, a regex, a format), required.
    pub fn text(&self) -> Result<String, String> {
        match self.raw {
            Some(t) if !t.is_empty() => Ok(t.to_string()),
            _ => Err(self.bad("needs a parameter after ':'")),
        }
    }
}

pub fn pick<'a>(r: &mut HostRng, items: &[&'a str]) -> &'a str {
    items[int_n(r, items.len() as u64) as usize]
}

/// A pattern without surrounding space and braces (`{Email}` is `Email`).
fn bare(pattern: &str) -> &str {
    let p = pattern.trim();
    match p.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(inner) if !inner.contains('{') => inner,
        _ => p,
    }
}

/// A bare pattern's key, lower case, and its parameter after ':'.
fn split(pattern: &str) -> (String, Option<&str>) {
    match pattern.split_once(':') {
        Some((k, p)) => (k.trim().to_ascii_lowercase(), Some(p)),
        None => (pattern.to_ascii_lowercase(), None),
    }
}

fn find(key: &str) -> Option<&'static Pattern> {
    PATTERNS.iter().find(|p| p.name == key)
}

/// A pattern as a text writer, when it makes text: a whole batch then goes into one buffer,
/// with no value built per row.
fn text_writer(pattern: &str) -> Option<Result<TextGen, String>> {
    let bare = bare(pattern);
    let (key, raw) = split(bare);
    match (&find(&key)?.build, raw) {
        (Build::List(items), None) => {
            let items: &'static [&'static str] = items;
            Some(Ok(Box::new(move |r: &mut HostRng, out: &mut String| out.push_str(pick(r, items)))))
        }
        (Build::Text(f), None) => Some(Ok(Box::new(*f))),
        (Build::TextParam(build), _) => Some(build(&Params { pattern: bare, raw })),
        _ => None,
    }
}

/// Compile a pattern once; the result yields one value per call.
pub fn compile(pattern: &str) -> Result<Gen, String> {
    let bare = bare(pattern);
    let (key, raw) = split(bare);
    let Some(p) = find(&key) else {
        return Err(format!("unknown gen pattern {pattern:?}{}", suggest(&key)));
    };
    let params = Params { pattern: bare, raw };
    match &p.build {
        Build::Param(build) => build(&params),
        Build::TextParam(build) => {
            let write = build(&params)?;
            Ok(Box::new(move |r: &mut HostRng| {
                let mut s = String::new();
                write(r, &mut s);
                Ok(Value::Text(s))
            }))
        }
        _ if raw.is_some() => Err(format!("gen pattern {key:?} takes no parameters")),
        Build::List(items) => {
            let items: &'static [&'static str] = items;
            Ok(Box::new(move |r: &mut HostRng| Ok(Value::Text(pick(r, items).to_string()))))
        }
        Build::Text(f) => {
            let f = *f;
            Ok(Box::new(move |r: &mut HostRng| {
                let mut s = String::new();
                f(r, &mut s);
                Ok(Value::Text(s))
            }))
        }
        Build::Value(f) => {
            let f = *f;
            Ok(Box::new(move |r: &mut HostRng| Ok(f(r))))
        }
    }
}

fn suggest(key: &str) -> String {
    let mut scored: Vec<(usize, &str)> = PATTERNS
        .iter()
        .map(|p| {
            let d = strsim::levenshtein(key, p.name);
            (if p.name.starts_with(key) || key.starts_with(p.name) { d.min(1) } else { d }, p.name)
        })
        .collect();
    scored.sort();
    let close: Vec<&str> = scored.iter().filter(|(d, _)| *d <= 3).take(3).map(|(_, n)| *n).collect();
    if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) }
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Prepared, String>> {
    if name != "gen" {
        return None;
    }
    Some(crate::args::text(a, 0, "pattern").and_then(|p| match text_writer(&p) {
        Some(write) => write.map(Prepared::Texts),
        None => compile(&p).map(Prepared::Values),
    }))
}
