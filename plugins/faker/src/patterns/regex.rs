//! Text matching a regular expression (`regex()` and `gen('regex:…')`): the pattern is parsed
//! once by `regex-syntax` and compiled into a small tree of literals, classes (their printable
//! ranges and sizes computed once) and repetitions; each value walks it, drawing from the row's
//! stream, without allocating beyond its output.

use crate::HostRng;
use crate::dist::int_n;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Unbounded repetitions (`*`, `+`, `{n,}`) stop this many past their minimum, as gofakeit's
/// regex generator does: values stay short enough for a column.
const UNBOUNDED_EXTRA: u32 = 10;
/// Longest value a pattern may make: a pattern nested `{1000}{1000}` is a typo.
const MAX_LEN: u64 = 1 << 20;

enum Node {
    Literal(String),
    /// Printable ranges (inclusive) and how many characters they hold.
    Class(Vec<(u32, u32)>, u64),
    Repeat(Box<Node>, u32, u32),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
}

pub struct Generator {
    root: Node,
}

impl Generator {
    pub fn new(pattern: &str) -> Result<Self, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(true)
            .utf8(true)
            .build()
            .parse(pattern)
            .map_err(|e| format!("invalid regular expression: {}", e.to_string().lines().last().unwrap_or("")))?;
        let root = compile(&hir);
        if max_len(&root) > MAX_LEN {
            return Err(format!("the regular expression {pattern:?} can make values over {MAX_LEN} characters"));
        }
        Ok(Generator { root })
    }

    pub fn generate(&self, r: &mut HostRng) -> String {
        let mut out = String::new();
        walk(&self.root, r, &mut out);
        out
    }

    /// Append one value to `out` (a batch's buffer).
    pub fn write(&self, r: &mut HostRng, out: &mut String) {
        walk(&self.root, r, out);
    }
}

fn compile(h: &Hir) -> Node {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Node::Concat(Vec::new()),
        HirKind::Literal(l) => Node::Literal(String::from_utf8_lossy(&l.0).into_owned()),
        HirKind::Class(Class::Unicode(c)) => {
            // Only printable members: a class like `.` or `\W` also holds controls.
            let ranges: Vec<(u32, u32)> =
                c.ranges().iter().filter_map(|g| clip_printable(g.start() as u32, g.end() as u32)).collect();
            let total = ranges.iter().map(|(a, b)| (b - a + 1) as u64).sum();
            Node::Class(ranges, total)
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges: Vec<(u32, u32)> =
                c.ranges().iter().filter_map(|g| clip_printable(g.start() as u32, g.end() as u32)).collect();
            let total = ranges.iter().map(|(a, b)| (b - a + 1) as u64).sum();
            Node::Class(ranges, total)
        }
        HirKind::Repetition(rep) => Node::Repeat(
            Box::new(compile(&rep.sub)),
            rep.min,
            rep.max.unwrap_or(rep.min.saturating_add(UNBOUNDED_EXTRA)),
        ),
        HirKind::Capture(c) => compile(&c.sub),
        HirKind::Concat(items) => Node::Concat(items.iter().map(compile).collect()),
        HirKind::Alternation(items) => Node::Alternation(items.iter().map(compile).collect()),
    }
}

fn max_len(n: &Node) -> u64 {
    match n {
        Node::Literal(s) => s.len() as u64,
        Node::Class(..) => 4,
        Node::Repeat(sub, _, hi) => (*hi as u64).saturating_mul(max_len(sub)),
        Node::Concat(items) => items.iter().map(max_len).fold(0, u64::saturating_add),
        Node::Alternation(items) => items.iter().map(max_len).max().unwrap_or(0),
    }
}

fn walk(n: &Node, r: &mut HostRng, out: &mut String) {
    match n {
        Node::Literal(s) => out.push_str(s),
        Node::Class(ranges, total) => {
            if *total == 0 {
                return;
            }
            let mut k = int_n(r, *total);
            for (a, b) in ranges {
                let size = (b - a + 1) as u64;
                if k < size {
                    if let Some(ch) = char::from_u32(a + k as u32) {
                        out.push(ch);
                    }
                    return;
                }
                k -= size;
            }
        }
        Node::Repeat(sub, lo, hi) => {
            let times = lo + int_n(r, (hi - lo) as u64 + 1) as u32;
            for _ in 0..times {
                walk(sub, r, out);
            }
        }
        Node::Concat(items) => items.iter().for_each(|i| walk(i, r, out)),
        Node::Alternation(items) => walk(&items[int_n(r, items.len() as u64) as usize], r, out),
    }
}

/// A class range limited to printable characters: no C0/C1 controls, no surrogates, and at
/// most the Basic Multilingual Plane (a `.` would otherwise be mostly unassigned astral planes).
fn clip_printable(a: u32, b: u32) -> Option<(u32, u32)> {
    let (a, b) = (a.max(0x20), b.min(0xffff));
    if a > b {
        return None;
    }
    if a <= 0x7e {
        return Some((a, b.min(0x7e)));
    }
    let a = a.max(0xa0);
    let b = if (0xd800..=0xdfff).contains(&b) { 0xd7ff } else { b };
    if a > b || (0xd800..=0xdfff).contains(&a) { None } else { Some((a, b)) }
}
