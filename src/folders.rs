//! The one place that decides where `cables` keeps its files: the config, data and cache
//! folders. Each is its environment variable when set (tests give every process its own,
//! `tests/sandbox`), else the platform's folder for `cables` (`directories`: on Linux
//! `~/.config/cables`, `~/.local/share/cables`, `~/.cache/cables`). Read at the program's
//! edge and handed down: nothing below `main` and the CLI asks the environment.

use std::path::{Path, PathBuf};

/// Overrides the config folder (`config.toml`, user themes).
pub const CONFIG_DIR_ENV: &str = "CABLES_CONFIG_DIR";
/// Overrides the data folder (bookmarks, sessions, `cables serve`'s keys and users).
pub const DATA_DIR_ENV: &str = "CABLES_DATA_DIR";
/// Overrides the cache folder (the archives' catalogs and keyword indexes); `--cache-dir`
/// (which clap also reads from this variable) wins over both.
pub const CACHE_DIR_ENV: &str = "CABLES_CACHE_DIR";

/// The config folder; `None` when there is no home folder.
pub fn config() -> Option<PathBuf> {
    from_env(CONFIG_DIR_ENV).or_else(|| platform(|d| d.config_dir()))
}

/// The data folder; `None` when there is no home folder.
pub fn data() -> Option<PathBuf> {
    from_env(DATA_DIR_ENV).or_else(|| platform(|d| d.data_dir()))
}

/// The cache folder: `flag` (`--cache-dir`) when given, else the environment, else the
/// platform's; `None` when there is no home folder.
pub fn cache(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| from_env(CACHE_DIR_ENV))
        .or_else(|| platform(|d| d.cache_dir()))
}

/// A variable's value as a folder; unset or empty is no folder.
fn from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn platform(pick: impl Fn(&directories::ProjectDirs) -> &Path) -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cables").map(|d| pick(&d).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::cache;
    use std::path::Path;

    #[test]
    fn the_cache_flag_wins() {
        assert_eq!(
            cache(Some(Path::new("/tmp/x"))).as_deref(),
            Some(Path::new("/tmp/x"))
        );
    }
}
