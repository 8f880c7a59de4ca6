//! edg's built-in generator component.
//!
//! Every random bit comes from the host's `rng` import through [`HostRng`], so the host alone
//! decides what a seed produces. Arguments are parsed once per batched call into a [`Gen`]
//! closure that is then run once per row.

mod args;
mod catalog;
mod dist;
mod misc;
mod patterns;
mod temporal;

wit_bindgen::generate!({
    world: "generator-plugin",
    path: "../../wit",
});

use exports::edg::plugin::generator::{Guest, Info};
use edg::plugin::types::Value;

/// The host's random stream, as a `rand` generator.
pub struct HostRng;

impl rand_core::TryRng for HostRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(edg::plugin::rng::next_u64() as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(edg::plugin::rng::next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        let bytes = edg::plugin::rng::fill_bytes(dst.len() as u32);
        dst.copy_from_slice(&bytes);
        Ok(())
    }
}

/// A prepared call: arguments already parsed, one value per invocation.
pub type Gen = Box<dyn FnMut(&mut HostRng) -> Result<Value, String>>;

struct Faker;

impl Guest for Faker {
    fn describe() -> Info {
        Info {
            name: "faker".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            functions: catalog::functions(),
        }
    }

    fn call(name: String, args: Vec<Value>, rows: u32) -> Result<Vec<Value>, String> {
        let mut generator = catalog::prepare(&name, &args)?;
        let mut rng = HostRng;
        (0..rows).map(|_| generator(&mut rng)).collect()
    }
}

export!(Faker);
