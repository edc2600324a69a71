//! Copies of a cable read from several files: one row per cable (its best copy), every copy
//! listed on demand, and where each came from (library and `cables list`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod sandbox;

use cables::archive::Archive;
use cables::archive::catalog::{Copies, Filter, SortKey};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/copies")
}

fn rows(archive: &Archive, copies: Copies) -> Vec<String> {
    let filter = Filter {
        copies,
        ..Filter::default()
    };
    archive
        .select(&filter, SortKey::Date, false)
        .iter()
        .map(|&i| archive.meta(i as usize).source.clone())
        .map(|s| s.rsplit('/').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_list_shows_one_row_per_cable_its_best_copy() {
    let archive = Archive::open(&fixture()).expect("opens");
    assert_eq!(archive.len(), 5);
    // 09OSLO12: the unredacted cables.csv row over the redacted pages; 09OSLO13: the full
    // text over the csv's partial extract, though the csv is a later release.
    assert_eq!(rows(&archive, Copies::Fold), ["oslo#row1", "09OSLO13.txt"]);
    assert_eq!(rows(&archive, Copies::All).len(), 5);
    assert_eq!(rows(&archive, Copies::Only).len(), 5);
    assert_eq!(archive.folded_copies(), 3);
    // Every order folds the same way.
    for key in [SortKey::Id, SortKey::Origin, SortKey::Classification] {
        assert_eq!(
            archive.select(&Filter::default(), key, true).len(),
            2,
            "{key:?}"
        );
    }
}

#[test]
fn copies_come_best_first_with_where_each_came_from() {
    let archive = Archive::open(&fixture()).expect("opens");
    let i = archive.find("09OSLO12").expect("found");
    let copies: Vec<_> = archive
        .copies_of(i)
        .into_iter()
        .map(|c| archive.copy_info(c))
        .collect();
    let shown: Vec<(&str, Option<&str>, bool)> = copies
        .iter()
        .map(|c| (c.format, c.released.as_deref(), c.redacted))
        .collect();
    // Unredacted first, then the later of the two redacted releases.
    assert_eq!(
        shown,
        [
            ("cables.csv", Some("2011-08-30"), false),
            ("site page", Some("2011-01-21"), true),
            ("site page", Some("2010-11-28"), true),
        ]
    );
    assert!(copies[0].source.ends_with("oslo#row1"), "{copies:?}");
    assert_eq!(archive.copy_count(i), 3);
    let j = archive.find("09OSLO13").expect("found");
    let partial: Vec<bool> = archive
        .copies_of(j)
        .into_iter()
        .map(|c| archive.copy_info(c).partial)
        .collect();
    assert_eq!(partial, [false, true]);
    // Every copy names the same set, whichever copy is asked.
    for c in archive.copies_of(i) {
        assert_eq!(archive.copies_of(c), archive.copies_of(i));
    }
}

#[test]
fn list_json_carries_every_copy_and_copies_all_lists_each() {
    let out = sandbox::cables()
        .arg("-a")
        .arg(fixture())
        .args(["list", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    let oslo12 = rows
        .iter()
        .find(|r| r["id"] == "09OSLO12")
        .expect("09OSLO12");
    let copies = oslo12["copies"].as_array().expect("copies");
    assert_eq!(copies.len(), 3);
    assert!(
        copies[0]["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("oslo#row1"))
    );
    assert_eq!(copies[1]["released"], "2011-01-21");
    assert_eq!(copies[2]["redacted"], true);
    let all = sandbox::cables()
        .arg("-a")
        .arg(fixture())
        .args(["list", "copies:all"])
        .output()
        .expect("runs");
    let all = String::from_utf8(all.stdout).expect("utf-8");
    assert_eq!(all.lines().count(), 5, "{all}");
    assert_eq!(
        all.lines().filter(|l| l.contains("×3 ")).count(),
        3,
        "{all}"
    );
}

fn corpus() -> Archive {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    Archive::open(&root).expect("the corpus opens")
}

#[test]
#[ignore = "needs ../shared"]
fn the_corpus_multi_copy_cables_fold_to_their_best_copy() {
    let archive = corpus();
    let sources = |id: &str| -> Vec<String> {
        let i = archive.find(id).expect("in the corpus");
        archive
            .copies_of(i)
            .into_iter()
            .map(|c| archive.copy_info(c))
            .map(|c| {
                let dir = c.source.split("/corpus/").nth(1).unwrap_or_default();
                let dir = dir.split('/').next().unwrap_or_default().to_string();
                format!("{dir} {}", c.released.unwrap_or_default())
            })
            .collect()
    };
    assert_eq!(
        sources("66BUENOSAIRES2481"),
        [
            "cablegate-html-2011-final 2011-08-30",
            "cables-csv-by-origin 2011-08-30",
            "cables-csv-head 2011-08-30",
            "cablegate-html-2011 2011-01-21",
            "cablegate-html-2010-first-release 2010-11-28",
            "cablegate-json-first-release ",
        ]
    );
    assert_eq!(
        sources("73TEHRAN2077"),
        [
            "cablegate-html-2011-final 2011-08-30",
            "cables-csv-by-origin 2011-08-30",
            "cables-csv-head 2011-08-30",
            "cablegate-html-2011 2011-01-18",
        ]
    );
    // A redacted page and the unredacted cables.csv row: the row is shown.
    assert_eq!(
        sources("02BOGOTA3281"),
        [
            "cables-csv-by-origin 2011-08-30",
            "cablegate-html-2011 2011-04-06"
        ]
    );
    let folded = archive.select(&Filter::default(), SortKey::Date, false);
    let every = rows(&archive, Copies::All).len();
    assert_eq!(folded.len() + archive.folded_copies(), every);
    let listed = |id: &str| {
        folded
            .iter()
            .filter(|&&i| archive.id(i as usize) == id)
            .count()
    };
    assert_eq!(listed("66BUENOSAIRES2481"), 1);
    assert_eq!(listed("73TEHRAN2077"), 1);
    // Its post's file counts each cable once, whichever copy is open.
    let ids: std::collections::HashSet<String> = (0..archive.len())
        .filter(|&i| archive.meta(i).origin == "Embassy Buenos Aires")
        .map(|i| archive.id(i).to_ascii_uppercase())
        .collect();
    let i = archive.find("66BUENOSAIRES2481").expect("found");
    let place = archive.post_place(i).expect("a post");
    assert_eq!(place.of, ids.len());
    for copy in archive.copies_of(i) {
        assert_eq!(archive.post_place(copy), Some(place.clone()));
    }
    // Walking the whole post from its first cable meets each id once.
    let mut at = i;
    while let Some(before) = archive.post_neighbour(at, false) {
        at = before;
    }
    let mut seen = vec![archive.id(at).to_ascii_uppercase()];
    while let Some(next) = archive.post_neighbour(at, true) {
        at = next;
        seen.push(archive.id(at).to_ascii_uppercase());
    }
    assert_eq!(seen.len(), ids.len());
}

#[test]
fn show_copy_n_prints_that_copy_and_names_its_source() {
    let show = |args: &[&str]| {
        let out = sandbox::cables()
            .arg("-a")
            .arg(fixture())
            .arg("show")
            .args(args)
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        (
            out.status.code(),
            text,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The default is the best copy: the unredacted cables.csv row.
    let (code, text, _) = show(&["09oslo12"]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("Source:         cables.csv, released 2011-08-30"),
        "{text}"
    );
    assert!(text.contains("Copy:           1 of 3"), "{text}");
    assert!(text.contains("State Secretary Ola Hansen"), "{text}");
    let (code, text, _) = show(&["09OSLO12", "--copy", "3"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("released 2010-11-28, redacted"), "{text}");
    assert!(text.contains("XXXXXXXXXXXX told us"), "{text}");
    let (code, raw, _) = show(&["09OSLO12", "--copy", "2", "--raw"]);
    assert_eq!(code, Some(0));
    assert!(raw.contains("XXXXXXXXXXXX"), "{raw}");
    let (code, _, err) = show(&["09OSLO12", "--copy", "4"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("09OSLO12 copy 4 (it has 3)"), "{err}");
}

#[test]
fn the_reader_names_the_source_and_c_cycles_the_copies() {
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    let archive = Archive::open(&fixture()).expect("opens");
    let mut h = Harness::new(archive, Theme::role_test(), 120, 40);
    h.keys("enter");
    let text = h.text();
    assert!(text.contains("09OSLO12"), "{text}");
    assert!(text.contains("Source"), "{text}");
    assert!(text.contains("cables.csv, released 2011-08-30"), "{text}");
    assert!(text.contains("1 of 3 (the best"), "{text}");
    assert!(text.contains("Ola Hansen"), "{text}");
    h.keys("c");
    let text = h.text();
    assert!(
        text.contains("copy 2 of 3: site page, released 2011-01-21"),
        "{text}"
    );
    assert!(text.contains("2 of 3; c: the next copy"), "{text}");
    assert!(text.contains("XXXXXXXXXXXX told us"), "{text}");
    h.keys("c c");
    let text = h.text();
    assert!(text.contains("1 of 3 (the best"), "around again: {text}");
    // Cycling copies is not a history: back closes the reader.
    h.keys("esc");
    assert!(h.app.history.is_empty());
}

#[test]
fn d_compares_the_open_copy_with_the_best_and_n_walks_the_changes() {
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    let archive = Archive::open(&fixture()).expect("opens");
    let mut h = Harness::new(archive, Theme::role_test(), 120, 40);
    h.keys("enter d");
    let text = h.text();
    assert!(text.contains("09OSLO12 · A against B · 1 change"), "{text}");
    assert!(text.contains("A cables.csv, released 2011-08-30"), "{text}");
    assert!(
        text.contains("B site page, released 2011-01-21, redacted"),
        "{text}"
    );
    assert!(text.contains("Paragraphs that differ: 1 of 2"), "{text}");
    assert!(
        text.contains("¶1 (C) Summary: State Secretary Ola Hansen XXXXXXXXXXXX told us"),
        "{text}"
    );
    assert!(text.contains("The same in both (1): ¶2"), "{text}");
    // The removed words and the added ones are marked by their roles.
    let roles = h.roles();
    let row = text
        .lines()
        .position(|l| l.contains("¶1 (C) Summary"))
        .expect("the row");
    let marks = roles.lines().nth(row).unwrap_or_default();
    assert!(
        marks.contains("--------") && marks.contains("++++++++"),
        "{roles}"
    );
    h.keys("n");
    assert!(h.text().contains("change 1/1"), "{}", h.text());
    h.keys("N");
    assert!(h.text().contains("change 1/1"), "{}", h.text());
    h.keys("d");
    assert!(
        !h.text().contains("A against B"),
        "d closes it: {}",
        h.text()
    );
    // From the third copy: compared with the best one, which is A.
    h.keys("c c d");
    let text = h.text();
    assert!(
        text.contains("B site page, released 2010-11-28, redacted"),
        "{text}"
    );
    // A cable in one file only: said, no overlay.
    let mut h = cables::tui::harness::demo(100, 30);
    h.keys("enter d");
    assert!(h.text().contains("in one file only"), "{}", h.text());
}

#[test]
fn cables_diff_marks_the_words_and_says_which_copies() {
    let run = |args: &[&str]| {
        let out = sandbox::cables()
            .arg("-a")
            .arg(fixture())
            .arg("diff")
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, text, _) = run(&["09oslo12"]);
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with("--- A: cables.csv, released 2011-08-30"),
        "{text}"
    );
    assert!(
        text.contains("(C) Summary: [-State Secretary Ola Hansen-]{+XXXXXXXXXXXX+} told us"),
        "{text}"
    );
    assert!(
        text.contains("1 paragraph differs, 1 the same; 0 fields differ"),
        "{text}"
    );
    let (code, json, _) = run(&["09OSLO12", "--copies", "1", "3", "--json"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["b"]["released"], "2010-11-28");
    let changed: Vec<&serde_json::Value> = v["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .filter(|p| p["pieces"].as_array().is_some_and(|x| x.len() > 1))
        .collect();
    assert_eq!(changed.len(), 1, "{json}");
    assert_eq!(changed[0]["pieces"][1]["mark"], "removed");
    let (code, _, err) = run(&["09OSLO13", "--copies", "1", "3"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("has 2 copies, not 3"), "{err}");
}

#[test]
#[ignore = "needs ../shared"]
fn the_corpus_redacted_page_against_the_csv_row_shows_the_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let archive = Archive::open(&root).expect("the corpus opens");
    let i = archive.find("02BOGOTA3281").expect("in the corpus");
    let copies = archive.copies_of(i);
    let d = archive.diff(copies[0], copies[1]).expect("a diff");
    assert!(!d.a.redacted && d.b.redacted, "{d:?}");
    let marked: Vec<String> = d
        .changed()
        .map(|p| cables::archive::diff::marked(&p.pieces))
        .collect();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(
        marked[0].contains("[-EL TIEMPO, COLOMBIA'S LEADING DAILY,-]{+XXXXXXXXXXXX,+}"),
        "{marked:?}"
    );
    assert!(
        marked[1].contains("[-EL TIEMPO-]{+XXXXXXXXXXX+}"),
        "{marked:?}"
    );
    assert!(d.fields.is_empty(), "{:?}", d.fields);
}

#[test]
fn a_keyword_search_shows_a_paragraph_of_a_cable_in_several_files_once() {
    let archive = Archive::open(&fixture()).expect("opens");
    // "talks" is in the subject and both paragraphs of every copy of 09OSLO12 (three files)
    // and of 09OSLO13 (two files): each cable once, on its subject.
    let hits = archive.search("talks", 100).expect("searches");
    let seen: Vec<(&str, u32)> = hits.iter().map(|h| (h.id.as_str(), h.paragraph)).collect();
    assert_eq!(seen, [("09OSLO12", 0), ("09OSLO13", 0)], "{hits:?}");
    let shown = seen.len();
    // Where the copies differ (a name redacted in the 2010 release), the text shown is the
    // best copy's, the one the list shows.
    let summary = archive.search("summary talks", 100).expect("searches");
    let summary = summary
        .iter()
        .find(|h| h.id == "09OSLO12")
        .expect("09OSLO12 found");
    assert_eq!(summary.paragraph, 1, "{summary:?}");
    assert!(summary.snippet.contains("Ola Hansen"), "{summary:?}");
    let query = cables::archive::query::Query::parse("talks").expect("a query");
    let page = archive
        .search_page(&query, cables::archive::SearchOrder::Relevance, 0, 100)
        .expect("searches");
    assert_eq!(page.total, shown, "the total counts what is shown");
    // Walking the results and a search of filters only go cable by cable, each once.
    let walk = archive
        .search_cables(&query, cables::archive::SearchOrder::Relevance)
        .expect("searches");
    // From the copies the page shows, so a walk begun on a hit finds it.
    for hit in &hits {
        assert!(
            walk.iter().any(|&(i, _)| i == hit.cable),
            "{hit:?} {walk:?}"
        );
    }
    let mut ids: Vec<&str> = walk.iter().map(|&(i, _)| archive.id(i)).collect();
    let walked = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(walked, ids.len(), "{ids:?}");
    let tagged = archive.search("tag:PREL", 100).expect("searches");
    let mut tagged_ids: Vec<&str> = tagged.iter().map(|h| h.id.as_str()).collect();
    let listed = tagged_ids.len();
    tagged_ids.sort_unstable();
    tagged_ids.dedup();
    assert_eq!(listed, tagged_ids.len(), "{tagged_ids:?}");
}

#[test]
fn the_palette_lists_a_cable_in_several_files_once() {
    use cables::tui::harness::Harness;
    use cables::tui::theme::Theme;
    let archive = Archive::open(&fixture()).expect("opens");
    let mut h = Harness::new(archive, Theme::role_test(), 120, 40);
    h.keys(":");
    h.type_text("09oslo");
    let text = h.text();
    // Palette rows are `ID  SUBJECT` (the list behind has its own columns).
    assert_eq!(text.matches("09OSLO12  FISHERIES").count(), 1, "{text}");
    assert_eq!(text.matches("09OSLO13  FISHERIES").count(), 1, "{text}");
    // The count is of cables, not files: two cables (five files).
    assert!(text.contains("2 of 2"), "{text}");
    // Enter opens the best copy, as the list does.
    h.keys("esc :");
    h.type_text("09oslo12");
    h.keys("enter");
    let text = h.text();
    assert!(text.contains("1 of 3 (the best"), "{text}");
}
