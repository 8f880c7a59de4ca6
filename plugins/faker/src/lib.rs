//! edg's built-in generator component, on the plugin SDK.
//!
//! Every random bit comes from the host's `rng` import through the SDK's per-row source
//! ([`HostRng`]), so the host alone decides what a seed produces. Arguments are parsed once per
//! batched call into a [`Prepared`] value that is then run once per row.

// Natively (`cargo test`) nothing is exported, so only the unit tests reach the catalogue.
#![cfg_attr(not(target_family = "wasm"), allow(dead_code))]

mod catalog;
mod dist;
mod ids;
mod misc;
mod patterns;
mod sums;
mod temporal;

pub use edg_plugin_sdk::args;
pub use edg_plugin_sdk::generator::{Gen, Prepared, TextGen, TypedGen};
pub use edg_plugin_sdk::{RowRng as HostRng, run_clock_nanos};

/// A choice among fixed values (the `set_*` functions): the index of the value a row gets.
pub type Pick = Box<dyn FnMut(&mut HostRng) -> usize>;
pub type FloatGen = TypedGen<f64>;
pub type IntGen = TypedGen<i64>;

pub fn run_clock_secs() -> i64 {
    run_clock_nanos().div_euclid(1_000_000_000)
}

struct Faker;

impl edg_plugin_sdk::Generator for Faker {
    const NAME: &'static str = "faker";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn functions() -> Vec<edg_plugin_sdk::FunctionDoc> {
        catalog::functions()
    }

    fn prepare(function: &str, args: &edg_plugin_sdk::Args) -> Result<Prepared, String> {
        catalog::prepare(function, args.values)
    }
}

edg_plugin_sdk::export_generator!(Faker);
