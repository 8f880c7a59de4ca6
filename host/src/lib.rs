//! edg: seed two databases with identical generated data and verify them row by row.
//!
//! # Values and rows: one type per purpose
//! - [`expr::EValue`]: a value while a config's expressions are evaluated (expr-lang's value:
//!   integers, floats, strings, bytes, arrays, maps, nil). Seed binds these into statements.
//! - [`value::Value`]: a typed, canonical value as the host and the plugins exchange it (the
//!   WIT `value`: NULL, integer, float, exact decimal text, text, bytes, bool, timestamp, date,
//!   time, UUID, JSON). Datasets, catalog answers and re-checked rows use it.
//! - [`value::RawColumn`]: one column's values back to back in one buffer (the WIT
//!   `raw-column`): how drivers read verify's pages and how most of them cross into a normalizer.
//! - [`column::Column`] and [`column::Cell`]: a normalised column of a page (typed vectors or a
//!   buffer) and one value of it, borrowed; the merge compares these, a block at a time.
//! - [`driver::Rows`] / [`driver::RawRows`]: a result set as rows of `Value`s, or as one
//!   `RawColumn` per column.
//! - [`manifest::Manifest`]: what `sync run --manifest` recorded of the source's commits.

pub mod cli;
pub mod clock;
pub mod column;
pub mod commands;
pub mod config;
pub mod driver;
pub mod dsn;
pub mod exit;
pub mod expr;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod key;
pub mod logging;
pub mod manifest;
pub mod output;
pub mod plugin;
pub mod progress;
pub mod redact;
pub mod render;
pub mod rng;
pub mod seed;
pub mod sync;
pub mod value;
pub mod verify;
pub mod workload;
