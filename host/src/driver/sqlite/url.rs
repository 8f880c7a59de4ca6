//! SQLite connection strings: a file path, `sqlite:path`, `sqlite://path` or `:memory:`.

use crate::driver::DriverError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::str::FromStr;

/// A file path, `sqlite:path`, `sqlite://path` or `:memory:`; with `create`, a missing file
/// is created (seeding), without it a missing file is an error (verify reads what exists).
pub fn sqlite_options(s: &str, create: bool) -> Result<SqliteConnectOptions, DriverError> {
    let path = path_of(s);
    if path.trim().is_empty() {
        return Err(DriverError::Url(format!("empty SQLite path in {s:?}: give a file path, sqlite:path or :memory:")));
    }
    let memory = path == ":memory:" || s.contains("mode=memory");
    if !create && !memory && !std::path::Path::new(path).exists() {
        return Err(DriverError::Url(format!("SQLite database {path:?} does not exist")));
    }
    let opts = if s.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(s).map_err(|e| DriverError::Url(e.to_string()))?
    } else if s == ":memory:" {
        SqliteConnectOptions::from_str("sqlite::memory:").map_err(|e| DriverError::Url(e.to_string()))?
    } else {
        SqliteConnectOptions::new().filename(s)
    };
    Ok(opts
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(10)))
}

/// The file path of a connection string (`sqlite:path?mode=…` → `path`).
pub fn path_of(s: &str) -> &str {
    let path = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")).unwrap_or(s);
    path.split('?').next().unwrap_or("")
}

/// The database file a connection string names, as an absolute path where it exists.
pub fn identity(s: &str) -> String {
    let path = path_of(s);
    std::fs::canonicalize(path).map_or_else(|_| path.to_string(), |p| p.display().to_string())
}
