//! The analyzer of cable text, shared by the index, the queries and the snippets: split on
//! non-alphanumerics, drop tokens of 40 bytes or more, lower-case, fold accents to ASCII.
//!
//! Those are tantivy's `SimpleTokenizer`, `RemoveLongFilter`, `LowerCaser` and
//! `AsciiFoldingFilter`, one after the other. Cable text is nearly all ASCII, where the four
//! steps come down to one pass over the bytes: [`CableTokenizer`] does that pass for ASCII
//! text (a cold build spent 13% of its work in the chain) and hands any other text to the
//! chain itself, so both give the same tokens, positions and offsets (a property test holds
//! them to it).

use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, LowerCaser, RemoveLongFilter, SimpleTokenizer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Name the index registers [`analyzer`] under.
pub const ANALYZER: &str = "cable";

/// Tokens this many bytes long or longer are dropped (they still take a position).
const TOO_LONG: usize = 40;

/// The analyzer the index registers as [`ANALYZER`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(CableTokenizer::default())
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
