//! `--metrics-addr`: the run's series in Prometheus text, with the Go edg's names —
//! `edg_query_duration_seconds` (a histogram per run item), `edg_query_errors_total`,
//! `edg_transaction_commits_total`, `edg_transaction_rollbacks_total`, `edg_workers` — kept by the
//! `prometheus` crate and served over plain HTTP on the address given.

use prometheus::{Encoder, Gauge, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};
use std::io::{Read, Write};
use std::sync::Arc;

pub struct Metrics {
    registry: Registry,
    pub duration: HistogramVec,
    pub errors: IntCounterVec,
    pub commits: IntCounterVec,
    pub rollbacks: IntCounterVec,
    pub workers: IntGauge,
    /// The pipeline's lag over the last print interval, its largest reading (`--target-url`).
    pub lag: Gauge,
}

impl Metrics {
    pub fn new() -> Metrics {
        let duration = HistogramVec::new(
            HistogramOpts::new("edg_query_duration_seconds", "Latency of each run item (query or transaction)")
                .buckets(prometheus::exponential_buckets(0.0001, 2.0, 18).expect("valid buckets")),
            &["query"],
        )
        .expect("valid histogram");
        let counter = |name: &str, help: &str, label: &str| {
            IntCounterVec::new(Opts::new(name, help), &[label]).expect("valid counter")
        };
        let errors = counter("edg_query_errors_total", "Run items that failed", "query");
        let commits = counter("edg_transaction_commits_total", "Transactions committed", "transaction");
        let rollbacks =
            counter("edg_transaction_rollbacks_total", "Transactions rolled back by rollback_if", "transaction");
        let workers = IntGauge::new("edg_workers", "Workers running the workload now").expect("valid gauge");
        let lag = Gauge::new(
            "edg_pipeline_lag_seconds",
            "The pipeline's lag (heartbeat), the largest reading of the last print interval",
        )
        .expect("valid gauge");
        let registry = Registry::new();
        for c in [
            Box::new(duration.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(errors.clone()),
            Box::new(commits.clone()),
            Box::new(rollbacks.clone()),
            Box::new(workers.clone()),
            Box::new(lag.clone()),
        ] {
            registry.register(c).expect("distinct names");
        }
        Metrics { registry, duration, errors, commits, rollbacks, workers, lag }
    }

    /// The current values in the text exposition format.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Serve `GET /metrics` (any path) on `addr` from a thread of its own.
    pub fn serve(self: &Arc<Self>, addr: &str) -> Result<std::net::SocketAddr, ServeError> {
        let bind_err = |source| ServeError { addr: addr.to_string(), source };
        let listener = std::net::TcpListener::bind(addr).map_err(bind_err)?;
        let bound = listener.local_addr().map_err(bind_err)?;
        let me = self.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut s = stream;
                let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(2)));
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let body = me.text();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body.as_bytes()));
            }
        });
        Ok(bound)
    }
}

/// `--metrics-addr` could not be listened on.
#[derive(Debug, thiserror::Error)]
#[error("--metrics-addr {addr}: {source}")]
pub struct ServeError {
    addr: String,
    source: std::io::Error,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
