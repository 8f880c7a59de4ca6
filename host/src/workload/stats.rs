//! What a workload measured, per run item: successes, errors, and latencies in an HDR
//! histogram (bounded memory whatever the run's length, where the Go edg kept every latency in
//! a vector and sorted it at every print); per transaction also commits and rollbacks; per
//! `print:` expression what it printed. Each worker records into its own `Stats`; the printer and
//! the report merge snapshots.

use hdrhistogram::Histogram;
use std::collections::BTreeMap;
use std::time::Duration;

/// Latencies from 1 µs to an hour, three significant digits: about 200 KB per item.
fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("valid bounds")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Query,
    Transaction,
}

/// One `print:` expression's values: how often each was seen (bounded), and min, sum and max
/// of those that are numbers. `agg` (the Go edg's) is an expression over `freq`, `count`,
/// `sum`, `avg`, `min` and `max`, evaluated when the values are shown.
#[derive(Clone, Debug, Default)]
pub struct Printed {
    pub agg: Option<String>,
    pub counts: BTreeMap<String, u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub sum: f64,
    /// Values that were numbers.
    pub n: u64,
    /// Every value.
    pub total: u64,
}

impl Printed {
    pub fn add(&mut self, value: &str) {
        self.total += 1;
        *self.counts.entry(value.to_string()).or_default() += 1;
        // Bounded: keep the most frequent values only once there are many.
        if self.counts.len() > 10_000 {
            let mut all: Vec<(String, u64)> = std::mem::take(&mut self.counts).into_iter().collect();
            all.sort_by_key(|a| std::cmp::Reverse(a.1));
            self.counts = all.into_iter().take(1000).collect();
        }
        if let Ok(x) = value.trim().parse::<f64>() {
            self.min = Some(self.min.map_or(x, |m| m.min(x)));
            self.max = Some(self.max.map_or(x, |m| m.max(x)));
            self.sum += x;
            self.n += 1;
        }
    }

    /// Every value was a number: shown as min/avg/max rather than frequencies (as Go does).
    pub fn numeric(&self) -> bool {
        self.n > 0 && self.n == self.total
    }

    /// The `agg` expression's value over these values.
    pub fn aggregate(&self, agg: &str) -> Result<String, expr_lang::Error> {
        use crate::expr::EValue;
        let mut ctx = expr_lang::Context::default();
        let freq: indexmap::IndexMap<String, EValue> =
            self.counts.iter().map(|(k, v)| (k.clone(), EValue::Integer(*v as i64))).collect();
        ctx.insert("freq".to_string(), EValue::Map(freq));
        ctx.insert("count".to_string(), EValue::Integer(self.total as i64));
        ctx.insert("sum".to_string(), EValue::Float(self.sum));
        ctx.insert("avg".to_string(), EValue::Float(self.avg().unwrap_or(0.0)));
        ctx.insert("min".to_string(), EValue::Float(self.min.unwrap_or(0.0)));
        ctx.insert("max".to_string(), EValue::Float(self.max.unwrap_or(0.0)));
        let v = expr_lang::Environment::new().eval(agg, &ctx)?;
        Ok(crate::expr::plain(&v))
    }

    fn merge(&mut self, o: &Printed) {
        for (k, v) in &o.counts {
            *self.counts.entry(k.clone()).or_default() += v;
        }
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, o.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.sum += o.sum;
        self.n += o.n;
        self.total += o.total;
    }

    /// The ten most frequent values, most frequent first.
    pub fn top(&self) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> = self.counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(10);
        all
    }

    pub fn avg(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

#[derive(Clone, Debug)]
pub struct ItemStats {
    pub kind: Kind,
    /// Successful runs (a rolled-back transaction counts: it ran as written).
    pub count: u64,
    pub errors: u64,
    pub commits: u64,
    pub rollbacks: u64,
    /// Microseconds of each success.
    pub latency: Histogram<u64>,
    pub printed: Vec<(String, Printed)>,
}

impl ItemStats {
    pub fn new(kind: Kind) -> Self {
        ItemStats { kind, count: 0, errors: 0, commits: 0, rollbacks: 0, latency: histogram(), printed: Vec::new() }
    }

    pub fn merge(&mut self, o: &ItemStats) {
        self.count += o.count;
        self.errors += o.errors;
        self.commits += o.commits;
        self.rollbacks += o.rollbacks;
        let _ = self.latency.add(&o.latency);
        for (expr, p) in &o.printed {
            match self.printed.iter_mut().find(|(e, q)| e == expr && q.agg == p.agg) {
                Some((_, mine)) => mine.merge(p),
                None => self.printed.push((expr.clone(), p.clone())),
            }
        }
    }

    /// A latency percentile in milliseconds.
    pub fn ms(&self, q: f64) -> f64 {
        if self.latency.is_empty() { 0.0 } else { self.latency.value_at_quantile(q) as f64 / 1000.0 }
    }

    pub fn mean_ms(&self) -> f64 {
        if self.latency.is_empty() { 0.0 } else { self.latency.mean() / 1000.0 }
    }

    pub fn max_ms(&self) -> f64 {
        self.latency.max() as f64 / 1000.0
    }

    /// Errors per attempt, in percent.
    pub fn error_rate(&self) -> f64 {
        let all = self.count + self.errors;
        if all == 0 { 0.0 } else { self.errors as f64 * 100.0 / all as f64 }
    }
}

/// Everything one worker (or a whole run) measured, by item label.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub items: BTreeMap<String, ItemStats>,
    /// Operations started later than the target rate asked (the database could not keep up).
    pub late: u64,
    /// Operations cancelled by the end of their stage: neither successes nor errors.
    pub cancelled: u64,
    /// Dual write: operations that failed on one side only.
    pub one_sided: u64,
}

impl Stats {
    pub fn item(&mut self, label: &str, kind: Kind) -> &mut ItemStats {
        // No key allocated for an item already there: this runs for every operation.
        if !self.items.contains_key(label) {
            self.items.insert(label.to_string(), ItemStats::new(kind));
        }
        self.items.get_mut(label).expect("inserted")
    }

    pub fn success(&mut self, label: &str, kind: Kind, took: Duration) {
        let s = self.item(label, kind);
        s.count += 1;
        let _ = s.latency.record((took.as_micros() as u64).clamp(1, 3_600_000_000));
    }

    pub fn merge(&mut self, o: &Stats) {
        for (k, v) in &o.items {
            match self.items.get_mut(k) {
                Some(mine) => mine.merge(v),
                None => {
                    self.items.insert(k.clone(), v.clone());
                }
            }
        }
        self.late += o.late;
        self.cancelled += o.cancelled;
        self.one_sided += o.one_sided;
    }

    pub fn successes(&self) -> u64 {
        self.items.values().map(|s| s.count).sum()
    }

    pub fn errors(&self) -> u64 {
        self.items.values().map(|s| s.errors).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_merges_are_exact_enough() {
        let mut a = Stats::default();
        for ms in 1..=100u64 {
            a.success("q", Kind::Query, Duration::from_millis(ms));
        }
        let mut b = Stats::default();
        b.item("q", Kind::Query).errors += 5;
        b.success("q", Kind::Query, Duration::from_secs(2));
        a.merge(&b);
        let q = &a.items["q"];
        assert_eq!((q.count, q.errors), (101, 5));
        assert!((q.ms(0.5) - 51.0).abs() < 0.1, "{}", q.ms(0.5));
        assert!((q.max_ms() - 2000.0).abs() < 2.0);
        let mut p = Printed { agg: Some("avg".into()), ..Printed::default() };
        for v in ["1", "5", "x", "3"] {
            p.add(v);
        }
        assert_eq!((p.min, p.max, p.avg()), (Some(1.0), Some(5.0), Some(3.0)));
    }
}
