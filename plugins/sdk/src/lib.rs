//! Write edg plugins: data generators and value normalizers, as WebAssembly components.
//!
//! # The contract in brief
//! - **Determinism.** A generator draws every random bit from the host: for a batch of `rows`
//!   values it receives one 64-bit seed per row, and [`RowRng`] derives that row's draws from
//!   it. A row's value then depends only on edg's `--rng-seed` and the row's position, not on
//!   how rows are batched, and both database sides get the same values.
//! - **Calls.** `describe()` lists the functions ([`FunctionDoc`]); `call(name, args, rows)`
//!   checks the arguments once ([`Args`], errors name the function and the argument) and makes
//!   `rows` values. `rows = 0` only checks the arguments: edg does that when a config loads,
//!   so a bad constant argument fails before anything is written.
//! - **Columns.** Values travel as a column ([`ColumnBuilder`] picks the cheapest shape: one
//!   buffer of text, a vector of integers…). In a text column, `nulls` is one flag per value or
//!   empty when no value is NULL.
//! - **Errors** are strings shown to the user on one line: name the function and argument.
//! - **Limits.** A call has a time limit (`--plugin-timeout`, 2 s by default) and the instance a
//!   memory cap (`--plugin-memory-mib`, 64 MiB): keep per-call buffers proportional to `rows`.
//!
//! Implement [`Generator`] and call [`export_generator!`], or [`Normalizer`] and
//! [`export_normalizer!`]. `edg plugins new NAME` writes a ready-to-build project.

// The crate strangers program against: every public item says what it is for.
#![deny(missing_docs)]

pub mod args;
mod column;
pub mod describe;
pub mod generator;
pub mod normalizer;
mod rng;

pub use args::Args;
pub use column::ColumnBuilder;
pub use describe::{FunctionDoc, Kind};
pub use generator::{Gen, Generator, Prepared, TextGen};
pub use normalizer::{ColumnSpec, Normalizer, NormalizerInfo};
pub use rng::RowRng;

/// The WIT bindings (`wit/`, package `edg:plugin@0.1.0`). Plugins use the SDK's types; the
/// export macros use these.
#[doc(hidden)]
pub mod bindings {
    pub mod generator {
        wit_bindgen::generate!({
            world: "generator-plugin",
            path: "wit",
            additional_derives: [PartialEq],
            pub_export_macro: true,
            export_macro_name: "__export_generator",
            default_bindings_module: "edg_plugin_sdk::bindings::generator",
        });
    }
    pub mod normalizer {
        wit_bindgen::generate!({
            world: "normalizer-plugin",
            path: "wit",
            pub_export_macro: true,
            export_macro_name: "__export_normalizer",
            default_bindings_module: "edg_plugin_sdk::bindings::normalizer",
            // One `Value` type for both worlds.
            with: { "edg:plugin/types@0.1.0": super::generator::edg::plugin::types },
        });
    }
}

pub use bindings::generator::edg::plugin::types::{RawColumn, Scalar, Timestamp, Value, ValueColumn};

/// The host's run clock (nanoseconds since 1970), one instant per edg command: what functions
/// defined by "now" use instead of a wall clock, so both sides of a run agree.
pub fn run_clock_nanos() -> i64 {
    static CLOCK: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *CLOCK.get_or_init(bindings::generator::edg::plugin::clock::run_clock)
}

/// Export a [`Generator`] as this component's `generator` interface.
#[macro_export]
macro_rules! export_generator {
    ($t:ty) => {
        // Exported only in the component: a native build (`cargo test`) has no host to call it.
        #[cfg(target_family = "wasm")]
        const _: () = {
            struct EdgSdkGenerator;
            impl $crate::bindings::generator::exports::edg::plugin::generator::Guest for EdgSdkGenerator {
                fn describe() -> $crate::bindings::generator::exports::edg::plugin::generator::Info {
                    $crate::generator::describe::<$t>()
                }
                fn call(name: String, args: Vec<$crate::Value>, rows: u32) -> Result<$crate::ValueColumn, String> {
                    $crate::generator::call::<$t>(&name, &args, rows)
                }
            }
    $crate::bindings::generator::__export_generator!(EdgSdkGenerator with_types_in $crate::bindings::generator);
        };
    };
}

/// Export a [`Normalizer`] as this component's `normalizer` interface.
#[macro_export]
macro_rules! export_normalizer {
    ($t:ty) => {
        #[cfg(target_family = "wasm")]
        const _: () = {
            struct EdgSdkNormalizer;
            impl $crate::bindings::normalizer::exports::edg::plugin::normalizer::Guest for EdgSdkNormalizer {
                fn describe() -> $crate::bindings::normalizer::exports::edg::plugin::normalizer::Info {
                    $crate::normalizer::describe::<$t>()
                }
                fn normalize(
                    column: $crate::bindings::normalizer::exports::edg::plugin::normalizer::Column,
                    values: Vec<$crate::Value>,
                ) -> Result<Vec<$crate::Value>, String> {
                    $crate::normalizer::normalize::<$t>(column.into(), values)
                }
                fn normalize_raw(
                    column: $crate::bindings::normalizer::exports::edg::plugin::normalizer::Column,
                    values: $crate::RawColumn,
                ) -> Result<$crate::ValueColumn, String> {
                    $crate::normalizer::normalize_raw::<$t>(column.into(), values)
                }
            }
            $crate::bindings::normalizer::__export_normalizer!(EdgSdkNormalizer with_types_in $crate::bindings::normalizer);
        };
    };
}
