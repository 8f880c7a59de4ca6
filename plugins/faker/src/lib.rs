//! edg's built-in generator component.
//!
//! Every random bit comes from the host's `rng` import through [`HostRng`], so the host alone
//! decides what a seed produces. Arguments are parsed once per batched call into a [`Gen`]
//! closure that is then run once per row.

mod args;
mod catalog;
mod column;
mod dist;
mod ids;
mod misc;
mod parts;
mod patterns;
mod temporal;

wit_bindgen::generate!({
    world: "generator-plugin",
    path: "../../wit",
});

use edg::plugin::types::{RawColumn, Value, ValueColumn};
use exports::edg::plugin::generator::{Guest, Info};

/// One row's random source: SplitMix64 seeded with that row's value from the host stream.
///
/// Every row takes exactly one value of the host's stream, so a row's output depends only on
/// the host seed and the row's position, never on how rows are batched into calls; and one
/// import call per batch replaces several per value.
pub struct HostRng {
    state: u64,
}

impl HostRng {
    pub fn new(seed: u64) -> Self {
        HostRng { state: seed }
    }
}

impl rand_core::TryRng for HostRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

/// A prepared call: arguments already parsed, one value per invocation.
pub type Gen = Box<dyn FnMut(&mut HostRng) -> Result<Value, String>>;

/// A text generator that appends one value to a batch's buffer.
pub type TextGen = Box<dyn Fn(&mut HostRng, &mut String)>;

/// A choice among fixed values (the `set_*` functions): the index of the value a row gets.
pub type Pick = Box<dyn FnMut(&mut HostRng) -> usize>;

/// Numeric generators, straight into a typed column: no `Value` per row.
pub type TypedGen<T> = Box<dyn FnMut(&mut HostRng) -> Result<T, String>>;
pub type FloatGen = TypedGen<f64>;
pub type IntGen = TypedGen<i64>;

pub enum Prepared {
    Values(Gen),
    Floats(FloatGen),
    Ints(IntGen),
    Texts(TextGen),
    /// The chosen member is copied into the column; no value is built per row.
    Pick(Vec<Value>, Pick),
}

/// The host's run clock (see the `clock` interface), read once per instance: it never changes
/// within a command.
pub fn run_clock_nanos() -> i64 {
    static CLOCK: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *CLOCK.get_or_init(edg::plugin::clock::run_clock)
}

pub fn run_clock_secs() -> i64 {
    run_clock_nanos().div_euclid(1_000_000_000)
}

struct Faker;

impl Guest for Faker {
    fn describe() -> Info {
        Info { name: "faker".into(), version: env!("CARGO_PKG_VERSION").into(), functions: catalog::functions() }
    }

    fn call(name: String, args: Vec<Value>, rows: u32) -> Result<ValueColumn, String> {
        let prepared = catalog::prepare(&name, &args)?;
        let seeds = edg::plugin::rng::next_u64s(rows);
        match prepared {
            Prepared::Texts(write) => {
                let mut data = String::with_capacity(seeds.len() * 24);
                let mut ends = Vec::with_capacity(seeds.len());
                for seed in seeds {
                    write(&mut HostRng::new(seed), &mut data);
                    ends.push(data.len() as u32);
                }
                // No value is NULL: no flags cross (see `raw-column`).
                Ok(ValueColumn::Texts(RawColumn { data: data.into_bytes(), ends, nulls: Vec::new() }))
            }
            Prepared::Values(mut generator) => {
                let mut column = column::Builder::with_rows(seeds.len());
                for seed in seeds {
                    column.push(generator(&mut HostRng::new(seed))?);
                }
                Ok(column.finish())
            }
            Prepared::Floats(generator) => typed(seeds, generator).map(ValueColumn::Floats),
            Prepared::Ints(generator) => typed(seeds, generator).map(ValueColumn::Ints),
            Prepared::Pick(members, mut pick) => {
                let mut column = column::Builder::with_rows(seeds.len());
                for seed in seeds {
                    column.push_ref(&members[pick(&mut HostRng::new(seed))]);
                }
                Ok(column.finish())
            }
        }
    }
}

/// One value per row seed from a numeric generator, none of them NULL.
fn typed<T>(seeds: Vec<u64>, mut generator: TypedGen<T>) -> Result<Vec<Option<T>>, String> {
    seeds.into_iter().map(|seed| generator(&mut HostRng::new(seed)).map(Some)).collect()
}

export!(Faker);
