//! What a cable is: the structured form of one diplomatic cable, parsed from its raw text.
//!
//! The parser (`parse`) never fails: whatever could be read is returned, and what could not
//! is recorded in [`Cable::warnings`]. Text is sanitized on the way in (see [`sanitize`]), so
//! nothing in a `Cable` can reach a terminal as a control sequence.

pub mod body;
pub mod header;
pub mod sanitize;
pub mod spans;
pub mod tags;

use serde::{Deserialize, Serialize};
use std::fmt;

/// One parsed cable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cable {
    /// Canonical reference id: two-digit year + origin + serial without leading zeros
    /// (`09DUSHANBE1319`). Without a known year it is origin + serial (`DUSHANBE50`).
    pub id: String,
    /// Where the year of `id` came from.
    pub id_year: YearSource,
    /// Date-time of the date-time group (`241050Z NOV 09`), UTC.
    pub date: Option<CableDate>,
    /// Precedence from the DTG line (`R`, `P`, `P R`, ...).
    pub precedence: Option<Precedence>,
    /// Sending post in the human form the cablegate site uses (`Embassy Dushanbe`).
    pub origin: String,
    /// The raw `FM` line (without `FM `).
    pub from: String,
    /// `TO` recipients, one per routing line.
    pub to: Vec<String>,
    /// `INFO` recipients, one per routing line.
    pub info: Vec<String>,
    /// Normalised classification level.
    pub classification: Classification,
    /// The classification line as written (`UNCLAS SECTION 01 OF 02 DUSHANBE 001319`).
    pub classification_raw: String,
    /// Handling caveats (`SENSITIVE`, `SIPDIS`, `NOFORN`, ...).
    pub caveats: Vec<String>,
    /// Number of sections (`SECTION 01 OF 12` -> 12).
    pub sections: Option<u32>,
    /// TAGS codes, canonical upper case, in order, no duplicates.
    pub tags: Vec<String>,
    /// Subject, joined to one line.
    pub subject: String,
    /// REF lines as canonical ids where possible, else as written.
    pub references: Vec<String>,
    /// Signer's name (`QUAST`).
    pub signer: Option<String>,
    /// The partial-extract note, when the record is one.
    pub partial: Option<String>,
    /// Body paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// What the parser could not read, in words for a user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Where the two-digit year of an id came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// From the date-time group.
    Dtg,
    /// From metadata of the source (CSV column, HTML table, file name).
    Metadata,
    /// Guessed from the text (years mentioned in it).
    Inferred,
    /// Not known: the id carries no year.
    #[default]
    Unknown,
}

/// A UTC date and time to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CableDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

impl CableDate {
    /// ISO date only: `2009-11-24`.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    /// Minutes since 1900-01-01, for compact storage and ordering (approximate calendar).
    pub fn sort_key(&self) -> u32 {
        ((((self.year as u32) * 13 + self.month as u32) * 32 + self.day as u32) * 24
            + self.hour as u32)
            * 60
            + self.minute as u32
    }
    /// Parse `2009-11-24T10:50Z`, `2009-11-24 10:50` or `2009-11-24`.
    pub fn parse_iso(s: &str) -> Option<CableDate> {
        let s = s.trim().trim_end_matches('Z');
        let (d, t) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let mut dp = d.split('-');
        let year = dp.next()?.parse().ok()?;
        let month = dp.next()?.parse().ok()?;
        let day = dp.next()?.parse().ok()?;
        let (hour, minute) = match t {
            Some(t) => {
                let mut tp = t.split(':');
                (tp.next()?.parse().ok()?, tp.next()?.parse().ok()?)
            }
            None => (0, 0),
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        Some(CableDate {
            year,
            month,
            day,
            hour,
            minute,
        })
    }
}

impl fmt::Display for CableDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

impl Serialize for CableDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CableDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CableDate::parse_iso(&s).ok_or_else(|| serde::de::Error::custom("bad date"))
    }
}

/// Precedence of a cable, from the DTG line: one letter for action, optionally a second for info.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Precedence {
    /// As written: `R`, `P`, `P R`, `O`, `Z`.
    pub code: String,
    /// Names: `ROUTINE`, `PRIORITY`, `PRIORITY / ROUTINE`.
    pub name: String,
}

/// Classification level, ordered from least to most restricted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Classification {
    #[default]
    #[serde(rename = "UNKNOWN")]
    Unknown,
    #[serde(rename = "UNCLASSIFIED")]
    Unclassified,
    /// Sensitive but unclassified / for official use only.
    #[serde(rename = "UNCLASSIFIED//SBU")]
    Sbu,
    #[serde(rename = "CONFIDENTIAL")]
    Confidential,
    #[serde(rename = "SECRET")]
    Secret,
}

impl Classification {
    /// Every level, least restricted first.
    pub const ALL: [Classification; 5] = [
        Classification::Unknown,
        Classification::Unclassified,
        Classification::Sbu,
        Classification::Confidential,
        Classification::Secret,
    ];
    /// The canonical written form.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Unknown => "UNKNOWN",
            Classification::Unclassified => "UNCLASSIFIED",
            Classification::Sbu => "UNCLASSIFIED//SBU",
            Classification::Confidential => "CONFIDENTIAL",
            Classification::Secret => "SECRET",
        }
    }
    /// A short form for narrow columns: `U`, `SBU`, `C`, `S`, `?`.
    pub fn short(self) -> &'static str {
        match self {
            Classification::Unknown => "?",
            Classification::Unclassified => "U",
            Classification::Sbu => "SBU",
            Classification::Confidential => "C",
            Classification::Secret => "S",
        }
    }
    /// Parse a user's or a source's spelling (`secret`, `S`, `UNCLASSIFIED//FOR OFFICIAL USE ONLY`).
    pub fn from_name(s: &str) -> Option<Classification> {
        let u = s.trim().to_ascii_uppercase();
        let u = u.as_str();
        Some(if u.starts_with("SECRET") || u == "S" {
            Classification::Secret
        } else if u.starts_with("CONFIDENTIAL") || u == "C" {
            Classification::Confidential
        } else if u.contains("SBU") || u.contains("FOUO") || u.contains("OFFICIAL USE") {
            Classification::Sbu
        } else if u.starts_with("UNCLAS") || u == "U" {
            Classification::Unclassified
        } else {
            return None;
        })
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One paragraph of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Ordinal in the cable, from 1.
    pub n: u32,
    /// The cable's own label (`5`, `A`), repaired where conversions mangled it.
    pub label: Option<String>,
    /// Portion marking (`SBU`, `U`, `C`, `S/NF`), without parentheses.
    pub marking: Option<String>,
    /// What kind of block this is.
    pub kind: ParagraphKind,
    /// Reflowed text, one clean string.
    pub text: String,
}

/// Kind of a body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// A numbered or lettered paragraph (`¶5.`, `A.`).
    Numbered,
    /// A heading line (`PARAGRAPH 27: Investigation and Prosecution`, `Prosecution`).
    Heading,
    /// Plain text without a label.
    Text,
}

/// Parse one cable text. Never fails and never panics; see [`Cable::warnings`].
pub fn parse(text: &str) -> Cable {
    let clean = sanitize::sanitize(text);
    let mut cable = header::parse_header(&clean);
    cable.paragraphs = body::parse_body(&clean);
    cable
}

/// Parse raw bytes (any encoding) as a cable; invalid UTF-8 is decoded as Windows-1252.
pub fn parse_bytes(bytes: &[u8]) -> Cable {
    parse(&sanitize::decode(bytes))
}
