//! Re-reading differing keys on both sides: live retries and converge passes.

use super::cursor::{Plan, Row};
use super::merge::compare_row;
use super::prepare::TableJob;
use super::report::{Diff, TableReport};
use super::runs::KeyRun;
use super::{MAX_KEPT_DIFFS, Options, Side, VerifyError};
use crate::value::Value;
use std::collections::HashMap;
use tokio::runtime::Handle;
use tracing::info;

/// Fetch rows by key from one side, normalised, keyed by their key text.
fn fetch_keys(
    side: &mut Side,
    plan: &Plan,
    keys: &[Vec<Value>],
    rt: &Handle,
) -> Result<HashMap<String, Row>, VerifyError> {
    let mut out = HashMap::new();
    for chunk in keys.chunks(500) {
        let rows = plan.fetch_keys(side.conn(), chunk, rt).map_err(|e| plan.read_err(e))?;
        for r in plan.batch(side.plugins(), rows)?.into_rows() {
            out.insert(key_text(&r.key), r);
        }
    }
    Ok(out)
}

/// Rows one range may return before it is re-read key by key instead.
const MAX_RANGE_ROWS: i64 = 100_000;

/// Both sides' rows in `run`, normalised and keyed; None where a side cannot read ranges or the
/// range holds too many rows.
fn fetch_run(
    job: &TableJob,
    source: &mut Side,
    target: &mut Side,
    run: &KeyRun,
    rt: &Handle,
) -> Result<Option<[HashMap<String, Row>; 2]>, VerifyError> {
    let mut out: [HashMap<String, Row>; 2] = Default::default();
    for (i, (side, plan)) in [(source, &job.s_plan), (target, &job.t_plan)].into_iter().enumerate() {
        let rows =
            plan.fetch_range(side.conn(), (&run.lo, &run.hi), MAX_RANGE_ROWS + 1, rt).map_err(|e| plan.read_err(e))?;
        let Some(rows) = rows.filter(|r| r.rows.len() as i64 <= MAX_RANGE_ROWS) else { return Ok(None) };
        for r in plan.batch(side.plugins(), rows)?.into_rows() {
            out[i].insert(key_text(&r.key), r);
        }
    }
    Ok(Some(out))
}

/// A key as map key: values with their types, so 1 and '1' stay apart.
pub(super) fn key_text(k: &[Value]) -> String {
    k.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join("\u{1f}")
}

/// The distinct keys of `diffs`, in key order.
pub(super) fn diff_keys(diffs: &[Diff]) -> Vec<Vec<Value>> {
    let mut keys: Vec<Vec<Value>> = diffs.iter().map(|d| d.key().to_vec()).collect();
    keys.sort_by(|a, b| crate::key::cmp_key(a, b));
    keys.dedup_by(|a, b| crate::key::cmp_key(a, b).is_eq());
    keys
}

impl TableJob {
    /// The differences among `keys` now: each re-read on both sides and compared. Keys equal
    /// on both sides (or absent from both) give nothing. Keys inside one of `runs` are read as
    /// that key range, and rows found there that were not differing are compared too.
    pub(super) fn compare_keys(
        &self,
        tol: Option<f64>,
        source: &mut Side,
        target: &mut Side,
        keys: &[Vec<Value>],
        runs: &[KeyRun],
        rt: &Handle,
    ) -> Result<Rechecked, VerifyError> {
        let (mut s_rows, mut t_rows) = (HashMap::new(), HashMap::new());
        let mut ranged: Vec<&KeyRun> = Vec::new();
        let mut found: Vec<Vec<Value>> = Vec::new();
        for run in runs {
            if let Some([s, t]) = fetch_run(self, source, target, run, rt)? {
                found.extend(s.values().chain(t.values()).map(|r| r.key.clone()));
                s_rows.extend(s);
                t_rows.extend(t);
                ranged.push(run);
            }
        }
        let rest: Vec<Vec<Value>> = keys.iter().filter(|k| !ranged.iter().any(|r| r.holds(k))).cloned().collect();
        s_rows.extend(fetch_keys(source, &self.s_plan, &rest, rt)?);
        t_rows.extend(fetch_keys(target, &self.t_plan, &rest, rt)?);
        let mut all: Vec<Vec<Value>> = keys.iter().cloned().chain(found).collect();
        all.sort_by(|a, b| crate::key::cmp_key(a, b));
        all.dedup_by(|a, b| crate::key::cmp_key(a, b).is_eq());
        let mut fresh = Vec::new();
        let mut scratch = TableReport::default();
        let mut present = HashMap::new();
        for k in &all {
            let kt = key_text(k);
            present.insert(kt.clone(), (s_rows.contains_key(&kt), t_rows.contains_key(&kt)));
            match (s_rows.get(&kt), t_rows.get(&kt)) {
                (Some(a), Some(b)) => compare_row(a, b, &self.columns, tol, &mut scratch, &mut fresh),
                (Some(_), None) => fresh.push(Diff::Missing { key: k.clone() }),
                (None, Some(_)) => fresh.push(Diff::Extra { key: k.clone() }),
                (None, None) => {}
            }
        }
        Ok(Rechecked { diffs: fresh, present })
    }

    /// Re-read the differing keys after a delay; differences that disappear were replication lag.
    pub(super) fn recheck(
        &self,
        args: &Options,
        source: &mut Side,
        target: &mut Side,
        rep: &mut TableReport,
        diffs: &mut Vec<Diff>,
        rt: &Handle,
    ) -> Result<(), VerifyError> {
        for attempt in 1..=args.live_retries {
            if diffs.is_empty() || diffs.len() >= MAX_KEPT_DIFFS {
                break;
            }
            let keys = diff_keys(diffs);
            info!(
                table = rep.table.as_str(),
                keys = keys.len(),
                attempt = format!("{attempt}/{}", args.live_retries),
                "re-checking differences"
            );
            super::sleep(args.retry_delay)?;
            let fresh = self.compare_keys(args.float_tolerance, source, target, &keys, &[], rt)?;
            recount(rep, diffs, fresh);
        }
        Ok(())
    }
}

/// Re-checked keys: their differences now, and on which sides each key exists now.
pub(super) struct Rechecked {
    pub diffs: Vec<Diff>,
    present: HashMap<String, (bool, bool)>,
}

impl Rechecked {
    /// Keys compared: those asked for and those the range reads found.
    pub fn checked(&self) -> u64 {
        self.present.len() as u64
    }
}

/// Replace the verdicts of every kept difference with `fresh` (all kept differences were
/// re-checked, and below the cap they are all the table's differences); row counts follow
/// rows that arrived or went away since.
pub(super) fn recount(rep: &mut TableReport, diffs: &mut Vec<Diff>, fresh: Rechecked) {
    let mut before: HashMap<String, (bool, bool)> = HashMap::new();
    for d in diffs.iter() {
        let sides = match d {
            Diff::Missing { .. } => (true, false),
            Diff::Extra { .. } => (false, true),
            Diff::Mismatch { .. } => (true, true),
        };
        before.insert(key_text(d.key()), sides);
    }
    let step = |was: bool, is: bool, n: &mut u64| match (was, is) {
        (false, true) => *n += 1,
        (true, false) => *n = n.saturating_sub(1),
        _ => {}
    };
    for (kt, (s_was, t_was)) in &before {
        let (s_is, t_is) = fresh.present.get(kt).copied().unwrap_or((*s_was, *t_was));
        step(*s_was, s_is, &mut rep.source_rows);
        step(*t_was, t_is, &mut rep.target_rows);
    }
    // Rows a range read found that the first pass did not see: written since.
    for (kt, (s_is, t_is)) in &fresh.present {
        if !before.contains_key(kt) {
            step(false, *s_is, &mut rep.source_rows);
            step(false, *t_is, &mut rep.target_rows);
        }
    }
    let fresh = fresh.diffs;
    let count = |ds: &[Diff], f: fn(&Diff) -> bool| ds.iter().filter(|d| f(d)).count() as u64;
    let is_missing = |d: &Diff| matches!(d, Diff::Missing { .. });
    let is_extra = |d: &Diff| matches!(d, Diff::Extra { .. });
    let is_mismatch = |d: &Diff| matches!(d, Diff::Mismatch { .. });
    rep.missing = rep.missing - count(diffs, is_missing) + count(&fresh, is_missing);
    rep.extra = rep.extra - count(diffs, is_extra) + count(&fresh, is_extra);
    rep.mismatched_columns = count(&fresh, is_mismatch);
    rep.mismatched_rows = fresh
        .iter()
        .filter(|d| is_mismatch(d))
        .map(|d| key_text(d.key()))
        .collect::<std::collections::HashSet<_>>()
        .len() as u64;
    rep.matched = rep.source_rows.saturating_sub(rep.missing + rep.mismatched_rows);
    *diffs = fresh;
}
