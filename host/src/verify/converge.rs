//! `--converge`: after the first pass, re-check only what differed, in passes with a growing
//! delay, until nothing differs or the timeout passes; and when each differing key first matched.

use super::recheck::{diff_keys, key_text, recount};
use super::report::{ConvergeReport, Diff, PassReport, Percentiles};
use super::{Checked, Clock, MAX_KEPT_DIFFS, Options, Side, VerifyError};
use crate::manifest::Manifest;
use crate::value::Value;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tracing::info;

/// The first re-check comes soon (most lag is short); the delay doubles up to `MAX_DELAY`.
const FIRST_DELAY: Duration = Duration::from_millis(200);
const MAX_DELAY: Duration = Duration::from_secs(5);

/// One differing key: when (since the clock's start) it was last seen to match.
struct Track {
    key: Vec<Value>,
    matched_at: Option<Duration>,
}

/// Every key that differed in some pass, each counted once however often it is re-checked.
#[derive(Default)]
struct Tracker {
    keys: HashMap<String, Track>,
    first_pass_keys: u64,
    first_pass_differences: u64,
    /// When the table was last seen with no difference at all.
    consistent_at: Option<Duration>,
    timeline: Vec<PassReport>,
}

impl Tracker {
    fn new(t: &Checked) -> Self {
        let mut tr = Tracker {
            first_pass_differences: t.rep.differences(),
            consistent_at: (t.rep.differences() == 0).then_some(t.checked_at),
            ..Tracker::default()
        };
        tr.seen(&t.diffs, false, t.checked_at);
        tr.first_pass_keys = if t.overflowed() { t.rep.differences() } else { tr.keys.len() as u64 };
        tr
    }

    /// Record a pass's verdicts; `complete` when `diffs` holds every difference of the table
    /// (not cut at the cap), so a tracked key absent from it matches now. Returns how many
    /// keys matched for the first time since they last differed.
    fn seen(&mut self, diffs: &[Diff], complete: bool, at: Duration) -> u64 {
        let differing: HashSet<String> = diffs.iter().map(|d| key_text(d.key())).collect();
        for d in diffs {
            self.keys.entry(key_text(d.key())).or_insert_with(|| Track { key: d.key().to_vec(), matched_at: None });
        }
        let mut resolved = 0;
        for (kt, t) in &mut self.keys {
            if differing.contains(kt) {
                t.matched_at = None;
            } else if complete && t.matched_at.is_none() {
                t.matched_at = Some(at);
                resolved += 1;
            }
        }
        resolved
    }
}

/// Re-check every table with differences until none has any or `timeout` (counted from the
/// start of the first pass) has passed; then fill in each table's `converge` report.
pub(super) fn run(
    args: &Options,
    timeout: Duration,
    clock: &Clock,
    tables: &mut [Checked],
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<(), VerifyError> {
    let deadline = clock.start + timeout;
    let mut trackers: Vec<Tracker> = tables.iter().map(Tracker::new).collect();
    let passed = passes_until(args, deadline, clock, tables, &mut trackers, (source, target), rt);
    for (t, tr) in tables.iter_mut().zip(trackers) {
        // Rows that were there and are on neither side now: nothing is left that was compared.
        if t.rep.source_rows == 0 && t.rep.target_rows == 0 && t.rep.error.is_none() {
            t.rep.error = Some(super::report::ZERO_ROWS.into());
        }
        t.rep.converge = Some(report(t, tr, clock, args.manifest.as_ref()));
    }
    // Interrupted (Ctrl-C): the accounts above are what was known; the caller says so.
    passed
}

/// Re-check passes with a growing delay until nothing differs or the deadline.
fn passes_until(
    args: &Options,
    deadline: Instant,
    clock: &Clock,
    tables: &mut [Checked],
    trackers: &mut [Tracker],
    (source, target): (&mut Side, &mut Side),
    rt: &Handle,
) -> Result<(), VerifyError> {
    let mut delay = FIRST_DELAY;
    let mut passes = 0u32;
    while tables.iter().any(|t| t.rep.differences() > 0) {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        super::sleep(delay.min(deadline - now))?;
        delay = (delay * 2).min(MAX_DELAY);
        passes += 1;
        for (t, tr) in tables.iter_mut().zip(trackers.iter_mut()) {
            if t.rep.differences() == 0 {
                continue;
            }
            let started = clock.since();
            let checked = if t.overflowed() {
                // Too many differences to keep each: the whole table again.
                let mut rep = t.rep.blank();
                let mut diffs = Vec::new();
                t.runs = t.job.merge(args, source, target, &mut rep, &mut diffs, rt)?;
                rep.duration_ms = t.rep.duration_ms;
                t.rep = rep;
                t.diffs = diffs;
                t.rep.source_rows
            } else {
                let keys = diff_keys(&t.diffs);
                let fresh = t.job.compare_keys(args.float_tolerance, source, target, &keys, &t.runs, rt)?;
                let checked = fresh.checked();
                recount(&mut t.rep, &mut t.diffs, fresh);
                checked
            };
            let at = clock.since();
            let resolved = tr.seen(&t.diffs, !t.overflowed(), at);
            if t.rep.differences() == 0 {
                tr.consistent_at = Some(at);
            }
            let still = diff_keys(&t.diffs);
            // A range is read again only while something in it still differs.
            t.runs.retain(|r| still.iter().any(|(k, _)| r.holds(k)));
            let differing = if t.overflowed() { t.rep.differences() } else { still.len() as u64 };
            info!(
                table = t.rep.table.as_str(),
                pass = passes,
                checked,
                matched_now = resolved,
                still_differing = differing,
                "converge pass"
            );
            tr.timeline.push(PassReport {
                pass: passes,
                started_ms: started.as_millis() as u64,
                ended_ms: at.as_millis() as u64,
                checked,
                matched_now: resolved,
                still_differing: differing,
            });
        }
    }
    Ok(())
}

fn report(t: &Checked, tr: Tracker, clock: &Clock, manifest: Option<&Manifest>) -> ConvergeReport {
    let table = manifest.and_then(|m| m.table(&t.rep.table));
    // Each key's time to consistency: from its row's commit (manifest) or from the start of verify.
    let origin_ms = |key: &[Value]| -> f64 {
        match table {
            Some(tm) => tm.commit_of(key) as f64 - clock.start_unix_ms as f64,
            None => 0.0,
        }
    };
    let mut keys: Vec<u64> = tr
        .keys
        .values()
        .filter_map(|k| k.matched_at.map(|at| (at.as_millis() as f64 - origin_ms(&k.key)).max(0.0) as u64))
        .collect();
    keys.sort_unstable();
    let still = tr.keys.values().filter(|k| k.matched_at.is_none()).count() as u64;
    let converged = t.rep.differences() == 0 && t.rep.error.is_none();
    let table_ttc = tr.consistent_at.filter(|_| converged).map(|at| {
        let from = table.map_or(0.0, |tm| tm.last_commit_unix_ms as f64 - clock.start_unix_ms as f64);
        (at.as_millis() as f64 - from).max(0.0) as u64
    });
    ConvergeReport {
        converged,
        measured_from: if table.is_some() { "manifest_commit" } else { "verify_start" },
        first_pass_differences: tr.first_pass_differences,
        first_pass_keys: tr.first_pass_keys,
        passes: tr.timeline.len() as u32,
        matched_keys: keys.len() as u64,
        still_differing_keys: if t.overflowed() { t.rep.differences() } else { still },
        key_time_to_consistency_ms: Percentiles::of(&keys),
        table_time_to_consistency_ms: table_ttc,
        consistent_at_unix_ms: tr
            .consistent_at
            .filter(|_| converged)
            .map(|at| clock.start_unix_ms + at.as_millis() as u64),
        timeline: tr.timeline,
    }
}

impl Checked {
    fn overflowed(&self) -> bool {
        self.diffs.len() >= MAX_KEPT_DIFFS
    }
}
