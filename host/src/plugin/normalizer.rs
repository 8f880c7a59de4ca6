//! One instantiated normalizer, and the column shapes that cross into and out of it.

use super::bindings::Value as Wit;
use super::bindings::generator::edg::plugin::types::{RawColumn, ValueColumn as CanonicalColumn};
use super::bindings::normalizer::exports::edg::plugin::normalizer::Column as WitColumn;
use super::bindings::normalizer::{NormalizerPlugin, NormalizerPluginPre};
use super::guest::{GuestState, new_store, wasm_error};
use super::info::{ColumnSpec, NormalizerInfo};
use super::limits::Limits;
use super::{PluginError, Source};
use crate::column::Column;
use crate::value::Value;
use wasmtime::{Engine, Store};

fn wit_column(column: &ColumnSpec) -> WitColumn {
    WitColumn {
        driver: column.driver.clone(),
        table: column.table.clone(),
        name: column.name.clone(),
        db_type: column.db_type.clone(),
        rule: column.rule.clone(),
        timestamp_precision: column.timestamp_precision,
    }
}

fn raw_column(values: Vec<Value>) -> RawColumn {
    let mut data = Vec::with_capacity(values.len() * 16);
    let mut ends = Vec::with_capacity(values.len());
    let mut nulls = Vec::with_capacity(values.len());
    for v in &values {
        match v {
            Value::Text(s) => data.extend_from_slice(s.as_bytes()),
            Value::Bytes(b) => data.extend_from_slice(b),
            _ => {}
        }
        nulls.push(matches!(v, Value::Null));
        ends.push(data.len() as u32);
    }
    RawColumn { data, ends, nulls: super::convert::crossing_nulls(nulls) }
}

fn split(col: RawColumn, make: fn(String) -> Value) -> Vec<Value> {
    let mut out = Vec::with_capacity(col.ends.len());
    let mut start = 0usize;
    // One UTF-8 check for the whole buffer; then a value only needs its ends on char boundaries.
    let whole = std::str::from_utf8(&col.data).ok();
    for (i, end) in col.ends.iter().enumerate() {
        let end = (*end as usize).clamp(start, col.data.len());
        out.push(if col.nulls.get(i).copied().unwrap_or(false) {
            Value::Null
        } else {
            match whole.and_then(|w| w.get(start..end)) {
                Some(s) => make(s.to_string()),
                None => make(String::from_utf8_lossy(&col.data[start..end]).into_owned()),
            }
        });
        start = end;
    }
    out
}

fn to_column(col: CanonicalColumn) -> Column {
    let raw = |c: RawColumn| {
        let nulls = super::convert::host_nulls(c.nulls, c.ends.len());
        crate::value::RawColumn { data: c.data, ends: c.ends, nulls }
    };
    match col {
        CanonicalColumn::Values(v) => Column::pack(v.into_iter().map(Value::from).collect()),
        CanonicalColumn::Ints(v) => Column::Ints(v),
        CanonicalColumn::Floats(v) => Column::Floats(v),
        // Lengths and UTF-8 are checked here, once, so cells can be read without checks.
        CanonicalColumn::Texts(c) if raw_ok(&c) && crate::column::utf8_values(&c.data, &c.ends) => {
            Column::Texts(raw(c))
        }
        CanonicalColumn::Decimals(c) if raw_ok(&c) => Column::Decimals(raw(c)),
        other => Column::Values(from_canonical(other)),
    }
}

/// Ends ascending within the buffer and one NULL flag per value (or none: no NULL).
fn raw_ok(c: &RawColumn) -> bool {
    (c.nulls.is_empty() || c.nulls.len() == c.ends.len())
        && c.ends.windows(2).all(|w| w[0] <= w[1])
        && c.ends.last().is_none_or(|e| *e as usize <= c.data.len())
}

pub(super) fn from_canonical(col: CanonicalColumn) -> Vec<Value> {
    match col {
        CanonicalColumn::Values(v) => v.into_iter().map(Value::from).collect(),
        CanonicalColumn::Ints(v) => v.into_iter().map(|x| x.map(Value::Int).unwrap_or(Value::Null)).collect(),
        CanonicalColumn::Floats(v) => v.into_iter().map(|x| x.map(Value::Float).unwrap_or(Value::Null)).collect(),
        CanonicalColumn::Texts(c) => split(c, Value::Text),
        CanonicalColumn::Decimals(c) => split(c, Value::Decimal),
    }
}

/// A normalizer instance with its own Store.
pub struct Normalizer {
    store: Store<GuestState>,
    bindings: NormalizerPlugin,
    limits: Limits,
    name: String,
    version: String,
    poisoned: bool,
    pub(super) info: Option<NormalizerInfo>,
}

impl Normalizer {
    pub(super) fn instantiate(
        engine: &Engine,
        pre: &NormalizerPluginPre<GuestState>,
        limits: Limits,
        source: &Source,
    ) -> Result<Self, PluginError> {
        let mut store = new_store(engine, limits);
        let bindings = pre.instantiate(&mut store).map_err(|e| wasm_error(e, &mut store, &source.name, limits))?;
        Ok(Normalizer {
            store,
            bindings,
            limits,
            name: source.name.clone(),
            version: String::new(),
            poisoned: false,
            info: None,
        })
    }

    pub fn describe(&mut self) -> Result<NormalizerInfo, PluginError> {
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        let info = self
            .bindings
            .edg_plugin_normalizer()
            .call_describe(&mut self.store)
            .map_err(|e| wasm_error(e, &mut self.store, &self.name, self.limits))?;
        self.name = info.name.clone();
        self.version = info.version.clone();
        Ok(NormalizerInfo {
            name: info.name,
            version: info.version,
            drivers: info.drivers,
            types: info.types,
            rules: info.rules,
            doc: info.doc,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Normalise a column that arrived as one buffer (text protocols).
    pub fn normalize_raw(&mut self, column: &ColumnSpec, raw: crate::value::RawColumn) -> Result<Column, PluginError> {
        self.check_live()?;
        let n = raw.len();
        let wit_column = wit_column(column);
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        let result = self
            .bindings
            .edg_plugin_normalizer()
            .call_normalize_raw(&mut self.store, &wit_column, &RawColumn::from(raw))
            .map(|r| r.map(to_column));
        self.finish(result, n, Column::len)
    }

    /// A trapped instance cannot be entered again; normalizers are not re-instantiated mid-verify.
    fn check_live(&self) -> Result<(), PluginError> {
        if self.poisoned {
            return Err(PluginError::Trap {
                plugin: self.name.clone(),
                reason: "instance unusable after an earlier trap".into(),
                detail: String::new(),
            });
        }
        Ok(())
    }

    fn finish<T>(
        &mut self,
        result: wasmtime::Result<Result<T, String>>,
        n: usize,
        len: fn(&T) -> usize,
    ) -> Result<T, PluginError> {
        let guest =
            |message: String| PluginError::Guest { plugin: self.name.clone(), version: self.version.clone(), message };
        match result {
            Ok(Ok(out)) if len(&out) == n => Ok(out),
            Ok(Ok(out)) => Err(guest(format!("returned {} values for {n} inputs", len(&out)))),
            Ok(Err(message)) => Err(guest(message)),
            Err(e) => {
                self.poisoned = true;
                Err(wasm_error(e, &mut self.store, &self.name, self.limits))
            }
        }
    }

    pub fn normalize(&mut self, column: &ColumnSpec, values: Vec<Value>) -> Result<Vec<Value>, PluginError> {
        self.check_live()?;
        let n = values.len();
        let wit_column = wit_column(column);
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        let api = self.bindings.edg_plugin_normalizer();
        // Text-protocol reads are all text, bytes or NULL: send them as one buffer.
        let result = if values.iter().all(|v| matches!(v, Value::Text(_) | Value::Bytes(_) | Value::Null)) {
            api.call_normalize_raw(&mut self.store, &wit_column, &raw_column(values)).map(|r| r.map(from_canonical))
        } else {
            let wit_values: Vec<Wit> = values.into_iter().map(Wit::from).collect();
            api.call_normalize(&mut self.store, &wit_column, &wit_values)
                .map(|r| r.map(|out| out.into_iter().map(Value::from).collect()))
        };
        self.finish(result, n, Vec::len)
    }
}
