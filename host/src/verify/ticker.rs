//! Progress of a long table: one line every few seconds while it is merged (rows per side,
//! rows/s, differences so far), so a verify of a large table in a CI log or a pod's log shows it
//! is moving. Rows are counted, not timed: the clock is read once per `CHECK_EVERY` rows.

use super::report::TableReport;
use std::time::{Duration, Instant};
use tracing::info;

/// How often a line is logged.
const EVERY: Duration = Duration::from_secs(5);
/// Rows merged between two looks at the clock.
const CHECK_EVERY: u64 = 8192;

pub(super) struct Ticker {
    started: Instant,
    last: Instant,
    next_check: u64,
}

impl Ticker {
    pub fn new() -> Self {
        let now = Instant::now();
        Ticker { started: now, last: now, next_check: CHECK_EVERY }
    }

    /// Called as rows are merged; logs when `EVERY` has passed since the last line.
    pub fn tick(&mut self, rep: &TableReport) {
        let rows = rep.source_rows.max(rep.target_rows);
        if rows < self.next_check {
            return;
        }
        self.next_check = rows + CHECK_EVERY;
        if self.last.elapsed() < EVERY {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        info!(
            table = rep.table.as_str(),
            source_rows = rep.source_rows,
            target_rows = rep.target_rows,
            rows_per_s = (rows as f64 / secs) as u64,
            differences = rep.differences(),
            "verifying"
        );
    }
}
