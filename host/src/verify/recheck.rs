//! Re-reading differing keys on both sides: live retries and converge passes.

use super::cursor::{Lookup, Plan, Row};
use super::merge::compare_row;
use super::prepare::TableJob;
use super::range::StoredKey;
use super::report::{Diff, Stored, TableReport};
use super::runs::KeyRun;
use super::{MAX_KEPT_DIFFS, Options, Side, VerifyError};
use crate::value::Value;
use std::collections::{HashMap, HashSet};
use tokio::runtime::Handle;
use tracing::info;

/// Rows by key from one side, normalised and keyed by their key text; only the keys asked for
/// are kept (a lookup by a normalised key may match other rows: a case-insensitive collation).
fn fetch_keys(
    side: &mut Side,
    plan: &Plan,
    lookups: &[Lookup],
    rt: &Handle,
) -> Result<HashMap<String, Row>, VerifyError> {
    let wanted: HashSet<String> = lookups.iter().map(|l| key_text(&l.key)).collect();
    let mut out = HashMap::new();
    for chunk in lookups.chunks(500) {
        let rows = plan.fetch_keys(side.conn(), chunk, rt).map_err(|e| plan.read_err(e))?;
        for r in plan.batch(side.plugins(), rows)?.into_rows() {
            let kt = key_text(&r.key);
            if wanted.contains(&kt) {
                out.insert(kt, r);
            }
        }
    }
    Ok(out)
}

/// Rows one range may return before it is re-read key by key instead.
const MAX_RANGE_ROWS: i64 = 100_000;

/// Both sides' rows in `run`, normalised and keyed; None where a side cannot read ranges or the
/// range holds too many rows. The side that had the run's rows reads it by their stored keys,
/// exactly; the other by the same keys where it is the same engine, else by normalised ones.
fn fetch_run(
    job: &TableJob,
    source: &mut Side,
    target: &mut Side,
    run: &KeyRun,
    rt: &Handle,
) -> Result<Option<[HashMap<String, Row>; 2]>, VerifyError> {
    let same_engine = source.driver == target.driver;
    let mut out: [HashMap<String, Row>; 2] = Default::default();
    for (i, (side, plan)) in [(source, &job.s_plan), (target, &job.t_plan)].into_iter().enumerate() {
        let own = run.missing == (i == 0);
        let (lo, hi) = if own || same_engine {
            (
                Lookup::stored(run.lo_stored.clone(), run.lo.clone()),
                Lookup::stored(run.hi_stored.clone(), run.hi.clone()),
            )
        } else {
            (Lookup::normalised(run.lo.clone()), Lookup::normalised(run.hi.clone()))
        };
        let rows = plan.fetch_range(side.conn(), (&lo, &hi), MAX_RANGE_ROWS + 1, rt).map_err(|e| plan.read_err(e))?;
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

/// The distinct differing keys of `diffs`, in key order, each with its stored forms (a key that
/// differs in several columns is one row).
pub(super) fn diff_keys(diffs: &[Diff]) -> Vec<(Vec<Value>, Stored)> {
    let mut keys: Vec<(Vec<Value>, Stored)> = diffs.iter().map(|d| (d.key().to_vec(), d.stored().clone())).collect();
    keys.sort_by(|a, b| crate::key::cmp_key(&a.0, &b.0));
    keys.dedup_by(|a, b| crate::key::cmp_key(&a.0, &b.0).is_eq());
    keys
}

/// How to find `key` on a side: by what that side stored when it had the row; otherwise by the
/// other side's stored key where both are the same engine, and by the normalised key.
fn lookups_for(key: &[Value], own: Option<&Vec<Value>>, other: Option<&Vec<Value>>, same_engine: bool) -> Vec<Lookup> {
    if let Some(stored) = own {
        return vec![Lookup::stored(stored.clone(), key.to_vec())];
    }
    let mut out = vec![Lookup::normalised(key.to_vec())];
    if let Some(stored) = other.filter(|_| same_engine)
        && *stored != out[0].stored
    {
        out.push(Lookup::stored(stored.clone(), key.to_vec()));
    }
    out
}

impl TableJob {
    /// The differences among `keys` now: each re-read on both sides, by the key each side
    /// stored, and compared. Keys equal on both sides (or absent from both) give nothing. Keys
    /// inside one of `runs` are read as that key range, and rows found there that were not
    /// differing are compared too.
    pub(super) fn compare_keys(
        &self,
        tol: Option<f64>,
        source: &mut Side,
        target: &mut Side,
        keys: &[(Vec<Value>, Stored)],
        runs: &[KeyRun],
        rt: &Handle,
    ) -> Result<Rechecked, VerifyError> {
        let same_engine = source.driver == target.driver;
        let mut rows: [HashMap<String, Row>; 2] = Default::default();
        let mut ranged: Vec<&KeyRun> = Vec::new();
        let mut found: Vec<Vec<Value>> = Vec::new();
        for run in runs {
            if let Some([s, t]) = fetch_run(self, source, target, run, rt)? {
                found.extend(s.values().chain(t.values()).map(|r| r.key.clone()));
                rows[0].extend(s);
                rows[1].extend(t);
                ranged.push(run);
            }
        }
        // A key inside a range read is looked up again only on a side the range missed it on.
        let mut looked: [HashSet<String>; 2] = Default::default();
        let mut want: [Vec<Lookup>; 2] = Default::default();
        for (key, at) in keys {
            let kt = key_text(key);
            let run = ranged.iter().find(|r| r.holds(key));
            for (i, (own, other)) in [(&at.source, &at.target), (&at.target, &at.source)].into_iter().enumerate() {
                // The run's own side read it by stored keys: a row not found there is gone.
                if run.is_some_and(|r| r.missing == (i == 0)) || rows[i].contains_key(&kt) {
                    continue;
                }
                looked[i].insert(kt.clone());
                want[i].extend(lookups_for(key, own.as_ref(), other.as_ref(), same_engine));
            }
        }
        let plans = [&self.s_plan, &self.t_plan];
        for (i, side) in [&mut *source, &mut *target].into_iter().enumerate() {
            let got = fetch_keys(side, plans[i], &want[i], rt)?;
            rows[i].extend(got);
        }
        let mut all: Vec<Vec<Value>> = keys.iter().map(|(k, _)| k.clone()).chain(found).collect();
        all.sort_by(|a, b| crate::key::cmp_key(a, b));
        all.dedup_by(|a, b| crate::key::cmp_key(a, b).is_eq());
        // A row one side's range found that the other side's read did not: looked up there by
        // key, so a range bound the other engine compares differently cannot make it one-sided.
        let mut fill: [Vec<Lookup>; 2] = Default::default();
        for k in &all {
            let kt = key_text(k);
            for i in 0..2 {
                let other = &rows[1 - i];
                if !rows[i].contains_key(&kt) && !looked[i].contains(&kt) && other.contains_key(&kt) {
                    fill[i].extend(lookups_for(k, None, other.get(&kt).map(|r| &r.stored), same_engine));
                }
            }
        }
        for (i, side) in [&mut *source, &mut *target].into_iter().enumerate() {
            if !fill[i].is_empty() {
                let got = fetch_keys(side, plans[i], &fill[i], rt)?;
                rows[i].extend(got);
            }
        }
        let [s_rows, t_rows] = rows;
        let mut fresh = Vec::new();
        let mut scratch = TableReport::default();
        let mut present = HashMap::new();
        for k in &all {
            let kt = key_text(k);
            let (s, t) = (s_rows.get(&kt), t_rows.get(&kt));
            present.insert(kt, (s.is_some(), t.is_some()));
            let at = Stored { source: s.map(|r| r.stored.clone()), target: t.map(|r| r.stored.clone()) };
            match (s, t) {
                (Some(a), Some(b)) => compare_row(a, b, &self.columns, tol, &mut scratch, &mut fresh),
                (Some(_), None) => fresh.push(Diff::Missing { key: k.clone(), at }),
                (None, Some(_)) => fresh.push(Diff::Extra { key: k.clone(), at }),
                (None, None) => {}
            }
        }
        Ok(Rechecked { diffs: fresh, present })
    }

    /// `--from-report`: the rows an earlier report found differing, each re-read on both sides by
    /// the key that side stored, and compared; counts are of those rows only.
    pub(super) fn compare_stored(
        &self,
        args: &Options,
        keys: &[StoredKey],
        rep: &mut TableReport,
        source: &mut Side,
        target: &mut Side,
        rt: &Handle,
    ) -> Result<Vec<Diff>, VerifyError> {
        let wanted: Vec<(Vec<Value>, Stored)> = keys.iter().map(StoredKey::values).collect();
        info!(table = rep.table.as_str(), keys = wanted.len(), "re-checking the rows the report found differing");
        let fresh = self.compare_keys(args.float_tolerance, source, target, &wanted, &[], rt)?;
        for (s, t) in fresh.present.values() {
            rep.source_rows += u64::from(*s);
            rep.target_rows += u64::from(*t);
        }
        rep.count(&fresh.diffs);
        rep.matched = fresh.present.values().filter(|(s, t)| *s && *t).count() as u64 - rep.mismatched_rows;
        // Rows the source had, gone from both sides: nothing that failed was compared again (the
        // fix of an EXTRA row, deleting it, leaves nothing on either side and is fine).
        if rep.source_rows == 0 && rep.target_rows == 0 && keys.iter().any(|k| k.source.is_some()) {
            rep.error = Some(format!(
                "none of the {} rows the report found differing is on either side now; nothing was compared (is this the database the report was made of?)",
                keys.len()
            ));
        }
        Ok(fresh.diffs)
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
    // Rows beyond the kept differences (none below the cap) keep their verdicts.
    let (missing, extra) = (rep.missing - count(diffs, is_missing), rep.extra - count(diffs, is_extra));
    rep.missing = 0;
    rep.extra = 0;
    rep.count(&fresh);
    rep.missing += missing;
    rep.extra += extra;
    rep.matched = rep.source_rows.saturating_sub(rep.missing + rep.mismatched_rows);
    *diffs = fresh;
}
