//! The canonical forms a normalizer may declare for a column type ("#INT8", "%NUMERIC",
//! "@TIMESTAMP"; see `wit/normalizer.wit`), parsed from the bytes engines send. The built-in
//! normalizers use these on their fast paths and the host applies them to declared columns, so
//! both give the same value by construction. Each parser takes exactly the form the WIT
//! describes; anything else is None and is left to the normalizer.
#![no_std]

extern crate alloc;
use alloc::vec::Vec;

pub mod json;

/// `-?[0-9]+` within i64.
pub fn int(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Accumulated negatively so that i64::MIN parses.
    let mut v: i64 = 0;
    if digits.len() <= 18 {
        // Cannot overflow; on wasm32 a checked i64 multiply is a call to __multi3 per digit.
        for &d in digits {
            v = v * 10 - i64::from(d - b'0');
        }
    } else {
        for &d in digits {
            v = v.checked_mul(10)?.checked_sub(i64::from(d - b'0'))?;
        }
    }
    if neg { Some(v) } else { v.checked_neg() }
}

/// `-?[0-9]*(.[0-9]*)?` with at least one digit, appended to `out` as canonical decimal text:
/// no leading zeros, no trailing fractional zeros, no bare point, no "-0" ("-0364.800" →
/// "-364.8", "-0.00" → "0", ".5" → "0.5"). None, and `out` untouched, for anything else.
pub fn decimal_into(b: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let (neg, body) = match b.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, b),
    };
    let (int_part, frac_part) = match body.iter().position(|&c| c == b'.') {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, &body[..0]),
    };
    if (int_part.is_empty() && frac_part.is_empty()) || !int_part.iter().chain(frac_part).all(u8::is_ascii_digit) {
        return None;
    }
    let int_part = &int_part[int_part.iter().position(|&c| c != b'0').unwrap_or(int_part.len())..];
    let frac_part = &frac_part[..frac_part.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1)];
    if int_part.is_empty() && frac_part.is_empty() {
        out.push(b'0');
        return Some(());
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(if int_part.is_empty() { b"0" } else { int_part });
    if !frac_part.is_empty() {
        out.push(b'.');
        out.extend_from_slice(frac_part);
    }
    Some(())
}

/// `YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|±HH|±HHMM|±HH:MM]`, month 1-12 and day 1-31, as (seconds
/// since the epoch in UTC, nanoseconds); no zone means UTC. Fraction digits past nine are
/// dropped. No allocation and no searching: verify's hot path.
pub fn timestamp(b: &[u8]) -> Option<(i64, u32)> {
    fn two(b: &[u8], i: usize) -> Option<i64> {
        let (x, y) = (b.get(i)?.wrapping_sub(b'0'), b.get(i + 1)?.wrapping_sub(b'0'));
        (x < 10 && y < 10).then(|| i64::from(x * 10 + y))
    }
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (two(b, 0)? * 100 + two(b, 2)?, two(b, 5)?, two(b, 8)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let secs = days_from_civil(y, mo as u32, d as u32) * 86_400 + two(b, 11)? * 3600 + two(b, 14)? * 60 + two(b, 17)?;
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        nanos *= 10u32.pow(9 - (i - start).min(9) as u32);
    }
    let offset_min = match &b[i..] {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (hh, mm) = match rest.len() {
                2 => (two(rest, 0)?, 0),
                4 => (two(rest, 0)?, two(rest, 2)?),
                5 if rest[2] == b':' => (two(rest, 0)?, two(rest, 3)?),
                _ => return None,
            };
            if *sign == b'-' { -(hh * 60 + mm) } else { hh * 60 + mm }
        }
        _ => return None,
    };
    Some((secs - offset_min * 60, nanos))
}

/// Nanoseconds cut to `precision` fractional digits (at most 9).
pub fn truncate_nanos(nanos: u32, precision: u8) -> u32 {
    let unit = 10u32.pow(9 - u32::from(precision.min(9)));
    nanos / unit * unit
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}
