//! Every source format, detected by content, on small fixtures; and the real corpus (ignored
//! without ../shared).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::Archive;
use cables::cable::Classification;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed")
}

fn open() -> Archive {
    Archive::open(&fixture()).expect("the fixture archive opens")
}

fn index_of(archive: &Archive, id: &str) -> usize {
    archive
        .find(id)
        .unwrap_or_else(|| panic!("{id} is in the archive"))
}

#[test]
fn every_format_is_read_and_bad_files_are_warnings() {
    let archive = open();
    let mut ids: Vec<&str> = archive.meta_refs().map(|m| m.id()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "04ANKARA348",
            "08MOSCOW3343",
            "09ANKARA71",
            "09PARIS1319",
            "66BUENOSAIRES2481",
            "85BEIRUT1351",
            "85CAIRO6360"
        ]
    );
    let warned: Vec<String> = archive
        .warnings()
        .iter()
        .map(|w| format!("{}: {}", w.source, w.reason))
        .collect();
    assert_eq!(warned.len(), 4, "{warned:?}");
    assert!(
        warned
            .iter()
            .any(|w| w.contains("NOTES.md") && w.contains("not a cable"))
    );
    assert!(
        warned
            .iter()
            .any(|w| w.contains("blob.bin") && w.contains("binary"))
    );
    assert!(
        warned
            .iter()
            .any(|w| w.contains("empty.txt") && w.contains("empty"))
    );
    assert!(warned.iter().any(|w| w.contains("dump.json#line2")));
}

#[test]
fn sources_carry_row_and_line_suffixes() {
    let archive = open();
    let source = |id: &str| archive.meta(index_of(&archive, id)).source.clone();
    assert!(source("66BUENOSAIRES2481").ends_with("Embassy Buenos Aires#row1"));
    assert!(source("85CAIRO6360").ends_with("Embassy Buenos Aires#row3"));
    assert!(source("04ANKARA348").ends_with("dump.json#line1"));
    assert!(source("08MOSCOW3343").ends_with("cable.json#item1"));
    assert!(source("09ANKARA71").ends_with("page.html"));
}

#[test]
fn source_metadata_is_used() {
    let archive = open();
    let beirut = archive.meta(index_of(&archive, "85BEIRUT1351"));
    assert_eq!(beirut.classification, Classification::Secret);
    assert!(beirut.caveats.iter().any(|c| c == "NOFORN"));
    assert_eq!(beirut.origin, "Embassy Beirut");
    assert_eq!(
        beirut.date.map(|d| d.to_string()).as_deref(),
        Some("1985-03-05T08:46Z")
    );
    let ankara = archive.meta(index_of(&archive, "09ANKARA71"));
    assert_eq!(ankara.origin, "Embassy Ankara");
    assert_eq!(ankara.classification, Classification::Secret);
    let moscow = archive.meta(index_of(&archive, "08MOSCOW3343"));
    assert_eq!(moscow.subject, "MEDVEDEV\u{2019}S ADDRESS");
}

#[test]
fn every_cable_is_read_again_from_its_source() {
    let archive = open();
    for i in 0..archive.len() {
        let cable = archive.cable(i).expect("re-read");
        assert_eq!(cable.id, archive.meta(i).id);
        assert!(!cable.paragraphs.is_empty(), "{} has text", cable.id);
    }
    // Windows-1252 text keeps its accents and pilcrows; escaped quotes in CSV are unescaped.
    let paris = archive
        .cable(index_of(&archive, "09PARIS1319"))
        .expect("paris");
    assert!(paris.paragraphs.iter().any(|p| p.text.contains("café")));
    let buenos = archive
        .cable(index_of(&archive, "66BUENOSAIRES2481"))
        .expect("buenos aires");
    assert!(
        buenos
            .subject
            .contains("\"PREFERENTIAL JURISDICTION\" AND LEGAL ADVISORS' QUALMS"),
        "{}",
        buenos.subject
    );
    assert!(archive.cable(archive.len()).is_err());
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let err = match Archive::open(Path::new("/no/such/archive")) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("opened a missing path"),
    };
    assert!(err.contains("/no/such/archive"), "{err}");
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

#[test]
#[ignore = "needs ../shared"]
fn the_real_corpus_opens_with_every_format() {
    let archive = Archive::open(&corpus()).expect("corpus opens");
    let count = |part: &str| {
        archive
            .metas()
            .iter()
            .filter(|m| m.source.contains(part))
            .count()
    };
    assert_eq!(count("/cables-csv-head/"), 37);
    assert_eq!(count("/cables-csv-by-origin/"), 3873);
    assert_eq!(count("/cablegate-json-first-release/"), 219);
    // Its MANIFEST.tsv is not a cable: left out with a warning, as is SOURCES.md.
    assert_eq!(count("/cablegate-html-2011/"), 1500);
    assert_eq!(count("/cablegate-html-2010-first-release/"), 243);
    assert_eq!(count("/cablegate-html-2011-final/"), 10);
    assert_eq!(count("/cable-txt-converted/"), 24);
    assert_eq!(count("/cable-api-jsonp/"), 1);
    // Site pages' ids come from their table.
    assert!(archive.find("09ANKARA71").is_some() || archive.find("79TEHRAN8980").is_some());
    for w in archive.warnings() {
        assert!(w.source.contains("/corpus"), "{w:?}");
    }
    let not_cables: Vec<&str> = archive
        .warnings()
        .iter()
        .filter(|w| w.reason.starts_with("not a cable"))
        .map(|w| w.source.as_str())
        .collect();
    assert!(
        not_cables.iter().any(|s| s.ends_with("SOURCES.md"))
            && not_cables.iter().any(|s| s.ends_with("MANIFEST.tsv")),
        "{not_cables:?}"
    );
    // Every 97th cable reads again.
    for i in (0..archive.len()).step_by(97) {
        archive.cable(i).expect("re-read");
    }
    // The date and classification orders (sorted on numbers from the catalog's tables) are
    // those of the metadata: by date, then the whole id (copies share both), then the index.
    use cables::archive::catalog::{Copies, Filter, SortKey};
    let metas = archive.metas();
    let every_copy = Filter {
        copies: Copies::All,
        ..Filter::default()
    };
    let mut by_date: Vec<u32> = (0..metas.len() as u32).collect();
    by_date.sort_by(|&a, &b| {
        let (x, y) = (&metas[a as usize], &metas[b as usize]);
        (x.date, &x.id, a).cmp(&(y.date, &y.id, b))
    });
    assert_eq!(archive.select(&every_copy, SortKey::Date, false), by_date);
    // Folded (the default), the same order with the copies whose better copy is shown left out.
    let flags = archive.copy_flags();
    let folded: Vec<u32> = by_date
        .iter()
        .copied()
        .filter(|&i| Filter::default().keeps_copy(flags[i as usize]))
        .collect();
    assert_eq!(folded.len(), archive.len() - archive.folded_copies());
    assert_eq!(
        archive.select(&Filter::default(), SortKey::Date, false),
        folded
    );
    let mut by_class: Vec<u32> = (0..metas.len() as u32).collect();
    by_class.sort_by_key(|&a| {
        let m = &metas[a as usize];
        (m.classification, m.date, a)
    });
    assert_eq!(
        archive.select(&every_copy, SortKey::Classification, false),
        by_class
    );
}

/// What a search hit shows when its cable cannot be read again as it was indexed.
const CHANGED: &str = "changed or cannot be read since it was indexed";

#[test]
fn a_hit_in_a_file_changed_under_an_open_archive_says_so_and_shows_no_other_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let csv = tmp.path().join("cables.csv");
    std::fs::copy(fixture().join("Embassy Buenos Aires"), &csv).expect("copies");
    let archive = Archive::open(tmp.path()).expect("opens");
    let search = || {
        let hits = archive.search("fishing", 5).expect("searches");
        assert_eq!(hits.len(), 1, "{hits:?}");
        let hit = hits.into_iter().next().expect("one hit");
        assert_eq!(hit.id, "66BUENOSAIRES2481");
        hit
    };
    // Read again from the file: the paragraph's text, its label, the word highlighted.
    let hit = search();
    assert_eq!(hit.paragraph, 1, "{hit:?}");
    assert!(hit.was_read());
    assert!(hit.snippet.contains("FISHING LIMITS TREATY"), "{hit:?}");
    assert_eq!(hit.label.as_deref(), Some("1"));
    let words: Vec<&str> = (hit.snippet_hits.iter())
        .map(|r| &hit.snippet[r.clone()])
        .collect();
    assert_eq!(words, ["FISHING"]);
    // The paragraph edited in place (same length, same id, same paragraph numbers): the
    // index's check of what it indexed finds the difference.
    let text = std::fs::read_to_string(&csv).expect("reads");
    std::fs::write(&csv, text.replace("FISHING LIMITS", "WHALING LIMITS")).expect("writes");
    let hit = search();
    assert!(hit.snippet.contains(CHANGED), "{hit:?}");
    assert!(!hit.was_read());
    assert!(!hit.snippet.contains("WHALING"), "{hit:?}");
    assert!(
        hit.snippet_hits.is_empty() && hit.label.is_none(),
        "{hit:?}"
    );
    // Truncated, then gone: said the same way, no panic.
    std::fs::write(&csv, &text.as_bytes()[..100]).expect("truncates");
    assert!(search().snippet.contains(CHANGED));
    std::fs::remove_file(&csv).expect("removes");
    assert!(search().snippet.contains(CHANGED));
}

#[test]
fn a_file_changed_under_an_open_archive_is_said_not_read_as_another_cable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let csv = tmp.path().join("cables.csv");
    std::fs::copy(fixture().join("Embassy Buenos Aires"), &csv).expect("copies");
    let archive = Archive::open(tmp.path()).expect("opens");
    let at = index_of(&archive, "66BUENOSAIRES2481");
    assert_eq!(archive.cable(at).expect("reads").id, "66BUENOSAIRES2481");
    // The file is edited in place (same length, so every span still holds one whole row):
    // the row where the index has 66BUENOSAIRES2481 now holds another cable.
    let text = std::fs::read_to_string(&csv).expect("reads");
    std::fs::write(&csv, text.replace("66BUENOSAIRES2481", "66BUENOSAIRES2482")).expect("writes");
    let said = match archive.cable(at) {
        Ok(cable) => panic!("{} read where the index has 66BUENOSAIRES2481", cable.id),
        Err(e) => e.to_string(),
    };
    assert!(said.contains("changed since it was indexed"), "{said}");
    assert!(said.contains("cables.csv"), "{said}");
}
