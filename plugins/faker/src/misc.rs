//! Bytes, identifiers, geometry, addresses and composite values.

use crate::args::{float, int, text};
use crate::dist::{int_range, unit};
use crate::{Gen, HostRng};
use edg_plugin_sdk::Value;
use std::fmt::Write;

/// Largest byte string a single call may produce: keeps a typo from exhausting guest memory.
const MAX_BYTES: i64 = 16 << 20;

pub fn uuid_v4(r: &mut HostRng) -> String {
    let mut b = [0u8; 16];
    r.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

fn byte_len(a: &[Value]) -> Result<usize, String> {
    let n = int(a, 0, "length")?;
    if !(0..=MAX_BYTES).contains(&n) {
        return Err(format!("length must be between 0 and {MAX_BYTES}, got {n}"));
    }
    Ok(n as usize)
}

fn random_point(r: &mut HostRng, lat: f64, lon: f64, radius_km: f64) -> (f64, f64) {
    // sqrt keeps points uniform over the disc rather than bunched at the centre.
    let dist = radius_km * unit(r).sqrt();
    let angle = 2.0 * std::f64::consts::PI * unit(r);
    let dlat = dist * angle.cos() / 110.574;
    let dlon = dist * angle.sin() / (111.320 * lat.to_radians().cos().max(1e-9));
    (lat + dlat, lon + dlon)
}

fn parse_cidr(cidr: &str) -> Result<(u128, u32, bool), String> {
    let bad = || format!("expected a CIDR like 10.0.0.0/8 or fd00::/64, got {cidr:?}");
    let (addr, bits) = cidr.split_once('/').ok_or_else(bad)?;
    let bits: u32 = bits.parse().map_err(|_| bad())?;
    if let Ok(v4) = addr.parse::<std::net::Ipv4Addr>() {
        if bits > 32 {
            return Err(bad());
        }
        return Ok((u32::from(v4) as u128, 32 - bits, false));
    }
    let v6: std::net::Ipv6Addr = addr.parse().map_err(|_| bad())?;
    if bits > 128 {
        return Err(bad());
    }
    Ok((u128::from(v6), 128 - bits, true))
}

fn random_host(r: &mut HostRng, base: u128, free_bits: u32) -> u128 {
    if free_bits == 0 {
        return base;
    }
    let mask = if free_bits >= 128 { u128::MAX } else { (1u128 << free_bits) - 1 };
    let random = ((r.next_u64() as u128) << 64 | r.next_u64() as u128) & mask;
    (base & !mask) | random
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Gen, String>> {
    Some(match name {
        "uuid_v4" => Ok(Box::new(|r: &mut HostRng| Ok(Value::Uuid(uuid_v4(r)))) as Gen),
        "bytes" => byte_len(a).map(|n| {
            Box::new(move |r: &mut HostRng| {
                let mut b = vec![0u8; n];
                r.fill_bytes(&mut b);
                let mut s = String::with_capacity(2 + 2 * n);
                s.push_str("\\x");
                for byte in b {
                    let _ = write!(s, "{byte:02x}");
                }
                Ok(Value::Text(s))
            }) as Gen
        }),
        "blob" => byte_len(a).map(|n| {
            Box::new(move |r: &mut HostRng| {
                let mut b = vec![0u8; n];
                r.fill_bytes(&mut b);
                Ok(Value::Bytes(b))
            }) as Gen
        }),
        "point" | "point_wkt" => (|| {
            let (lat, lon, radius) = (float(a, 0, "lat")?, float(a, 1, "lon")?, float(a, 2, "radius_km")?);
            let wkt = name == "point_wkt";
            Ok(Box::new(move |r: &mut HostRng| {
                let (plat, plon) = random_point(r, lat, lon, radius);
                Ok(if wkt {
                    Value::Text(format!("POINT({plon:.6} {plat:.6})"))
                } else {
                    Value::Json(format!("{{\"lat\":{plat:.6},\"lon\":{plon:.6}}}"))
                })
            }) as Gen)
        })(),
        "inet" => (|| {
            let (base, free, v6) = parse_cidr(&text(a, 0, "cidr")?)?;
            Ok(Box::new(move |r: &mut HostRng| {
                let host = random_host(r, base, free);
                Ok(Value::Text(if v6 {
                    std::net::Ipv6Addr::from(host).to_string()
                } else {
                    std::net::Ipv4Addr::from(host as u32).to_string()
                }))
            }) as Gen)
        })(),
        "json_arr" | "array" => (|| {
            let (lo, hi) = (int(a, 0, "min_n")?, int(a, 1, "max_n")?);
            if lo < 0 || hi > 10_000 {
                return Err(format!("{name}: element count must be within 0..=10000"));
            }
            let pattern = text(a, 2, "pattern")?;
            let mut element = crate::patterns::compile(&pattern)?;
            let json = name == "json_arr";
            Ok(Box::new(move |r: &mut HostRng| {
                let n = int_range(r, lo, hi);
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    items.push(element(r)?);
                }
                Ok(if json { Value::Json(json_array(&items)) } else { Value::Text(pg_array(&items)) })
            }) as Gen)
        })(),
        _ => return None,
    })
}

pub fn json_array(items: &[Value]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::Int(i) => i.to_string(),
            Value::Float(f) if f.is_finite() => f.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::Json(j) => j.clone(),
            Value::Text(s) | Value::Uuid(s) | Value::Decimal(s) | Value::Date(s) | Value::Time(s) => json_string(s),
            _ => "null".into(),
        })
        .collect();
    format!("[{}]", parts.join(","))
}

pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// PostgreSQL array literal; elements quoted when they contain separators.
fn pg_array(items: &[Value]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|v| {
            let s = match v {
                Value::Int(i) => return i.to_string(),
                Value::Float(f) => return f.to_string(),
                Value::Boolean(b) => return b.to_string(),
                Value::Text(s)
                | Value::Uuid(s)
                | Value::Decimal(s)
                | Value::Json(s)
                | Value::Date(s)
                | Value::Time(s) => s.clone(),
                _ => return "NULL".into(),
            };
            if s.is_empty() || s.contains([',', '{', '}', '"', '\\', ' ']) {
                format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
            } else {
                s
            }
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// A value as text for splicing into a larger string (`generate:{…}`).
pub fn plain_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Text(s) | Value::Uuid(s) | Value::Decimal(s) | Value::Json(s) | Value::Date(s) | Value::Time(s) => {
            s.clone()
        }
        Value::Timestamp(t) => crate::temporal::format_go("2006-01-02T15:04:05Z07:00", t.unix_seconds),
        Value::Null => String::new(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::List(items) => format!("{} items", items.len()),
    }
}
