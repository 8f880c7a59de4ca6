//! The sandbox every guest runs in: its Store (WASI with nothing granted, a frozen clock, fixed
//! WASI randomness, the memory limiter and epoch deadline) and how a failed call is told apart
//! (time, memory, trap). `generator.rs` and `normalizer.rs` call into it.

use super::PluginError;
use super::limits::{Failure, Limits, MemoryLimiter, classify};
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
    pub(super) rng: crate::rng::Stream,
    /// Set for a call made with given row seeds (`Generator::call_seeded`).
    pub(super) replay: Option<Replay>,
    stderr: MemoryOutputPipe,
}

/// Row seeds handed to a call instead of the stream's next values. A guest that keeps the
/// `next-u64s` contract asks once for one per row; any other draw marks the call as not
/// replayable, and its values are not used.
pub(super) struct Replay {
    pub seeds: Vec<u64>,
    pub served: bool,
    pub kept_contract: bool,
}

impl WasiView for GuestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl super::bindings::generator::edg::plugin::rng::Host for GuestState {
    fn next_u64(&mut self) -> wasmtime::Result<u64> {
        if let Some(r) = &mut self.replay {
            r.kept_contract = false;
        }
        Ok(self.rng.next_u64())
    }

    fn next_u64s(&mut self, n: u32) -> wasmtime::Result<Vec<u64>> {
        self.next_u64s_checked(n)
    }

    fn fill_bytes(&mut self, len: u32) -> wasmtime::Result<Vec<u8>> {
        if len > MAX_FILL {
            wasmtime::bail!("rng.fill-bytes asked for {len} bytes; the limit is {MAX_FILL}");
        }
        if let Some(r) = &mut self.replay {
            r.kept_contract = false;
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
        if let Some(r) = &mut self.replay {
            if !r.served && n as usize == r.seeds.len() {
                r.served = true;
                return Ok(std::mem::take(&mut r.seeds));
            }
            r.kept_contract = false;
        }
        Ok((0..n).map(|_| self.rng.next_u64()).collect())
    }
}

impl super::bindings::generator::edg::plugin::types::Host for GuestState {}

impl super::bindings::generator::edg::plugin::clock::Host for GuestState {
    fn run_clock(&mut self) -> wasmtime::Result<i64> {
        Ok(crate::clock::run_clock_nanos())
    }
}

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

pub(super) fn new_store(engine: &Engine, limits: Limits) -> Store<GuestState> {
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
        rng: Box::new(ChaCha8Rng::seed_from_u64(0)),
        replay: None,
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limits);
    store.set_epoch_deadline(limits.deadline_ticks());
    store
}

pub(super) fn wasm_error(
    err: wasmtime::Error,
    store: &mut Store<GuestState>,
    plugin: &str,
    limits: Limits,
) -> PluginError {
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
