//! Palette engine: ranking, prefix modes, narrowing, cancellation and the worker thread.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::archive::CableMeta;
use cables::cable::CableDate;
use cables::palette::candidates::{self, CandidateList, ListItem};
use cables::palette::{Engine, Mode, PaletteWorker, Query, Ranking, Tier, Update};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

fn meta(id: &str, date: &str, origin: &str, subject: &str, tags: &str) -> CableMeta {
    CableMeta {
        id: id.into(),
        date: CableDate::parse_iso(date),
        classification: Default::default(),
        caveats: vec![],
        origin: origin.into(),
        subject: subject.into(),
        tags: tags.split_whitespace().map(String::from).collect(),
        source: String::new(),
    }
}

/// The demo cables' metadata, plus a few neighbours to rank against.
fn fixture() -> Vec<CableMeta> {
    vec![
        meta(
            "09DUSHANBE1319",
            "2009-11-24",
            "Embassy Dushanbe",
            "TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR",
            "PHUM KTIP KCRM KWMN PGOV SMIG TI",
        ),
        meta(
            "09STATE60639",
            "2009-06-12",
            "Secretary of State",
            "TAJIKISTAN--2009 TIP REPORT: PRESS GUIDANCE AND",
            "ELAB KCRM KWMN PGOV PHUM PREL SMIG KPAO KTIP TI",
        ),
        meta(
            "06DUSHANBE50",
            "2006-01-10",
            "Embassy Dushanbe",
            "TAJIKISTAN STRENGTHENS ANTI-TIP EFFORTS WITH U.S.",
            "PGOV PREL PHUM SMIG KWMN TI",
        ),
        meta(
            "07DUSHANBE1057",
            "2007-07-20",
            "Embassy Dushanbe",
            "TAJIKISTAN PROMISES CONTINUED ANTI-TIP REFORMS",
            "PREL PHUM TI",
        ),
        meta(
            "10DUSHANBE170",
            "2010-02-15",
            "Embassy Dushanbe",
            "2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN",
            "PGOV PHUM KTIP TI",
        ),
        meta(
            "09DUSHANBE13190",
            "2009-12-01",
            "Embassy Dushanbe",
            "NOT A REAL CABLE",
            "PGOV",
        ),
        meta(
            "10DUSHANBE200",
            "2010-03-01",
            "Embassy Dushanbe",
            "ON 09DUSHANBE1319 AND OTHER THINGS",
            "PREL TI",
        ),
        meta(
            "08TASHKENT77",
            "2008-05-05",
            "Embassy Tashkent",
            "UZBEKISTAN COTTON HARVEST",
            "ECON UZ",
        ),
    ]
}

fn rank(list: &CandidateList, needle: &str) -> Ranking {
    let list = Arc::new(list.clone());
    Engine::new(2)
        .rank(&list, needle, &|| false, &mut |_| {})
        .expect("not cancelled")
}

fn ids(metas: &[CableMeta], ranking: &Ranking) -> Vec<String> {
    ranking
        .matches
        .iter()
        .map(|m| metas[m.index as usize].id.clone())
        .collect()
}

#[test]
fn an_exact_id_comes_first_then_id_prefixes_then_the_rest() {
    let metas = fixture();
    let list = candidates::cable_list(&metas);
    for needle in ["09DUSHANBE1319", "09dushanbe1319"] {
        let r = rank(&list, needle);
        assert_eq!(ids(&metas, &r)[..2], ["09DUSHANBE1319", "09DUSHANBE13190"]);
        assert_eq!(r.matches[0].tier, Tier::KeyExact);
        assert_eq!(r.matches[1].tier, Tier::KeyPrefix);
        assert!(ids(&metas, &r).contains(&"10DUSHANBE200".to_string()));
    }
}

#[test]
fn tip_tajik_finds_the_tip_cables_word_starts_first() {
    let metas = fixture();
    let r = rank(&candidates::cable_list(&metas), "tip tajik");
    let found = ids(&metas, &r);
    let mut first4 = found[..4].to_vec();
    first4.sort();
    assert_eq!(
        first4,
        [
            "06DUSHANBE50",
            "07DUSHANBE1057",
            "09DUSHANBE1319",
            "09STATE60639"
        ]
    );
    assert!(r.matches[..4].iter().all(|m| m.tier == Tier::WordStart));
    assert!(
        found.contains(&"10DUSHANBE170".to_string()),
        "KTIP + TAJIKISTAN"
    );
    assert!(!found.contains(&"08TASHKENT77".to_string()));
    assert_eq!(r.total, metas.len());
    assert_eq!(r.matched, found.len());
}

#[test]
fn ties_go_to_the_newest() {
    let metas = [
        meta("A1", "2005-01-01", "X", "SAME SUBJECT", ""),
        meta("A2", "2009-01-01", "X", "SAME SUBJECT", ""),
        meta("A3", "2007-01-01", "X", "SAME SUBJECT", ""),
    ];
    let r = rank(&candidates::cable_list(&metas), "same");
    assert_eq!(ids(&metas, &r), ["A2", "A3", "A1"]);
}

#[test]
fn an_empty_needle_lists_everything_newest_first() {
    let metas = fixture();
    let r = rank(&candidates::cable_list(&metas), "  ");
    assert_eq!(r.matched, metas.len());
    assert_eq!(ids(&metas, &r)[0], "10DUSHANBE200");
    assert_eq!(
        ids(&metas, &r).last().map(String::as_str),
        Some("06DUSHANBE50")
    );
}

#[test]
fn hash_ktip_lists_ktip_with_its_meaning_and_count() {
    let metas = fixture();
    let q = Query::parse("#ktip", false);
    assert_eq!((q.mode, q.needle.as_str()), (Mode::Tags, "ktip"));
    let (list, entries) = candidates::tag_list(&metas);
    let r = rank(&list, &q.needle);
    let best = &entries[r.matches[0].index as usize];
    assert_eq!(best.code, "KTIP");
    assert_eq!(best.meaning, Some("Trafficking in Persons"));
    assert_eq!(best.count, 3);
    assert_eq!(r.matches[0].tier, Tier::KeyExact);
    // The meaning is searchable too.
    let r = rank(&list, "trafficking");
    assert_eq!(entries[r.matches[0].index as usize].code, "KTIP");
}

#[test]
fn at_lists_origins_with_counts() {
    let metas = fixture();
    let q = Query::parse("@dush", false);
    assert_eq!(q.mode, Mode::Origins);
    let (list, entries) = candidates::origin_list(&metas);
    let r = rank(&list, &q.needle);
    assert_eq!(r.matched, 1);
    let e = &entries[r.matches[0].index as usize];
    assert_eq!((e.origin.as_str(), e.count), ("Embassy Dushanbe", 6));
}

#[test]
fn greater_than_lists_commands_by_name_and_description() {
    let items: Vec<ListItem> = [
        ("quit", "Save and leave", Some("q")),
        (
            "bookmark-paragraph",
            "Bookmark the paragraph under the cursor",
            Some("m"),
        ),
        ("open-palette", "Open the palette", Some("Ctrl-P")),
    ]
    .iter()
    .map(|(n, d, k)| ListItem {
        name: n.to_string(),
        description: d.to_string(),
        key: k.map(String::from),
    })
    .collect();
    let list = candidates::item_list(&items);
    let q = Query::parse(">bookm", false);
    assert_eq!(q.mode, Mode::Commands);
    let r = rank(&list, &q.needle);
    assert_eq!(
        items[r.matches[0].index as usize].name,
        "bookmark-paragraph"
    );
    let r = rank(&list, "leave");
    assert_eq!(items[r.matches[0].index as usize].name, "quit");
    let r = rank(&list, "");
    assert_eq!(r.matches.len(), 3);
    assert_eq!(
        items[r.matches[0].index as usize].name, "quit",
        "given order"
    );
}

#[test]
fn keyword_and_paragraph_modes_are_recognised() {
    assert_eq!(Query::parse("/victim referral", false).mode, Mode::Keyword);
    assert_eq!(Query::parse("¶3", false).paragraph(), Some("3"));
    assert_eq!(Query::parse("3", true).paragraph(), Some("3"));
}

/// A list big enough for many chunks on both threads: the fixture recombined.
fn big_list() -> (Vec<CableMeta>, Arc<CandidateList>) {
    let base = fixture();
    let mut metas = Vec::new();
    for i in 0..12_000u32 {
        let a = &base[(i as usize * 7) % base.len()];
        let b = &base[(i as usize * 3 + 1) % base.len()];
        let words: Vec<&str> = a.subject.split(' ').chain(b.subject.split(' ')).collect();
        let subject = words[(i as usize) % 3..(i as usize % 3) + 5].join(" ");
        let date = format!("20{:02}-{:02}-{:02}", 3 + i % 8, 1 + i % 12, 1 + i % 28);
        let id = format!(
            "{:02}{}{}",
            3 + i % 8,
            if i % 2 == 0 { "DUSHANBE" } else { "STATE" },
            i
        );
        metas.push(meta(&id, &date, &b.origin, &subject, "PHUM TI"));
    }
    let list = Arc::new(candidates::cable_list(&metas));
    (metas, list)
}

#[test]
fn narrowing_gives_the_same_ranking_as_a_fresh_search() {
    let (_, list) = big_list();
    let mut narrowing = Engine::new(2).parallel_from(0);
    for query in [
        "tajik tip report",
        "09dush",
        "anti-tip reforms",
        "tjkstn prss",
        "ajkistnrpt",
        "tajikistn ntitp",
    ] {
        for end in 1..=query.len() {
            let needle = &query[..end];
            let narrowed = narrowing.rank(&list, needle, &|| false, &mut |_| {});
            let fresh = Engine::new(1).rank(&list, needle, &|| false, &mut |_| {});
            assert_eq!(narrowed, fresh, "needle {needle:?}");
        }
    }
}

#[test]
fn a_cancelled_search_returns_nothing_and_the_next_one_still_narrows_correctly() {
    let (_, list) = big_list();
    let mut engine = Engine::new(2).parallel_from(0);
    let first = engine.rank(&list, "ta", &|| false, &mut |_| {});
    assert!(first.is_some());
    assert_eq!(engine.rank(&list, "taj", &|| true, &mut |_| {}), None);
    let narrowed = engine.rank(&list, "tajik", &|| false, &mut |_| {});
    let fresh = Engine::new(1).rank(&list, "tajik", &|| false, &mut |_| {});
    assert_eq!(narrowed, fresh);
}

#[test]
fn the_worker_answers_the_latest_submission() {
    let (_, list) = big_list();
    let worker = PaletteWorker::spawn(2).expect("thread");
    worker.submit(Arc::clone(&list), "tajik");
    let last = worker.submit(Arc::clone(&list), "tajik tip");
    let update = worker
        .recv_done(Duration::from_secs(60))
        .expect("an answer");
    assert_eq!(update.generation, last);
    let fresh = Engine::new(1).rank(&list, "tajik tip", &|| false, &mut |_| {});
    assert_eq!(Some(update.ranking), fresh);
    assert_eq!(worker.try_recv(), None, "nothing stale comes later");
}

#[test]
fn stale_requests_are_never_delivered() {
    let (_, list) = big_list();
    let (out_tx, out_rx) = mpsc::channel::<Update>();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let go_rx = Mutex::new(go_rx);
    let held = AtomicBool::new(false);
    let worker = PaletteWorker::spawn_with_sink(
        2,
        Box::new(move |update| {
            let _ = out_tx.send(update);
            // Hold the worker busy in its first delivery until the test queued newer work.
            if !held.swap(true, Ordering::SeqCst) {
                let _ = go_rx.lock().map(|rx| rx.recv());
            }
        }),
    )
    .expect("thread");
    let a = worker.submit(Arc::clone(&list), "ta");
    let first = out_rx.recv_timeout(Duration::from_secs(60)).expect("first");
    assert_eq!(first.generation, a);
    let b = worker.submit(Arc::clone(&list), "taj");
    let c = worker.submit(Arc::clone(&list), "tajik");
    go_tx.send(()).expect("go");
    let mut seen = vec![first];
    while !seen.last().is_some_and(|u| u.done && u.generation == c) {
        seen.push(
            out_rx
                .recv_timeout(Duration::from_secs(60))
                .expect("an update"),
        );
    }
    assert!(
        seen.iter().all(|u| u.generation != b),
        "b was superseded by c"
    );
    let fresh = Engine::new(1).rank(&list, "tajik", &|| false, &mut |_| {});
    assert_eq!(seen.last().map(|u| u.ranking.clone()), fresh);
}

#[test]
fn tip_tajik_in_the_demo_archive_finds_the_tip_subjects() {
    let archive = cables::archive::Archive::demo();
    let metas = archive.metas();
    let r = rank(&candidates::cable_list(&metas), "tip tajik");
    let subjects: Vec<&str> = r
        .matches
        .iter()
        .filter(|m| m.tier == Tier::WordStart)
        .map(|m| metas[m.index as usize].subject.as_str())
        .collect();
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    assert!(
        subjects
            .iter()
            .all(|s| s.contains("TIP") && s.contains("TAJIK"))
    );
}

#[test]
fn a_ranking_kept_while_the_palette_is_open_holds_its_top_not_every_candidate() {
    // An SSH server keeps one open palette per session: the capacity of a ranking over every
    // candidate (4 MB at 251k cables) stayed with each one.
    let (_, list) = big_list();
    for needle in ["", "tajik", "t"] {
        let ranking = Engine::new(2)
            .rank(&list, needle, &|| false, &mut |_| {})
            .expect("not cancelled");
        assert!(ranking.matched > 1000, "{needle:?}: {}", ranking.matched);
        assert!(
            ranking.matches.capacity() <= 2 * cables::palette::matcher::TOP,
            "{needle:?}: capacity {}",
            ranking.matches.capacity()
        );
    }
}
