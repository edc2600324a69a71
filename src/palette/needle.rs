//! A typed needle, split into words (atoms), and how one candidate fares against it:
//! does it match, with what score, in which ranking tier, at which chars.

use super::ascii;
use super::candidates::Candidate;
use super::greedy;
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
        if let (Utf32Str::Ascii(bytes), Some(words)) = (hay, &self.ascii_words) {
            let mut total = 0u32;
            for (word, atom) in words.iter().zip(&self.atoms) {
                let score = if bytes.len() > word.bytes.len() {
                    greedy::score(bytes, &word.bytes)
                } else {
                    nucleo_greedy(hay, atom, matcher)
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
        match (candidate.haystack(), &self.ascii_words, candidate.index) {
            (Utf32Str::Ascii(hay), Some(words), Some(index)) => {
                if self.ascii_mask & !index.present != 0 {
                    return None;
                }
                if !words
                    .iter()
                    .all(|w| w.single_alnum || ascii::is_subsequence(hay, &w.bytes))
                {
                    return None;
                }
                let key = hay.get(..candidate.key_len as usize).unwrap_or(hay);
                let whole: &[Vec<u8>] = match words.as_slice() {
                    [word] => std::slice::from_ref(&word.bytes),
                    _ => &self.ascii_joined,
                };
                for word in whole {
                    if ascii::starts_with(key, word) {
                        return Some(if key.len() == word.len() {
                            Tier::KeyExact
                        } else {
                            Tier::KeyPrefix
                        });
                    }
                }
                let starts_a_word = |w: &AsciiWord| {
                    if !w.first_alnum {
                        return ascii::starts_a_word(hay, &w.bytes, None);
                    }
                    index.initials & w.first_mask != 0
                        && (w.single_alnum
                            || ascii::starts_a_word(hay, &w.bytes, index.word_starts))
                };
                Some(if words.iter().all(starts_a_word) {
                    Tier::WordStart
                } else {
                    Tier::Fuzzy
                })
            }
            (hay, _, _) => {
                self.greedy_score(hay, matcher)?;
                Some(self.tier(candidate))
            }
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
