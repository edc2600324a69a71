//! The on-disk cache: reuse, incremental update, corrupt caches, concurrent opens; a damaged
//! keyword index (bytes flipped in a `.term` file, a truncated `.pos`, a removed index folder
//! or `meta.json`) set aside and rebuilt by the binary, with a warning, its hits still found.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use cables::archive::{Archive, OpenOptions, Progress};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

struct Setup {
    _tmp: tempfile::TempDir,
    archive: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().expect("tempdir");
    let archive = tmp.path().join("archive");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
    copy_dir(&from, &archive);
    let cache = tmp.path().join("cache");
    Setup {
        _tmp: tmp,
        archive,
        cache,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Open through the cache; returns the archive and every progress report.
fn open(s: &Setup) -> (Archive, Vec<Progress>) {
    let options = OpenOptions {
        cache_dir: Some(s.cache.clone()),
        threads: 1,
    };
    let mut reports = Vec::new();
    let archive =
        Archive::open_with(&s.archive, &options, &mut |p| reports.push(*p)).expect("opens");
    (archive, reports)
}

fn cache_folder(s: &Setup) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&s.cache)
        .expect("cache exists")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(dirs.len(), 1, "one folder per archive");
    dirs.remove(0)
}

#[test]
fn a_warm_open_reuses_the_cache() {
    let s = setup();
    let (cold, reports) = open(&s);
    assert_eq!(cold.len(), 7);
    assert!(!reports.is_empty(), "a cold open reports progress");
    let (warm, reports) = open(&s);
    assert!(reports.is_empty(), "nothing rebuilt: {reports:?}");
    assert!(cold.index_opened(), "a build opens the index it writes");
    // Listing and reading never search: the index stays shut until a search.
    assert_eq!(warm.metas(), cold.metas());
    assert_eq!(warm.warnings().len(), cold.warnings().len());
    assert!(!warm.index_opened(), "a warm open opened the keyword index");
    assert_eq!(warm.search("opium", 10).expect("search").len(), 2);
    assert!(warm.index_opened());
    assert_date_order(&warm);
}

#[test]
fn a_cache_rebuilt_by_another_process_is_not_searched_against_the_older_catalog() {
    let s = setup();
    open(&s);
    let (warm, _) = open(&s);
    // Another `cables` finds a file changed and updates the cache before this one searches.
    let dump = s.archive.join("dump.json");
    let text = std::fs::read_to_string(&dump).expect("read");
    std::fs::write(&dump, text.replace("opium", "hashish")).expect("write");
    let (updated, _) = open(&s);
    assert!(!updated.search("hashish", 10).expect("search").is_empty());
    let refused = warm.search("opium", 10);
    let Err(e) = refused else {
        panic!("searched an index newer than its catalog: {refused:?}");
    };
    assert!(e.to_string().contains("open the archive again"), "{e}");
    // Nothing was set aside: the other process's cache stands.
    let (again, reports) = open(&s);
    assert!(reports.is_empty(), "rebuilt: {reports:?}");
    assert!(!again.search("hashish", 10).expect("search").is_empty());
}

/// The date order kept with the catalog is the one sorted from the metadata.
fn assert_date_order(archive: &Archive) {
    use cables::archive::catalog::{Filter, SortKey};
    let metas = archive.metas();
    let mut by_date: Vec<u32> = (0..metas.len() as u32).collect();
    by_date.sort_by(|&a, &b| {
        let (x, y) = (&metas[a as usize], &metas[b as usize]);
        (x.date, &x.id, a).cmp(&(y.date, &y.id, b))
    });
    let all = Filter::default();
    assert_eq!(archive.select(&all, SortKey::Date, false), by_date);
    by_date.reverse();
    assert_eq!(archive.select(&all, SortKey::Date, true), by_date);
}

#[test]
fn a_changed_folder_is_updated_incrementally() {
    let s = setup();
    open(&s);
    // Add a cable, change one file, remove another.
    let new = "R 010101Z JAN 10\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO 000001\n\nSUBJECT: WHALES\n\n1. Narwhal quotas.\n";
    std::fs::write(s.archive.join("sub/10OSLO1.txt"), new).expect("write");
    std::fs::remove_file(s.archive.join("cable.json")).expect("remove");
    let dump = s.archive.join("dump.json");
    let text = std::fs::read_to_string(&dump).expect("read");
    std::fs::write(&dump, text.replace("opium", "hashish")).expect("write");
    let (archive, reports) = open(&s);
    let last = reports.last().expect("progress while updating");
    let changed = new.len() as u64 + std::fs::metadata(&dump).expect("meta").len();
    assert_eq!(last.bytes_total, changed, "only the changed files are read");
    assert!(archive.find("10OSLO1").is_some());
    assert!(archive.find("08MOSCOW3343").is_none());
    let ids = |q: &str| -> Vec<String> {
        archive
            .search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(ids("narwhal"), ["10OSLO1"]);
    assert!(
        ids("missiles").is_empty(),
        "the removed file's paragraphs are gone"
    );
    assert_eq!(ids("hashish"), ["04ANKARA348"]);
    assert_eq!(ids("opium"), ["09PARIS1319"]);
    // A warm open after the update has the new file in its kept date order.
    let (warm, reports) = open(&s);
    assert!(reports.is_empty(), "{reports:?}");
    assert_date_order(&warm);
}

#[test]
fn a_corrupt_catalog_is_set_aside_and_rebuilt() {
    let s = setup();
    open(&s);
    let folder = cache_folder(&s);
    std::fs::write(folder.join("catalog.bin"), b"\x00garbage").expect("corrupt it");
    let (archive, reports) = open(&s);
    assert_eq!(archive.len(), 7);
    assert!(!reports.is_empty(), "rebuilt");
    assert!(
        archive
            .warnings()
            .iter()
            .any(|w| w.reason.contains("set aside")),
        "{:?}",
        archive.warnings()
    );
    let aside = std::fs::read_dir(&folder)
        .expect("folder")
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("catalog.bin.bad-")
            })
        })
        .count();
    assert_eq!(aside, 1);
    let (again, reports) = open(&s);
    assert!(reports.is_empty());
    assert!(
        again
            .warnings()
            .iter()
            .all(|w| !w.reason.contains("set aside"))
    );
}

#[test]
fn a_truncated_catalog_or_a_broken_index_is_rebuilt() {
    let s = setup();
    open(&s);
    let folder = cache_folder(&s);
    let catalog = folder.join("catalog.bin");
    let bytes = std::fs::read(&catalog).expect("read");
    std::fs::write(&catalog, &bytes[..bytes.len() / 2]).expect("truncate");
    let (archive, _) = open(&s);
    assert_eq!(archive.len(), 7);
    std::fs::write(folder.join("index/meta.json"), b"{ not json").expect("break index");
    let (archive, _) = open(&s);
    assert_eq!(archive.len(), 7);
    assert_eq!(archive.search("opium", 10).expect("search").len(), 2);
}

#[test]
fn two_processes_opening_at_once_build_once() {
    let s = Arc::new(setup());
    let builds = Arc::new(Mutex::new(0));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let s = Arc::clone(&s);
            let builds = Arc::clone(&builds);
            std::thread::spawn(move || {
                let (archive, reports) = open(&s);
                if !reports.is_empty()
                    && let Ok(mut n) = builds.lock()
                {
                    *n += 1;
                }
                archive.len()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), 7);
    }
    assert_eq!(*builds.lock().expect("lock"), 1);
}

#[test]
fn corrupt_metadata_tables_are_found_late_without_a_panic_and_rebuilt() {
    let s = setup();
    let (cold, _) = open(&s);
    let ids: Vec<String> = cold.metas().iter().map(|m| m.id.clone()).collect();
    let folder = cache_folder(&s);
    let catalog = folder.join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("read");
    // Scramble the tables after the header, keeping the length.
    let header = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    for b in &mut bytes[8 + header..] {
        *b = 0xff;
    }
    std::fs::write(&catalog, &bytes).expect("write");
    let (warm, reports) = open(&s);
    assert!(reports.is_empty(), "the header is intact: a warm open");
    // A search needs no metadata table.
    let hits = warm.search("opium", 10).expect("search");
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| ids.contains(&h.id)), "{hits:?}");
    assert_eq!(warm.metas().len(), 7, "len() holds, with empty metadata");
    use cables::archive::catalog::{Filter, SortKey};
    let by_date = warm.select(&Filter::default(), SortKey::Date, false);
    assert_eq!(by_date.len(), 7, "and so does the list");
    assert!(warm.find(&ids[0]).is_none());
    warned_then_rebuilt(&s, warm, "rebuilt on the next open", &ids);
}

/// Scramble the tables of the cache's catalog after its header, keeping its length.
fn scramble_tables(s: &Setup) {
    let catalog = cache_folder(s).join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("read");
    let header = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    for b in &mut bytes[8 + header..] {
        *b = 0xff;
    }
    std::fs::write(&catalog, &bytes).expect("write");
}

/// Make the kept date order of the cache's catalog (the last column: 7 indices of 4 bytes)
/// all 0: the table still decodes, and fails its check.
fn zero_date_order(s: &Setup) {
    let catalog = cache_folder(s).join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("read");
    let end = bytes.len();
    bytes[end - 28..].fill(0);
    std::fs::write(&catalog, &bytes).expect("write");
}

#[test]
fn a_table_read_before_its_check_is_checked_after_and_set_aside_when_damaged() {
    let s = setup();
    let (cold, _) = open(&s);
    let metas = cold.metas();
    drop(cold);
    // Undamaged: read unchecked, then checked.
    let (warm, _) = open(&s);
    warm.defer_table_check();
    assert_eq!(warm.metas(), metas);
    assert_eq!(warm.check_tables(), Ok(()));
    drop(warm);
    zero_date_order(&s);
    let (warm, _) = open(&s);
    warm.defer_table_check();
    assert_eq!(warm.metas(), metas, "read as it is, unchecked");
    let Err(damaged) = warm.check_tables() else {
        panic!("a damaged table passed its check");
    };
    assert!(damaged.contains("its date order"), "{damaged}");
    assert!(damaged.contains("set aside"), "{damaged}");
    drop(warm);
    let (again, reports) = open(&s);
    assert!(!reports.is_empty(), "not rebuilt");
    assert_eq!(again.metas(), metas);
}

#[test]
fn list_says_a_damaged_catalog_after_its_lines_and_the_next_list_is_right() {
    let s = setup();
    let (ok, listed, _) = run(&s, &["list"]);
    assert!(ok && listed.contains("09ANKARA71"), "{listed}");
    for (damage, reason) in [
        (zero_date_order as fn(&Setup), "its date order"),
        (scramble_tables, "cannot be decoded"),
    ] {
        damage(&s);
        let out = sandbox::cables()
            .env("CABLES_CACHE_DIR", &s.cache)
            .arg("--archive")
            .arg(&s.archive)
            .arg("list")
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{reason}: {err}");
        assert!(err.contains(reason) && err.contains("set aside"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        let (ok, again, err) = run(&s, &["list"]);
        assert!(ok, "{err}");
        assert_eq!(again, listed);
    }
}

#[test]
fn a_kept_date_order_that_is_not_every_cable_once_sets_the_catalog_aside() {
    let s = setup();
    let (cold, _) = open(&s);
    let ids: Vec<String> = cold.metas().iter().map(|m| m.id.clone()).collect();
    drop(cold);
    let catalog = cache_folder(&s).join("catalog.bin");
    let mut bytes = std::fs::read(&catalog).expect("read");
    // The order is the section's last column: 7 indices of 4 bytes, all made 0.
    let end = bytes.len();
    bytes[end - 28..].fill(0);
    std::fs::write(&catalog, &bytes).expect("write");
    let (warm, _) = open(&s);
    use cables::archive::catalog::{Filter, SortKey};
    let by_date = warm.select(&Filter::default(), SortKey::Date, false);
    let mut sorted = by_date.clone();
    sorted.sort();
    assert_eq!(sorted, (0..7).collect::<Vec<u32>>(), "each cable once");
    warned_then_rebuilt(&s, warm, "its date order", &ids);
}

/// `warm` warns (a reason containing `reason`) that its catalog is set aside; the next open
/// rebuilds it with the cables `ids`.
fn warned_then_rebuilt(s: &Setup, warm: Archive, reason: &str, ids: &[String]) {
    let warnings = warm.warnings();
    assert!(
        warnings.iter().any(|w| w.reason.contains(reason)),
        "{warnings:?}"
    );
    drop(warm);
    let (again, reports) = open(s);
    assert!(!reports.is_empty(), "rebuilt");
    let again_ids: Vec<String> = again.metas().iter().map(|m| m.id.clone()).collect();
    assert_eq!(again_ids, ids);
}

#[test]
fn a_warm_open_reads_metadata_only_when_asked() {
    let s = setup();
    let (cold, _) = open(&s);
    let (warm, _) = open(&s);
    let hits = warm.search("opium", 10).expect("search");
    for hit in &hits {
        assert_eq!(warm.id(hit.cable), hit.id);
        assert_eq!(cold.meta(hit.cable).id, hit.id);
    }
    for (i, meta) in cold.metas().iter().enumerate() {
        assert_eq!(warm.find(&meta.id.to_lowercase()), cold.find(&meta.id));
        assert_eq!(
            warm.cable(i).expect("cable").id,
            cold.cable(i).expect("cable").id
        );
    }
    assert_eq!(warm.metas(), cold.metas());
}

#[test]
fn only_the_latest_cache_set_aside_is_kept() {
    let s = setup();
    open(&s);
    let folder = cache_folder(&s);
    // Left by two earlier failures.
    std::fs::write(folder.join("catalog.bin.bad-100"), b"old").expect("writes");
    std::fs::create_dir_all(folder.join("index.bad-100")).expect("mkdir");
    std::fs::write(folder.join("catalog.bin.bad-200"), b"old").expect("writes");
    std::fs::write(folder.join("catalog.bin"), b"\x00garbage").expect("corrupt it");
    let (archive, _) = open(&s);
    assert_eq!(archive.len(), 7);
    let mut aside: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".bad-"))
        .collect();
    aside.sort();
    assert_eq!(aside.len(), 2, "{aside:?}");
    assert!(aside[0].starts_with("catalog.bin.bad-") && aside[1].starts_with("index.bad-"));
    assert!(
        !aside
            .iter()
            .any(|n| n.ends_with("-100") || n.ends_with("-200")),
        "{aside:?}"
    );
}

/// Run `cables --archive <archive> args...` with the test's cache folder.
fn run(s: &Setup, args: &[&str]) -> (bool, String, String) {
    let out = sandbox::cables()
        .env("CABLES_CACHE_DIR", &s.cache)
        .env("RUST_BACKTRACE", "0")
        .arg("--archive")
        .arg(&s.archive)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The index folder of the one archive in the cache.
fn index_dir(s: &Setup) -> PathBuf {
    cache_folder(s).join("index")
}

/// Every index file whose name ends with `ext`.
fn files(s: &Setup, ext: &str) -> Vec<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(index_dir(s))
        .expect("index")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(!found.is_empty(), "no .{ext} file");
    found
}

/// When a command finds damage to the index.
#[derive(Clone, Copy, PartialEq)]
enum Found {
    /// At every open: no `meta.json`, so no index to open later.
    AtOpen,
    /// When the index is opened, by a search: `list` never opens it.
    AtSearch,
}

/// `cmd` works, says the index was unusable and set aside, and a search after it is quiet.
/// Damage found at search lets `list` list without a word, and the search after it is the
/// one that finds the index unusable.
fn recovers(s: &Setup, cmd: &[&str], found: Found) {
    if cmd[0] == "list" && found == Found::AtSearch {
        let (ok, out, err) = run(s, cmd);
        assert!(ok && out.contains("09ANKARA71"), "{out}{err}");
        assert!(!err.contains("unusable"), "list opened the index: {err}");
        return recovers(s, &["search", "trafficking"], found);
    }
    let (ok, out, err) = run(s, cmd);
    assert!(ok, "{cmd:?} failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("keyword index is unusable"), "{cmd:?}: {err}");
    assert!(err.contains("set aside"), "{err}");
    if cmd[0] == "search" {
        assert!(out.contains("09ANKARA71"), "{out}");
    }
    let (ok, out, err) = run(s, &["search", "trafficking"]);
    assert!(ok && out.contains("09ANKARA71"), "{out}{err}");
    assert!(!err.contains("unusable"), "rebuilt once: {err}");
}

/// A cache built by the binary, that finds `trafficking` without a warning.
fn built(s: Setup) -> Setup {
    let (ok, out, err) = run(&s, &["search", "trafficking"]);
    assert!(ok && out.contains("09ANKARA71"), "{out}{err}");
    assert!(!err.contains("unusable"), "{err}");
    s
}

fn flip_term_bytes(s: &Setup) {
    for path in files(s, "term") {
        let mut bytes = std::fs::read(&path).expect("reads");
        let n = bytes.len();
        for b in &mut bytes[n / 4..n - n / 4] {
            *b ^= 0xA5;
        }
        std::fs::write(&path, bytes).expect("writes");
    }
}

fn truncate_pos(s: &Setup) {
    for path in files(s, "pos") {
        let len = std::fs::metadata(&path).expect("stat").len();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("opens");
        file.set_len(len / 2).expect("truncates");
    }
}

#[test]
fn flipped_bytes_in_a_term_file_are_caught_by_search_and_list() {
    for cmd in [&["search", "trafficking"][..], &["list"]] {
        let s = built(setup());
        flip_term_bytes(&s);
        recovers(&s, cmd, Found::AtSearch);
    }
}

#[test]
fn a_truncated_positions_file_is_rebuilt() {
    for cmd in [&["search", "\"human trafficking\""][..], &["list"]] {
        let s = built(setup());
        truncate_pos(&s);
        recovers(&s, cmd, Found::AtSearch);
    }
}

#[test]
fn a_removed_index_folder_or_meta_json_is_rebuilt_not_empty() {
    for cmd in [&["search", "trafficking"][..], &["list"]] {
        let s = built(setup());
        std::fs::remove_dir_all(index_dir(&s)).expect("removes");
        recovers(&s, cmd, Found::AtOpen);
        std::fs::remove_file(index_dir(&s).join("meta.json")).expect("removes");
        recovers(&s, cmd, Found::AtOpen);
    }
}

#[test]
fn a_cache_folder_that_cannot_be_written_indexes_in_memory_and_says_so() {
    let s = built(setup());
    // A file where the cache folder should be: nothing can be created under it (a chmod
    // would not stop root, who runs some test machines).
    let blocked = s.cache.parent().expect("parent").join("blocked");
    std::fs::write(&blocked, b"not a folder").expect("writes");
    let out = sandbox::cables()
        .env("CABLES_CACHE_DIR", blocked.join("cache"))
        .arg("--archive")
        .arg(&s.archive)
        .args(["search", "trafficking"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("09ANKARA71"));
    assert!(err.contains("the cache cannot be used"), "{err}");
    assert!(err.contains("indexed in memory"), "{err}");
}

#[test]
fn a_trusted_open_shows_the_cache_without_looking_at_the_files_and_the_check_follows() {
    let s = setup();
    let options = OpenOptions {
        cache_dir: Some(s.cache.clone()),
        threads: 1,
    };
    assert!(
        Archive::open_trusted(&s.archive, &options).is_none(),
        "no cache yet: nothing to trust"
    );
    let (first, _) = open(&s);
    let before = first.len();
    // A cable is added after the cache was written: the trusted open does not see it (it
    // looked at no file), the check that follows does.
    let new = "R 010101Z JAN 10\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO 000001\n\nSUBJECT: WHALES\n\n1. Narwhal quotas.\n";
    std::fs::write(s.archive.join("sub/10OSLO1.txt"), new).expect("write");
    let trusted = Archive::open_trusted(&s.archive, &options).expect("a cache to trust");
    assert_eq!(trusted.len(), before);
    assert!(trusted.find("10OSLO1").is_none());
    assert!(
        !trusted
            .search("trafficking", 5)
            .expect("searches")
            .is_empty()
    );
    let cable = trusted.cable(0).expect("reads a cable from its file");
    assert_eq!(cable.id, trusted.meta(0).id);
    let (checked, _) = open(&s);
    assert!(!checked.is_unchanged(), "the check found the new file");
    assert!(checked.find("10OSLO1").is_some());
    let (again, _) = open(&s);
    assert!(again.is_unchanged(), "nothing changed since");
    // A single file is one stat: never trusted.
    let single = s.archive.join("dump.json");
    assert!(Archive::open_trusted(&single, &options).is_none());
}
