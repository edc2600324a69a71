//! The palette's lists, built once per archive: cables, tags, origins, and generic items
//! (commands) handed in by the caller.
//!
//! Every list is a [`CandidateList`]: the position of a candidate in it is its identity
//! (for cables it is the archive index). What a row stands for beyond its text lives in a
//! parallel vector ([`TagEntry`], [`OriginEntry`], [`ListItem`]).

pub use super::lines::{Candidate, CandidateList};
#[cfg(test)]
use crate::archive::CableMeta;
use crate::archive::MetaView;
use rustc_hash::FxHashMap as HashMap;

/// Separator between the fields of a palette line.
pub const FIELD_SEPARATOR: &str = "  ";

/// The palette line of one cable: `id  subject  origin  TAG TAG`.
pub fn cable_line(meta: &impl MetaView) -> String {
    let mut line = String::new();
    cable_line_into(meta, &mut line);
    line
}

fn cable_line_into(meta: &impl MetaView, line: &mut String) {
    line.push_str(meta.id());
    for field in [meta.subject(), meta.origin()] {
        if !field.is_empty() {
            line.push_str(FIELD_SEPARATOR);
            line.push_str(field);
        }
    }
    for (i, tag) in meta.tags().enumerate() {
        line.push_str(if i == 0 { FIELD_SEPARATOR } else { " " });
        line.push_str(tag);
    }
}

/// One candidate per cable, in archive order (candidate `i` is `Archive::meta(i)`).
pub fn cable_list<M: MetaView>(metas: impl IntoIterator<Item = M>) -> CandidateList {
    let mut list = CandidateList::new();
    let mut line = String::new();
    for meta in metas {
        line.clear();
        cable_line_into(&meta, &mut line);
        let rank = meta.date().map_or(0, |d| d.sort_key());
        list.push(&line, meta.id().chars().count(), rank);
    }
    list.shrink_to_fit();
    list
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
pub fn tag_list<M: MetaView>(metas: impl IntoIterator<Item = M>) -> (CandidateList, Vec<TagEntry>) {
    let mut counts = Counts::default();
    for meta in metas {
        for tag in meta.tags() {
            counts.add(tag);
        }
    }
    let entries: Vec<TagEntry> = counts
        .most_first()
        .into_iter()
        .map(|(code, count)| TagEntry {
            meaning: crate::cable::tags::meaning(&code),
            code,
            count,
        })
        .collect();
    let mut list = CandidateList::new();
    for e in &entries {
        let text = match e.meaning {
            Some(m) => format!("{}{FIELD_SEPARATOR}{m}", e.code),
            None => e.code.clone(),
        };
        list.push(&text, e.code.chars().count(), rank_of(e.count));
    }
    (list, entries)
}

/// A sending post and how many cables it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginEntry {
    pub origin: String,
    pub count: usize,
}

/// Every origin of the archive, most prolific first, and its candidate list.
pub fn origin_list<M: MetaView>(
    metas: impl IntoIterator<Item = M>,
) -> (CandidateList, Vec<OriginEntry>) {
    let mut counts = Counts::default();
    for meta in metas {
        let origin = meta.origin();
        if !origin.is_empty() {
            counts.add(origin);
        }
    }
    let entries: Vec<OriginEntry> = counts
        .most_first()
        .into_iter()
        .map(|(origin, count)| OriginEntry { origin, count })
        .collect();
    let list = entries
        .iter()
        .map(|e| {
            (
                e.origin.as_str(),
                e.origin.chars().count(),
                rank_of(e.count),
            )
        })
        .collect();
    (list, entries)
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
    let mut list = CandidateList::new();
    for (i, item) in items.iter().enumerate() {
        let text = if item.description.is_empty() {
            item.name.clone()
        } else {
            format!("{}{FIELD_SEPARATOR}{}", item.name, item.description)
        };
        list.push(&text, item.name.chars().count(), rank_of(n - i));
    }
    list
}

fn rank_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Distinct values with their counts (a value is copied once, when first seen).
#[derive(Default)]
struct Counts(HashMap<String, usize>);

impl Counts {
    fn add(&mut self, value: &str) {
        match self.0.get_mut(value) {
            Some(n) => *n += 1,
            None => {
                self.0.insert(value.to_string(), 1);
            }
        }
    }

    /// The values, most frequent first, then alphabetical.
    fn most_first(self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = self.0.into_iter().collect();
        counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }
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
        let c = list.get(0).expect("one line");
        assert_eq!(c.display(), "09X1  SUBJ  Embassy X  KTIP PHUM");
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
            list.get(0).map(|c| c.display()).as_deref(),
            Some("KTIP  Trafficking in Persons")
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
        let list: CandidateList = [("Bogotá  ÉTÉ", 6, 0), ("ASCII", 99, 1)]
            .into_iter()
            .collect();
        let c = list.get(0).expect("first");
        assert_eq!(c.key().to_string(), "Bogotá");
        assert_eq!(c.text.len(), 11);
        assert_eq!(
            list.get(1).map(|c| c.key_len),
            Some(5),
            "key clamped to the text"
        );
        assert!(list.get(2).is_none());
    }
}
