//! The `edg` binary: parse flags, start logging and the runtime, run the command, map the
//! outcome to an exit code. The command bodies are in `edg::commands`.

use anyhow::anyhow;
use edg::cli::Cli;
use edg::commands::{clap_outcome, command_finished, install_panic_hook, outcome, register_secrets};
use std::process::ExitCode;

// Verify and seed allocate a few small values per cell; glibc's allocator measured ~30% of
// verify's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    register_secrets();
    install_panic_hook();
    let cli = match Cli::parse_checked() {
        Ok(c) => c,
        Err(e) => return ExitCode::from(clap_outcome(&e) as u8),
    };
    edg::logging::init(cli.log_level());
    // Deeply nested configs and expressions are refused before they recurse, but the command
    // thread still gets room to spare: a stack overflow is an abort, not an error line.
    let worker = std::thread::Builder::new().stack_size(64 << 20).spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        // Commands run on this thread, outside the async runtime: wasm plugin calls must not
        // run inside it (WASI's blocking host calls would re-enter it); database I/O uses the handle.
        let result = edg::commands::run(cli, runtime.handle());
        // Dropping the runtime cancels the drivers' background tasks; their panics while it
        // does so are not the command's.
        command_finished();
        result
    });
    let result = match worker {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err(anyhow!("internal error: the command thread panicked"))),
        Err(e) => Err(anyhow!("starting the command thread: {e}")),
    };
    ExitCode::from(outcome(result) as u8)
}

/// mimalloc asks for transparent huge pages, so every fresh 2 MiB region is zeroed whole on
/// first touch; verify's page buffers keep landing on fresh regions. Without them (measured,
/// 1M-row verify, medians of 9): CPU 1.40 → 1.24 s, peak RSS 92 → 41 MB.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and affects this process alone.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
