//! One side's stream of rows: keyset pagination in key order, each batch normalised, sent
//! through a one-slot channel so the next batch is fetched while the current one is compared.

use super::VerifyError;
use super::range::{KeyRange, key_of, sql_literal};
use crate::column::Column;
use crate::driver::{ColumnInfo, Conn, Driver, DriverError, LiteralError, PageShape, RawRows, Rows, literal};
use crate::expr::EValue;
use crate::plugin::{ColumnSpec, PluginSet};
use crate::value::Value;
use std::sync::mpsc;
use tokio::runtime::Handle;

/// What to read from one side's table.
#[derive(Clone, Debug)]
pub struct Plan {
    pub side: &'static str,
    pub driver: Driver,
    pub table: String,
    /// Key columns first, then the compared columns.
    pub columns: Vec<ColumnInfo>,
    pub key_len: usize,
    pub specs: Vec<ColumnSpec>,
    /// The slice of the table this plan reads (the whole table unless partitioned).
    pub range: KeyRange,
}

/// A normalised row (re-checks work row by row): key values, the key as stored, then
/// compared values.
#[derive(Clone, Debug)]
pub struct Row {
    pub key: Vec<Value>,
    pub stored: Vec<Value>,
    pub values: Vec<Value>,
}

fn quote_ident(driver: Driver, name: &str) -> String {
    driver.dialect().quote_ident(name)
}

/// Text keys are ordered by bytes on every engine, whatever the column's collation says.
fn key_expr(driver: Driver, col: &ColumnInfo) -> String {
    let d = driver.dialect();
    let q = d.quote_ident(&col.name);
    if d.is_text(&col.db_type) { d.byte_order(&q) } else { q }
}

/// A key value as a literal in the database's terms: numbers bare (no string-to-double
/// coercion in MySQL), everything else as the text the database sent; typed where the column's
/// type would otherwise compare the literal inexactly (see `Dialect::typed_literal`).
fn key_literal(driver: Driver, col: &ColumnInfo, raw: &Value, normalized: &Value) -> Result<String, LiteralError> {
    let v = match (normalized, raw) {
        (Value::Int(i), _) => EValue::Integer(*i),
        (Value::Decimal(d), _) => return Ok(d.clone()),
        (_, Value::Text(s)) => EValue::String(s.clone()),
        (_, Value::Bytes(b)) => EValue::Bytes(b.clone()),
        (_, Value::Int(i)) => EValue::Integer(*i),
        (_, Value::Float(f)) => EValue::Float(*f),
        (_, other) => EValue::String(other.to_string()),
    };
    let d = driver.dialect();
    Ok(d.typed_literal(literal(&v, driver, d.backslash_escapes())?, &col.db_type))
}

impl Plan {
    fn select(&self) -> String {
        let d = self.driver.dialect();
        let cols: Vec<String> = self.columns.iter().map(|c| d.read_expr(&d.quote_ident(&c.name), &c.db_type)).collect();
        format!("SELECT {} FROM {}", cols.join(", "), quote_ident(self.driver, &self.table))
    }

    fn order_by(&self) -> String {
        let keys: Vec<String> = self.columns[..self.key_len].iter().map(|c| key_expr(self.driver, c)).collect();
        keys.join(", ")
    }

    fn key_tuple(&self, exprs: Vec<String>) -> String {
        if exprs.len() == 1 { exprs.into_iter().next().unwrap_or_default() } else { format!("({})", exprs.join(", ")) }
    }

    /// The key columns as the tuple pages are ordered and compared by.
    fn ordered_key(&self) -> String {
        self.key_tuple(self.columns[..self.key_len].iter().map(|c| key_expr(self.driver, c)).collect())
    }

    /// A key value (as the database sent it, and normalised) as a literal tuple.
    fn key_value(&self, raw: &[Value], norm: &[Value]) -> Result<String, LiteralError> {
        let lits = self.columns[..self.key_len]
            .iter()
            .zip(raw.iter().zip(norm))
            .map(|(c, (r, n))| key_literal(self.driver, c, r, n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.key_tuple(lits))
    }

    pub fn page_sql(&self, after: Option<(&[Value], &[Value])>, limit: i64) -> Result<String, LiteralError> {
        let mut sql = self.select();
        let mut conditions = self.range_conditions()?;
        if let Some((raw, norm)) = after {
            conditions.push(format!("{} > {}", self.ordered_key(), self.key_value(raw, norm)?));
        }
        if !conditions.is_empty() {
            sql.push_str(&format!(" WHERE {}", conditions.join(" AND ")));
        }
        sql.push_str(&format!(" ORDER BY {} LIMIT {limit}", self.order_by()));
        Ok(sql)
    }

    /// The range's bounds as conditions on the ordered key: `key >= lo`, `key < hi`.
    fn range_conditions(&self) -> Result<Vec<String>, LiteralError> {
        let d = self.driver.dialect();
        let tuple = |b: &[super::range::BoundValue]| -> Result<String, LiteralError> {
            let lits = key_of(b)
                .iter()
                .zip(&self.columns)
                .map(|(v, c)| Ok(d.typed_literal(sql_literal(self.driver, v)?, &c.db_type)))
                .collect::<Result<Vec<_>, LiteralError>>()?;
            Ok(self.key_tuple(lits))
        };
        let mut out = Vec::new();
        if self.range.empty {
            out.push("1 = 0".to_string());
        }
        if let Some(lo) = &self.range.lo {
            out.push(format!("{} >= {}", self.ordered_key(), tuple(lo)?));
        }
        if let Some(hi) = &self.range.hi {
            let op = if self.range.hi_inclusive { "<=" } else { "<" };
            out.push(format!("{} {op} {}", self.ordered_key(), tuple(hi)?));
        }
        Ok(out)
    }

    fn names(&self) -> (Vec<String>, Vec<String>) {
        let all: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        let key = all[..self.key_len].to_vec();
        (all, key)
    }

    /// The next page after `last`, in key order.
    /// With `copy`, a PostgreSQL page is read through COPY (see `driver::copy`).
    pub fn fetch_page(
        &self,
        conn: &mut Conn,
        last: Option<&(Vec<Value>, Vec<Value>)>,
        limit: i64,
        copy: bool,
        shape: &PageShape,
        rt: &Handle,
    ) -> Result<Page, DriverError> {
        if !self.driver.dialect().pages_in_sql() {
            if self.range.empty {
                return Ok(Page::Rows(Rows::default()));
            }
            let (all, key) = self.names();
            let (lo, hi) = (self.range.lo.as_ref().map(|b| key_of(b)), self.range.hi.as_ref().map(|b| key_of(b)));
            let req = crate::driver::native::PageRequest {
                table: &self.table,
                columns: &all,
                key: &key,
                after: last.map(|(raw, _)| raw.as_slice()),
                lo: lo.as_deref(),
                hi: hi.as_deref().map(|k| (k, self.range.hi_inclusive)),
                limit,
            };
            if let Some(page) = rt.block_on(conn.page_native(&req)) {
                return page.map(Page::Rows);
            }
        }
        let sql = self.page_sql(last.map(|(raw, key)| (raw.as_slice(), key.as_slice())), limit)?;
        if copy {
            return rt.block_on(conn.copy_out(&sql, self.columns.len(), shape)).map(Page::Raw);
        }
        match rt.block_on(conn.query_raw(&sql, shape))? {
            Some(raw) => Ok(Page::Raw(raw)),
            None => rt.block_on(conn.query(&sql)).map(Page::Rows),
        }
    }

    /// Normalise a page of either shape into a batch; pagination continues after row `keep - 1`.
    pub fn page_batch(&self, plugins: &mut PluginSet, page: Page, keep: usize) -> Result<Batch, VerifyError> {
        match page {
            Page::Rows(rows) => self.batch_upto(plugins, rows, keep),
            Page::Raw(raw) => self.batch_raw(plugins, raw, keep),
        }
    }

    /// A read of this side that failed, with the driver's error as its source.
    pub fn read_err(&self, source: DriverError) -> VerifyError {
        VerifyError::Read { table: self.table.clone(), side: self.side, source }
    }

    fn table_err(&self, e: impl std::fmt::Display) -> VerifyError {
        VerifyError::Table { table: self.table.clone(), message: format!("{}: {e}", self.side) }
    }

    /// A batch from one buffer per column: no allocation per raw value.
    fn batch_raw(&self, plugins: &mut PluginSet, raw: RawRows, keep: usize) -> Result<Batch, VerifyError> {
        let n = raw.len();
        let stored = StoredKeys::Raw(raw.cols[..self.key_len.min(raw.cols.len())].to_vec());
        let mut cols = Vec::with_capacity(self.columns.len());
        for (spec, col) in self.specs.iter().zip(raw.cols) {
            cols.push(plugins.normalize_raw(spec, col).map_err(|e| self.table_err(e))?);
        }
        self.checked(n, keep, cols, stored)
    }

    /// Rows with these keys, for re-checks. Each key is given as stored (what a side's
    /// database sent: looked up exactly) or normalised only (for a side that did not have the
    /// row); the caller matches the rows returned by their normalised keys.
    pub fn fetch_keys(&self, conn: &mut Conn, keys: &[Lookup], rt: &Handle) -> Result<Rows, DriverError> {
        if !self.driver.dialect().pages_in_sql() {
            let (all, key) = self.names();
            let wanted: Vec<crate::driver::native::Wanted> =
                keys.iter().map(|k| (k.stored.as_slice(), k.key.as_slice())).collect();
            if let Some(rows) = rt.block_on(conn.keys_native(&self.table, &all, &key, &wanted)) {
                return rows;
            }
        }
        let sql = self.keys_sql(keys)?;
        rt.block_on(conn.query(&sql))
    }

    /// Every row with `lo <= key <= hi`, in key order, at most `limit`; None where the engine is
    /// not read with SQL (the caller re-reads those keys one by one instead).
    pub fn fetch_range(
        &self,
        conn: &mut Conn,
        (lo, hi): (&Lookup, &Lookup),
        limit: i64,
        rt: &Handle,
    ) -> Result<Option<Rows>, DriverError> {
        if !self.driver.dialect().pages_in_sql() {
            return Ok(None);
        }
        let left = self.ordered_key();
        let sql = format!(
            "{} WHERE {left} >= {} AND {left} <= {} ORDER BY {} LIMIT {limit}",
            self.select(),
            self.key_value(&lo.stored, &lo.key)?,
            self.key_value(&hi.stored, &hi.key)?,
            self.order_by()
        );
        rt.block_on(conn.query(&sql)).map(Some)
    }

    /// Rows for specific keys, for re-checks.
    pub fn keys_sql(&self, keys: &[Lookup]) -> Result<String, LiteralError> {
        let left =
            self.key_tuple(self.columns[..self.key_len].iter().map(|c| quote_ident(self.driver, &c.name)).collect());
        let tuples = keys.iter().map(|k| self.key_value(&k.stored, &k.key)).collect::<Result<Vec<_>, _>>()?;
        Ok(format!("{} WHERE {left} IN ({})", self.select(), tuples.join(", ")))
    }

    /// Normalise a result set into a batch. Values are moved, not cloned.
    pub fn batch(&self, plugins: &mut PluginSet, rows: Rows) -> Result<Batch, VerifyError> {
        self.batch_upto(plugins, rows, usize::MAX)
    }

    fn batch_upto(&self, plugins: &mut PluginSet, rows: Rows, keep: usize) -> Result<Batch, VerifyError> {
        let n = rows.rows.len();
        let width = self.columns.len();
        let mut raw_columns: Vec<Vec<Value>> = (0..width).map(|_| Vec::with_capacity(n)).collect();
        for row in rows.rows {
            for (c, v) in row.into_iter().enumerate().take(width) {
                raw_columns[c].push(v);
            }
        }
        let stored = StoredKeys::Values(raw_columns[..self.key_len.min(width)].to_vec());
        let mut cols = Vec::with_capacity(width);
        for (spec, values) in self.specs.iter().zip(raw_columns) {
            cols.push(Column::pack(plugins.normalize(spec, values).map_err(|e| self.table_err(e))?));
        }
        self.checked(n, keep, cols, stored)
    }

    /// Keys must not be NULL: they could be neither ordered nor matched. Rows from `keep` on are
    /// read ahead only (to see whether a key repeats across the page boundary), not compared.
    fn checked(&self, n: usize, keep: usize, cols: Vec<Column>, stored: StoredKeys) -> Result<Batch, VerifyError> {
        // An empty page may come without any columns.
        for (k, col) in cols.iter().take(self.key_len).enumerate() {
            if (0..n).any(|i| col.cell(i).is_null()) {
                return Err(self.table_err(format!(
                    "key column {} is NULL in a row; NULL keys cannot be ordered or matched",
                    self.columns[k].name
                )));
            }
        }
        Ok(Batch { len: n.min(keep), cols, key_len: self.key_len, stored })
    }

    /// Keys must strictly increase, in the order edg merges by. A repeated key would make keyset
    /// pagination skip the rest of its group (a false "verified"); keys the database orders
    /// differently from edg would make the merge report rows as missing that are there.
    fn check_order(&self, b: &Batch) -> Result<(), VerifyError> {
        // The common key, one integer column, checked over its slice in one pass (NULL keys
        // were refused already); anything else value by value.
        if let ([Column::Ints(keys)], 1) = (&b.cols[..b.key_len.min(b.cols.len())], b.key_len)
            && keys.windows(2).all(|w| w[0] < w[1])
        {
            return Ok(());
        }
        // Read-ahead rows included.
        let n = b.cols.first().map_or(0, Column::len);
        for i in 1..n {
            match super::compare::cmp_key_at((b, i - 1), (b, i)) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Err(self.not_unique(&b.key(i))),
                std::cmp::Ordering::Greater => return Err(self.out_of_order(&b.key(i - 1), &b.key(i))),
            }
        }
        Ok(())
    }

    fn key_names(&self) -> String {
        self.columns[..self.key_len].iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
    }

    pub fn not_unique(&self, key: &[Value]) -> VerifyError {
        self.table_err(format!(
            "key ({}) is not unique: {} appears more than once; verify needs a unique key (pass --order-by with a unique column or columns)",
            self.key_names(),
            super::report::format_key(&self.columns[..self.key_len].iter().map(|c| c.name.clone()).collect::<Vec<_>>(), key)
        ))
    }

    pub fn out_of_order(&self, before: &[Value], after: &[Value]) -> VerifyError {
        let names: Vec<String> = self.columns[..self.key_len].iter().map(|c| c.name.clone()).collect();
        self.table_err(format!(
            "the database returned key ({}) {} after {}, not in the byte order edg merges by; choose another --order-by",
            self.key_names(),
            super::report::format_key(&names, after),
            super::report::format_key(&names, before)
        ))
    }
}

/// A key to look a row up by: as a side's database stored it (exact), or, for a side that did
/// not have the row, its normalised form in both places.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    pub stored: Vec<Value>,
    pub key: Vec<Value>,
}

impl Lookup {
    pub fn stored(stored: Vec<Value>, key: Vec<Value>) -> Lookup {
        Lookup { stored, key }
    }

    pub fn normalised(key: Vec<Value>) -> Lookup {
        Lookup { stored: key.clone(), key }
    }
}

/// A page's key columns as the database sent them, before normalising: a row is looked up
/// again by these, never by its normalised key, which may match no stored value (a timestamp
/// cut to the compared precision, SQLite text in another format, a float widened).
#[derive(Clone, Debug)]
enum StoredKeys {
    Raw(Vec<crate::value::RawColumn>),
    Values(Vec<Vec<Value>>),
}

impl StoredKeys {
    fn key(&self, i: usize) -> Vec<Value> {
        match self {
            StoredKeys::Raw(cols) => cols.iter().map(|c| c.value(i)).collect(),
            StoredKeys::Values(cols) => cols.iter().map(|c| c[i].clone()).collect(),
        }
    }
}

/// A page of normalised rows, one column each: key columns first, then compared columns.
pub struct Batch {
    pub len: usize,
    pub cols: Vec<Column>,
    pub key_len: usize,
    stored: StoredKeys,
}

impl Batch {
    pub fn key(&self, i: usize) -> Vec<Value> {
        self.cols[..self.key_len].iter().map(|c| c.value(i)).collect()
    }

    /// Row `i`'s key as the database sent it.
    pub fn stored_key(&self, i: usize) -> Vec<Value> {
        self.stored.key(i)
    }

    /// The last row's key as stored and normalised (pagination continues from it); None for
    /// an empty page.
    pub fn last(&self) -> Option<(Vec<Value>, Vec<Value>)> {
        (self.len > 0).then(|| (self.stored_key(self.len - 1), self.key(self.len - 1)))
    }

    /// Every row, for the few callers that want rows (re-checks).
    pub fn into_rows(self) -> Vec<Row> {
        let key_len = self.key_len;
        let stored: Vec<Vec<Value>> = (0..self.len).map(|i| self.stored.key(i)).collect();
        let mut cols: Vec<std::vec::IntoIter<Value>> =
            self.cols.into_iter().map(|c| c.into_values().into_iter()).collect();
        stored
            .into_iter()
            .map(|stored| {
                let mut all = cols.iter_mut().map(|c| c.next().unwrap_or(Value::Null));
                let key: Vec<Value> = all.by_ref().take(key_len).collect();
                Row { key, stored, values: all.collect() }
            })
            .collect()
    }
}

/// One page as the driver delivered it.
pub enum Page {
    Rows(Rows),
    Raw(RawRows),
}

pub type BatchResult = Result<Batch, VerifyError>;

/// Start reading `plan` on a thread of its own (normalising in wasm must not run inside the
/// async runtime; database I/O goes through `rt`). The one-slot channel lets the next batch be
/// fetched and normalised while the current one is compared. The connection and plugins come
/// back when the thread ends.
pub fn spawn(
    mut conn: Conn,
    mut plugins: PluginSet,
    plan: Plan,
    batch_size: i64,
    rt: Handle,
) -> (mpsc::Receiver<BatchResult>, std::thread::JoinHandle<(Conn, PluginSet)>) {
    let (tx, rx) = mpsc::sync_channel(1);
    let handle = std::thread::spawn(move || {
        let result = stream(&mut conn, &mut plugins, &plan, batch_size, &tx, &rt);
        // A consistent snapshot for the whole scan; it is only read, so rollback is the end.
        if let Some(end) = end_snapshot(plan.driver) {
            let _ = rt.block_on(conn.execute(end));
        }
        if let Err(e) = result {
            let _ = tx.send(Err(e));
        }
        (conn, plugins)
    });
    (rx, handle)
}

/// A partition of a table read whole (Cassandra, whose CQL reads tables in token order): keep
/// the rows of the plan's key range, compared in edg's key order on the sorted rows.
fn keep_range(plan: &Plan, all: &mut Rows) {
    if !plan.range.is_all() {
        all.rows.retain(|r| plan.range.contains(&r[..plan.key_len]));
    }
}

/// A consistent snapshot for the whole scan, where the engine has one (MongoDB's need a
/// replica set: a standalone server is read without one).
fn begin_snapshot(driver: Driver) -> Option<&'static str> {
    driver.dialect().begin_snapshot()
}

fn end_snapshot(driver: Driver) -> Option<&'static str> {
    begin_snapshot(driver).map(|_| "ROLLBACK")
}

fn stream(
    conn: &mut Conn,
    plugins: &mut PluginSet,
    plan: &Plan,
    batch_size: i64,
    tx: &mpsc::SyncSender<BatchResult>,
    rt: &Handle,
) -> Result<(), VerifyError> {
    let table_err = |message: String| plan.table_err(message);
    if let Some(begin) = begin_snapshot(plan.driver) {
        rt.block_on(conn.execute(begin)).map_err(|e| table_err(e.to_string()))?;
    }
    let names: Vec<String> = plan.columns.iter().map(|c| c.name.clone()).collect();
    // An engine that cannot page in key order (Cassandra returns rows in token order) reads
    // everything (paged by the server) sorted here: memory O(rows) for this table.
    if let Some(all) = rt.block_on(conn.scan_native(&plan.table, &names, plan.key_len)) {
        tracing::info!(
            table = plan.table.as_str(),
            side = plan.side,
            driver = plan.driver.flag_name(),
            "full scan with a client-side sort (memory O(rows))"
        );
        let mut all = all.map_err(|e| plan.read_err(e))?;
        keep_range(plan, &mut all);
        let mut it = all.rows.into_iter();
        loop {
            let chunk: Vec<Vec<Value>> = it.by_ref().take(batch_size as usize).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            let batch = plan.batch(plugins, Rows { columns: all.columns.clone(), rows: chunk })?;
            plan.check_order(&batch)?;
            if tx.send(Ok(batch)).is_err() {
                return Ok(());
            }
        }
    }
    let copy = rt.block_on(conn.copy_out_supported());
    let mut last: Option<(Vec<Value>, Vec<Value>)> = None;
    let mut shape = PageShape::default();
    let keep = batch_size as usize;
    loop {
        // One row more than a page: if it has the page's last key, the key is not unique, and
        // paging on after that key would skip the rest of its group.
        let started = std::time::Instant::now();
        let page =
            plan.fetch_page(conn, last.as_ref(), batch_size + 1, copy, &shape, rt).map_err(|e| plan.read_err(e))?;
        let read = started.elapsed();
        if let Page::Raw(raw) = &page {
            shape = PageShape::of(raw);
        }
        let batch = plan.page_batch(plugins, page, keep)?;
        // -v: where a slow verify spends its time, page by page (the read, then decoding and
        // normalising).
        tracing::debug!(
            table = plan.table.as_str(),
            side = plan.side,
            rows = batch.len,
            read_ms = format!("{:.1}", read.as_secs_f64() * 1e3).as_str(),
            normalize_ms = format!("{:.1}", (started.elapsed() - read).as_secs_f64() * 1e3).as_str(),
            "page read"
        );
        plan.check_order(&batch)?;
        let more = batch.cols.first().is_some_and(|c| c.len() > keep);
        if let (Some((_, prev)), true) = (&last, batch.len > 0) {
            // Pages continue strictly after the previous one; anything else is an ordering mismatch.
            let first = batch.key(0);
            if crate::key::cmp_key(prev, &first) != std::cmp::Ordering::Less {
                return Err(plan.out_of_order(prev, &first));
            }
        }
        if let Some(l) = batch.last() {
            last = Some(l);
        }
        if batch.len > 0 && tx.send(Ok(batch)).is_err() {
            return Ok(()); // the merge stopped early
        }
        // A page without the extra row is the last one: no extra empty round trip.
        if !more {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::range::bound;

    fn plan(range: KeyRange) -> Plan {
        let col = |n: &str, t: &str| ColumnInfo { name: n.into(), db_type: t.into() };
        Plan {
            side: "source",
            driver: Driver::Cassandra,
            table: "t".into(),
            columns: vec![col("region", "TEXT"), col("id", "UUID"), col("v", "INT")],
            key_len: 2,
            specs: Vec::new(),
            range,
        }
    }

    #[test]
    fn a_cassandra_partition_keeps_the_rows_of_its_key_range() {
        let row = |r: &str, id: &str, v: i64| vec![Value::Text(r.into()), Value::Uuid(id.into()), Value::Int(v)];
        let u = |n: u8| format!("{n:08x}-0000-4000-8000-000000000000");
        let rows = vec![row("east", &u(1), 1), row("east", &u(2), 2), row("west", &u(1), 3), row("é", &u(9), 4)];
        let lo = bound(&[Value::Text("east".into()), Value::Uuid(u(2))]);
        let hi = bound(&[Value::Text("west".into()), Value::Uuid(u(5))]);
        let mut all = Rows { columns: Vec::new(), rows: rows.clone() };
        keep_range(&plan(KeyRange { lo: lo.clone(), hi: hi.clone(), ..KeyRange::default() }), &mut all);
        let kept: Vec<i64> = all.rows.iter().map(|r| if let Value::Int(v) = r[2] { v } else { 0 }).collect();
        assert_eq!(kept, vec![2, 3], "[east/2, west/5) holds east/2 and west/1");
        // The last partition is open-ended: non-ASCII keys sort after ASCII ones, by bytes.
        let mut all = Rows { columns: Vec::new(), rows: rows.clone() };
        keep_range(&plan(KeyRange { lo: hi, ..KeyRange::default() }), &mut all);
        assert_eq!(all.rows.len(), 1);
        let mut all = Rows { columns: Vec::new(), rows };
        keep_range(&plan(KeyRange::none()), &mut all);
        assert!(all.rows.is_empty());
    }

    #[test]
    fn a_sql_partition_reads_its_range_after_the_last_key() {
        let mut p = plan(KeyRange {
            lo: bound(&[Value::Text("a'b".into()), Value::Int(1)]),
            hi: bound(&[Value::Text("z".into()), Value::Int(2)]),
            ..KeyRange::default()
        });
        p.driver = Driver::Postgres;
        let sql = p
            .page_sql(Some((&[Value::Text("m".into()), Value::Int(7)], &[Value::Text("m".into()), Value::Int(7)])), 100)
            .unwrap();
        assert!(sql.contains(r#"("region" COLLATE "C", "id") >= ('a''b', 1)"#), "{sql}");
        assert!(sql.contains(r#"("region" COLLATE "C", "id") < ('z', 2)"#), "{sql}");
        assert!(sql.contains(r#"("region" COLLATE "C", "id") > ('m', 7)"#), "{sql}");
        p.range = KeyRange::none();
        assert!(p.page_sql(None, 10).unwrap().contains("WHERE 1 = 0"));
    }
}
