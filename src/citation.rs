//! One citation format for a cable or one of its paragraphs, used everywhere a cable is quoted
//! (bookmark exports, `cables export`):
//!
//! `Cable 09DUSHANBE1319, Embassy Dushanbe to Secretary of State, "TAJIK TIP COMMISSION:
//! EVOLVING DESPITE A SOVIET DINOSAUR", 24 November 2009, ¶4 (archive: cables.csv)`
//!
//! and the same as a BibTeX entry for reference managers ([`Citation::bibtex`]).

use crate::cable::{Cable, CableDate, origin};
use std::fmt::Write as _;

/// What a citation names. Parts that are unknown (an undated extract, a cable without
/// recipients) are left out of the text rather than guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The reference id (`09DUSHANBE1319`).
    pub id: String,
    /// The sending post, human form (`Embassy Dushanbe`).
    pub origin: String,
    /// The first addressee, human form where it can be told (`Secretary of State`).
    pub recipient: Option<String>,
    /// The subject line.
    pub subject: String,
    /// The date of the cable.
    pub date: Option<CableDate>,
    /// The paragraph cited: `¶4`, or `¶#7` for a paragraph without a label.
    pub paragraph: Option<String>,
    /// The archive the text was read from (a file or folder name, or `demo`).
    pub archive: Option<String>,
}

impl Citation {
    /// The citation of a whole cable.
    pub fn of(cable: &Cable) -> Citation {
        Citation {
            id: cable.id.clone(),
            origin: cable.origin.clone(),
            recipient: recipient(&cable.to),
            subject: cable.subject.clone(),
            date: cable.date,
            paragraph: None,
            archive: None,
        }
    }

    /// The same citation narrowed to paragraph `n` (its ordinal) with `label`, if it has one.
    pub fn paragraph(mut self, n: u32, label: Option<&str>) -> Citation {
        self.paragraph = Some(paragraph_ref(n, label));
        self
    }

    /// The same citation naming the archive it was read from: the last part of its path
    /// (`cables.csv`, not the server's `/srv/archives/cables.csv`).
    pub fn in_archive(mut self, name: &str) -> Citation {
        let short = std::path::Path::new(name.trim_end_matches('/'))
            .file_name()
            .map_or(name.to_string(), |n| n.to_string_lossy().into_owned());
        self.archive = (!short.is_empty()).then_some(short);
        self
    }

    /// The one-line text form (see the module's doc).
    pub fn text(&self) -> String {
        let mut line = format!("Cable {}", self.id);
        match (self.origin.is_empty(), &self.recipient) {
            (false, Some(to)) => {
                let _ = write!(line, ", {} to {to}", self.origin);
            }
            (false, None) => {
                let _ = write!(line, ", {}", self.origin);
            }
            (true, Some(to)) => {
                let _ = write!(line, ", to {to}");
            }
            (true, None) => {}
        }
        if !self.subject.is_empty() {
            let _ = write!(line, ", \"{}\"", self.subject);
        }
        if let Some(date) = self.date {
            let _ = write!(line, ", {}", long_date(date));
        }
        if let Some(p) = &self.paragraph {
            let _ = write!(line, ", {p}");
        }
        if let Some(archive) = &self.archive {
            let _ = write!(line, " (archive: {archive})");
        }
        line
    }

    /// A BibTeX `@misc` entry keyed by the id (`cable09DUSHANBE1319`), every value escaped
    /// for BibTeX; the post is the (corporate) author.
    pub fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = Vec::new();
        if !self.origin.is_empty() {
            // Double braces: a corporate author, not "Dushanbe, Embassy".
            fields.push(("author", format!("{{{}}}", bib(&self.origin))));
        }
        let title = if self.subject.is_empty() {
            format!("Cable {}", self.id)
        } else {
            self.subject.clone()
        };
        fields.push(("title", bib(&title)));
        let mut how = format!("Diplomatic cable {}", self.id);
        if let Some(to) = &self.recipient {
            let _ = write!(how, " to {to}");
        }
        fields.push(("howpublished", bib(&how)));
        if let Some(d) = self.date {
            fields.push(("year", d.year.to_string()));
            if let Some(month) = MONTHS.get(usize::from(d.month).wrapping_sub(1)) {
                fields.push(("month", bib(month)));
            }
            fields.push(("date", d.iso_date()));
        }
        let mut note = Vec::new();
        if let Some(p) = &self.paragraph {
            note.push(p.clone());
        }
        if let Some(a) = &self.archive {
            note.push(format!("archive: {a}"));
        }
        if !note.is_empty() {
            fields.push(("note", bib(&note.join("; "))));
        }
        let key: String = self
            .id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut entry = format!("@misc{{cable{key}");
        for (name, value) in fields {
            let _ = write!(entry, ",\n  {name} = {{{value}}}");
        }
        entry.push_str("\n}\n");
        entry
    }
}

/// `¶4` for a labelled paragraph, `¶#7` (its ordinal) for one without a label, `¶subject`
/// for the header (ordinal 0).
pub fn paragraph_ref(n: u32, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("¶{label}"),
        None if n == 0 => "¶subject".to_string(),
        None => format!("¶#{n}"),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `24 November 2009`.
pub fn long_date(date: CableDate) -> String {
    match MONTHS.get(usize::from(date.month).wrapping_sub(1)) {
        Some(month) => format!("{} {month} {}", date.day, date.year),
        None => date.iso_date(),
    }
}

/// The first addressee of a `TO` line in human form: `RUEHC/SECSTATE WASHDC 0929` is
/// `Secretary of State`, `AMEMBASSY DUSHANBE PRIORITY 0757` is `Embassy Dushanbe`. `None`
/// when there is none, or when it is not a post the parser knows (a collective, a military
/// address): a citation leaves out what it cannot name.
pub fn recipient(to: &[String]) -> Option<String> {
    let first = to.first()?;
    // Routing indicator before the slash; precedence words and the serial after the post.
    let post = first.rsplit_once('/').map_or(first.as_str(), |(_, p)| p);
    let words: Vec<&str> = post
        .split_whitespace()
        .take_while(|w| !is_routing_tail(w))
        .collect();
    origin::from_fm(&words.join(" ")).map(|p| p.human)
}

fn is_routing_tail(word: &str) -> bool {
    matches!(
        word,
        "IMMEDIATE" | "PRIORITY" | "ROUTINE" | "FLASH" | "NIACT" | "IMMEDIATEY"
    ) || word.bytes().all(|b| b.is_ascii_digit())
}

/// Escape text for a BibTeX value in braces.
fn bib(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_1319() -> Cable {
        let archive = crate::archive::Archive::demo();
        let i = archive.find("09DUSHANBE1319").expect("demo cable");
        archive.cable(i).expect("demo cable parses")
    }

    #[test]
    fn a_paragraph_is_cited_with_post_recipient_subject_date_and_label() {
        let cite = Citation::of(&demo_1319())
            .paragraph(4, Some("4"))
            .in_archive("demo");
        assert_eq!(
            cite.text(),
            "Cable 09DUSHANBE1319, Embassy Dushanbe to Secretary of State, \
             \"TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR\", 24 November 2009, \
             ¶4 (archive: demo)"
        );
    }

    #[test]
    fn unknown_parts_are_left_out() {
        let cite = Citation {
            id: "06DUSHANBE50".into(),
            origin: "Embassy Dushanbe".into(),
            recipient: None,
            subject: String::new(),
            date: None,
            paragraph: Some(paragraph_ref(3, None)),
            archive: None,
        };
        assert_eq!(cite.text(), "Cable 06DUSHANBE50, Embassy Dushanbe, ¶#3");
    }

    #[test]
    fn recipients_are_named_as_posts() {
        let to = |s: &str| recipient(&[s.to_string()]);
        assert_eq!(
            to("RUEHC/SECSTATE WASHDC 0929").as_deref(),
            Some("Secretary of State")
        );
        assert_eq!(
            to("AMEMBASSY DUSHANBE PRIORITY 0757").as_deref(),
            Some("Embassy Dushanbe")
        );
        assert_eq!(to("RUCNCIS/CIS COLLECTIVE"), None);
        assert_eq!(recipient(&[]), None);
    }

    #[test]
    fn bibtex_escapes_and_keys_by_id() {
        let mut cite = Citation::of(&demo_1319()).paragraph(4, Some("4"));
        cite.subject = "50% & {more}_x".into();
        let entry = cite.bibtex();
        assert!(entry.starts_with("@misc{cable09DUSHANBE1319,\n"), "{entry}");
        assert!(entry.contains("  author = {{Embassy Dushanbe}}"), "{entry}");
        assert!(
            entry.contains("  title = {50\\% \\& \\{more\\}\\_x}"),
            "{entry}"
        );
        assert!(entry.contains("  year = {2009}"), "{entry}");
        assert!(entry.contains("  month = {November}"), "{entry}");
        assert!(entry.contains("  note = {¶4}"), "{entry}");
        assert!(entry.ends_with("\n}\n"), "{entry}");
    }
}
