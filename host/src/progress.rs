//! A progress line for long seeds, redrawn in place on stderr, only when stderr is a terminal
//! (logs and CI output stay clean).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Queries with fewer rows than this finish too fast to need a progress line.
const MIN_ROWS: i64 = 20_000;
const REDRAW: Duration = Duration::from_millis(200);

pub struct Progress {
    label: String,
    total: i64,
    done: i64,
    started: Instant,
    drawn: Option<Instant>,
    enabled: bool,
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
        }
    }

    pub fn add(&mut self, rows: i64) {
        self.done += rows;
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
