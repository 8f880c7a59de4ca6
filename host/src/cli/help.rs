//! Help in the forms shells and `man` read: completion scripts and a roff manual page, both
//! generated from the same clap definitions as `--help`.

use super::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Write `shell`'s completion script for `edg` on stdout.
pub fn completions(shell: clap_complete::Shell) -> std::io::Result<i32> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "edg", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(crate::exit::OK)
}

/// Write the manual page, `edg(1)`, on stdout: the top-level command and every subcommand.
pub fn man() -> std::io::Result<i32> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    render(&cmd, "edg", &mut out)?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(crate::exit::OK)
}

/// One page per command, then its subcommands' pages (`edg-sync`, `edg-sync-verify`, …).
fn render(cmd: &clap::Command, name: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd.clone().name(name.to_string())).render(out)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render(sub, &format!("{name}-{}", sub.get_name()), out)?;
    }
    Ok(())
}
