//! Deterministic synthetic cable archives, recombining real headers and paragraphs.
//!
//! ```text
//! cargo run --release --example gen_archive -- --cables 251287 --format csv|txt|html \
//!     --seed 1 --from ../shared/corpus OUT
//! ```
//!
//! Every `cables.csv` row found under `--from` gives a donor: its metadata columns, routing
//! header, the head of its body (classification line, TAGS, SUBJECT) and its paragraphs.
//! Cable k takes the header and head of one donor, then paragraphs drawn from all donors until
//! its body is about 1.25 times as long as a donor's body (which brings 251,287 cables to about
//! 1.7 GB, the size of the real `cables.csv`). Ids stay unique: the donor's id with a new serial.
//! `csv` writes one `cables.csv`; `txt` and `html` write one file per cable in folders of 1,000.
//!
//! `--text` chooses how paragraphs are made:
//! - `paragraphs` (the default, the first figures' generator): donors' paragraphs drawn whole.
//!   Every paragraph of a 251k archive then appears about 93 times and the vocabulary is the
//!   donors', so search and palette figures on it are optimistic.
//! - `sentences`: each paragraph is 1 to 6 sentences drawn from every donor paragraph's
//!   sentences; a paragraph almost never repeats, but words keep the donors' vocabulary.
//! - `words`: each sentence is walked word by word on the donors' word pairs (a bigram chain
//!   over their words and frequencies), and about one word in 40 is a new rare word (a
//!   surname-like token from syllables, drawn from a long tail), so that the vocabulary grows
//!   with the archive as a real one's does (names, places, file numbers).

use cables::archive::source::{self, Format, walk};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

struct Donor {
    date: String,
    id_stem: String,
    origin: String,
    classification: String,
    header: String,
    head: String,
    body_len: usize,
}

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Args {
    cables: usize,
    format: String,
    text: String,
    seed: u64,
    from: PathBuf,
    out: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        cables: 1000,
        format: "csv".into(),
        text: "paragraphs".into(),
        seed: 1,
        from: PathBuf::from("../shared/corpus"),
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--cables" => a.cables = value()?.parse().map_err(|e| format!("--cables: {e}"))?,
            "--format" => a.format = value()?,
            "--text" => a.text = value()?,
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--from" => a.from = PathBuf::from(value()?),
            other if !other.starts_with("--") => a.out = PathBuf::from(other),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err(
            "usage: gen_archive --cables N --format csv|txt|html --text paragraphs|sentences|words \
             --seed S --from DIR OUT"
                .into(),
        );
    }
    Ok(a)
}

/// Read every cables.csv row under `from` as donors and their paragraphs.
fn donors(from: &Path) -> (Vec<Donor>, Vec<String>) {
    let mut donors = Vec::new();
    let mut paragraphs = Vec::new();
    for found in walk::walk(from, &mut |_, _| {}) {
        if source::detect(&found.path) != Ok(Format::Csv) {
            continue;
        }
        let _ = source::scan(
            &found.path,
            Format::Csv,
            &mut |_, raw| {
                let Some((header, body)) = raw.text.split_once("\n\n") else {
                    return;
                };
                let blocks: Vec<&str> = body
                    .split("\n \n")
                    .flat_map(|b| b.split("\n\n"))
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .collect();
                // The head runs up to the first numbered paragraph.
                let split = blocks
                    .iter()
                    .position(|b| b.starts_with("1.") || b.starts_with("\u{b6}1"))
                    .unwrap_or(blocks.len().min(3));
                let (head, paras) = blocks.split_at(split);
                paragraphs.extend(paras.iter().map(|p| p.to_string()));
                let id = raw.meta.id.unwrap_or_default();
                donors.push(Donor {
                    date: raw.meta.date.unwrap_or_default(),
                    id_stem: id
                        .trim_end_matches(|c: char| c.is_ascii_digit())
                        .to_string(),
                    origin: raw.meta.origin.unwrap_or_default(),
                    classification: raw.meta.classification.unwrap_or_default(),
                    header: header.to_string(),
                    head: head.join("\n\n"),
                    body_len: body.len(),
                });
            },
            &mut |_, _| {},
        );
    }
    (donors, paragraphs)
}

/// How the paragraphs of a generated cable are made (see the module doc).
enum TextMaker {
    Paragraphs(Vec<String>),
    Sentences(Vec<String>),
    Words(WordChain),
}

/// A bigram chain over the donors' words: for each word, the words that followed it (with
/// repeats, so drawing one is drawing by frequency); sentence starts are the words after `.`.
struct WordChain {
    words: Vec<String>,
    index: std::collections::HashMap<String, u32>,
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
}

impl WordChain {
    fn build(paragraphs: &[String]) -> WordChain {
        let mut chain = WordChain {
            words: Vec::new(),
            index: std::collections::HashMap::new(),
            next: Vec::new(),
            starts: Vec::new(),
        };
        for p in paragraphs {
            let mut prev: Option<u32> = None;
            for word in p.split_whitespace() {
                let id = chain.id(word);
                match prev {
                    Some(before) => chain.next[before as usize].push(id),
                    None => chain.starts.push(id),
                }
                // After a full stop, the next word starts a sentence.
                prev = if word.ends_with('.') { None } else { Some(id) };
            }
        }
        chain
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.index.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.index.insert(word.to_string(), id);
        self.next.push(Vec::new());
        id
    }

    /// One sentence of up to 40 words.
    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let mut at = self.starts[rng.below(self.starts.len())];
        for n in 0..40 {
            if n > 0 {
                out.push(' ');
            }
            if rng.below(40) == 0 {
                out.push_str(&rare_word(rng));
                out.push(' ');
            }
            let word = &self.words[at as usize];
            out.push_str(word);
            let followers = &self.next[at as usize];
            if word.ends_with('.') || followers.is_empty() {
                if !word.ends_with('.') {
                    out.push('.');
                }
                return;
            }
            at = followers[rng.below(followers.len())];
        }
        out.push('.');
    }
}

/// A rare word from a long tail: two to four syllables, the syllables drawn so that a few
/// thousand words are common and millions possible (names, places).
fn rare_word(rng: &mut Rng) -> String {
    const SYLLABLES: [&str; 48] = [
        "ka", "ra", "mo", "zi", "tal", "bek", "ov", "an", "dur", "sha", "lin", "gu", "ro", "vi",
        "net", "al", "is", "mir", "zo", "ha", "qua", "der", "sol", "bar", "kh", "em", "ut", "jan",
        "pol", "ni", "fe", "sa", "dam", "yu", "ter", "ob", "ri", "cha", "lo", "ves", "ma", "tor",
        "ke", "zha", "pe", "ul", "gor", "di",
    ];
    // Skewed draws: low indices far more often, so the tail is long but not flat.
    let skewed = |rng: &mut Rng| {
        let a = rng.below(SYLLABLES.len());
        a.min(rng.below(SYLLABLES.len()))
    };
    let n = 2 + rng.below(3);
    let mut word = String::new();
    for _ in 0..n {
        word.push_str(SYLLABLES[skewed(rng)]);
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

/// Split a paragraph into sentences at `. ` (an abbreviation splits too: harmless here).
fn sentences(paragraphs: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paragraphs {
        let mut rest = p.as_str();
        while let Some(at) = rest.find(". ") {
            let (sentence, tail) = rest.split_at(at + 1);
            if sentence.trim().len() > 2 {
                out.push(sentence.trim().to_string());
            }
            rest = tail;
        }
        if rest.trim().len() > 2 {
            out.push(rest.trim().to_string());
        }
    }
    out
}

impl TextMaker {
    fn new(kind: &str, paragraphs: Vec<String>) -> Result<TextMaker, String> {
        match kind {
            "paragraphs" => Ok(TextMaker::Paragraphs(paragraphs)),
            "sentences" => Ok(TextMaker::Sentences(sentences(&paragraphs))),
            "words" => Ok(TextMaker::Words(WordChain::build(&paragraphs))),
            other => Err(format!(
                "unknown --text {other} (paragraphs, sentences, words)"
            )),
        }
    }

    /// One paragraph's text.
    fn paragraph(&self, rng: &mut Rng) -> String {
        match self {
            TextMaker::Paragraphs(all) => {
                let p = &all[rng.below(all.len())];
                p.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
                    .to_string()
            }
            TextMaker::Sentences(all) => {
                let n = 1 + rng.below(6);
                let mut out = String::new();
                for k in 0..n {
                    let s = &all[rng.below(all.len())];
                    let s =
                        s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
                    if k > 0 {
                        out.push(' ');
                    }
                    out.push_str(s);
                }
                out
            }
            TextMaker::Words(chain) => {
                let n = 1 + rng.below(6);
                let mut out = String::new();
                for k in 0..n {
                    if k > 0 {
                        out.push(' ');
                    }
                    chain.sentence(rng, &mut out);
                }
                out
            }
        }
    }
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "&#x000A;")
}

fn main() -> Result<(), String> {
    let a = args()?;
    let (donors, paragraphs) = donors(&a.from);
    if donors.is_empty() || paragraphs.is_empty() {
        return Err(format!("no cables.csv rows under {}", a.from.display()));
    }
    eprintln!(
        "{} donors, {} paragraphs; writing {} cables as {}, text from {}",
        donors.len(),
        paragraphs.len(),
        a.cables,
        a.format,
        a.text
    );
    let text = TextMaker::new(&a.text, paragraphs)?;
    let mut rng = Rng(a.seed);
    std::fs::create_dir_all(&a.out).map_err(|e| e.to_string())?;
    let mut csv = match a.format.as_str() {
        "csv" => Some(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(a.out.join("cables.csv")).map_err(|e| e.to_string())?,
        )),
        "txt" | "html" => None,
        other => return Err(format!("unknown format {other}")),
    };
    for k in 0..a.cables {
        let d = &donors[rng.below(donors.len())];
        let id = format!("{}{}", d.id_stem, 100_000 + k);
        let mut body = d.head.clone();
        let target = d.body_len * 5 / 4;
        let mut n = 1;
        while body.len() < target || n == 1 {
            body.push_str(&format!("\n\n{n}. {}", text.paragraph(&mut rng)));
            n += 1;
        }
        match (&mut csv, a.format.as_str()) {
            (Some(out), _) => {
                let row = [
                    (k + 1).to_string(),
                    d.date.clone(),
                    id,
                    d.origin.clone(),
                    d.classification.clone(),
                    String::new(),
                    d.header.clone(),
                    body,
                ]
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(",");
                writeln!(out, "{row}").map_err(|e| e.to_string())?;
            }
            (None, format) => {
                let dir = a.out.join(format!("{:04}", k / 1000));
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let (name, content) = if format == "txt" {
                    (format!("{id}.txt"), format!("{}\n\n{body}\n", d.header))
                } else {
                    (
                        format!("{id}.html"),
                        format!(
                            "<!DOCTYPE html><html><head><title>{id}</title></head><body>\n<table class='cable'>\n<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>\n<tr><td><a>{id}</a></td><td><a>{}</a></td><td><a>2011-08-30 01:44</a></td><td><a>{}</a></td><td><a>{}</a></td></tr></table>\n<code><pre>{}</pre></code>\n<code><pre>{}</pre></code>\n</body></html>\n",
                            d.date,
                            d.classification,
                            d.origin,
                            html_escape(&d.header),
                            html_escape(&body)
                        ),
                    )
                };
                std::fs::write(dir.join(name), content).map_err(|e| e.to_string())?;
            }
        }
    }
    if let Some(mut out) = csv {
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}
