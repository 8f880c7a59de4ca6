//! edg: seed two databases with identical generated data and verify them row by row.

pub mod cli;
pub mod column;
pub mod commands;
pub mod config;
pub mod driver;
pub mod dsn;
pub mod exit;
pub mod expr;
#[doc(hidden)]
pub mod fuzzing;
pub mod key;
pub mod logging;
pub mod manifest;
pub mod plugin;
pub mod progress;
pub mod redact;
pub mod render;
pub mod rng;
pub mod seed;
pub mod sync;
pub mod value;
pub mod verify;
