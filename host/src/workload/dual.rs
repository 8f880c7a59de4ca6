//! Dual write: the workload on two databases at once, as an application that writes twice.
//! Each worker has a twin on the target, built from the target's config (the same run items,
//! in its dialect) with the same seed, worker key and sequence lane, so operation k of worker w
//! draws the same values on both sides. Every operation runs on both sides at once, inside an
//! order every worker shares: concurrent workers may touch the same rows (hot rows, a key one
//! moves and another updates), and only one order on both sides leaves them equal. An operation
//! that fails on one side only is counted and logged: the sides now differ, and verify finds it.

use super::session::{Flow, Session};
use super::spec::Workload;
use tracing::warn;

/// Warnings per worker before one-sided writes are only counted (the report has them all).
const SHOWN: u64 = 5;

/// How the target's workload differs from the source's, which a dual write cannot run.
#[derive(Debug, thiserror::Error)]
pub enum TwinError {
    #[error(
        "the target's run items ({target}) are not the source's ({ours}): a dual write runs the same items on both sides"
    )]
    Items { ours: String, target: String },
    #[error("the target's run_weights are not the source's")]
    Weights,
    #[error("the target's background `workers:` are not the source's")]
    Background,
}

/// Check that the target's workload has the source's items: the same names, in the same order,
/// with the same weights, and the same background workers.
pub fn check(source: &Workload, target: &Workload) -> Result<(), TwinError> {
    let names = |w: &Workload| w.items.iter().enumerate().map(|(i, it)| it.label(i)).collect::<Vec<_>>();
    let (a, b) = (names(source), names(target));
    if a != b {
        return Err(TwinError::Items { ours: a.join(", "), target: b.join(", ") });
    }
    if source.weights != target.weights {
        return Err(TwinError::Weights);
    }
    let bg = |w: &Workload| w.background.iter().map(|b| b.query.name.clone().unwrap_or_default()).collect::<Vec<_>>();
    if bg(source) != bg(target) {
        return Err(TwinError::Background);
    }
    Ok(())
}

/// Iteration `k` of a worker: on its own side, or, with a twin, on both sides in the shared
/// order. The worse of the two flows is the worker's.
pub fn step(s: &mut Session, k: u64) -> Flow {
    let Some(mut twin) = s.twin.take() else { return s.iterate(k) };
    let order = s.order.clone().expect("a twin comes with the order");
    let (a, b) = {
        let _turn = order.lock().unwrap_or_else(|e| e.into_inner());
        std::thread::scope(|scope| {
            let other = scope.spawn(|| twin.iterate(k));
            let mine = s.iterate(k);
            (mine, other.join().expect("the target's worker panicked"))
        })
    };
    match (s.last_error.take(), twin.last_error.take()) {
        (Some((item, e)), None) => one_sided(s, "source", &item, &e),
        (None, Some((item, e))) => one_sided(s, "target", &item, &e),
        _ => {}
    }
    s.twin = Some(twin);
    worse(a, b)
}

fn one_sided(s: &Session, side: &str, item: &str, error: &str) {
    let n = {
        let mut st = s.stats.lock().unwrap_or_else(|e| e.into_inner());
        st.one_sided += 1;
        st.one_sided
    };
    if n <= SHOWN {
        let other = if side == "source" { "target" } else { "source" };
        warn!(item, failed_on = side, "one-sided write: the {other} committed it: {}", crate::redact::scrub(error));
    }
    if n == SHOWN {
        warn!("further one-sided writes of this worker are counted, not shown");
    }
}

fn worse(a: Flow, b: Flow) -> Flow {
    fn rank(f: &Flow) -> u8 {
        match f {
            Flow::Continue => 0,
            Flow::Cancelled => 1,
            Flow::Stop(_) => 2,
            Flow::Fatal(_) => 3,
        }
    }
    if rank(&b) > rank(&a) { b } else { a }
}
