//! How an outcome reaches the user: one scrubbed `ERROR` line for an error, a usage error or
//! a panic, and passwords registered before anything can print them.

use crate::{exit, redact};

/// Register the secrets of every argument and `EDG_*` variable: a URL may arrive either way.
pub fn register_secrets() {
    for arg in std::env::args().chain(std::env::vars().filter(|(k, _)| k.starts_with("EDG_")).map(|(_, v)| v)) {
        redact::register(&arg);
    }
}

/// The one line an error is printed as: scrubbed of passwords, on one line, and cut to a
/// readable length (an expression or a value echoed in full could be megabytes).
pub fn error_line(message: &str) -> String {
    const MAX: usize = 2000;
    let one = message.replace(['\n', '\r'], " ");
    let mut line = redact::scrub(&format!("ERROR {one}"));
    if line.len() > MAX {
        let cut = (0..=MAX).rev().find(|i| line.is_char_boundary(*i)).unwrap_or(0);
        line.truncate(cut);
        line.push('…');
    }
    line
}

/// An error and its causes on one line, as anyhow's `{:#}` joins them, but without a cause
/// whose text the error before it already ends with (errors that show their source in their
/// own text, as a driver's message usually is, would otherwise print it twice).
pub fn chain_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let t = cause.to_string();
        if text.is_empty() {
            text = t;
        } else if !text.ends_with(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
    }
    text
}

/// A usage error as clap formats it (the message, its tip, the `Usage:` line and the "try
/// --help" footer; the whole help when a subcommand is missing), scrubbed of passwords, each
/// line cut to a readable length, with edg's own tip where a user guessed a command's place:
/// `edg verify` is `edg sync verify`.
pub fn usage_text(e: &clap::Error) -> String {
    const MAX: usize = 2000;
    let mut text = String::new();
    for line in redact::scrub(&e.render().to_string()).lines() {
        let mut line = line.to_string();
        if line.len() > MAX {
            let cut = (0..=MAX).rev().find(|i| line.is_char_boundary(*i)).unwrap_or(0);
            line.truncate(cut);
            line.push('…');
        }
        text.push_str(&line);
        text.push('\n');
        if line.starts_with("error: unrecognized subcommand '") {
            let word = line.split('\'').nth(1).unwrap_or("");
            if SYNC_ONLY.contains(&word) {
                text.push_str(&format!("\n  tip: did you mean 'edg sync {word}'?\n"));
            }
        }
    }
    text
}

/// Subcommands that only `edg sync` has.
const SYNC_ONLY: &[&str] = &["verify"];

/// Set once the command has its outcome: what a driver's background task does while the
/// runtime is torn down after that (the MongoDB client's pool sends to a closed channel and
/// unwraps) must not turn a finished run's exit code into an internal error.
static FINISHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The command has its outcome; see `FINISHED`.
pub fn command_finished() {
    FINISHED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// A panic anywhere is a bug, but the user still gets one scrubbed line and exit code 2, and a
/// print to a closed stdout (a panic inside `println!`) ends the run quietly.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if FINISHED.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(exit::OK);
        }
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        crate::output::error_line(&error_line(&format!("internal error (a bug in edg, please report it): {msg}{at}")));
        std::process::exit(exit::ERROR);
    }));
    // A way to check the hook itself from the tests; it names nothing a user would set.
    if std::env::var_os("EDG_TEST_PANIC").is_some() {
        let url = std::env::var("EDG_TEST_PANIC").unwrap_or_default();
        panic!("test panic with {url}");
    }
}

/// What clap said instead of parsing: --help and --version on stdout (a closed stdout is not an
/// error, a full disk is), a usage error as clap formats it (the message, the usage line, the way
/// to --help). Returns the exit code.
pub fn clap_outcome(e: &clap::Error) -> i32 {
    if !e.use_stderr() {
        return match e.print() {
            Err(w) if w.kind() != std::io::ErrorKind::BrokenPipe => {
                crate::output::error_line(&error_line(&format!("writing the help: {w}")));
                exit::ERROR
            }
            _ => exit::OK,
        };
    }
    crate::output::error_text(&usage_text(e));
    exit::ERROR
}

/// A command's outcome as its exit code, its error printed as one line. A closed stdout
/// (`edg … | head`) is not a failure; Ctrl-C before anything was compared says only that.
pub fn outcome(result: anyhow::Result<i32>) -> i32 {
    let e = match result {
        Ok(code) => return code,
        Err(e) => e,
    };
    let broken_pipe = |c: &(dyn std::error::Error + 'static)| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    };
    if e.chain().any(broken_pipe) {
        return exit::OK;
    }
    if e.chain().any(|c| matches!(c.downcast_ref(), Some(crate::verify::VerifyError::Interrupted))) {
        crate::output::error_line(&error_line("interrupted before anything was compared"));
        return exit::INTERRUPTED;
    }
    crate::output::error_line(&error_line(&chain_text(&e)));
    exit::ERROR
}
