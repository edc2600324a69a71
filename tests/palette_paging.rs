//! The palette's keyword search over a result set bigger than a page (200 hits): the true
//! total is shown, more hits load as the user scrolls, a search of filters alone (`*` on a
//! tag) counts cables, and `)` walks every cable found, not the first page.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::{Archive, OpenOptions};
use cables::tui::harness::Harness;
use cables::tui::state::Overlay;
use cables::tui::state::palette::PaletteState;
use cables::tui::theme::Theme;
use std::collections::HashSet;

/// More cables than a page holds.
const CABLES: usize = 260;

/// A folder of `CABLES` cables tagged KTIP, each with the word `fisheries` in one paragraph.
fn archive() -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let folder = tmp.path().join("archive");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for i in 0..CABLES {
        let text = format!(
            "R 0{}0101Z JAN 09\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO {i:06}\n\nTAGS: KTIP, NO\n\n\
             SUBJECT: TEST {i}\n\n\
             1. The first paragraph of cable {i}, about fisheries and quotas.\n\n\
             2. The second paragraph, about whales, seals and the weather.\n",
            1 + i % 9
        );
        std::fs::write(folder.join(format!("09OSLO{i}.txt")), text).expect("write");
    }
    let options = OpenOptions {
        cache_dir: Some(tmp.path().join("cache")),
        threads: 1,
    };
    let archive = Archive::open_with(&folder, &options, &mut |_| {}).expect("opens");
    assert_eq!(archive.len(), CABLES);
    (tmp, archive)
}

fn palette(h: &Harness) -> &PaletteState {
    match h.app.overlays.last() {
        Some(Overlay::Palette(p)) => p,
        _ => panic!("the palette is open"),
    }
}

fn search(query: &str) -> (tempfile::TempDir, Harness) {
    let (tmp, archive) = archive();
    let mut h = Harness::new(archive, Theme::role_test(), 80, 24);
    h.keys("ctrl-p");
    h.type_text(query);
    (tmp, h)
}

#[test]
fn the_true_total_is_shown_and_more_hits_load_as_the_user_scrolls() {
    let (_tmp, mut h) = search("/fisheries");
    let p = palette(&h);
    assert_eq!(p.hits.len(), 200, "a first page");
    assert_eq!(p.counts(), (200, CABLES));
    assert!(
        h.text().contains(&format!("200 of {CABLES}")),
        "{}",
        h.text()
    );
    for _ in 0..40 {
        h.keys("pgdn");
    }
    let p = palette(&h);
    assert_eq!(
        p.hits.len(),
        CABLES,
        "every hit, loaded as the user scrolled"
    );
    let cables: HashSet<usize> = p.hits.iter().map(|hit| hit.cable).collect();
    assert_eq!(cables.len(), CABLES, "no hit twice");
}

#[test]
fn a_tag_search_counts_every_cable_with_the_tag() {
    let (_tmp, h) = search("/tag:ktip");
    assert_eq!(palette(&h).counts(), (200, CABLES));
}

#[test]
fn parens_walk_the_whole_result_set() {
    let (_tmp, mut h) = search("/tag:ktip");
    h.keys("enter");
    let mut seen = HashSet::new();
    for _ in 0..CABLES {
        let id = h.app.reader.as_ref().map(|r| r.cable.id.clone());
        seen.insert(id.expect("a cable is open"));
        h.keys(")");
    }
    assert_eq!(seen.len(), CABLES, "every cable of the result set");
    let message = h.app.message.as_ref().map(|m| m.text.clone());
    assert!(
        message.is_some_and(|m| m.contains(&format!("/{CABLES}"))),
        "the walk counts the whole set"
    );
}
