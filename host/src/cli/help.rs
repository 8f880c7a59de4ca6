//! Help in the forms shells and `man` read: completion scripts and a roff manual page, both
//! generated from the same clap definitions as `--help`.

use super::Cli;
use std::io::Write;
use std::path::Path;

/// Write `shell`'s completion script for `edg` on stdout.
pub fn completions(shell: clap_complete::Shell) -> std::io::Result<i32> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::clap_command(), "edg", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(crate::exit::OK)
}

/// Write the manual, `edg(1)`, on stdout (every subcommand's page after the top one); or, with
/// `dir`, one page per command as `DIR/edg.1`, `DIR/edg-sync.1`, `DIR/edg-sync-verify.1`, ….
pub fn man(dir: Option<&Path>) -> std::io::Result<i32> {
    let mut cmd = Cli::clap_command();
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "edg", &mut pages)?;
    match dir {
        None => {
            let mut out = std::io::stdout().lock();
            for (_, page) in &pages {
                out.write_all(page)?;
            }
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            for (name, page) in &pages {
                std::fs::write(dir.join(format!("{name}.1")), page)?;
            }
            tracing::info!(dir = %dir.display(), pages = pages.len(), "manual pages written");
        }
    }
    Ok(crate::exit::OK)
}

/// One page per command, then its subcommands' pages (`edg-sync`, `edg-sync-verify`, …).
fn collect(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone().name(name.to_string())).render(&mut page)?;
    page.extend_from_slice(environment(cmd).as_bytes());
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    pages.push((name.to_string(), page));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        collect(sub, &format!("{name}-{}", sub.get_name()), pages)?;
    }
    Ok(())
}

/// The ENVIRONMENT section: every variable a flag of this command reads, and edg's own.
fn environment(cmd: &clap::Command) -> String {
    let mut s = String::from(".SH ENVIRONMENT\n");
    for arg in cmd.get_arguments() {
        if let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) {
            s.push_str(&format!(".TP\n\\fB{}\\fR\nAs \\fB\\-\\-{}\\fR; the flag wins.\n", env.to_string_lossy(), long));
        }
    }
    s.push_str(
        ".TP\n\\fBEDG_LOG\\fR\nThe log filter (e.g. debug); wins over \\fB\\-q\\fR and \\fB\\-v\\fR.\n\
         .TP\n\\fBEDG_CACHE_DIR\\fR\nWhere compiled plugins are cached (default: the user's cache directory).\n",
    );
    s
}

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"\n\
.TP\n0\nSuccess; for \\fBsync verify\\fR, every row was compared and equal.\n\
.TP\n1\n\\fBsync verify\\fR found differences (MISMATCH, MISSING or EXTRA rows); \\fBrun\\fR: an expectation failed.\n\
.TP\n2\nA usage, configuration, connection, plugin or runtime error; nothing is called verified.\n\
.TP\n130\nInterrupted (Ctrl-C); \\fBsync verify\\fR first reports what it compared.\n";
