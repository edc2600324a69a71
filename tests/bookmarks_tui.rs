//! Bookmarks in the TUI, through the real keymap and `update` (headless harness): `m` with a
//! note, the gutter mark, the bookmarks screen (filter, edit, delete, undo, jump), saving
//! through effects, reading positions, and reopening the last cable.
//!
//! Expectations are taken from the app's own state (the parsed demo cable), so the tests do not
//! depend on the parser's output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod tui_common;

use cables::archive::Archive;
use cables::bookmarks::BookmarkStore;
use cables::bookmarks::session::SessionStore;
use cables::position::Position;
use cables::tui::harness::Harness;
use cables::tui::state::Overlay;
use cables::tui::state::bookmarks::BookmarksState;
use cables::tui::state::document::BlockKind;
use cables::tui::theme::Theme;
use tui_common::said;

fn harness() -> Harness {
    Harness::new(Archive::demo(), Theme::role_test(), 80, 24)
}

fn keys(h: &mut Harness, keys: &str) {
    h.keys(keys);
}

/// The paragraph ordinal of the reader's top line.
fn top_paragraph(h: &Harness) -> Option<u32> {
    let r = h.app.reader.as_ref()?;
    match r.doc.blocks.get(r.anchor().block as usize)?.kind {
        BlockKind::Paragraph { n, .. } => Some(n),
        _ => None,
    }
}

/// Open the first cable and put its second paragraph on top; returns that paragraph's ordinal.
fn open_on_a_paragraph(h: &mut Harness) -> u32 {
    keys(h, "enter } }");
    top_paragraph(h).expect("a paragraph on top")
}

/// Type text as key presses (the bookmarks filter takes keys, not prompt input).
fn type_keys(h: &mut Harness, text: &str) {
    for c in text.chars() {
        keys(h, &c.to_string());
    }
}

fn bookmark_with_note(h: &mut Harness, note: &str) {
    keys(h, "m");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Prompt(_))));
    h.type_text(note);
    keys(h, "enter");
}

#[test]
fn m_bookmarks_the_paragraph_on_top_with_a_note_and_marks_the_gutter() {
    let mut h = harness();
    let n = open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "for chapter 3");

    let bookmarks = h.app.bookmarks.store.bookmarks();
    assert_eq!(bookmarks.len(), 1);
    let b = &bookmarks[0];
    assert_eq!(b.note, "for chapter 3");
    assert_eq!(b.anchor.paragraph, n);
    let cable = &h.app.reader.as_ref().expect("reader").cable;
    assert_eq!(b.anchor.cable, cable.id);
    assert!(h.app.bookmarks.is_marked(n));

    // The mark is in the first column of the top line of the reader, in the bookmark role.
    let text = h.text();
    let roles = h.roles();
    let marked: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('▌'))
        .map(|(i, _)| i)
        .collect();
    assert!(!marked.is_empty(), "no gutter mark:\n{text}");
    for row in &marked {
        let role = roles.lines().nth(*row).and_then(|l| l.chars().next());
        assert_eq!(role, Some('k'), "row {row} of\n{roles}");
    }
    // Another paragraph carries no mark.
    keys(&mut h, "}");
    assert_ne!(top_paragraph(&h), Some(n));
    let first_row = h.text().lines().nth(marked[0]).map(str::to_string);
    assert!(first_row.is_none_or(|l| !l.starts_with('▌') || h.app.bookmarks.is_marked(n)));
}

#[test]
fn escape_at_the_note_prompt_keeps_the_bookmark_without_a_note() {
    let mut h = harness();
    open_on_a_paragraph(&mut h);
    keys(&mut h, "m esc");
    assert!(h.app.overlays.is_empty());
    let notes: Vec<&str> = h
        .app
        .bookmarks
        .store
        .bookmarks()
        .iter()
        .map(|b| b.note.as_str())
        .collect();
    assert_eq!(notes, [""]);
}

#[test]
fn m_on_a_bookmarked_paragraph_offers_to_edit_or_remove_it() {
    let mut h = harness();
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "first");
    keys(&mut h, "m");
    assert_eq!(h.app.bookmarks.store.bookmarks().len(), 1, "no duplicate");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Bookmarks(_))));
    let message = said(&h);
    assert!(
        message.contains("e edits") && message.contains("d removes"),
        "{message}"
    );
    keys(&mut h, "d");
    assert!(h.app.bookmarks.store.bookmarks().is_empty());
}

#[test]
fn the_bookmarks_screen_lists_filters_edits_deletes_and_undoes() {
    let mut h = harness();
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "alpha note");
    keys(&mut h, "} }");
    bookmark_with_note(&mut h, "beta note");
    keys(&mut h, "B");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Bookmarks(_))));
    let text = h.text();
    assert!(text.contains("Bookmarks (2)"), "{text}");
    assert!(
        text.contains("alpha note") && text.contains("beta note"),
        "{text}"
    );
    let words = &h.app.bookmarks.store.bookmarks()[0].anchor.first_words;
    let start: String = words.chars().take(12).collect();
    assert!(
        text.contains(&start),
        "first words {start:?} missing:\n{text}"
    );

    // Filter as you type.
    keys(&mut h, "/");
    type_keys(&mut h, "alpha");
    let text = h.text();
    assert!(text.contains("Bookmarks (1 of 2)"), "{text}");
    assert!(
        text.contains("alpha note") && !text.contains("beta note"),
        "{text}"
    );
    type_keys(&mut h, "zzz");
    assert!(h.text().contains("No bookmark matches"));
    keys(&mut h, "esc");
    assert!(h.text().contains("Bookmarks (2)"));

    // Filter to beta, stop typing, edit its note.
    keys(&mut h, "/");
    type_keys(&mut h, "beta");
    keys(&mut h, "enter e");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Prompt(_))));
    h.type_text(" edited");
    keys(&mut h, "enter");
    assert!(h.text().contains("beta note edited"));

    // Delete, then undo.
    keys(&mut h, "/ esc");
    assert!(h.text().contains("Bookmarks (2)"));
    keys(&mut h, "/");
    type_keys(&mut h, "beta");
    keys(&mut h, "enter d");
    assert!(h.text().contains("Bookmarks (0 of 1)"), "{}", h.text());
    keys(&mut h, "/ esc");
    assert!(h.text().contains("Bookmarks (1)"));
    assert!(!h.text().contains("beta note edited"));
    keys(&mut h, "u");
    assert!(h.text().contains("Bookmarks (2)"));
    assert!(h.text().contains("beta note edited"));
    keys(&mut h, "esc");
    assert!(h.app.overlays.is_empty());
}

#[test]
fn enter_on_a_bookmark_jumps_to_its_paragraph() {
    let mut h = harness();
    let n = open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "jump here");
    keys(&mut h, "g q");
    assert_ne!(top_paragraph(&h), Some(n));
    keys(&mut h, "' enter");
    assert!(h.app.overlays.is_empty());
    assert_eq!(top_paragraph(&h), Some(n));
}

#[test]
fn the_screen_renders_at_small_sizes_without_panicking() {
    let mut h = harness();
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "\u{1b}[31mred\u{1b}[0m note");
    keys(&mut h, "B");
    assert!(!h.text().contains('\u{1b}'));
    for (w, hgt) in [
        (0, 0),
        (1, 1),
        (10, 4),
        (12, 5),
        (20, 6),
        (40, 10),
        (200, 60),
    ] {
        h.resize(w, hgt);
        let _ = h.text();
    }
}

#[test]
fn saves_go_through_effects_to_the_data_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness();
    let (state, notes) = BookmarksState::open(&h.app.archive, dir.path());
    assert!(notes.is_empty());
    h.app.bookmarks = state;
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "on disk");
    let (store, _) = BookmarkStore::open(dir.path(), h.app.archive.name());
    let notes: Vec<&str> = store.bookmarks().iter().map(|b| b.note.as_str()).collect();
    assert_eq!(notes, ["on disk"]);
    assert!(!h.app.bookmarks.store.is_dirty());
    // The session (last cable and screen) was saved too.
    let (session, _) = SessionStore::open(dir.path(), h.app.archive.name());
    assert_eq!(session.last().map(|l| l.screen.as_str()), Some("reader"));
}

#[test]
fn a_cable_reopens_where_the_reader_left_it() {
    let mut h = harness();
    let n = open_on_a_paragraph(&mut h);
    keys(&mut h, "q");
    assert!(h.app.reader.is_some());
    keys(&mut h, "enter");
    assert_eq!(top_paragraph(&h), Some(n));
}

#[test]
fn the_app_reopens_on_the_last_cable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Archive::demo();
    let cable = archive.cable(0).expect("demo cable");
    let n = cable.paragraphs.get(2).map_or(1, |p| p.n);
    let (mut session, _) = SessionStore::open(dir.path(), archive.name());
    session.set_position(Position {
        cable: cable.id.clone(),
        paragraph: n,
        offset: 0,
    });
    session.set_last(Some(&cable.id), "reader");
    session.save().expect("saves");

    let mut h = harness();
    let (state, _) = BookmarksState::open(&h.app.archive, dir.path());
    h.app.bookmarks = state;
    h.resize(80, 24);
    let r = h.app.reader.as_ref().expect("the last cable is open");
    assert_eq!(r.cable.id, cable.id);
    assert_eq!(top_paragraph(&h), Some(n));
}

#[test]
fn two_sessions_see_each_others_bookmarks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = harness();
    let mut b = harness();
    for h in [&mut a, &mut b] {
        let (state, _) = BookmarksState::open(&h.app.archive, dir.path());
        h.app.bookmarks = state;
    }
    open_on_a_paragraph(&mut a);
    bookmark_with_note(&mut a, "from session a");
    keys(&mut b, "B");
    assert!(b.text().contains("from session a"), "{}", b.text());
    keys(&mut b, "esc");
    open_on_a_paragraph(&mut b);
    keys(&mut b, "} }");
    bookmark_with_note(&mut b, "from session b");
    let (store, _) = BookmarkStore::open(dir.path(), a.app.archive.name());
    let mut notes: Vec<&str> = store.bookmarks().iter().map(|b| b.note.as_str()).collect();
    notes.sort();
    assert_eq!(notes, ["from session a", "from session b"]);
}

/// The bookmarks screen's hint follows the keymap: after rebinding delete to `x`, it says
/// `x delete`, not `d delete`.
#[test]
fn the_bookmarks_hint_shows_rebound_keys() {
    use std::collections::BTreeMap;
    let mut h = harness();
    let mut table = BTreeMap::new();
    table.insert("delete_bookmark".to_string(), vec!["x".to_string()]);
    let mut overrides = BTreeMap::new();
    overrides.insert("bookmarks".to_string(), table);
    h.app
        .keymap
        .apply_overrides(&overrides)
        .expect("a valid override");
    keys(&mut h, "B");
    let text = h.text();
    assert!(text.contains("x delete"), "{text}");
    assert!(!text.contains("d delete"), "{text}");
    assert!(text.contains("e edit note"), "{text}");
}

#[test]
fn a_session_file_of_the_wrong_shape_is_set_aside_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Archive::demo();
    let path = SessionStore::open(dir.path(), archive.name())
        .0
        .path()
        .to_path_buf();
    let text = r#"{"format": "cables-session", "version": 1, "positions": {"X": {}}}"#;
    std::fs::write(&path, text).expect("writes");
    let (_, notes) = BookmarksState::open(&archive, dir.path());
    let shown: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains(&path.display().to_string()), "{shown:?}");
    assert!(shown[0].contains("\"positions\" is an object"), "{shown:?}");
    assert!(!path.exists() || std::fs::read_to_string(&path).expect("reads") != text);
}

/// A harness whose bookmarks are saved in a folder the test can block: a file where the
/// folder was, so nothing can be created in it, whoever runs the test (chmod does not stop
/// root).
struct Blockable {
    _dir: tempfile::TempDir,
    folder: std::path::PathBuf,
}

impl Blockable {
    fn on(h: &mut Harness) -> Blockable {
        let dir = tempfile::tempdir().expect("tempdir");
        let (state, _) = BookmarksState::open(&h.app.archive, dir.path());
        let folder = state.store.path().parent().expect("folder").to_path_buf();
        h.app.bookmarks = state;
        Blockable { _dir: dir, folder }
    }

    fn block(&self) {
        std::fs::remove_dir_all(&self.folder).expect("removes");
        std::fs::write(&self.folder, b"in the way").expect("writes");
    }

    fn unblock(&self) {
        std::fs::remove_file(&self.folder).expect("removes");
        std::fs::create_dir_all(&self.folder).expect("creates");
    }
}

#[test]
fn quitting_with_bookmarks_that_could_not_be_saved_asks_once_and_tries_again() {
    let mut h = harness();
    let data = Blockable::on(&mut h);
    open_on_a_paragraph(&mut h);
    data.block();
    bookmark_with_note(&mut h, "not saved");
    assert!(h.app.bookmarks.store.is_dirty());
    keys(&mut h, "q q");
    assert!(
        h.app.running,
        "the first quit warns instead of losing the bookmark"
    );
    assert!(h.text().contains("quit again"), "{}", h.text());
    // The save tried at the warning failed too: the second quit goes. (The runtime's exit
    // save, not run by the harness, tries once more and says so on stderr.)
    keys(&mut h, "q");
    assert!(!h.app.running, "the second quit goes");
}

#[test]
fn a_later_successful_save_clears_the_warning() {
    let mut h = harness();
    let data = Blockable::on(&mut h);
    open_on_a_paragraph(&mut h);
    data.block();
    bookmark_with_note(&mut h, "first");
    assert!(h.app.bookmarks.save_failed.is_some());
    data.unblock();
    keys(&mut h, "}");
    bookmark_with_note(&mut h, "second");
    assert!(h.app.bookmarks.save_failed.is_none());
    keys(&mut h, "q q");
    assert!(!h.app.running, "nothing unsaved: quit at once");
}

/// Press `keys`; the status bar must start with `said`; returns the file it names.
fn exported(h: &mut Harness, keys_pressed: &str, starts: &str) -> std::path::PathBuf {
    keys(h, keys_pressed);
    let message = said(h);
    assert!(message.starts_with(starts), "{message}");
    std::path::PathBuf::from(message.rsplit(": ").next().unwrap_or_default())
}

#[test]
fn x_and_shift_x_export_the_bookmarks_shown_to_a_file_they_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut h = harness();
    h.app.export_dir = Some(tmp.path().to_path_buf());
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "alpha note");
    keys(&mut h, "} }");
    bookmark_with_note(&mut h, "beta note");
    let path = exported(&mut h, "B x", "2 bookmarks exported as Markdown: ");
    assert!(path.starts_with(tmp.path()), "{path:?}");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    assert!(
        name.as_deref()
            .is_some_and(|n| n.starts_with("cables-bookmarks-demo-") && n.ends_with(".md")),
        "{name:?}"
    );
    // The same text as `cables bookmarks export --format md` gives for these bookmarks.
    let written = std::fs::read_to_string(&path).expect("the export is written");
    let items = cables::bookmarks::resolve_all(&h.app.archive, h.app.bookmarks.store.bookmarks());
    assert_eq!(written, cables::bookmarks::export::markdown("demo", &items));
    assert!(written.contains("alpha note") && written.contains("@misc{"));

    // JSON of the bookmarks the filter keeps; a second export never overwrites the first.
    keys(&mut h, "/");
    type_keys(&mut h, "beta");
    let json_path = exported(&mut h, "enter X", "1 bookmark exported as JSON: ");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("written")).expect("JSON");
    let exported = json["bookmarks"].as_array().map_or(0, Vec::len);
    assert_eq!(exported, 1);
    keys(&mut h, "/ esc x");
    let third = said(&h);
    assert_ne!(
        third.rsplit(": ").next(),
        Some(path.to_string_lossy().as_ref()),
        "{third}"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path())
            .map(|d| d.count())
            .unwrap_or(0),
        3
    );
}

#[test]
fn export_without_a_folder_says_how_to_export_instead() {
    let mut h = harness();
    open_on_a_paragraph(&mut h);
    bookmark_with_note(&mut h, "alpha");
    keys(&mut h, "B x");
    let message = said(&h);
    assert!(
        message.contains("cables bookmarks export -o FILE"),
        "{message}"
    );
}
