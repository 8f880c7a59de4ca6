//! One instantiated guest: its Store, its bindings, and plain methods to call it.

use super::bindings::Value as Wit;
use super::bindings::generator::edg::plugin::types::{RawColumn, ValueColumn as CanonicalColumn};
use super::bindings::generator::{GeneratorPlugin, GeneratorPluginPre};
use super::bindings::normalizer::exports::edg::plugin::normalizer::Column as WitColumn;
use super::bindings::normalizer::{NormalizerPlugin, NormalizerPluginPre};
use super::info::{ColumnSpec, FunctionInfo, GeneratorInfo, NormalizerInfo, ParamInfo};
use super::limits::{Failure, Limits, MemoryLimiter, classify};
use super::{PluginError, Source};
use crate::column::Column;
use crate::value::Value;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::time::Duration;
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, ResourceTable, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// Largest `fill-bytes` request a guest may make in one import call.
const MAX_FILL: u32 = 1 << 20;
/// Largest `next-u64s` request (one per row of a batch).
const MAX_U64S: u32 = 1 << 20;

/// Per-Store state: a WASI context with nothing granted, the memory limiter, the random
/// stream of the call in progress, and the guest's stderr (where a Rust panic message goes).
pub struct GuestState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: MemoryLimiter,
    rng: ChaCha8Rng,
    stderr: MemoryOutputPipe,
}

impl WasiView for GuestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl super::bindings::generator::edg::plugin::rng::Host for GuestState {
    fn next_u64(&mut self) -> wasmtime::Result<u64> {
        Ok(self.rng.next_u64())
    }

    fn next_u64s(&mut self, n: u32) -> wasmtime::Result<Vec<u64>> {
        self.next_u64s_checked(n)
    }

    fn fill_bytes(&mut self, len: u32) -> wasmtime::Result<Vec<u8>> {
        if len > MAX_FILL {
            wasmtime::bail!("rng.fill-bytes asked for {len} bytes; the limit is {MAX_FILL}");
        }
        let mut buf = vec![0u8; len as usize];
        self.rng.fill_bytes(&mut buf);
        Ok(buf)
    }
}

impl GuestState {
    fn next_u64s_checked(&mut self, n: u32) -> wasmtime::Result<Vec<u64>> {
        if n > MAX_U64S {
            wasmtime::bail!("rng.next-u64s asked for {n} values; the limit is {MAX_U64S}");
        }
        Ok((0..n).map(|_| self.rng.next_u64()).collect())
    }
}

impl super::bindings::generator::edg::plugin::types::Host for GuestState {}

/// Time stands still inside a guest: output must not depend on when it ran.
struct FrozenClock;

impl HostWallClock for FrozenClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

impl HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

fn new_store(engine: &Engine, limits: Limits) -> Store<GuestState> {
    let stderr = MemoryOutputPipe::new(64 << 10);
    // WASI random is fixed: a guest's HashMap seeds or stray getrandom calls stay deterministic.
    let wasi = WasiCtxBuilder::new()
        .stderr(stderr.clone())
        .secure_random(ChaCha8Rng::seed_from_u64(0))
        .insecure_random(ChaCha8Rng::seed_from_u64(1))
        .insecure_random_seed(0)
        .wall_clock(FrozenClock)
        .monotonic_clock(FrozenClock)
        .build();
    let state = GuestState {
        wasi,
        table: ResourceTable::new(),
        limits: MemoryLimiter::new(limits.memory_bytes),
        rng: ChaCha8Rng::seed_from_u64(0),
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limits);
    store.set_epoch_deadline(limits.deadline_ticks());
    store
}

fn wasm_error(err: wasmtime::Error, store: &mut Store<GuestState>, plugin: &str, limits: Limits) -> PluginError {
    let plugin = plugin.to_string();
    match classify(&err, store.data_mut().limits.take_denied()) {
        Failure::Timeout => PluginError::Timeout { plugin, timeout: limits.timeout },
        Failure::Memory => PluginError::Memory { plugin, limit: limits.memory_bytes },
        Failure::Trap(reason) => {
            let stderr = String::from_utf8_lossy(&store.data().stderr.contents()).into_owned();
            // A Rust guest's panic message is on its stderr; the trap itself only says "unreachable".
            let detail = stderr
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && !l.starts_with("note:"))
                .map(|l| format!(": {l}"))
                .unwrap_or_default();
            PluginError::Trap { plugin, reason, detail }
        }
    }
}

/// A generator instance with its own Store.
pub struct Generator {
    engine: Engine,
    pre: GeneratorPluginPre<GuestState>,
    store: Store<GuestState>,
    bindings: GeneratorPlugin,
    limits: Limits,
    name: String,
    version: String,
    poisoned: bool,
}

impl Generator {
    pub(super) fn instantiate(
        engine: &Engine,
        pre: &GeneratorPluginPre<GuestState>,
        limits: Limits,
        source: &Source,
    ) -> Result<Self, PluginError> {
        let mut store = new_store(engine, limits);
        let bindings = pre.instantiate(&mut store).map_err(|e| wasm_error(e, &mut store, &source.name, limits))?;
        Ok(Generator {
            engine: engine.clone(),
            pre: pre.clone(),
            store,
            bindings,
            limits,
            name: source.name.clone(),
            version: String::new(),
            poisoned: false,
        })
    }

    /// A trapped instance cannot be entered again: start over from the pre-linked component.
    fn ensure_live(&mut self) -> Result<(), PluginError> {
        if self.poisoned {
            let source = Source { name: self.name.clone(), path: None, sha256: String::new() };
            let fresh = Generator::instantiate(&self.engine, &self.pre, self.limits, &source)?;
            self.store = fresh.store;
            self.bindings = fresh.bindings;
            self.poisoned = false;
        }
        Ok(())
    }

    pub fn describe(&mut self) -> Result<GeneratorInfo, PluginError> {
        self.ensure_live()?;
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        let info = match self.bindings.edg_plugin_generator().call_describe(&mut self.store) {
            Ok(i) => i,
            Err(e) => {
                self.poisoned = true;
                return Err(wasm_error(e, &mut self.store, &self.name, self.limits));
            }
        };
        self.name = info.name.clone();
        self.version = info.version.clone();
        Ok(GeneratorInfo {
            name: info.name,
            version: info.version,
            functions: info
                .functions
                .into_iter()
                .map(|f| FunctionInfo {
                    name: f.name,
                    params: f
                        .params
                        .into_iter()
                        .map(|p| ParamInfo { name: p.name, kind: p.kind, optional: p.optional })
                        .collect(),
                    variadic: f.variadic,
                    returns: f.returns,
                    doc: f.doc,
                    example: f.example,
                })
                .collect(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Call `function` `rows` times with the same arguments, drawing randomness from `rng`.
    pub fn call(
        &mut self,
        function: &str,
        args: &[Value],
        rows: u32,
        rng: &mut ChaCha8Rng,
    ) -> Result<Vec<Value>, PluginError> {
        self.ensure_live()?;
        let wit_args: Vec<Wit> = args.iter().map(Wit::from).collect();
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        std::mem::swap(&mut self.store.data_mut().rng, rng);
        let result = self.bindings.edg_plugin_generator().call_call(&mut self.store, function, &wit_args, rows);
        std::mem::swap(&mut self.store.data_mut().rng, rng);
        match result {
            Ok(Ok(column)) => {
                let values = from_canonical(column);
                if values.len() != rows as usize {
                    return Err(PluginError::Guest {
                        plugin: self.name.clone(),
                        version: self.version.clone(),
                        message: format!("{function} returned {} values for {rows} rows", values.len()),
                    });
                }
                Ok(values)
            }
            Ok(Err(message)) => {
                Err(PluginError::Guest { plugin: self.name.clone(), version: self.version.clone(), message })
            }
            Err(e) => {
                self.poisoned = true;
                Err(wasm_error(e, &mut self.store, &self.name, self.limits))
            }
        }
    }
}

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
        CanonicalColumn::Values(v) => Column::Values(v.into_iter().map(Value::from).collect()),
        CanonicalColumn::Ints(v) => Column::Ints(v),
        CanonicalColumn::Floats(v) => Column::Floats(v),
        // Lengths and UTF-8 are checked here, once, so cells can be read without checks.
        CanonicalColumn::Texts(c)
            if raw_ok(&c)
                && std::str::from_utf8(&c.data)
                    .is_ok_and(|s| c.ends.iter().all(|e| s.is_char_boundary(*e as usize))) =>
        {
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

fn from_canonical(col: CanonicalColumn) -> Vec<Value> {
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
