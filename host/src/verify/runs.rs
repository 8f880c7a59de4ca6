//! Runs of MISSING (or EXTRA) rows: consecutive in key order, nothing between them on either
//! side. `--converge` re-reads each run as one key range, which also finds rows written into
//! that range since the first pass (a pipeline that stalled mid-transaction, say).

use crate::value::Value;

/// Runs kept per table; differences beyond them are re-checked key by key.
const MAX_RUNS: usize = 10_000;

#[derive(Clone, Debug)]
pub(super) struct KeyRun {
    pub lo: Vec<Value>,
    pub hi: Vec<Value>,
    /// `lo` and `hi` as the side that has the run's rows stored them: that side's range is
    /// read by these, exactly.
    pub lo_stored: Vec<Value>,
    pub hi_stored: Vec<Value>,
    /// Rows in the run at the first pass.
    pub rows: u64,
    /// The rows are on the source only (MISSING); otherwise on the target only (EXTRA).
    pub missing: bool,
}

impl KeyRun {
    pub fn holds(&self, key: &[Value]) -> bool {
        crate::key::cmp_key(&self.lo, key).is_le() && crate::key::cmp_key(key, &self.hi).is_le()
    }
}

/// Built by the merge as it goes: it reports each row as one-sided or on both sides.
#[derive(Default)]
pub(super) struct Runs {
    runs: Vec<KeyRun>,
    open: bool,
}

impl Runs {
    /// A row on one side only (`missing`: on the source only), its key normalised and stored.
    pub fn one_sided(&mut self, missing: bool, key: &[Value], stored: &[Value]) {
        let full = self.runs.len() >= MAX_RUNS;
        match self.runs.last_mut() {
            Some(run) if self.open && run.missing == missing => {
                run.hi = key.to_vec();
                run.hi_stored = stored.to_vec();
                run.rows += 1;
            }
            _ if !full => {
                self.runs.push(KeyRun {
                    lo: key.to_vec(),
                    hi: key.to_vec(),
                    lo_stored: stored.to_vec(),
                    hi_stored: stored.to_vec(),
                    rows: 1,
                    missing,
                });
                self.open = true;
            }
            _ => self.open = false,
        }
    }

    /// A key on both sides (equal or not) ends the run.
    pub fn both(&mut self) {
        self.open = false;
    }

    /// The runs of two rows or more (a single key is re-read as a key).
    pub fn finish(self) -> Vec<KeyRun> {
        self.runs.into_iter().filter(|r| r.rows >= 2).collect()
    }
}
