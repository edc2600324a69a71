//! The analyzer of cable text, shared by the index, the queries and the snippets: split on
//! non-alphanumerics, drop tokens of 40 bytes or more, lower-case, fold accents to ASCII.
//!
//! Those are tantivy's `SimpleTokenizer`, `RemoveLongFilter`, `LowerCaser` and
//! `AsciiFoldingFilter`, one after the other. Cable text is nearly all ASCII, where the four
//! steps come down to one pass over the bytes: [`CableTokenizer`] does that pass for ASCII
//! text (a cold build spent 13% of its work in the chain) and hands any other text to the
//! chain itself, so both give the same tokens, positions and offsets (a property test holds
//! them to it).
//!
//! The index's text field has an analyzer of its own, [`text_analyzer`]: the same words and,
//! after a common word that follows another, the pair of the two as one more token (Lucene's
//! "common grams"), so a phrase of two common words is one term of the index.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, LowerCaser, RemoveLongFilter, SimpleTokenizer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Name the index registers [`analyzer`] under.
pub const ANALYZER: &str = "cable";

/// Name the index registers [`text_analyzer`] under.
pub const TEXT_ANALYZER: &str = "cable_text";

/// Tokens this many bytes long or longer are dropped (they still take a position).
const TOO_LONG: usize = 40;

/// The analyzer the index registers as [`ANALYZER`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(CableTokenizer::default())
}

/// The analyzer the index registers as [`TEXT_ANALYZER`] for cable text: the tokens of
/// [`analyzer`] and, right after a common word (see [`is_common`]) that follows another
/// (at consecutive positions), the pair of the two as one token at the first one's position
/// ([`pair`]). Queries and snippets use [`analyzer`]: a pair is only ever looked up whole.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WordsAndPairsTokenizer::default())
}

/// The token [`text_analyzer`] makes of `first` and `second` when they follow one another,
/// if it makes one (both are common words).
pub fn pair(first: &str, second: &str) -> Option<String> {
    (is_common(first) && is_common(second)).then(|| {
        let mut out = String::new();
        write_pair(&mut out, first, second);
        out
    })
}

/// Write the pair token of `first` and `second` into `out` (the one spelling of a pair, for
/// the index and the queries alike): ` first second`. It starts with a space, which no word
/// does, so that no prefix of a word (`hum*`) expands to pairs as well as words.
fn write_pair(out: &mut String, first: &str, second: &str) {
    out.clear();
    out.push(' ');
    out.push_str(first);
    out.push(' ');
    out.push_str(second);
}

/// The words in most cables after the function words (`common_words.txt`, made by
/// `examples/common_words.rs` from real cables: ranks 50 to 600 by the cables they are in,
/// numbers and single letters left out). A phrase of two of them is slow to match position
/// by position (both words are in many cables) and cheap as a term; a phrase holding a rarer
/// word is quick either way, since its matches are sought among that word's cables only.
/// Changing the list changes the index: bump `INDEX_VERSION`.
pub fn is_common(word: &str) -> bool {
    common_key(word).is_some_and(is_common_key)
}

/// The longest common word, in bytes.
pub const COMMON_MAX: usize = 16;

/// `word` as a key of the common words' set, if it is short enough to be a common word: its
/// length and two overlapping windows that cover it (the first and last 8 bytes, 4 bytes for
/// a shorter word, 3 bytes for up to 3), read in place. The build looks up every word of
/// every text: copying it into a zeroed buffer first cost a call and a stalled load a word.
fn common_key(word: &str) -> Option<(u64, u64, usize)> {
    let bytes = word.as_bytes();
    let len = bytes.len();
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let byte_at = |at: usize| bytes.get(at).copied().map_or(0, u64::from);
    let windows = match len {
        0 => (0, 0),
        1..=3 => (
            byte_at(0) | byte_at(len / 2) << 8 | byte_at(len - 1) << 16,
            0,
        ),
        4..=7 => (u32_at(0), u32_at(len - 4)),
        8..=COMMON_MAX => (u64_at(0), u64_at(len - 8)),
        _ => return None,
    };
    Some((windows.0, windows.1, len))
}

fn is_common_key(word: (u64, u64, usize)) -> bool {
    static COMMON: OnceLock<FxHashSet<(u64, u64, usize)>> = OnceLock::new();
    COMMON
        .get_or_init(|| {
            include_str!("common_words.txt")
                .split_whitespace()
                .filter_map(common_key)
                .collect()
        })
        .contains(&word)
}

/// The tokens of `text` as the index sees them.
pub fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// tantivy's chain of the four steps, for text that is not all ASCII.
fn chain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(TOO_LONG))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The four steps in one pass for ASCII text; tantivy's chain for the rest.
#[derive(Clone)]
pub struct CableTokenizer {
    token: Token,
    chain: TextAnalyzer,
}

impl Default for CableTokenizer {
    fn default() -> Self {
        CableTokenizer {
            token: Token::default(),
            chain: chain(),
        }
    }
}

impl Tokenizer for CableTokenizer {
    type TokenStream<'a> = CableTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CableTokenStream<'a> {
        if text.is_ascii() {
            self.token.reset();
            CableTokenStream::Ascii(AsciiTokens {
                text,
                at: 0,
                token: &mut self.token,
            })
        } else {
            CableTokenStream::Other(self.chain.token_stream(text))
        }
    }
}

/// The tokens of one text.
pub enum CableTokenStream<'a> {
    /// ASCII text, tokenized in one pass.
    Ascii(AsciiTokens<'a>),
    /// Any other text, through tantivy's chain.
    Other(BoxTokenStream<'a>),
}

impl TokenStream for CableTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            CableTokenStream::Ascii(s) => s.advance(),
            CableTokenStream::Other(s) => s.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            CableTokenStream::Ascii(s) => s.token(),
            CableTokenStream::Other(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            CableTokenStream::Ascii(s) => s.token_mut(),
            CableTokenStream::Other(s) => s.token_mut(),
        }
    }
}

/// Runs of ASCII letters and digits, lower-cased; runs of 40 bytes or more are skipped but
/// counted as positions, as `RemoveLongFilter` does after `SimpleTokenizer`.
pub struct AsciiTokens<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

/// Which bytes are ASCII letters and digits (a table: the test per byte is the scan's cost).
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

impl TokenStream for AsciiTokens<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        loop {
            while i < bytes.len() && !WORD_BYTE[bytes[i] as usize] {
                i += 1;
            }
            if i == bytes.len() {
                self.at = i;
                return false;
            }
            let start = i;
            while i < bytes.len() && WORD_BYTE[bytes[i] as usize] {
                i += 1;
            }
            self.token.position = self.token.position.wrapping_add(1);
            if i - start >= TOO_LONG {
                continue;
            }
            self.at = i;
            self.token.offset_from = start;
            self.token.offset_to = i;
            self.token.text.clear();
            self.token
                .text
                .push_str(self.text.get(start..i).unwrap_or_default());
            self.token.text.make_ascii_lowercase();
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The words of [`CableTokenizer`], each followed, when it and the word before are common
/// words ([`is_common`]) at consecutive positions, by their pair (a dropped long word between
/// them breaks the pair, as it breaks a phrase). One pass over the text gives both: a
/// second field tokenized for the pairs alone cost the build a second pass and a copy of
/// every text.
#[derive(Clone, Default)]
pub struct WordsAndPairsTokenizer {
    words: CableTokenizer,
    pair: Token,
    /// The word before, kept from text to text (a build tokenizes millions of paragraphs).
    first: String,
}

impl Tokenizer for WordsAndPairsTokenizer {
    type TokenStream<'a> = WordsAndPairs<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndPairs<'a> {
        self.pair.reset();
        WordsAndPairs {
            words: self.words.token_stream(text),
            pair: &mut self.pair,
            previous: None,
            first: &mut self.first,
            pair_next: false,
            on_pair: false,
        }
    }
}

/// The words and pairs of one text.
pub struct WordsAndPairs<'a> {
    words: CableTokenStream<'a>,
    /// The pair of the last word and the one before, when there is one.
    pair: &'a mut Token,
    /// The position and start of the word before, when it is a common word, and its text.
    previous: Option<(usize, usize)>,
    first: &'a mut String,
    /// Whether the pair is the next token, and whether it is the current one.
    pair_next: bool,
    on_pair: bool,
}

impl TokenStream for WordsAndPairs<'_> {
    fn advance(&mut self) -> bool {
        self.on_pair = std::mem::take(&mut self.pair_next);
        if self.on_pair {
            return true;
        }
        if !self.words.advance() {
            return false;
        }
        let word = self.words.token();
        if !is_common(&word.text) {
            self.previous = None;
            return true;
        }
        if let Some((position, from)) = self.previous
            && position.wrapping_add(1) == word.position
        {
            write_pair(&mut self.pair.text, self.first, &word.text);
            self.pair.offset_from = from;
            self.pair.offset_to = word.offset_to;
            self.pair.position = position;
            self.pair_next = true;
        }
        self.previous = Some((word.position, word.offset_from));
        self.first.clear();
        self.first.push_str(&word.text);
        true
    }

    fn token(&self) -> &Token {
        if self.on_pair {
            self.pair
        } else {
            self.words.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_pair {
            self.pair
        } else {
            self.words.token_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (text, position, offsets) of every token.
    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn ascii_text_is_split_lowered_and_long_runs_dropped() {
        let long = "x".repeat(TOO_LONG);
        let text = format!("1. (SBU) The U.S. {long} DUSHANBE-based, 2009");
        let got = tokens(analyzer(), &text);
        let words: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            words,
            ["1", "sbu", "the", "u", "s", "dushanbe", "based", "2009"]
        );
        // The dropped run keeps its position: `dushanbe` is the seventh token, not the sixth.
        assert_eq!(got[5].1, 6);
        assert_eq!(got, tokens(chain(), &text));
    }

    #[test]
    fn other_text_goes_through_the_chain() {
        let text = "Café ¶3 ÉLYSÉE Straße";
        assert_eq!(analyze(text), ["cafe", "3", "elysee", "strasse"]);
        assert_eq!(tokens(analyzer(), text), tokens(chain(), text));
    }

    #[test]
    fn pairs_are_common_words_that_follow_one_another() {
        let long = "x".repeat(TOO_LONG);
        let text = format!(
            "Human rights, the Foreign Minister {long} said Policy Café; foreign policy é minister"
        );
        let all = tokens(text_analyzer(), &text);
        let (pairs, words): (Vec<_>, Vec<_>) = all.iter().cloned().partition(|t| t.0.contains(' '));
        assert_eq!(
            words,
            tokens(analyzer(), &text),
            "every word, as queries see them"
        );
        assert_eq!(
            pairs,
            [
                (" human rights".to_string(), 0, 0, 12),
                (" foreign minister".to_string(), 3, 18, 34),
                (" foreign policy".to_string(), 9, 95, 109),
            ],
            "at the first word's position, from its start to the second one's end; none with \
             `the` (a function word) or `cafe` (rare), none across the dropped word or the \
             single letter"
        );
        let right_after = |pair: &str, second: &str| {
            let at = all.iter().position(|t| t.0 == pair);
            at.is_some_and(|at| at > 0 && all[at - 1].0 == second)
        };
        assert!(right_after(" human rights", "rights"));
        assert!(right_after(" foreign policy", "policy"));
        assert_eq!(pair("human", "rights").as_deref(), Some(" human rights"));
        assert_eq!(pair("the", "embassy"), None);
        assert_eq!(
            tokens(text_analyzer(), "Rights"),
            tokens(analyzer(), "Rights")
        );
    }

    #[test]
    fn every_common_word_is_a_word_the_index_makes_and_has_a_key() {
        let words: Vec<&str> = include_str!("common_words.txt")
            .split_whitespace()
            .collect();
        assert!(words.len() > 500, "{} words", words.len());
        for word in words {
            assert_eq!(analyze(word), [word], "{word} is one lower-case token");
            assert!(is_common(word), "{word} has a key");
        }
        assert!(!is_common("diplomatically"));
    }

    /// The set's key reads every byte of a word: each common word with one byte changed (at
    /// every place), one added or one dropped, is common only if it is in the list itself.
    #[test]
    fn only_the_listed_words_are_common() {
        let listed: std::collections::HashSet<&str> = include_str!("common_words.txt")
            .split_whitespace()
            .collect();
        let mut tried = 0;
        for word in &listed {
            let mut near = Vec::new();
            for at in 0..=word.len() {
                let (head, tail) = word.split_at(at);
                near.push(format!("{head}x{tail}"));
                near.push(format!("{head}{}", tail.get(1..).unwrap_or("")));
                if !tail.is_empty() {
                    let changed = if tail.starts_with('q') { 'z' } else { 'q' };
                    near.push(format!("{head}{changed}{}", &tail[1..]));
                }
            }
            for other in near {
                tried += 1;
                assert_eq!(
                    is_common(&other),
                    listed.contains(other.as_str()),
                    "{other:?} (from {word:?})"
                );
            }
        }
        assert!(tried > 10_000, "{tried}");
        for other in ["", "a", "ab", "abc", "abcd", "0123456789abcdefg"] {
            assert!(!is_common(other), "{other:?}");
        }
    }

    proptest! {
        #[test]
        fn ascii_gives_the_chains_tokens(text in "([A-Za-z0-9]{0,45}[ .,;:()/'\\n-]{0,3}){0,40}") {
            prop_assert_eq!(tokens(analyzer(), &text), tokens(chain(), &text));
        }

        #[test]
        fn mixed_gives_the_chains_tokens(text in "([A-Za-z0-9]{0,45}[ .,;:()/'\\n-]{0,3}|é|¶|Ü){0,40}") {
            prop_assert_eq!(tokens(analyzer(), &text), tokens(chain(), &text));
        }
    }
}
