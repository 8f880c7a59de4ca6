//! Random streams owned by the host.
//!
//! Each query argument draws from its own ChaCha8 stream, keyed by the seed and by
//! (section, query, argument). A query's values therefore depend only on the seed and on that
//! query: not on the batch size, not on what other queries consumed, not on the database side.

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

/// A stream, boxed: the current stream is swapped in and out of the evaluator and the plugin
/// store for every argument of every row, and ChaCha8's state with its block buffer is 300-odd
/// bytes (swapping it was half of seeding's CPU for constant arguments); a box swaps a pointer.
pub type Stream = Box<ChaCha8Rng>;

/// The stream for one query argument.
pub fn stream(seed: u64, section: &str, query: &str, arg: usize) -> Stream {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream_id(section, query, arg));
    Box::new(rng)
}

/// Rows a block of a query draws in sequence; each block starts its own streams (`block_stream`).
pub const BLOCK_ROWS: u64 = 1024;

/// The stream for one query argument in block `block` of its rows (rows `block·BLOCK_ROWS` …):
/// the argument's stream, jumped to word 2³²·`block`. Any row range can then be generated alone
/// (a partition of a seed, on another machine) by starting at its block, and block 0 is the
/// argument's stream itself, so a query of fewer rows draws as it did before blocks. 2³² words
/// is more than a block of rows ever draws; 2³⁶ blocks fit the ChaCha counter.
pub fn block_stream(seed: u64, section: &str, query: &str, arg: usize, block: u64) -> Stream {
    let mut rng = stream(seed, section, query, arg);
    if block > 0 {
        rng.set_word_pos(u128::from(block) << 32);
    }
    rng
}

/// FNV-1a over the key: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn stream_id(section: &str, query: &str, arg: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in section.bytes().chain([0]).chain(query.bytes()).chain([0]).chain(arg.to_le_bytes()) {
        h ^= byte as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A seed for runs without `--rng-seed`: different every run, logged so a run can be replayed.
pub fn entropy_seed() -> u64 {
    let mut bytes = [0u8; 8];
    // getrandom via the OS; the time fallback only matters on exotic platforms.
    if std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes)).is_err() {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        return t.as_nanos() as u64 ^ std::process::id() as u64;
    }
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    #[test]
    fn streams_depend_on_seed_and_key_only() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "seed", "users", 0);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "seed", "users", 0);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut r = stream(42, "seed", "users", 1);
                move |_| r.next_u64()
            })
            .collect();
        let d: Vec<u64> = (0..4)
            .map({
                let mut r = stream(43, "seed", "users", 0);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn block_zero_is_the_stream_and_blocks_differ() {
        let mut plain = stream(7, "seed", "q", 2);
        let mut b0 = block_stream(7, "seed", "q", 2, 0);
        let mut b1 = block_stream(7, "seed", "q", 2, 1);
        let first: Vec<u64> = (0..8).map(|_| plain.next_u64()).collect();
        assert_eq!(first, (0..8).map(|_| b0.next_u64()).collect::<Vec<_>>());
        assert_ne!(first, (0..8).map(|_| b1.next_u64()).collect::<Vec<_>>());
        // The same block twice is the same stream (a partition regenerates what another drew).
        let mut again = block_stream(7, "seed", "q", 2, 1);
        let mut b1 = block_stream(7, "seed", "q", 2, 1);
        assert_eq!(again.next_u64(), b1.next_u64());
    }
}
