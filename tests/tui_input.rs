//! The one line-input component in every prompt: the filter and search prompts, the palette
//! and the bookmarks filter edit alike, with the keys of the keymap's `input` context.

mod tui_common;

use cables::tui::harness::Harness;
use cables::tui::keymap::Context;
use cables::tui::state::Overlay;
use std::collections::BTreeMap;
use tui_common::harness;

/// The text of the input on top (prompt, palette or bookmarks filter), the cursor as `|`.
fn input(h: &Harness) -> String {
    let line = match h.app.overlays.last() {
        Some(Overlay::Prompt(p)) => &p.input,
        Some(Overlay::Palette(p)) => &p.input,
        Some(Overlay::Bookmarks(b)) => &b.filter,
        _ => return "(no input)".into(),
    };
    let (before, after) = line.text().split_at(line.cursor());
    format!("{before}|{after}")
}

fn press(h: &mut Harness, keys: &str) {
    h.keys(keys);
}

#[test]
fn the_filter_prompt_moves_by_words_and_erases_with_ctrl_w_and_ctrl_h() {
    let mut h = harness(80, 24);
    press(&mut h, "f");
    h.type_text("tag:PHUM origin:dushanbe");
    press(&mut h, "alt-b alt-b");
    assert_eq!(input(&h), "tag:PHUM |origin:dushanbe");
    press(&mut h, "ctrl-w");
    assert_eq!(input(&h), "|origin:dushanbe");
    press(&mut h, "ctrl-e ctrl-h backspace alt-b");
    assert_eq!(input(&h), "origin:|dushan");
    h.type_text("x");
    assert_eq!(input(&h), "origin:x|dushan");
    press(&mut h, "ctrl-a delete alt-f ctrl-k");
    assert_eq!(input(&h), "rigin|");
    // The prompt line shows the text typed.
    press(&mut h, "ctrl-u");
    h.type_text("tag:PHUM");
    assert!(h.text().contains("filter: tag:PHUM"), "{}", h.text());
}

#[test]
fn the_palette_and_the_bookmarks_filter_take_the_same_editing_keys() {
    let mut h = harness(80, 24);
    press(&mut h, ":");
    h.type_text("dushanbe minister");
    press(&mut h, "ctrl-w");
    assert_eq!(input(&h), "dushanbe |");
    press(&mut h, "alt-b");
    h.type_text("/");
    assert_eq!(input(&h), "/|dushanbe ");
    press(&mut h, "ctrl-e ctrl-u");
    assert_eq!(input(&h), "|");
    // Up and Down still move through the palette's rows.
    press(&mut h, "esc B /");
    h.type_text("alpha beta");
    press(&mut h, "ctrl-w");
    assert_eq!(input(&h), "alpha |");
    press(&mut h, "ctrl-h ctrl-h left");
    assert_eq!(input(&h), "alp|h");
    press(&mut h, "ctrl-u");
    assert_eq!(input(&h), "|h");
    // Enter ends the typing and keeps the filter.
    press(&mut h, "enter");
    match h.app.overlays.last() {
        Some(Overlay::Bookmarks(b)) => assert!(!b.filtering && b.filter.text() == "h"),
        other => panic!("bookmarks screen expected, got {other:?}"),
    }
}

#[test]
fn up_recalls_earlier_filters_and_down_comes_back_to_the_line_typed() {
    let mut h = harness(80, 24);
    press(&mut h, "f");
    h.type_text("tag:PHUM");
    press(&mut h, "enter F f");
    h.type_text("year:2009");
    press(&mut h, "enter F f");
    h.type_text("cla");
    press(&mut h, "up");
    assert_eq!(input(&h), "year:2009|");
    press(&mut h, "up up");
    assert_eq!(input(&h), "tag:PHUM|");
    press(&mut h, "down down");
    assert_eq!(input(&h), "cla|");
    // The search prompt keeps a history of its own.
    press(&mut h, "esc enter /");
    press(&mut h, "up");
    assert_eq!(input(&h), "|");
}

#[test]
fn input_keys_are_rebound_in_the_input_context_and_listed_in_help() {
    let mut h = harness(80, 24);
    let table = BTreeMap::from([(
        "input".to_string(),
        BTreeMap::from([("erase_word".to_string(), vec!["ctrl-x".to_string()])]),
    )]);
    h.app
        .keymap
        .apply_overrides(&table)
        .expect("valid overrides");
    press(&mut h, ":");
    h.type_text("one two");
    press(&mut h, "ctrl-w");
    assert_eq!(input(&h), "one two|");
    press(&mut h, "ctrl-x");
    assert_eq!(input(&h), "one |");
    let help = h.app.keymap.help_lines(Context::List);
    assert!(
        help.iter()
            .any(|(_, keys, desc)| keys == "ctrl-x" && desc.contains("word before"))
    );
}
