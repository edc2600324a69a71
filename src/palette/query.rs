//! Parsing the palette's input line into a mode and a needle.
//!
//! A leading character picks what the palette searches: `>` commands, `#` tags, `@` origins,
//! `/` full-text keywords, `¶N` (or, inside a cable, a bare number) a paragraph of the open
//! cable. Anything else matches cables.

/// What the palette searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Every cable's id, subject, origin and tags (the default).
    Cables,
    /// `>`: actions, by name and description.
    Commands,
    /// `#`: TAGS codes, with their meanings.
    Tags,
    /// `@`: sending posts.
    Origins,
    /// `/`: full-text keyword search through the keyword index.
    Keyword,
    /// `¶N` or a bare number in a cable: jump to that paragraph.
    Paragraph,
}

impl Mode {
    /// The prefix character that selects this mode (`None` for cables).
    pub fn prefix(self) -> Option<char> {
        match self {
            Mode::Cables => None,
            Mode::Commands => Some('>'),
            Mode::Tags => Some('#'),
            Mode::Origins => Some('@'),
            Mode::Keyword => Some('/'),
            Mode::Paragraph => Some('¶'),
        }
    }

    /// A short name for the palette's title.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Cables => "cables",
            Mode::Commands => "commands",
            Mode::Tags => "tags",
            Mode::Origins => "origins",
            Mode::Keyword => "keyword",
            Mode::Paragraph => "paragraph",
        }
    }
}

/// A parsed palette input: the mode and the text to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub mode: Mode,
    /// The input without its prefix and leading spaces.
    pub needle: String,
}

impl Query {
    /// Parse `input`. `in_cable` says whether a cable is open, so that a bare number means a
    /// paragraph there (and an id prefix such as `09` elsewhere).
    pub fn parse(input: &str, in_cable: bool) -> Query {
        let mut chars = input.chars();
        let mode = match chars.next() {
            Some('>') => Mode::Commands,
            Some('#') => Mode::Tags,
            Some('@') => Mode::Origins,
            Some('/') => Mode::Keyword,
            Some('¶') => Mode::Paragraph,
            _ => {
                let trimmed = input.trim();
                let mode = if in_cable && is_number(trimmed) {
                    Mode::Paragraph
                } else {
                    Mode::Cables
                };
                let needle = if mode == Mode::Paragraph {
                    trimmed
                } else {
                    input.trim_start()
                };
                return Query {
                    mode,
                    needle: needle.to_string(),
                };
            }
        };
        Query {
            mode,
            needle: chars.as_str().trim_start().to_string(),
        }
    }

    /// The paragraph label asked for (`7`, `A`: as printed in the cable, without a trailing
    /// `.` or `)`), in [`Mode::Paragraph`].
    pub fn paragraph(&self) -> Option<&str> {
        if self.mode != Mode::Paragraph {
            return None;
        }
        let label = self.needle.trim().trim_end_matches(['.', ')']);
        let plausible = !label.is_empty()
            && label.len() <= 8
            && label.bytes().all(|b| b.is_ascii_alphanumeric());
        plausible.then_some(label)
    }

    /// The keyword search to run while the user types (`/` mode): the last word, not yet
    /// followed by a space, is a prefix (`opi` finds opium: `opi*`), as in a search-as-you-
    /// type box. Left as typed: a finished word (a space after it), a field (`tag:KTIP`), a
    /// phrase, an exclusion (`-word`), `OR`/`AND`/`NOT`, a word already ending in `*`, and a
    /// single character (a prefix of one letter matches half the index).
    pub fn keyword_needle(&self) -> String {
        let needle = &self.needle;
        if needle.ends_with(char::is_whitespace) || needle.matches('"').count() % 2 == 1 {
            return needle.clone();
        }
        let Some(last) = needle.split_whitespace().last() else {
            return needle.clone();
        };
        let plain = last.chars().count() >= 2
            && !last.contains([':', '"', '*', '(', ')'])
            && !last.starts_with(['-', '+'])
            && !matches!(last, "OR" | "AND" | "NOT");
        if plain {
            format!("{needle}*")
        } else {
            needle.clone()
        }
    }

    /// True when the needle holds nothing to match.
    pub fn is_empty(&self) -> bool {
        self.needle.trim().is_empty()
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_pick_the_mode() {
        let cases = [
            ("tip tajik", Mode::Cables, "tip tajik"),
            (">quit", Mode::Commands, "quit"),
            ("# ktip", Mode::Tags, "ktip"),
            ("@dushanbe", Mode::Origins, "dushanbe"),
            ("/trafficking victims", Mode::Keyword, "trafficking victims"),
            ("¶12", Mode::Paragraph, "12"),
            ("", Mode::Cables, ""),
        ];
        for (input, mode, needle) in cases {
            let q = Query::parse(input, false);
            assert_eq!((q.mode, q.needle.as_str()), (mode, needle), "{input}");
        }
    }

    #[test]
    fn the_last_word_typed_is_a_prefix_of_a_keyword_search() {
        let typed = |s: &str| Query::parse(s, false).keyword_needle();
        assert_eq!(typed("/opi"), "opi*");
        assert_eq!(typed("/heroin opi"), "heroin opi*");
        assert_eq!(typed("/opium "), "opium ");
        for same in [
            "/tag:KTIP",
            "/\"drug traf",
            "/\"drug trafficking\"",
            "/-afghanistan",
            "/opium OR",
            "/traffick*",
            "/o",
            "/",
        ] {
            assert_eq!(typed(same), &same[1..], "{same}");
        }
    }

    #[test]
    fn a_bare_number_is_a_paragraph_only_inside_a_cable() {
        assert_eq!(Query::parse("12", true).paragraph(), Some("12"));
        assert_eq!(Query::parse("12", false).mode, Mode::Cables);
        assert_eq!(Query::parse("09DUSHANBE", true).mode, Mode::Cables);
        assert_eq!(Query::parse("¶A", true).paragraph(), Some("A"));
        assert_eq!(Query::parse("¶ 7.", false).paragraph(), Some("7"));
        assert_eq!(Query::parse("¶-", true).paragraph(), None);
        assert_eq!(
            Query::parse("¶99999999999999", true).paragraph(),
            None,
            "too long for a label"
        );
    }
}
