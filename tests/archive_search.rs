//! The query language against a small archive: words, phrases, OR, exclusion, prefixes,
//! filters, date order, snippets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::fulltext::{Place, SearchOrder, TextIndex};
use cables::archive::query::Query;
use cables::archive::source::Locator;
use cables::archive::{Archive, ArchiveError};
use cables::cable::{Cable, CableDate, Classification, Paragraph, ParagraphKind};
use std::path::Path;

fn open() -> Archive {
    Archive::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed"))
        .expect("opens")
}

fn ids(archive: &Archive, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = archive
        .search(query, 50)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A folder archive of one text file per cable (`UNCLASSIFIED`, then `body`), opened; the
/// folder lives as long as the guard.
fn text_files(cables: &[(&str, String)]) -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (id, body) in cables {
        let text = format!("UNCLASSIFIED\n{body}\n");
        std::fs::write(tmp.path().join(format!("{id}.txt")), text).expect("writes");
    }
    let archive = Archive::open(tmp.path()).expect("opens");
    (tmp, archive)
}

#[test]
fn words_must_all_match() {
    let a = open();
    assert_eq!(ids(&a, "opium"), ["04ANKARA348", "09PARIS1319"]);
    assert_eq!(ids(&a, "opium cyprus"), ["04ANKARA348"]);
    assert!(ids(&a, "opium zanzibar").is_empty());
}

#[test]
fn phrases_or_exclusion_and_prefixes() {
    let a = open();
    assert_eq!(ids(&a, "\"human trafficking\""), ["09ANKARA71"]);
    assert!(ids(&a, "\"trafficking human\"").is_empty());
    assert_eq!(
        ids(&a, "missiles OR manifesto"),
        ["08MOSCOW3343", "85BEIRUT1351"]
    );
    assert_eq!(ids(&a, "opium -cyprus"), ["09PARIS1319"]);
    assert_eq!(ids(&a, "traffick*"), ["09ANKARA71"]);
    // Accents fold: "elysee" finds "ÉLYSÉE".
    assert_eq!(ids(&a, "elysee"), ["09PARIS1319"]);
}

#[test]
fn filters() {
    let a = open();
    assert_eq!(ids(&a, "year:1985"), ["85BEIRUT1351", "85CAIRO6360"]);
    assert_eq!(ids(&a, "year:1960..1984 fishing"), ["66BUENOSAIRES2481"]);
    assert_eq!(ids(&a, "origin:ankara opium"), ["04ANKARA348"]);
    assert_eq!(ids(&a, "class:noforn"), ["09ANKARA71", "85BEIRUT1351"]);
    // Classification from the source's own metadata (JSON, JSONP).
    assert_eq!(
        ids(&a, "class:confidential opium"),
        ["04ANKARA348", "09PARIS1319"]
    );
    assert_eq!(ids(&a, "class:C missiles"), ["08MOSCOW3343"]);
}

#[test]
fn date_order_and_snippets() {
    let a = open();
    // Dates from the sources' metadata: 2008, 1985, 1966.
    let q = Query::parse("missiles OR manifesto OR fishing").expect("parses");
    let newest = a
        .search_with(&q, 10, SearchOrder::NewestFirst)
        .expect("search");
    // One hit per cable, however many of its paragraphs hold the words.
    let order: Vec<&str> = newest.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, ["08MOSCOW3343", "85BEIRUT1351", "66BUENOSAIRES2481"]);
    let oldest = a
        .search_with(&q, 10, SearchOrder::OldestFirst)
        .expect("search");
    let order: Vec<&str> = oldest.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, ["66BUENOSAIRES2481", "85BEIRUT1351", "08MOSCOW3343"]);
    for hit in &newest {
        assert!(!hit.snippet_hits.is_empty(), "{hit:?}");
        for r in &hit.snippet_hits {
            let word = hit.snippet[r.clone()].to_lowercase();
            assert!(["missiles", "manifesto", "fishing"].contains(&word.as_str()));
        }
        let cable = a.cable(hit.cable).expect("cable");
        assert!(hit.paragraph == 0 || cable.paragraphs.iter().any(|p| p.n == hit.paragraph));
    }
}

#[test]
fn bad_queries_are_named_errors() {
    let a = open();
    assert!(matches!(a.search("", 10), Err(ArchiveError::Query(_))));
    assert!(matches!(
        a.search("year:later", 10),
        Err(ArchiveError::Query(_))
    ));
}

#[test]
fn demo_is_indexed() {
    let demo = Archive::demo();
    assert!(demo.indexed_cables() > 0);
    let hits = demo.search("Dushanbe", 5).expect("search");
    assert!(!hits.is_empty());
}

fn cable(id: &str, tags: &[&str], text: &str) -> Cable {
    Cable {
        id: id.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        classification: Classification::Secret,
        paragraphs: vec![Paragraph {
            n: 1,
            label: Some("1".into()),
            marking: None,
            kind: ParagraphKind::Numbered,
            text: text.into(),
        }],
        ..Cable::default()
    }
}

#[test]
fn tag_filter_in_the_index() {
    let index = TextIndex::in_ram().expect("index");
    let writer = index.writer(1, 15_000_000).expect("writer");
    let (a, b) = (
        cable("A", &["KTIP", "PGOV"], "trafficking report"),
        cable("B", &["PGOV"], "trafficking again"),
    );
    index
        .add_cable(&writer, 7, 0, Locator::Span { offset: 0, len: 9 }, &a)
        .expect("add");
    index
        .add_cable(&writer, 7, 1, Locator::Span { offset: 9, len: 5 }, &b)
        .expect("add");
    index.commit(writer).expect("commit");
    let q = Query::parse("tag:ktip trafficking").expect("parses");
    let hits = index
        .locate(&q, SearchOrder::Relevance, 0, Some(10))
        .expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].file_key, hits[0].ord), (7, 0));
    let q = Query::parse("tag:PGOV -tag:KTIP").expect("parses");
    let hits = index
        .locate(&q, SearchOrder::Relevance, 0, Some(10))
        .expect("search");
    assert_eq!(hits.iter().map(|h| h.ord).collect::<Vec<_>>(), [1]);
    // Where each is read again, and the check of what was indexed.
    let places = index.places(&hits).expect("places");
    let check = cables::archive::fulltext::check(&b);
    assert_eq!(
        places,
        [Place {
            loc: Locator::Span { offset: 9, len: 5 },
            check
        }]
    );
}

#[test]
fn a_search_of_filters_only_gives_each_cable_once_newest_first() {
    let archive = cables::archive::Archive::demo();
    let hits = archive.search("tag:KTIP", 50).expect("search");
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["10DUSHANBE170", "09DUSHANBE1319", "09STATE60639"]);
    // Each lands on the cable's first paragraph (0: the subject).
    assert!(hits.iter().all(|h| h.paragraph == 0), "{hits:?}");
    let cited = archive.search("ref:09STATE59732", 50).expect("search");
    assert_eq!(
        cited.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["09STATE60639"]
    );
    // With words, each cable lands on the first paragraph (or the subject) that holds them.
    let words = archive.search("tag:KTIP trafficking", 50).expect("search");
    assert_eq!(words.len(), 3, "{words:?}");
    for hit in &words {
        assert!(
            hit.snippet.to_lowercase().contains("trafficking"),
            "{hit:?}"
        );
    }
}

/// A page and its total come from one pass for most queries and two for a lone word
/// (`TextIndex::page`): either way they are the page and the count of every match.
#[test]
fn a_page_and_its_total_agree_with_every_match_located() {
    let index = TextIndex::in_ram().expect("index");
    let writer = index.writer(1, 15_000_000).expect("writer");
    let words = [
        "nuclear",
        "iran",
        "human",
        "rights",
        "trafficking",
        "report",
        "embassy",
        "minister",
    ];
    for n in 0..120_u32 {
        // Each cable draws a different handful of words, some of them twice.
        let text: Vec<&str> = (0..6)
            .map(|k| words[((n * 7 + k * k * 3 + n / 5) % words.len() as u32) as usize])
            .collect();
        let tags: &[&str] = if n % 3 == 0 { &["KTIP"] } else { &["PGOV"] };
        let mut c = cable(&format!("09TEST{n}"), tags, &text.join(" "));
        // Distinct dates, not in the order of addition.
        c.date = Some(CableDate {
            year: 2009,
            month: (1 + (n / 28) % 12) as u8,
            day: (1 + (n * 11) % 28) as u8,
            hour: 0,
            minute: 0,
        });
        let loc = Locator::Span {
            offset: u64::from(n) * 10,
            len: 10,
        };
        index.add_cable(&writer, 1, n, loc, &c).expect("add");
    }
    index.commit(writer).expect("commit");
    let queries = [
        "nuclear",
        "nuclear iran",
        "\"human rights\"",
        "trafficking OR embassy",
        "report -minister",
        "minist*",
        "tag:ktip iran",
        "absent",
    ];
    let orders = [
        SearchOrder::Relevance,
        SearchOrder::NewestFirst,
        SearchOrder::OldestFirst,
    ];
    let mut nonempty = 0;
    for text in queries {
        let q = Query::parse(text).expect("parses");
        for order in orders {
            let every = index.locate(&q, order, 0, None).expect("locate");
            for (offset, limit) in [(0, 5), (3, 7), (0, 0), (0, 500), (10_000, 5)] {
                let (page, total) = index.page(&q, order, offset, limit).expect("page");
                assert_eq!(total, every.len(), "{text} {order:?}: the total");
                let want: Vec<_> = every.iter().skip(offset).take(limit).collect();
                let got: Vec<_> = page.iter().collect();
                assert_eq!(got, want, "{text} {order:?} {offset}+{limit}: the page");
                nonempty += usize::from(!page.is_empty());
            }
        }
    }
    assert!(nonempty > 40, "the queries find something: {nonempty}");
}

/// A cable is one document of the index: its words may be in different paragraphs, a hit
/// lands on the first paragraph holding the most of them, and a phrase never runs from one
/// paragraph into the next.
#[test]
fn a_hit_is_a_cable_landing_on_its_best_paragraph() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = "UNCLASSIFIED\nSUBJECT: FISHERIES\nTAGS: PGOV\n\n\
        1. Talks on nuclear matters went on. The delegation spoke of human\n\n\
        2. rights of fishermen. Iran was mentioned once.\n\n\
        3. Nuclear Iran talks resumed.\n";
    std::fs::write(tmp.path().join("09OSLO77.txt"), text).expect("writes");
    std::fs::write(
        tmp.path().join("09OSLO78.txt"),
        "UNCLASSIFIED\nSUBJECT: WHALES\nTAGS: PGOV\n\n1. Human rights of whales.\n",
    )
    .expect("writes");
    let a = Archive::open(tmp.path()).expect("opens");
    let landing = |query: &str| -> Vec<(String, u32)> {
        a.search(query, 10)
            .expect("searches")
            .into_iter()
            .map(|h| (h.id, h.paragraph))
            .collect()
    };
    let one = |id: &str, n: u32| vec![(id.to_string(), n)];
    assert_eq!(
        landing("nuclear iran"),
        one("09OSLO77", 3),
        "both words in ¶3"
    );
    assert_eq!(
        landing("fishermen nuclear"),
        one("09OSLO77", 1),
        "the first of ¶1, ¶2"
    );
    assert_eq!(landing("talks"), one("09OSLO77", 1));
    assert_eq!(landing("fisheries"), one("09OSLO77", 0), "the subject");
    assert_eq!(
        landing("\"human rights\""),
        one("09OSLO78", 1),
        "not across ¶1-¶2"
    );
    assert_eq!(landing("\"spoke of human\""), one("09OSLO77", 1));
    // A cable found by a filter OR'ed with a word it lacks lands on its first text.
    let mut by_tag = landing("zanzibar OR tag:PGOV");
    by_tag.sort();
    assert_eq!(by_tag, [("09OSLO77".into(), 0), ("09OSLO78".into(), 0)]);
    // The whole result set, for walking it: each cable once, landing when opened.
    let query = Query::parse("rights").expect("parses");
    let walk = a
        .search_cables(&query, SearchOrder::NewestFirst)
        .expect("walks");
    assert_eq!(walk.len(), 2);
    assert!(walk.iter().all(|&(_, p)| p == cables::archive::FIRST_HIT));
    let page = a
        .search_page(&query, SearchOrder::Relevance, 0, 1)
        .expect("a page");
    assert_eq!(
        (page.hits.len(), page.total),
        (1, 2),
        "the total counts cables"
    );
}

/// A prefix alone scores every cable alike in tantivy: its hits come newest first, as a
/// search of filters only does, rather than in the index's order.
#[test]
fn a_lone_prefix_comes_newest_first() {
    let demo = Archive::demo();
    let order = |text: &str, order: SearchOrder| -> Vec<String> {
        let q = Query::parse(text).expect("parses");
        demo.search_with(&q, 10, order)
            .expect("searches")
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    let newest = order("tajik*", SearchOrder::NewestFirst);
    assert_eq!(newest.len(), 5, "{newest:?}");
    assert_eq!(order("tajik*", SearchOrder::Relevance), newest);
    let mut oldest = newest.clone();
    oldest.reverse();
    assert_eq!(order("tajik*", SearchOrder::OldestFirst), oldest);
    assert!(!Query::parse("tajik*").expect("parses").is_ranked());
    assert!(Query::parse("anti-traffick*").expect("parses").is_ranked());
    assert!(Query::parse("tip tajik*").expect("parses").is_ranked());
    assert!(!Query::parse("tag:KTIP").expect("parses").is_ranked());
}

/// A phrase of three words or more looks two common words that follow one another up as
/// their pair (`united states security council`: two pairs, two positions apart; `human
/// rights situation` a pair and a word, `state of the embassy` no pair): it finds exactly
/// the cables where the words follow one another in one text.
#[test]
fn a_longer_phrase_of_pairs_and_words_finds_what_a_phrase_finds() {
    let cables = [
        ("09OSLO1", "1. The United States Security Council met."),
        ("09OSLO2", "1. United States, security; council."),
        ("09OSLO3", "1. United States security\n\n2. Council."),
        ("09OSLO4", "1. United States and the Security Council."),
        ("09OSLO5", "1. Security Council United States."),
        ("09OSLO6", "1. States security council united."),
        ("09OSLO7", "1. The human rights situation."),
        ("09OSLO8", "1. Human rights, and the situation."),
        ("09OSLO9", "1. The situation of human rights."),
        ("09OSLO10", "1. The state of the embassy."),
        ("09OSLO11", "1. United States Peace Council."),
    ]
    .map(|(id, body)| (id, format!("SUBJECT: WHALES\n\n{body}")));
    let (_folder, a) = text_files(&cables);
    let found = |query: &str| ids(&a, query);
    assert_eq!(
        found("\"united states security council\""),
        ["09OSLO1", "09OSLO2"],
        "punctuation between the words does not break a phrase, a paragraph or another word does"
    );
    assert_eq!(
        found("\"states security council\""),
        ["09OSLO1", "09OSLO2", "09OSLO6"]
    );
    assert_eq!(found("\"security council united states\""), ["09OSLO5"]);
    assert_eq!(found("\"human rights situation\""), ["09OSLO7"]);
    assert_eq!(found("\"rights situation\""), ["09OSLO7"]);
    assert_eq!(found("\"situation of human rights\""), ["09OSLO9"]);
    assert_eq!(found("\"state of the embassy\""), ["09OSLO10"]);
}

/// A phrase of two common words is looked up in the index's word pairs rather than matched
/// position by position: it must find exactly the cables a phrase finds, whatever case,
/// punctuation or line breaks stand between the words, and never across paragraphs or a
/// word too long to index.
#[test]
fn a_phrase_of_two_common_words_finds_what_a_phrase_finds() {
    let long = "x".repeat(45);
    let cables = [
        (
            "09OSLO1",
            "SUBJECT: HUMAN RIGHTS REPORT\n\n1. Whales.".to_string(),
        ),
        (
            "09OSLO2",
            "SUBJECT: WHALES\n\n1. On human\nrights, little.".to_string(),
        ),
        (
            "09OSLO3",
            "SUBJECT: WHALES\n\n1. Human-rights talks.".to_string(),
        ),
        ("09OSLO4", "SUBJECT: WHALES\n\n1. Rights human.".to_string()),
        (
            "09OSLO5",
            "SUBJECT: WHALES\n\n1. Of human\n\n2. rights.".to_string(),
        ),
        (
            "09OSLO6",
            format!("SUBJECT: WHALES\n\n1. Human {long} rights."),
        ),
        ("09OSLO7", "SUBJECT: HUMAN\n\n1. Rights.".to_string()),
    ];
    let (_folder, a) = text_files(&cables);
    let found = |query: &str| ids(&a, query);
    assert_eq!(
        found("\"human rights\""),
        ["09OSLO1", "09OSLO2", "09OSLO3"],
        "one text, the words one after the other"
    );
    assert_eq!(found("\"rights human\""), ["09OSLO4"]);
    assert_eq!(found("\"HUMAN-RIGHTS\""), found("\"human rights\""));
    assert_eq!(
        found("\"rights little\""),
        ["09OSLO2"],
        "a word that is not common: matched by position"
    );
}
