//! The first pass over a table: both sides streamed in key order and merged.

use super::cursor::{self, Batch, Row};
use super::prepare::TableJob;
use super::report::{Diff, Stored, TableReport};
use super::runs::{KeyRun, Runs};
use super::{MAX_KEPT_DIFFS, Options, Side, VerifyError, compare};
use crate::column::Cell;
use crate::value::Value;
use tokio::runtime::Handle;

/// Merge one prepared table, then re-check its differences if asked to.
pub(super) fn run_table(
    args: &Options,
    job: &TableJob,
    mut rep: TableReport,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<(TableReport, Vec<Diff>, Vec<KeyRun>), VerifyError> {
    let mut diffs = Vec::new();
    let runs = match job.merge(args, source, target, &mut rep, &mut diffs, rt) {
        Ok(runs) => runs,
        // Ctrl-C: what was compared so far is the table's report, marked as cut short.
        Err(VerifyError::Interrupted) => {
            rep.interrupted = true;
            return Ok((rep, diffs, Vec::new()));
        }
        Err(e) => return Err(e),
    };

    if args.live_retries > 0 && !diffs.is_empty() {
        job.recheck(args, source, target, &mut rep, &mut diffs, rt)?;
    }
    Ok((rep, diffs, runs))
}

/// One side's rows as they arrive: the current batch and the position in it.
struct Stream {
    rx: std::sync::mpsc::Receiver<cursor::BatchResult>,
    batch: Option<Batch>,
    idx: usize,
    done: bool,
}

impl Stream {
    fn new(rx: std::sync::mpsc::Receiver<cursor::BatchResult>) -> Self {
        Stream { rx, batch: None, idx: 0, done: false }
    }

    fn head(&self) -> Option<(&Batch, usize)> {
        self.batch.as_ref().filter(|b| self.idx < b.len).map(|b| (b, self.idx))
    }

    fn advance(&mut self) -> Result<(), VerifyError> {
        self.advance_by(1)
    }

    fn advance_by(&mut self, n: usize) -> Result<(), VerifyError> {
        self.idx += n;
        self.fill()
    }

    /// Rows left in the current batch.
    fn left(&self) -> usize {
        self.batch.as_ref().map_or(0, |b| b.len - self.idx)
    }

    /// Receive batches until the position is on a row or the stream has ended.
    fn fill(&mut self) -> Result<(), VerifyError> {
        while self.batch.as_ref().is_none_or(|b| self.idx >= b.len) {
            if self.done {
                self.batch = None;
                return Ok(());
            }
            if super::interrupted() {
                return Err(VerifyError::Interrupted);
            }
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    self.batch = Some(b);
                    self.idx = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => self.done = true,
            }
        }
        Ok(())
    }
}

/// Rows compared as one block where both sides agree: keys and every compared column checked
/// column by column in bulk (one `memcmp` for a block of text), instead of cell by cell.
const BLOCK: usize = 128;

/// Whether the next `n` rows of `a` from `i` and of `b` from `j` are equal, keys and values,
/// decided in bulk. False means "not known": they are merged row by row.
fn same_block((a, i): (&Batch, usize), (b, j): (&Batch, usize), n: usize) -> bool {
    a.cols.iter().zip(&b.cols).all(|(x, y)| x.same_run(i, y, j, n))
}

/// Record a difference; beyond the cap only the counts (kept by the caller) grow.
fn keep(diffs: &mut Vec<Diff>, d: Diff) {
    if diffs.len() < MAX_KEPT_DIFFS {
        diffs.push(d);
    }
}

/// Compare row `i` of `a` with row `j` of `b` (same key), column by column.
fn compare_at(
    (a, i): (&Batch, usize),
    (b, j): (&Batch, usize),
    columns: &[String],
    tol: Option<f64>,
    rep: &mut TableReport,
    diffs: &mut Vec<Diff>,
) {
    let k = a.key_len;
    let cells = (0..columns.len()).map(|c| (a.cols[k + c].cell(i), b.cols[k + c].cell(j)));
    let at = || Stored { source: Some(a.stored_key(i)), target: Some(b.stored_key(j)) };
    compare_cells(cells, || a.key(i), at, columns, tol, rep, diffs);
}

/// `compare_at` for two re-read rows (live re-checks).
pub(super) fn compare_row(
    s: &Row,
    t: &Row,
    columns: &[String],
    tol: Option<f64>,
    rep: &mut TableReport,
    diffs: &mut Vec<Diff>,
) {
    let cells = s.values.iter().zip(&t.values).map(|(x, y)| (Cell::of(x), Cell::of(y)));
    let at = || Stored { source: Some(s.stored.clone()), target: Some(t.stored.clone()) };
    compare_cells(cells, || s.key.clone(), at, columns, tol, rep, diffs);
}

/// Count and record the differing cells of one matched row.
fn compare_cells<'a>(
    cells: impl Iterator<Item = (Cell<'a>, Cell<'a>)>,
    key: impl Fn() -> Vec<Value>,
    at: impl Fn() -> Stored,
    columns: &[String],
    tol: Option<f64>,
    rep: &mut TableReport,
    diffs: &mut Vec<Diff>,
) {
    let mut differs = false;
    for ((x, y), col) in cells.zip(columns) {
        if !compare::equal_cells(x, y, tol) {
            differs = true;
            rep.mismatched_columns += 1;
            let d = Diff::Mismatch {
                key: key(),
                at: at(),
                column: col.clone(),
                source: x.value().into_owned(),
                target: y.value().into_owned(),
            };
            keep(diffs, d);
        }
    }
    if differs { rep.mismatched_rows += 1 } else { rep.matched += 1 }
}

impl TableJob {
    pub(super) fn merge(
        &self,
        args: &Options,
        source: &mut Side,
        target: &mut Side,
        rep: &mut TableReport,
        diffs: &mut Vec<Diff>,
        rt: &Handle,
    ) -> Result<Vec<KeyRun>, VerifyError> {
        let (s_plan, t_plan, columns) = (&self.s_plan, &self.t_plan, self.columns.as_slice());
        let mut runs = Runs::default();
        // The cursor threads own the connections while they stream and hand them back at the end.
        let (s_conn, s_plugins) = (source.conn.take().expect("connected"), source.plugins.take().expect("loaded"));
        let (t_conn, t_plugins) = (target.conn.take().expect("connected"), target.plugins.take().expect("loaded"));
        let (s_rx, s_task) = cursor::spawn(s_conn, s_plugins, s_plan.clone(), args.batch_size, rt.clone());
        let (t_rx, t_task) = cursor::spawn(t_conn, t_plugins, t_plan.clone(), args.batch_size, rt.clone());
        let mut s = Stream::new(s_rx);
        let mut t = Stream::new(t_rx);
        let result = (|| {
            s.fill()?;
            t.fill()?;
            // Rows still to merge one by one since a block was found to differ.
            let mut slow = 0usize;
            let mut ticker = super::ticker::Ticker::new();
            loop {
                ticker.tick(rep);
                let n = s.left().min(t.left()).min(BLOCK);
                if slow == 0 && n > 1 {
                    let (a, b) = (s.head().expect("rows left"), t.head().expect("rows left"));
                    if same_block(a, b, n) {
                        let n64 = n as u64;
                        rep.matched += n64;
                        rep.source_rows += n64;
                        rep.target_rows += n64;
                        runs.both();
                        s.advance_by(n)?;
                        t.advance_by(n)?;
                        continue;
                    }
                    slow = n;
                }
                slow = slow.saturating_sub(1);
                let order = match (s.head(), t.head()) {
                    (None, None) => break,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(a), Some(b)) => compare::cmp_key_at(a, b),
                };
                match order {
                    std::cmp::Ordering::Equal => {
                        let (a, b) = (s.head().expect("head"), t.head().expect("head"));
                        compare_at(a, b, columns, args.float_tolerance, rep, diffs);
                        runs.both();
                        rep.source_rows += 1;
                        rep.target_rows += 1;
                        s.advance()?;
                        t.advance()?;
                    }
                    std::cmp::Ordering::Less => {
                        let (a, i) = s.head().expect("head");
                        rep.missing += 1;
                        rep.source_rows += 1;
                        let (key, stored) = (a.key(i), a.stored_key(i));
                        runs.one_sided(true, &key, &stored);
                        keep(diffs, Diff::Missing { key, at: Stored { source: Some(stored), target: None } });
                        s.advance()?;
                    }
                    std::cmp::Ordering::Greater => {
                        let (b, j) = t.head().expect("head");
                        rep.extra += 1;
                        rep.target_rows += 1;
                        let (key, stored) = (b.key(j), b.stored_key(j));
                        runs.one_sided(false, &key, &stored);
                        keep(diffs, Diff::Extra { key, at: Stored { source: None, target: Some(stored) } });
                        t.advance()?;
                    }
                }
            }
            Ok::<(), VerifyError>(())
        })();
        drop(s);
        drop(t);
        let (sc, sp) = s_task.join().map_err(|_| VerifyError::Table {
            table: s_plan.table.clone(),
            message: "source reader panicked".into(),
        })?;
        let (tc, tp) = t_task.join().map_err(|_| VerifyError::Table {
            table: t_plan.table.clone(),
            message: "target reader panicked".into(),
        })?;
        source.conn = Some(sc);
        source.plugins = Some(sp);
        target.conn = Some(tc);
        target.plugins = Some(tp);
        result.map(|()| runs.finish())
    }
}
