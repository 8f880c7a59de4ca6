//! `expectations:` after the workload: boolean expressions over the run's numbers (`error_rate
//! < 1`, `check_balance.p99 < 50`), optionally after a SQL query whose first row's columns become
//! names too. A failed expectation makes the run exit 1; one that cannot be evaluated is a
//! failure, never a pass.

use super::spec::Expectation;
use super::stats::Stats;
use crate::expr::EValue;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct Verdict {
    pub expr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub passed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The names an expectation sees: globals, then the run's totals, then one map per run item.
pub fn names(globals: &indexmap::IndexMap<String, EValue>, stats: &Stats, elapsed_s: f64) -> HashMap<String, EValue> {
    let mut env: HashMap<String, EValue> = globals.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let (ok, errors) = (stats.successes(), stats.errors());
    let rate = |errors: u64, ok: u64| if ok + errors == 0 { 0.0 } else { errors as f64 * 100.0 / (ok + errors) as f64 };
    env.insert("success_count".into(), EValue::Integer(ok as i64));
    env.insert("total_errors".into(), EValue::Integer(errors as i64));
    env.insert("error_rate".into(), EValue::Float(rate(errors, ok)));
    env.insert("tpm".into(), EValue::Float(if elapsed_s > 0.0 { ok as f64 * 60.0 / elapsed_s } else { 0.0 }));
    for (name, s) in &stats.items {
        let mut m = indexmap::IndexMap::new();
        m.insert("success_count".to_string(), EValue::Integer(s.count as i64));
        m.insert("error_count".to_string(), EValue::Integer(s.errors as i64));
        m.insert("error_rate".to_string(), EValue::Float(s.error_rate()));
        m.insert("avg".to_string(), EValue::Float(s.mean_ms()));
        m.insert("p50".to_string(), EValue::Float(s.ms(0.50)));
        m.insert("p95".to_string(), EValue::Float(s.ms(0.95)));
        m.insert("p99".to_string(), EValue::Float(s.ms(0.99)));
        m.insert("qps".to_string(), EValue::Float(if elapsed_s > 0.0 { s.count as f64 / elapsed_s } else { 0.0 }));
        env.insert(name.clone(), EValue::Map(m));
    }
    env
}

/// Evaluate every expectation; `row` runs an expectation's query and gives its first row.
pub fn check(
    expectations: &[Expectation],
    env: &HashMap<String, EValue>,
    mut row: impl FnMut(&str) -> Result<HashMap<String, EValue>, String>,
) -> Vec<Verdict> {
    let engine = expr_lang::Environment::new();
    expectations
        .iter()
        .map(|e| {
            let mut ctx = expr_lang::Context::default();
            for (k, v) in env {
                ctx.insert(k.clone(), v.clone());
            }
            let evaluated = (|| -> Result<bool, String> {
                if let Some(q) = &e.query {
                    for (k, v) in row(q)? {
                        ctx.insert(k, v);
                    }
                }
                match engine.eval(&e.expr, &ctx).map_err(|x| x.to_string())? {
                    EValue::Bool(b) => Ok(b),
                    other => Err(format!("is not true or false but {}", crate::expr::plain(&other))),
                }
            })();
            let (passed, error) = match evaluated {
                Ok(b) => (b, None),
                Err(m) => (false, Some(m)),
            };
            Verdict { expr: e.expr.clone(), query: e.query.clone(), passed, error }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::stats::Kind;
    use std::time::Duration;

    #[test]
    fn expectations_see_totals_items_and_globals() {
        let mut stats = Stats::default();
        for _ in 0..99 {
            stats.success("read", Kind::Query, Duration::from_millis(2));
        }
        stats.item("read", Kind::Query).errors = 1;
        let mut globals = indexmap::IndexMap::new();
        globals.insert("limit".to_string(), EValue::Integer(5));
        let env = names(&globals, &stats, 10.0);
        let e = |s: &str| Expectation { query: None, expr: s.into() };
        let v = check(
            &[e("error_rate <= 1"), e("read.p99 < limit"), e("success_count > 100"), e("nosuch > 1"), e("1 + 1")],
            &env,
            |_| Ok(HashMap::new()),
        );
        let passed: Vec<bool> = v.iter().map(|x| x.passed).collect();
        assert_eq!(passed, vec![true, true, false, false, false]);
        assert!(v[4].error.as_deref().unwrap().contains("is not true or false"));
        let q = Expectation { query: Some("SELECT 3 AS n".into()), expr: "n == 3".into() };
        let v = check(&[q], &env, |_| Ok(HashMap::from([("n".to_string(), EValue::Integer(3))])));
        assert!(v[0].passed);
    }
}
