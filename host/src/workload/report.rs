//! What a workload reports: a progress table every print interval (stderr), a summary at the end
//! (stdout), or one JSON object (`--format json`, described by `schema/run-report.schema.json`).

use super::expect::Verdict;
use super::stats::{ItemStats, Kind, Stats};
use serde::Serialize;

/// The JSON report's shape version; it changes when a field is renamed, removed or changes type.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Latency {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct Printed {
    pub expr: String,
    /// The `agg` expression, and its value over what was printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Without `agg`: the most frequent values, or (every value a number) min/avg/max/sum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<(String, u64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avg: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    /// How many values were printed.
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct QueryReport {
    pub name: String,
    pub count: u64,
    pub errors: u64,
    pub error_rate: f64,
    pub ops_per_s: f64,
    pub latency_ms: Latency,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub printed: Vec<Printed>,
}

#[derive(Debug, Serialize)]
pub struct TransactionReport {
    pub name: String,
    pub commits: u64,
    pub rollbacks: u64,
    pub errors: u64,
    pub error_rate: f64,
    pub tps: f64,
    pub latency_ms: Latency,
}

#[derive(Debug, Serialize)]
pub struct StageReport {
    pub name: String,
    pub workers: u32,
    pub duration_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    pub late: u64,
    pub queries: Vec<QueryReport>,
    pub transactions: Vec<TransactionReport>,
}

#[derive(Debug, Serialize)]
pub struct RunReport {
    pub schema_version: u32,
    pub seed: u64,
    pub elapsed_s: f64,
    /// The most workers that ran at once.
    pub workers: u32,
    pub success_count: u64,
    pub total_errors: u64,
    pub error_rate: f64,
    pub tpm: f64,
    /// Operations that started behind the target rate.
    pub late: u64,
    /// Operations the end of a stage cancelled: neither successes nor errors.
    pub cancelled: u64,
    pub queries: Vec<QueryReport>,
    pub transactions: Vec<TransactionReport>,
    pub stages: Vec<StageReport>,
    pub expectations: Vec<Verdict>,
    pub passed: bool,
    /// The pipeline's lag over the run, in ms (`--target-url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag_ms: Option<super::lag::Summary>,
    /// Dual write (`--target-config`): operations that failed on one side only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_sided_writes: Option<u64>,
}

fn latency(s: &ItemStats) -> Latency {
    Latency { mean: s.mean_ms(), p50: s.ms(0.50), p95: s.ms(0.95), p99: s.ms(0.99), max: s.max_ms() }
}

fn printed(s: &ItemStats) -> Vec<Printed> {
    s.printed
        .iter()
        .map(|(expr, p)| {
            let numeric = p.agg.is_none() && p.numeric();
            let value = p.agg.as_ref().map(|a| p.aggregate(a).unwrap_or_else(|e| format!("<error: {e}>")));
            Printed {
                expr: expr.clone(),
                agg: p.agg.clone(),
                value,
                top: if p.agg.is_none() && !numeric { p.top() } else { Vec::new() },
                min: p.min.filter(|_| numeric),
                avg: p.avg().filter(|_| numeric),
                max: p.max.filter(|_| numeric),
                sum: numeric.then_some(p.sum),
                count: p.total,
            }
        })
        .collect()
}

/// Queries and transactions of `stats`, their rates over `secs`.
pub fn items(stats: &Stats, secs: f64) -> (Vec<QueryReport>, Vec<TransactionReport>) {
    let per_s = |n: u64| if secs > 0.0 { n as f64 / secs } else { 0.0 };
    let (mut queries, mut transactions) = (Vec::new(), Vec::new());
    for (name, s) in &stats.items {
        match s.kind {
            Kind::Query => queries.push(QueryReport {
                name: name.clone(),
                count: s.count,
                errors: s.errors,
                error_rate: s.error_rate(),
                ops_per_s: per_s(s.count),
                latency_ms: latency(s),
                printed: printed(s),
            }),
            Kind::Transaction => transactions.push(TransactionReport {
                name: name.clone(),
                commits: s.commits,
                rollbacks: s.rollbacks,
                errors: s.errors,
                error_rate: s.error_rate(),
                tps: per_s(s.count),
                latency_ms: latency(s),
            }),
        }
    }
    (queries, transactions)
}

/// The tables people read: queries, then transactions, rates over `secs`.
pub fn tables(stats: &Stats, secs: f64) -> String {
    let (queries, transactions) = items(stats, secs);
    let mut out = String::new();
    if !queries.is_empty() {
        let w = queries.iter().map(|q| q.name.len()).max().unwrap_or(0).max(5);
        out.push_str(&format!(
            "{:<w$}  {:>9}  {:>7}  {:>9}  {:>8}  {:>8}  {:>8}  {:>8}\n",
            "QUERY", "COUNT", "ERRORS", "OPS/S", "AVG ms", "p50 ms", "p95 ms", "p99 ms"
        ));
        for q in &queries {
            let l = &q.latency_ms;
            out.push_str(&format!(
                "{:<w$}  {:>9}  {:>7}  {:>9.1}  {:>8.2}  {:>8.2}  {:>8.2}  {:>8.2}\n",
                q.name, q.count, q.errors, q.ops_per_s, l.mean, l.p50, l.p95, l.p99
            ));
        }
    }
    if !transactions.is_empty() {
        let w = transactions.iter().map(|t| t.name.len()).max().unwrap_or(0).max(11);
        out.push_str(&format!(
            "{:<w$}  {:>9}  {:>9}  {:>7}  {:>9}  {:>8}  {:>8}  {:>8}  {:>8}\n",
            "TRANSACTION", "COMMITS", "ROLLBACKS", "ERRORS", "TPS", "AVG ms", "p50 ms", "p95 ms", "p99 ms"
        ));
        for t in &transactions {
            let l = &t.latency_ms;
            out.push_str(&format!(
                "{:<w$}  {:>9}  {:>9}  {:>7}  {:>9.1}  {:>8.2}  {:>8.2}  {:>8.2}  {:>8.2}\n",
                t.name, t.commits, t.rollbacks, t.errors, t.tps, l.mean, l.p50, l.p95, l.p99
            ));
        }
    }
    for q in &queries {
        for p in &q.printed {
            let shown = match (&p.value, p.min) {
                (Some(v), _) => v.clone(),
                (None, Some(min)) => format!(
                    "min={min} avg={} max={}",
                    p.avg.map_or("-".into(), |v| format!("{v:.3}")),
                    p.max.map_or("-".into(), |v| format!("{v}"))
                ),
                (None, None) => p.top.iter().map(|(v, n)| format!("{v}={n}")).collect::<Vec<_>>().join(" "),
            };
            out.push_str(&format!("PRINT {} {}: {shown}\n", q.name, p.expr));
        }
    }
    out
}

/// The text summary at the end of a run.
pub fn summary(r: &RunReport, stats: &Stats) -> String {
    let mut out = format!("\nsummary\nduration: {:.1}s\nworkers: {}\nseed: {}\n\n", r.elapsed_s, r.workers, r.seed);
    out.push_str(&tables(stats, r.elapsed_s));
    out.push_str(&format!(
        "\noperations: {}\nerrors: {} ({:.2} %)\ntpm: {:.1}\n",
        r.success_count, r.total_errors, r.error_rate, r.tpm
    ));
    if r.late > 0 {
        out.push_str(&format!("late: {} (the database could not keep up with the target rate)\n", r.late));
    }
    if let Some(l) = &r.lag_ms {
        out.push_str(&format!("pipeline lag ms: p50 {} p99 {} max {} ({} readings)\n", l.p50, l.p99, l.max, l.samples));
    }
    match r.one_sided_writes {
        Some(0) => out.push_str("one-sided writes: 0\n"),
        Some(n) => out.push_str(&format!(
            "one-sided writes: {n} (failed on one side of the dual write only: the sides now differ)\n"
        )),
        None => {}
    }
    if r.cancelled > 0 {
        out.push_str(&format!("cancelled at a stage's end: {}\n", r.cancelled));
    }
    out
}
