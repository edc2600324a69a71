//! Palette benchmark: 251,287 synthetic cable lines, queries typed one character at a time
//! through the palette's real path (`PaletteWorker::submit` -> final `Update`), side by side
//! with `fzf --filter` over the same lines.
//!
//! Run: `cargo bench --bench palette` (optionally `-- --reps N --lines N`).
//! Deterministic: the lines come from a fixed-seed generator, no corpus needed.

use cables::archive::CableMeta;
use cables::cable::CableDate;
use cables::palette::candidates::{self, CandidateList};
use cables::palette::matcher::default_threads;
use cables::palette::{Engine, PaletteWorker};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CABLEGATE: usize = 251_287;

/// Queries in four families (word prefix, id, abbreviation, common letters) and two
/// multi-word ones; each is typed one character at a time.
const QUERIES: &[&str] = &[
    "trafficking",
    "09dushanbe1319",
    "irnnucprog",
    "eantosrile",
    "tip tajik",
    "kabul security",
];

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Skewed towards 0 (a rough Zipf): most picks land on the first entries.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

const POSTS: &[(&str, &str, &str)] = &[
    ("STATE", "Secretary of State", "UNITED STATES"),
    ("BAGHDAD", "Embassy Baghdad", "IRAQ"),
    ("KABUL", "Embassy Kabul", "AFGHANISTAN"),
    ("ANKARA", "Embassy Ankara", "TURKEY"),
    ("TELAVIV", "Embassy Tel Aviv", "ISRAEL"),
    ("BEIJING", "Embassy Beijing", "CHINA"),
    ("MOSCOW", "Embassy Moscow", "RUSSIA"),
    ("ISLAMABAD", "Embassy Islamabad", "PAKISTAN"),
    ("CAIRO", "Embassy Cairo", "EGYPT"),
    ("TOKYO", "Embassy Tokyo", "JAPAN"),
    ("PARIS", "Embassy Paris", "FRANCE"),
    ("BERLIN", "Embassy Berlin", "GERMANY"),
    ("LONDON", "Embassy London", "UNITED KINGDOM"),
    ("BRASILIA", "Embassy Brasilia", "BRAZIL"),
    ("CARACAS", "Embassy Caracas", "VENEZUELA"),
    ("HAVANA", "US Interests Section Havana", "CUBA"),
    ("DUSHANBE", "Embassy Dushanbe", "TAJIKISTAN"),
    ("TASHKENT", "Embassy Tashkent", "UZBEKISTAN"),
    ("ASTANA", "Embassy Astana", "KAZAKHSTAN"),
    ("TBILISI", "Embassy Tbilisi", "GEORGIA"),
    ("KYIV", "Embassy Kyiv", "UKRAINE"),
    ("UNVIEVIENNA", "UNVIE", "IAEA"),
    ("USUNNEWYORK", "USUN New York", "UNSC"),
    ("USNATO", "Mission USNATO", "NATO"),
    ("NEWDELHI", "Embassy New Delhi", "INDIA"),
    ("RIYADH", "Embassy Riyadh", "SAUDI ARABIA"),
    ("TRIPOLI", "Embassy Tripoli", "LIBYA"),
    ("SANAA", "Embassy Sanaa", "YEMEN"),
    ("NAIROBI", "Embassy Nairobi", "KENYA"),
    ("PRETORIA", "Embassy Pretoria", "SOUTH AFRICA"),
    ("MEXICO", "Embassy Mexico", "MEXICO"),
    ("BOGOTA", "Embassy Bogota", "COLOMBIA"),
    ("MANAGUA", "Embassy Managua", "NICARAGUA"),
    ("SEOUL", "Embassy Seoul", "SOUTH KOREA"),
    ("MANILA", "Embassy Manila", "PHILIPPINES"),
    ("JAKARTA", "Embassy Jakarta", "INDONESIA"),
    ("HANOI", "Embassy Hanoi", "VIETNAM"),
    ("RANGOON", "Embassy Rangoon", "BURMA"),
    ("KATHMANDU", "Embassy Kathmandu", "NEPAL"),
    ("COLOMBO", "Embassy Colombo", "SRI LANKA"),
    ("DHAKA", "Embassy Dhaka", "BANGLADESH"),
    ("ABUDHABI", "Embassy Abu Dhabi", "UAE"),
    ("DOHA", "Embassy Doha", "QATAR"),
    ("KUWAIT", "Embassy Kuwait", "KUWAIT"),
    ("AMMAN", "Embassy Amman", "JORDAN"),
    ("BEIRUT", "Embassy Beirut", "LEBANON"),
    ("DAMASCUS", "Embassy Damascus", "SYRIA"),
    ("ROME", "Embassy Rome", "ITALY"),
    ("MADRID", "Embassy Madrid", "SPAIN"),
    ("THEHAGUE", "Embassy The Hague", "NETHERLANDS"),
];

const WORDS: &[&str] = &[
    "THE",
    "AND",
    "ON",
    "FOR",
    "OF",
    "WITH",
    "TO",
    "IN",
    "MINISTER",
    "PRESIDENT",
    "ELECTION",
    "ELECTIONS",
    "SECURITY",
    "ECONOMIC",
    "POLITICAL",
    "MEETING",
    "VISIT",
    "TALKS",
    "REPORT",
    "TRAFFICKING",
    "PERSONS",
    "TIP",
    "HUMAN",
    "RIGHTS",
    "NUCLEAR",
    "PROGRAM",
    "IRAN",
    "IRANIAN",
    "ENERGY",
    "GAS",
    "OIL",
    "AID",
    "ASSISTANCE",
    "MILITARY",
    "DEFENSE",
    "FOREIGN",
    "POLICY",
    "SCENESETTER",
    "AMBASSADOR",
    "DEPUTY",
    "OPPOSITION",
    "PARLIAMENT",
    "GOVERNMENT",
    "REFORM",
    "REFORMS",
    "BUDGET",
    "TRADE",
    "AGREEMENT",
    "COOPERATION",
    "COUNTERTERRORISM",
    "TERRORISM",
    "NARCOTICS",
    "BORDER",
    "REFUGEES",
    "MIGRATION",
    "MEDIA",
    "PRESS",
    "FREEDOM",
    "RELIGIOUS",
    "CORRUPTION",
    "JUDICIAL",
    "POLICE",
    "ARMY",
    "NAVY",
    "SANCTIONS",
    "UN",
    "UNSC",
    "RESOLUTION",
    "DEMARCHE",
    "REQUEST",
    "RESPONSE",
    "UPDATE",
    "OVERVIEW",
    "PROSPECTS",
    "CONCERNS",
    "VIEWS",
    "DISCUSSES",
    "PLANS",
    "CRISIS",
    "PROTEST",
    "PROTESTS",
    "STRIKE",
    "LABOR",
    "HEALTH",
    "H1N1",
    "EDUCATION",
    "WATER",
    "CLIMATE",
    "CHANGE",
    "COPENHAGEN",
    "WTO",
    "ACCESSION",
    "INVESTMENT",
    "BANK",
    "FINANCIAL",
    "LOANS",
    "DEBT",
    "CURRENCY",
    "INFLATION",
    "GROWTH",
    "MINING",
    "COTTON",
    "HARVEST",
    "WHEAT",
    "FOOD",
    "PRICES",
    "ROUNDUP",
    "WEEKLY",
    "DAILY",
    "READOUT",
    "CODEL",
    "STAFFDEL",
    "SECRETARY",
    "CLINTON",
    "GATES",
    "HOLBROOKE",
    "KARZAI",
    "MALIKI",
    "MEDVEDEV",
    "PUTIN",
    "ERDOGAN",
    "CHAVEZ",
    "CASTRO",
    "RAHMON",
    "KARIMOV",
    "NAZARBAYEV",
    "SAAKASHVILI",
    "YANUKOVYCH",
    "TYMOSHENKO",
    "CANDIDATE",
    "CAMPAIGN",
    "VOTE",
    "RESULTS",
    "FRAUD",
    "OBSERVERS",
    "OSCE",
    "EU",
    "NATO",
    "ISAF",
    "TROOPS",
    "WITHDRAWAL",
    "INSURGENCY",
    "TALIBAN",
    "AL-QAIDA",
    "HAMAS",
    "HIZBALLAH",
    "PEACE",
    "PROCESS",
    "SETTLEMENTS",
    "GAZA",
    "WEST",
    "BANK",
    "KURDISH",
    "KIRKUK",
    "OIL",
    "LAW",
    "HYDROCARBON",
    "PIPELINE",
    "NABUCCO",
    "GAZPROM",
    "ROSATOM",
    "SPACE",
];

const TAGS: &[&str] = &[
    "PREL", "PGOV", "PHUM", "ECON", "EFIN", "ETRD", "ENRG", "EPET", "MARR", "MOPS", "PTER", "KTIP",
    "KCRM", "KWMN", "SMIG", "KDEM", "SNAR", "KNNP", "PARM", "TRGY", "ELAB", "KPAO", "OVIP", "ASEC",
    "CASC", "KJUS", "SOCI", "SENV", "TBIO", "EAID",
];

/// 251,287 cable metadata records, deterministic.
fn synthetic(n: usize) -> Vec<CableMeta> {
    let mut rng = SplitMix(42);
    (0..n)
        .map(|_| {
            let (stem, origin, country) = POSTS[rng.skewed(POSTS.len())];
            let year = 3 + rng.below(8);
            let id = format!("{year:02}{stem}{}", 1 + rng.below(3000));
            let mut subject = String::new();
            if rng.below(10) < 6 {
                subject.push_str(country);
                subject.push_str(": ");
            }
            let target = 25 + rng.below(50) + if rng.below(10) == 0 { rng.below(80) } else { 0 };
            while subject.len() < target {
                subject.push_str(WORDS[rng.skewed(WORDS.len())]);
                subject.push(' ');
            }
            let tags = (0..2 + rng.below(4))
                .map(|_| TAGS[rng.skewed(TAGS.len())].to_string())
                .collect();
            let date = CableDate {
                year: 2000 + year as u16,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
                hour: rng.below(24) as u8,
                minute: rng.below(60) as u8,
            };
            CableMeta {
                id,
                date: Some(date),
                classification: Default::default(),
                caveats: vec![],
                origin: origin.to_string(),
                subject: subject.trim_end().to_string(),
                tags,
                source: String::new(),
            }
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(label: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{label:<46} n={:<4} p50 {:>7.2} ms  p90 {:>7.2}  p99 {:>7.2}  max {:>7.2}",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let reps = arg("--reps", 5);
    let lines = arg("--lines", CABLEGATE);
    let threads = default_threads();
    let t = Instant::now();
    let metas = synthetic(lines);
    let generated = t.elapsed();
    let t = Instant::now();
    let list: Arc<CandidateList> = Arc::new(candidates::cable_list(&metas));
    println!(
        "{} lines (generated in {:.0} ms; candidate list built in {:.0} ms), {threads} matching threads, {reps} reps",
        list.len(),
        generated.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );

    // The same lines for fzf.
    let mut file = match tempfile::NamedTempFile::new() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("temp file: {e}");
            return;
        }
    };
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        for c in list.iter() {
            let _ = writeln!(out, "{}", c.text);
        }
    }

    let worker = match PaletteWorker::spawn(threads) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("worker: {e}");
            return;
        }
    };
    let mut keystroke = Vec::new();
    let mut last_key = Vec::new();
    let mut submit_us: Vec<f64> = Vec::new();
    let mut fresh_final = Vec::new();
    let mut fzf_final = Vec::new();
    let mut engine = Engine::new(threads);
    println!(
        "\nper query: final keystroke p50 (narrowed) | fresh search of the whole query | fzf --filter; matches"
    );
    for query in QUERIES {
        let mut q_last = Vec::new();
        let mut q_fresh = Vec::new();
        let mut q_fzf = Vec::new();
        let mut matched = 0;
        let mut fzf_lines = 0;
        for _ in 0..reps {
            // Start from another list state so the first character scans everything.
            worker.submit(Arc::clone(&list), "");
            let _ = worker.recv_done(Duration::from_secs(60));
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let t = Instant::now();
                worker.submit(Arc::clone(&list), &query[..end]);
                submit_us.push(t.elapsed().as_secs_f64() * 1e6);
                let Some(update) = worker.recv_done(Duration::from_secs(60)) else {
                    eprintln!("no answer for {:?}", &query[..end]);
                    return;
                };
                let ms = t.elapsed().as_secs_f64() * 1e3;
                keystroke.push(ms);
                if end == query.len() {
                    last_key.push(ms);
                    q_last.push(ms);
                    matched = update.ranking.matched;
                }
            }
            engine.reset();
            let t = Instant::now();
            let _ = engine.rank(&list, query, &|| false, &mut |_| {});
            let ms = t.elapsed().as_secs_f64() * 1e3;
            fresh_final.push(ms);
            q_fresh.push(ms);

            let t = Instant::now();
            let out = Command::new("fzf")
                .args(["--filter", query])
                .stdin(Stdio::from(match file.reopen() {
                    Ok(f) => f,
                    Err(e) => {
                        eprintln!("reopen: {e}");
                        return;
                    }
                }))
                .stderr(Stdio::null())
                .output();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            match out {
                Ok(out) => {
                    fzf_lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
                    fzf_final.push(ms);
                    q_fzf.push(ms);
                }
                Err(e) => eprintln!("fzf: {e}"),
            }
        }
        for v in [&mut q_last, &mut q_fresh, &mut q_fzf] {
            v.sort_by(f64::total_cmp);
        }
        println!(
            "  {query:<16} {:>7.2} ms | {:>7.2} ms | {:>7.2} ms; {matched} (fzf {fzf_lines})",
            percentile(&q_last, 0.5),
            percentile(&q_fresh, 0.5),
            percentile(&q_fzf, 0.5)
        );
    }
    println!();
    summary("every keystroke, submit -> final top 200", keystroke);
    summary("last keystroke of each query", last_key);
    summary("whole query, fresh search (no narrowing)", fresh_final);
    summary("fzf --filter whole query (process + read)", fzf_final);
    submit_us.sort_by(f64::total_cmp);
    println!(
        "submit() on the UI thread: p50 {:.1} us, max {:.1} us",
        percentile(&submit_us, 0.5),
        submit_us.last().copied().unwrap_or(f64::NAN)
    );
}
