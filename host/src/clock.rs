//! The run clock: one instant per command, taken when it starts, read by everything defined by
//! "now" (`date_offset`, `uuid_v7`, `objectid`, `futuredate`…), so both sides of one `sync run`
//! get the same values. `EDG_RUN_CLOCK` (RFC 3339) pins it, which makes such values repeatable
//! run after run as well.

use std::sync::OnceLock;

static RUN_CLOCK: OnceLock<i64> = OnceLock::new();

pub const ENV: &str = "EDG_RUN_CLOCK";

/// Take the run clock now (or from `EDG_RUN_CLOCK`); a bad `EDG_RUN_CLOCK` is an error naming it.
pub fn start() -> Result<i64, String> {
    let nanos = match std::env::var(ENV) {
        Ok(text) => parse(&text)
            .ok_or_else(|| format!("{ENV}={text:?} is not an RFC 3339 time such as 2026-01-01T00:00:00Z"))?,
        Err(_) => now(),
    };
    Ok(*RUN_CLOCK.get_or_init(|| nanos))
}

/// The run clock in nanoseconds since the Unix epoch; taken on first use if no command did.
pub fn run_clock_nanos() -> i64 {
    *RUN_CLOCK.get_or_init(|| std::env::var(ENV).ok().and_then(|t| parse(&t)).unwrap_or_else(now))
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
