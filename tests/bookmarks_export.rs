//! Export: golden Markdown and JSON files for a fixed set of cables and bookmarks, and the
//! demo archive exported in full. `UPDATE_GOLDEN=1 cargo test` rewrites the golden files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::Archive;
use cables::bookmarks::resolve::resolve;
use cables::bookmarks::{Anchor, Bookmark, Timestamp, export, resolve_all};
use cables::cable::{Cable, CableDate, Classification, Paragraph, ParagraphKind};
use std::path::Path;

fn para(n: u32, label: Option<&str>, text: &str) -> Paragraph {
    Paragraph {
        n,
        label: label.map(str::to_string),
        marking: None,
        kind: ParagraphKind::Numbered,
        text: text.to_string(),
    }
}

fn dushanbe() -> Cable {
    Cable {
        id: "09DUSHANBE1319".into(),
        date: CableDate::parse_iso("2009-11-24T10:50Z"),
        origin: "Embassy Dushanbe".into(),
        subject: "TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR".into(),
        classification: Classification::Sbu,
        paragraphs: vec![
            para(
                1,
                Some("1"),
                "(SBU) Summary: The commission met twice this year.",
            ),
            para(
                2,
                Some("2"),
                "5. The government opened *three* shelters for victims of trafficking.",
            ),
            para(3, Some("3"), "(U) Prosecutions rose from 12 to 19 cases."),
        ],
        ..Cable::default()
    }
}

fn state() -> Cable {
    Cable {
        id: "09STATE60639".into(),
        date: CableDate::parse_iso("2009-06-12T18:00Z"),
        origin: "Secretary of State".into(),
        subject: "2009 TIP REPORT: PRESS GUIDANCE".into(),
        classification: Classification::Unclassified,
        paragraphs: vec![para(1, None, "The report will be released on June 16.")],
        ..Cable::default()
    }
}

fn fixed(id: &str, cable: &Cable, index: usize, note: &str, minute: u32) -> Bookmark {
    let created = Timestamp::parse(&format!("2026-11-20T09:{minute:02}:00Z")).expect("time");
    Bookmark {
        id: id.into(),
        anchor: Anchor::of(&cable.id, &cable.paragraphs[index]),
        note: note.into(),
        created,
        updated: created,
    }
}

fn resolved() -> Vec<cables::bookmarks::Resolved> {
    let d = dushanbe();
    let s = state();
    let mut changed = fixed("b3", &d, 0, "", 3);
    changed.anchor.fingerprint = cables::bookmarks::Fingerprint(1); // text edited since
    let mut orphan = fixed("b4", &d, 2, "was this removed?", 4);
    orphan.anchor.label = Some("9".into());
    orphan.anchor.fingerprint = cables::bookmarks::Fingerprint(2);
    let missing = fixed("b5", &s, 0, "", 5);
    let mut missing = missing;
    missing.anchor.cable = "07NOWHERE1".into();
    vec![
        resolve(&fixed("b1", &d, 1, "quote in ch. 3", 1), Some(&d)),
        resolve(&fixed("b2", &s, 0, "", 2), Some(&s)),
        resolve(&changed, Some(&d)),
        resolve(&orphan, Some(&d)),
        resolve(&missing, None),
    ]
}

fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("writes golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(actual, expected, "{} differs", path.display());
}

#[test]
fn markdown_export_matches_the_golden_file() {
    let md = export::markdown("/archives/cablegate", &resolved());
    check_golden("bookmarks_export.md", &md);
}

#[test]
fn json_export_matches_the_golden_file() {
    let json = export::json("/archives/cablegate", &resolved()).expect("json");
    check_golden("bookmarks_export.json", &json);
}

#[test]
fn an_empty_export_says_so() {
    assert!(export::markdown("demo", &[]).contains("No bookmarks."));
    let json = export::json("demo", &[]).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("parses");
    assert_eq!(v["bookmarks"].as_array().map(Vec::len), Some(0));
}

#[test]
fn the_demo_archive_exports_every_bookmarked_paragraph_in_full() {
    let archive = Archive::demo();
    let mut bookmarks = Vec::new();
    for i in 0..archive.len() {
        let cable = archive.cable(i).expect("demo cable");
        // Only cables the archive can find by id can be bookmarked.
        if archive.find(&cable.id) != Some(i) {
            continue;
        }
        for p in cable.paragraphs.iter().take(2) {
            bookmarks.push(Bookmark::new(&cable.id, p, &format!("note {i}")));
        }
    }
    assert!(!bookmarks.is_empty());
    let items = resolve_all(&archive, &bookmarks);
    let md = export::markdown(archive.name(), &items);
    for r in &items {
        let p = r.paragraph.as_ref().expect("every demo bookmark resolves");
        let first_word = p.text.split_whitespace().last().unwrap_or("");
        assert!(md.contains(first_word), "{first_word:?} missing");
        assert!(md.contains(&export::citation(r, archive.name()).replace('*', "\\*")));
    }
    let json = export::json(archive.name(), &items).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("parses");
    let list = v["bookmarks"].as_array().expect("array");
    assert_eq!(list.len(), bookmarks.len());
    for entry in list {
        assert_eq!(entry["status"], "exact");
        assert!(entry["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
}
