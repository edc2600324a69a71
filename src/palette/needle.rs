//! A typed needle, split into words (atoms), and how one candidate fares against it:
//! does it match, with what score, in which ranking tier, at which chars.

use super::ascii;
use super::candidates::Candidate;
use super::greedy;
use super::lines::LineIndex;
use nucleo_matcher::Matcher;
use nucleo_matcher::Utf32Str;
use nucleo_matcher::chars::to_lower_case;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use std::ops::Range;

/// Ranking tiers, best first. Within a tier, a higher score wins, then a higher rank
/// (a newer date for cables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The needle is the key (a cable id, a tag code), ignoring case.
    KeyExact,
    /// The key starts with the needle.
    KeyPrefix,
    /// Every word of the needle starts a word of the line.
    WordStart,
    /// Any other fuzzy match.
    Fuzzy,
}

/// What the first pass learnt about a line that matches: its tier, and where the first
/// match of the needle's last word ends (a byte offset; 0 when not known), so that the
/// next, longer needle searches only the bytes added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub tier: Tier,
    pub end: u32,
}

impl Pass {
    /// Both in one `u32` (the tier in the top two bits; an end from 2^30 up is dropped).
    pub fn pack(self) -> u32 {
        let end = if self.end < 1 << 30 { self.end } else { 0 };
        (self.tier as u32) << 30 | end
    }

    /// The inverse of [`Pass::pack`].
    pub fn unpack(packed: u32) -> Pass {
        let tier = match packed >> 30 {
            0 => Tier::KeyExact,
            1 => Tier::KeyPrefix,
            2 => Tier::WordStart,
            _ => Tier::Fuzzy,
        };
        Pass {
            tier,
            end: packed & ((1 << 30) - 1),
        }
    }
}

/// The palette's needle: whitespace-separated words, each matched fuzzily and ignoring
/// case; a line matches when every word does.
#[derive(Debug, Clone)]
pub struct Needle {
    raw: String,
    atoms: Vec<Atom>,
    /// Each atom's needle as lowercase chars, for the tier checks.
    words: Vec<Vec<char>>,
    /// The same as bytes, when every atom is ASCII (the fast path).
    ascii_words: Option<Vec<AsciiWord>>,
    /// [`ascii::mask_of`] every ASCII word.
    ascii_mask: u64,
    /// A needle of several words as one key, joined by `_` and by a space (`sort id` is
    /// the command `sort_id`, `buenos aires` the post): lowercase chars, and as bytes when
    /// ASCII.
    joined: Vec<Vec<char>>,
    ascii_joined: Vec<Vec<u8>>,
}

/// A word of an ASCII needle, with what the fast path needs to know.
#[derive(Debug, Clone)]
struct AsciiWord {
    bytes: Vec<u8>,
    first_mask: u64,
    first_alnum: bool,
    /// One letter or digit: its bit in a line's set decides matching alone.
    single_alnum: bool,
}

impl AsciiWord {
    fn new(word: &[char]) -> Option<AsciiWord> {
        let bytes = word
            .iter()
            .map(|&c| u8::try_from(c).ok().filter(u8::is_ascii))
            .collect::<Option<Vec<u8>>>()?;
        let first = *bytes.first()?;
        Some(AsciiWord {
            first_mask: ascii::mask(first),
            first_alnum: first.is_ascii_alphanumeric(),
            single_alnum: bytes.len() == 1 && first.is_ascii_alphanumeric(),
            bytes,
        })
    }
}

impl Needle {
    /// Parse a needle. Special characters have no meaning: `^foo` looks for `^foo`.
    pub fn new(raw: &str) -> Needle {
        let atoms: Vec<Atom> = raw
            .split_whitespace()
            .map(|w| {
                Atom::new(
                    w,
                    CaseMatching::Ignore,
                    Normalization::Smart,
                    AtomKind::Fuzzy,
                    false,
                )
            })
            .filter(|a| !a.needle_text().is_empty())
            .collect();
        let words = atoms
            .iter()
            .map(|a| a.needle_text().chars().collect())
            .collect::<Vec<Vec<char>>>();
        let ascii_words: Option<Vec<AsciiWord>> = words.iter().map(|w| AsciiWord::new(w)).collect();
        let ascii_mask = ascii_words
            .iter()
            .flatten()
            .fold(0, |m, w| m | ascii::mask_of(&w.bytes));
        let joined: Vec<Vec<char>> = if words.len() > 1 {
            ["_", " "]
                .iter()
                .map(|sep| {
                    let strings: Vec<String> = words.iter().map(|w| w.iter().collect()).collect();
                    strings.join(sep).chars().collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        let ascii_joined = joined
            .iter()
            .filter_map(|w| w.iter().map(|&c| u8::try_from(c).ok()).collect())
            .collect();
        Needle {
            raw: raw.to_string(),
            atoms,
            words,
            ascii_words,
            ascii_mask,
            joined,
            ascii_joined,
        }
    }

    /// The text as typed.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// True when there is nothing to match (every line matches).
    pub fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// The cheap first pass: a greedy match of every word. `None` when a word is missing.
    /// Matches exactly the lines [`Needle::score`] matches, with a score that may be lower.
    /// ASCII lines and needles are scored without nucleo, to the same number
    /// ([`greedy::score`]).
    pub fn greedy_score(&self, hay: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        let unknown = Pass {
            tier: Tier::Fuzzy,
            end: 0,
        };
        self.greedy_score_after(hay, matcher, unknown)
    }

    /// [`Needle::greedy_score`] of a line whose first pass gave `pass`: where the last word's
    /// first match ends, when known, saves the search for it.
    pub fn greedy_score_after(
        &self,
        hay: Utf32Str<'_>,
        matcher: &mut Matcher,
        pass: Pass,
    ) -> Option<u32> {
        if let (Utf32Str::Ascii(bytes), Some(words)) = (hay, &self.ascii_words) {
            let mut total = 0u32;
            let last = words.len().saturating_sub(1);
            for (k, (word, atom)) in words.iter().zip(&self.atoms).enumerate() {
                let score = if bytes.len() <= word.bytes.len() {
                    nucleo_greedy(hay, atom, matcher)
                } else if k == last && pass.end != 0 {
                    greedy::score_ending_at(bytes, &word.bytes, pass.end as usize)
                } else {
                    greedy::score(bytes, &word.bytes)
                };
                total += u32::from(score?);
            }
            return Some(total);
        }
        let mut total = 0u32;
        for atom in &self.atoms {
            total += u32::from(nucleo_greedy(hay, atom, matcher)?);
        }
        Some(total)
    }

    /// [`Needle::greedy_score`] by nucleo alone (the reference for tests).
    #[cfg(test)]
    fn nucleo_greedy_score(&self, hay: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        matcher.config.ignore_case = true;
        matcher.config.normalize = true;
        let mut total = 0u32;
        for atom in &self.atoms {
            total += u32::from(matcher.fuzzy_match_greedy(hay, atom.needle_text())?);
        }
        Some(total)
    }

    /// The full (optimal) score, for the few candidates that can reach the top.
    pub fn score(&self, hay: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u32> {
        let mut total = 0u32;
        for atom in &self.atoms {
            total += u32::from(atom.score(hay, matcher)?);
        }
        Some(total)
    }

    /// The matched char indices in `hay`, sorted and without duplicates (empty when it does
    /// not match). Meant for the visible rows only.
    pub fn indices(&self, hay: Utf32Str<'_>, matcher: &mut Matcher) -> Vec<u32> {
        let mut indices = Vec::new();
        for atom in &self.atoms {
            if atom.indices(hay, matcher, &mut indices).is_none() {
                return Vec::new();
            }
        }
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    /// The cheap first pass: whether `candidate` matches (exactly when nucleo would), and
    /// its tier. ASCII lines and needles take a fast path through the line's index,
    /// without scoring.
    pub fn first_pass(&self, candidate: &Candidate<'_>, matcher: &mut Matcher) -> Option<Tier> {
        self.scan(candidate, matcher).map(|pass| pass.tier)
    }

    /// [`Needle::first_pass`], with where the last word's first match ends (for
    /// [`Needle::rescan`] when the needle grows).
    pub fn scan(&self, candidate: &Candidate<'_>, matcher: &mut Matcher) -> Option<Pass> {
        match (candidate.haystack(), &self.ascii_words, candidate.index) {
            (Utf32Str::Ascii(hay), Some(words), Some(index)) => {
                if self.ascii_mask & !index.present != 0 {
                    return None;
                }
                let mut end = 0;
                for (k, w) in words.iter().enumerate() {
                    // A single letter or digit is decided by the mask above.
                    if !w.single_alnum {
                        let e = ascii::subsequence_end(hay, &w.bytes)?;
                        if k + 1 == words.len() {
                            end = u32::try_from(e).unwrap_or(0);
                        }
                    }
                }
                let tier = self.ascii_tier(candidate, hay, words, index);
                Some(Pass { tier, end })
            }
            (hay, _, _) => {
                self.greedy_score(hay, matcher)?;
                Some(Pass {
                    tier: self.tier(candidate),
                    end: 0,
                })
            }
        }
    }

    /// When this needle is `previous` with more bytes typed at the end of its last word
    /// (same words before it, both ASCII): the length of `previous`'s last word. Then a
    /// line that matched `previous` matches this needle when the added bytes follow its
    /// last word's first match, and a line in the fuzzy tier for `previous` stays there (a
    /// longer word starts no key or word that the shorter one did not).
    pub fn extends(&self, previous: &Needle) -> Option<usize> {
        let (Some(words), Some(before)) = (&self.ascii_words, &previous.ascii_words) else {
            return None;
        };
        let ((last, head), (last_before, head_before)) =
            (words.split_last()?, before.split_last()?);
        let same_head = head.len() == head_before.len()
            && head
                .iter()
                .zip(head_before)
                .all(|(a, b)| a.bytes == b.bytes);
        (same_head && last.bytes.starts_with(&last_before.bytes)).then_some(last_before.bytes.len())
    }

    /// [`Needle::scan`] of a line that matched the previous needle with `previous`, when
    /// this needle [`Needle::extends`] it by the bytes after `word_len` in the last word.
    /// Only fuzzy-tier lines with a known end are narrowed this way (one search for the
    /// added bytes); the others are scanned again.
    pub fn rescan(
        &self,
        candidate: &Candidate<'_>,
        matcher: &mut Matcher,
        previous: Pass,
        word_len: usize,
    ) -> Option<Pass> {
        let added = self
            .ascii_words
            .as_ref()
            .and_then(|w| w.last())
            .and_then(|w| w.bytes.get(word_len..));
        match (candidate.haystack(), added) {
            (Utf32Str::Ascii(hay), Some(added))
                if previous.tier == Tier::Fuzzy && previous.end != 0 =>
            {
                let from = previous.end as usize;
                let end = from + ascii::subsequence_end(hay.get(from..)?, added)?;
                Some(Pass {
                    tier: Tier::Fuzzy,
                    end: u32::try_from(end).unwrap_or(0),
                })
            }
            _ => self.scan(candidate, matcher),
        }
    }

    /// The tier of an ASCII line that matches.
    fn ascii_tier(
        &self,
        candidate: &Candidate<'_>,
        hay: &[u8],
        words: &[AsciiWord],
        index: LineIndex<'_>,
    ) -> Tier {
        let key = hay.get(..candidate.key_len as usize).unwrap_or(hay);
        let whole: &[Vec<u8>] = match words {
            [word] => std::slice::from_ref(&word.bytes),
            _ => &self.ascii_joined,
        };
        for word in whole {
            if ascii::starts_with(key, word) {
                return if key.len() == word.len() {
                    Tier::KeyExact
                } else {
                    Tier::KeyPrefix
                };
            }
        }
        let starts_a_word = |w: &AsciiWord| {
            if !w.first_alnum {
                return ascii::starts_a_word(hay, &w.bytes, None);
            }
            index.initials & w.first_mask != 0
                && (w.single_alnum || ascii::starts_a_word(hay, &w.bytes, index.word_starts))
        };
        if words.iter().all(starts_a_word) {
            Tier::WordStart
        } else {
            Tier::Fuzzy
        }
    }

    /// The tier of a candidate that matches.
    pub fn tier(&self, candidate: &Candidate<'_>) -> Tier {
        let whole: &[Vec<char>] = match self.words.as_slice() {
            [_] => &self.words,
            _ => &self.joined,
        };
        let key = candidate.key();
        for word in whole {
            if starts_with(key, 0, word) {
                return if key.len() == word.len() {
                    Tier::KeyExact
                } else {
                    Tier::KeyPrefix
                };
            }
        }
        let hay = candidate.haystack();
        if self.words.iter().all(|w| starts_a_word(hay, w)) {
            Tier::WordStart
        } else {
            Tier::Fuzzy
        }
    }
}

/// nucleo's greedy score of one atom.
fn nucleo_greedy(hay: Utf32Str<'_>, atom: &Atom, matcher: &mut Matcher) -> Option<u16> {
    matcher.config.ignore_case = true;
    matcher.config.normalize = true;
    matcher.fuzzy_match_greedy(hay, atom.needle_text())
}

fn lower_at(hay: Utf32Str<'_>, i: usize) -> char {
    match hay {
        Utf32Str::Ascii(bytes) => bytes
            .get(i)
            .map_or('\0', |b| b.to_ascii_lowercase() as char),
        Utf32Str::Unicode(chars) => chars.get(i).map_or('\0', |&c| to_lower_case(c)),
    }
}

/// Does `hay[at..]` start with `word` (lowercase), ignoring case?
fn starts_with(hay: Utf32Str<'_>, at: usize, word: &[char]) -> bool {
    at + word.len() <= hay.len()
        && word
            .iter()
            .enumerate()
            .all(|(k, &c)| lower_at(hay, at + k) == c)
}

/// Is `word` found at the start of some word of `hay`?
fn starts_a_word(hay: Utf32Str<'_>, word: &[char]) -> bool {
    let Some(&first) = word.first() else {
        return true;
    };
    let mut previous_alnum = false;
    for i in 0..hay.len() {
        let c = lower_at(hay, i);
        if !previous_alnum && c == first && starts_with(hay, i, word) {
            return true;
        }
        previous_alnum = c.is_alphanumeric();
    }
    false
}

/// Turn sorted char indices into byte ranges of `text`, merging neighbours, for drawing.
/// `text` must be the candidate's text (`Candidate::text.to_string()`).
pub fn byte_ranges(text: &str, indices: &[u32]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut wanted = indices.iter().peekable();
    for (n, (at, c)) in text.char_indices().enumerate() {
        let Some(&&next) = wanted.peek() else { break };
        if next as usize != n {
            continue;
        }
        wanted.next();
        let end = at + c.len_utf8();
        match ranges.last_mut() {
            Some(last) if last.end == at => last.end = end,
            _ => ranges.push(at..end),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::palette::CandidateList;
    use nucleo_matcher::Config;

    fn tier(needle: &str, text: &str, key_len: usize) -> Tier {
        let list: CandidateList = [(text, key_len, 0)].into_iter().collect();
        let c = list.get(0).expect("one line");
        let needle = Needle::new(needle);
        let mut m = Matcher::new(Config::DEFAULT);
        let fast = needle.first_pass(&c, &mut m);
        assert_eq!(fast, Some(needle.tier(&c)), "fast and general paths agree");
        needle.tier(&c)
    }

    fn one(text: &str) -> CandidateList {
        [(text, 0, 0)].into_iter().collect()
    }

    #[test]
    fn tiers() {
        let line = "09DUSHANBE1319  TAJIK TIP COMMISSION";
        assert_eq!(tier("09dushanbe1319", line, 14), Tier::KeyExact);
        assert_eq!(tier("09DUSH", line, 14), Tier::KeyPrefix);
        assert_eq!(tier("tip taj", line, 14), Tier::WordStart);
        assert_eq!(tier("commission", line, 14), Tier::WordStart);
        assert_eq!(tier("ommission", line, 14), Tier::Fuzzy);
        assert_eq!(tier("tjk", line, 14), Tier::Fuzzy);
        assert_eq!(tier("тасс", "ИТАР ТАСС", 4), Tier::WordStart);
        // Several words are one key when the key is them joined (`sort id`: `sort_id`).
        let command = "sort_id  Sort by id (again: reverse)";
        assert_eq!(tier("sort id", command, 7), Tier::KeyExact);
        assert_eq!(tier("sort i", command, 7), Tier::KeyPrefix);
        assert_eq!(tier("id sort", command, 7), Tier::WordStart);
        let post = "Embassy Buenos Aires";
        assert_eq!(tier("embassy buenos", post, 20), Tier::KeyPrefix);
    }

    #[test]
    fn greedy_and_full_scores_agree_on_what_matches() {
        let mut m = Matcher::new(Config::DEFAULT);
        let needle = Needle::new("tip tajik");
        let (yes, no) = (one("TAJIK TIP COMMISSION"), one("TAJIK COMMISSION"));
        let (yes, no) = (yes.get(0).expect("yes"), no.get(0).expect("no"));
        assert!(needle.first_pass(&yes, &mut m).is_some());
        assert!(needle.first_pass(&no, &mut m).is_none());
        assert!(needle.greedy_score(yes.haystack(), &mut m).is_some());
        assert!(needle.score(yes.haystack(), &mut m).is_some());
        assert!(needle.greedy_score(no.haystack(), &mut m).is_none());
        assert!(needle.score(no.haystack(), &mut m).is_none());
    }

    #[test]
    fn greedy_scores_are_nucleos_for_every_kind_of_line() {
        let mut m = Matcher::new(Config::DEFAULT);
        let lines = [
            "09DUSHANBE1319  TAJIK TIP COMMISSION: EVOLVING  PHUM KTIP",
            "ИТАР ТАСС  tajik tip",
            "tip",
            "ti",
            "a/b:c;d|e-f g_h  TipTajik 2009",
        ];
        let list: CandidateList = lines.iter().map(|t| (*t, 4, 0)).collect();
        for needle in [
            "tip",
            "tip tajik",
            "t",
            "tp",
            "ti",
            "09dsh tip",
            "a/c g",
            "zz",
        ] {
            let needle = Needle::new(needle);
            for c in list.iter() {
                assert_eq!(
                    needle.greedy_score(c.haystack(), &mut m),
                    needle.nucleo_greedy_score(c.haystack(), &mut m),
                    "{:?} in {:?}",
                    needle.raw(),
                    c.display()
                );
            }
        }
    }

    #[test]
    fn rescanning_a_growing_needle_finds_what_a_scan_does() {
        let mut m = Matcher::new(Config::DEFAULT);
        let mut seed = 7u64;
        let mut below = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let bytes = b"abcdeABCDE01  -/";
        let lines: Vec<String> = (0..3_000)
            .map(|i| {
                let len = 1 + below(60);
                let mut line: String = (0..len)
                    .map(|_| bytes[below(bytes.len())] as char)
                    .collect();
                if i % 50 == 0 {
                    line.push('é');
                }
                line
            })
            .collect();
        let list: CandidateList = lines.iter().map(|t| (t.as_str(), 3, 0)).collect();
        let (mut narrowed, mut tiers) = (0, [0; 4]);
        for typed in ["abcab", "edcba", "a b cd", "ab cdea", "0a1b", "bad-e"] {
            let mut previous: Option<(Needle, Vec<Option<Pass>>)> = None;
            for end in 1..=typed.len() {
                let needle = Needle::new(&typed[..end]);
                let mut passes = Vec::new();
                for c in list.iter() {
                    let scanned = needle.scan(&c, &mut m);
                    let before = previous.as_ref().and_then(|(old, p)| {
                        Some((needle.extends(old)?, p.get(passes.len()).copied()??))
                    });
                    if let Some((word_len, before)) = before {
                        let again = needle.rescan(&c, &mut m, before, word_len);
                        assert_eq!(
                            again.map(|p| p.tier),
                            scanned.map(|p| p.tier),
                            "{:?} in {:?}",
                            needle.raw(),
                            c.display()
                        );
                        if let (Some(a), Some(s)) = (again, scanned)
                            && a.end != 0
                            && s.end != 0
                        {
                            assert_eq!(a.end, s.end);
                        }
                        narrowed += 1;
                    }
                    if let Some(p) = scanned {
                        tiers[p.tier as usize] += 1;
                    }
                    assert_eq!(scanned.map(|p| p.tier), needle.first_pass(&c, &mut m));
                    passes.push(scanned);
                }
                previous = Some((needle, passes));
            }
        }
        assert!(
            narrowed > 1_000 && tiers.iter().all(|&n| n > 0),
            "{narrowed} {tiers:?}"
        );
    }

    #[test]
    fn passes_pack_into_a_u32() {
        for tier in [
            Tier::KeyExact,
            Tier::KeyPrefix,
            Tier::WordStart,
            Tier::Fuzzy,
        ] {
            for end in [0, 1, 77, (1 << 30) - 1] {
                let pass = Pass { tier, end };
                assert_eq!(Pass::unpack(pass.pack()), pass);
            }
            assert_eq!(Pass::unpack(Pass { tier, end: 1 << 30 }.pack()).end, 0);
        }
    }

    #[test]
    fn indices_become_merged_byte_ranges() {
        let mut m = Matcher::new(Config::DEFAULT);
        let list = one("TAJIK TIP");
        let c = list.get(0).expect("one");
        let idx = Needle::new("tip").indices(c.haystack(), &mut m);
        assert_eq!(idx, vec![6, 7, 8]);
        assert_eq!(byte_ranges("TAJIK TIP", &idx), vec![6..9]);
        assert_eq!(byte_ranges("aé b", &[1, 3]), vec![1..3, 4..5]);
        assert!(Needle::new("zzz").indices(c.haystack(), &mut m).is_empty());
    }
}
