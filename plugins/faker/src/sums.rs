//! Functions that return several numbers at once as comma-separated text: `norm_n` (distinct
//! normal draws) and `distribute_sum` / `distribute_weighted` (parts that add up to a total).

use crate::args::{float, float_list, int, round_to};
use crate::dist::{int_range, rejection, std_normal, unit};
use crate::{Gen, HostRng};
use edg_plugin_sdk::Value;

/// Most parts or picks one value may hold.
const MAX_N: i64 = 100_000;

fn count_range(a: &[Value], lo_at: usize, name: &str) -> Result<(i64, i64), String> {
    let (lo, hi) = (int(a, lo_at, "min_n")?, int(a, lo_at + 1, "max_n")?);
    if lo < 0 || hi < lo || hi > MAX_N {
        return Err(format!("{name}: counts must satisfy 0 <= min_n <= max_n <= {MAX_N}, got {lo} and {hi}"));
    }
    Ok((lo, hi))
}

/// `%g`-like text: integers without a fraction, others in shortest form.
fn shown(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// Round every part to `prec` places and give the rounding remainder to the last part, so
/// the text adds up to `total` exactly at that precision.
fn settle(parts: &mut [f64], total: f64, prec: i64) {
    if parts.is_empty() {
        return;
    }
    for p in parts.iter_mut() {
        *p = round_to(*p, prec);
    }
    let (head, last) = parts.split_at_mut(parts.len() - 1);
    last[0] = round_to(total - head.iter().sum::<f64>(), prec);
}

fn join(parts: &[f64]) -> String {
    parts.iter().map(|p| shown(*p)).collect::<Vec<_>>().join(",")
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Gen, String>> {
    Some(match name {
        "norm_n" => (|| {
            let (mean, sd) = (float(a, 0, "mean")?, float(a, 1, "stddev")?);
            let (min, max) = (float(a, 2, "min")?, float(a, 3, "max")?);
            let (lo, hi) = count_range(a, 4, name)?;
            // Distinct whole numbers: at most as many as the range holds.
            let room = (max.floor() - min.ceil() + 1.0).max(0.0) as i64;
            Ok(Box::new(move |r: &mut HostRng| {
                let n = int_range(r, lo, hi).min(room) as usize;
                let mut picked: Vec<f64> = Vec::with_capacity(n);
                let mut tries = 0;
                while picked.len() < n {
                    let v = rejection(r, min, max, "norm_n", |r| mean + sd * std_normal(r))?.round();
                    if !picked.contains(&v) && v >= min && v <= max {
                        picked.push(v);
                    }
                    tries += 1;
                    if tries > 100 * (n + 10) {
                        return Err(format!("norm_n: could not draw {n} distinct values in [{min}, {max}]"));
                    }
                }
                Ok(Value::Text(join(&picked)))
            }) as Gen)
        })(),
        "distribute_sum" => (|| {
            let total = float(a, 0, "total")?;
            let (lo, hi) = count_range(a, 1, name)?;
            let prec = int(a, 3, "precision")?;
            Ok(Box::new(move |r: &mut HostRng| {
                let n = int_range(r, lo.max(1), hi.max(1)) as usize;
                let cuts: Vec<f64> = (0..n).map(|_| 0.05 + unit(r)).collect();
                let sum: f64 = cuts.iter().sum();
                let mut parts: Vec<f64> = cuts.iter().map(|c| total * c / sum).collect();
                settle(&mut parts, total, prec);
                Ok(Value::Text(join(&parts)))
            }) as Gen)
        })(),
        "distribute_weighted" => (|| {
            let total = float(a, 0, "total")?;
            let weights = float_list(a, 1, "weights")?;
            let (noise, prec) = (float(a, 2, "noise")?, int(a, 3, "precision")?);
            if weights.is_empty() || weights.iter().any(|w| *w < 0.0) || weights.iter().sum::<f64>() <= 0.0 {
                return Err("distribute_weighted: weights must be non-negative with a positive sum".into());
            }
            if !(0.0..=1.0).contains(&noise) {
                return Err(format!("distribute_weighted: noise must be within [0, 1], got {noise}"));
            }
            Ok(Box::new(move |r: &mut HostRng| {
                let noisy: Vec<f64> = weights.iter().map(|w| w * (1.0 + noise * (2.0 * unit(r) - 1.0))).collect();
                let sum: f64 = noisy.iter().sum();
                let mut parts: Vec<f64> = noisy.iter().map(|w| total * w / sum).collect();
                settle(&mut parts, total, prec);
                Ok(Value::Text(join(&parts)))
            }) as Gen)
        })(),
        _ => return None,
    })
}
