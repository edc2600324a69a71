//! What a cable is: the structured form of one diplomatic cable, parsed from its raw text.
//!
//! The parser ([`parse`]) never fails: whatever could be read is returned, and what could not
//! is recorded in [`Cable::warnings`]. Text is sanitized on the way in (see [`sanitize`]), so
//! nothing in a `Cable` can reach a terminal as a control sequence.
//!
//! # The pipeline
//!
//! [`parse`] runs these stages in order, one folder (or module) each:
//!
//! 1. **Text** (`text/`): [`sanitize::sanitize`] takes control, bidi and zero-width
//!    characters out (bytes are decoded first, by [`sanitize::decode`] in [`parse_bytes`]);
//!    [`relines`] puts back the line breaks a dump collapsed. `text/` also holds the line
//!    tools of the later stages (line splitting, conversion marks, page-break furniture).
//! 2. **Header** (`header/`): [`header::parse_header`] reads the routing lines, the date-time
//!    group ([`dtg`]), FM/TO/INFO, the classification line and its caveats, TAGS, SUBJECT,
//!    REF and `Classified By`, one reader per kind of line, and finds where the body starts.
//! 3. **Id and origin** (here, with `header::origin`): the post from the FM line, else from
//!    the classification line; the id from its origin, serial and year; a record dump's id
//!    where the lines gave none.
//! 4. **References** ([`refs`]): the REF block to canonical ids.
//! 5. **Signer** ([`signer`]): the name at the end, cut off the body.
//! 6. **Body** ([`body`]): page furniture, banners and repeated headers out, blocks split at
//!    blank lines and labels, labels repaired against the running sequence, sentences cut by a
//!    page break rejoined, conversion residue repaired: [`Paragraph`]s.
//! 7. **Checks** (here): the level from the routing line or the paragraph markings when the
//!    classification line is missing, warnings, the id's grammar ([`ids`]), and a last
//!    [`sanitize::sanitize_cable`] over every field.
//!
//! The tables the rules read (country codes, TAGS typos and person tags, REF origin aliases,
//! the TAGS dictionary [`tags`]) are in `data/`. Beside the pipeline: [`ids`] (the id grammar,
//! also for the archive and the CLI), [`quality`] (reading defects, for the corpus tools) and
//! [`spans`] (highlight spans, for the TUI).
//!
//! ```
//! use cables::cable::{self, Classification};
//!
//! let (name, text) = cables::archive::DEMO[0];
//! assert_eq!(name, "09DUSHANBE1319.txt");
//! let c = cable::parse(text);
//! assert_eq!(c.id, "09DUSHANBE1319");
//! assert_eq!(c.origin, "Embassy Dushanbe");
//! assert_eq!(c.classification, Classification::Sbu);
//! assert!(c.tags.iter().any(|t| t == "KTIP"));
//! assert_eq!(c.paragraphs.len(), 11);
//! assert_eq!(c.paragraphs[0].marking.as_deref(), Some("SBU"));
//! assert_eq!(c.signer.as_deref(), Some("QUAST"));
//! ```

pub mod body;
pub(crate) mod data;
pub mod header;
pub mod ids;
pub mod quality;
pub mod spans;
pub(crate) mod text;

// The stages' public modules, at the paths they have always had (`cable::sanitize`, ...).
pub use body::signer;
pub use data::tags;
pub use header::{dtg, refs};
pub use text::{relines, sanitize};
// Read by `citation` (the post in a citation).
pub(crate) use header::origin;

use body::residue;

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
    /// Who classified the cable and why, from its `Classified By:` line, without the label
    /// (`DCM Richard LeBaron for reasons 1.4 b, d`); empty when the text has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub classified_by: String,
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
    /// Saturates for years past 7169 (only a corrupt date has one).
    pub fn sort_key(&self) -> u32 {
        let minutes = ((((u64::from(self.year)) * 13 + u64::from(self.month)) * 32
            + u64::from(self.day))
            * 24
            + u64::from(self.hour))
            * 60
            + u64::from(self.minute);
        u32::try_from(minutes).unwrap_or(u32::MAX)
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

impl Paragraph {
    /// What the reader shows before the text: the label and the portion marking (`5. (C) `).
    pub fn lead(&self) -> String {
        let mut lead = String::new();
        if let Some(l) = &self.label {
            lead.push_str(l);
            lead.push_str(". ");
        }
        if let Some(m) = &self.marking {
            lead.push('(');
            lead.push_str(m);
            lead.push_str(") ");
        }
        lead
    }
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

/// Version of the parser's output: raise it whenever a change alters what `parse` returns
/// for some text, so caches built by an older parser are rebuilt.
/// 9: `POL` ends a multi-word tag (`POL MIL` -> `POL`, `MIL`, as the site links them).
/// 10: reading quality (issue 13): `1.(C)`, `1.Word` and `¶1.` after a REF or Classified By
/// line are paragraphs, no longer lost in the header; a line between TAGS and SUBJECT stays in
/// the header; page-break markers inside a line are cut out.
/// 11: every field sanitized as the last step (entities decoded into controls no longer
/// survive); ids outside the id grammar dropped.
/// 12: both of the above together (the two landed on separate branches).
/// 13: conversion residue repaired (issue 13): words hyphenated at a line end joined, CSV-doubled
/// quotes undone, a continuation mark after the signer dropped; an FM line alone no longer makes a
/// text a cable (`looks_like_cable`): a one-line file starting with `FM` is no longer listed; an
/// embedded record dump (`id:` ... `header ends`) is left out of the paragraphs.
/// 14: reading quality, third round (issue 13): `(U) Classified by ...` is a header line; the
/// `Classified By` text is kept (`Cable::classified_by`); a header repeated inside the body
/// (a site page's preview then the whole cable, each section's header) is left out, and the
/// preview it follows gives way to the full text.
/// 15: reading quality, fourth round (issue 13): site and cables.csv rows pasted before a
/// copy of the cable are left out; a dump's TAGS/SUBJECT above the cable's classification line
/// no longer end the header; page-break markers, `TO LONDON`, `Classified  By`, a REF item's
/// closing parenthesis, a reason after a blank line and a quoted marking above TAGS stay in the
/// header; a continuation mark at a line end is dropped; `NOFORN, NOT FOR INTERNET
/// DISTRIBUTION` and caveats glued into one word (`SIPDISNOFORN`) are read.
pub const PARSER_VERSION: u32 = 15;

/// Parse one cable text. Never fails and never panics; see [`Cable::warnings`].
pub fn parse(text: &str) -> Cable {
    let clean = sanitize::sanitize(text);
    let clean = clean.strip_prefix('\u{FEFF}').unwrap_or(&clean);
    let relined = relines::restore_line_breaks(clean);
    let clean: &str = &relined;
    let h = header::parse_header(clean);
    let mut cable = h.cable;
    // Origin: the FM line first, else the origin written on the classification line.
    let fm_post = origin::from_fm(&cable.from);
    let class_post = h.class_origin.as_deref().map(origin::from_id_origin);
    cable.origin = fm_post
        .as_ref()
        .or(class_post.as_ref())
        .map(|p| p.human.clone())
        .unwrap_or_default();
    let id_origin = class_post
        .as_ref()
        .and_then(|p| p.id_form.clone())
        .or_else(|| fm_post.as_ref().and_then(|p| p.id_form.clone()));
    // `BUENOS AIRES 00167SIPDIS` with `DE RUEHBU #1673`: a digit lost on the classification line.
    let serial = match (h.class_serial, h.de_serial) {
        (Some(c), Some(d)) if d / 10 == c => Some(d),
        (c, d) => c.or(d),
    };
    if let (Some(o), Some(n)) = (id_origin, serial) {
        match cable.date {
            Some(d) => {
                cable.id = format!("{:02}{o}{n}", d.year % 100);
                cable.id_year = if h.date_from_date_line {
                    YearSource::Inferred
                } else {
                    YearSource::Dtg
                };
            }
            None => {
                cable.id = format!("{o}{n}");
                cable.id_year = YearSource::Unknown;
            }
        }
    }
    // A record dump inside the text names the cable: use it where the text's own lines did not
    // give a full id (the `DE #nnnn` serial is cut to four digits).
    if let Some(d) = &h.dump_id
        && (cable.id.is_empty() || cable.id_year != YearSource::Dtg || h.class_serial.is_none())
    {
        if h.class_serial.is_none() {
            cable.id.clear();
        }
        cable.apply_id_hint(d);
    }
    if cable.origin.is_empty()
        && let Some(o) = &h.dump_origin
    {
        cable.origin = o.clone();
    }
    if let Some(s) = residue::undouble_quotes(&cable.subject) {
        cable.subject = s;
    }
    let year = cable.date.map(|d| d.year);
    let self_id = (!cable.id.is_empty()).then_some(cable.id.as_str());
    cable.references = refs::parse_refs(&h.ref_block, year, self_id);
    let body = clean.get(h.body_start..).unwrap_or("");
    let body = match signer::find_signer(body) {
        Some((name, at)) => {
            cable.signer = Some(name);
            body.get(..at).unwrap_or(body)
        }
        None => body,
    };
    let body = body::parse_body_in(
        body,
        h.class_origin.as_deref().unwrap_or(""),
        h.class_serial,
    );
    cable.paragraphs = body.paragraphs;
    if !h.stray.is_empty() {
        // Lines the header stepped over to reach its REF or `Classified By` line are shown
        // first, as they stood before the body.
        cable.paragraphs.insert(
            0,
            Paragraph {
                n: 0,
                label: None,
                marking: None,
                kind: ParagraphKind::Text,
                text: h.stray.join(" "),
            },
        );
        for (i, p) in cable.paragraphs.iter_mut().enumerate() {
            p.n = i as u32 + 1;
        }
    }
    if cable.classified_by.is_empty()
        && let Some(cb) = body.classified_by
    {
        cable.classified_by = cb;
    }
    if cable.classification == Classification::Unknown {
        let from_markings = cable
            .paragraphs
            .iter()
            .filter_map(|p| p.marking.as_deref())
            .filter_map(marking_level)
            .max();
        if let Some(level) = h.routing_level.or(from_markings) {
            cable.classification = level;
            cable.warnings.push(format!(
                "no classification line: {level} inferred from the {}",
                if h.routing_level.is_some() {
                    "routing line"
                } else {
                    "paragraph markings"
                }
            ));
        }
    }
    if h.items == 0 {
        cable.warnings.push(
            "no cable header found (no classification line, TAGS, SUBJECT or routing)".into(),
        );
    } else if cable.id.is_empty() {
        cable
            .warnings
            .push("no reference id: the text names no origin and serial".into());
    }
    if !cable.id.is_empty() && !ids::is_valid_id(&cable.id) {
        cable.warnings.push(format!(
            "the id read from the text, \"{}\", is not a reference id and was dropped",
            ids::shown(&cable.id)
        ));
        cable.id.clear();
    }
    // Last: whatever a rule above decoded (entities in a subject...), nothing unsafe stays.
    sanitize::sanitize_cable(&mut cable);
    cable
}

/// The references of a text's REF block, for a citing cable of `year` (full or two-digit)
/// whose own id is `self_id`: the header scan and REF rules of [`parse`], with the year given.
pub fn references_in(text: &str, year: Option<u16>, self_id: Option<&str>) -> Vec<String> {
    let clean = sanitize::sanitize(text);
    let h = header::parse_header(&clean);
    refs::parse_refs(&h.ref_block, year, self_id)
}

/// The level a portion marking stands for: `C`, `S/NF`, `SBU`, `U//FOUO`.
fn marking_level(m: &str) -> Option<Classification> {
    let head = m.split(['/', ' ', '-']).next().unwrap_or(m);
    Some(match head {
        "S" | "TS" | "SECRET" => Classification::Secret,
        "C" | "CONFIDENTIAL" => Classification::Confidential,
        "SBU" | "LOU" | "FOUO" => Classification::Sbu,
        "U" | "UNCLASSIFIED" if m.contains("FOUO") => Classification::Sbu,
        "U" | "UNCLASSIFIED" => Classification::Unclassified,
        _ => return None,
    })
}

/// Parse raw bytes (any encoding) as a cable; invalid UTF-8 is decoded as Windows-1252.
pub fn parse_bytes(bytes: &[u8]) -> Cable {
    parse(&sanitize::decode(bytes))
}

impl Cable {
    /// True when the text shows what makes a cable: a date-time group, routing (an FM line
    /// naming a post, or with recipients) or a partial-extract note, or at least two of an FM
    /// line, a classification line, caveats (SIPDIS...), TAGS codes, a SUBJECT, a signer and
    /// marked paragraphs (`1. (C)`). One of these alone is what a note or a README about
    /// cables shows too, and a file's name alone never makes a cable.
    pub fn looks_like_cable(&self) -> bool {
        // An FM line names a sender (a post, or recipients follow); `FM CALMY-REY "TAKES
        // NOTE"...`, a subject line alone in a file, is one piece of evidence, no more.
        let routed = !self.from.is_empty() && (!self.origin.is_empty() || !self.to.is_empty());
        if self.date.is_some() || routed || self.partial.is_some() {
            return true;
        }
        let tag_like = |t: &String| {
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || " /-&.,'".contains(c))
        };
        let evidence = [
            !self.from.is_empty(),
            !self.classification_raw.is_empty(),
            !self.caveats.is_empty(),
            self.tags.iter().any(tag_like),
            !self.subject.is_empty(),
            self.signer.is_some(),
            self.paragraphs
                .iter()
                .any(|p| p.label.is_some() && p.marking.is_some()),
        ];
        evidence.iter().filter(|&&e| e).count() >= 2
    }

    /// Take the year of the id from a canonical id known from outside the text (a file name
    /// like `06DUSHANBE50.txt`, a CSV column, a site page's table).
    ///
    /// When the hint's origin and serial agree with the parsed id, its year is taken and
    /// `id_year` becomes `Metadata`; when the text gave no id, the hint becomes the id; when
    /// they disagree, the parsed id stays and a warning says so.
    pub fn apply_id_hint(&mut self, hint: &str) {
        let hint = hint.trim();
        let hint = hint
            .rsplit(['/', '\\', ':'])
            .next()
            .unwrap_or(hint)
            .trim_end_matches(".txt")
            .trim_end_matches(".html");
        let hint = ids::repair_id(hint);
        let Some((yy, rest)) = split_canonical(hint) else {
            return;
        };
        let parsed_rest = match split_canonical(&self.id) {
            Some((_, r)) => r.to_string(),
            None => self.id.to_ascii_uppercase(),
        };
        if self.id.is_empty() {
            self.id = format!("{yy}{rest}");
            self.id_year = YearSource::Metadata;
        } else if parsed_rest == rest {
            if self.id_year != YearSource::Dtg {
                self.id = format!("{yy}{rest}");
                self.id_year = YearSource::Metadata;
            } else if !self.id.starts_with(yy) {
                self.warnings.push(format!(
                    "the source names this cable {hint}, but its date-time group gives {}",
                    self.id
                ));
            }
        } else {
            self.warnings.push(format!(
                "the source names this cable {hint}, but its text reads {}",
                self.id
            ));
        }
    }
}

/// `09DUSHANBE1319` -> (`09`, `DUSHANBE1319`), upper case; `None` if it is not of that shape.
fn split_canonical(id: &str) -> Option<(&str, String)> {
    let yy = id.get(..2)?;
    let rest = id.get(2..)?;
    let letters = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let ok = yy.bytes().all(|b| b.is_ascii_digit())
        && letters >= 2
        && rest.len() > letters
        && rest[letters..].bytes().all(|b| b.is_ascii_digit());
    ok.then(|| (yy, rest.to_ascii_uppercase()))
}
