//! A pipeline's lag under load, as pt-heartbeat measures it: while the workload runs, one
//! connection writes edg's clock into a heartbeat row on the source every `EVERY`, and another
//! reads that row on the target as often; a reading's lag is the time since the value it saw
//! was written. The heartbeat travels the pipeline as any row does, so its delay is the
//! pipeline's delay for a change committed then, resolution one heartbeat. Both ends are read
//! by one clock (edg's), so no clock agreement between machines is needed.
//!
//! Chosen over a per-change ledger: it costs one small statement per 100 ms on the source
//! (nothing per operation, so the workload's throughput is unchanged), works for any pipeline
//! that carries a table (logical replication, binlog replicas, Debezium sinks), and reads the
//! way `pg_stat_replication.replay_lag` and `Seconds_Behind_Master` are read.

use super::WorkloadError;
use crate::driver::{Conn, Driver};
use crate::value::Value;
use hdrhistogram::Histogram;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tracing::warn;

/// How often the heartbeat is written and read.
pub const EVERY: Duration = Duration::from_millis(100);

/// The heartbeat table: one row, the microseconds since the epoch when it was written.
pub const TABLE: &str = "edg_heartbeat";

fn now_us() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

fn histogram() -> Histogram<u64> {
    // 1 ms to 1 day, 3 significant digits: bounded whatever the run's length.
    Histogram::new_with_bounds(1, 86_400_000, 3).expect("valid bounds")
}

/// Lag readings (ms): since the last progress line, and over the run.
pub struct Readings {
    interval: Histogram<u64>,
    total: Histogram<u64>,
    /// The target has no heartbeat yet (the pipeline has not carried it, or does not carry it).
    pub unseen: u64,
    pub last_error: Option<String>,
}

/// p50, p99 and max of some readings, in ms.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Summary {
    pub p50: u64,
    pub p99: u64,
    pub max: u64,
    pub samples: u64,
}

fn summary(h: &Histogram<u64>) -> Option<Summary> {
    (!h.is_empty()).then(|| Summary {
        p50: h.value_at_quantile(0.5),
        p99: h.value_at_quantile(0.99),
        max: h.max(),
        samples: h.len(),
    })
}

/// The running probe: a writer and a reader thread until `stop`.
pub struct Probe {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
    readings: Arc<Mutex<Readings>>,
}

/// A runtime for one of the probe's threads: a connection stays on the runtime it was made on.
fn runtime() -> Result<tokio::runtime::Runtime, WorkloadError> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(super::run_err)
}

/// The heartbeat's value on `conn`, if the row is there.
async fn read(conn: &mut Conn) -> Result<Option<i64>, crate::driver::DriverError> {
    let rows = conn.query(&format!("SELECT sent_us FROM {TABLE} WHERE id = 1")).await?;
    Ok(rows.rows.first().and_then(|r| r.first()).and_then(|v| match v {
        Value::Int(n) => Some(*n),
        Value::Text(t) | Value::Decimal(t) => t.parse().ok(),
        _ => None,
    }))
}

/// One reading of the target's heartbeat. Until this run's first heartbeat arrives, the lag is
/// at least the time since it was written.
fn record(readings: &Mutex<Readings>, seen: Result<Option<i64>, crate::driver::DriverError>, first: i64) {
    let mut r = readings.lock().unwrap_or_else(|e| e.into_inner());
    match seen {
        Ok(Some(sent)) => {
            let ms = (((now_us() - sent.max(first)).max(0) / 1000).max(1) as u64).min(86_400_000);
            let _ = r.interval.record(ms);
            let _ = r.total.record(ms);
        }
        Ok(None) => r.unseen += 1,
        Err(e) => r.last_error = Some(crate::redact::scrub(&e.to_string())),
    }
}

impl Probe {
    /// Check both ends (the source's heartbeat row is created when missing; the target must
    /// be reachable), then start writing and reading.
    pub fn start(source: (Driver, &str), target: (Driver, &str)) -> Result<Probe, WorkloadError> {
        for (driver, role) in [(source.0, "source"), (target.0, "--target-driver")] {
            if driver.dialect().begin_write().is_none() {
                return Err(super::usage(format!(
                    "lag under load needs SQL databases; {role} is {}",
                    driver.flag_name()
                )));
            }
        }
        let (sd, su, td, tu) = (source.0, source.1.to_string(), target.0, target.1.to_string());
        let (wrt, rrt) = (runtime()?, runtime()?);
        let mut writer = wrt.block_on(Conn::connect(sd, &su)).map_err(super::run_err)?;
        // This run's first heartbeat: a value older than it on the target is a previous run's.
        let first = wrt
            .block_on(async {
                writer
                    .execute(&format!(
                        "CREATE TABLE IF NOT EXISTS {TABLE} (id INT PRIMARY KEY, sent_us BIGINT NOT NULL)"
                    ))
                    .await?;
                let first = now_us();
                if read(&mut writer).await?.is_none() {
                    writer.execute(&format!("INSERT INTO {TABLE} (id, sent_us) VALUES (1, {first})")).await?;
                } else {
                    writer.execute(&format!("UPDATE {TABLE} SET sent_us = {first} WHERE id = 1")).await?;
                }
                Ok::<_, crate::driver::DriverError>(first)
            })
            .map_err(|e| super::run_err(format!("source: the heartbeat table {TABLE}: {e}")))?;
        let mut reader = rrt.block_on(Conn::connect(td, &tu)).map_err(|e| super::run_err(format!("target: {e}")))?;
        let stop = Arc::new(AtomicBool::new(false));
        let readings =
            Arc::new(Mutex::new(Readings { interval: histogram(), total: histogram(), unseen: 0, last_error: None }));
        let write_thread = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                wrt.block_on(async {
                    let mut next = Instant::now();
                    while !stop.load(Ordering::SeqCst) {
                        let sql = format!("UPDATE {TABLE} SET sent_us = {} WHERE id = 1", now_us());
                        if let Err(e) = writer.execute(&sql).await {
                            warn!("heartbeat on the source: {}", crate::redact::scrub(&e.to_string()));
                        }
                        next += EVERY;
                        tokio::time::sleep_until(tokio::time::Instant::from_std(next)).await;
                    }
                });
            })
        };
        let read_thread = {
            let (stop, readings) = (stop.clone(), readings.clone());
            std::thread::spawn(move || {
                rrt.block_on(async {
                    let mut next = Instant::now();
                    while !stop.load(Ordering::SeqCst) {
                        let seen = read(&mut reader).await;
                        record(&readings, seen, first);
                        next += EVERY;
                        tokio::time::sleep_until(tokio::time::Instant::from_std(next)).await;
                    }
                });
            })
        };
        Ok(Probe { stop, threads: vec![write_thread, read_thread], readings })
    }

    /// The readings since the last call (for a progress line), and whether the target has
    /// shown no heartbeat at all.
    pub fn interval(&self) -> (Option<Summary>, bool, Option<String>) {
        let mut r = self.readings.lock().unwrap_or_else(|e| e.into_inner());
        let s = summary(&r.interval);
        r.interval.reset();
        (s, r.total.is_empty() && r.unseen > 0, r.last_error.take())
    }

    /// Stop both threads; the run's readings.
    pub fn finish(self) -> Option<Summary> {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads {
            let _ = t.join();
        }
        let r = self.readings.lock().unwrap_or_else(|e| e.into_inner());
        summary(&r.total)
    }
}

/// The progress line of an interval's readings.
pub fn line(s: Option<Summary>, unseen: bool) -> String {
    match (s, unseen) {
        (Some(s), _) => format!("LAG ms  p50 {}  p99 {}  max {}  ({} readings)", s.p50, s.p99, s.max, s.samples),
        (None, true) => format!("LAG     no heartbeat on the target yet (does the pipeline carry {TABLE}?)"),
        (None, false) => "LAG     no readings".into(),
    }
}
