//! The `cables` binary: parses options, then runs a subcommand or the TUI.

use cables::cli::{self, Cli};
use clap::Parser;
use std::io::IsTerminal;

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => cli::run(&args, command)?,
        None => {
            if !std::io::stdout().is_terminal() {
                eprintln!(
                    "cables: standard output is not a terminal; use `cables list` or `cables show ID` in a pipe"
                );
                2
            } else {
                let archive = cli::open_archive(&args)?;
                let options = cables::tui::TuiOptions {
                    theme: args.theme.clone(),
                    color: args.color.clone(),
                };
                cables::tui::run(archive, options)?;
                0
            }
        }
    };
    std::process::exit(code);
}
