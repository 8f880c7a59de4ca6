//! Exit codes: the contract scripts and CI rely on, in one place.

/// Success; for `sync verify`, every table matched.
pub const OK: i32 = 0;
/// `sync verify` found differences (MISMATCH, MISSING or EXTRA rows).
pub const DIFFERENCES: i32 = 1;
/// Usage, configuration, connection, plugin or runtime error.
pub const ERROR: i32 = 2;
/// Stopped by Ctrl-C (SIGINT) before the work was done: 128 + 2, as a shell reports it.
pub const INTERRUPTED: i32 = 130;
