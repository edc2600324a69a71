//! A folder archive opened on its cache without looking at every file: the folders' times
//! tell which files were added or removed (`Archive::open_quick`), the files a command shows
//! are checked (`Archive::changed_files`), and `cables search` re-indexes when one of them
//! changed rather than show its old text. Also: a catalog of the previous layout is rebuilt,
//! never read as the new one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use cables::archive::{Archive, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A cable from `post` with serial `n` whose paragraph says `words`.
fn cable(post: &str, n: u32, words: &str) -> String {
    format!(
        "R 010101Z JAN 10\nFM AMEMBASSY {post}\n\nUNCLAS {post} {n:06}\n\nSUBJECT: NEWS FROM {post}\n\n1. {words}.\n"
    )
}

struct Setup {
    _tmp: tempfile::TempDir,
    archive: PathBuf,
    options: OpenOptions,
}

impl Setup {
    fn path(&self, rel: &str) -> PathBuf {
        self.archive.join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn full(&self) -> Archive {
        Archive::open_with(&self.archive, &self.options, &mut |_| {}).expect("opens")
    }

    fn quick(&self) -> (Archive, bool) {
        Archive::open_quick(&self.archive, &self.options)
            .expect("a cache to start from")
            .expect("opens")
    }
}

/// A fixed time long ago: a folder stamped then is not within the few seconds of a walk's
/// start in which a stamp cannot be trusted, and setting it again gives the same stamp.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// Set the modification time of `dir` and of every folder below it to `when`.
fn age(dir: &Path, when: SystemTime) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            age(&path, when);
        }
    }
    std::fs::File::open(dir)
        .expect("opens the folder")
        .set_modified(when)
        .expect("sets its time");
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    let options = OpenOptions {
        cache_dir: Some(tmp.path().join("cache")),
        threads: 1,
    };
    let s = Setup {
        archive,
        options,
        _tmp: tmp,
    };
    s.write("a/10OSLO1.txt", &cable("OSLO", 1, "Narwhal quotas"));
    s.write("a/10OSLO2.txt", &cable("OSLO", 2, "Herring prices"));
    s.write("b/10ROME3.txt", &cable("ROME", 3, "Pasta tariffs"));
    s.write("10PARIS4.txt", &cable("PARIS", 4, "Cheese exports"));
    age(&s.archive, long_ago());
    assert_eq!(s.full().len(), 4);
    s
}

fn ids(archive: &Archive) -> Vec<String> {
    let mut ids: Vec<String> = (0..archive.len())
        .map(|i| archive.meta(i).id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn files_added_or_removed_are_found_by_their_folders_times() {
    let s = setup();
    let (same, changed) = s.quick();
    assert!(!changed, "nothing moved");
    assert_eq!(same.len(), 4);
    assert!(!same.search("narwhal", 5).expect("searches").is_empty());

    // Added to a folder.
    s.write("b/10ROME5.txt", &cable("ROME", 5, "Walrus sightings"));
    let (added, changed) = s.quick();
    assert!(changed);
    assert!(added.find("10ROME5").is_some(), "{:?}", ids(&added));
    assert!(!added.search("walrus", 5).expect("searches").is_empty());
    // The cache was updated: the next open starts from it (the folder, touched seconds ago,
    // is read again, and nothing differs).
    let (again, changed) = s.quick();
    assert!(!changed);
    assert_eq!(again.len(), 5);

    // Removed from a folder.
    std::fs::remove_file(s.path("a/10OSLO2.txt")).expect("rm");
    let (removed, changed) = s.quick();
    assert!(changed);
    assert!(removed.find("10OSLO2").is_none(), "{:?}", ids(&removed));
    assert!(removed.search("herring", 5).expect("searches").is_empty());

    // A new folder, and a folder removed whole.
    s.write("c/d/10BERLIN6.txt", &cable("BERLIN", 6, "Sausage rules"));
    std::fs::remove_dir_all(s.path("b")).expect("rm -r");
    let (moved, changed) = s.quick();
    assert!(changed);
    assert_eq!(ids(&moved), ["10BERLIN6", "10OSLO1", "10PARIS4"]);
    assert!(!moved.search("sausage", 5).expect("searches").is_empty());
    assert!(moved.search("pasta", 5).expect("searches").is_empty());
    // What the quick opens saved is what a full check finds.
    assert!(s.full().is_unchanged());
}

#[test]
fn a_file_edited_in_place_is_found_when_shown_and_by_a_full_check() {
    let s = setup();
    let stamp = long_ago();
    // Edited in place: its folder's time does not change (set back here, as a write into
    // an existing file leaves it).
    s.write(
        "a/10OSLO1.txt",
        &cable("OSLO", 1, "Narwhal quotas and walrus counts"),
    );
    age(&s.archive, stamp);
    let (quick, changed) = s.quick();
    assert!(!changed, "the folders say nothing moved");
    let oslo = quick.find("10OSLO1").expect("in the cache");
    let paris = quick.find("10PARIS4").expect("in the cache");
    assert_eq!(quick.changed_files([paris]), Vec::<PathBuf>::new());
    assert_eq!(
        quick.changed_files([oslo, paris, oslo]),
        [s.path("a/10OSLO1.txt")],
        "the shown file that changed, once"
    );
    let checked = s.full();
    assert!(!checked.is_unchanged());
    assert!(!checked.search("walrus", 5).expect("searches").is_empty());
    // A file removed is changed too.
    std::fs::remove_file(s.path("10PARIS4.txt")).expect("rm");
    assert_eq!(checked.changed_files([paris]), [s.path("10PARIS4.txt")]);
}

#[test]
fn a_folder_changed_within_seconds_of_its_walk_is_read_again() {
    let s = setup();
    // Indexed right after a change: the folders' times are too close to the walk to tell a
    // later change within the same clock tick, so they are read again even when their
    // times still match.
    let now = SystemTime::now();
    s.write("b/10ROME9.txt", &cable("ROME", 9, "Olive harvest"));
    age(&s.archive, now);
    assert!(!s.full().is_unchanged(), "a catalog saved with these times");
    s.write("a/10OSLO7.txt", &cable("OSLO", 7, "Cod wars"));
    age(&s.archive, now);
    let (quick, changed) = s.quick();
    assert!(changed);
    assert!(quick.find("10OSLO7").is_some(), "{:?}", ids(&quick));
}

#[test]
fn search_on_a_folder_says_a_shown_file_changed_and_shows_its_new_text() {
    let s = setup();
    let run = |args: &[&str]| {
        let out = sandbox::cables()
            .env(
                "CABLES_CACHE_DIR",
                s.options.cache_dir.as_ref().expect("cache"),
            )
            .arg("--archive")
            .arg(&s.archive)
            .args(args)
            .output()
            .expect("runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, err) = run(&["search", "narwhal"]);
    assert!(out.contains("10OSLO1"), "{out}{err}");
    assert!(!err.contains("changed"), "{err}");
    s.write(
        "a/10OSLO1.txt",
        &cable("OSLO", 1, "Narwhal tusks are teeth"),
    );
    age(&s.archive, long_ago());
    let (out, err) = run(&["search", "narwhal"]);
    assert!(
        err.contains("10OSLO1.txt changed since the archive was indexed; indexing again"),
        "{err}"
    );
    assert!(
        out.contains("tusks"),
        "the new text, not the indexed one: {out}"
    );
    assert!(!out.contains("quotas"), "{out}");
    // Indexed again: said once.
    let (out, err) = run(&["search", "narwhal"]);
    assert!(
        out.contains("tusks") && !err.contains("changed"),
        "{out}{err}"
    );
    // A file added is searched at once, without a word.
    s.write("b/10ROME8.txt", &cable("ROME", 8, "Narwhal in the Tiber"));
    let (out, err) = run(&["search", "narwhal"]);
    assert!(
        out.contains("10ROME8") && out.contains("10OSLO1"),
        "{out}{err}"
    );
    assert!(!err.contains("changed"), "{err}");
}

#[test]
fn a_catalog_of_the_previous_layout_is_rebuilt_not_read() {
    let s = setup();
    let cache = s.options.cache_dir.clone().expect("cache");
    let folder = std::fs::read_dir(&cache)
        .expect("cache")
        .next()
        .expect("one folder")
        .expect("entry")
        .path();
    let catalog = folder.join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("reads");
    // The header after its length: the magic (a length byte, 14 bytes), then the version.
    assert_eq!(&bytes[9..23], b"cables-catalog");
    bytes[23] -= 1;
    std::fs::write(&catalog, &bytes).expect("writes");
    assert!(Archive::open_trusted(&s.archive, &s.options).is_none());
    assert!(Archive::open_quick(&s.archive, &s.options).is_none());
    let rebuilt = s.full();
    assert_eq!(rebuilt.len(), 4);
    assert!(
        rebuilt
            .warnings()
            .iter()
            .any(|w| w.reason.contains("is from another version") && w.reason.contains("rebuilt")),
        "{:?}",
        rebuilt.warnings()
    );
    assert!(s.quick().0.find("10ROME3").is_some());
}

/// An update reads again only the files that changed: one rewritten under its old size and
/// time (its fingerprint unchanged) keeps what the cache had, and the bytes read are the
/// added file's alone.
#[test]
fn an_update_reads_only_the_files_that_changed() {
    let s = setup();
    let kept = s.path("a/10OSLO2.txt");
    let before = std::fs::metadata(&kept).expect("metadata");
    // The same length, the same time: the cache cannot tell, and must not read it again.
    let swapped = cable("OSLO", 2, "Herring prixes");
    assert_eq!(swapped.len() as u64, before.len());
    std::fs::write(&kept, &swapped).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&kept)
        .expect("opens")
        .set_modified(before.modified().expect("mtime"))
        .expect("sets its time");
    s.write("b/10ROME5.txt", &cable("ROME", 5, "Walrus sightings"));
    let added = std::fs::metadata(s.path("b/10ROME5.txt")).expect("metadata");

    let mut read = 0;
    let archive = Archive::open_with(&s.archive, &s.options, &mut |p| {
        read = read.max(p.bytes_total);
    })
    .expect("opens");
    assert_eq!(read, added.len(), "only the added file is read");
    assert_eq!(archive.len(), 5);
    assert!(!archive.search("walrus", 5).expect("searches").is_empty());
    assert!(
        archive.search("prixes", 5).expect("searches").is_empty(),
        "a file whose fingerprint did not change was read again"
    );
}

/// A file removed from a folder takes its paragraphs out of the keyword index: the index
/// holds what a fresh build of the files left holds, by the folders' times and by a full
/// check alike.
#[test]
fn a_removed_files_paragraphs_leave_the_keyword_index() {
    let s = setup();
    let all = s.full().indexed_cables();
    std::fs::remove_file(s.path("a/10OSLO1.txt")).expect("remove");
    let fresh = Archive::open(&s.archive).expect("opens").indexed_cables();
    assert!(fresh < all, "{fresh} of {all}");

    let (quick, changed) = s.quick();
    assert!(changed);
    assert_eq!(quick.indexed_cables(), fresh);
    assert!(quick.search("narwhal", 5).expect("searches").is_empty());

    std::fs::remove_file(s.path("b/10ROME3.txt")).expect("remove");
    let fresh = Archive::open(&s.archive).expect("opens").indexed_cables();
    let full = s.full();
    assert_eq!(full.indexed_cables(), fresh);
    assert!(full.search("pasta", 5).expect("searches").is_empty());
}
