//! Key-string scenarios through the real keymap and `update`, with a fake runtime.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod tui_common;

use cables::tui::effect::Effect;
use cables::tui::layout::Pane;
use cables::tui::state::{HeaderLink, Overlay};
use tui_common::{harness, said};

/// The current hit of the reader's search and the number of hits.
fn hits(h: &cables::tui::harness::Harness) -> Option<(usize, usize)> {
    h.app
        .reader
        .as_ref()
        .and_then(|r| r.search.as_ref())
        .map(|s| (s.current, s.hits.len()))
}

fn top_paragraph(h: &cables::tui::harness::Harness) -> (u32, usize) {
    h.app
        .reader
        .as_ref()
        .map_or((0, 0), |r| r.paragraph_position())
}

#[test]
fn list_reader_reference_back_help() {
    let mut h = harness(80, 24);
    h.keys("j");
    // The loader names each cable after its archive index (+100).
    let expected = h
        .app
        .list
        .selected_index()
        .map(|i| format!("09DUSHANBE{}", i + 100));
    h.keys("enter");
    assert_eq!(h.app.focus, Pane::Reader);
    let first = h.app.reader.as_ref().map(|r| r.cable.id.clone());
    assert_eq!(first, expected);

    // Read on: three paragraphs down.
    h.keys("} } }");
    let before = h.app.reader.as_ref().map(|r| r.anchor());
    assert_eq!(top_paragraph(&h).0, 3);

    // Follow the first reference, then come back to the same place.
    h.keys("r enter");
    let followed = h.app.reader.as_ref().map(|r| r.cable.id.clone());
    assert_eq!(followed.as_deref(), Some("09DUSHANBE2"));
    assert_eq!(h.app.history.len(), 1);
    assert!(h.text().contains("09DUSHANBE2"));

    h.keys("esc");
    let back = h
        .app
        .reader
        .as_ref()
        .map(|r| (r.cable.id.clone(), r.anchor()));
    assert_eq!(back.as_ref().map(|b| b.0.clone()), expected);
    assert_eq!(back.map(|b| b.1), before);
    assert!(h.app.history.is_empty());

    // Help lists bindings from the keymap, and closes again.
    h.keys("?");
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Help(_))));
    let screen = h.text();
    assert!(screen.contains("Next paragraph"), "{screen}");
    h.keys("esc");
    assert!(h.app.overlays.is_empty());

    // Back once more closes the reader; q in the list quits.
    h.keys("esc");
    assert_eq!(h.app.focus, Pane::List);
    h.keys("q");
    assert!(!h.app.running);
    assert_eq!(h.effects.last(), Some(&Effect::Quit));
}

#[test]
fn a_reference_outside_the_archive_says_so() {
    let mut h = harness(80, 24);
    h.keys("enter r j enter");
    let msg = h.app.message.as_ref().map(|m| m.text.clone());
    assert_eq!(msg.as_deref(), Some("08STATE1 is not in this archive"));
    assert!(h.text().contains("08STATE1 is not in this archive"));
}

#[test]
fn resize_mid_read_keeps_the_paragraph_on_top() {
    let mut h = harness(120, 40);
    h.keys("enter } } } } } j");
    let before = h.app.reader.as_ref().map(|r| r.anchor());
    let para = top_paragraph(&h);
    for (w, hh) in [(80, 24), (60, 20), (200, 60), (120, 40)] {
        h.resize(w, hh);
        let r = h.app.reader.as_ref();
        let anchor = r.map(|r| r.anchor());
        let block = anchor.map(|a| a.block);
        assert_eq!(block, before.map(|a| a.block), "at {w}x{hh}");
        assert_eq!(top_paragraph(&h), para, "at {w}x{hh}");
        // The top line starts at or before the remembered offset in the same paragraph.
        let offset = before.map_or(0, |a| a.offset);
        assert!(anchor.is_some_and(|a| a.offset <= offset));
    }
    assert_eq!(h.app.reader.as_ref().map(|r| r.anchor()), before);
}

#[test]
fn search_steps_through_hits_and_wraps_around() {
    let mut h = harness(80, 24);
    h.keys("enter /");
    h.type_text("ktip");
    h.keys("enter");
    let (first, total) = hits(&h).unwrap_or_default();
    assert!(total > 10, "{total}");
    assert_eq!(first, 0);
    assert!(h.text().contains(&format!("hit 1/{total}")));
    h.keys("n n");
    assert_eq!(hits(&h), Some((2, total)));
    h.keys("N N N");
    assert_eq!(hits(&h), Some((total - 1, total)));
    // The current hit is on screen.
    let r = h.app.reader.as_ref();
    let visible = r.is_some_and(|r| {
        let (b, range) = &r
            .search
            .as_ref()
            .map(|s| s.hits[s.current].clone())
            .unwrap_or_default();
        let line = r.wrapped.line_of(*b, range.start).unwrap_or(usize::MAX);
        line >= r.top && line < r.top + r.rows
    });
    assert!(visible);
}

#[test]
fn sorting_filtering_and_theme_cycle() {
    let mut h = harness(100, 30);
    h.keys("2");
    assert!(!h.app.list.descending);
    h.keys("2");
    assert!(h.app.list.descending, "second press reverses");
    h.keys("f");
    h.type_text("year:1990");
    h.keys("enter");
    assert_eq!(h.app.list.rows.len(), 0);
    assert!(h.text().contains("No cable matches"));
    h.keys("F");
    assert_eq!(h.app.list.rows.len(), h.app.archive.len());
    h.keys("f");
    h.type_text(" colour:red");
    h.keys("enter");
    let msg = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("colour"), "{msg}");
}

#[test]
fn paging_and_edges_in_the_reader() {
    let mut h = harness(80, 24);
    h.keys("enter G");
    let r = h.app.reader.as_ref();
    assert!(r.is_some_and(|r| r.percent() == 100));
    h.keys("g");
    assert_eq!(h.app.reader.as_ref().map(|r| r.top), Some(0));
    h.keys("space space b");
    let top = h.app.reader.as_ref().map_or(0, |r| r.top);
    assert_eq!(top, h.app.reader.as_ref().map_or(0, |r| r.page() as usize));
    assert!(!h.text().contains("AMEMBASSY MOSCOW"));
    h.keys("g e");
    assert!(h.text().contains("AMEMBASSY MOSCOW"));
}

#[test]
fn side_by_side_previews_the_selection() {
    let mut h = harness(160, 50);
    h.keys("enter tab");
    assert!(h.app.layout().wide);
    assert_eq!(h.app.focus, Pane::List);
    h.keys("j");
    let shown = h.app.reader.as_ref().map(|r| r.index);
    assert_eq!(shown, h.app.list.selected_index());
}

#[test]
fn mouse_and_suspend_are_effects() {
    let mut h = harness(80, 24);
    h.keys("W ctrl-z");
    assert_eq!(h.effects, [Effect::SetMouse(true), Effect::Suspend]);
}

#[test]
fn paragraph_position_follows_the_demo_cable() {
    let mut h = cables::tui::harness::demo(120, 40);
    h.keys("enter");
    assert_eq!(top_paragraph(&h).0, 0, "the header is on top");
    h.keys("} }");
    let (n, total) = top_paragraph(&h);
    assert!(n >= 1 && total >= n as usize, "{n}/{total}");
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select_then_open() {
    use cables::tui::action::Action;
    let mut h = harness(160, 50);
    h.keys("enter tab");
    let reader_x = h.app.layout().reader.map_or(0, |r| r.x + 5);
    h.apply(Action::ScrollAt(reader_x, 10, 3));
    assert_eq!(h.app.reader.as_ref().map(|r| r.top), Some(3));
    assert_eq!(h.app.list.selected, 0, "the list did not move");
    // Row 3 of the table: filter bar at y=0, header at y=1, rows from y=2.
    h.apply(Action::ClickAt(5, 4));
    assert_eq!(h.app.list.selected, 2);
    assert_eq!(h.app.focus, Pane::List);
    h.apply(Action::ClickAt(5, 4));
    assert_eq!(h.app.focus, Pane::Reader, "a second click opens");
}

#[test]
fn bookmarked_paragraphs_are_marked_in_the_gutter() {
    let mut h = harness(80, 24);
    // `m` bookmarks the paragraph on top; Enter leaves the note empty.
    h.keys("enter } m enter");
    let text = h.text();
    let marked: Vec<&str> = text.lines().filter(|l| l.starts_with('▌')).collect();
    assert!(!marked.is_empty() && marked[0].contains("¶1"), "{text}");
    assert!(h.roles().lines().any(|l| l.starts_with('k')));
}

#[test]
fn the_filter_prompt_previews_the_count_as_you_type() {
    let mut h = harness(80, 24);
    h.keys("f");
    let total = h.app.archive.len();
    assert!(
        h.text().contains(&format!("→ {total} cables")),
        "{}",
        h.text()
    );
    h.type_text("year:1990");
    assert!(h.text().contains("→ 0 cables"));
    h.keys("ctrl-c");
    assert!(h.app.overlays.is_empty(), "ctrl-c cancels the prompt");
    h.keys("f");
    h.type_text("x:1");
    assert!(
        h.text().contains("unknown filter field `x`"),
        "{}",
        h.text()
    );
}

#[test]
fn help_scrolls_to_its_last_line_and_no_further() {
    let mut h = harness(80, 24);
    h.keys("? G");
    let text = h.text();
    assert!(text.contains("Close (the reader, an overlay)"), "{text}");
    let scroll = |h: &cables::tui::harness::Harness| match h.app.overlays.last() {
        Some(Overlay::Help(s)) => s.scroll,
        _ => usize::MAX,
    };
    let bottom = scroll(&h);
    h.keys("j j space");
    assert_eq!(scroll(&h), bottom);
    h.keys("g");
    assert_eq!(scroll(&h), 0);
}

#[test]
fn a_burst_of_filter_keys_is_counted_once_before_the_frame() {
    use cables::tui::action::Action;
    let mut h = harness(80, 24);
    h.keys("f");
    // Keys taken in one batch: no count yet (nothing scanned per key)...
    for c in "year:1990".chars() {
        let moment = cables::tui::action::Moment::at(cables::tui::harness::CLOCK_START, 0);
        let _ = h.app.update(Action::Input(c), moment);
    }
    let preview = |h: &cables::tui::harness::Harness| match h.app.overlays.last() {
        Some(Overlay::Prompt(p)) => p.preview.clone(),
        _ => None,
    };
    assert_eq!(preview(&h), None);
    // ...then one count before the frame is drawn.
    h.apply(Action::Settle);
    assert_eq!(preview(&h), Some(Ok(0)));
}

#[test]
fn references_in_the_archive_are_links_the_others_muted_and_text_ids_are_listed() {
    use cables::archive::Archive;
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    // 06DUSHANBE50 is in the demo archive; 08STATE1 and 09STATE59732 (in the text) are not.
    let mut h =
        Harness::new(Archive::demo(), Theme::role_test(), 120, 40).with_loader(Box::new(|_| {
            Some(tui_common::cable(
                "10DUSHANBE1",
                &["08STATE1", "06DUSHANBE50"],
                3,
            ))
        }));
    h.keys("enter");
    let (text, roles) = (h.text(), h.roles());
    let role_at = |needle: &str| {
        text.lines().zip(roles.lines()).find_map(|(t, r)| {
            let col = t.find(needle)?;
            let chars = t[..col].chars().count();
            r.chars().nth(chars)
        })
    };
    assert_eq!(role_at("06DUSHANBE50"), Some('r'), "{text}\n{roles}");
    assert_eq!(role_at("08STATE1"), Some('m'), "{text}\n{roles}");
    assert_eq!(role_at("09STATE59732"), Some('m'), "{text}\n{roles}");
    // `r` lists the references line, then the ids found in the text.
    h.keys("r");
    let items = match h.app.overlays.last() {
        Some(Overlay::References(r)) => r.items.clone(),
        _ => Vec::new(),
    };
    let links: Vec<(&str, bool)> = items
        .iter()
        .map(|link| match link {
            HeaderLink::Reference { id, found } => (id.as_str(), found.is_some()),
            HeaderLink::Tag(code) => (code.as_str(), false),
        })
        .collect();
    // Then the cable's tags.
    assert_eq!(
        links,
        [
            ("08STATE1", false),
            ("06DUSHANBE50", true),
            ("09STATE59732", false),
            ("PHUM", false),
            ("KTIP", false),
            ("TI", false)
        ]
    );
}

/// The open demo cable `id`, through the real loader.
fn open_demo(id: &str) -> cables::tui::harness::Harness {
    use cables::archive::Archive;
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    let mut h = Harness::new(Archive::demo(), Theme::role_test(), 120, 40);
    h.apply(cables::tui::action::Action::OpenId(id.into()));
    assert_eq!(h.app.reader.as_ref().map(|r| r.cable.id.as_str()), Some(id));
    h
}

fn palette_hits(h: &cables::tui::harness::Harness) -> (String, Vec<String>) {
    match h.app.overlays.last() {
        Some(Overlay::Palette(p)) => (
            p.input.text().to_string(),
            p.hits.iter().map(|hit| hit.id.clone()).collect(),
        ),
        _ => ("(no palette)".into(), Vec::new()),
    }
}

#[test]
fn star_on_a_reference_lists_the_cables_that_cite_it() {
    let mut h = open_demo("09STATE60639");
    // `*` in the reader opens the links; `*` again searches for the selected one.
    h.keys("* *");
    let (input, ids) = palette_hits(&h);
    assert_eq!(input, "/ref:09STATE59732");
    assert_eq!(ids, ["09STATE60639"]);
    // Esc returns to the reader, as it was.
    h.keys("esc");
    assert!(h.app.overlays.is_empty());
    assert_eq!(h.app.focus, Pane::Reader);
}

#[test]
fn star_on_a_tag_lists_each_tagged_cable_once_and_enter_filters_by_it() {
    let mut h = open_demo("09DUSHANBE1319");
    // No references: the first link is the first tag, PHUM.
    h.keys("r");
    h.keys("*");
    let (input, mut ids) = palette_hits(&h);
    assert_eq!(input, "/tag:PHUM");
    ids.sort();
    let mut tagged: Vec<String> = h
        .app
        .archive
        .metas()
        .iter()
        .filter(|m| m.tags.iter().any(|t| t == "PHUM"))
        .map(|m| m.id.clone())
        .collect();
    tagged.sort();
    assert_eq!(ids, tagged);
    h.keys("esc r enter");
    assert_eq!(h.app.focus, Pane::List);
    assert_eq!(h.app.list.filter.tags, ["PHUM"]);
}

#[test]
fn prompt_keys_erase_a_word_or_the_line() {
    let mut h = harness(80, 24);
    h.keys("f");
    h.type_text("tag:PHUM origin:dushanbe ");
    let text = |h: &cables::tui::harness::Harness| match h.app.overlays.last() {
        Some(Overlay::Prompt(p)) => p.input.text().to_string(),
        _ => "(no prompt)".into(),
    };
    h.keys("ctrl-w");
    assert_eq!(text(&h), "tag:PHUM ");
    h.type_text("KTIP");
    h.keys("backspace");
    assert_eq!(text(&h), "tag:PHUM KTI");
    h.keys("ctrl-u");
    assert_eq!(text(&h), "");
    h.keys("ctrl-w backspace");
    assert_eq!(text(&h), "");
}

#[test]
fn a_palette_keyword_hit_lands_with_each_word_highlighted() {
    let mut h = open_demo("06DUSHANBE50");
    h.keys(":");
    h.type_text("/victim \"referral mechanism\"");
    h.keys("enter");
    let reader = h.app.reader.as_ref().expect("a cable is open");
    let search = reader.search.as_ref().expect("the hit is highlighted");
    let found: std::collections::BTreeSet<String> = search
        .hits
        .iter()
        .filter_map(|(b, range)| reader.doc.blocks.get(*b as usize)?.text.get(range.clone()))
        .map(str::to_ascii_lowercase)
        .collect();
    assert!(found.contains("victim"), "{found:?}");
    assert!(found.contains("referral mechanism"), "{found:?}");
    // A filters-only search lands without a search (nothing to highlight, no "no hit").
    h.keys(":");
    h.type_text("/tag:KTIP");
    h.keys("enter");
    assert!(h.app.reader.as_ref().is_some_and(|r| r.search.is_none()));
}

#[test]
fn bang_lists_the_files_that_could_not_be_read() {
    use cables::archive::Archive;
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
    let archive = Archive::open(&folder).expect("the fixture opens");
    let mut h = Harness::new(archive, Theme::role_test(), 120, 40);
    h.keys("!");
    let text = h.text();
    assert!(text.contains("Files not read (4)"), "{text}");
    // Each file on a line of its own, its reason under it.
    assert!(text.contains("│ sub/NOTES.md "), "{text}");
    assert!(text.contains("│   not a cable"), "{text}");
    assert!(text.contains("│ blob.bin "), "{text}");
    assert!(text.contains("│   binary file"), "{text}");
    h.keys("esc");
    assert!(h.app.overlays.is_empty());
    // The demo has none, and says so.
    let mut demo = harness(80, 24);
    demo.keys("!");
    assert!(demo.text().contains("Every file of this archive was read."));
}

#[test]
fn a_cable_without_a_subject_says_so_in_the_list() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = "R 241050Z NOV 09\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO 000012\n\n\
                1. A cable whose writer forgot the subject line.\n";
    std::fs::write(tmp.path().join("09OSLO12.txt"), text).expect("write");
    // An older cable, listed first (and selected), so the one without a subject shows its roles.
    let older = "R 011050Z JAN 08\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO 000001\n\n\
                 SUBJECT: FISHERIES\n\n1. Quotas.\n";
    std::fs::write(tmp.path().join("08OSLO1.txt"), older).expect("write");
    let archive = cables::archive::Archive::open(tmp.path()).expect("opens");
    let h = cables::tui::harness::Harness::new(
        archive,
        cables::tui::theme::Theme::role_test(),
        100,
        12,
    );
    let text = h.text();
    let row = text
        .lines()
        .position(|l| l.contains("09OSLO12"))
        .expect("the cable's row");
    assert!(
        text.lines()
            .nth(row)
            .is_some_and(|l| l.contains("(no subject)")),
        "{text}"
    );
    let roles = h.roles();
    let role_row = roles.lines().nth(row).unwrap_or("");
    assert!(role_row.contains('m'), "muted:\n{roles}");
}

/// A folder holding cable 09OSLO12 twice (a.txt, c.txt) and 09OSLO13 once (b.txt).
fn folder_with_copies() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = |n: u32| {
        format!(
            "R 241050Z NOV 09\nFM AMEMBASSY OSLO\n\nUNCLAS OSLO 0000{n}\n\n\
             SUBJECT: TALKS {n}\n\n1. Quotas.\n"
        )
    };
    for (file, n) in [("a.txt", 12), ("b.txt", 13), ("c.txt", 12)] {
        std::fs::write(tmp.path().join(file), text(n)).expect("write");
    }
    tmp
}

#[test]
fn the_catalog_folds_copies_or_lists_only_them() {
    use cables::archive::catalog::{Copies, Filter, SortKey};
    let tmp = folder_with_copies();
    let archive = cables::archive::Archive::open(tmp.path()).expect("opens");
    assert_eq!(archive.folded_copies(), 1);
    let rows = |copies| {
        let filter = Filter {
            copies,
            ..Filter::default()
        };
        let mut ids: Vec<String> = archive
            .select(&filter, SortKey::Id, false)
            .iter()
            .map(|&i| format!("{}#{i}", archive.id(i as usize)))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(rows(Copies::All).len(), 3);
    assert_eq!(rows(Copies::Fold), ["09OSLO12#0", "09OSLO13#1"]);
    assert_eq!(rows(Copies::Only), ["09OSLO12#0", "09OSLO12#2"]);
}

#[test]
fn copies_of_a_cable_from_several_files_fold_into_one_row_and_copies_all_lists_each() {
    let tmp = folder_with_copies();
    let archive = cables::archive::Archive::open(tmp.path()).expect("opens");
    let copies = archive.folded_copies();
    let mut h = cables::tui::harness::Harness::new(
        archive,
        cables::tui::theme::Theme::role_test(),
        100,
        12,
    );
    h.apply(cables::tui::action::Action::CopiesCounted(copies));
    let text = h.text();
    assert!(
        text.contains("1 copy of cables read from several files folded"),
        "{text}"
    );
    assert_eq!(text.matches("09OSLO12").count(), 1, "{text}");
    assert!(text.contains("×2 TALKS 12"), "the badge: {text}");
    assert!(
        text.contains("2 of 2  ·  1 copy folded"),
        "the count: {text}"
    );
    h.keys("f");
    h.type_text("copies:all");
    assert!(
        h.text().contains("→ 3 cables"),
        "the preview counts: {}",
        h.text()
    );
    h.keys("enter");
    let text = h.text();
    assert!(text.contains("copies:all"), "{text}");
    assert_eq!(text.matches("09OSLO12").count(), 2, "{text}");
    assert!(text.contains("3 of 3"), "{text}");
}

/// PgDn on the bookmarks screen moves by as many bookmarks as the screen shows, at odd
/// heights too (update and the view read the same box from `layout::Overlays`).
#[test]
fn page_down_on_the_bookmarks_screen_moves_by_the_bookmarks_shown() {
    for height in [24, 25, 31] {
        let mut h = harness(80, height);
        h.keys("enter");
        for _ in 0..16 {
            h.keys("} m enter");
        }
        assert!(h.app.bookmarks.store.bookmarks().len() >= 16);
        h.keys("B");
        // Each bookmark takes two lines, its first naming the cable.
        let text = h.text();
        let shown = text
            .lines()
            .filter(|l| l.starts_with("│ 09DUSHANBE"))
            .count();
        h.keys("pgdn");
        let selected = match h.app.overlays.last() {
            Some(Overlay::Bookmarks(b)) => b.selected,
            _ => usize::MAX,
        };
        assert_eq!(selected, shown, "at 80x{height}");
    }
}

#[test]
fn o_shows_the_original_near_the_same_place_and_back() {
    // The demo archive as it is: the original is the demo cable's own text.
    let mut h = cables::tui::harness::demo(100, 30);
    h.keys("enter } } }");
    let reflowed = h.text();
    let (para, _) = top_paragraph(&h);
    assert!(para > 0);
    let top_words: Vec<String> = h
        .app
        .reader
        .as_ref()
        .and_then(|r| r.doc.blocks.get(r.anchor().block as usize))
        .map(|b| {
            b.text
                .split_whitespace()
                .take(3)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    h.keys("o");
    let screen = h.text();
    let r = h.app.reader.as_ref();
    let source = r.and_then(|r| r.original.clone()).unwrap_or_default();
    // The text as read, with its furniture: the classification line is in it.
    assert!(
        source.contains("UNCLAS") || source.contains("C O N F"),
        "{source}"
    );
    assert_ne!(screen, reflowed);
    // Near the same place: the words that were on top are on screen, not the source's start.
    assert!(r.is_some_and(|r| r.top > 0), "{screen}");
    let on_top = r
        .and_then(|r| r.doc.blocks.get(r.anchor().block as usize))
        .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    assert!(
        on_top.contains(&top_words.join(" ")),
        "{top_words:?}\n{screen}"
    );
    // Back to the reflowed cable, at the paragraph read.
    h.keys("o");
    assert!(h.app.reader.as_ref().is_some_and(|r| r.original.is_none()));
    assert_eq!(top_paragraph(&h).0, para);
    // `/` searches the original: its SIPDIS line is found.
    h.keys("o /");
    h.type_text("SIPDIS");
    h.keys("enter");
    let found = h.app.reader.as_ref().and_then(|r| r.search.as_ref());
    assert!(found.is_some_and(|s| !s.hits.is_empty()), "{}", h.text());
    h.keys("o");
    assert!(h.app.reader.as_ref().is_some_and(|r| r.original.is_none()));
}

/// `<` and `>` in the reader turn to the previous and next cable from the same post by date,
/// stop with a message at either end, and the status bar names the post and the place.
#[test]
fn angle_brackets_turn_the_pages_of_a_posts_file() {
    let mut h = cables::tui::harness::demo(120, 30);
    let archive = std::sync::Arc::clone(&h.app.archive);
    let mut dushanbe: Vec<usize> = (0..archive.len())
        .filter(|&i| archive.meta(i).origin == "Embassy Dushanbe")
        .collect();
    dushanbe.sort_by_key(|&i| archive.meta(i).date);
    let first = archive.meta(dushanbe[0]).id.clone();
    let last = archive.meta(*dushanbe.last().expect("one")).id.clone();
    let of = dushanbe.len();
    // Open the first Dushanbe cable by date (the list is by date).
    let row = h
        .app
        .list
        .rows
        .iter()
        .position(|&i| i as usize == dushanbe[0])
        .expect("listed");
    h.keys(&format!("{}enter", "j ".repeat(row)));
    assert!(
        h.text().contains(&format!("Embassy Dushanbe 1/{of}")),
        "{}",
        h.text()
    );
    h.keys("<");
    assert!(
        h.text().contains("the first cable from Embassy Dushanbe"),
        "{}",
        h.text()
    );
    assert_eq!(
        h.app.reader.as_ref().map(|r| r.cable.id.clone()),
        Some(first)
    );
    for n in 2..=of {
        h.keys(">");
        assert!(
            h.text().contains(&format!("Embassy Dushanbe {n}/{of}")),
            "{}",
            h.text()
        );
    }
    assert_eq!(
        h.app.reader.as_ref().map(|r| r.cable.id.clone()),
        Some(last)
    );
    h.keys(">");
    assert!(
        h.text().contains("the last cable from Embassy Dushanbe"),
        "{}",
        h.text()
    );
    h.keys("<");
    assert!(
        h.text()
            .contains(&format!("Embassy Dushanbe {}/{of}", of - 1)),
        "{}",
        h.text()
    );
    // Turning pages is not a history: back closes the reader.
    assert!(h.app.history.is_empty());
}

#[test]
fn y_copies_the_top_paragraph_or_the_selection_with_its_citation() {
    let mut h = harness(80, 24);
    h.keys("enter } }");
    assert_eq!(top_paragraph(&h).0, 2);
    h.keys("y");
    let copied: Vec<&String> = h
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Copy(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1);
    let text = copied[0];
    let id = h
        .app
        .reader
        .as_ref()
        .map(|r| r.cable.id.clone())
        .unwrap_or_default();
    assert!(text.starts_with("2. (SBU) the commission met"), "{text}");
    assert!(
        text.ends_with(&format!(
            "\n\nCable {id}, Embassy Dushanbe to Secretary of State, \"SUBJECT OF {id}: TAJIK TIP \
             COMMISSION EVOLVING\", 24 November 2009, ¶2 (archive: demo)"
        )),
        "{text}"
    );
    let said = said(&h);
    assert!(
        said.starts_with(&format!("copied ¶2 of {id} with its citation")),
        "{said}"
    );

    // v marks the paragraph on top; moving on selects through the paragraph on top.
    h.effects.clear();
    h.keys("v } }");
    assert!(h.text().contains("3 ¶ selected (y copies)"), "{}", h.text());
    h.keys("y");
    let Some(Effect::Copy(text)) = h.effects.last() else {
        panic!("nothing copied: {:?}", h.effects);
    };
    assert!(text.starts_with("2. (SBU) "), "{text}");
    assert!(
        text.contains("\n\n3. (C) ") && text.contains("\n\n4. (SBU) "),
        "{text}"
    );
    assert!(!text.contains("5. (SBU)"), "{text}");
    assert!(text.ends_with("¶2–4 (archive: demo)"), "{text}");
    // The selection is gone once copied; v then Esc drops one without leaving the cable.
    assert_eq!(h.app.reader.as_ref().and_then(|r| r.selection), None);
    h.keys("v esc");
    assert_eq!(h.app.focus, Pane::Reader);
    assert_eq!(h.app.reader.as_ref().and_then(|r| r.selection), None);
}

#[test]
fn y_says_when_copying_is_turned_off() {
    let mut h = harness(80, 24);
    h.app.clipboard = false;
    h.keys("enter y");
    assert!(!h.effects.iter().any(|e| matches!(e, Effect::Copy(_))));
    assert_eq!(
        said(&h),
        "copying is turned off (clipboard = false in config.toml)"
    );
}

#[test]
fn slash_in_the_list_starts_a_keyword_search() {
    let mut h = harness(80, 24);
    h.keys("/");
    let Some(Overlay::Palette(p)) = h.app.overlays.last() else {
        panic!("no palette: {:?}", h.app.overlays);
    };
    assert_eq!(p.input.text(), "/");
}

#[test]
fn leaving_a_cable_puts_the_list_cursor_on_it() {
    let mut h = harness(80, 24);
    h.keys("j enter");
    let open = h.app.reader.as_ref().map(|r| r.index);
    // Elsewhere in the list meanwhile, then back to the cable and out of it.
    h.keys("tab G tab");
    assert_eq!(h.app.focus, Pane::Reader);
    assert_ne!(h.app.list.selected_index(), open);
    h.keys("q");
    assert_eq!(h.app.focus, Pane::List);
    assert_eq!(h.app.list.selected_index(), open);
}

#[test]
fn sorting_again_starts_at_the_top_of_the_new_order() {
    let mut h = harness(80, 8);
    h.keys("j j j j");
    assert_eq!(h.app.list.selected, 4);
    for key in ["2", "S", "s", "1"] {
        h.keys("G");
        h.keys(key);
        assert_eq!(
            (h.app.list.selected, h.app.list.offset),
            (0, 0),
            "after {key}"
        );
    }
}

#[test]
fn n_after_a_jump_searches_from_the_screen() {
    let mut h = harness(80, 24);
    h.keys("enter /");
    h.type_text("commission");
    h.keys("enter");
    let current = |h: &cables::tui::harness::Harness| hits(h).map_or(usize::MAX, |c| c.0);
    assert_eq!(current(&h), 0);
    // Far on, by paragraphs: n takes the first hit on screen, not the one after hit 1.
    h.keys("} } } } } } } }");
    let top = top_paragraph(&h).0;
    let top_block = h.app.reader.as_ref().map_or(0, |r| r.anchor().block);
    h.keys("n");
    assert_eq!(top_paragraph(&h).0, top, "n scrolled away from the screen");
    let hit_block = h
        .app
        .reader
        .as_ref()
        .and_then(|r| r.search.as_ref().map(|s| s.hits[s.current].0))
        .unwrap_or(0);
    assert!(
        hit_block >= top_block,
        "hit in block {hit_block} above the top {top_block}"
    );
    // From there, n steps to the next hit as before.
    let here = current(&h);
    h.keys("n");
    assert_eq!(current(&h), here + 1);
    // N after jumping back to the top takes the last hit on screen.
    h.keys("g N");
    let last_on_screen = current(&h);
    assert!(last_on_screen < here, "{last_on_screen} vs {here}");
    assert_eq!(top_paragraph(&h).0, 0, "N scrolled away from the header");
}

#[test]
fn the_facet_panel_opens_on_tall_terminals_only_until_toggled() {
    let mut h = harness(80, 24);
    assert!(!h.app.list.show_facets);
    assert!(!h.text().contains("Top tags"), "{}", h.text());
    h.resize(120, 50);
    assert!(h.app.list.show_facets);
    h.resize(80, 24);
    assert!(!h.app.list.show_facets);
    // Chosen by the user: kept whatever the height.
    h.keys("v");
    assert!(h.app.list.show_facets);
    h.resize(80, 20);
    assert!(h.app.list.show_facets);
}

/// The mixed fixture archive (four files it cannot read), cached in `cache`.
fn mixed_archive(cache: &std::path::Path) -> cables::archive::Archive {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
    let options = cables::archive::OpenOptions {
        cache_dir: Some(cache.to_path_buf()),
        threads: 1,
    };
    cables::archive::Archive::open_with(&dir, &options, &mut |_| {}).expect("the fixture opens")
}

#[test]
fn unreadable_files_are_said_once_short_and_listed_relative_and_wrapped_by_bang() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let options = cables::tui::TuiOptions {
        data_dir: Some(tmp.path().join("data")),
        ..Default::default()
    };
    let start = || {
        let archive = mixed_archive(&tmp.path().join("cache"));
        cables::tui::build_app(archive, &options)
    };
    let first = start().message.map(|m| m.text);
    assert_eq!(
        first.as_deref(),
        Some("4 files of the archive could not be read: ! lists them and why")
    );
    assert!(first.is_some_and(|m| m.chars().count() <= 80));
    // The next start says nothing of them.
    let again = start();
    assert_eq!(again.message, None);

    // `!`: paths relative to the archive, each reason wrapped under its file.
    let mut h = cables::tui::harness::Harness::new(
        mixed_archive(&tmp.path().join("cache")),
        cables::tui::theme::Theme::role_test(),
        80,
        24,
    );
    h.keys("!");
    let text = h.text();
    let root = h.app.archive.name().to_string();
    let boxed: Vec<&str> = text.lines().filter(|l| l.starts_with('│')).collect();
    assert!(!boxed.is_empty(), "{text}");
    assert!(
        boxed.iter().all(|l| !l.contains(&root)),
        "an absolute path: {text}"
    );
    assert!(text.contains("│ sub/NOTES.md"), "{text}");
    assert!(text.contains("NOTES.md"), "{text}");
    let lines = cables::tui::state::WarningsState::lines(&h.app.archive, 76);
    assert!(lines.iter().all(|(_, l)| l.chars().count() <= 76));
    let reasons: String = lines
        .iter()
        .filter(|(f, _)| !f)
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    for w in h.app.archive.warnings() {
        let squeezed = w.reason.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(reasons.contains(&squeezed), "{squeezed} not shown whole");
    }
}

#[test]
fn help_has_pages_for_keys_filter_search_and_palette_with_nothing_cut() {
    use cables::tui::state::help::{HelpLine, HelpPage, term_width};
    let mut h = harness(80, 24);
    h.keys("?");
    let page = |h: &cables::tui::harness::Harness| match h.app.overlays.last() {
        Some(Overlay::Help(s)) => Some(*s),
        _ => None,
    };
    assert_eq!(page(&h).map(|s| s.page), Some(HelpPage::Keys));
    assert!(h.text().contains("[Keys]"), "{}", h.text());
    // Every page at 80 columns, scrolled through: no description cut.
    let mut seen = Vec::new();
    for _ in 0..4 {
        let state = page(&h).expect("help is open");
        seen.push(state.page);
        let width = h.app.overlay_boxes().help_width();
        let lines = state.lines(&h.app.keymap, width);
        let mut all = String::new();
        for line in &lines {
            if let HelpLine::Entry { term, text } = line {
                assert!(term.chars().count() <= term_width(width), "{term:?} is cut");
                let room = width - term_width(width) - 1;
                assert!(text.chars().count() <= room, "{text:?} is cut");
                all.push_str(text);
                all.push(' ');
            }
        }
        let screen = {
            let mut s = h.text();
            for _ in 0..lines.len() / 10 + 1 {
                h.keys("space");
                s.push_str(&h.text());
            }
            s
        };
        assert!(!screen.contains('…'), "cut in {:?}: {screen}", state.page);
        match state.page {
            HelpPage::Keys => assert!(
                all.contains("Filter: tag:PHUM origin:dushanbe year:2008-2009 class:secret"),
                "{all}"
            ),
            HelpPage::Filter => assert!(all.contains("an origin of several words"), "{all}"),
            HelpPage::Search => assert!(all.contains("the exact phrase"), "{all}"),
            HelpPage::Palette => assert!(all.contains("TAGS codes"), "{all}"),
        }
        h.keys("tab");
        assert_eq!(
            page(&h).map(|s| s.scroll),
            Some(0),
            "a new page starts at its top"
        );
    }
    assert_eq!(seen, HelpPage::ALL);
    assert_eq!(page(&h).map(|s| s.page), Some(HelpPage::Keys));
    h.keys("backtab");
    assert_eq!(page(&h).map(|s| s.page), Some(HelpPage::Palette));
    assert!(h.text().contains("[Palette]"));
    h.keys("esc");
    assert!(h.app.overlays.is_empty());
}
