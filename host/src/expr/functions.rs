//! edg's host functions, registered into expr-lang: sequences, dataset references, row and
//! environment access, and helpers. Generators come from plugins (see `Evaluator::new`).

use super::convert::{map, plain, sprintf, to_json};
use super::state::State;
use expr_lang::{Environment, Value as E};
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<State>>;

pub(super) fn lock(s: &Shared) -> std::sync::MutexGuard<'_, State> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn err(msg: impl Into<String>) -> expr_lang::Error {
    expr_lang::Error::from(msg.into())
}

pub(super) fn str_arg(f: &str, args: &[E], i: usize) -> expr_lang::Result<String> {
    match args.get(i) {
        Some(E::String(s)) => Ok(s.clone()),
        Some(other) => Err(err(format!("{f}: argument {} must be a string, got {}", i + 1, plain(other)))),
        None => Err(err(format!("{f}: missing argument {}", i + 1))),
    }
}

pub(super) fn int_arg(f: &str, args: &[E], i: usize) -> expr_lang::Result<i64> {
    match args.get(i) {
        Some(E::Integer(v)) => Ok(*v),
        Some(E::Float(x)) => Ok(*x as i64),
        Some(E::String(s)) => {
            s.trim().parse().map_err(|_| err(format!("{f}: argument {} must be a number, got {s:?}", i + 1)))
        }
        Some(other) => Err(err(format!("{f}: argument {} must be a number, got {}", i + 1, plain(other)))),
        None => Err(err(format!("{f}: missing argument {}", i + 1))),
    }
}

pub(super) fn num(v: &E) -> Option<f64> {
    match v {
        E::Integer(i) => Some(*i as f64),
        E::Float(f) => Some(*f),
        E::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn field(row: &E, name: &str) -> E {
    match row {
        E::Map(m) => m.get(name).cloned().unwrap_or(E::Nil),
        _ => E::Nil,
    }
}

/// The `i`th value of a sequence, `start + i·step`; past the 64-bit range an error, never a
/// value that wrapped around.
pub(super) fn nth(name: &str, start: i64, i: i64, step: i64) -> Result<i64, expr_lang::Error> {
    i.checked_mul(step).and_then(|x| start.checked_add(x)).ok_or_else(|| {
        err(format!("{name}: value {i} of the sequence ({start} + {i}·{step}) is beyond the 64-bit integer range"))
    })
}

pub fn register(env: &mut Environment<'static>, state: &Shared) {
    sequences(env, state);
    references(env, state);
    row(env, state);
    values(env, state);
    aggregates(env, state);
    expansion(env, state);
    literals(env, state);
}

/// `seq()`, named sequences and picks among their issued values.
fn sequences(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("seq", move |c| {
        let (start, step) = (int_arg(&c.ident, &c.args, 0)?, int_arg(&c.ident, &c.args, 1)?);
        let mut st = lock(&s);
        let at = st.lane(st.seq).ok_or_else(|| err("seq: beyond the 64-bit integer range"))?;
        let v = nth("seq", start, at, step)?;
        st.seq += 1;
        Ok(E::Integer(v))
    });
    let s = state.clone();
    env.add_function("seq_global", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        let seq = st
            .seq_globals
            .get_mut(&name)
            .ok_or_else(|| err(format!("seq_global: no sequence named {name:?} in `seq:`")))?;
        let (start, issued, step) = (seq.start, seq.issued, seq.step);
        let at = st.lane(issued).ok_or_else(|| err("seq_global: beyond the 64-bit integer range"))?;
        let v = nth(&format!("seq_global({name:?})"), start, at, step)?;
        if let Some(seq) = st.seq_globals.get_mut(&name) {
            seq.issued += 1;
        }
        Ok(E::Integer(v))
    });
    let s = state.clone();
    env.add_function("seq_rand", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        let (start, step, issued) = match st.seq_globals.get(&name) {
            Some(q) => (q.start, q.step, q.issued),
            None => return Err(err(format!("seq_rand: no sequence named {name:?} in `seq:`"))),
        };
        if issued == 0 {
            return Ok(E::Nil);
        }
        let i = st.int_n(issued as u64) as i64;
        let at = st.lane(i).ok_or_else(|| err("seq_rand: beyond the 64-bit integer range"))?;
        Ok(E::Integer(nth("seq_rand", start, at, step)?))
    });
}

/// Picks from datasets (`ref_*`): a row, the row's, the run's, unused ones, several.
fn references(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("ref_rand", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        let Some(data) = st.dataset(&name) else { return Ok(E::Nil) };
        if data.is_empty() {
            return Ok(E::Nil);
        }
        let i = st.int_n(data.len() as u64) as usize;
        Ok(data[i].clone())
    });
    let s = state.clone();
    env.add_function("ref_same", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        if let Some(v) = st.ref_same.get(&name) {
            return Ok(v.clone());
        }
        let Some(data) = st.dataset(&name).filter(|d| !d.is_empty()) else { return Ok(E::Nil) };
        let v = data[st.int_n(data.len() as u64) as usize].clone();
        st.ref_same.insert(name, v.clone());
        Ok(v)
    });
    let s = state.clone();
    env.add_function("ref_perm", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        if let Some(v) = st.ref_perm.get(&name) {
            return Ok(v.clone());
        }
        let Some(data) = st.dataset(&name).filter(|d| !d.is_empty()) else { return Ok(E::Nil) };
        // From a stream of the seed and the name, not the stream of whichever row asks first:
        // every partition of a seed (each starting at another row) picks the same row.
        let perm = super::sampling::constant_stream(st.seed, "ref_perm", &name);
        let own = std::mem::replace(&mut st.rng, perm);
        let i = st.int_n(data.len() as u64) as usize;
        st.rng = own;
        let v = data[i].clone();
        st.ref_perm.insert(name, v.clone());
        Ok(v)
    });
    let s = state.clone();
    env.add_function("ref_diff", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        let mut st = lock(&s);
        let Some(data) = st.dataset(&name).filter(|d| !d.is_empty()) else { return Ok(E::Nil) };
        let left = st.ref_diff.entry(name.clone()).or_insert_with(|| (0..data.len()).collect()).len();
        if left == 0 {
            return Err(err(format!("ref_diff: all {} rows of {name:?} already used in this query", data.len())));
        }
        let pick = st.int_n(left as u64) as usize;
        let idx = st.ref_diff.get_mut(&name).expect("inserted").swap_remove(pick);
        Ok(data[idx].clone())
    });
    let s = state.clone();
    env.add_function("ref_n", move |c| {
        let (name, fld) = (str_arg(&c.ident, &c.args, 0)?, str_arg(&c.ident, &c.args, 1)?);
        let (lo, hi) = (int_arg(&c.ident, &c.args, 2)?, int_arg(&c.ident, &c.args, 3)?);
        let mut st = lock(&s);
        let Some(data) = st.dataset(&name).filter(|d| !d.is_empty()) else { return Ok(E::String(String::new())) };
        let span = (hi - lo).max(0) as u64 + 1;
        let n = (lo.max(0) as u64 + st.int_n(span)).min(data.len() as u64) as usize;
        let mut idx: Vec<usize> = (0..data.len()).collect();
        let mut picked = Vec::with_capacity(n);
        for k in 0..n {
            let j = k + st.int_n((idx.len() - k) as u64) as usize;
            idx.swap(k, j);
            picked.push(plain(&field(&data[idx[k]], &fld)));
        }
        Ok(E::String(picked.join(",")))
    });
}

/// The row in progress and the run's environment: earlier arguments, globals, variables, `iter()`.
fn row(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("arg", move |c| {
        let st = lock(&s);
        let idx = match c.args.first() {
            Some(E::String(name)) => st
                .arg_names
                .iter()
                .position(|n| n.as_deref() == Some(name))
                .ok_or_else(|| err(format!("arg: no argument named {name:?}")))?,
            _ => int_arg(&c.ident, &c.args, 0)? as usize,
        };
        st.row_args.get(idx).cloned().ok_or_else(|| {
            err(format!("arg({idx}): only {} argument(s) evaluated so far in this row", st.row_args.len()))
        })
    });
    let s = state.clone();
    env.add_function("global", move |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        lock(&s).globals.get(&name).cloned().ok_or_else(|| err(format!("global: no global named {name:?}")))
    });
    env.add_function("env", |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        std::env::var(&name).map(E::String).map_err(|_| err(format!("env: environment variable {name} is not set")))
    });
    env.add_function("env_nil", |c| {
        let name = str_arg(&c.ident, &c.args, 0)?;
        Ok(std::env::var(&name).map(E::String).unwrap_or(E::Nil))
    });
    let s = state.clone();
    env.add_function("iter", move |_| Ok(E::Integer(lock(&s).iter)));
}

/// Values built from others: NULLs, formatting, conditions, JSON, uniqueness.
fn values(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("nullable", move |c| {
        let p = c.args.get(1).and_then(num).ok_or_else(|| err("nullable: probability must be a number"))?;
        let draw = lock(&s).unit();
        Ok(if draw < p { E::Nil } else { c.args[0].clone() })
    });
    env.add_function("coalesce", |c| Ok(c.args.iter().find(|v| !matches!(v, E::Nil)).cloned().unwrap_or(E::Nil)));
    env.add_function("template", |c| {
        let f = str_arg(&c.ident, &c.args, 0)?;
        sprintf(&f, &c.args[1..]).map(E::String).map_err(|e| err(e.to_string()))
    });
    env.add_function("cond", |c| {
        let pick = match &c.args[0] {
            E::Bool(b) => *b,
            E::Nil => false,
            other => return Err(err(format!("cond: first argument must be a boolean, got {}", plain(other)))),
        };
        Ok(if pick { c.args[1].clone() } else { c.args[2].clone() })
    });
    env.add_function("json_obj", |c| {
        if c.args.len() % 2 != 0 {
            return Err(err("json_obj: needs key, value pairs"));
        }
        let pairs = c.args.chunks(2).map(|kv| (plain(&kv[0]), kv[1].clone()));
        Ok(E::String(to_json(&map(pairs)).to_string()))
    });
    let s = state.clone();
    // uniq runs once per row: its expression is parsed once per source, not per call.
    let programs: Mutex<std::collections::HashMap<String, expr_lang::Program>> = Default::default();
    env.add_function("uniq", move |c| {
        let source = str_arg(&c.ident, &c.args, 0)?;
        let tries = if c.args.len() > 1 { int_arg(&c.ident, &c.args, 1)?.max(1) } else { 100 };
        let cached = programs.lock().unwrap_or_else(|p| p.into_inner()).get(&source).cloned();
        let program = match cached {
            Some(p) => p,
            None => {
                let p = super::strings::exact(&source)
                    .and_then(|s| expr_lang::compile(&s).map_err(|e| super::ExprError::Syntax(e.to_string())))
                    .map_err(|e| err(format!("uniq: {e}")))?;
                programs.lock().unwrap_or_else(|p| p.into_inner()).insert(source.clone(), p.clone());
                p
            }
        };
        for _ in 0..tries {
            let v = c.env.run(&program, c.ctx)?;
            let key = plain(&v);
            let mut st = lock(&s);
            if st.uniq_seen.entry(source.clone()).or_default().insert(key) {
                return Ok(v);
            }
        }
        Err(err(format!("uniq: no unseen value of {source:?} after {tries} tries")))
    });
}

/// Aggregates over a dataset's field.
fn aggregates(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("count", move |c| {
        if let Some(E::Array(a)) = c.args.first() {
            return Ok(E::Integer(a.len() as i64));
        }
        let name = str_arg(&c.ident, &c.args, 0)?;
        Ok(E::Integer(lock(&s).dataset(&name).map(|d| d.len()).unwrap_or(0) as i64))
    });
    for agg in ["sum", "avg", "min", "max", "distinct"] {
        let s = state.clone();
        env.add_function(agg, move |c| {
            let (name, fld) = (str_arg(&c.ident, &c.args, 0)?, str_arg(&c.ident, &c.args, 1)?);
            let data = lock(&s).dataset(&name).unwrap_or_default();
            let values: Vec<E> = data.iter().map(|r| field(r, &fld)).collect();
            if agg == "distinct" {
                let set: std::collections::HashSet<String> = values.iter().map(plain).collect();
                return Ok(E::Integer(set.len() as i64));
            }
            let nums: Vec<f64> = values.iter().filter_map(num).collect();
            if nums.is_empty() {
                return Ok(E::Nil);
            }
            let total: f64 = nums.iter().sum();
            Ok(E::Float(match agg {
                "sum" => total,
                "avg" => total / nums.len() as f64,
                "min" => nums.iter().cloned().fold(f64::INFINITY, f64::min),
                _ => nums.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
            }))
        });
    }
}

/// Arguments that return rows (the statement runs once per row).
fn expansion(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("ref_each", move |c| {
        let sql = str_arg(&c.ident, &c.args, 0)?;
        lock(&s)
            .ref_each
            .get(&sql)
            .map(|rows| E::Array(rows.as_ref().clone()))
            .ok_or_else(|| err("ref_each: its query did not run (the SQL must be a literal string)"))
    });
    env.add_function("batch", |c| {
        let n = int_arg(&c.ident, &c.args, 0)?;
        let step = if c.args.len() > 1 { int_arg(&c.ident, &c.args, 1)? } else { 1 };
        if !(0..=10_000_000).contains(&n) {
            return Err(err(format!("batch: n must be between 0 and 10000000, got {n}")));
        }
        let rows = (0..n).map(|i| nth("batch", 0, i, step).map(|v| E::Array(vec![E::Integer(v)])));
        Ok(E::Array(rows.collect::<Result<_, _>>()?))
    });
}

/// Values as written, and ltree paths.
fn literals(env: &mut Environment<'static>, _state: &Shared) {
    env.add_function("const", |c| Ok(c.args[0].clone()));
    env.add_function("expr", |c| Ok(c.args[0].clone()));
    env.add_function("ltree", |c| {
        let parts: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                plain(a).chars().map(|ch| if ch.is_ascii_alphanumeric() || ch == '_' { ch } else { '_' }).collect()
            })
            .collect();
        Ok(E::String(parts.join(".")))
    });
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::expr::Evaluator;
    use crate::plugin::{Limits, Runtime};

    /// Every function the catalogue documents (what `edg plugins list` shows and what configs may
    /// call) has an implementation registered here: its example runs, or fails for a reason of
    /// its own (a dataset this test has not, a transaction local), never as an unknown function.
    #[test]
    fn every_catalogued_function_is_registered() {
        let runtime = Runtime::new(Limits::default()).expect("runtime");
        let set = runtime.instantiate(&runtime.builtins().expect("built-ins")).expect("instances");
        let ev = Evaluator::new(set, &Config::default(), 1).expect("evaluator");
        let mut ran = 0;
        for (name, _, _, example) in crate::expr::catalog::HOST_FUNCTIONS {
            let Ok(compiled) = ev.compile(example) else {
                // A dataset or global the example names is not defined here: compiling checks
                // names before any function runs; the name itself was resolved.
                continue;
            };
            if let Err(e) = ev.eval(&compiled) {
                assert!(!e.to_string().contains("Unknown function"), "{name}: {example}: {e}");
            }
            ran += 1;
        }
        let all = crate::expr::catalog::HOST_FUNCTIONS.len();
        assert!(ran * 2 > all, "only {ran} of {all} examples compiled here");
        // The check above can fail: a name nothing registered is an unknown function.
        let unknown = ev.compile("no_such_function_here(1)").and_then(|c| ev.eval(&c));
        assert!(unknown.is_err());
    }
}
