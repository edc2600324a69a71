//! Themes: styles for roles named by meaning, read from TOML, embedded in the binary, with
//! user themes from the config folder and a downgrade to the terminal's colour depth.

use crate::cable::Classification;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! roles {
    ($($variant:ident => $name:literal, $letter:literal;)*) => {
        /// What a piece of the screen means; each theme gives every role a style.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Role { $($variant,)* }

        impl Role {
            /// Every role.
            pub const ALL: &'static [Role] = &[$(Role::$variant,)*];
            /// The key in a theme file.
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name,)* }
            }
            /// One letter per role, for role-grid snapshots.
            pub fn letter(self) -> char {
                match self { $(Role::$variant => $letter,)* }
            }
        }
    };
}

roles! {
    Text => "text", 't';
    Muted => "muted", 'm';
    Title => "title", 'T';
    Border => "border", 'b';
    Selection => "selection", 's';
    HeaderLabel => "header_label", 'l';
    Gutter => "gutter", 'n';
    ClassUnknown => "class_unknown", '0';
    ClassUnclassified => "class_unclassified", 'u';
    ClassSbu => "class_sbu", 'o';
    ClassConfidential => "class_confidential", 'c';
    ClassSecret => "class_secret", 'x';
    Tag => "tag", 'g';
    Reference => "reference", 'r';
    Hit => "hit", 'h';
    CurrentHit => "current_hit", 'H';
    Bookmark => "bookmark", 'k';
    StatusBar => "status_bar", 'S';
    StatusKey => "status_key", 'K';
    Error => "error", 'E';
    Prompt => "prompt", 'p';
    Chart => "chart", 'C';
    Added => "added", '+';
    Removed => "removed", '-';
}

impl Role {
    /// The role of a classification level (headers, list column, portion markings).
    pub fn of_class(c: Classification) -> Role {
        match c {
            Classification::Unknown => Role::ClassUnknown,
            Classification::Unclassified => Role::ClassUnclassified,
            Classification::Sbu => Role::ClassSbu,
            Classification::Confidential => Role::ClassConfidential,
            Classification::Secret => Role::ClassSecret,
        }
    }
}

/// The built-in themes: (name, TOML).
pub const BUILTIN: &[(&str, &str)] = &[
    ("ansi", include_str!("../../themes/ansi.toml")),
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    (
        "solarized-dark",
        include_str!("../../themes/solarized-dark.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
    /// No colour at all (`NO_COLOR`, `--color never`): the mono theme.
    Mono,
}

impl ColorDepth {
    /// From `--color` (auto, truecolor, 256, 16, never) and the environment
    /// (`NO_COLOR`, `COLORTERM`, `TERM`), without querying the terminal.
    pub fn detect(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> ColorDepth {
        match flag.map(str::to_ascii_lowercase).as_deref() {
            Some("truecolor" | "24bit") => return ColorDepth::TrueColor,
            Some("256") => return ColorDepth::Ansi256,
            Some("16") => return ColorDepth::Ansi16,
            Some("never" | "none" | "mono") => return ColorDepth::Mono,
            _ => {}
        }
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::Mono;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        let term = env("TERM").unwrap_or_default();
        if term == "dumb" {
            ColorDepth::Mono
        } else if term.contains("256") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

/// A bad theme file, naming the file and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("theme {file}: {reason}")]
    Syntax { file: String, reason: String },
    #[error("theme {file}: `{key}`: unknown role")]
    UnknownRole { file: String, key: String },
    #[error("theme {file}: `{key}`: unknown colour `{value}`")]
    BadColor {
        file: String,
        key: String,
        value: String,
    },
    #[error("no theme named `{0}`")]
    NotFound(String),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleDef {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reverse: bool,
}

/// A theme: one style per role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: Vec<Style>,
}

fn parse_color(file: &str, key: String, value: &str) -> Result<Color, ThemeError> {
    value.parse::<Color>().map_err(|_| ThemeError::BadColor {
        file: file.to_string(),
        key,
        value: value.to_string(),
    })
}

impl Theme {
    /// A theme where every role has no style (the base of partial themes).
    fn blank(name: &str) -> Theme {
        Theme {
            name: name.to_string(),
            styles: vec![Style::default(); Role::ALL.len()],
        }
    }

    /// The style of `role`.
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(role as usize).copied().unwrap_or_default()
    }

    /// Set the style of `role`.
    pub fn set(&mut self, role: Role, style: Style) {
        if let Some(s) = self.styles.get_mut(role as usize) {
            *s = style;
        }
    }

    /// Read a theme from TOML; roles it leaves out keep the ansi theme's styles. `file`
    /// names the source in errors.
    pub fn from_toml(name: &str, file: &str, text: &str) -> Result<Theme, ThemeError> {
        let table: BTreeMap<String, StyleDef> =
            toml::from_str(text).map_err(|e| ThemeError::Syntax {
                file: file.to_string(),
                reason: e.message().to_string(),
            })?;
        let mut theme = if name == "ansi" {
            Theme::blank(name)
        } else {
            let mut base = Theme::ansi();
            base.name = name.to_string();
            base
        };
        for (key, def) in table {
            let role = Role::ALL
                .iter()
                .copied()
                .find(|r| r.name() == key)
                .ok_or_else(|| ThemeError::UnknownRole {
                    file: file.to_string(),
                    key: key.clone(),
                })?;
            let mut style = Style::default();
            if let Some(fg) = &def.fg {
                style = style.fg(parse_color(file, format!("{key}.fg"), fg)?);
            }
            if let Some(bg) = &def.bg {
                style = style.bg(parse_color(file, format!("{key}.bg"), bg)?);
            }
            let flags = [
                (def.bold, Modifier::BOLD),
                (def.dim, Modifier::DIM),
                (def.italic, Modifier::ITALIC),
                (def.underline, Modifier::UNDERLINED),
                (def.reverse, Modifier::REVERSED),
            ];
            for (on, m) in flags {
                if on {
                    style = style.add_modifier(m);
                }
            }
            theme.set(role, style);
        }
        Ok(theme)
    }

    /// The default theme: named ANSI colours only.
    pub fn ansi() -> Theme {
        // The embedded ansi theme is checked by a test; a blank theme is the fallback.
        Theme::builtin("ansi").unwrap_or_else(|_| Theme::blank("ansi"))
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Result<Theme, ThemeError> {
        let (name, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| ThemeError::NotFound(name.to_string()))?;
        Theme::from_toml(name, &format!("(built-in) {name}.toml"), text)
    }

    /// A theme by name: `<dir>/themes/<name>.toml` if it exists, else the built-in one.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        if let Some(dir) = config_dir {
            let path = dir.join("themes").join(format!("{name}.toml"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Theme::from_toml(name, &path.display().to_string(), &text);
            }
        }
        Theme::builtin(name)
    }

    /// Names of the themes a user can cycle through: built-ins, then user themes.
    pub fn names(config_dir: Option<&Path>) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        if let Some(dir) = config_dir
            && let Ok(entries) = std::fs::read_dir(dir.join("themes"))
        {
            let mut user: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "toml").then(|| p.file_stem()?.to_str().map(String::from))?
                })
                .filter(|n| !names.contains(n))
                .collect();
            user.sort();
            names.extend(user);
        }
        names
    }

    /// This theme as the terminal can show it: RGB to the nearest of 256 colours; on 16
    /// colours a theme with RGB or indexed colours becomes the ansi theme; mono is mono.
    pub fn for_depth(self, depth: ColorDepth) -> Theme {
        match depth {
            ColorDepth::TrueColor => self,
            ColorDepth::Ansi256 => {
                let mut t = self;
                for s in &mut t.styles {
                    s.fg = s.fg.map(to_256);
                    s.bg = s.bg.map(to_256);
                }
                t
            }
            ColorDepth::Ansi16 => {
                let rich = self.styles.iter().any(|s| {
                    [s.fg, s.bg]
                        .iter()
                        .any(|c| matches!(c, Some(Color::Rgb(..) | Color::Indexed(_))))
                });
                if rich { Theme::ansi() } else { self }
            }
            ColorDepth::Mono => Theme::builtin("mono").unwrap_or_else(|_| Theme::blank("mono")),
        }
    }
}

/// The nearest xterm-256 entry of an RGB colour (cube or grey ramp).
pub fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else {
        return c;
    };
    let level = |v: u8| -> (u8, u8) {
        const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
        let mut best = 0;
        for (i, s) in STEPS.iter().enumerate() {
            if s.abs_diff(v) < STEPS[best].abs_diff(v) {
                best = i;
            }
        }
        (best as u8, STEPS[best])
    };
    let (ri, rv) = level(r);
    let (gi, gv) = level(g);
    let (bi, bv) = level(b);
    let cube = 16 + 36 * ri + 6 * gi + bi;
    let dist = |x: u8, y: u8, z: u8| {
        let d = |a: u8, b: u8| (a as i32 - b as i32).pow(2);
        d(r, x) + d(g, y) + d(b, z)
    };
    let avg = ((r as u16 + g as u16 + b as u16) / 3) as u8;
    let gray_i = if avg < 8 {
        0
    } else {
        ((avg as u16 - 8) / 10).min(23) as u8
    };
    let gv2 = 8 + 10 * gray_i;
    if dist(gv2, gv2, gv2) < dist(rv, gv, bv) {
        Color::Indexed(232 + gray_i)
    } else {
        Color::Indexed(cube)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_ansi_uses_named_colours_only() {
        for (name, _) in BUILTIN {
            assert!(Theme::builtin(name).is_ok(), "{name}");
        }
        let ansi = Theme::ansi();
        for role in Role::ALL {
            let s = ansi.style(*role);
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{role:?}");
            }
        }
    }

    #[test]
    fn depth_detection_follows_flag_then_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let truecolor = env(&[("COLORTERM", "truecolor"), ("TERM", "xterm")]);
        assert_eq!(ColorDepth::detect(None, &truecolor), ColorDepth::TrueColor);
        assert_eq!(
            ColorDepth::detect(Some("16"), &truecolor),
            ColorDepth::Ansi16
        );
        let no_color = env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")]);
        assert_eq!(ColorDepth::detect(None, &no_color), ColorDepth::Mono);
        let xterm = env(&[("TERM", "xterm-256color")]);
        assert_eq!(ColorDepth::detect(None, &xterm), ColorDepth::Ansi256);
    }

    #[test]
    fn rgb_maps_to_the_nearest_256_entry() {
        assert_eq!(to_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(128, 128, 128)), Color::Indexed(244));
        assert_eq!(to_256(Color::Red), Color::Red);
    }
}
