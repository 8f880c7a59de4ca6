//! edg: seed two databases with identical generated data and verify them row by row.

pub mod exit;
pub mod logging;
pub mod plugin;
pub mod progress;
pub mod redact;
pub mod rng;
pub mod value;
pub mod config;
pub mod expr;
pub mod driver;
pub mod render;
pub mod seed;
pub mod cli;
pub mod sync;
pub mod verify;
