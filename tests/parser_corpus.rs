//! The parser on the real corpus in `../shared` (not part of a fresh clone, hence ignored):
//! `cargo test --test parser_corpus -- --ignored`.

use cables::archive::source::html::parse_site_page;
use cables::archive::source::walk;
use cables::cable::{self, Classification, YearSource};
use std::path::{Path, PathBuf};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

#[test]
#[ignore = "needs ../shared"]
fn every_corpus_file_parses_without_panic() {
    let all: Vec<PathBuf> = walk::walk(&shared().join("corpus"), &mut |_, _| {})
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert!(
        all.len() > 1000,
        "corpus not found under {}",
        shared().display()
    );
    for f in all {
        let bytes = std::fs::read(&f).expect("readable");
        let text = cable::sanitize::decode(&bytes);
        let c = match parse_site_page(&text) {
            Some(page) => cable::parse(&page.text),
            None => cable::parse(&text),
        };
        for (i, p) in c.paragraphs.iter().enumerate() {
            assert_eq!(p.n as usize, i + 1, "{}", f.display());
        }
    }
}

#[test]
#[ignore = "needs ../shared"]
fn site_pages_agree_with_their_metadata_table() {
    let mut all = Vec::new();
    for dir in [
        "cablegate-html-2011",
        "cablegate-html-2010-first-release",
        "cablegate-html-2011-final",
    ] {
        all.extend(
            walk::walk(&shared().join("corpus").join(dir), &mut |_, _| {})
                .into_iter()
                .map(|f| f.path),
        );
    }
    let (mut pages, mut agree) = (0, 0);
    for f in all
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "html"))
    {
        let bytes = std::fs::read(f).expect("readable");
        let Some(page) = parse_site_page(&cable::sanitize::decode(&bytes)) else {
            continue;
        };
        let Some(id) = page.reference_id.clone() else {
            continue;
        };
        pages += 1;
        let c = cable::parse(&page.text);
        let want_id = if c.id_year == YearSource::Unknown {
            id.get(2..).unwrap_or("").to_string()
        } else {
            id
        };
        let class_ok = page
            .classification
            .as_deref()
            .and_then(Classification::from_name)
            .is_none_or(|want| want == c.classification);
        let origin_ok = page.origin.as_deref().is_none_or(|o| o == c.origin);
        let date_ok = match (c.date, page.created.as_deref()) {
            (Some(d), Some(created)) => {
                format!("{} {:02}", d.iso_date(), d.hour) == created.get(..13).unwrap_or("")
            }
            _ => true,
        };
        if c.id == want_id && class_ok && origin_ok && date_ok {
            agree += 1;
        }
    }
    assert!(pages > 1500, "{pages} pages");
    let share = agree as f64 / pages as f64;
    assert!(share >= 0.97, "only {agree} of {pages} pages agree");
}
