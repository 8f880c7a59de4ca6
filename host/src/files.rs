//! Reading and writing the files edg is pointed at (plans, parts, reports, manifests): reads
//! are bounded, so `/dev/zero` or a runaway file is an error instead of all the memory there is;
//! writes replace a regular file atomically but never turn a device, FIFO or symlink into one.

use std::io::{Read, Write};
use std::path::Path;

/// The most any JSON document edg reads back may hold (a report of 10,000 differing keys per
/// table is a few MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// Why a file could not be read back or will not be writable; the caller names the file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("larger than the {} MiB edg reads", .0 >> 20)]
    TooLarge(u64),
    #[error("not UTF-8 text")]
    NotUtf8,
    #[error("is a directory; name a file")]
    IsDirectory,
    #[error("its directory does not exist")]
    NoDirectory,
    #[error("its directory is not writable: {0}")]
    DirectoryNotWritable(#[source] std::io::Error),
}

/// The whole of a text file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<String, FileError> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge(limit));
    }
    String::from_utf8(bytes).map_err(|_| FileError::NotUtf8)
}

/// Write `text` to `path`. A regular file (or a new one) is written through a temporary file
/// and a rename, so a reader never sees half of it and a crash leaves the old one; anything
/// else that exists (`/dev/stdout`, a FIFO, a symlink) is written through, as a shell's `>` would.
pub fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            let mut f = std::fs::OpenOptions::new().write(true).truncate(true).open(path)?;
            return f.write_all(text.as_bytes()).and_then(|_| f.flush());
        }
        _ => {}
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Whether `path` can be written later: it is writable if it exists, or its directory exists
/// and it is no directory itself. Checked before long work, so a typo fails at once.
pub fn check_writable(path: &Path) -> Result<(), FileError> {
    if path.is_dir() {
        return Err(FileError::IsDirectory);
    }
    if path.exists() {
        return Ok(std::fs::OpenOptions::new().append(true).open(path).map(|_| ())?);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(FileError::NoDirectory);
    }
    let probe = parent.join(format!(".edg-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(FileError::DirectoryNotWritable)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Whether two paths name the same existing file (a manifest path that is the database, say).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded_and_devices_are_written_through() {
        assert!(read_bounded(Path::new("/dev/zero"), 1 << 10).unwrap_err().to_string().contains("larger than"));
        let dir = std::env::temp_dir().join(format!("edg-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("target.json");
        let link = dir.join("link.json");
        std::fs::write(&target, "old").unwrap();
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_replacing(&link, "new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        write_replacing(Path::new("/dev/null"), "x").unwrap();
        assert!(!std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_file());
        write_replacing(&target, "atomic").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "atomic");
        assert!(check_writable(&dir).is_err());
        assert!(check_writable(&dir.join("nope/x.json")).is_err());
        assert!(check_writable(&dir.join("fresh.json")).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
