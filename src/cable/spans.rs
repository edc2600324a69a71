//! Highlight spans over paragraph text, as byte ranges with a meaning and no colour.
//! The TUI maps each kind to a theme role; the CLI could map them to nothing.

use crate::cable::Classification;
use std::ops::Range;

/// What a highlighted range means; the theme maps each to a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// A TAGS code.
    Tag,
    /// A portion marking, by level.
    Marking(crate::cable::Classification),
    /// A reference to another cable.
    Reference,
    /// A search hit.
    Hit,
    /// The current search hit.
    CurrentHit,
}

/// One highlighted byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: SpanKind,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when `text[range]` is not glued to letters or digits on either side.
fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let before = range.start == 0 || !is_word_byte(bytes[range.start - 1]);
    let after = range.end >= bytes.len() || !is_word_byte(bytes[range.end]);
    before && after
}

/// Whole-word, case-sensitive occurrences of the cable's TAGS codes.
pub fn tag_spans(text: &str, tags: &[String]) -> Vec<Span> {
    let mut out = Vec::new();
    for tag in tags.iter().filter(|t| t.len() >= 2) {
        for (at, _) in text.match_indices(tag.as_str()) {
            let range = at..at + tag.len();
            if whole_word(text, &range) {
                out.push(Span {
                    range,
                    kind: SpanKind::Tag,
                });
            }
        }
    }
    out
}

/// The level of a portion marking (`SBU`, `C`, `S/NF`, `U//FOUO`), if it is one.
pub fn marking_level(marking: &str) -> Option<Classification> {
    let head = marking
        .trim()
        .split(['/', ' ', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    match head.as_str() {
        "U" => Some(if marking.contains("FOUO") || marking.contains("SBU") {
            Classification::Sbu
        } else {
            Classification::Unclassified
        }),
        "SBU" | "FOUO" => Some(Classification::Sbu),
        "C" => Some(Classification::Confidential),
        "S" | "TS" => Some(Classification::Secret),
        _ => None,
    }
}

/// Parenthesised portion markings in running text: `(SBU)`, `(C)`, `(S/NF)`.
pub fn marking_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        let rest = &text[open + 1..];
        let Some(close) = rest.find(')') else {
            continue;
        };
        if close == 0 || close > 10 {
            continue;
        }
        let inner = &rest[..close];
        if !inner.bytes().all(|b| b.is_ascii_uppercase() || b == b'/') {
            continue;
        }
        if let Some(level) = marking_level(inner) {
            out.push(Span {
                range: open..open + close + 2,
                kind: SpanKind::Marking(level),
            });
        }
    }
    out
}

/// Cable ids in running text (`09STATE59732`, `06DUSHANBE50`): two digits, capitals, digits.
pub fn reference_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < bytes.len() {
        let starts_word = i == 0 || !is_word_byte(bytes[i - 1]);
        if starts_word && bytes[i].is_ascii_digit() && bytes[i + 1].is_ascii_digit() {
            let mut j = i + 2;
            while j < bytes.len() && bytes[j].is_ascii_uppercase() {
                j += 1;
            }
            let letters = j - i - 2;
            let digits_start = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let range = i..j;
            if letters >= 3 && j > digits_start && whole_word(text, &range) {
                out.push(Span {
                    range,
                    kind: SpanKind::Reference,
                });
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// ASCII case-insensitive occurrences of `query` (empty query: none).
pub fn hit_spans(text: &str, query: &str) -> Vec<Span> {
    if query.is_empty() {
        return Vec::new();
    }
    let hay = text.to_ascii_lowercase();
    let needle = query.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay.get(from..).and_then(|h| h.find(&needle)) {
        let start = from + at;
        out.push(Span {
            range: start..start + needle.len(),
            kind: SpanKind::Hit,
        });
        from = start + needle.len().max(1);
    }
    out
}

/// What a search typed by a user looks for in one cable: each `"quoted phrase"` and each
/// other word, lower-cased; the keyword index's filters (`tag:KTIP`, `year:2009`...), `OR`
/// and `-excluded` words are not text to find, and a trailing `*` (prefix) is dropped.
pub fn search_needles(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
            if !phrase.is_empty() {
                out.push(phrase.to_ascii_lowercase());
            }
            continue;
        }
        for word in part.split_whitespace() {
            let is_filter = word.split_once(':').is_some_and(|(field, _)| {
                !field.is_empty() && field.chars().all(char::is_alphabetic)
            });
            if is_filter || word == "OR" || word.starts_with('-') {
                continue;
            }
            let word = word.trim_end_matches('*');
            if !word.is_empty() {
                out.push(word.to_ascii_lowercase());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Occurrences of any of `needles` (see [`search_needles`]), in order, none overlapping.
pub fn hits_of_any(text: &str, needles: &[String]) -> Vec<Span> {
    let mut all: Vec<Span> = needles.iter().flat_map(|n| hit_spans(text, n)).collect();
    all.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for span in all {
        if out
            .last()
            .is_none_or(|last| span.range.start >= last.range.end)
        {
            out.push(span);
        }
    }
    out
}

/// Tags, markings and references of one paragraph, ordered by start.
pub fn paragraph_spans(text: &str, tags: &[String]) -> Vec<Span> {
    let mut out = tag_spans(text, tags);
    out.extend(marking_spans(text));
    out.extend(reference_spans(text));
    out.sort_by_key(|s| (s.range.start, s.range.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.range.clone()]).collect()
    }

    #[test]
    fn a_user_query_looks_for_its_words_and_phrases_not_its_filters() {
        assert_eq!(
            search_needles(r#"tag:KTIP victim "Referral  Mechanism" -police traffick* OR x"#),
            ["referral mechanism", "traffick", "victim", "x"]
        );
        assert!(search_needles("tag:KTIP ref:09STATE1").is_empty());
        let t = "Victim referral: the referral mechanism helps victims";
        let needles = search_needles(r#"victim "referral mechanism""#);
        assert_eq!(
            texts(t, &hits_of_any(t, &needles)),
            ["Victim", "referral mechanism", "victim"]
        );
    }

    #[test]
    fn finds_tags_as_whole_words() {
        let t = "PHUM and KTIP, not PHUMX or TIP";
        let s = tag_spans(t, &["PHUM".into(), "KTIP".into(), "TIP".into()]);
        let mut found = texts(t, &s);
        found.sort();
        assert_eq!(found, ["KTIP", "PHUM", "TIP"]);
    }

    #[test]
    fn finds_markings_by_level() {
        let t = "(SBU) text (C) more (S/NF) and (Note) (U)";
        let s = marking_spans(t);
        let kinds: Vec<_> = s.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SpanKind::Marking(Classification::Sbu),
                SpanKind::Marking(Classification::Confidential),
                SpanKind::Marking(Classification::Secret),
                SpanKind::Marking(Classification::Unclassified),
            ]
        );
        assert_eq!(texts(t, &s)[2], "(S/NF)");
    }

    #[test]
    fn finds_references_and_hits() {
        let t = "see 09STATE59732 and 06DUSHANBE50; not 2009 or 1234ABC";
        assert_eq!(
            texts(t, &reference_spans(t)),
            ["09STATE59732", "06DUSHANBE50"]
        );
        let h = hit_spans("Tip, TIP and tip", "tip");
        assert_eq!(h.len(), 3);
        assert!(hit_spans("abc", "").is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["(", ")(", "(é)", "0", "00ÉÉÉ1", "((((SBU", "東京(C)"] {
            let _ = paragraph_spans(t, &["É".into(), "C".into()]);
            let _ = hit_spans(t, "é");
        }
    }
}
