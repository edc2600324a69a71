//! The TUI on a hostile archive, checked on the bytes it writes: every screen a user can
//! reach (list, reader, original text, references, thread, copies, warnings, palette,
//! bookmarks, help) drawn through the same crossterm front end the terminal and the SSH
//! server use, into memory; nothing written may act on a terminal except the program's own
//! styling and cursor sequences.

mod hostile_common;
mod tui_common;

use cables::archive::Archive;
use cables::tui::frontend::{FixedTerminal, Frontend};
use cables::tui::harness::Harness;
use cables::tui::theme::Theme;
use cables::tui::{terminal, view};
use hostile_common::{first_unsafe, write_archive};
use tui_common::Sink;

/// The sequences the program writes itself: CSI with numeric parameters and one of the
/// final bytes crossterm and ratatui use (styling, cursor moves, clearing, modes). Anything
/// else that starts with ESC (OSC, DCS, a reset, a charset switch) is not ours.
fn without_own_sequences(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'[') {
            let end = (i + 24).min(bytes.len());
            return Err(format!(
                "a sequence that is not the program's at byte {i}: {:?}",
                String::from_utf8_lossy(&bytes[i..end])
            ));
        }
        let mut j = i + 2;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || b";:?".contains(&bytes[j])) {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'm' | b'H' | b'J' | b'K' | b'h' | b'l' | b'A'..=b'G') => i = j + 1,
            _ => {
                let end = (j + 1).min(bytes.len());
                return Err(format!(
                    "a control sequence that is not the program's at byte {i}: {:?}",
                    String::from_utf8_lossy(&bytes[i..end])
                ));
            }
        }
    }
    Ok(out)
}

#[test]
fn no_screen_of_the_tui_writes_terminal_controls_from_a_hostile_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_archive(dir.path());
    let archive = Archive::open(dir.path()).expect("the hostile archive opens");
    assert!(archive.len() >= 4, "{} cables", archive.len());
    assert!(
        !archive.warnings().is_empty(),
        "the hostile note is a warning"
    );
    let cables = archive.len();
    let mut h = Harness::new(archive, Theme::ansi(), 100, 30);
    let sink = Sink::default();
    let mut screen = FixedTerminal::new(sink.clone(), (100, 30)).expect("a terminal in memory");
    let draw = |h: &Harness, screen: &mut FixedTerminal<Sink>| {
        terminal::draw(screen.terminal(), |f| view::render(&h.app, f)).expect("drawn");
    };
    draw(&h, &mut screen);
    for _ in 0..cables {
        // Every screen of one cable: the reader, a page down, the original text and back,
        // the recipients, the references, the thread, the next copy, the diff, a bookmark.
        for keys in [
            "enter", "space", "o", "o", "e", "r", "esc", "t", "esc", "c", "d", "esc", "m",
        ] {
            h.keys(keys);
            draw(&h, &mut screen);
        }
        h.type_text("a note");
        for keys in ["enter", "q", "j"] {
            h.keys(keys);
            draw(&h, &mut screen);
        }
    }
    // The unreadable files, the palette over subjects and over keywords, the bookmarks, help.
    for keys in ["!", "esc", ":"] {
        h.keys(keys);
        draw(&h, &mut screen);
    }
    for step in ["turkey", "/trafficking"] {
        h.type_text(step);
        draw(&h, &mut screen);
        h.keys("ctrl-u");
    }
    for keys in ["esc", "B", "esc", "?", "tab", "tab", "tab", "esc"] {
        h.keys(keys);
        draw(&h, &mut screen);
    }
    let bytes = sink.bytes();
    let text = String::from_utf8_lossy(&bytes);
    // The hostile texts were drawn (the test looked at them), their controls taken out.
    for seen in [
        "TRAFFICKING",
        "Edirne",
        "FISHING",
        "ERDOGAN",
        "COMMISSION",
        "notes",
    ] {
        assert!(text.contains(seen), "{seen} was never drawn");
    }
    let plain = without_own_sequences(&bytes).unwrap_or_else(|e| panic!("{e}"));
    if let Some((at, what)) = first_unsafe(&plain) {
        panic!("the TUI wrote an unsafe character at byte {at} (own sequences removed): {what}");
    }
}
