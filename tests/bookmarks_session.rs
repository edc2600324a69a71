//! Session state: the last cable and screen, and reading positions, shared by instances.

use cables::bookmarks::BookmarkError;
use cables::bookmarks::session::{MAX_POSITIONS, SessionStore};
use cables::position::Position;

fn pos(cable: &str, paragraph: u32, offset: usize) -> Position {
    Position {
        cable: cable.into(),
        paragraph,
        offset,
    }
}

/// Where the session file of the archive "demo" lives in `dir`.
fn session_path(dir: &std::path::Path) -> std::path::PathBuf {
    SessionStore::open(dir, "demo").0.path().to_path_buf()
}

#[test]
fn positions_and_the_last_view_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, notes) = SessionStore::open(dir.path(), "demo");
    assert!(notes.is_empty());
    assert!(s.last().is_none());
    s.set_position(pos("09DUSHANBE1319", 4, 120));
    s.set_position(pos("06DUSHANBE50", 2, 0));
    s.set_last(Some("09DUSHANBE1319"), "reader");
    assert!(s.is_dirty());
    s.save().expect("saves");
    assert!(!s.is_dirty());

    let (again, notes) = SessionStore::open(dir.path(), "demo");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        again.position("09DUSHANBE1319"),
        Some(&pos("09DUSHANBE1319", 4, 120))
    );
    assert_eq!(
        again.position("06DUSHANBE50"),
        Some(&pos("06DUSHANBE50", 2, 0))
    );
    assert_eq!(again.position("nothing"), None);
    let last = again.last().expect("last view");
    assert_eq!(last.cable.as_deref(), Some("09DUSHANBE1319"));
    assert_eq!(last.screen, "reader");
}

#[test]
fn two_instances_merge_positions_newest_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, _) = SessionStore::open(dir.path(), "demo");
    let (mut b, _) = SessionStore::open(dir.path(), "demo");
    a.set_position(pos("A1", 1, 0));
    a.set_position(pos("SHARED", 1, 0));
    a.save().expect("a saves");
    b.set_position(pos("B1", 7, 3));
    b.set_position(pos("SHARED", 9, 0)); // later than a's
    b.set_last(Some("B1"), "list");
    b.save().expect("b saves");
    a.set_last(Some("A1"), "reader"); // the latest change of all
    a.save().expect("a saves again");

    let (c, _) = SessionStore::open(dir.path(), "demo");
    assert_eq!(c.position("A1"), Some(&pos("A1", 1, 0)));
    assert_eq!(c.position("B1"), Some(&pos("B1", 7, 3)));
    assert_eq!(c.position("SHARED"), Some(&pos("SHARED", 9, 0)));
    assert_eq!(c.last().and_then(|l| l.cable.as_deref()), Some("A1"));
}

#[test]
fn setting_the_same_position_again_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, _) = SessionStore::open(dir.path(), "demo");
    s.set_position(pos("X", 1, 0));
    s.set_last(Some("X"), "reader");
    s.save().expect("saves");
    s.set_position(pos("X", 1, 0));
    s.set_last(Some("X"), "reader");
    assert!(!s.is_dirty());
}

#[test]
fn a_corrupt_session_file_is_moved_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_path(dir.path());
    std::fs::write(&path, "{\"format\": \"cables-session\", \"vers").expect("writes");
    let (mut s, notes) = SessionStore::open(dir.path(), "demo");
    assert!(
        matches!(notes.as_slice(), [BookmarkError::Quarantined { .. }]),
        "{notes:?}"
    );
    s.set_position(pos("X", 2, 0));
    s.save().expect("saves a fresh file");
    assert_eq!(
        SessionStore::open(dir.path(), "demo").0.position("X"),
        Some(&pos("X", 2, 0))
    );
}

#[test]
fn only_the_most_recent_positions_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, _) = SessionStore::open(dir.path(), "demo");
    for i in 0..=MAX_POSITIONS {
        s.set_position(pos(&format!("C{i}"), 1, 0));
    }
    s.save().expect("saves");
    let (again, _) = SessionStore::open(dir.path(), "demo");
    assert_eq!(again.session().positions.len(), MAX_POSITIONS);
}

#[test]
fn a_session_file_of_the_wrong_shape_is_moved_aside() {
    for shape in [
        r#""positions": {"X": 1}"#,
        r#""positions": "x""#,
        r#""position": []"#,
        r#""positions": [], "last": "reader""#,
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = SessionStore::open(dir.path(), "demo")
            .0
            .path()
            .to_path_buf();
        let text = format!(r#"{{"format": "cables-session", "version": 1, {shape}}}"#);
        std::fs::write(&path, &text).expect("writes");
        let (mut s, notes) = SessionStore::open(dir.path(), "demo");
        let [BookmarkError::Quarantined { moved_to, .. }] = notes.as_slice() else {
            panic!("{shape}: {notes:?}");
        };
        let moved_to = moved_to.clone();
        s.set_position(pos("X", 2, 0));
        s.save().expect("saves a fresh file");
        assert_eq!(std::fs::read_to_string(&moved_to).expect("kept"), text);
    }
}

#[test]
fn unreadable_positions_are_kept_in_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_path(dir.path());
    let text = r#"{"format": "cables-session", "version": 1, "positions": [{"odd": true}]}"#;
    std::fs::write(&path, text).expect("writes");
    let (mut s, notes) = SessionStore::open(dir.path(), "demo");
    assert!(
        matches!(
            notes.as_slice(),
            [BookmarkError::SkippedEntries { count: 1, .. }]
        ),
        "{notes:?}"
    );
    s.set_position(pos("X", 2, 0));
    s.save().expect("saves");
    let saved = std::fs::read_to_string(&path).expect("reads");
    assert!(saved.contains("\"odd\": true"), "{saved}");
    let (again, notes) = SessionStore::open(dir.path(), "demo");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(again.position("X"), Some(&pos("X", 2, 0)));
}
