//! Re-anchoring: a bookmark finds its paragraph again after the text or the parser changed,
//! and is kept as orphaned when it cannot.

use cables::bookmarks::anchor::{first_words, locate};
use cables::bookmarks::resolve::resolve;
use cables::bookmarks::{Anchor, Bookmark, Fingerprint, Location};
use cables::cable::{Cable, Paragraph, ParagraphKind};

fn para(n: u32, label: Option<&str>, text: &str) -> Paragraph {
    Paragraph {
        n,
        label: label.map(str::to_string),
        marking: None,
        kind: ParagraphKind::Numbered,
        text: text.to_string(),
    }
}

fn cable(paragraphs: Vec<Paragraph>) -> Cable {
    Cable {
        id: "09DUSHANBE1319".into(),
        subject: "TAJIK TIP COMMISSION".into(),
        paragraphs,
        ..Cable::default()
    }
}

const SUMMARY: &str = "SUMMARY: The commission met twice this year.";
const TRAFFICKING: &str = "The government opened three shelters for victims of trafficking.";
const PROSECUTION: &str = "Prosecutions rose from 12 to 19 cases.";

fn original() -> Cable {
    cable(vec![
        para(1, Some("1"), SUMMARY),
        para(2, Some("2"), TRAFFICKING),
        para(3, Some("3"), PROSECUTION),
    ])
}

fn anchor_on(cable: &Cable, index: usize) -> Anchor {
    Anchor::of(&cable.id, &cable.paragraphs[index])
}

#[test]
fn the_fingerprint_ignores_reflow_case_punctuation_and_labels() {
    let base = Fingerprint::of("The government opened three shelters.");
    for variant in [
        "The  government\nopened three   shelters.",
        "THE GOVERNMENT OPENED THREE SHELTERS",
        "2. (SBU) The government opened three shelters.",
        "¶2. The government, opened three shelters!",
        "B. (C) The government opened three shelters.",
        "(12) The government opened three shelters.",
    ] {
        assert_eq!(Fingerprint::of(variant), base, "{variant:?}");
    }
    assert_ne!(
        Fingerprint::of("The government closed three shelters."),
        base
    );
    // Only the first 200 letters count: a change far into a long paragraph keeps it.
    let long = "word ".repeat(100);
    assert_eq!(
        Fingerprint::of(&format!("{long} tail one")),
        Fingerprint::of(&format!("{long} tail two"))
    );
}

#[test]
fn a_fingerprint_round_trips_through_json() {
    let f = Fingerprint::of(TRAFFICKING);
    let json = serde_json::to_string(&f).expect("json");
    assert_eq!(json.len(), 18, "16 hex digits in quotes: {json}");
    assert_eq!(serde_json::from_str::<Fingerprint>(&json).ok(), Some(f));
    assert!(serde_json::from_str::<Fingerprint>("\"xyz\"").is_err());
}

#[test]
fn an_unchanged_cable_gives_an_exact_match() {
    let c = original();
    assert_eq!(locate(&anchor_on(&c, 1), &c), Location::Exact(1));
}

#[test]
fn a_moved_paragraph_is_found_by_its_fingerprint() {
    let before = original();
    let anchor = anchor_on(&before, 2); // "Prosecutions rose ..."
    // The parser now splits the summary into two paragraphs and labels shift.
    let after = cable(vec![
        para(1, None, "SUMMARY:"),
        para(2, Some("1"), "The commission met twice this year."),
        para(3, Some("2"), TRAFFICKING),
        para(4, Some("3"), PROSECUTION),
    ]);
    assert_eq!(locate(&anchor, &after), Location::Fingerprint(3));
    // Paragraphs reordered: still found.
    let reordered = cable(vec![
        para(1, Some("1"), PROSECUTION),
        para(2, Some("2"), SUMMARY),
        para(3, Some("3"), TRAFFICKING),
    ]);
    assert_eq!(locate(&anchor, &reordered), Location::Fingerprint(0));
}

#[test]
fn duplicate_text_goes_to_the_nearest_paragraph() {
    let c = cable(vec![
        para(1, None, "END SUMMARY."),
        para(2, None, TRAFFICKING),
        para(3, None, "END SUMMARY."),
        para(4, None, PROSECUTION),
    ]);
    let mut anchor = anchor_on(&c, 2);
    anchor.paragraph = 4; // it used to be the 4th
    assert_eq!(locate(&anchor, &c), Location::Fingerprint(2));
}

#[test]
fn a_changed_text_falls_back_to_the_label() {
    let anchor = anchor_on(&original(), 1);
    let edited = cable(vec![
        para(1, Some("1"), SUMMARY),
        para(2, Some("3"), PROSECUTION),
        para(3, Some("2"), "The government opened four shelters."),
    ]);
    assert_eq!(locate(&anchor, &edited), Location::Label(2));
}

#[test]
fn a_vanished_paragraph_is_orphaned_but_kept() {
    let before = original();
    let b = Bookmark::new(&before.id, &before.paragraphs[1], "key quote");
    let after = cable(vec![para(1, Some("1"), SUMMARY)]);
    let r = resolve(&b, Some(&after));
    assert_eq!(r.location, Location::Orphaned);
    assert_eq!(r.paragraph, None);
    assert_eq!(r.bookmark, b, "the bookmark itself is untouched");
    assert_eq!(r.paragraph_ref(), "¶2");
    assert_eq!(b.anchor.first_words, TRAFFICKING);
    // A cable missing from the archive: orphaned too.
    assert_eq!(resolve(&b, None).location, Location::Orphaned);
}

#[test]
fn first_words_are_cut_at_a_word() {
    let text = "word ".repeat(40);
    let fw = first_words(&text);
    assert!(fw.ends_with('…'));
    assert!(fw.chars().count() <= 81);
    assert!(!fw.contains("wor…"));
    assert_eq!(first_words("short\ttext\u{1b}[31m"), "short text");
    let unbroken = "x".repeat(300);
    assert_eq!(first_words(&unbroken).chars().count(), 81);
}
