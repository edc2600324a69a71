//! Snapshots of every screen at 80x24 and 120x40: glyphs, then the role grid (one letter per
//! cell naming the theme role that styled it; see `Role::letter`), so highlighting is checked
//! too. The list screens read the demo archive's metadata; review them with `cargo insta`
//! when the parser changes what it reads.
//!
//! Role letters: t text, m muted, T title, b border, s selection, l header label, n gutter,
//! 0/u/o/c/x classification unknown/unclassified/SBU/confidential/secret (also portion
//! markings), g tag, r reference, h hit, H current hit, k bookmark, S status bar, K status
//! key, E error, p prompt, C chart; `.` a glyph with no role colour, blank for empty cells.

mod tui_common;

use cables::tui::harness::Harness;
use tui_common::harness;

fn screen(h: &Harness) -> String {
    format!("{}--- roles ---\n{}", h.text(), h.roles())
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn list_screen() {
    for (w, hh) in SIZES {
        let mut h = cables::tui::harness::demo(w, hh);
        h.keys("j");
        insta::assert_snapshot!(format!("list_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn reader_screen_with_search_hits() {
    for (w, hh) in SIZES {
        let mut h = harness(w, hh);
        h.keys("enter /");
        h.type_text("ktip");
        h.keys("enter n");
        insta::assert_snapshot!(format!("reader_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn reader_header_block() {
    for (w, hh) in SIZES {
        let mut h = harness(w, hh);
        h.keys("enter e");
        insta::assert_snapshot!(format!("header_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn help_screen() {
    for (w, hh) in SIZES {
        let mut h = harness(w, hh);
        h.keys("enter ?");
        insta::assert_snapshot!(format!("help_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn references_screen() {
    for (w, hh) in SIZES {
        let mut h = harness(w, hh);
        h.keys("enter r j");
        insta::assert_snapshot!(format!("references_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn filter_prompt_screen() {
    let mut h = cables::tui::harness::demo(80, 24);
    h.keys("f");
    h.type_text("tag:PHUM year:2009");
    insta::assert_snapshot!("filter_prompt_80x24", screen(&h));
}

#[test]
fn side_by_side_screen() {
    let mut h = harness(160, 50);
    h.keys("enter } }");
    insta::assert_snapshot!("side_by_side_160x50", screen(&h));
}

#[test]
fn palette_screen() {
    for (w, hh) in SIZES {
        let mut h = cables::tui::harness::demo(w, hh);
        h.keys(":");
        h.type_text("dushanbe");
        h.keys("down");
        insta::assert_snapshot!(format!("palette_{w}x{hh}"), screen(&h));
    }
}

#[test]
fn palette_with_the_cursor_inside_the_line() {
    let mut h = cables::tui::harness::demo(80, 24);
    h.keys(":");
    h.type_text("tip tajik");
    h.keys("alt-b");
    insta::assert_snapshot!("palette_cursor_80x24", screen(&h));
}

#[test]
fn warnings_screen() {
    for (w, hh) in SIZES {
        let mut h = harness(w, hh);
        h.keys("!");
        insta::assert_snapshot!(format!("warnings_{w}x{hh}"), screen(&h));
    }
}

/// A folder with a cable in three files: the list folds them into one row with a `×3` badge,
/// the reader's header names the copy's source and its place among the copies.
#[test]
fn copies_list_and_reader_header() {
    for (w, hh) in SIZES {
        let folder = std::path::Path::new("tests/fixtures/archive/copies");
        let archive = cables::archive::Archive::open(folder).expect("opens");
        let mut h = Harness::new(archive, cables::tui::theme::Theme::role_test(), w, hh);
        insta::assert_snapshot!(format!("copies_list_{w}x{hh}"), screen(&h));
        h.keys("enter c");
        insta::assert_snapshot!(format!("copies_reader_{w}x{hh}"), screen(&h));
    }
}

/// The thread of a cable in the middle of a conversation: what it cites (and what those
/// cite), who cites it (and who cites them), two levels each way.
#[test]
fn thread_screen() {
    for (w, hh) in SIZES {
        let folder = std::path::Path::new("tests/fixtures/archive/thread");
        let archive = cables::archive::Archive::open(folder).expect("opens");
        let mut h = Harness::new(archive, cables::tui::theme::Theme::role_test(), w, hh);
        // 09OSLO25, the third cable by date: cites OSLO 20 and STATE 100, cited by STATE 150.
        h.keys("j j enter t j");
        insta::assert_snapshot!(format!("thread_{w}x{hh}"), screen(&h));
    }
}

/// Two copies of a cable compared: the sources, the paragraph that differs marked word by
/// word (removed and added roles), the paragraphs that are the same.
#[test]
fn diff_screen() {
    for (w, hh) in SIZES {
        let folder = std::path::Path::new("tests/fixtures/archive/copies");
        let archive = cables::archive::Archive::open(folder).expect("opens");
        let mut h = Harness::new(archive, cables::tui::theme::Theme::role_test(), w, hh);
        h.keys("enter d n");
        insta::assert_snapshot!(format!("diff_{w}x{hh}"), screen(&h));
    }
}

/// The bookmarks screen: a paragraph bookmarked with a note, the list with its key line.
/// (One bookmark: two made in the same millisecond would be ordered by their random ids.)
#[test]
fn bookmarks_screen() {
    // When each was made is now: masked, the rest of the screen is what it is.
    let when = regex::Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").expect("a regex");
    for (w, hh) in SIZES {
        let mut h = cables::tui::harness::demo(w, hh);
        h.keys("j j j enter m");
        h.type_text("the commission's first meeting");
        h.keys("enter q B");
        let shown = when
            .replace_all(&screen(&h), "YYYY-MM-DD hh:mm")
            .into_owned();
        insta::assert_snapshot!(format!("bookmarks_{w}x{hh}"), shown);
    }
}

/// The screen of a first open while the index is built: the archive, the gauge and the
/// figures, and how to quit.
#[test]
fn loading_screen() {
    use cables::archive::build::Progress;
    use std::time::Duration;
    for (w, hh) in SIZES {
        let progress = Progress {
            cables: 61_440,
            bytes_done: 443_000_000,
            bytes_total: 1_815_861_012,
            elapsed: Duration::from_secs(11),
        };
        let backend = ratatui::backend::TestBackend::new(w, hh);
        let mut terminal = ratatui::Terminal::new(backend).expect("a test terminal");
        terminal
            .draw(|f| {
                cables::tui::loading::render(f, "gen251 (/srv/cables/gen251)", Some(&progress))
            })
            .expect("drawn");
        let text = cables::tui::harness::buffer_text(terminal.backend().buffer());
        insta::assert_snapshot!(format!("loading_{w}x{hh}"), text);
    }
}
