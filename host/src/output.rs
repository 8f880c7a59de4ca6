//! Where results go. Standard output for a command's results: a reader that went away
//! (`edg … | head`) is not an error, so the command runs on and its exit code still says what it
//! found (a verify that found differences exits 1 whatever happened to the pipe); any other
//! write error (`> /dev/full`) is. Standard error for log and error lines: a write that fails
//! there has nowhere to be reported, so it is dropped instead of aborting the run.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Standard output, tolerant of a closed pipe (see the module's text).
pub struct Stdout;

pub fn stdout() -> Stdout {
    Stdout
}

/// Whether the reader of standard output went away.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

fn tolerate(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !stdout_closed() {
            tolerate(std::io::stdout().lock().write_all(buf))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if stdout_closed() { Ok(()) } else { tolerate(std::io::stdout().lock().flush()) }
    }
}

/// One line on standard error; a failure to write it is ignored (see the module's text).
pub fn error_line(line: &str) {
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{line}").and_then(|_| e.flush());
}

/// Several lines on standard error (a usage error as clap formats it), written at once.
pub fn error_text(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes()).and_then(|_| e.flush());
}

/// Standard error for the logger: failed writes are dropped, not raised.
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().lock().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().lock().flush();
        Ok(())
    }
}
