//! Rows by index. A query's rows are drawn in blocks of `rng::BLOCK_ROWS`, each block from
//! streams of its own (`rng::block_stream`), so rows `lo..hi` can be generated without drawing
//! the rows before them: a partition of a seed starts at its first row's block and drops that
//! block's earlier rows. Generating every row in order draws exactly the same values.
//!
//! Sequence counters (`seq()`, `seq_global`) and `iter()` are row-indexed too: a partitioned
//! query measures how many values one row takes (its first row, generated and discarded), sets
//! the counters for the row it starts at, checks every row took that many, and leaves them as
//! the whole query would have.

use super::{Prepared, QueryError};
use crate::expr::EValue;
use crate::expr::State;
use crate::rng::{BLOCK_ROWS, Stream};

/// One query's streams, positioned at a row.
pub(super) struct RowStreams {
    seed: u64,
    section: &'static str,
    query: String,
    width: usize,
    streams: Vec<Stream>,
    /// The row the streams stand at; None until the first rows are drawn.
    at: Option<u64>,
    /// Partitioned queries: the counters at row 0 and what one row adds to them.
    counters: Option<(Counters, Counters)>,
}

impl RowStreams {
    pub fn new(seed: u64, section: &'static str, query: &str, width: usize) -> RowStreams {
        RowStreams { seed, section, query: query.to_string(), width, streams: Vec::new(), at: None, counters: None }
    }

    /// Block 0's streams: what a query that is not a batch draws its one row from.
    pub fn first(&mut self) -> &mut [Stream] {
        if self.at.is_none() {
            self.start(0);
            self.at = Some(0);
        }
        &mut self.streams
    }

    fn start(&mut self, block: u64) {
        let (seed, section, query) = (self.seed, self.section, self.query.as_str());
        self.streams = (0..self.width).map(|k| crate::rng::block_stream(seed, section, query, k, block)).collect();
    }
}

/// The sequence counters a row advances: `seq()`'s and each `seq_global`'s (by name).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Counters {
    seq: i64,
    globals: Vec<(String, i64)>,
}

impl Counters {
    fn read(st: &State) -> Counters {
        let mut globals: Vec<(String, i64)> = st.seq_globals.iter().map(|(n, s)| (n.clone(), s.issued)).collect();
        globals.sort();
        Counters { seq: st.seq, globals }
    }

    fn write(&self, st: &mut State) {
        st.seq = self.seq;
        for (name, issued) in &self.globals {
            if let Some(s) = st.seq_globals.get_mut(name) {
                s.issued = *issued;
            }
        }
    }

    fn minus(&self, base: &Counters) -> Counters {
        let globals = self.globals.iter().zip(&base.globals).map(|((n, a), (_, b))| (n.clone(), a - b)).collect();
        Counters { seq: self.seq - base.seq, globals }
    }

    /// `self` (row 0's) plus `rows` rows of `per_row`.
    fn at(&self, per_row: &Counters, rows: u64) -> Counters {
        let r = rows as i64;
        let globals =
            self.globals.iter().zip(&per_row.globals).map(|((n, a), (_, p))| (n.clone(), a + p * r)).collect();
        Counters { seq: self.seq + per_row.seq * r, globals }
    }
}

/// Draws `n` rows into a batch from the streams given (a whole argument list, or one pattern).
pub(super) type Draw<'a> = dyn FnMut(&mut [Stream], u32) -> Result<Vec<Vec<EValue>>, QueryError> + 'a;

impl Prepared {
    /// Rows `lo .. lo + n` of the query `rs` draws for, made by `draw` one block piece at a time.
    pub(super) fn rows_at(
        &self,
        rs: &mut RowStreams,
        lo: u64,
        n: u64,
        draw: &mut Draw<'_>,
    ) -> Result<Vec<Vec<EValue>>, QueryError> {
        let mut out = Vec::with_capacity(n as usize);
        let (mut row, end) = (lo, lo + n);
        while row < end {
            let block = row / BLOCK_ROWS;
            if rs.at != Some(row) {
                // A jump (a partition's first row): start the block, drop its rows before `row`.
                let first = block * BLOCK_ROWS;
                rs.start(block);
                self.position(rs, first);
                if first < row {
                    draw(&mut rs.streams, (row - first) as u32)?;
                }
            } else if row.is_multiple_of(BLOCK_ROWS) {
                rs.start(block);
            }
            let take = end.min((block + 1) * BLOCK_ROWS) - row;
            out.extend(draw(&mut rs.streams, take as u32)?);
            row += take;
            rs.at = Some(row);
            self.check_counters(rs, row)?;
        }
        Ok(out)
    }

    /// For a partitioned query of `count` rows: measure what one row adds to the counters (its
    /// first row, generated and dropped), and put them back.
    pub(super) fn measure_rows(&self, rs: &mut RowStreams, draw: &mut Draw<'_>) -> Result<(), QueryError> {
        let base = Counters::read(&self.evaluator.lock());
        let mut probe = RowStreams::new(rs.seed, rs.section, &rs.query, rs.width);
        probe.start(0);
        draw(&mut probe.streams, 1)?;
        if crate::clock::read_unpinned() {
            return Err(QueryError::Eval(format!(
                "its values read the run clock (uuid_v7, date_offset, objectid…), which each partition takes when it \
                 starts: set {}=<RFC 3339 time> to the same instant for every partition",
                crate::clock::ENV
            )));
        }
        let mut st = self.evaluator.lock();
        let per_row = Counters::read(&st).minus(&base);
        base.write(&mut st);
        st.iter = 0;
        rs.counters = Some((base, per_row));
        Ok(())
    }

    /// A partitioned query's end: the counters as the whole query (`count` rows) leaves them.
    pub(super) fn finish_rows(&self, rs: &RowStreams, count: u64) {
        if let Some((base, per_row)) = &rs.counters {
            base.at(per_row, count).write(&mut self.evaluator.lock());
        }
    }

    /// `iter()` and the counters as they stand before row `row`.
    fn position(&self, rs: &RowStreams, row: u64) {
        let mut st = self.evaluator.lock();
        st.iter = row as i64;
        if let Some((base, per_row)) = &rs.counters {
            base.at(per_row, row).write(&mut st);
        }
    }

    fn check_counters(&self, rs: &RowStreams, row: u64) -> Result<(), QueryError> {
        let Some((base, per_row)) = &rs.counters else { return Ok(()) };
        if Counters::read(&self.evaluator.lock()) != base.at(per_row, row) {
            return Err(QueryError::Eval(
                "seq()/seq_global() gave some rows more values than others (a call inside a condition?); \
                 a partitioned seed needs the same number in every row, so each row's values follow from its index"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// Where a batch starting at row `at` ends at the latest: at the edge of this partition's rows
/// `own` (so a batch is written whole or not at all), or at `end`.
pub(super) fn edge(at: u64, own: &std::ops::Range<u64>, end: u64) -> u64 {
    if at < own.start {
        own.start
    } else if at < own.end {
        own.end
    } else {
        end
    }
}

/// The rows partition `index` of `count` writes out of `total`: contiguous, sizes differing by
/// one at most, partition 0 first (a single statement is partition 0's).
pub fn share(total: u64, index: u32, count: u32) -> std::ops::Range<u64> {
    let edge = |i: u32| ((u128::from(total) * u128::from(i)).div_ceil(u128::from(count))) as u64;
    edge(index)..edge(index + 1)
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn shares_cover_every_row_once() {
        for total in [0u64, 1, 2, 3, 7, 1000, 1001, 1_000_003] {
            for n in [1u32, 2, 3, 4, 7] {
                let mut next = 0;
                for i in 0..n {
                    let r = share(total, i, n);
                    assert_eq!(r.start, next, "total {total} n {n} i {i}");
                    assert!(r.end - r.start <= total / n as u64 + 1);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
        assert_eq!(share(1, 0, 4), 0..1);
    }
}
