//! Palette benchmark: 251,287 synthetic cable lines, queries typed one character at a time
//! through the palette's real path (`PaletteWorker::submit` -> final `Update`), side by side
//! with `fzf --filter` over the same lines.
//!
//! Run: `cargo bench --bench palette` (optionally `-- --reps N --lines N`, `--query Q` (again
//! for more) to type only those, `--no-fzf` to leave fzf out, e.g. under `perf`, `--gap MS`
//! to type a key every MS milliseconds without waiting for the answers, as a fast typist or
//! a paste does: only the last keystroke's final top 200 is timed then).
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

/// The demo cables' metadata, planted in the synthetic set so that id queries hit.
fn plant_demo(metas: &mut [CableMeta]) {
    let demo = [
        (
            "09DUSHANBE1319",
            "TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR",
            "PHUM KTIP KCRM KWMN PGOV SMIG TI",
        ),
        (
            "09STATE60639",
            "TAJIKISTAN--2009 TIP REPORT: PRESS GUIDANCE AND",
            "ELAB KCRM KWMN PGOV PHUM PREL SMIG KPAO KTIP TI",
        ),
        (
            "06DUSHANBE50",
            "TAJIKISTAN STRENGTHENS ANTI-TIP EFFORTS WITH U.S.",
            "PGOV PREL PHUM SMIG KWMN TI",
        ),
        (
            "07DUSHANBE1057",
            "TAJIKISTAN PROMISES CONTINUED ANTI-TIP REFORMS",
            "PREL PHUM TI",
        ),
        (
            "10DUSHANBE170",
            "2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN",
            "PGOV PHUM KTIP TI",
        ),
    ];
    let step = (metas.len() / demo.len()).max(1);
    for (k, (id, subject, tags)) in demo.into_iter().enumerate() {
        if let Some(m) = metas.get_mut(k * step) {
            m.id = id.into();
            m.subject = subject.into();
            m.origin = "Embassy Dushanbe".into();
            m.tags = tags.split(' ').map(String::from).collect();
        }
    }
}

/// CPU time used so far, in ms: (this process, its waited-for children), from
/// `/proc/self/stat` (clock ticks, usually 10 ms: only sums over many runs are meaningful).
fn cpu_ms() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields after the command name start at field 3; utime is 14, stime 15, cutime 16, cstime 17.
    let get = |n: usize| f.get(n - 3).copied().unwrap_or(0.0);
    let tick = 10.0;
    ((get(14) + get(15)) * tick, (get(16) + get(17)) * tick)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let reps = arg("--reps", 5);
    let lines = arg("--lines", CABLEGATE);
    let threads = arg("--threads", default_threads());
    let args: Vec<String> = std::env::args().collect();
    let chosen: Vec<&str> = args
        .windows(2)
        .filter(|w| w[0] == "--query")
        .map(|w| w[1].as_str())
        .collect();
    let queries: &[&str] = if chosen.is_empty() { QUERIES } else { &chosen };
    let with_fzf = !args.iter().any(|a| a == "--no-fzf");
    let gap = Duration::from_millis(arg("--gap", 0) as u64);
    let t = Instant::now();
    let mut metas = synthetic(lines);
    plant_demo(&mut metas);
    let generated = t.elapsed();
    let t = Instant::now();
    let list: Arc<CandidateList> = Arc::new(candidates::cable_list(&metas));
    if !gap.is_zero() {
        println!(
            "a key typed every {} ms: only each query's last keystroke is timed",
            gap.as_millis()
        );
    }
    println!(
        "{} lines (generated in {:.0} ms; candidate list built in {:.0} ms, {:.1} MB, {:.0} bytes a line), {threads} matching threads, {reps} reps, load average {}",
        list.len(),
        generated.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3,
        list.heap_bytes() as f64 / 1e6,
        list.heap_bytes() as f64 / list.len().max(1) as f64,
        load()
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
            let _ = writeln!(out, "{}", c.display());
        }
    }

    let worker = match PaletteWorker::spawn(threads) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("worker: {e}");
            return;
        }
    };
    // samples[query][keystroke][rep], in ms
    let mut samples: Vec<Vec<Vec<f64>>> = queries
        .iter()
        .map(|q| vec![Vec::new(); q.chars().count()])
        .collect();
    let mut submit_us: Vec<f64> = Vec::new();
    let mut fresh: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut fzf: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut matched = vec![(0, 0); queries.len()];
    let (mut our_cpu, mut fzf_cpu) = (0.0, 0.0);
    let mut engine = Engine::new(threads);
    for rep in 0..reps {
        for (qi, query) in queries.iter().enumerate() {
            // Another list state first, so that the first character scans everything.
            worker.submit(Arc::clone(&list), "");
            let _ = worker.recv_done(Duration::from_secs(60));
            let (cpu0, _) = cpu_ms();
            for (ki, end) in query
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .enumerate()
            {
                let t = Instant::now();
                worker.submit(Arc::clone(&list), &query[..end]);
                submit_us.push(t.elapsed().as_secs_f64() * 1e6);
                if !gap.is_zero() && end < query.len() {
                    // The next key comes after the gap, whatever the worker is doing.
                    std::thread::sleep(gap.saturating_sub(t.elapsed()));
                    continue;
                }
                let Some(update) = worker.recv_done(Duration::from_secs(60)) else {
                    eprintln!("no answer for {:?}", &query[..end]);
                    return;
                };
                if let Some(v) = samples.get_mut(qi).and_then(|q| q.get_mut(ki)) {
                    v.push(t.elapsed().as_secs_f64() * 1e3);
                }
                matched[qi].0 = update.ranking.matched;
            }
            our_cpu += cpu_ms().0 - cpu0;

            engine.reset();
            let t = Instant::now();
            let _ = engine.rank(&list, query, &|| false, &mut |_| {});
            fresh[qi].push(t.elapsed().as_secs_f64() * 1e3);

            if !with_fzf {
                continue;
            }
            let Ok(stdin) = file.reopen() else {
                eprintln!("cannot reopen the temp file");
                return;
            };
            let (_, child0) = cpu_ms();
            let t = Instant::now();
            let out = Command::new("fzf")
                .args(["--filter", query])
                .stdin(Stdio::from(stdin))
                .stderr(Stdio::null())
                .output();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            fzf_cpu += cpu_ms().1 - child0;
            match out {
                Ok(out) => {
                    matched[qi].1 = out.stdout.iter().filter(|&&b| b == b'\n').count();
                    fzf[qi].push(ms);
                }
                Err(e) => eprintln!("fzf: {e}"),
            }
        }
        eprintln!("rep {} of {reps} done, load average {}", rep + 1, load());
    }

    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        percentile(&v, 0.5)
    };
    let least = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "\nper query (median of reps): last keystroke | whole query fresh (no narrowing) | fzf --filter; matches ours/fzf"
    );
    for (qi, query) in queries.iter().enumerate() {
        let last = samples[qi].last().map_or(f64::NAN, |v| median(v));
        println!(
            "  {query:<16} {last:>7.2} ms | {:>7.2} ms | {:>8.2} ms; {}/{}",
            median(&fresh[qi]),
            median(&fzf[qi]),
            matched[qi].0,
            matched[qi].1
        );
    }
    let all: Vec<f64> = samples.iter().flatten().flatten().copied().collect();
    let last: Vec<f64> = samples
        .iter()
        .filter_map(|q| q.last())
        .flatten()
        .copied()
        .collect();
    let least_all: Vec<f64> = (samples.iter().flatten())
        .filter(|v| !v.is_empty())
        .map(|v| least(v))
        .collect();
    let least_last: Vec<f64> = samples
        .iter()
        .filter_map(|q| q.last())
        .map(|v| least(v))
        .collect();
    let keystrokes = all.len().max(1) as f64;
    let queries = (queries.len() * reps).max(1) as f64;
    println!();
    summary("every keystroke, submit -> final top 200", all);
    summary("  least-loaded rep of each keystroke", least_all);
    summary("last keystroke of each query", last);
    summary("  least-loaded rep of each query", least_last);
    summary("whole query, fresh search (no narrowing)", fresh.concat());
    summary("fzf --filter, whole query (process + read)", fzf.concat());
    println!(
        "CPU (all threads): ours {:.1} ms per keystroke, {:.1} ms per query typed; fzf {:.1} ms per query",
        our_cpu / keystrokes,
        our_cpu / queries,
        fzf_cpu / queries
    );
    submit_us.sort_by(f64::total_cmp);
    println!(
        "submit() on the UI thread: p50 {:.1} us, p99 {:.1} us, max {:.1} us; load average now {}",
        percentile(&submit_us, 0.5),
        percentile(&submit_us, 0.99),
        submit_us.last().copied().unwrap_or(f64::NAN),
        load()
    );
}
