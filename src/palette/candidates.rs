//! The lines the palette matches against, built once per archive and pre-converted to
//! nucleo's `Utf32String` (converting per keystroke costs up to 40% more matching time).
//!
//! Every list is a [`CandidateList`]: the position of a candidate in it is its identity
//! (for cables it is the archive index). What a row stands for beyond its text lives in a
//! parallel vector ([`TagEntry`], [`OriginEntry`], [`ListItem`]).

use crate::archive::CableMeta;
use nucleo_matcher::{Utf32Str, Utf32String};
use std::collections::HashMap;

/// One line to match.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The matched (and displayed) text; its first `key_len` chars are the key.
    pub text: Utf32String,
    /// Length in chars of the key at the start of `text` (cable id, tag code, command
    /// name, origin) that exact and prefix matches rank first.
    pub key_len: u32,
    /// Tie-breaker, larger first: the date for cables, the count for tags and origins.
    pub rank: u32,
}

impl Candidate {
    /// A candidate whose key is the start of `text`, `key_len` chars long.
    pub fn new(text: &str, key_len: usize, rank: u32) -> Candidate {
        let text = Utf32String::from(text);
        let key_len = key_len.min(text.len()) as u32;
        Candidate {
            text,
            key_len,
            rank,
        }
    }

    /// The text as nucleo sees it.
    pub fn haystack(&self) -> Utf32Str<'_> {
        self.text.slice(..)
    }

    /// The key part of the text.
    pub fn key(&self) -> Utf32Str<'_> {
        self.text.slice_u32(..self.key_len)
    }
}

/// A list of candidates, shared by the matcher thread and the UI.
#[derive(Debug, Clone, Default)]
pub struct CandidateList {
    pub items: Vec<Candidate>,
}

impl CandidateList {
    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Candidate `i`, if any.
    pub fn get(&self, i: u32) -> Option<&Candidate> {
        self.items.get(i as usize)
    }
}

/// Separator between the fields of a palette line.
pub const FIELD_SEPARATOR: &str = "  ";

/// The palette line of one cable: `id  subject  origin  TAG TAG`.
pub fn cable_line(meta: &CableMeta) -> String {
    let mut line = String::with_capacity(
        meta.id.len() + meta.subject.len() + meta.origin.len() + 6 * meta.tags.len() + 8,
    );
    line.push_str(&meta.id);
    for field in [&meta.subject, &meta.origin] {
        if !field.is_empty() {
            line.push_str(FIELD_SEPARATOR);
            line.push_str(field);
        }
    }
    if !meta.tags.is_empty() {
        line.push_str(FIELD_SEPARATOR);
        line.push_str(&meta.tags.join(" "));
    }
    line
}

/// One candidate per cable, in archive order (candidate `i` is `Archive::meta(i)`).
pub fn cable_list(metas: &[CableMeta]) -> CandidateList {
    let items = metas
        .iter()
        .map(|meta| {
            let line = cable_line(meta);
            let rank = meta.date.map_or(0, |d| d.sort_key());
            Candidate::new(&line, meta.id.chars().count(), rank)
        })
        .collect();
    CandidateList { items }
}

/// A TAGS code with its meaning and how many cables carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEntry {
    pub code: String,
    pub meaning: Option<&'static str>,
    pub count: usize,
}

/// Every tag of the archive, most used first, and its candidate list
/// (`CODE  meaning`).
pub fn tag_list(metas: &[CableMeta]) -> (CandidateList, Vec<TagEntry>) {
    let counts = count(metas.iter().flat_map(|m| m.tags.iter().map(String::as_str)));
    let entries: Vec<TagEntry> = counts
        .into_iter()
        .map(|(code, count)| TagEntry {
            meaning: crate::cable::tags::meaning(code),
            code: code.to_string(),
            count,
        })
        .collect();
    let items = entries
        .iter()
        .map(|e| {
            let text = match e.meaning {
                Some(m) => format!("{}{FIELD_SEPARATOR}{m}", e.code),
                None => e.code.clone(),
            };
            Candidate::new(&text, e.code.chars().count(), rank_of(e.count))
        })
        .collect();
    (CandidateList { items }, entries)
}

/// A sending post and how many cables it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginEntry {
    pub origin: String,
    pub count: usize,
}

/// Every origin of the archive, most prolific first, and its candidate list.
pub fn origin_list(metas: &[CableMeta]) -> (CandidateList, Vec<OriginEntry>) {
    let counts = count(
        metas
            .iter()
            .map(|m| m.origin.as_str())
            .filter(|o| !o.is_empty()),
    );
    let entries: Vec<OriginEntry> = counts
        .into_iter()
        .map(|(origin, count)| OriginEntry {
            origin: origin.to_string(),
            count,
        })
        .collect();
    let items = entries
        .iter()
        .map(|e| Candidate::new(&e.origin, e.origin.chars().count(), rank_of(e.count)))
        .collect();
    (CandidateList { items }, entries)
}

/// A generic palette row handed in by the caller, such as a command: its name, what it
/// does, and the key bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub name: String,
    pub description: String,
    pub key: Option<String>,
}

/// Candidates for generic items (`name  description`), ranked in the order given.
pub fn item_list(items: &[ListItem]) -> CandidateList {
    let n = items.len();
    let items = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = if item.description.is_empty() {
                item.name.clone()
            } else {
                format!("{}{FIELD_SEPARATOR}{}", item.name, item.description)
            };
            Candidate::new(&text, item.name.chars().count(), rank_of(n - i))
        })
        .collect();
    CandidateList { items }
}

fn rank_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Distinct values with their counts, most frequent first, then alphabetical.
fn count<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, subject: &str, origin: &str, tags: &[&str]) -> CableMeta {
        CableMeta {
            id: id.into(),
            date: None,
            classification: Default::default(),
            caveats: vec![],
            origin: origin.into(),
            subject: subject.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            source: String::new(),
        }
    }

    #[test]
    fn cable_lines_hold_every_field_and_the_id_is_the_key() {
        let list = cable_list(&[meta("09X1", "SUBJ", "Embassy X", &["KTIP", "PHUM"])]);
        let c = &list.items[0];
        assert_eq!(c.text.to_string(), "09X1  SUBJ  Embassy X  KTIP PHUM");
        assert_eq!(c.key().to_string(), "09X1");
    }

    #[test]
    fn tags_and_origins_are_counted_most_used_first() {
        let metas = [
            meta("A", "", "Embassy X", &["KTIP", "PHUM"]),
            meta("B", "", "Embassy Y", &["KTIP"]),
            meta("C", "", "Embassy Y", &[]),
        ];
        let (list, tags) = tag_list(&metas);
        assert_eq!(tags[0].code, "KTIP");
        assert_eq!(tags[0].count, 2);
        assert_eq!(tags[0].meaning, Some("Trafficking in Persons"));
        assert_eq!(
            list.items[0].text.to_string(),
            "KTIP  Trafficking in Persons"
        );
        let (_, origins) = origin_list(&metas);
        assert_eq!(
            origins,
            vec![
                OriginEntry {
                    origin: "Embassy Y".into(),
                    count: 2
                },
                OriginEntry {
                    origin: "Embassy X".into(),
                    count: 1
                },
            ]
        );
    }

    #[test]
    fn non_ascii_text_is_kept() {
        let c = Candidate::new("Bogotá  ÉTÉ", 6, 0);
        assert_eq!(c.key().to_string(), "Bogotá");
        assert_eq!(c.text.len(), 11);
    }
}
