//! `cables config`.

use crate::cable::sanitize::shown_path;
use crate::tui::config;
use std::io::Write;

/// Options of `cables config`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print the path of the configuration file.
    #[arg(long)]
    pub path: bool,
    /// Print the default configuration.
    #[arg(long)]
    pub print_default: bool,
}

/// Run `cables config`: without an option, print the path and check the file.
pub fn run(args: &ConfigArgs) -> anyhow::Result<i32> {
    if args.print_default {
        write!(std::io::stdout(), "{}", config::DEFAULT)?;
        return Ok(0);
    }
    let Some(path) = config::path() else {
        anyhow::bail!("no home folder: cannot place a configuration file");
    };
    writeln!(std::io::stdout(), "{}", shown_path(&path))?;
    if args.path {
        return Ok(0);
    }
    if path.exists() {
        config::Config::load(&path)?.check(&path, path.parent())?;
        crate::output::report("the file is valid");
    } else {
        crate::output::report(&format!(
            "no file yet: `cables config --print-default > {}`",
            shown_path(&path)
        ));
    }
    Ok(0)
}
