//! The run clock: one instant per command, taken when it starts, read by everything defined by
//! "now" (`date_offset`, `uuid_v7`, `objectid`, `futuredate`…), so both sides of one `sync run`
//! get the same values. `EDG_RUN_CLOCK` (RFC 3339) pins it, which makes such values repeatable
//! run after run as well.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

static RUN_CLOCK: OnceLock<i64> = OnceLock::new();
/// Whether anything has read the clock: a partitioned seed refuses values from an unpinned
/// clock (each partition would take its own "now").
static READ: AtomicBool = AtomicBool::new(false);
/// `EDG_RUN_CLOCK` gave the clock.
static PINNED: AtomicBool = AtomicBool::new(false);

pub const ENV: &str = "EDG_RUN_CLOCK";

/// An `EDG_RUN_CLOCK` that is not a time.
#[derive(Debug, thiserror::Error)]
#[error("{ENV}={0:?} is not an RFC 3339 time such as 2026-01-01T00:00:00Z")]
pub struct ClockError(String);

/// Take the run clock now (or from `EDG_RUN_CLOCK`); a bad `EDG_RUN_CLOCK` is an error naming it.
pub fn start() -> Result<i64, ClockError> {
    let nanos = match std::env::var(ENV) {
        Ok(text) => parse(&text).ok_or_else(|| ClockError(text.clone()))?,
        Err(_) => now(),
    };
    PINNED.store(std::env::var_os(ENV).is_some(), Ordering::Relaxed);
    Ok(*RUN_CLOCK.get_or_init(|| nanos))
}

/// The run clock in nanoseconds since the Unix epoch; taken on first use if no command did.
pub fn run_clock_nanos() -> i64 {
    READ.store(true, Ordering::Relaxed);
    *RUN_CLOCK.get_or_init(|| match std::env::var(ENV).ok().and_then(|t| parse(&t)) {
        Some(pinned) => {
            PINNED.store(true, Ordering::Relaxed);
            pinned
        }
        None => now(),
    })
}

/// Pin the clock, as `EDG_RUN_CLOCK` does (for tests in one process, where the variable is
/// shared by every thread).
#[cfg(test)]
pub fn pin(nanos: i64) {
    PINNED.store(true, Ordering::Relaxed);
    RUN_CLOCK.get_or_init(|| nanos);
}

/// Something read the clock, and `EDG_RUN_CLOCK` does not pin it.
pub fn read_unpinned() -> bool {
    READ.load(Ordering::Relaxed) && !PINNED.load(Ordering::Relaxed)
}

fn now() -> i64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    d.as_nanos() as i64
}

fn parse(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text.trim()).ok()?.timestamp_nanos_opt()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_rfc3339_with_offsets() {
        assert_eq!(super::parse("1970-01-01T00:00:01Z"), Some(1_000_000_000));
        assert_eq!(super::parse("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(super::parse("yesterday"), None);
    }
}
