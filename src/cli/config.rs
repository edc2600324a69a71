//! `cables config`.

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

/// Run `cables config`.
pub fn run(_args: &ConfigArgs) -> anyhow::Result<i32> {
    anyhow::bail!("configuration is not available yet")
}
