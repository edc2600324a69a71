//! Every process a test starts runs in a sandbox: its own HOME, XDG folders and cables
//! config, data and cache folders, so no test reads or writes the user's files
//! (`~/.config`, `~/.local/share`, `~/.cache`). Helpers set these first; a test that needs
//! a folder of its own sets it after, and the later value wins.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support: a failure fails the test loudly"
)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A folder for this test process, under cargo's `target/tmp`, made on first use.
pub fn root() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    ROOT.get_or_init(|| {
        match tempfile::Builder::new()
            .prefix("sandbox-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        {
            Ok(dir) => dir,
            Err(e) => panic!("cannot make a sandbox folder: {e}"),
        }
    })
    .path()
}

/// The environment of a process sandboxed in `root`.
pub fn env_in(root: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("HOME", root.join("home")),
        ("XDG_CONFIG_HOME", root.join("xdg-config")),
        ("XDG_DATA_HOME", root.join("xdg-data")),
        ("XDG_CACHE_HOME", root.join("xdg-cache")),
        // The variables `cables::folders` reads: the one place folders are resolved.
        (cables::folders::CONFIG_DIR_ENV, root.join("config")),
        (cables::folders::DATA_DIR_ENV, root.join("data")),
        (cables::folders::CACHE_DIR_ENV, root.join("cache")),
    ]
}

/// The environment of a process sandboxed in this test process's [`root`].
pub fn env() -> Vec<(&'static str, PathBuf)> {
    env_in(root())
}

/// `cables` (the binary under test), sandboxed, with no archive from the environment.
pub fn cables() -> assert_cmd::Command {
    let mut cmd = match assert_cmd::Command::cargo_bin("cables") {
        Ok(c) => c,
        Err(e) => panic!("binary: {e}"),
    };
    cmd.envs(env()).env_remove("CABLES_ARCHIVE");
    cmd
}
