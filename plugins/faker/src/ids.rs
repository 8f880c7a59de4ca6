//! Identifiers and values defined by "now": time-based UUIDs, ObjectIds, offsets from the run
//! clock, and bit strings. "Now" is the host's run clock (one instant per command); every
//! other bit comes from the row's stream.

use crate::args::{int, text};
use crate::dist::{int_n, int_range};
use crate::{Gen, HostRng, run_clock_nanos};
use edg_plugin_sdk::Value;
use std::fmt::Write;

/// 100 ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET: u64 = 0x01b2_1dd2_1381_4000;

fn hex_uuid(b: &[u8; 16]) -> String {
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

/// 60-bit Gregorian timestamp of the run clock, with the row's random sub-millisecond part so
/// rows of one run do not all share one timestamp.
fn gregorian(r: &mut HostRng) -> u64 {
    let ms = run_clock_nanos().max(0) as u64 / 1_000_000;
    (ms * 10_000 + int_n(r, 10_000) + GREGORIAN_OFFSET) & ((1 << 60) - 1)
}

/// Clock sequence (14 bits, RFC 4122 variant) and a random node with the multicast bit set,
/// as RFC 4122 asks of a node that is not a real MAC address.
fn seq_and_node(r: &mut HostRng, b: &mut [u8; 16]) {
    let mut tail = [0u8; 8];
    r.fill_bytes(&mut tail);
    b[8..].copy_from_slice(&tail);
    b[8] = (b[8] & 0x3f) | 0x80;
    b[10] |= 0x01;
}

pub fn uuid_v1(r: &mut HostRng) -> String {
    let t = gregorian(r);
    let mut b = [0u8; 16];
    b[0..4].copy_from_slice(&(t as u32).to_be_bytes());
    b[4..6].copy_from_slice(&((t >> 32) as u16).to_be_bytes());
    b[6..8].copy_from_slice(&((((t >> 48) as u16) & 0x0fff) | 0x1000).to_be_bytes());
    seq_and_node(r, &mut b);
    hex_uuid(&b)
}

pub fn uuid_v6(r: &mut HostRng) -> String {
    let t = gregorian(r);
    let mut b = [0u8; 16];
    b[0..4].copy_from_slice(&((t >> 28) as u32).to_be_bytes());
    b[4..6].copy_from_slice(&((t >> 12) as u16).to_be_bytes());
    b[6..8].copy_from_slice(&(((t & 0x0fff) as u16) | 0x6000).to_be_bytes());
    seq_and_node(r, &mut b);
    hex_uuid(&b)
}

pub fn uuid_v7(r: &mut HostRng) -> String {
    let ms = run_clock_nanos().max(0) as u64 / 1_000_000;
    let mut b = [0u8; 16];
    r.fill_bytes(&mut b);
    b[0..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    hex_uuid(&b)
}

/// 12-byte MongoDB ObjectId as 24 hex digits: run-clock seconds, then random bytes where the
/// driver puts its process id and counter.
pub fn objectid(r: &mut HostRng) -> String {
    let secs = (run_clock_nanos() / 1_000_000_000) as u32;
    let mut b = [0u8; 12];
    r.fill_bytes(&mut b);
    b[0..4].copy_from_slice(&secs.to_be_bytes());
    b.iter().fold(String::with_capacity(24), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

fn bits(r: &mut HostRng, n: usize) -> String {
    (0..n).map(|_| if int_n(r, 2) == 1 { '1' } else { '0' }).collect()
}

fn bit_len(a: &[Value]) -> Result<usize, String> {
    let n = int(a, 0, "length")?;
    if !(1..=1 << 20).contains(&n) {
        return Err(format!("length must be between 1 and {}, got {n}", 1 << 20));
    }
    Ok(n as usize)
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Gen, String>> {
    Some(match name {
        "uuid_v1" => Ok(Box::new(|r: &mut HostRng| Ok(Value::Uuid(uuid_v1(r)))) as Gen),
        "uuid_v6" => Ok(Box::new(|r: &mut HostRng| Ok(Value::Uuid(uuid_v6(r)))) as Gen),
        "uuid_v7" => Ok(Box::new(|r: &mut HostRng| Ok(Value::Uuid(uuid_v7(r)))) as Gen),
        "objectid" => Ok(Box::new(|r: &mut HostRng| Ok(Value::Text(objectid(r)))) as Gen),
        "bit" => bit_len(a).map(|n| Box::new(move |r: &mut HostRng| Ok(Value::Text(bits(r, n)))) as Gen),
        "varbit" => bit_len(a).map(|n| {
            Box::new(move |r: &mut HostRng| {
                let len = int_range(r, 1, n as i64) as usize;
                Ok(Value::Text(bits(r, len)))
            }) as Gen
        }),
        "date_offset" => (|| {
            let d = crate::temporal::parse_duration(&text(a, 0, "duration")?)?;
            let nanos = run_clock_nanos().saturating_add(d);
            let s = crate::temporal::format_go("2006-01-02T15:04:05Z07:00", nanos.div_euclid(1_000_000_000));
            Ok(Box::new(move |_: &mut HostRng| Ok(Value::Text(s.clone()))) as Gen)
        })(),
        "regex" => (|| {
            let g = crate::patterns::regex::Generator::new(&text(a, 0, "pattern")?)?;
            Ok(Box::new(move |r: &mut HostRng| Ok(Value::Text(g.generate(r)))) as Gen)
        })(),
        "gen_locale" => (|| {
            let g = crate::patterns::gen_locale(&text(a, 0, "field")?, &text(a, 1, "locale")?)?;
            Ok(Box::new(move |r: &mut HostRng| Ok(Value::Text(g(r)))) as Gen)
        })(),
        _ => return None,
    })
}
