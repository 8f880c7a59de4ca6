//! Progress of a long seed query: a line redrawn in place when stderr is a terminal; otherwise
//! (a CI log, a pod's log) a log line every `LOG_EVERY`, so the output stays plain lines.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Queries with fewer rows than this finish too fast to need a progress line.
const MIN_ROWS: i64 = 20_000;
const REDRAW: Duration = Duration::from_millis(200);
const LOG_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    label: String,
    total: i64,
    done: i64,
    started: Instant,
    drawn: Option<Instant>,
    enabled: bool,
    /// Not a terminal: log lines instead of a redrawn one.
    logged: Option<Instant>,
}

impl Progress {
    pub fn new(label: &str, total: i64) -> Self {
        Progress {
            label: label.to_string(),
            total,
            done: 0,
            started: Instant::now(),
            drawn: None,
            enabled: total >= MIN_ROWS && std::io::stderr().is_terminal(),
            logged: (total >= MIN_ROWS && !std::io::stderr().is_terminal()).then(Instant::now),
        }
    }

    pub fn add(&mut self, rows: i64) {
        self.done += rows;
        if self.logged.is_some_and(|at| at.elapsed() >= LOG_EVERY) {
            self.logged = Some(Instant::now());
            let secs = self.started.elapsed().as_secs_f64().max(1e-9);
            tracing::info!(
                query = self.label.as_str(),
                rows = self.done,
                of = self.total,
                rows_per_s = (self.done as f64 / secs) as u64,
                "seeding"
            );
        }
        if !self.enabled || self.drawn.is_some_and(|d| d.elapsed() < REDRAW) {
            return;
        }
        self.drawn = Some(Instant::now());
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let pct = self.done as f64 * 100.0 / self.total.max(1) as f64;
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[2K  {} {}/{} rows ({pct:.0}%), {:.0} rows/s",
            self.label,
            self.done,
            self.total,
            self.done as f64 / secs
        );
    }

    pub fn finish(&mut self) {
        if self.enabled && self.drawn.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
        self.enabled = false;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
