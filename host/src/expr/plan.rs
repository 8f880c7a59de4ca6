//! Compound arguments of one fixed shape, evaluated a batch at a time without the interpreter:
//! `nullable(body, p)` with a literal `p`, or a body alone, where the body joins string
//! literals and literal plugin calls with `+` (`nullable('from ' + gen('city'), 0.3)`,
//! `nullable(uniform_f(1, 99, 2), 0.1)`, `'user-' + gen('uuid')`).
//!
//! Row by row, such an argument draws the same things in the same order every row: each call's
//! seed, left to right (the WIT's `next-u64s` contract), then `nullable`'s one draw. A batch can
//! therefore draw them all up front from the argument's stream, make each call once for all its
//! seeds, and join the pieces: the values row-by-row evaluation gives, without interpreting the
//! expression (and dry-running it, as `prefetch` must for other shapes) twice per row.
//!
//! Anything unexpected (a guest that breaks the contract, a call that fails, a value that is
//! not text where text is joined) leaves the stream untouched and the batch to the row-by-row
//! path, which makes the same calls again and reports any error in its own words.

use super::scan::{self, Tok};
use super::{EValue, Evaluator, from_host, literal_values, state};
use crate::value::Value;
use rand_core::Rng;

/// An argument this module evaluates per batch.
#[derive(Debug)]
pub struct Plan {
    /// Distinct calls (function, literal arguments); each is made once per batch.
    sites: Vec<(String, Vec<Value>)>,
    pieces: Vec<Piece>,
    /// `nullable`'s probability of NULL.
    null: Option<f64>,
}

#[derive(Debug)]
enum Piece {
    Text(String),
    /// A call: its index in `sites`.
    Call(usize),
}

impl Plan {
    /// The plan of `toks` if it has the shape, with `plugin` telling plugin functions.
    pub(super) fn of(toks: &[Tok], plugin: impl Fn(&str) -> bool) -> Option<Plan> {
        let (body, null) = match toks {
            [Tok::Ident(f), Tok::Punct('('), inner @ .., Tok::Punct(')')] if f == "nullable" => {
                let [body, p] = split(inner, |t| *t == Tok::Punct(','))?.try_into().ok()?;
                let [Tok::Num(n)] = p else { return None };
                let p = match literal_values(std::slice::from_ref(n)).ok()?.pop()? {
                    EValue::Integer(i) => i as f64,
                    EValue::Float(f) => f,
                    _ => return None,
                };
                (body, Some(p))
            }
            _ => (toks, None),
        };
        let mut plan = Plan { sites: Vec::new(), pieces: Vec::new(), null };
        for part in split(body, |t| matches!(t, Tok::Op(o) if o == "+"))? {
            if let [Tok::Str(_, raw)] = part {
                // expr-lang's own reading of the literal, escapes and all.
                let EValue::String(s) = literal_values(std::slice::from_ref(raw)).ok()?.pop()? else { return None };
                plan.pieces.push(Piece::Text(s));
                continue;
            }
            let (name, sources) = scan::literal_call(part).filter(|(name, _)| plugin(name))?;
            let args: Vec<Value> = literal_values(&sources).ok()?.iter().map(super::to_host).collect();
            let i = match plan.sites.iter().position(|(n, a)| *n == name && *a == args) {
                Some(i) => i,
                None => {
                    plan.sites.push((name, args));
                    plan.sites.len() - 1
                }
            };
            plan.pieces.push(Piece::Call(i));
        }
        // Plain text needs no plan, and one call without `nullable` is the batch path's.
        let worth = !plan.sites.is_empty() && (plan.null.is_some() || plan.pieces.len() > 1);
        worth.then_some(plan)
    }
}

/// `toks` cut at each top-level token `at` picks; None for brackets that do not pair up inside.
fn split(toks: &[Tok], at: impl Fn(&Tok) -> bool) -> Option<Vec<&[Tok]>> {
    let (mut parts, mut start, mut depth) = (Vec::new(), 0, 0usize);
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth = depth.checked_sub(1)?,
            t if depth == 0 && at(t) => {
                parts.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&toks[start..]);
    (depth == 0 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

impl Evaluator {
    /// `rows` rows of `plan`'s argument drawn from `stream`, or None (stream untouched) where
    /// the row-by-row path must make them.
    pub fn eval_plan(&self, plan: &Plan, rows: u32, stream: &mut crate::rng::Stream) -> Option<Vec<EValue>> {
        let mut drawn = stream.clone();
        let mut seeds: Vec<Vec<u64>> = (0..plan.sites.len())
            .map(|i| {
                let calls = plan.pieces.iter().filter(|p| matches!(p, Piece::Call(c) if *c == i)).count();
                Vec::with_capacity(rows as usize * calls)
            })
            .collect();
        let mut null = Vec::with_capacity(if plan.null.is_some() { rows as usize } else { 0 });
        for _ in 0..rows {
            for piece in &plan.pieces {
                if let Piece::Call(i) = piece {
                    seeds[*i].push(drawn.next_u64());
                }
            }
            if let Some(p) = plan.null {
                null.push(state::unit(drawn.next_u64()) < p);
            }
        }
        let mut values = Vec::with_capacity(plan.sites.len());
        {
            let mut st = self.lock();
            for ((name, args), seeds) in plan.sites.iter().zip(seeds) {
                values.push(st.plugins.call_seeded(name, args, seeds).ok()??.into_iter());
            }
        }
        let mut out = Vec::with_capacity(rows as usize);
        for row in 0..rows as usize {
            let value = match plan.pieces.as_slice() {
                [Piece::Call(i)] => from_host(values[*i].next()?),
                pieces => {
                    let mut text = String::new();
                    for piece in pieces {
                        match piece {
                            Piece::Text(t) => text.push_str(t),
                            Piece::Call(i) => match from_host(values[*i].next()?) {
                                EValue::String(s) => text.push_str(&s),
                                // expr-lang's `+` of text and anything else: the row path's business.
                                _ => return None,
                            },
                        }
                    }
                    EValue::String(text)
                }
            };
            out.push(if null.get(row) == Some(&true) { EValue::Nil } else { value });
        }
        *stream = drawn;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(src: &str) -> Option<Plan> {
        Plan::of(&scan::tokenize(src).unwrap(), |f| matches!(f, "gen" | "uniform_f"))
    }

    #[test]
    fn takes_only_its_shape() {
        let p = plan("nullable('Grüße aus ' + gen('city') + ' — ' + gen('city'), 0.3)").unwrap();
        assert_eq!(p.null, Some(0.3));
        assert_eq!(p.sites.len(), 1, "one site for the same call twice");
        assert_eq!(p.pieces.len(), 4);
        assert!(plan("nullable(uniform_f(1, 99999, 2), 1)").is_some_and(|p| p.null == Some(1.0)));
        assert!(plan("'user-' + gen('uuid')").is_some());
        for not in [
            "gen('city')",
            "nullable('x', 0.5)",
            "'a' + 'b'",
            "nullable(gen('city'), p)",
            "nullable(gen('city'), 0.1) + 'x'",
            "nullable(gen(lower('CITY')), 0.1)",
            "nullable(upper(gen('city')), 0.1)",
            "'a' + gen('city') * 2",
            "'a' + nullable(gen('city'), 0.5)",
            "nullable(gen('city'), 0.1, 2)",
            "nullable(seq(1, 1), 0.1)",
        ] {
            assert!(plan(not).is_none(), "{not}");
        }
    }
}
