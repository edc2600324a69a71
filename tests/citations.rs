//! The citation graph through the TUI: "cited by" in the reader's header, the thread view
//! (a tree walked with the list's keys, Enter opens), the "most cited" order.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::Archive;
use cables::tui::harness::Harness;
use cables::tui::theme::Theme;
use std::path::Path;

fn thread_harness() -> Harness {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/thread");
    let archive = Archive::open(&dir).expect("opens");
    Harness::new(archive, Theme::role_test(), 120, 40)
}

fn open_id(h: &Harness) -> String {
    h.app
        .reader
        .as_ref()
        .map(|r| r.cable.id.clone())
        .unwrap_or_default()
}

#[test]
fn the_reader_header_says_who_cites_the_cable_newest_first() {
    let mut h = thread_harness();
    // The list is by date: 09STATE100 first.
    h.keys("enter");
    assert_eq!(open_id(&h), "09STATE100");
    let text = h.text();
    assert!(
        text.contains(
            "Cited by   2 cables: 09OSLO25 2009-10-12 FISHERIES: FOLLOW-UP ON QUOTAS · 09OSLO20"
        ),
        "{text}"
    );
}

#[test]
fn the_thread_is_walked_with_the_list_keys_and_enter_opens_with_a_way_back() {
    let mut h = thread_harness();
    h.keys("j j enter");
    assert_eq!(open_id(&h), "09OSLO25");
    h.keys("t");
    let text = h.text();
    assert!(text.contains("├ ← 09OSLO20"), "{text}");
    assert!(text.contains("│ └ ← 09STATE100"), "{text}");
    assert!(text.contains("└ → 09STATE150"), "{text}");
    assert!(
        text.contains("  └ → 09OSLO30"),
        "two levels forward: {text}"
    );
    // G: the last row (two levels forward), Enter opens it; back returns.
    h.keys("G enter");
    assert_eq!(open_id(&h), "09OSLO30");
    h.keys("esc");
    assert_eq!(open_id(&h), "09OSLO25");
    // g: the root; Enter there only closes the thread.
    h.keys("t j g enter");
    assert_eq!(open_id(&h), "09OSLO25");
    assert!(!h.text().contains("Thread:"), "{}", h.text());
    // q closes it too.
    h.keys("t q");
    assert!(!h.text().contains("Thread:"), "{}", h.text());
}

#[test]
fn a_cable_outside_the_archive_is_shown_and_not_opened() {
    let mut h = thread_harness();
    // 09STATE150 (fourth by date) cites 09OSLO25 and 08OSLO9, which the archive lacks.
    h.keys("j j j enter t");
    assert_eq!(open_id(&h), "09STATE150");
    let text = h.text();
    assert!(text.contains("08OSLO9  not in this archive"), "{text}");
    let row = h
        .app
        .overlays
        .iter()
        .find_map(|o| match o {
            cables::tui::state::Overlay::Thread(t) => t.rows.iter().position(|r| r.id == "08OSLO9"),
            _ => None,
        })
        .expect("a row");
    h.keys(&format!("{}enter", "j ".repeat(row)));
    assert!(
        h.text().contains("08OSLO9 is not in this archive"),
        "{}",
        h.text()
    );
    assert_eq!(open_id(&h), "09STATE150");
}

#[test]
fn five_sorts_the_list_most_cited_first() {
    let mut h = thread_harness();
    h.keys("5");
    let ids: Vec<String> = h
        .app
        .list
        .rows
        .iter()
        .map(|&i| h.app.archive.id(i as usize).to_string())
        .collect();
    assert_eq!(ids[0], "09STATE100", "cited twice");
    assert_eq!(
        ids.last().map(String::as_str),
        Some("09OSLO30"),
        "cited by none"
    );
    assert!(h.text().contains("by most cited"), "{}", h.text());
}

#[test]
fn the_demo_cites_cables_it_does_not_hold() {
    let archive = Archive::demo();
    let i = archive.find("09STATE60639").expect("a demo cable");
    assert_eq!(
        archive.cites(i),
        [
            ("09STATE59732".to_string(), None),
            ("09STATE5577".to_string(), None)
        ]
    );
    assert_eq!(archive.cited_by("09STATE59732"), [i]);
    let mut h = cables::tui::harness::demo(100, 30);
    let row = h
        .app
        .list
        .rows
        .iter()
        .position(|&r| r as usize == i)
        .expect("listed");
    h.keys(&format!("{}enter t", "j ".repeat(row)));
    let text = h.text();
    assert!(
        text.contains("├ ← 09STATE59732  not in this archive"),
        "{text}"
    );
    assert!(
        text.contains("└ ← 09STATE5577  not in this archive"),
        "{text}"
    );
}

/// Every edge of the corpus read forward (a cable's references) is found backward (who
/// cites the id), and only those; copies cite once.
#[test]
#[ignore = "needs ../shared"]
fn the_corpus_graph_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let archive = Archive::open(&root).expect("the corpus opens");
    let flags = archive.copy_flags();
    let listed = |i: usize| flags[i] & cables::archive::copies::FOLDED == 0;
    let mut forward = std::collections::HashMap::<String, Vec<usize>>::new();
    for i in (0..archive.len()).filter(|&i| listed(i)) {
        let own = archive.id(i).to_ascii_uppercase();
        let mut refs: Vec<String> = archive
            .cites(i)
            .into_iter()
            .map(|(id, _)| id.to_ascii_uppercase())
            .filter(|id| *id != own)
            .collect();
        refs.sort();
        refs.dedup();
        for r in refs {
            forward.entry(r).or_default().push(i);
        }
    }
    assert!(
        forward.len() > 1000,
        "the corpus has many references: {}",
        forward.len()
    );
    let mut in_archive = 0;
    for (id, mut citers) in forward {
        citers.sort();
        let mut back = archive.cited_by(&id);
        back.sort();
        assert_eq!(back, citers, "{id}");
        if let Some(j) = archive.find(&id) {
            in_archive += 1;
            assert_eq!(archive.cited_count(j), citers.len(), "{id}");
        }
    }
    assert!(
        in_archive > 10,
        "some cited cables are in the corpus: {in_archive}"
    );
}

/// The edges are kept with each file's metadata in the cache: a warm open reads them back,
/// and a file added later brings its own edges (only that file is read again).
#[test]
fn the_graph_is_cached_and_a_new_file_adds_its_edges() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    std::fs::create_dir(&dir).expect("mkdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/thread");
    for name in ["09STATE100.txt", "09OSLO20.txt"] {
        std::fs::copy(fixture.join(name), dir.join(name)).expect("copy");
    }
    let options = cables::archive::OpenOptions {
        cache_dir: Some(tmp.path().join("cache")),
        threads: 1,
    };
    let open = || {
        let mut built = false;
        let archive = Archive::open_with(&dir, &options, &mut |_| built = true).expect("opens");
        (archive, built)
    };
    let (cold, _) = open();
    assert_eq!(cold.cited_by("09STATE100").len(), 1);
    drop(cold);
    let (warm, built) = open();
    assert!(!built, "a warm open");
    let ids = |a: &Archive, id: &str| -> Vec<String> {
        a.cited_by(id)
            .iter()
            .map(|&i| a.id(i).to_string())
            .collect()
    };
    assert_eq!(ids(&warm, "09STATE100"), ["09OSLO20"]);
    drop(warm);
    std::fs::copy(fixture.join("09OSLO25.txt"), dir.join("09OSLO25.txt")).expect("copy");
    let (updated, built) = open();
    assert!(built, "the new file is read");
    assert_eq!(ids(&updated, "09STATE100"), ["09OSLO25", "09OSLO20"]);
    assert_eq!(ids(&updated, "09OSLO20"), ["09OSLO25"]);
}
