//! Filter preview benchmark: what one keystroke in the filter bar (`f`) costs, i.e. parsing
//! the filter text and counting the cables it keeps, over the whole archive's metadata.
//!
//! ```text
//! cargo bench --bench filter_preview            # 251,287 generated cables (Cablegate's size)
//! cargo bench --bench filter_preview -- ARCHIVE # the metadata of a real archive (no cache)
//! ```
//! Prints the median and p99 per filter text, for the per-keystroke scan the TUI did before
//! (`Filter::matches` on every cable) and for `filter::count` that it does now.

use cables::archive::{Archive, CableMeta, catalog::Filter};
use cables::cable::{CableDate, Classification};
use cables::tui::state::filter;
use std::time::{Duration, Instant};

const TEXTS: &[&str] = &[
    "t",
    "tag:PHUM",
    "origin:d",
    "origin:dushanbe",
    "tag:PHUM origin:dushanbe",
    "year:2008-2010 class:secret",
    "tag:PHUM KTIP origin:embassy year:2005-2010",
];

fn generated(n: usize) -> Vec<CableMeta> {
    const PLACES: &[&str] = &[
        "Dushanbe",
        "Baghdad",
        "Moscow",
        "Paris",
        "Tokyo",
        "Ankara",
        "Islamabad",
        "Kabul",
        "Beijing",
        "London",
        "Berlin",
        "Tashkent",
        "Almaty",
        "Tbilisi",
        "Cairo",
        "Tel Aviv",
    ];
    const TAGS: &[&str] = &[
        "PREL", "PGOV", "PHUM", "KTIP", "ECON", "MARR", "PTER", "KCRM", "SNAR", "ETRD", "EAID",
        "KDEM", "OVIP", "ASEC", "IR", "IZ", "TI", "RS", "AF", "PK", "CH", "KNNP", "MOPS",
    ];
    let class = [
        Classification::Unclassified,
        Classification::Sbu,
        Classification::Confidential,
        Classification::Secret,
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    (0..n)
        .map(|i| {
            let place = PLACES[next() % PLACES.len()];
            let kind = if next() % 5 == 0 {
                "Consulate"
            } else {
                "Embassy"
            };
            let tags = (0..3 + next() % 4)
                .map(|_| TAGS[next() % TAGS.len()].to_string())
                .collect();
            let year = 1985 + (next() % 26) as u16;
            CableMeta {
                id: format!("{:02}{}{}", year % 100, place.to_uppercase(), i),
                date: Some(CableDate {
                    year,
                    month: 1 + (next() % 12) as u8,
                    day: 1 + (next() % 28) as u8,
                    hour: 0,
                    minute: 0,
                }),
                classification: class[next() % class.len()],
                caveats: Vec::new(),
                origin: format!("{kind} {place}"),
                subject: "A SUBJECT LINE OF ORDINARY LENGTH FOR A CABLE".into(),
                tags,
                source: format!("cables.csv#{i}"),
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut kept = 0;
    for _ in 0..runs {
        let t = Instant::now();
        kept = std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99), kept)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (metas, what) = match args.first() {
        Some(path) => match Archive::open(path.as_ref()) {
            Ok(a) => (a.metas().to_vec(), path.clone()),
            Err(e) => {
                eprintln!("cannot open {path}: {e}");
                return;
            }
        },
        None => (generated(251_287), "generated".to_string()),
    };
    let runs = if metas.len() > 10_000 { 60 } else { 2_000 };
    println!("{} cables ({what}), {runs} runs per text", metas.len());
    println!("| filter text | kept | before: median / p99 | now: median / p99 |");
    println!("|---|---|---|---|");
    for text in TEXTS {
        let Ok(f) = filter::parse(text) else { continue };
        let before = time(runs, || {
            let f: Filter = filter::parse(text).unwrap_or_default();
            metas.iter().filter(|m| f.matches(m)).count()
        });
        let now = time(runs, || {
            filter::parse(text).map_or(0, |f| filter::count(&metas, || &[], &f))
        });
        assert_eq!(before.2, now.2, "count differs for {text}");
        let _ = f;
        println!(
            "| `{text}` | {} | {:.2} / {:.2} ms | {:.2} / {:.2} ms |",
            now.2,
            ms(before.0),
            ms(before.1),
            ms(now.0),
            ms(now.1)
        );
    }
}
