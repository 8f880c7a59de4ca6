//! One row's random source, seeded with that row's value of the host's stream.

/// SplitMix64 over the row's seed. Every row takes exactly one value of the host's stream, so
/// a row's draws depend only on edg's seed and the row's position.
#[derive(Clone, Debug)]
pub struct RowRng {
    state: u64,
}

impl RowRng {
    /// A source seeded with the row's value of the host's stream.
    pub fn new(seed: u64) -> Self {
        RowRng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The high 32 bits of the next draw.
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in [0, n), unbiased (Lemire's method); 0 when n is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        loop {
            let (hi, lo) = wide_mul(self.next_u64(), n);
            if lo >= n || lo >= n.wrapping_neg() % n {
                return hi;
            }
        }
    }

    /// Uniform in [lo, hi] (inclusive; bounds in either order).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        let span = (hi as i128 - lo as i128 + 1) as u128;
        if span > u64::MAX as u128 {
            return self.next_u64() as i64;
        }
        (lo as i128 + self.below(span as u64) as i128) as i64
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// One member of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Fill `dst` with random bytes.
    pub fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

/// The 128-bit product of `x` and `n` as (high, low) halves. On wasm32 a `u128` multiply is a
/// call to `__multi3`, which cost more than the rest of a draw; `n` below 2^32 needs two 64-bit
/// multiplies. The same result either way.
fn wide_mul(x: u64, n: u64) -> (u64, u64) {
    if n >> 32 != 0 {
        let m = x as u128 * n as u128;
        return ((m >> 64) as u64, m as u64);
    }
    let (p_hi, p_lo) = ((x >> 32) * n, (x & 0xffff_ffff) * n);
    let lo = (p_hi << 32).wrapping_add(p_lo);
    let carry = ((p_hi & 0xffff_ffff) + (p_lo >> 32)) >> 32;
    ((p_hi >> 32) + carry, lo)
}

/// For crates built on `rand` (the `fake` crate): a row's source as a `rand_core` generator.
impl rand_core::TryRng for RowRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.next_u64() >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.fill_bytes(dst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_uniform_in_their_ranges_and_repeatable() {
        let mut a = RowRng::new(7);
        let mut b = RowRng::new(7);
        let xs: Vec<u64> = (0..1000).map(|_| a.below(10)).collect();
        assert_eq!(xs, (0..1000).map(|_| b.below(10)).collect::<Vec<_>>());
        assert!(xs.iter().all(|x| *x < 10));
        for d in 0..10 {
            let n = xs.iter().filter(|x| **x == d).count();
            assert!((60..140).contains(&n), "digit {d}: {n}");
        }
        let mut r = RowRng::new(1);
        assert!((0..1000).map(|_| r.range(-3, 3)).all(|x| (-3..=3).contains(&x)));
        assert!((0..1000).map(|_| r.unit()).all(|x| (0.0..1.0).contains(&x)));
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn wide_mul_matches_u128() {
        for (x, n) in [(u64::MAX, 7u64), (12345, 1 << 40), (u64::MAX, u32::MAX as u64), (0, 5)] {
            let m = x as u128 * n as u128;
            assert_eq!(wide_mul(x, n), ((m >> 64) as u64, m as u64));
        }
    }
}
