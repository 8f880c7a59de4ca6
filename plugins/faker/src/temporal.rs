//! Timestamps, dates, times of day and durations: uniform in a range, whole seconds.

use crate::args::text;
use crate::dist::int_range;
use crate::{Gen, HostRng};
use edg_plugin_sdk::{Timestamp, Value};

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn num(s: &str, what: &str) -> Result<i64, String> {
    s.parse().map_err(|_| format!("invalid {what} in {s:?}"))
}

/// Parse RFC 3339 (`2024-01-02T03:04:05Z`, `+02:00` offsets, space separator) or a bare date.
pub fn parse_rfc3339(s: &str) -> Result<i64, String> {
    let bad = || format!("expected an RFC 3339 timestamp like 2024-01-31T12:00:00Z, got {s:?}");
    let s = s.trim();
    if s.len() < 10 {
        return Err(bad());
    }
    let (date, rest) = s.split_at(10);
    let mut parts = date.split('-');
    let (y, m, d) = match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => (num(y, "year")?, num(m, "month")?, num(d, "day")?),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    let days = days_from_civil(y, m as u32, d as u32);
    if rest.is_empty() {
        return Ok(days * 86_400);
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
    if rest.len() < 8 {
        return Err(bad());
    }
    let (clock, mut zone) = rest.split_at(8);
    let hms: Vec<i64> = clock.split(':').map(|p| num(p, "time")).collect::<Result<_, _>>()?;
    if hms.len() != 3 {
        return Err(bad());
    }
    if let Some(frac) = zone.strip_prefix('.') {
        zone = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match zone {
        "" | "Z" | "z" => 0,
        z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) => {
            let mins = num(&z[1..3], "offset")? * 60 + num(&z[4..6], "offset")?;
            if z.starts_with('-') { -mins } else { mins }
        }
        _ => return Err(bad()),
    };
    Ok(days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - offset * 60)
}

fn parse_clock(s: &str) -> Result<i64, String> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let bad = || format!("expected a time of day like 09:30:00, got {s:?}");
    if parts.len() < 2 || parts.len() > 3 {
        return Err(bad());
    }
    let h = num(parts[0], "hour").map_err(|_| bad())?;
    let m = num(parts[1], "minute").map_err(|_| bad())?;
    let sec = if parts.len() == 3 { num(parts[2], "second").map_err(|_| bad())? } else { 0 };
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..60).contains(&sec) {
        return Err(bad());
    }
    Ok(h * 3600 + m * 60 + sec)
}

/// Parse a Go duration: "1h30m", "250ms", "-2s", "1.5h".
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let bad = || format!("expected a duration like 1h30m or 250ms, got {s:?}");
    let mut rest = s.trim();
    let neg = rest.starts_with('-');
    rest = rest.trim_start_matches(['-', '+']);
    if rest == "0" {
        return Ok(0);
    }
    let mut total = 0f64;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
        let value: f64 = rest[..n].parse().map_err(|_| bad())?;
        rest = &rest[n..];
        let u = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad()),
        };
        total += value * unit;
        rest = &rest[u..];
    }
    Ok(if neg { -(total as i64) } else { total as i64 })
}

/// Format nanoseconds the way Go's `time.Duration.String` does ("1h2m3s", "1.5s", "250ms").
pub fn format_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let body = if u < 1_000_000_000 {
        let (div, unit) = if u < 1_000 {
            (1, "ns")
        } else if u < 1_000_000 {
            (1_000, "µs")
        } else {
            (1_000_000, "ms")
        };
        format!("{}{unit}", frac(u, div))
    } else {
        let (h, m) = (u / 3_600_000_000_000, (u / 60_000_000_000) % 60);
        let s = frac(u % 60_000_000_000, 1_000_000_000);
        match (h, m) {
            (0, 0) => format!("{s}s"),
            (0, m) => format!("{m}m{s}s"),
            (h, m) => format!("{h}h{m}m{s}s"),
        }
    };
    if neg { format!("-{body}") } else { body }
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rem:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Format with a subset of Go's reference layout (2006-01-02 15:04:05, Jan, Mon, 06, PM).
pub fn format_go(layout: &str, secs: i64) -> String {
    use crate::patterns::words::{MONTHS, WEEKDAYS};
    // 1970-01-01 was a Thursday: day 0 is WEEKDAYS[4].
    let weekday = |days: i64| WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (sod / 3600, (sod / 60) % 60, sod % 60);
    let tokens: [(&str, String); 17] = [
        ("2006", format!("{y:04}")),
        ("January", MONTHS[mo as usize - 1].into()),
        ("Jan", MONTHS[mo as usize - 1][..3].into()),
        ("Monday", weekday(days).into()),
        ("Mon", weekday(days)[..3].into()),
        ("01", format!("{mo:02}")),
        ("02", format!("{d:02}")),
        ("15", format!("{h:02}")),
        ("03", format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 })),
        ("04", format!("{mi:02}")),
        ("05", format!("{s:02}")),
        ("06", format!("{:02}", y % 100)),
        ("PM", if h < 12 { "AM".into() } else { "PM".into() }),
        ("MST", "UTC".into()),
        ("Z07:00", "Z".into()),
        ("-07:00", "+00:00".into()),
        ("_2", format!("{d:>2}")),
    ];
    let mut out = String::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (tok, val) in &tokens {
            if let Some(r) = rest.strip_prefix(tok) {
                out.push_str(val);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().expect("non-empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

pub fn prepare(name: &str, a: &[edg_plugin_sdk::Value]) -> Option<Result<Gen, String>> {
    Some(match name {
        "timestamp" => (|| {
            let (lo, hi) = (parse_rfc3339(&text(a, 0, "min")?)?, parse_rfc3339(&text(a, 1, "max")?)?);
            Ok(Box::new(move |r: &mut HostRng| {
                Ok(Value::Timestamp(Timestamp {
                    unix_seconds: pick(r, lo, hi),
                    nanos: 0,
                    precision: 0,
                    offset_minutes: Some(0),
                }))
            }) as Gen)
        })(),
        "date" => (|| {
            let layout = text(a, 0, "format")?;
            let (lo, hi) = (parse_rfc3339(&text(a, 1, "min")?)?, parse_rfc3339(&text(a, 2, "max")?)?);
            Ok(Box::new(move |r: &mut HostRng| {
                let s = format_go(&layout, pick(r, lo, hi));
                Ok(if layout == "2006-01-02" { Value::Date(s) } else { Value::Text(s) })
            }) as Gen)
        })(),
        "time" | "timez" => (|| {
            let (lo, hi) = (parse_clock(&text(a, 0, "min")?)?, parse_clock(&text(a, 1, "max")?)?);
            let zoned = name == "timez";
            Ok(Box::new(move |r: &mut HostRng| {
                let s = pick(r, lo, hi);
                let clock = format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
                // TIMETZ text: the offset travels in the string; a `time` value has none.
                Ok(if zoned { Value::Text(clock + "+00:00") } else { Value::Time(clock) })
            }) as Gen)
        })(),
        "duration" => (|| {
            let (lo, hi) = (parse_duration(&text(a, 0, "min")?)?, parse_duration(&text(a, 1, "max")?)?);
            Ok(Box::new(move |r: &mut HostRng| Ok(Value::Text(format_duration(pick(r, lo, hi))))) as Gen)
        })(),
        _ => return None,
    })
}

/// Uniform in [lo, hi); a degenerate range yields lo.
fn pick(r: &mut HostRng, lo: i64, hi: i64) -> i64 {
    if hi <= lo { lo } else { int_range(r, lo, hi - 1) }
}
