//! No panic on any screen at any size from 0x0 up; hostile cable text never reaches the
//! screen as control characters; theme and keymap fixtures give named errors.

mod tui_common;

use cables::cable::{Cable, Paragraph, ParagraphKind};
use cables::tui::config::Config;
use cables::tui::harness::Harness;
use cables::tui::theme::{Theme, ThemeError};
use std::path::Path;
use tui_common::harness;

const SIZES: &[(u16, u16)] = &[
    (0, 0),
    (1, 1),
    (2, 1),
    (1, 5),
    (5, 2),
    (10, 3),
    (20, 6),
    (40, 10),
    (79, 23),
    (80, 24),
    (139, 30),
    (140, 30),
    (200, 8),
    (300, 100),
];

/// A walk through every screen: list, reader, help, references, the thread, neighbours and
/// copies, prompts, side by side, facets off; each step is rendered.
const WALK: &[&str] = &[
    "", "enter", "G", "?", "G", "esc", "r", "j", "esc", ">", "t", "G", "j", "esc", "<", "c", "d",
    "n", "/", "esc", "e", "} } }", "tab", "5", "f", "esc", "v", "tab", "!", "G", "esc", "Q",
];

#[test]
fn every_screen_renders_at_every_size() {
    for (w, h) in SIZES {
        let mut hn = harness(*w, *h);
        for keys in WALK {
            hn.keys(keys);
            let text = hn.text();
            assert_eq!(text.lines().count(), *h as usize, "{keys:?} at {w}x{h}");
            if *w <= 80 {
                // Resizing down and up on that screen too.
                hn.resize(w / 2, h / 2);
                let _ = hn.text();
                hn.resize(*w, *h);
            }
        }
    }
}

#[test]
fn empty_and_odd_cables_render() {
    let odd = |text: &str| Cable {
        paragraphs: vec![Paragraph {
            n: 1,
            label: Some("ÉÉÉÉÉÉÉÉÉÉ".into()),
            marking: Some("((".into()),
            kind: ParagraphKind::Heading,
            text: text.into(),
        }],
        references: vec![String::new(), "東京".into()],
        tags: vec![String::new(), "X".into()],
        ..Cable::default()
    };
    for text in [
        "",
        " ",
        "東京都庁舎".repeat(50).as_str(),
        "a\u{301}".repeat(300).as_str(),
    ] {
        let cable = odd(text);
        for (w, h) in SIZES.iter().step_by(2) {
            let c = cable.clone();
            let mut hn = Harness::new(cables::archive::Archive::demo(), Theme::role_test(), *w, *h)
                .with_loader(Box::new(move |_| Some(c.clone())));
            hn.keys("enter G r j ? esc / esc");
            hn.type_text("東");
            hn.keys("enter n N");
            let _ = hn.text();
        }
    }
}

#[test]
fn control_characters_in_cable_text_never_reach_the_screen() {
    // The parser sanitizes at ingest; the demo archive path goes through it. ratatui drops
    // C0 controls by itself, so the text carries what it lets through: C1 controls (CSI,
    // NEL), bidi overrides and isolates, zero-width characters.
    let dir = tempfile::tempdir().expect("a temp folder");
    let hostile = "R 241050Z NOV 09\nFM AMEMBASSY PARIS\nTO SECSTATE WASHDC 1320\n\n\
                   C O N F I D E N T I A L PARIS 001320\n\n\
                   SUBJECT: EVIL \u{1b}]0;pwned\u{7}\u{1b}[2J TI\u{200b}TLE \u{202e}desrever\n\n\
                   1. (C) \u{9b}31m red \u{202e}txet\u{2066} isolated\u{2069} \u{85}next \
                   \u{feff}bom zero\u{200d}width.\n";
    std::fs::write(dir.path().join("09PARIS1320.txt"), hostile).expect("writes");
    std::fs::write(dir.path().join("bin.dat"), [0u8, 159, 146, 150, 27, 255]).expect("writes");
    let archive = cables::archive::Archive::open(dir.path());
    let Ok(archive) = archive else {
        panic!("the folder opens");
    };
    let mut h = Harness::new(archive, Theme::role_test(), 80, 24);
    let unsafe_char = |c: char| {
        c.is_control() && c != '\n'
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    for keys in ["", "enter", "q j enter"] {
        h.keys(keys);
        let text = h.text();
        assert!(
            !text.chars().any(unsafe_char),
            "control character on screen after {keys:?}: {text:?}"
        );
    }
    // The text around them is shown.
    assert!(h.text().contains("isolated"), "{}", h.text());
}

#[test]
fn a_bad_theme_file_names_the_file_and_key() {
    let e = Theme::from_toml("x", "x.toml", "tag = { fg = \"purplish\" }");
    assert_eq!(
        e.as_ref().err().map(|e| e.to_string()).as_deref(),
        Some("theme x.toml: `tag.fg`: unknown colour `purplish`")
    );
    let e = Theme::from_toml("x", "x.toml", "tags = { fg = \"red\" }");
    assert!(matches!(e, Err(ThemeError::UnknownRole { ref key, .. }) if key == "tags"));
    let e = Theme::from_toml("x", "x.toml", "tag = { colour = \"red\" }");
    assert!(matches!(e, Err(ThemeError::Syntax { ref file, .. }) if file == "x.toml"));
    // A partial theme keeps the defaults for what it leaves out.
    let t = Theme::from_toml("x", "x.toml", "tag = { fg = \"#ff0000\" }");
    let ansi = Theme::ansi();
    let t = t.ok();
    assert_eq!(
        t.as_ref().map(|t| t.style(cables::tui::theme::Role::Hit)),
        Some(ansi.style(cables::tui::theme::Role::Hit))
    );
}

#[test]
fn a_user_theme_dir_overrides_and_bad_files_are_reported_at_start() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let themes = dir.path().join("themes");
    std::fs::create_dir_all(&themes).ok();
    std::fs::write(themes.join("mine.toml"), "text = { fg = \"#102030\" }").ok();
    std::fs::write(themes.join("broken.toml"), "text = { fg = 7 }").ok();
    let names = Theme::names(Some(dir.path()));
    assert!(names.contains(&"mine".to_string()) && names.contains(&"broken".to_string()));
    let options = cables::tui::TuiOptions {
        theme: Some("mine".into()),
        color: Some("truecolor".into()),
        config_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let app = cables::tui::build_app(cables::archive::Archive::demo(), &options);
    assert_eq!(app.theme().name, "mine");
    let msg = app.message.map(|m| m.text).unwrap_or_default();
    assert!(msg.contains("broken.toml"), "{msg}");
}

#[test]
fn keymap_fixtures_from_config() {
    let p = Path::new("config.toml");
    let good = Config::parse(p, "[keys.list]\nopen = [\"o\", \"enter\"]\nquit = []\n");
    let keymap = good.ok().and_then(|c| c.keymap(p).ok());
    let keys = keymap.map(|k| {
        k.keys_for(
            cables::tui::keymap::Context::List,
            cables::tui::action::Command::Open,
        )
    });
    assert_eq!(keys, Some(vec!["o".to_string(), "enter".to_string()]));
    for (text, expected) in [
        (
            "[keys.lists]\nopen = [\"o\"]",
            "config.toml: keys.lists: unknown context",
        ),
        (
            "[keys.list]\nopen_it = [\"o\"]",
            "config.toml: keys.list.open_it: unknown command",
        ),
        (
            "[keys.list]\nopen = [\"ctrl-\"]",
            "config.toml: keys.list.open: unknown key `ctrl-`",
        ),
    ] {
        let e = Config::parse(p, text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with(expected), "{e}");
    }
}

#[test]
fn no_color_gives_the_mono_theme() {
    use cables::tui::theme::ColorDepth;
    let depth = ColorDepth::detect(None, &|k| (k == "NO_COLOR").then(|| "1".to_string()));
    assert_eq!(depth, ColorDepth::Mono);
    let t = Theme::builtin("dark").map(|t| t.for_depth(depth));
    assert_eq!(t.map(|t| t.name), Ok("mono".to_string()));
    let t = Theme::builtin("dark").map(|t| t.for_depth(ColorDepth::Ansi16));
    assert_eq!(t.map(|t| t.name), Ok("ansi".to_string()));
}

#[test]
fn without_colour_the_theme_cycle_has_no_duplicates() {
    let options = cables::tui::TuiOptions {
        color: Some("never".into()),
        ..Default::default()
    };
    let app = cables::tui::build_app(cables::archive::Archive::demo(), &options);
    let names: Vec<&str> = app.themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["mono"]);
    assert_eq!(app.theme().name, "mono");
}

#[test]
fn unknown_theme_or_colour_depth_is_reported_and_defaults_used() {
    let options = cables::tui::TuiOptions {
        theme: Some("neon".into()),
        color: Some("16".into()),
        ..Default::default()
    };
    let app = cables::tui::build_app(cables::archive::Archive::demo(), &options);
    assert_eq!(app.theme().name, "ansi");
    let msg = app.message.map(|m| m.text).unwrap_or_default();
    assert!(msg.contains("no theme named `neon`"), "{msg}");
    let options = cables::tui::TuiOptions {
        color: Some("lots".into()),
        ..Default::default()
    };
    let app = cables::tui::build_app(cables::archive::Archive::demo(), &options);
    let msg = app.message.map(|m| m.text).unwrap_or_default();
    assert!(msg.contains("unknown colour depth `lots`"), "{msg}");
}

/// Every cell's colours after a walk through the screens with `theme`.
fn colours_used(theme: Theme) -> Vec<ratatui::style::Color> {
    let mut h = Harness::new(cables::archive::Archive::demo(), theme, 100, 30).with_loader(
        Box::new(|_| Some(tui_common::cable("09DUSHANBE1", &["X"], 8))),
    );
    let mut out = Vec::new();
    for keys in ["", "enter", "/", "esc", "? esc", "r"] {
        h.keys(keys);
        if keys == "/" {
            h.type_text("ktip");
            h.keys("enter");
        }
        let buf = h.render();
        for cell in buf.content() {
            out.push(cell.fg);
            out.push(cell.bg);
        }
    }
    out
}

#[test]
fn the_ansi_theme_draws_named_colours_only_and_mono_none() {
    use ratatui::style::Color;
    let ansi = colours_used(Theme::ansi());
    assert!(
        !ansi
            .iter()
            .any(|c| matches!(c, Color::Rgb(..) | Color::Indexed(_)))
    );
    assert!(
        ansi.iter().any(|c| *c != Color::Reset),
        "some colour is used"
    );
    let mono = colours_used(Theme::builtin("mono").unwrap_or_else(|_| Theme::ansi()));
    assert!(
        mono.iter().all(|c| *c == Color::Reset),
        "mono draws no colour"
    );
}

#[test]
fn every_builtin_theme_renders_every_screen() {
    for (name, _) in cables::tui::theme::BUILTIN {
        let theme = Theme::builtin(name);
        assert!(theme.is_ok(), "{name}");
        let used = colours_used(theme.unwrap_or_else(|_| Theme::ansi()));
        assert!(!used.is_empty());
    }
}
