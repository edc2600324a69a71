//! The bookmark file shared by real processes: a writer killed mid-write leaves the old file or
//! the new one, never half of one; two processes adding at once both keep their bookmarks.
//!
//! The child processes are this test binary itself, running `child_writer` with
//! `CABLES_TEST_CHILD_DIR` set (without it, `child_writer` checks itself in a temp folder).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::bookmarks::{Bookmark, BookmarkStore};
use cables::cable::{Paragraph, ParagraphKind};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const CHILD_DIR: &str = "CABLES_TEST_CHILD_DIR";
const CHILD_TAG: &str = "CABLES_TEST_CHILD_TAG";
const CHILD_COUNT: &str = "CABLES_TEST_CHILD_COUNT";
const ARCHIVE: &str = "demo";

fn bookmark(tag: &str, n: u32) -> Bookmark {
    let p = Paragraph {
        n,
        label: None,
        marking: None,
        kind: ParagraphKind::Text,
        // A long paragraph makes the file large, so a kill often lands inside a write.
        text: format!("{tag} paragraph {n} {}", "lorem ipsum dolor ".repeat(20)),
    };
    Bookmark::new("09DUSHANBE1319", &p, &format!("{tag}-{n}"))
}

/// In a child: add `CHILD_COUNT` bookmarks (or until killed when 0, at most 5,000), saving after each one and
/// printing `saved N` once it is on disk. Run on its own (no `CHILD_DIR`), it saves three
/// in a folder of its own and checks they are all there.
#[test]
fn child_writer() {
    let own = tempfile::tempdir().expect("a temp folder");
    let child = std::env::var_os(CHILD_DIR);
    let dir = child
        .clone()
        .map_or_else(|| own.path().to_path_buf(), Into::into);
    let tag = std::env::var(CHILD_TAG).unwrap_or_default();
    let count: u32 = std::env::var(CHILD_COUNT)
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (mut store, _) = BookmarkStore::open(&dir, ARCHIVE);
    let count = match (&child, count) {
        (None, _) => 3,
        (Some(_), 0) => 5_000,
        (Some(_), n) => n,
    };
    let mut n = 0;
    while n < count {
        n += 1;
        store.add(bookmark(&tag, n));
        store.save().expect("child saves");
        println!("saved {n}");
    }
    if child.is_none() {
        let (saved, _) = BookmarkStore::open(&dir, ARCHIVE);
        assert_eq!(saved.bookmarks().len(), 3);
    }
}

/// In a child: write two different large files to `CHILD_DIR/blob.json` in turn with
/// `write_atomic`, printing `wrote N` after each (at most 2,000 writes). Run on its own (no
/// `CHILD_DIR`), it writes three times in a folder of its own and checks the last one won.
#[test]
fn child_blob_writer() {
    let own = tempfile::tempdir().expect("a temp folder");
    let child = std::env::var_os(CHILD_DIR);
    let dir = child
        .clone()
        .map_or_else(|| own.path().to_path_buf(), Into::into);
    let path = dir.join("blob.json");
    let blobs = [blob('a'), blob('b')];
    let writes = if child.is_some() { 2_000u32 } else { 3 };
    for n in 1..=writes {
        let content = &blobs[(n % 2) as usize];
        cables::bookmarks::write_atomic(&path, content.as_bytes()).expect("child writes");
        println!("wrote {n}");
    }
    if child.is_none() {
        let held = std::fs::read_to_string(&path).expect("reads");
        assert!(held == blobs[1], "the last write is on disk");
    }
}

/// 4 MB of valid JSON made of `c`.
fn blob(c: char) -> String {
    format!("[\"{}\"]", c.to_string().repeat(4 << 20))
}

fn spawn_child(dir: &Path, tag: &str, count: u32) -> Child {
    spawn_test(dir, tag, count, "child_writer")
}

fn spawn_test(dir: &Path, tag: &str, count: u32, test: &str) -> Child {
    let exe = std::env::current_exe().expect("test binary");
    Command::new(exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_TAG, tag)
        .env(CHILD_COUNT, count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns")
}

/// Read the child's output until it reports `saves` saves.
fn wait_for_saves(child: &mut Child, saves: u32) {
    wait_for_line(child, &format!("saved {saves}"));
}

/// Read the child's output until a line ends with `want`.
fn wait_for_line(child: &mut Child, want: &str) {
    let stdout = child.stdout.take().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        // The first line also carries libtest's `test child_writer ... `.
        if line.expect("reads").trim_end().ends_with(want) {
            return;
        }
    }
    panic!("child ended before {want}");
}

#[test]
fn a_writer_killed_mid_write_leaves_a_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Start from a large file.
    let (mut store, _) = BookmarkStore::open(dir.path(), ARCHIVE);
    for n in 0..300 {
        store.add(bookmark("seed", n));
    }
    store.save().expect("seed saves");

    let mut seen = 300;
    for (round, saves) in [3u32, 7, 1, 12, 5].into_iter().enumerate() {
        let mut child = spawn_child(dir.path(), &format!("round{round}"), 0);
        wait_for_saves(&mut child, saves);
        child.kill().expect("kills"); // SIGKILL: no chance to clean up
        child.wait().expect("reaped");
        seen += saves as usize;

        let (store, notes) = BookmarkStore::open(dir.path(), ARCHIVE);
        assert!(notes.is_empty(), "round {round}: {notes:?}");
        // The file is whole: everything reported saved is there (maybe one more).
        let count = store.bookmarks().len();
        assert!(
            count == seen || count == seen + 1,
            "round {round}: {count} bookmarks, {seen} reported saved"
        );
        seen = count;
        let text = std::fs::read_to_string(store.path()).expect("reads");
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
    }
    // Temp files of killed writers are swept by the next save.
    let (mut store, _) = BookmarkStore::open(dir.path(), ARCHIVE);
    store.add(bookmark("after", 1));
    store.save().expect("saves");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("lists")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn write_atomic_killed_mid_write_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("blob.json");
    let blobs = [blob('a'), blob('b')];
    for (round, writes) in [1u32, 2, 3, 5, 8, 4, 7, 6, 1, 3, 2, 5]
        .into_iter()
        .enumerate()
    {
        let mut child = spawn_test(dir.path(), "", 0, "child_blob_writer");
        // Killed right after a write finished: the next write has just begun.
        wait_for_line(&mut child, &format!("wrote {writes}"));
        child.kill().expect("kills");
        child.wait().expect("reaped");
        let text = std::fs::read_to_string(&path).expect("the file is there");
        assert!(
            blobs.contains(&text),
            "round {round}: a file of {} bytes is neither the old nor the new one",
            text.len()
        );
    }
}

#[test]
fn two_processes_adding_at_once_keep_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let per_child = 40;
    let mut a = spawn_child(dir.path(), "a", per_child);
    let mut b = spawn_child(dir.path(), "b", per_child);
    assert!(a.wait().expect("a ends").success());
    assert!(b.wait().expect("b ends").success());
    let (store, notes) = BookmarkStore::open(dir.path(), ARCHIVE);
    assert!(notes.is_empty(), "{notes:?}");
    let mut got: Vec<&str> = store.bookmarks().iter().map(|b| b.note.as_str()).collect();
    got.sort();
    let mut want: Vec<String> = (1..=per_child)
        .flat_map(|n| [format!("a-{n}"), format!("b-{n}")])
        .collect();
    want.sort();
    assert_eq!(got, want);
}
