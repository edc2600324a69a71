//! The palette in the TUI: opening over any screen, typing, highlighted matches at 80x24,
//! Enter for each mode, Esc back to exactly where the user was, and walking keyword results.

mod tui_common;

use cables::archive::Archive;
use cables::cable::{Cable, Paragraph, ParagraphKind};
use cables::tui::harness::Harness;
use cables::tui::layout::Pane;
use cables::tui::state::Overlay;
use cables::tui::state::reader::Place;
use cables::tui::theme::Theme;

fn demo(w: u16, h: u16) -> Harness {
    Harness::new(Archive::demo(), Theme::role_test(), w, h)
}

fn open_id(h: &Harness) -> Option<String> {
    h.app.reader.as_ref().map(|r| r.cable.id.clone())
}

/// Open the palette, type `text`, and return the screen.
fn typed(h: &mut Harness, text: &str) -> String {
    h.keys("ctrl-p");
    h.type_text(text);
    h.text()
}

fn palette_open(h: &Harness) -> bool {
    matches!(h.app.overlays.last(), Some(Overlay::Palette(_)))
}

#[test]
fn ctrl_p_shows_ranked_cables_with_highlighted_matches_at_80x24() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    assert!(palette_open(&h));
    h.type_text("tip tajik");
    let text = h.text();
    assert!(text.contains("palette: cables"), "{text}");
    assert!(text.contains("> tip tajik"), "{text}");
    assert!(text.contains("of 5"), "the N of M count: {text}");
    assert!(text.contains("09DUSHANBE1319"), "{text}");
    // The first row is selected, and its matched characters carry the hit role.
    let roles = h.roles();
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("TIP") && l.contains("TAJIK"))
        .expect("a TIP row");
    let role_row = roles.lines().nth(row).unwrap_or("");
    assert!(role_row.contains('h'), "highlighted matches:\n{roles}");
}

#[test]
fn on_a_tall_screen_the_palette_opens_near_the_top() {
    let mut h = demo(160, 50);
    h.keys("ctrl-p");
    let text = h.text();
    let title = text
        .lines()
        .position(|l| l.contains("palette: every cable"))
        .expect("the palette's title");
    assert!(title <= 5, "row {title}:\n{text}");
}

#[test]
fn an_exact_id_comes_first_and_enter_opens_it() {
    let mut h = demo(80, 24);
    h.keys(":");
    h.type_text("10dushanbe170");
    h.keys("enter");
    assert!(!palette_open(&h));
    assert_eq!(open_id(&h).as_deref(), Some("10DUSHANBE170"));
    assert_eq!(h.app.focus, Pane::Reader);
}

#[test]
fn esc_returns_exactly_where_the_user_was() {
    let mut h = demo(80, 24);
    h.keys("j j enter } }");
    let before = (
        open_id(&h),
        h.app.reader.as_ref().map(|r| r.top),
        h.app.focus,
        h.app.list.selected_index(),
    );
    let screen = h.text();
    h.keys("ctrl-p");
    h.type_text("report");
    h.keys("down down esc");
    let after = (
        open_id(&h),
        h.app.reader.as_ref().map(|r| r.top),
        h.app.focus,
        h.app.list.selected_index(),
    );
    assert_eq!(before, after);
    assert_eq!(screen, h.text());
}

#[test]
fn moving_the_selection_with_arrows_and_ctrl_keys() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    h.type_text("tajik");
    let selected = |h: &Harness| match h.app.overlays.last() {
        Some(Overlay::Palette(p)) => p.selected,
        _ => usize::MAX,
    };
    h.keys("down ctrl-n");
    assert_eq!(selected(&h), 2);
    h.keys("up");
    assert_eq!(selected(&h), 1);
    h.keys("ctrl-p pgdn");
    assert_eq!(selected(&h), 4, "clamped to the last row");
    h.keys("pgup");
    assert_eq!(selected(&h), 0);
}

#[test]
fn hash_ktip_lists_the_tag_and_enter_filters_the_list() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    h.type_text("#ktip");
    let text = h.text();
    assert!(text.contains("palette: tags"), "{text}");
    assert!(text.contains("KTIP  Trafficking in Persons"), "{text}");
    h.keys("enter");
    assert_eq!(h.app.list.filter.tags, vec!["KTIP".to_string()]);
    assert_eq!(h.app.list.rows.len(), 3, "the three KTIP cables");
}

#[test]
fn greater_than_runs_a_command() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    h.type_text(">cycle theme");
    assert!(h.text().contains("cycle_theme"));
    h.keys("enter");
    assert!(!palette_open(&h));
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.starts_with("theme:"), "{message}");
}

#[test]
fn a_paragraph_number_in_a_cable_jumps_there() {
    let mut h = demo(80, 24);
    h.keys("enter");
    h.keys(":");
    h.type_text("3");
    assert!(h.text().contains("Jump to ¶3"));
    h.keys("enter");
    let top = h.app.reader.as_ref().map(|r| r.place().0);
    assert_eq!(top, Some(Place::Label("3".into())));
}

/// A cable whose labels (1 to 8) do not follow its blocks: a heading first, another after
/// ¶2, a text block after ¶5.
fn labelled_cable() -> Cable {
    let mut cable = tui_common::cable("09DUSHANBE1319", &[], 0);
    let mut n = 0;
    let mut block = |label: Option<&str>, kind: ParagraphKind, text: &str| {
        n += 1;
        Paragraph {
            n,
            label: label.map(str::to_string),
            marking: None,
            kind,
            text: text.to_string(),
        }
    };
    let mut paragraphs = vec![block(None, ParagraphKind::Heading, "SUMMARY")];
    for label in 1..=8 {
        paragraphs.push(block(
            Some(&label.to_string()),
            ParagraphKind::Numbered,
            // Long (the last one longest), so any paragraph can be scrolled to the top.
            &format!("The paragraph labelled {label}, read on its own. ").repeat(if label == 8 {
                60
            } else {
                8
            }),
        ));
        if label == 2 {
            paragraphs.push(block(None, ParagraphKind::Heading, "EXPECTED CHANGES"));
        }
        if label == 5 {
            paragraphs.push(block(None, ParagraphKind::Text, "An unlabelled remark."));
        }
    }
    cable.paragraphs = paragraphs;
    cable
}

fn labelled() -> Harness {
    let mut h = demo(80, 24).with_loader(Box::new(|_| Some(labelled_cable())));
    h.keys("enter");
    h
}

fn status_line(h: &Harness) -> String {
    h.text().lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_palette_jumps_by_the_labels_on_screen() {
    let mut h = labelled();
    h.keys(":");
    h.type_text("¶7");
    assert!(h.text().contains("Jump to ¶7"), "{}", h.text());
    h.keys("enter");
    let top = h.app.reader.as_ref().map(|r| r.place().0);
    assert_eq!(top, Some(Place::Label("7".into())));
    // The status bar counts labels: ¶7 of 8, not block 10 of 11.
    assert!(status_line(&h).contains("¶7/8"), "{}", status_line(&h));
}

#[test]
fn a_label_the_cable_does_not_have_offers_no_jump() {
    let mut h = labelled();
    h.keys(":");
    h.type_text("20");
    let text = h.text();
    assert!(!text.contains("Jump to"), "{text}");
    assert!(text.contains("no ¶20"), "{text}");
    h.keys("enter");
    let top = h.app.reader.as_ref().map(|r| r.place().0);
    assert_eq!(top, Some(Place::Header), "nothing moved");
}

#[test]
fn an_unlabelled_block_on_top_is_called_a_block() {
    let mut h = labelled();
    h.keys(":");
    h.type_text("3");
    h.keys("enter");
    assert!(status_line(&h).contains("¶3/8"), "{}", status_line(&h));
    // One paragraph back: the heading after ¶2, the 4th of 11 blocks.
    h.keys("{");
    let top = h.app.reader.as_ref().map(|r| r.place().0);
    assert_eq!(top, Some(Place::Block(4)));
    assert!(
        status_line(&h).contains("block 4/11"),
        "{}",
        status_line(&h)
    );
}

#[test]
fn keyword_hits_open_at_their_paragraph_and_parens_walk_the_results() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    h.type_text("/trafficking");
    let text = h.text();
    assert!(text.contains("palette: keyword"), "{text}");
    h.keys("enter");
    let first = open_id(&h);
    assert!(first.is_some());
    let landed = h.app.reader.as_ref().map(|r| r.place());
    let search = h.app.reader.as_ref().and_then(|r| r.search.clone());
    assert!(
        search.is_some_and(|s| !s.hits.is_empty()),
        "the hit is highlighted"
    );
    let stops = h.app.palette.results.as_ref().map_or(0, |r| r.stops.len());
    assert!(stops >= 2, "several cables mention trafficking");
    // The whole result set came; each cable the listed hits showed keeps its paragraph.
    let walk = h.app.palette.results.clone().expect("a walk");
    assert!(
        walk.stops
            .iter()
            .all(|&(_, p)| p != cables::archive::FIRST_HIT),
        "{walk:?}"
    );
    h.keys(")");
    let second = open_id(&h);
    assert_ne!(first, second);
    h.keys("(");
    assert_eq!(open_id(&h), first);
    // A cable of the walk lands where its hit is, even one last read further down.
    h.keys("G ) (");
    assert_eq!(open_id(&h), first);
    assert_eq!(h.app.reader.as_ref().map(|r| r.place()), landed);
}

#[test]
fn an_empty_query_shows_recently_opened_cables() {
    let mut h = demo(80, 24);
    h.keys("j j j enter q");
    let opened = open_id(&h).unwrap_or_default();
    h.keys("ctrl-p");
    let text = h.text();
    let first_row = text.lines().nth(4).unwrap_or("").to_string();
    assert!(first_row.contains(&opened), "{text}");
}

#[test]
fn the_palette_never_panics_at_small_sizes() {
    for (w, hgt) in [(0, 0), (1, 1), (10, 3), (20, 5), (80, 24)] {
        let mut h = demo(w, hgt);
        h.keys("ctrl-p");
        h.type_text("tip");
        let _ = h.text();
        h.keys("down enter");
    }
}

#[test]
fn n_wraps_around_the_cable_with_a_message() {
    let mut h = demo(80, 24);
    h.keys("enter /");
    h.type_text("tip");
    h.keys("enter");
    let hits = h
        .app
        .reader
        .as_ref()
        .and_then(|r| r.search.as_ref())
        .map_or(0, |s| s.hits.len());
    assert!(hits > 1);
    for _ in 0..hits {
        h.keys("n");
    }
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("continuing at top"), "{message}");
    h.keys("N");
    let message = h
        .app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("continuing at bottom"), "{message}");
    assert!(h.text().contains("hit "), "the status bar counts hits");
}

#[test]
fn every_prefix_alone_or_with_odd_input_is_safe() {
    for input in [
        ">",
        "#",
        "@",
        "/",
        "¶",
        "¶x",
        "99999999999",
        "/\"unclosed",
        "\u{7}\u{1b}[2J",
        "東京",
    ] {
        let mut h = demo(80, 24);
        h.keys("enter ctrl-p");
        h.type_text(input);
        let text = h.text();
        assert!(!text.contains('\u{1b}'), "no escape reaches the screen");
        h.keys("down pgdn enter");
        let _ = h.text();
    }
}

#[test]
fn lists_built_in_the_background_are_used_when_they_arrive_first() {
    use cables::tui::action::{Action, PaletteAction};
    use cables::tui::state::palette::{PaletteLists, SharedLists};
    use std::sync::Arc;
    let mut h = demo(80, 24);
    let lists = Arc::new(PaletteLists::build(&h.app.archive, &h.app.keymap));
    h.apply(Action::Palette(PaletteAction::Lists(SharedLists(
        Arc::clone(&lists),
    ))));
    h.keys("ctrl-p");
    match h.app.overlays.last() {
        Some(Overlay::Palette(p)) => assert!(Arc::ptr_eq(&p.lists, &lists)),
        _ => panic!("the palette is open"),
    }
}

#[test]
fn a_palette_opened_before_its_lists_come_searches_keywords_at_once_and_cables_when_they_come() {
    use cables::tui::action::{Action, PaletteAction};
    use cables::tui::state::palette::{PaletteLists, SharedLists};
    use std::sync::Arc;
    let mut h = demo(80, 24);
    // As the runtime starts: the lists are being built on another thread.
    h.app.palette.lists_coming = true;
    h.keys("ctrl-p");
    assert!(palette_open(&h));
    assert!(h.app.palette.lists.is_none(), "built on the keys' thread");
    h.type_text("tajik");
    let text = h.text();
    assert!(text.contains("listing the archive…"), "{text}");
    assert!(!text.contains("09DUSHANBE1319"), "{text}");
    // A keyword search needs no list.
    h.keys("ctrl-u");
    h.type_text("/trafficking");
    let text = h.text();
    assert!(text.contains("palette: keyword"), "{text}");
    assert!(!text.contains("listing the archive"), "{text}");
    assert!(text.contains("¶"), "keyword hits: {text}");
    // The lists come: the open palette matches cables with them.
    h.keys("ctrl-u");
    h.type_text("tajik");
    let lists = Arc::new(PaletteLists::build(&h.app.archive, &h.app.keymap));
    h.apply(Action::Palette(PaletteAction::Lists(SharedLists(lists))));
    let text = h.text();
    assert!(text.contains("09DUSHANBE1319"), "{text}");
    assert!(!text.contains("listing the archive"), "{text}");
}

#[test]
fn enter_typed_before_the_keyword_results_opens_the_first_hit_when_they_come() {
    let mut h = demo(80, 24);
    // A big archive: the search is still running when Enter comes.
    h.hold_searches = true;
    h.keys("ctrl-p");
    h.type_text("/trafficking");
    h.keys("enter");
    assert!(palette_open(&h), "Enter waits for the results");
    assert!(!h.text().contains("nothing selected"), "{}", h.text());
    while h.release() {}
    assert!(!palette_open(&h));
    // The first hit of the palette's query (the word typed last is a prefix).
    let query = cables::archive::query::Query::parse("trafficking*").expect("parses");
    let first = cables::archive::Archive::demo()
        .search_with(&query, 1, cables::archive::SearchOrder::Relevance)
        .expect("searches");
    assert_eq!(open_id(&h), first.first().map(|hit| hit.id.clone()));
    assert!(open_id(&h).is_some());
    // With the results there and none of them, Enter says so.
    h.hold_searches = false;
    h.keys("ctrl-p");
    h.type_text("/zzzqqqxyzzy");
    h.keys("enter");
    assert!(h.text().contains("nothing selected"), "{}", h.text());
}

#[test]
fn an_empty_query_says_it_lists_recent_cables() {
    let mut h = demo(80, 24);
    h.keys("enter esc ctrl-p");
    let text = h.text();
    assert!(text.contains("palette: recent cables"), "{text}");
    h.type_text("tip");
    assert!(h.text().contains("palette: cables"), "{}", h.text());
}

#[test]
fn in_keyword_mode_the_last_word_typed_is_a_prefix() {
    let mut h = demo(80, 24);
    h.keys("ctrl-p");
    h.type_text("/traffi");
    let Some(Overlay::Palette(p)) = h.app.overlays.last() else {
        panic!("the palette is open");
    };
    assert!(!p.hits.is_empty(), "no hit for /traffi: {}", h.text());
    assert!(h.text().contains("trafficking"), "{}", h.text());
    // Enter lands on the hit with the word typed highlighted in the reader.
    h.keys("enter");
    let search = h.app.reader.as_ref().and_then(|r| r.search.clone());
    assert_eq!(search.map(|s| s.query), Some("traffi".to_string()));
}

#[test]
fn keyword_snippets_show_their_hit_at_80_columns() {
    let mut h = demo(80, 24);
    let text = typed(&mut h, "/assistance");
    let roles = h.roles();
    let rows: Vec<(&str, &str)> = text
        .lines()
        .zip(roles.lines())
        .filter(|(l, _)| {
            // A hit's row starts with its cable's id (two digits of the year).
            l.split('│')
                .nth(1)
                .is_some_and(|inside| inside.chars().take(2).all(|c| c.is_ascii_digit()))
        })
        .collect();
    // One row per cable, each showing its hit (on a paragraph, or in the subject).
    assert_eq!(rows.len(), 4, "{text}");
    for (line, role) in rows {
        assert!(
            role.contains('h'),
            "no hit shown in {line:?}\n{text}\n{roles}"
        );
    }
}

#[test]
fn whole_words_of_a_command_rank_it_first_and_an_empty_query_says_what_it_lists() {
    let mut h = demo(80, 24);
    let text = typed(&mut h, "");
    assert!(
        text.contains("palette: every cable, newest first"),
        "{text}"
    );
    h.type_text(">sort id");
    let Some(Overlay::Palette(p)) = h.app.overlays.last() else {
        panic!("the palette is open");
    };
    let first = cables::tui::state::palette::target_at(p, 0);
    assert_eq!(
        first,
        Some(cables::tui::state::palette::Target::Command(
            cables::tui::action::Command::SortId
        )),
        "{}",
        h.text()
    );
}
