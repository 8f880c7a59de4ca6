//! Text matching a regular expression (`regex()` and `gen('regex:…')`): the pattern is parsed
//! once by `regex-syntax`, then each value walks its HIR, drawing from the row's stream.

use crate::HostRng;
use crate::dist::int_n;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Unbounded repetitions (`*`, `+`, `{n,}`) stop this many past their minimum, as gofakeit's
/// regex generator does: values stay short enough for a column.
const UNBOUNDED_EXTRA: u32 = 10;
/// Longest value a pattern may make: a pattern nested `{1000}{1000}` is a typo.
const MAX_LEN: usize = 1 << 20;

pub struct Generator {
    hir: Hir,
}

impl Generator {
    pub fn new(pattern: &str) -> Result<Self, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(true)
            .utf8(true)
            .build()
            .parse(pattern)
            .map_err(|e| format!("invalid regular expression: {}", e.to_string().lines().last().unwrap_or("")))?;
        if max_len(&hir) > MAX_LEN as u64 {
            return Err(format!("the regular expression {pattern:?} can make values over {MAX_LEN} characters"));
        }
        Ok(Generator { hir })
    }

    pub fn generate(&self, r: &mut HostRng) -> String {
        let mut out = String::new();
        walk(&self.hir, r, &mut out);
        out
    }
}

fn repeat_bounds(min: u32, max: Option<u32>) -> (u32, u32) {
    (min, max.unwrap_or(min.saturating_add(UNBOUNDED_EXTRA)))
}

fn max_len(h: &Hir) -> u64 {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(l) => l.0.len() as u64,
        HirKind::Class(_) => 4,
        HirKind::Repetition(rep) => {
            let (_, hi) = repeat_bounds(rep.min, rep.max);
            (hi as u64).saturating_mul(max_len(&rep.sub))
        }
        HirKind::Capture(c) => max_len(&c.sub),
        HirKind::Concat(items) => items.iter().map(max_len).fold(0, u64::saturating_add),
        HirKind::Alternation(items) => items.iter().map(max_len).max().unwrap_or(0),
    }
}

fn walk(h: &Hir, r: &mut HostRng, out: &mut String) {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
        HirKind::Class(Class::Unicode(c)) => {
            // Choose among printable members: a class like `.` or `\W` also holds controls.
            let ranges: Vec<(u32, u32)> = c
                .ranges()
                .iter()
                .map(|rg| (rg.start() as u32, rg.end() as u32))
                .filter_map(|(a, b)| clip_printable(a, b))
                .collect();
            let total: u64 = ranges.iter().map(|(a, b)| (b - a + 1) as u64).sum();
            if total == 0 {
                return;
            }
            let mut k = int_n(r, total);
            for (a, b) in ranges {
                let n = (b - a + 1) as u64;
                if k < n {
                    if let Some(ch) = char::from_u32(a + k as u32) {
                        out.push(ch);
                    }
                    return;
                }
                k -= n;
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges: Vec<(u8, u8)> = c.ranges().iter().map(|rg| (rg.start(), rg.end().min(0x7e))).collect();
            let total: u64 = ranges.iter().filter(|(a, b)| a <= b).map(|(a, b)| (b - a + 1) as u64).sum();
            let mut k = int_n(r, total.max(1));
            for (a, b) in ranges.into_iter().filter(|(a, b)| a <= b) {
                let n = (b - a + 1) as u64;
                if k < n {
                    out.push((a + k as u8) as char);
                    return;
                }
                k -= n;
            }
        }
        HirKind::Repetition(rep) => {
            let (lo, hi) = repeat_bounds(rep.min, rep.max);
            let n = lo + int_n(r, (hi - lo) as u64 + 1) as u32;
            for _ in 0..n {
                walk(&rep.sub, r, out);
            }
        }
        HirKind::Capture(c) => walk(&c.sub, r, out),
        HirKind::Concat(items) => items.iter().for_each(|i| walk(i, r, out)),
        HirKind::Alternation(items) => walk(&items[int_n(r, items.len() as u64) as usize], r, out),
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
