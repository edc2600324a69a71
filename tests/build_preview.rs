//! A build that takes a while shows the cables read so far: previews of the archive, each a
//! prefix of the finished one, browsable but without keyword search; and the TUI that runs on
//! them while the build goes on.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::{Archive, ArchiveError, OpenOptions, Preview, Progress};
use cables::tui::action::{Action, BuildAction, SharedArchive};
use cables::tui::harness::Harness;
use cables::tui::theme::Theme;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A folder of `n` one-cable text files.
fn folder(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..n {
        let text = format!(
            "R 0{}0101Z JAN 09\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO {i:06}\n\nTAGS: PREL, NO\n\n\
             SUBJECT: FISHERIES TALK {i}\n\n1. The first paragraph of cable {i}, about quotas.\n",
            i % 9 + 1
        );
        std::fs::write(dir.join(format!("c{i:03}.txt")), text).expect("write");
    }
}

/// Open `dir` (cached in `cache`) with a preview after every file; returns the previews'
/// (length, ids, keyword-search result) and the archive.
fn open(dir: &Path, cache: &Path) -> (Vec<(usize, Vec<String>, bool)>, Archive) {
    let (previews, archive) = open_keeping(dir, cache);
    let seen = previews.iter().map(|a| {
        let ids = (0..a.len()).map(|i| a.id(i).to_string()).collect();
        let refused = matches!(a.search("quotas", 5), Err(ArchiveError::Building));
        (a.len(), ids, refused)
    });
    (seen.collect(), archive)
}

/// As [`open`], keeping the previews themselves.
fn open_keeping(dir: &Path, cache: &Path) -> (Vec<Archive>, Archive) {
    let options = OpenOptions {
        cache_dir: Some(cache.to_path_buf()),
        threads: 1,
    };
    let mut previews = Vec::new();
    let mut sink = |a: Archive| {
        assert!(a.is_building());
        // Metadata and the reader work on a preview.
        if !a.is_empty() {
            assert_eq!(a.metas().len(), a.len());
            assert!(a.cable(0).is_ok());
        }
        previews.push(a);
    };
    let preview = Preview {
        first_after: Duration::ZERO,
        sink: &mut sink,
    };
    let archive =
        Archive::open_previewing(dir, &options, &mut |_| {}, Some(preview)).expect("opens");
    (previews, archive)
}

#[test]
fn previews_grow_as_a_prefix_of_the_finished_archive() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    folder(&dir, 12);
    let (previews, archive) = open(&dir, &tmp.path().join("cache"));
    assert!(!archive.is_building());
    assert_eq!(archive.len(), 12);
    // The first preview comes after the first file; later ones at doubling intervals.
    assert!(!previews.is_empty());
    assert_eq!(previews[0].0, 1);
    let finished: Vec<String> = (0..12).map(|i| archive.id(i).to_string()).collect();
    let mut last = 0;
    for (len, ids, refused) in &previews {
        assert!(*len > last, "each preview holds more cables");
        last = *len;
        assert_eq!(ids.as_slice(), &finished[..*len]);
        assert!(refused, "keyword search waits for the index");
    }
    let hits = archive.search("quotas", 50).expect("searches");
    assert_eq!(hits.len(), 12);
}

#[test]
fn a_warm_open_sends_no_preview() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    folder(&dir, 3);
    let cache = tmp.path().join("cache");
    let _ = open(&dir, &cache);
    let (previews, archive) = open(&dir, &cache);
    assert!(previews.is_empty());
    assert_eq!(archive.len(), 3);
}

#[test]
fn the_tui_browses_a_preview_and_takes_the_finished_archive_over() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    folder(&dir, 12);
    let (mut previews, finished) = open_keeping(&dir, &tmp.path().join("cache"));
    let first = previews.remove(0);
    assert_eq!(first.len(), 1);
    let mut h = Harness::new(first, Theme::ansi(), 100, 20);
    let text = h.text();
    assert!(text.contains("FISHERIES TALK 0"), "{text}");
    assert!(text.contains("1/1  indexing…"), "{text}");
    h.apply(Action::Build(BuildAction::Progress(Progress {
        cables: 6,
        bytes_done: 500,
        bytes_total: 1000,
        elapsed: Duration::from_secs(10),
    })));
    assert!(
        h.text().contains("indexing 50%, 10 s left…"),
        "{}",
        h.text()
    );
    // Keyword search says why it cannot answer yet.
    h.keys("ctrl-p");
    h.type_text("/quotas");
    assert!(h.text().contains("still being built"), "{}", h.text());
    // The finished archive: more cables, the palette's search runs, the status says so.
    let lists = cables::tui::state::palette::PaletteLists::build(&finished, &h.app.keymap);
    let finished = Arc::new(finished);
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::clone(&finished)),
        done: true,
    }));
    h.apply(Action::Palette(cables::tui::action::PaletteAction::Lists(
        cables::tui::state::palette::SharedLists(Arc::new(lists)),
    )));
    let text = h.text();
    assert!(!text.contains("still being built"), "{text}");
    assert!(text.contains("¶1"), "the search ran again: {text}");
    h.keys("esc");
    assert!(h.text().contains("index built: 12 cables"), "{}", h.text());
    // Copies counted after the build are said with its news, not dropped.
    h.apply(Action::CopiesCounted(3));
    let text = h.text();
    assert!(text.contains("index built: 12 cables"), "{text}");
    assert!(text.contains("3 copies folded"), "{text}");
    // The selection stayed on the first cable; the list holds all twelve.
    h.keys("j");
    let text = h.text();
    assert!(text.contains("2/12"), "{text}");
    assert!(!text.contains("indexing"), "{text}");
}

#[test]
fn a_failed_build_keeps_the_cables_read_and_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    folder(&dir, 3);
    let (mut previews, _) = open_keeping(&dir, &tmp.path().join("cache"));
    let mut h = Harness::new(previews.remove(0), Theme::ansi(), 100, 20);
    h.apply(Action::Build(BuildAction::Failed("disk full".into())));
    let text = h.text();
    assert!(
        text.contains("building the index failed: disk full"),
        "{text}"
    );
    h.keys("j");
    let text = h.text();
    assert!(text.contains("index build failed"), "{text}");
    assert!(!text.contains("indexing"), "{text}");
    assert!(text.contains("FISHERIES TALK 0"), "{text}");
}

/// A 3-cable archive whose cache was built, then lost `damage` (a path inside its cache
/// folder: the index or its meta.json), opened again; returns its previews and the archive.
fn reopened_without(tmp: &Path, damage: &str) -> (Vec<Archive>, Archive) {
    let dir = tmp.join("archive");
    let cache = tmp.join("cache");
    folder(&dir, 3);
    drop(open_keeping(&dir, &cache));
    let folders: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .collect();
    let lost = folders[0].join(damage);
    std::fs::remove_dir_all(&lost)
        .or_else(|_| std::fs::remove_file(&lost))
        .expect("removes");
    open_keeping(&dir, &cache)
}

#[test]
fn a_cache_set_aside_is_said_when_the_build_ends() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Without meta.json the catalog alone would give an empty search.
    let (mut previews, finished) = reopened_without(tmp.path(), "index/meta.json");
    let mut h = Harness::new(previews.remove(0), Theme::ansi(), 200, 20);
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::new(finished)),
        done: true,
    }));
    let text = h.text();
    assert!(text.contains("index built: 3 cables"), "{text}");
    assert!(text.contains("keyword index is unusable"), "{text}");
}

#[test]
fn a_tui_started_on_a_rebuilt_cache_says_why_first() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, archive) = reopened_without(tmp.path(), "index");
    let app = cables::tui::build_app(archive, &cables::tui::TuiOptions::default());
    let msg = app.message.map(|m| m.text).unwrap_or_default();
    assert!(msg.contains("keyword index is unusable"), "{msg}");
    assert!(!msg.contains("could not be read"), "{msg}");
}

/// A preview of 12 cables (folder `part` under `tmp`) and the finished archive of 40 that
/// grows from it (the same indices for the first 12).
fn part_and_all(tmp: &Path) -> (Archive, Archive) {
    let (part, all) = (tmp.join("part"), tmp.join("all"));
    folder(&part, 12);
    folder(&all, 40);
    let (_, preview) = open_keeping(&part, &tmp.join("cache1"));
    let (_, finished) = open_keeping(&all, &tmp.join("cache2"));
    (preview, finished)
}

#[test]
fn the_finished_build_keeps_the_cursor_where_it_was() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (preview, finished) = part_and_all(tmp.path());
    let mut h = Harness::new(preview, Theme::ansi(), 100, 10);
    // Down past the first screen, then up: the cursor mid-screen.
    h.keys("j j j j j j j j j k k");
    let cable = h.app.list.selected_index();
    let row = h.app.list.selected - h.app.list.offset;
    assert!(h.app.list.offset > 0, "the list scrolled");
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::new(finished)),
        done: true,
    }));
    assert_eq!(h.app.list.rows.len(), 40);
    assert_eq!(h.app.list.selected_index(), cable, "the same cable");
    assert_eq!(
        h.app.list.selected - h.app.list.offset,
        row,
        "on the same screen row"
    );
}

/// The last cable of the session, not read yet when the TUI starts on a preview, is looked
/// up again (by the load worker) when the next archive is handed over, without a message
/// in between.
#[test]
fn the_last_cable_not_read_yet_reopens_when_the_build_reaches_it() {
    use cables::bookmarks::session::SessionStore;
    use cables::tui::state::bookmarks::BookmarksState;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    folder(&dir, 12);
    let (mut previews, finished) = open_keeping(&dir, &tmp.path().join("cache"));
    let first = previews.remove(0);
    let last = finished.id(finished.len() - 1).to_string();
    assert!(first.find(&last).is_none(), "the preview lacks it");
    let data = tmp.path().join("data");
    let (mut session, _) = SessionStore::open(&data, first.name());
    session.set_last(Some(&last), "reader");
    session.save().expect("saves");

    let mut h = Harness::new(first, Theme::ansi(), 100, 20);
    let (state, _) = BookmarksState::open(&h.app.archive, &data);
    h.app.bookmarks = state;
    h.resize(100, 20);
    assert!(h.app.reader.is_none());
    assert!(h.app.message.is_none(), "{:?}", h.app.message);
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::new(finished)),
        done: true,
    }));
    let shown = h.app.reader.as_ref().map(|r| r.cable.id.clone());
    assert_eq!(shown.as_deref(), Some(last.as_str()));
}

/// In a large archive a preview's rows are made on the sort worker (at two million cables
/// they took 0.3-0.5 s on the thread that draws): the rows shown stay meanwhile and the
/// header says they are being updated; when the rows come they hold every cable, the
/// selected cable is still selected on the same screen row, and the facets are counted
/// again. A sort asked for meanwhile is made over the grown archive too.
#[test]
fn a_large_archive_that_grew_gets_its_rows_from_the_worker() {
    use cables::archive::catalog::{Filter, SortKey};
    let tmp = tempfile::tempdir().expect("tempdir");
    let (preview, finished) = part_and_all(tmp.path());
    let finished = Arc::new(finished);
    let part = tmp.path().join("part");
    let mut h = Harness::new(preview, Theme::ansi(), 100, 10);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    h.keys("j j j j j j j j j k k");
    let cable = h.app.list.selected_index();
    let row = h.app.list.selected - h.app.list.offset;
    assert!(h.app.list.offset > 0, "the list scrolled");
    let rows_before = h.app.list.rows.clone();
    let generation = h.app.list.rows_generation;
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::clone(&finished)),
        done: false,
    }));
    assert_eq!(h.held.len(), 1, "one job for the sort worker");
    assert_eq!(h.app.list.rows, rows_before, "the rows wait for the worker");
    let header = h.text().lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("12 of 40") && header.contains("(updating…)"),
        "{header}"
    );
    h.keys("j k");
    assert_eq!(h.app.list.selected_index(), cable, "the keys still answer");
    assert!(h.release());
    assert_eq!(
        *h.app.list.rows,
        finished.select(&Filter::default(), SortKey::Date, false)
    );
    assert_eq!(h.app.list.selected_index(), cable, "the same cable");
    assert_eq!(
        h.app.list.selected - h.app.list.offset,
        row,
        "on the same row"
    );
    assert!(
        h.app.list.rows_generation > generation,
        "facets counted again"
    );
    let header = h.text().lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("40 of 40") && !header.contains("…"),
        "{header}"
    );

    // A list at its top when the archive grew, moved before the rows came: the cable the
    // keys went to stays selected (the top of the new order is for a list left at its top).
    let (_, preview) = open_keeping(&part, &tmp.path().join("cache1"));
    let mut h = Harness::new(preview, Theme::ansi(), 100, 10);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::clone(&finished)),
        done: false,
    }));
    h.keys("j");
    let cable = h.app.list.selected_index();
    assert!(h.release());
    assert_eq!(h.app.list.selected_index(), cable, "where the keys went");
    assert_ne!(h.app.list.selected, 0);

    // A sort asked for while a grown archive's rows are on their way: its rows hold every
    // cable of the grown archive, and the facets are counted again.
    let (_, preview) = open_keeping(&part, &tmp.path().join("cache1"));
    let mut h = Harness::new(preview, Theme::ansi(), 100, 10);
    h.app.list.sort_on_the_spot = 0;
    h.hold_sorts = true;
    let generation = h.app.list.rows_generation;
    h.apply(Action::Build(BuildAction::Archive {
        archive: SharedArchive(Arc::clone(&finished)),
        done: false,
    }));
    h.keys("2");
    let header = h.text().lines().next().unwrap_or_default().to_string();
    assert!(header.contains("by id ↑ (sorting…)"), "{header}");
    while h.release() {}
    assert_eq!(
        *h.app.list.rows,
        finished.select(&Filter::default(), SortKey::Id, false)
    );
    assert!(
        h.app.list.rows_generation > generation,
        "facets counted again"
    );
}
