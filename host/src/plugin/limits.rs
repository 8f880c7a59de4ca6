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

pub fn classify(err: &wasmtime::Error) -> Failure {
    let text = format!("{err:#}");
    if text.contains("memory") && (text.contains("limit") || text.contains("grow")) {
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
