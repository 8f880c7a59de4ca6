//! Reads of the engines whose tables are not read with SQL `SELECT … ORDER BY … LIMIT`
//! (`Dialect::pages_in_sql` false): MongoDB pages with a key filter and sort; Cassandra, whose
//! CQL returns rows in token order, reads a table whole and sorts it. Verify asks through these
//! and never names an engine; each returns None for an engine that is read with SQL.

use super::{Conn, DriverError, Rows};
use crate::value::Value;

/// A page of a table in key order: after `after`, within `lo` (inclusive) and `hi` (inclusive
/// when its flag says so), at most `limit` rows.
pub struct PageRequest<'a> {
    pub table: &'a str,
    pub columns: &'a [String],
    /// The key's columns: the first `key.len()` of `columns`.
    pub key: &'a [String],
    pub after: Option<&'a [Value]>,
    pub lo: Option<&'a [Value]>,
    pub hi: Option<(&'a [Value], bool)>,
    pub limit: i64,
}

/// A key to re-read: as a side stored it, and normalised (for a side that did not have it).
pub type Wanted<'a> = (&'a [Value], &'a [Value]);

impl Conn {
    /// The next page, for an engine that pages without SQL; None otherwise.
    pub async fn page_native(&mut self, r: &PageRequest<'_>) -> Option<Result<Rows, DriverError>> {
        match self {
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => Some(m.page(r.table, r.columns, r.key, r.after, (r.lo, r.hi), r.limit).await),
            _ => {
                let _ = r;
                None
            }
        }
    }

    /// The whole table in key order, for an engine that cannot page in key order (memory
    /// O(rows)); None otherwise.
    pub async fn scan_native(
        &mut self,
        table: &str,
        columns: &[String],
        key_len: usize,
    ) -> Option<Result<Rows, DriverError>> {
        match self {
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => Some(c.scan_sorted(table, columns, key_len).await),
            _ => {
                let _ = (table, columns, key_len);
                None
            }
        }
    }

    /// The rows with these keys, for an engine re-read without SQL; None otherwise.
    pub async fn keys_native(
        &mut self,
        table: &str,
        columns: &[String],
        key: &[String],
        wanted: &[Wanted<'_>],
    ) -> Option<Result<Rows, DriverError>> {
        match self {
            #[cfg(feature = "mongodb")]
            Conn::Mongo(m) => {
                let stored: Vec<Vec<Value>> = wanted.iter().map(|(s, _)| s.to_vec()).collect();
                Some(m.by_keys(table, columns, key, &stored).await)
            }
            // CQL has no tuple IN over arbitrary keys: re-read and keep the rows asked for.
            #[cfg(feature = "cassandra")]
            Conn::Cassandra(c) => Some(c.scan_sorted(table, columns, key.len()).await.map(|mut rows| {
                let n = key.len();
                rows.rows.retain(|r| {
                    wanted.iter().any(|(s, k)| [s, k].iter().any(|x| crate::key::cmp_key(&r[..n], x).is_eq()))
                });
                rows
            })),
            _ => {
                let _ = (table, columns, key, wanted);
                None
            }
        }
    }
}
