//! The sandbox's limits and how a guest that breaks one is reported.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wasmtime::{Engine, Trap};

/// How often the epoch advances; a call's deadline is counted in these ticks.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Per-call limits applied to every guest.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall time one call may run before it is interrupted.
    pub timeout: Duration,
    /// Linear memory a guest instance may grow to.
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(2), memory_bytes: 64 << 20 }
    }
}

impl Limits {
    pub fn deadline_ticks(&self) -> u64 {
        (self.timeout.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64 + 1
    }
}

/// Advances the engine's epoch in the background so epoch deadlines fire; stops when dropped.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl EpochTicker {
    pub fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let engine = engine.weak();
        std::thread::Builder::new()
            .name("edg-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    match engine.upgrade() {
                        Some(e) => e.increment_epoch(),
                        None => break,
                    }
                }
            })
            .expect("spawning the epoch thread");
        EpochTicker { stop }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What went wrong when a call into a guest failed at the wasm level.
pub enum Failure {
    Timeout,
    Memory,
    Trap(String),
}

/// `err` from a call into a guest; `memory_denied` is what the Store's `MemoryLimiter` recorded
/// during the call, so a limit hit is known for certain, not guessed from the error's text.
pub fn classify(err: &wasmtime::Error, memory_denied: bool) -> Failure {
    if memory_denied {
        return Failure::Memory;
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Failure::Timeout,
        Some(Trap::UnreachableCodeReached) => Failure::Trap("unreachable".into()),
        Some(Trap::StackOverflow) | Some(Trap::MemoryOutOfBounds) => {
            Failure::Trap("stack overflow or out-of-bounds memory access".into())
        }
        Some(other) => Failure::Trap(other.to_string()),
        None => Failure::Trap(err.root_cause().to_string()),
    }
}

/// wasmtime's `StoreLimits`, remembering whether it refused a memory or table growth.
pub struct MemoryLimiter {
    inner: wasmtime::StoreLimits,
    denied: bool,
}

impl MemoryLimiter {
    pub fn new(memory_bytes: usize) -> Self {
        let inner = wasmtime::StoreLimitsBuilder::new().memory_size(memory_bytes).trap_on_grow_failure(true).build();
        MemoryLimiter { inner, denied: false }
    }

    /// Whether a growth was refused since the last call; clears the record.
    pub fn take_denied(&mut self) -> bool {
        std::mem::take(&mut self.denied)
    }

    fn record(&mut self, r: wasmtime::Result<bool>) -> wasmtime::Result<bool> {
        if !matches!(r, Ok(true)) {
            self.denied = true;
        }
        r
    }
}

impl wasmtime::ResourceLimiter for MemoryLimiter {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        let r = self.inner.memory_growing(current, desired, maximum);
        self.record(r)
    }

    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        let r = self.inner.table_growing(current, desired, maximum);
        self.record(r)
    }

    fn instances(&self) -> usize {
        self.inner.instances()
    }

    fn tables(&self) -> usize {
        self.inner.tables()
    }

    fn memories(&self) -> usize {
        self.inner.memories()
    }
}
