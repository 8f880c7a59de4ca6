//! Host functions that need per-run constants or the host's state: NURand, embeddings near
//! per-run centroids, distributions over issued sequence values, weighted dataset samples,
//! `mask`, `gen_batch`, and the control functions `local`, `fail`, `fatal`.
//!
//! A per-run constant (NURand's C, the centroids, the mask key) is drawn from its own stream
//! keyed by the seed, not from the argument's stream: both sides and every run with one seed
//! get the same constant, whichever query asks first.

use super::convert::plain;
use super::functions::{err, field, int_arg, lock, num, str_arg};
use super::state::State;
use crate::value::Value;
use expr_lang::{Environment, Value as E};
use rand_core::Rng;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<State>>;

/// Most values a `_n` function or `gen_batch` produces in one call.
const MAX_N: i64 = 10_000_000;
/// Rejection sampling gives up after this many draws and clamps, as edg's set_* do.
const TRIES: usize = 10_000;
const MAX_DIMS: i64 = 65_536;

fn float_arg(f: &str, args: &[E], i: usize) -> expr_lang::Result<f64> {
    args.get(i).and_then(num).ok_or_else(|| err(format!("{f}: argument {} must be a number", i + 1)))
}

/// The per-run stream for one constant.
pub(super) fn constant_stream(seed: u64, what: &str, key: &str) -> crate::rng::Stream {
    crate::rng::stream(seed, "constant", &format!("{what}:{key}"), 0)
}

/// An index in [0, n) from a distribution, by rejection, clamped after `TRIES` draws.
fn clamped_index(n: usize, mut draw: impl FnMut() -> f64) -> usize {
    let top = (n - 1) as f64;
    let mut v = 0.0;
    for _ in 0..TRIES {
        v = draw().round();
        if (0.0..=top).contains(&v) {
            return v as usize;
        }
    }
    v.clamp(0.0, top) as usize
}

fn zipf_index(st: &mut State, s: f64, v: f64, max: usize) -> expr_lang::Result<usize> {
    // The faker's Zipf (rejection-inversion, as Go's) rather than a second copy here.
    let st = &mut *st;
    let out = st
        .plugins
        .call("zipf", &[Value::Float(s), Value::Float(v), Value::Int(max as i64)], 1, &mut st.rng)
        .map_err(|e| err(e.to_string()))?;
    match out.first() {
        Some(Value::Int(i)) => Ok((*i).clamp(0, max as i64) as usize),
        _ => Err(err("seq_zipf: the zipf generator returned no integer")),
    }
}

fn nurand_c(st: &mut State, a: i64) -> i64 {
    let seed = st.seed;
    *st.nurand_c.entry(a).or_insert_with(|| {
        let mut r = constant_stream(seed, "nurand", &a.to_string());
        (r.next_u64() % (a as u64 + 1)) as i64
    })
}

fn nurand(st: &mut State, a: i64, x: i64, y: i64) -> i64 {
    let c = nurand_c(st, a);
    let r1 = st.int_n(a as u64 + 1) as i64;
    let r2 = x + st.int_n((y - x) as u64 + 1) as i64;
    (((r1 | r2) + c) % (y - x + 1)) + x
}

fn nurand_args(f: &str, args: &[E]) -> expr_lang::Result<(i64, i64, i64)> {
    let (a, x, y) = (int_arg(f, args, 0)?, int_arg(f, args, 1)?, int_arg(f, args, 2)?);
    if a < 0 || y < x {
        return Err(err(format!("{f}: needs A >= 0 and x <= y, got A={a} x={x} y={y}")));
    }
    Ok((a, x, y))
}

fn count_range(f: &str, args: &[E], at: usize) -> expr_lang::Result<(i64, i64)> {
    let (lo, hi) = (int_arg(f, args, at)?, int_arg(f, args, at + 1)?);
    if lo < 0 || hi < lo || hi > MAX_N {
        return Err(err(format!("{f}: needs 0 <= min <= max <= {MAX_N}, got {lo} and {hi}")));
    }
    Ok((lo, hi))
}

fn centroids(st: &mut State, dims: usize, clusters: usize) -> Arc<Vec<Vec<f64>>> {
    let seed = st.seed;
    st.centroids
        .entry((dims, clusters))
        .or_insert_with(|| {
            let mut r = constant_stream(seed, "vector", &format!("{dims}x{clusters}"));
            let mut unit = || (r.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            let mut normal = || {
                let (u1, u2) = (1.0 - unit(), unit());
                (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
            };
            Arc::new((0..clusters).map(|_| (0..dims).map(|_| normal()).collect()).collect())
        })
        .clone()
}

fn vector_args(f: &str, args: &[E]) -> expr_lang::Result<(usize, usize, f64)> {
    let (dims, clusters, spread) = (int_arg(f, args, 0)?, int_arg(f, args, 1)?, float_arg(f, args, 2)?);
    if !(1..=MAX_DIMS).contains(&dims) || !(1..=100_000).contains(&clusters) || spread < 0.0 {
        return Err(err(format!(
            "{f}: needs 1 <= dims <= {MAX_DIMS}, 1 <= clusters <= 100000 and spread >= 0, got {dims}, {clusters}, {spread}"
        )));
    }
    Ok((dims as usize, clusters as usize, spread))
}

/// A unit-length vector near centroid `k`, as text `[x,…]` with 6 places.
fn embed(st: &mut State, dims: usize, clusters: usize, spread: f64, k: usize) -> E {
    let c = centroids(st, dims, clusters);
    let mut v: Vec<f64> = c[k].iter().map(|x| x + spread * st.normal()).collect();
    let len = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if len > 0.0 {
        v.iter_mut().for_each(|x| *x /= len);
    }
    let parts: Vec<String> = v.iter().map(|x| format!("{x:.6}")).collect();
    E::String(format!("[{}]", parts.join(",")))
}

fn issued(st: &State, f: &str, name: &str) -> expr_lang::Result<(i64, i64, i64)> {
    st.seq_globals
        .get(name)
        .map(|q| (q.start, q.step, q.issued))
        .ok_or_else(|| err(format!("{f}: no sequence named {name:?} in `seq:`")))
}

fn hmac_sha256(key: &[u8; 32], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    k[..32].copy_from_slice(key);
    let inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let ih = Sha256::new().chain_update(&inner).chain_update(msg).finalize();
    Sha256::new().chain_update(&outer).chain_update(ih).finalize().into()
}

/// `mask`'s token alphabet applied to a digest, `len` characters (digests are chained when
/// more are needed).
fn token(key: &[u8; 32], msg: &[u8], alphabet: &[u8], len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut block = hmac_sha256(key, msg);
    let mut i = 0;
    while out.len() < len {
        if i == block.len() {
            block = hmac_sha256(key, &block);
            i = 0;
        }
        out.push(alphabet[block[i] as usize % alphabet.len()] as char);
        i += 1;
    }
    out
}

fn mask(st: &mut State, value: &E, mode: &str, len: usize) -> expr_lang::Result<E> {
    if matches!(value, E::Nil) {
        return Ok(E::Nil);
    }
    let seed = st.seed;
    let key = *st.mask_key.get_or_insert_with(|| {
        let mut k = [0u8; 32];
        constant_stream(seed, "mask", "key").fill_bytes(&mut k);
        k
    });
    let text = plain(value);
    const HEX: &[u8] = b"0123456789abcdef";
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    Ok(E::String(match mode {
        "hex" => token(&key, text.as_bytes(), HEX, len),
        "alnum" => token(&key, text.as_bytes(), ALNUM, len),
        "digits" => token(&key, text.as_bytes(), b"0123456789", len),
        "email" => {
            // The domain stays: masked addresses still group by provider.
            let (local, domain) = text.rsplit_once('@').unwrap_or((&text, "example.com"));
            format!("{}@{domain}", token(&key, local.as_bytes(), ALNUM, len))
        }
        "uuid" => {
            let h = token(&key, text.as_bytes(), HEX, 32);
            format!("{}-{}-4{}-8{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
        }
        other => return Err(err(format!("mask: unknown mode {other:?}; use {}", MASK_MODES.join(", ")))),
    }))
}

const MASK_MODES: &[&str] = &["hex", "alnum", "digits", "email", "uuid"];

fn mask_args(args: &[E]) -> expr_lang::Result<(String, usize)> {
    let mode = if args.len() > 1 { str_arg("mask", args, 1)? } else { "hex".into() };
    if !MASK_MODES.contains(&mode.as_str()) {
        return Err(err(format!("mask: unknown mode {mode:?}; use {}", MASK_MODES.join(", "))));
    }
    let len = if args.len() > 2 { int_arg("mask", args, 2)? } else { 16 };
    if !(1..=4096).contains(&len) {
        return Err(err(format!("mask: length must be between 1 and 4096, got {len}")));
    }
    Ok((mode, len as usize))
}

fn gen_batch_args(args: &[E]) -> expr_lang::Result<(i64, i64, String)> {
    let f = "gen_batch";
    let (total, size, pattern) = (int_arg(f, args, 0)?, int_arg(f, args, 1)?, str_arg(f, args, 2)?);
    if !(0..=MAX_N).contains(&total) || size <= 0 {
        return Err(err(format!("gen_batch: needs 0 <= total <= {MAX_N} and size > 0, got {total} and {size}")));
    }
    Ok((total, size, pattern))
}

/// Check a call's constant arguments when the config loads, so `vector(0, 3, 0.1)` fails
/// before anything is written rather than at its first row. `None`: nothing to check here.
pub fn check(name: &str, args: &[E]) -> Option<Result<(), super::ExprError>> {
    let r = match name {
        "nurand" => nurand_args(name, args).map(drop),
        "nurand_n" => nurand_args(name, args).and_then(|_| count_range(name, args, 3)).map(drop),
        "vector" | "vector_zipf" | "vector_norm" => vector_args(name, args).map(drop),
        "weighted_sample_n" => count_range(name, args, 3).map(drop),
        "mask" => mask_args(args).map(drop),
        "gen_batch" => gen_batch_args(args).map(drop),
        "seq_exp" => match float_arg(name, args, 1) {
            Ok(rate) if rate <= 0.0 => Err(err(format!("seq_exp: rate must be positive, got {rate}"))),
            other => other.map(drop),
        },
        _ => return None,
    };
    Some(r.map_err(|e| super::ExprError::Argument(e.to_string())))
}

pub fn register(env: &mut Environment<'static>, state: &Shared) {
    let s = state.clone();
    env.add_function("nurand", move |c| {
        let (a, x, y) = nurand_args(&c.ident, &c.args)?;
        Ok(E::Integer(nurand(&mut lock(&s), a, x, y)))
    });
    let s = state.clone();
    env.add_function("nurand_n", move |c| {
        let (a, x, y) = nurand_args(&c.ident, &c.args)?;
        let (lo, hi) = count_range(&c.ident, &c.args, 3)?;
        let mut st = lock(&s);
        let n = (lo + st.int_n((hi - lo) as u64 + 1) as i64).min(y - x + 1) as usize;
        let mut picked: Vec<i64> = Vec::with_capacity(n);
        let mut tries = 0;
        while picked.len() < n {
            let v = nurand(&mut st, a, x, y);
            if !picked.contains(&v) {
                picked.push(v);
            }
            tries += 1;
            if tries > 100 * (n + 10) {
                return Err(err(format!("nurand_n: could not draw {n} distinct values in [{x}, {y}]")));
            }
        }
        Ok(E::String(picked.iter().map(i64::to_string).collect::<Vec<_>>().join(",")))
    });
    for f in ["seq_norm", "seq_exp", "seq_lognorm", "seq_zipf"] {
        let s = state.clone();
        env.add_function(f, move |c| {
            let name = str_arg(&c.ident, &c.args, 0)?;
            let mut st = lock(&s);
            let (start, step, issued) = issued(&st, f, &name)?;
            if issued == 0 {
                return Ok(E::Nil);
            }
            let n = issued as usize;
            let (p1, p2) = (float_arg(f, &c.args, 1)?, if f == "seq_exp" { 0.0 } else { float_arg(f, &c.args, 2)? });
            let i = match f {
                "seq_norm" => clamped_index(n, || p1 + p2 * st.normal()),
                "seq_exp" => {
                    if p1 <= 0.0 {
                        return Err(err(format!("seq_exp: rate must be positive, got {p1}")));
                    }
                    clamped_index(n, || -(1.0 - st.unit()).ln() / p1)
                }
                "seq_lognorm" => clamped_index(n, || (p1 + p2 * st.normal()).exp()),
                _ => zipf_index(&mut st, p1, p2, n - 1)?,
            };
            Ok(E::Integer(super::functions::nth(f, start, i as i64, step)?))
        });
    }
    for f in ["vector", "vector_zipf", "vector_norm"] {
        let s = state.clone();
        env.add_function(f, move |c| {
            let (dims, clusters, spread) = vector_args(f, &c.args)?;
            let mut st = lock(&s);
            let k = match f {
                "vector" => st.int_n(clusters as u64) as usize,
                "vector_zipf" => {
                    let (zs, zv) = (float_arg(f, &c.args, 3)?, float_arg(f, &c.args, 4)?);
                    zipf_index(&mut st, zs, zv, clusters - 1)?
                }
                _ => {
                    let (mean, sd) = (float_arg(f, &c.args, 3)?, float_arg(f, &c.args, 4)?);
                    clamped_index(clusters, || mean + sd * st.normal())
                }
            };
            Ok(embed(&mut st, dims, clusters, spread, k))
        });
    }
    let s = state.clone();
    env.add_function("weighted_sample_n", move |c| {
        let f = "weighted_sample_n";
        let (name, fld, wfld) = (str_arg(f, &c.args, 0)?, str_arg(f, &c.args, 1)?, str_arg(f, &c.args, 2)?);
        let (lo, hi) = count_range(f, &c.args, 3)?;
        let mut st = lock(&s);
        let Some(data) = st.dataset(&name).filter(|d| !d.is_empty()) else { return Ok(E::String(String::new())) };
        let mut pool: Vec<(f64, &E)> =
            data.iter().map(|r| (num(&field(r, &wfld)).unwrap_or(0.0).max(0.0), r)).collect();
        let n = (lo + st.int_n((hi - lo) as u64 + 1) as i64) as usize;
        let mut picked = Vec::with_capacity(n);
        while picked.len() < n {
            let total: f64 = pool.iter().map(|(w, _)| w).sum();
            if total <= 0.0 {
                break;
            }
            let mut x = st.unit() * total;
            let mut at = pool.len() - 1;
            for (i, (w, _)) in pool.iter().enumerate() {
                if x < *w {
                    at = i;
                    break;
                }
                x -= w;
            }
            let (_, row) = pool.swap_remove(at);
            picked.push(plain(&field(row, &fld)));
        }
        Ok(E::String(picked.join(",")))
    });
    let s = state.clone();
    env.add_function("mask", move |c| {
        let (mode, len) = mask_args(&c.args)?;
        mask(&mut lock(&s), &c.args[0], &mode, len)
    });
    let s = state.clone();
    env.add_function("gen_batch", move |c| {
        let (total, size, pattern) = gen_batch_args(&c.args)?;
        let mut st = lock(&s);
        let st = &mut *st;
        // One plugin call per batch: the plugin holds `size` values at a time, never `total`
        // (a million emails at once overran its memory limit). Drawn in sequence from one
        // stream, the values are those of one call for `total`.
        let mut rows = Vec::with_capacity((total / size + 1) as usize);
        let mut done = 0;
        while done < total {
            let n = size.min(total - done);
            let values = st
                .plugins
                .call("gen", &[Value::Text(pattern.clone())], n as u32, &mut st.rng)
                .map_err(|e| err(e.to_string()))?;
            let joined: Vec<String> = values.into_iter().map(|v| plain(&super::from_host(v))).collect();
            rows.push(E::Array(vec![E::String(joined.join("\u{1f}"))]));
            done += n;
        }
        Ok(E::Array(rows))
    });
    let s = state.clone();
    env.add_function("local", move |c| {
        let name = str_arg("local", &c.args, 0)?;
        lock(&s).locals.get(&name).cloned().ok_or_else(|| {
            err(format!("local: no transaction local named {name:?} (locals exist only in run transactions)"))
        })
    });
    env.add_function("fail", |c| Err(err(format!("fail: {}", plain(&c.args[0])))));
    env.add_function("fatal", |c| Err(err(format!("fatal: {}", plain(&c.args[0])))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_shape() {
        // HMAC is keyed: different keys, different tokens; same key, same token.
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(token(&a, b"x", b"0123456789abcdef", 16), token(&a, b"x", b"0123456789abcdef", 16));
        assert_ne!(token(&a, b"x", b"0123456789abcdef", 16), token(&b, b"x", b"0123456789abcdef", 16));
        assert_eq!(token(&a, b"x", b"01", 100).len(), 100);
    }

    #[test]
    fn clamped_index_stays_in_range() {
        assert_eq!(clamped_index(5, || 99.0), 4);
        assert_eq!(clamped_index(5, || -3.0), 0);
        assert_eq!(clamped_index(5, || 2.2), 2);
    }
}
