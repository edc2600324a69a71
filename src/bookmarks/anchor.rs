//! Where a bookmark points, and finding that paragraph again after the text or the parser
//! changed: same ordinal and fingerprint; else the paragraph with the fingerprint; else the
//! label; else the bookmark is orphaned (kept and shown, never dropped).

use crate::cable::{Cable, Paragraph};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::Hasher;

/// How many characters of normalised text the fingerprint covers.
const FINGERPRINT_CHARS: usize = 200;
/// How many characters of the paragraph are kept for display.
const FIRST_WORDS_CHARS: usize = 80;

/// The address of a bookmarked paragraph, with enough of its text to find it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The cable's reference id.
    pub cable: String,
    /// Paragraph ordinal (`Paragraph::n`) when the bookmark was made.
    pub paragraph: u32,
    /// The paragraph's own label (`5`, `A`), if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Fingerprint of the paragraph's normalised text.
    pub fingerprint: Fingerprint,
    /// The first words of the paragraph, for display (and for orphans, the only trace left).
    #[serde(default)]
    pub first_words: String,
}

impl Anchor {
    /// The anchor of `paragraph` in cable `cable_id`.
    pub fn of(cable_id: &str, paragraph: &Paragraph) -> Anchor {
        Anchor {
            cable: cable_id.to_string(),
            paragraph: paragraph.n,
            label: paragraph.label.clone(),
            fingerprint: Fingerprint::of(&paragraph.text),
            first_words: first_words(&paragraph.text),
        }
    }

    /// `¶5` for a labelled paragraph, `¶#3` (the ordinal) for one without a label.
    pub fn paragraph_ref(&self) -> String {
        paragraph_ref(self.label.as_deref(), self.paragraph)
    }

    pub(crate) fn sanitized(mut self) -> Anchor {
        self.cable = super::clean_line(&self.cable);
        self.label = self.label.map(|l| super::clean_line(&l));
        self.first_words = super::clean_line(&self.first_words);
        self
    }
}

/// `¶5` for a labelled paragraph, `¶#3` (the ordinal) for one without a label.
pub fn paragraph_ref(label: Option<&str>, ordinal: u32) -> String {
    match label {
        Some(l) if !l.is_empty() => format!("¶{l}"),
        _ => format!("¶#{ordinal}"),
    }
}

/// A short, stable fingerprint of a paragraph's text: FNV-1a (64 bit) over the first 200
/// letters and digits, lower-cased, after any leading label or portion marking (`5.`, `(C)`).
/// Reflowing, punctuation, case and label repairs do not change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// The fingerprint of `text`.
    pub fn of(text: &str) -> Fingerprint {
        let mut hasher = fnv::FnvHasher::default();
        let mut buf = [0u8; 4];
        for c in normalised_chars(text).take(FINGERPRINT_CHARS) {
            hasher.write(c.encode_utf8(&mut buf).as_bytes());
        }
        Fingerprint(hasher.finish())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        u64::from_str_radix(&s, 16)
            .map(Fingerprint)
            .map_err(|_| serde::de::Error::custom(format!("not a fingerprint: {s:?}")))
    }
}

/// Letters and digits of `text`, lower-cased, after leading label and marking tokens.
fn normalised_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let body = skip_leading_labels(text);
    body.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// `text` without leading tokens such as `5.`, `A.`, `(C)`, `(SBU)`, `12)`, `¶3.`.
fn skip_leading_labels(text: &str) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..3 {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        if token.is_empty() || !is_label_token(token) {
            break;
        }
        rest = rest[end..].trim_start();
    }
    rest
}

fn is_label_token(token: &str) -> bool {
    let t = token.trim_start_matches('¶');
    if t.len() > 2 && t.starts_with('(') && t.ends_with(')') {
        let inner = &t[1..t.len() - 1];
        return inner.len() <= 6
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/' || c == '-');
    }
    let Some(core) = t.strip_suffix(['.', ')', ':']) else {
        return false;
    };
    let core = core.trim_start_matches('(');
    !core.is_empty()
        && core.len() <= 3
        && (core.chars().all(|c| c.is_ascii_digit())
            || (core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic())))
}

/// The first words of `text`, at most about 80 characters, cut at a word boundary.
pub fn first_words(text: &str) -> String {
    let clean = super::clean_line(text);
    if clean.chars().count() <= FIRST_WORDS_CHARS {
        return clean;
    }
    let mut out = String::new();
    for word in clean.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > FIRST_WORDS_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = clean.chars().take(FIRST_WORDS_CHARS).collect();
    }
    out.push('…');
    out
}

/// Where a bookmark's paragraph is in the current text of its cable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "found", content = "index")]
pub enum Location {
    /// Same ordinal, same text: index into `Cable::paragraphs`.
    Exact(usize),
    /// The text was found elsewhere (the paragraphs moved).
    Fingerprint(usize),
    /// Only the label matched: the text changed.
    Label(usize),
    /// Not found: the bookmark is kept and shown as orphaned.
    Orphaned,
}

impl Location {
    /// The index into `Cable::paragraphs`, unless orphaned.
    pub fn index(self) -> Option<usize> {
        match self {
            Location::Exact(i) | Location::Fingerprint(i) | Location::Label(i) => Some(i),
            Location::Orphaned => None,
        }
    }

    /// A word for lists: `exact`, `moved`, `text changed`, `orphaned`.
    pub fn describe(self) -> &'static str {
        match self {
            Location::Exact(_) => "exact",
            Location::Fingerprint(_) => "moved",
            Location::Label(_) => "text changed",
            Location::Orphaned => "orphaned",
        }
    }
}

/// Find `anchor`'s paragraph in `cable`. Ties go to the paragraph nearest the old ordinal.
pub fn locate(anchor: &Anchor, cable: &Cable) -> Location {
    let paragraphs = &cable.paragraphs;
    if let Some(i) = paragraphs.iter().position(|p| p.n == anchor.paragraph)
        && paragraphs
            .get(i)
            .is_some_and(|p| Fingerprint::of(&p.text) == anchor.fingerprint)
    {
        return Location::Exact(i);
    }
    let nearest = |matches: &dyn Fn(&Paragraph) -> bool| {
        paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| matches(p))
            .min_by_key(|(_, p)| p.n.abs_diff(anchor.paragraph))
            .map(|(i, _)| i)
    };
    if let Some(i) = nearest(&|p| Fingerprint::of(&p.text) == anchor.fingerprint) {
        return Location::Fingerprint(i);
    }
    if let Some(label) = anchor.label.as_deref().filter(|l| !l.is_empty())
        && let Some(i) = nearest(&|p| p.label.as_deref() == Some(label))
    {
        return Location::Label(i);
    }
    Location::Orphaned
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An anchor as a bookmarks file written by an earlier version holds it: its fingerprint
    /// must still be the one of the paragraph's text, or every saved bookmark would fall
    /// back to its label or be orphaned.
    #[test]
    fn fingerprints_match_those_in_existing_bookmarks_files() {
        let saved = r#"{"cable":"09STATE1234","paragraph":5,"label":"5",
            "fingerprint":"3c28c8935c4c3e1f","first_words":"The Ambassador met the Minister."}"#;
        let anchor: Anchor = serde_json::from_str(saved).expect("an anchor as saved");
        assert_eq!(
            Fingerprint::of("5. (C) The Ambassador met the Minister."),
            anchor.fingerprint
        );
        // Reflowed, re-cased and relabelled text keeps it.
        assert_eq!(
            Fingerprint::of("(SBU) the ambassador\nmet the minister"),
            anchor.fingerprint
        );
        assert_eq!(
            Fingerprint::of("Réunion des ministres").to_string(),
            "dc6ba55b35d92a0e"
        );
    }
}
