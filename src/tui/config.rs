//! `config.toml`: theme, colour depth, mouse, default archive and key overrides. Read at the
//! binary's edge and handed to the TUI as a value; tests never read the user's files.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default configuration, printed by `cables config --print-default`.
pub const DEFAULT: &str = r#"# cables configuration. Every setting is optional.

# Colour theme: ansi (follows your terminal's palette), dark, light, high-contrast,
# solarized-dark, mono, or the name of a file in the themes/ folder next to this file.
theme = "ansi"

# Colour depth: auto, truecolor, 256, 16, never. auto reads COLORTERM, TERM and NO_COLOR.
color = "auto"

# Capture the mouse for wheel scrolling. Off by default: capture stops your terminal from
# selecting text to copy (hold shift to select while it is on). W toggles it.
mouse = false

# y in the reader copies the paragraph on top (or the paragraphs selected with v) with its
# citation to your clipboard, through the terminal (OSC 52: works over SSH; in tmux, set
# `set -g set-clipboard on`). false turns it off.
clipboard = true

# The archive opened when no --archive is given (a folder, a cables.csv, site pages).
# archive = "/data/cablegate"

# Key overrides, per context (global, list, reader, references, bookmarks, help, and input
# for the editing keys of every prompt): command = [keys]. Command names are listed by `?`
# in the app. An empty list unbinds a command.
[keys.reader]
# next_paragraph = ["}", "]"]
# search = ["/"]
"#;

/// A bad config file, naming the file and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Syntax { path: PathBuf, reason: String },
    #[error("{path}: `{key}`: {reason}")]
    Value {
        path: PathBuf,
        key: &'static str,
        reason: String,
    },
    #[error("{path}: {source}")]
    Keys {
        path: PathBuf,
        #[source]
        source: super::keymap::KeymapError,
    },
}

/// The settings of `config.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub theme: Option<String>,
    pub color: Option<String>,
    #[serde(default)]
    pub mouse: bool,
    /// `y` copies through the terminal (OSC 52); `None`: on.
    pub clipboard: Option<bool>,
    pub archive: Option<PathBuf>,
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Config {
    /// Read a config from TOML text; `path` names it in errors. Key overrides are checked.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })?;
        config.keymap(path)?;
        Ok(config)
    }

    /// Read the config file at `path`; a missing file is the default config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Check what parsing cannot: the colour depth is one of [`COLOR_DEPTHS`] and the
    /// theme exists (built in, or a valid file in `config_dir`'s themes/ folder).
    pub fn check(&self, path: &Path, config_dir: Option<&Path>) -> Result<(), ConfigError> {
        let bad = |key, reason: String| ConfigError::Value {
            path: path.to_path_buf(),
            key,
            reason,
        };
        if let Some(color) = &self.color
            && !COLOR_DEPTHS.contains(&color.to_ascii_lowercase().as_str())
        {
            return Err(bad(
                "color",
                format!("unknown colour depth `{color}` (auto, truecolor, 256, 16, never)"),
            ));
        }
        if let Some(theme) = &self.theme {
            super::theme::Theme::load(theme, config_dir).map_err(|e| {
                let names = super::theme::Theme::names(config_dir).join(", ");
                bad("theme", format!("{e} (themes: {names})"))
            })?;
        }
        Ok(())
    }

    /// The default keymap with this config's overrides.
    pub fn keymap(&self, path: &Path) -> Result<super::keymap::Keymap, ConfigError> {
        let mut keymap = super::keymap::Keymap::defaults();
        keymap
            .apply_overrides(&self.keys)
            .map_err(|source| ConfigError::Keys {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(keymap)
    }
}

/// The colour depths `color` (and `--color`) accept.
pub const COLOR_DEPTHS: &[&str] = &[
    "auto",
    "truecolor",
    "24bit",
    "256",
    "16",
    "never",
    "none",
    "mono",
];

/// The user's config folder ([`crate::folders::config`]), if there is a home.
pub fn dir() -> Option<PathBuf> {
    crate::folders::config()
}

/// The path of `config.toml`.
pub fn path() -> Option<PathBuf> {
    dir().map(|d| d.join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_config_parses_to_the_defaults() {
        let c = Config::parse(Path::new("config.toml"), DEFAULT).ok();
        assert_eq!(c.as_ref().and_then(|c| c.theme.as_deref()), Some("ansi"));
        assert_eq!(c.map(|c| c.mouse), Some(false));
    }

    #[test]
    fn clipboard_false_turns_y_off() {
        let p = Path::new("config.toml");
        let on = Config::parse(p, DEFAULT).ok().and_then(|c| c.clipboard);
        assert_eq!(on, Some(true));
        let Ok(config) = Config::parse(p, "clipboard = false") else {
            panic!("clipboard = false parses");
        };
        let options = crate::tui::TuiOptions {
            config,
            ..Default::default()
        };
        let app = crate::tui::build_app(crate::archive::Archive::demo(), &options);
        assert!(!app.clipboard);
        let app = crate::tui::build_app(crate::archive::Archive::demo(), &Default::default());
        assert!(app.clipboard);
    }

    #[test]
    fn bad_configs_name_file_and_key() {
        let p = Path::new("/tmp/c.toml");
        let e = Config::parse(p, "colour = 1").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.starts_with("/tmp/c.toml:") && e.contains("colour")));
        let e = Config::parse(p, "[keys.reader]\nsearch = [\"hyper-s\"]")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("/tmp/c.toml: keys.reader.search: unknown key `hyper-s`")
        );
    }
}
