//! Numeric distributions and weighted choice, drawn from the host's stream.

use crate::args::{float, float_list, int, list, opt_int, round_to, scalar_to_value};
use crate::{Gen, HostRng, Prepared};
use edg_plugin_sdk::Value;

/// Rejection sampling gives up after this many draws outside [min, max], as edg does.
const MAX_TRIES: usize = 10_000;

/// Uniform in [0, 1) with 53 random bits (the SDK's row source; kept as free functions
/// because the pattern code passes them around).
pub fn unit(rng: &mut HostRng) -> f64 {
    rng.unit()
}

/// Uniform integer in [0, n), unbiased (Lemire's method).
pub fn int_n(rng: &mut HostRng, n: u64) -> u64 {
    rng.below(n)
}

/// Uniform integer in [lo, hi] (inclusive); bounds may come in either order.
pub fn int_range(rng: &mut HostRng, lo: i64, hi: i64) -> i64 {
    rng.range(lo, hi)
}

/// Standard normal (Box–Muller; two uniform draws per value).
pub fn std_normal(rng: &mut HostRng) -> f64 {
    let u1 = 1.0 - unit(rng); // (0, 1]: ln never sees 0
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

pub fn std_exp(rng: &mut HostRng) -> f64 {
    -(1.0 - unit(rng)).ln()
}

pub fn rejection(
    rng: &mut HostRng,
    min: f64,
    max: f64,
    what: &str,
    mut draw: impl FnMut(&mut HostRng) -> f64,
) -> Result<f64, String> {
    for _ in 0..MAX_TRIES {
        let v = draw(rng);
        if v >= min && v <= max {
            return Ok(v);
        }
    }
    Err(format!("{what}: no value within [{min}, {max}] after {MAX_TRIES} draws"))
}

/// Zipf over [0, imax] by rejection-inversion (Hörmann & Derflinger), as Go's `rand.Zipf`.
pub struct Zipf {
    imax: f64,
    v: f64,
    q: f64,
    s: f64,
    one_minus_q: f64,
    one_minus_q_inv: f64,
    hxm: f64,
    hx0_minus_hxm: f64,
}

impl Zipf {
    pub fn new(s: f64, v: f64, imax: u64) -> Result<Self, String> {
        if s <= 1.0 || v < 1.0 {
            return Err(format!("zipf needs s > 1 and v >= 1, got s={s} v={v}"));
        }
        let mut z = Zipf {
            imax: imax as f64,
            v,
            q: s,
            s: 0.0,
            one_minus_q: 1.0 - s,
            one_minus_q_inv: 1.0 / (1.0 - s),
            hxm: 0.0,
            hx0_minus_hxm: 0.0,
        };
        z.hxm = z.h(z.imax + 0.5);
        z.hx0_minus_hxm = z.h(0.5) - (z.v.ln() * -z.q).exp() - z.hxm;
        z.s = 1.0 - z.hinv(z.h(1.5) - (-z.q * (z.v + 1.0).ln()).exp());
        Ok(z)
    }

    fn h(&self, x: f64) -> f64 {
        (self.one_minus_q * (self.v + x).ln()).exp() * self.one_minus_q_inv
    }

    fn hinv(&self, x: f64) -> f64 {
        (self.one_minus_q_inv * (self.one_minus_q * x).ln()).exp() - self.v
    }

    pub fn sample(&self, rng: &mut HostRng) -> u64 {
        loop {
            let ur = self.hxm + unit(rng) * self.hx0_minus_hxm;
            let x = self.hinv(ur);
            let k = (x + 0.5).floor();
            if k - x <= self.s || ur >= self.h(k + 0.5) - (-(k + self.v).ln() * self.q).exp() {
                return k.clamp(0.0, self.imax) as u64;
            }
        }
    }
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Prepared, String>> {
    Some(match name {
        "uniform" => (|| {
            let (min, max) = (float(a, 0, "min")?, float(a, 1, "max")?);
            Ok(Prepared::Floats(Box::new(move |r: &mut HostRng| Ok(min + unit(r) * (max - min)))))
        })(),
        "uniform_f" => (|| {
            let (min, max, p) = (float(a, 0, "min")?, float(a, 1, "max")?, int(a, 2, "precision")?);
            Ok(Prepared::Floats(Box::new(move |r: &mut HostRng| Ok(round_to(min + unit(r) * (max - min), p)))))
        })(),
        "norm" | "norm_f" => (|| {
            let (mean, sd) = (float(a, 0, "mean")?, float(a, 1, "stddev")?);
            let (min, max) = (float(a, 2, "min")?, float(a, 3, "max")?);
            let p = if name == "norm" { opt_int(a, 4, "precision", 0)? } else { int(a, 4, "precision")? };
            Ok(Prepared::Floats(Box::new(move |r: &mut HostRng| {
                let v = rejection(r, min, max, "norm", |r| mean + sd * std_normal(r))?;
                Ok(round_to(v, p))
            })))
        })(),
        "exp" | "exp_f" => (|| {
            let (rate, min, max) = (float(a, 0, "rate")?, float(a, 1, "min")?, float(a, 2, "max")?);
            if rate <= 0.0 {
                return Err(format!("{name}: rate must be positive, got {rate}"));
            }
            let p = if name == "exp" { opt_int(a, 3, "precision", 0)? } else { int(a, 3, "precision")? };
            Ok(Prepared::Floats(Box::new(move |r: &mut HostRng| {
                let v = rejection(r, min, max, "exp", |r| std_exp(r) / rate)?;
                Ok(round_to(v, p))
            })))
        })(),
        "lognorm" | "lognorm_f" => (|| {
            let (mu, sigma) = (float(a, 0, "mu")?, float(a, 1, "sigma")?);
            let (min, max) = (float(a, 2, "min")?, float(a, 3, "max")?);
            let p = if name == "lognorm" { opt_int(a, 4, "precision", 0)? } else { int(a, 4, "precision")? };
            Ok(Prepared::Floats(Box::new(move |r: &mut HostRng| {
                let v = rejection(r, min, max, "lognorm", |r| (mu + sigma * std_normal(r)).exp())?;
                Ok(round_to(v, p))
            })))
        })(),
        "zipf" => (|| {
            let (s, v, max) = (float(a, 0, "s")?, float(a, 1, "v")?, int(a, 2, "max")?);
            let z = Zipf::new(s, v, max.max(0) as u64)?;
            Ok(Prepared::Ints(Box::new(move |r: &mut HostRng| Ok(z.sample(r) as i64))))
        })(),
        "bool" => Ok(Prepared::Values(Box::new(|r: &mut HostRng| Ok(Value::Boolean(int_n(r, 2) == 1))) as Gen)),
        _ => return None,
    })
}

/// The `set_*` functions: a choice among fixed values, copied into the column as chosen.
pub fn pick(name: &str, a: &[Value]) -> Option<Result<Prepared, String>> {
    Some(match name {
        "set_rand" => (|| {
            let values = list(a, 0, "values")?;
            if values.is_empty() {
                return Err("set_rand: values is empty".into());
            }
            let weights = if a.len() > 1 { float_list(a, 1, "weights")? } else { Vec::new() };
            if weights.is_empty() {
                let n = values.len() as u64;
                return Ok(Prepared::Pick(members(&values), Box::new(move |r: &mut HostRng| int_n(r, n) as usize)));
            }
            if weights.len() != values.len() {
                return Err(format!("set_rand: {} values but {} weights", values.len(), weights.len()));
            }
            if weights.iter().any(|w| *w < 0.0 || w.fract() != 0.0) {
                return Err("set_rand: weights must be non-negative integers".into());
            }
            let total: u64 = weights.iter().map(|w| *w as u64).sum();
            if total == 0 {
                return Err("set_rand: weights sum to zero".into());
            }
            let last = values.len() - 1;
            let weights: Vec<u64> = weights.iter().map(|w| *w as u64).collect();
            Ok(Prepared::Pick(
                members(&values),
                Box::new(move |r: &mut HostRng| {
                    let mut pick = int_n(r, total) + 1;
                    for (i, &w) in weights.iter().enumerate() {
                        if pick <= w {
                            return i;
                        }
                        pick -= w;
                    }
                    last
                }),
            ))
        })(),
        "set_norm" | "set_exp" | "set_lognorm" | "set_zipf" => (|| {
            let values = list(a, 0, "values")?;
            if values.is_empty() {
                return Err(format!("{name}: values is empty"));
            }
            let last = (values.len() - 1) as f64;
            let pick: Box<dyn Fn(&mut HostRng) -> f64> = match name {
                "set_norm" => {
                    let (mean, sd) = (float(a, 1, "mean")?, float(a, 2, "stddev")?);
                    Box::new(move |r| (mean + sd * std_normal(r)).round())
                }
                "set_exp" => {
                    let rate = float(a, 1, "rate")?;
                    if rate <= 0.0 {
                        return Err(format!("set_exp: rate must be positive, got {rate}"));
                    }
                    Box::new(move |r| (std_exp(r) / rate).floor())
                }
                "set_lognorm" => {
                    let (mu, sigma) = (float(a, 1, "mu")?, float(a, 2, "sigma")?);
                    Box::new(move |r| (mu + sigma * std_normal(r)).exp().floor())
                }
                _ => {
                    let z = Zipf::new(float(a, 1, "s")?, float(a, 2, "v")?, last as u64)?;
                    Box::new(move |r| z.sample(r) as f64)
                }
            };
            let single = values.len() == 1;
            Ok(Prepared::Pick(
                members(&values),
                Box::new(move |r: &mut HostRng| {
                    // One value has nothing to choose from: draw nothing, as edg does.
                    if single { 0 } else { pick(r).clamp(0.0, last) as usize }
                }),
            ))
        })(),
        _ => return None,
    })
}

fn members(values: &[edg_plugin_sdk::Scalar]) -> Vec<Value> {
    values.iter().map(scalar_to_value).collect()
}
