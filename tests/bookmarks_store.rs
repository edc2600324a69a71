//! The bookmark store: round trips, merges between instances, deletions, and bad files.

use cables::bookmarks::{Bookmark, BookmarkError, BookmarkStore};
use cables::cable::{Paragraph, ParagraphKind};
use std::fs;
use std::path::Path;

const ARCHIVE: &str = "demo";

fn para(n: u32, text: &str) -> Paragraph {
    Paragraph {
        n,
        label: Some(n.to_string()),
        marking: None,
        kind: ParagraphKind::Numbered,
        text: text.to_string(),
    }
}

fn bookmark(n: u32, note: &str) -> Bookmark {
    Bookmark::new(
        "09DUSHANBE1319",
        &para(n, &format!("Paragraph {n} text.")),
        note,
    )
}

fn open(dir: &Path) -> (BookmarkStore, Vec<BookmarkError>) {
    BookmarkStore::open(dir, ARCHIVE)
}

fn notes_of(store: &BookmarkStore) -> Vec<&str> {
    store.bookmarks().iter().map(|b| b.note.as_str()).collect()
}

#[test]
fn bookmarks_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, notes) = open(dir.path());
    assert!(notes.is_empty());
    assert!(store.bookmarks().is_empty());
    store.add(bookmark(1, "first"));
    store.add(bookmark(2, "second"));
    assert!(store.is_dirty());
    store.save().expect("saves");
    assert!(!store.is_dirty());
    let (again, notes) = open(dir.path());
    assert!(notes.is_empty(), "{notes:?}");
    let mut notes = notes_of(&again);
    notes.sort();
    assert_eq!(notes, ["first", "second"]);
    assert_eq!(again.bookmarks(), store.bookmarks());
}

#[test]
fn two_instances_keep_each_others_bookmarks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _) = open(dir.path());
    let (mut b, _) = open(dir.path());
    a.add(bookmark(1, "from a"));
    b.add(bookmark(2, "from b"));
    a.save().expect("a saves");
    b.save().expect("b saves");
    // b now also holds a's bookmark; a sees b's after a reload.
    assert_eq!(b.bookmarks().len(), 2);
    assert!(a.reload().is_empty());
    assert_eq!(a.bookmarks().len(), 2);
    let (c, _) = open(dir.path());
    let mut notes = notes_of(&c);
    notes.sort();
    assert_eq!(notes, ["from a", "from b"]);
}

#[test]
fn a_deletion_is_not_undone_by_an_older_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _) = open(dir.path());
    a.add(bookmark(1, "keep"));
    a.add(bookmark(2, "delete me"));
    a.save().expect("saves");
    let (mut b, _) = open(dir.path());
    assert_eq!(b.bookmarks().len(), 2);

    let doomed = a
        .bookmarks()
        .iter()
        .find(|b| b.note == "delete me")
        .map(|b| b.id.clone())
        .expect("present");
    assert!(a.remove(&doomed).is_some());
    a.save().expect("saves");
    // b still holds the deleted bookmark in memory, adds another and saves.
    b.add(bookmark(3, "b's new one"));
    b.save().expect("saves");
    assert!(b.get(&doomed).is_none(), "b's save must not resurrect it");
    let (c, _) = open(dir.path());
    let mut notes = notes_of(&c);
    notes.sort();
    assert_eq!(notes, ["b's new one", "keep"]);
}

#[test]
fn undo_of_a_deletion_wins_over_the_tombstone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _) = open(dir.path());
    a.add(bookmark(1, "oops"));
    a.save().expect("saves");
    let id = a.bookmarks()[0].id.clone();
    let removed = a.remove(&id).expect("removed");
    a.save().expect("saves deletion");
    assert!(open(dir.path()).0.bookmarks().is_empty());
    a.restore(removed);
    a.save().expect("saves undo");
    let (b, _) = open(dir.path());
    assert_eq!(notes_of(&b), ["oops"]);
}

#[test]
fn the_latest_note_edit_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _) = open(dir.path());
    a.add(bookmark(1, "old"));
    a.save().expect("saves");
    let id = a.bookmarks()[0].id.clone();
    let (mut b, _) = open(dir.path());
    assert!(b.set_note(&id, "edited in b"));
    b.save().expect("saves");
    a.add(bookmark(2, "unrelated"));
    a.save().expect("saves");
    assert_eq!(a.get(&id).map(|b| b.note.as_str()), Some("edited in b"));
}

#[test]
fn ids_are_unique_and_found_by_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = open(dir.path());
    for n in 0..200 {
        store.add(bookmark(n, ""));
    }
    assert_eq!(store.bookmarks().len(), 200);
    let id = store.bookmarks()[7].id.clone();
    let found = store.find(&id[..id.len() - 2]).map(|b| b.id.clone());
    assert_eq!(found.ok(), Some(id));
    assert!(store.find("").is_err());
    assert!(store.find("no-such-id").is_err());
}

#[test]
fn hostile_text_in_the_file_is_made_safe_on_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = open(dir.path());
    store.add(bookmark(1, "fine"));
    store.save().expect("saves");
    let path = store.path().to_path_buf();
    let text = fs::read_to_string(&path).expect("reads");
    let text = text.replace(
        "\"fine\"",
        "\"\\u001b[2J\\u001b]0;pwned\\u0007 line\\nbreak\"",
    );
    fs::write(&path, text).expect("writes");
    let (again, notes) = open(dir.path());
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(notes_of(&again), ["line break"]);
}

#[test]
fn a_corrupt_file_is_moved_aside_not_emptied() {
    for garbage in [
        &b"{\"format\": \"cables-bookmarks\", \"version\": 1, \"bookm"[..],
        b"",
        b"\x00\xff\xfe binary",
        b"[1, 2, 3]",
        b"{\"format\": \"something-else\", \"version\": 1}",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = open(dir.path());
        let path = store.path().to_path_buf();
        fs::write(&path, garbage).expect("writes");

        let (mut store, notes) = open(dir.path());
        assert!(store.bookmarks().is_empty());
        let [
            BookmarkError::Quarantined {
                path: p, moved_to, ..
            },
        ] = notes.as_slice()
        else {
            panic!("expected one quarantine message, got {notes:?}");
        };
        assert_eq!(p, &path);
        assert_eq!(fs::read(moved_to).expect("moved file is there"), garbage);
        let message = notes[0].to_string();
        assert!(message.contains(&path.display().to_string()));
        assert!(message.contains(&moved_to.display().to_string()));
        // A fresh file is started and works.
        store.add(bookmark(1, "new"));
        store.save().expect("saves");
        assert_eq!(notes_of(&open(dir.path()).0), ["new"]);
    }
}

#[test]
fn unreadable_entries_are_kept_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = open(dir.path());
    let path = store.path().to_path_buf();
    let good = serde_json::to_value(bookmark(1, "good")).expect("json");
    let file = serde_json::json!({
        "format": "cables-bookmarks", "version": 1, "archive": "demo",
        "bookmarks": [good, {"id": "broken", "anchor": 42}],
        "tombstones": [],
    });
    fs::write(&path, file.to_string()).expect("writes");
    let (mut store, notes) = open(dir.path());
    assert!(
        matches!(
            notes.as_slice(),
            [BookmarkError::SkippedEntries { count: 1, .. }]
        ),
        "{notes:?}"
    );
    assert_eq!(notes_of(&store), ["good"]);
    store.add(bookmark(2, "more"));
    store.save().expect("saves");
    let text = fs::read_to_string(&path).expect("reads");
    assert!(
        text.contains("\"broken\""),
        "the bad entry is written back: {text}"
    );
}

#[test]
fn a_newer_format_is_shown_but_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = open(dir.path());
    let path = store.path().to_path_buf();
    let good = serde_json::to_value(bookmark(1, "from the future")).expect("json");
    let file = serde_json::json!({
        "format": "cables-bookmarks", "version": 99, "archive": "demo",
        "bookmarks": [good], "tombstones": [], "shiny": true,
    })
    .to_string();
    fs::write(&path, &file).expect("writes");
    let (mut store, notes) = open(dir.path());
    assert!(matches!(
        notes.as_slice(),
        [BookmarkError::NewerFormat { version: 99, .. }]
    ));
    assert_eq!(notes_of(&store), ["from the future"]);
    store.add(bookmark(2, "not saved"));
    assert!(store.save().is_err());
    assert_eq!(fs::read_to_string(&path).expect("reads"), file);
}

#[test]
fn an_unwritable_data_folder_gives_an_error_and_keeps_the_bookmarks() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A data "folder" below a plain file can never be created, even by root.
    let blocker = dir.path().join("file");
    fs::write(&blocker, "x").expect("writes");
    let (mut store, notes) = open(&blocker.join("data"));
    assert!(notes.is_empty(), "{notes:?}");
    store.add(bookmark(1, "precious"));
    let err = store.save().expect_err("cannot save");
    assert!(err.to_string().contains("data"), "{err}");
    assert!(store.is_dirty());
    assert_eq!(notes_of(&store), ["precious"]);
}

#[test]
fn a_file_that_cannot_be_read_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = open(dir.path()).0.path().to_path_buf();
    // A folder where the file should be: it exists, but cannot be read as a file.
    fs::create_dir_all(path.join("inside")).expect("mkdir");
    let (mut store, notes) = open(dir.path());
    assert!(
        matches!(notes.as_slice(), [BookmarkError::ReadFailed { .. }]),
        "{notes:?}"
    );
    store.add(bookmark(1, "kept in memory"));
    assert!(matches!(
        store.save(),
        Err(BookmarkError::NotWritable { .. })
    ));
    assert!(path.join("inside").is_dir(), "left untouched");
}

#[test]
fn an_in_memory_store_works_but_does_not_save() {
    let mut store = BookmarkStore::in_memory(ARCHIVE);
    store.add(bookmark(1, "kept in memory"));
    assert!(matches!(store.save(), Err(BookmarkError::NoDataDir)));
    assert_eq!(notes_of(&store), ["kept in memory"]);
}

#[test]
fn a_file_of_the_wrong_shape_is_moved_aside_not_emptied() {
    // Valid JSON and the right header, but a shape this version never writes: reading it as
    // "no bookmarks" and saving would write over the user's data.
    for (shape, reason) in [
        (r#""bookmarks": {"a": 1}"#, "\"bookmarks\" is an object"),
        (r#""bookmarks": "all of them""#, "\"bookmarks\" is a string"),
        (r#""bookmark": [{"id": "x"}]"#, "unknown field \"bookmark\""),
        (
            r#""bookmarks": [], "tombstones": 7"#,
            "\"tombstones\" is a number",
        ),
        (r#""tombstones": []"#, "no \"bookmarks\" field"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = open(dir.path());
        let path = store.path().to_path_buf();
        let text = format!(r#"{{"format": "cables-bookmarks", "version": 1, {shape}}}"#);
        fs::write(&path, &text).expect("writes");

        let (mut store, notes) = open(dir.path());
        let [BookmarkError::Quarantined { moved_to, .. }] = notes.as_slice() else {
            panic!("{shape}: expected one quarantine message, got {notes:?}");
        };
        let message = notes[0].to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains(reason), "{shape}: {message}");
        assert_eq!(fs::read_to_string(moved_to).expect("moved file"), text);
        store.add(bookmark(1, "new"));
        store.save().expect("saves");
        assert_eq!(fs::read_to_string(moved_to).expect("still there"), text);
        assert_eq!(notes_of(&open(dir.path()).0), ["new"]);
    }
}

#[test]
fn a_newer_format_of_another_shape_is_not_moved_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = open(dir.path());
    let path = store.path().to_path_buf();
    let text = r#"{"format": "cables-bookmarks", "version": 9, "bookmarks": {"by_id": {}}}"#;
    fs::write(&path, text).expect("writes");
    let (mut store, notes) = open(dir.path());
    assert!(
        matches!(notes.as_slice(), [BookmarkError::NewerFormat { .. }]),
        "{notes:?}"
    );
    store.add(bookmark(1, "new"));
    assert!(store.save().is_err());
    assert_eq!(fs::read_to_string(&path).expect("reads"), text);
}
