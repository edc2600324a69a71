//! The cable's header: routing lines, date-time group, FM/TO/INFO, classification line,
//! caveats, TAGS, SUBJECT, REF, and where the body starts.
//!
//! [`parse_header`] reads the first lines; each kind of header line has
//! its reader: `lines` (what a line is: page break, banner, caveat line, field label, paragraph
//! start, routing line), `classline` (the classification line), [`dtg`] (the date-time group),
//! `tagline` (TAGS), [`refs`] (REF items to canonical ids), and `origin` (the sending post,
//! from the FM line or the classification line; used by `parse` after the scan).

pub(crate) mod classline;
pub mod dtg;
pub(crate) mod lines;
pub(crate) mod origin;
pub mod refs;
pub(crate) mod tagline;

use super::Cable;
use crate::cable::text::markup;
use lines::*;

pub use lines::{
    is_banner, is_page_break, is_paragraph_start, strip_ref_label, strip_subject_label,
};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// What the header scan found, with the raw parts the id is built from.
#[derive(Debug, Default)]
pub struct Header {
    /// The fields read so far (id, origin and references are completed by the caller).
    pub cable: Cable,
    /// Byte offset of the first body line.
    pub body_start: usize,
    /// Origin as written on the classification line (`THE HAGUE`).
    pub class_origin: Option<String>,
    /// Serial on the classification line.
    pub class_serial: Option<u32>,
    /// Serial on the `DE RUEHDBU #1319/01` line.
    pub de_serial: Option<u32>,
    /// The REF block, lines joined.
    pub ref_block: String,
    /// True when the date came from the date line of an edited text, not a DTG.
    pub date_from_date_line: bool,
    /// The level the `ZNY CCCCC` routing line gives, for texts without a classification line.
    pub routing_level: Option<crate::cable::Classification>,
    /// A canonical id written in a record dump inside the text (`refid: 04BOGOTA2313`, the
    /// id column of a pasted CSV row).
    pub dump_id: Option<String>,
    /// The origin column of such a dump (`Embassy Bogota`).
    pub dump_origin: Option<String>,
    /// Number of header items recognised (routing, classification, TAGS, SUBJECT...).
    pub items: u32,
    /// Lines inside the header that are no field (`PHUM,PREL,LY` above the REF line).
    pub stray: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    To,
    Info,
    InfoLog,
    Tags,
    Subject,
    Ref,
    RefGap,
    ClassifiedBy,
}

/// At most this many lines are read as header before the body is assumed to start.
const MAX_HEADER_LINES: usize = 250;

/// The partial-extract note some records carry instead of a routing header.
pub const PARTIAL_NOTE: &str = "This record is a partial extract of the original cable";

/// Read the header of a sanitized cable text.
pub fn parse_header(text: &str) -> Header {
    let mut h = Header::default();
    let mut field = Field::None;
    let mut tags = String::new();
    let mut subject = String::new();
    let mut core_seen = false; // TAGS or SUBJECT seen: the next free line is the body
    // The length of the last line, when it was the subject's (a blank line may follow).
    let mut subject_tail: Option<usize> = None;
    // In the header of an e-mail that forwards the cable (`From:`, `Sent:`, `Subject:`),
    // until its first blank line.
    let mut email = false;
    let mut last_end = 0;
    let mut body_start = None;
    let mut offset = 0;
    let mut upper_buf = String::new();
    for (n, raw) in split_lines(text).enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        let end = offset.min(text.len());
        if n >= MAX_HEADER_LINES {
            break;
        }
        let line = markup::clean_line(raw);
        let t = strip_dump_prefix(line.trim());
        // A markdown hard break: `BERN 1253 \`, or `\` alone on a line.
        let t = t.strip_suffix('\\').map_or(t, str::trim_end);
        if t.is_empty() {
            email = false;
            field = match field {
                Field::Subject if subject.is_empty() => Field::Subject,
                Field::Ref | Field::RefGap => Field::RefGap,
                // `CLASSIFIED BY: Gene A. Cretz, Ambassador, Embassy Tripoli,` / blank /
                // `Department of State. REASON: 1.4 (b), (d)`.
                Field::ClassifiedBy if classified_by_goes_on(&h.cable.classified_by) => {
                    Field::ClassifiedBy
                }
                _ => Field::None,
            };
            continue;
        }
        if is_page_break(t) || (h.cable.classification_raw.len() > 1 && is_banner(t)) {
            continue;
        }
        // `TRIPOLI 00000371 001.2 OF 002 CLASSIFIED BY: ...`: a page-break marker before a
        // header line. (Not in a REF line: a body glued to it is found by its spacing.)
        let cut;
        let marker_cut = || {
            crate::cable::text::pagebreak::cut_inline(t, h.class_origin.as_deref().unwrap_or(""))
                .filter(|_| strip_ref_label(t).is_none())
        };
        let t = match marker_cut() {
            Some(c) => {
                cut = c;
                cut.trim()
            }
            None => t,
        };
        let after_subject = subject_tail.take();
        if !core_seen {
            read_dump(&mut h, t);
        }
        let new_field = starts_field(t);
        let prev_field = field;
        match field {
            Field::Subject if !new_field => {
                subject.push(' ');
                subject.push_str(t);
                subject_tail = Some(t.len());
                last_end = end;
                continue;
            }
            Field::Tags
                if !new_field && (tags.trim_end().ends_with(',') || tagline::continues_list(t)) =>
            {
                let (list, subj) = split_inline_subject(t);
                tags.push(' ');
                tags.push_str(list);
                if let Some(s) = subj {
                    subject = s.to_string();
                    field = Field::Subject;
                    core_seen = true;
                }
                last_end = end;
                continue;
            }
            Field::Ref | Field::RefGap
                if next_ref_bullet(t, &h.ref_block)
                    || (!new_field || t.starts_with('¶') || t.starts_with('('))
                        && ref_continues(t, field == Field::RefGap, &h.ref_block)
                        && (!new_field
                            || !crate::cable::header::refs::parse_refs(t, Some(2000), None)
                                .is_empty()) =>
            {
                h.ref_block.push('\n');
                h.ref_block.push_str(t);
                field = Field::Ref;
                last_end = end;
                continue;
            }
            Field::To | Field::Info
                if !new_field && looks_like_routing(t) && classline::parse(t).is_none() =>
            {
                let list = if field == Field::To {
                    &mut h.cable.to
                } else {
                    &mut h.cable.info
                };
                list.push(t.to_string());
                continue;
            }
            Field::InfoLog if t.contains("-0") || t.starts_with('/') || t.starts_with('-') => {
                continue;
            }
            // A reason cut at a line end goes on (`1.4 (b) and (d).`); a long line or a dash
            // after it is the body (which was lost in the header before).
            Field::ClassifiedBy if !new_field && t.len() <= 72 && !t.starts_with('-') => {
                add_classified_by(&mut h.cable.classified_by, t);
                last_end = end;
                continue;
            }
            _ => field = Field::None,
        }
        // The line in upper case, in a buffer reused from line to line.
        let u: &str = if t.bytes().any(|b| b.is_ascii_lowercase()) {
            upper_buf.clear();
            upper_buf.push_str(t);
            upper_buf.make_ascii_uppercase();
            &upper_buf
        } else {
            t
        };
        if !core_seen && !h.cable.classification_raw.is_empty() && sensitive_glued(u) {
            classline::push_caveat(&mut h.cable.caveats, "SENSITIVE");
        }
        if !core_seen && n < 8 && u.starts_with("SENT:") {
            // `From: CBPC, EACTAPP [...]` was the e-mail's sender, not the cable's FM line.
            email = true;
            h.cable.from.clear();
            continue;
        }
        if t.starts_with(PARTIAL_NOTE) {
            h.cable.partial = Some(t.to_string());
            h.items += 1;
        } else if let Some(rest) = tagline::strip_label(t) {
            let (list, subj) = split_inline_subject(rest);
            if prev_field == Field::Tags && tags.trim_end().ends_with(',') {
                // `TAGS: EAID, ECON, BA, TAGS: EFIN`: the label repeated inside the list.
                tags.push(' ');
                tags.push_str(list);
            } else {
                tags = list.to_string();
            }
            field = Field::Tags;
            if let Some(s) = subj {
                subject = s.to_string();
                field = Field::Subject;
            }
            core_seen = true;
            h.items += 1;
            last_end = end;
        } else if let Some(i) = (tags.is_empty() && !core_seen)
            .then(|| INLINE_TAGS.find(u.as_bytes()))
            .flatten()
        {
            let (list, subj) = split_inline_subject(t.get(i + 6..).unwrap_or(""));
            tags = list.to_string();
            field = Field::Tags;
            if let Some(s) = subj {
                subject = s.to_string();
                field = Field::Subject;
            }
            core_seen = true;
            h.items += 1;
            last_end = end;
        } else if let Some(rest) = strip_subject_label(t) {
            subject = rest.to_string();
            subject_tail = Some(t.len());
            field = Field::Subject;
            core_seen = !email;
            h.items += 1;
            last_end = end;
        } else if let Some(rest) = strip_ref_label(t) {
            // `REF: 09 State 124006  LONDON 00000092 ...   1.  In response to reftel, ...`:
            // the body glued to the REF line starts at its first paragraph.
            let glued = first_paragraph_inside(rest)
                .and_then(|c| Some((c, raw.find(rest.get(c..c + 12)?)?)));
            if let Some((cut, in_raw)) = glued {
                h.ref_block.push_str(&rest[..cut]);
                body_start = Some(start + in_raw);
                break;
            }
            if !h.ref_block.is_empty() {
                // A second REF line (a dump's, then the cable's own): items apart.
                h.ref_block.push('\n');
            }
            h.ref_block.push_str(rest);
            field = Field::Ref;
            last_end = end;
        } else if is_classified_by(u) && !numbered(t) {
            // (`1.(U) Classified by ...` is the body's first paragraph, kept with its number.)
            field = Field::ClassifiedBy;
            if !h.cable.classified_by.is_empty() {
                // A second `Classified By` line (a repeated header) says it again.
                h.cable.classified_by.push_str(" / ");
            }
            add_classified_by(&mut h.cable.classified_by, strip_classified_by(t));
            last_end = end;
        } else if is_eo_line(u) || u.starts_with("DECL:") {
            // `Classified by CDA Deutsch; reasons: E.O. 12958 1.4` / `(a,b,c,d).`: the reason
            // goes on after the order's number.
            if prev_field == Field::ClassifiedBy {
                field = Field::ClassifiedBy;
                add_classified_by(&mut h.cable.classified_by, t);
            }
            // `E.o. 12958: decl: 01/07/2014 Tags: prel, pgov Subject: ...`
            if let Some(i) = u.find("TAGS").or_else(|| u.find(" AGS:").map(|i| i + 1))
                && let Some(rest) = t.get(i..).and_then(tagline::strip_label)
            {
                let (list, subj) = split_inline_subject(rest);
                tags = list.to_string();
                field = Field::Tags;
                if let Some(s) = subj {
                    subject = s.to_string();
                    field = Field::Subject;
                }
                core_seen = true;
            }
            h.items += 1;
            last_end = end;
        } else if h.cable.date.is_none() && !core_seen && try_date(&mut h, t) {
            h.items += 1;
            last_end = end;
        } else if let Some(fm) = u.strip_prefix("FM ").or_else(|| u.strip_prefix("FROM: ")) {
            if h.cable.from.is_empty() {
                h.cable.from = fm.trim().to_string();
            }
            h.items += 1;
            last_end = end;
        } else if let Some(to) = u
            .strip_prefix("TO ")
            // `TO LONDON` after the blank line under a subject, a REF or `Classified By` line
            // below: the subject's end, not an address (07LONDON4472).
            .filter(|_| !(core_seen && field_ahead(text.get(end..).unwrap_or(""))))
        {
            if !core_seen {
                h.cable.to.push(to.trim().to_string());
                field = Field::To;
                h.items += 1;
                last_end = end;
            } else if core_seen {
                body_start = Some(start);
                break;
            }
        } else if u.starts_with("INFO ") && !core_seen {
            if u.contains("LOG-") {
                field = Field::InfoLog;
            } else {
                h.cable.info.push(t[5..].trim().to_string());
                field = Field::Info;
            }
            h.items += 1;
            last_end = end;
        } else if (h.cable.classification_raw.is_empty() || h.class_serial.is_none())
            && let Some(c) = classline::parse(t)
            && (h.cable.classification_raw.is_empty() || c.serial.is_some())
        {
            if core_seen && c.serial.is_some() {
                // TAGS/SUBJECT above the cable's classification line came from a dump
                // (`CONFIDENTIAL//NOFORN` ... `TAGS: ...` then `C O N F I D E N T I A L
                // SECTION 01 OF 02 MEXICO 000714`): the cable's own header starts here.
                core_seen = false;
            }
            h.cable.classification = c.level;
            h.cable.classification_raw = t.to_string();
            for cav in &c.caveats {
                classline::push_caveat(&mut h.cable.caveats, cav);
            }
            h.cable.sections = c.sections;
            h.class_origin = c.origin;
            h.class_serial = c.serial;
            h.items += 1;
            last_end = end;
        } else if h.cable.classification_raw.is_empty()
            && let Some(i) = embedded_class_line(u)
            && let Some(c) = t.get(i..).and_then(classline::parse)
        {
            h.cable.classification = c.level;
            h.cable.classification_raw = t[i..].to_string();
            for cav in &c.caveats {
                classline::push_caveat(&mut h.cable.caveats, cav);
            }
            h.cable.sections = c.sections;
            h.class_origin = c.origin;
            h.class_serial = c.serial;
            h.items += 1;
            last_end = end;
        } else if let Some(cavs) = caveat_line(u) {
            for c in cavs {
                classline::push_caveat(&mut h.cable.caveats, c);
            }
            last_end = end;
        } else if core_seen
            && subject.is_empty()
            && !is_paragraph_start(t)
            && subject_ahead(text.get(end..).unwrap_or(""))
        {
            // `TAGS: ... OVIP` then `(CLINTON, WILLIAM J.)` or an address line, then SUBJECT:
            // the line stands inside the header.
            last_end = end;
        } else if core_seen
            && t.len() <= 80
            && !is_paragraph_start(t)
            && field_ahead(text.get(end..).unwrap_or(""))
        {
            // A REF or `Classified By` line under it: the line stands inside the header, as
            // the rest of a subject cut by a blank line (`...COHEN'S` / `VISIT TO THE UK`).
            if after_subject.is_some_and(|len| subject_goes_on(&subject, len, t)) {
                subject.push(' ');
                subject.push_str(t);
            } else {
                h.stray.push(t.to_string());
            }
            last_end = end;
        } else if !core_seen
            && t.len() <= 80
            && is_paragraph_start(t)
            && !t
                .trim_start_matches(['"', '\\', '¶'])
                .starts_with(|c: char| c.is_ascii_digit())
            && subject_ahead(text.get(end..).unwrap_or(""))
        {
            // `CORRECTED COPY ... ONLY CORRECTION IS ADDING` / `"(C)" DESIGNATION TO PARA 4.`:
            // a quoted marking in a note above TAGS/SUBJECT is no paragraph (04MADRID2006).
            // (Shown as written: the dump-prefix trim took its opening quote.)
            h.stray.push(line.trim().to_string());
            last_end = end;
        } else if core_seen || is_paragraph_start(t) {
            body_start = Some(start);
            break;
        } else if let Some(i) = INLINE_REF.find(u.as_bytes())
            && let Some(rest) = t.get(i + 6..)
            && !crate::cable::header::refs::parse_refs(rest, Some(2000), None).is_empty()
        {
            // `... AND FTAA REF: (A) 05 SAO PAULO 405`: a REF glued to a header line.
            h.ref_block.push_str(rest);
            field = Field::Ref;
        } else if let Some(rest) = u.strip_prefix("DE ") {
            h.de_serial = de_serial(rest);
        } else if let Some(rest) = u.strip_prefix("ZNY ").or_else(|| u.strip_prefix("ZNR ")) {
            h.routing_level = routing_level(rest);
        }
    }
    // `From: AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)`: a telegram print names the
    // cable in parentheses after the sender.
    if let Some(open) = h.cable.from.find(" (") {
        let inner = h.cable.from[open + 2..].trim_end_matches(')');
        let inner = inner.split(" - ").next().unwrap_or(inner);
        if let Some(c) = classline::parse(&format!("UNCLAS {inner}"))
            && h.class_serial.is_none()
            && c.serial.is_some()
        {
            h.class_origin = c.origin;
            h.class_serial = c.serial;
        }
        h.cable.from.truncate(open);
    }
    h.cable.tags = tagline::parse_tags(&tags);
    h.cable.subject = finish_subject(&subject, &mut h.ref_block);
    if h.cable.classification == crate::cable::Classification::Unclassified
        && h.cable
            .caveats
            .iter()
            .any(|c| matches!(c.as_str(), "SENSITIVE" | "SBU" | "FOUO"))
    {
        h.cable.classification = crate::cable::Classification::Sbu;
    }
    h.body_start = body_start.unwrap_or(last_end).min(text.len());
    h
}

/// `(U) Classified By: Classified By: CDA Tom Kelly for reasons ...` -> `CDA Tom Kelly for
/// reasons ...`: the line without its marking and label (said once or twice).
pub(super) fn strip_classified_by(t: &str) -> &str {
    let mut rest = t.trim_start();
    if let Some((_, after)) = crate::cable::body::labels::marking(rest)
        && after.len() < rest.len()
    {
        rest = after;
    }
    loop {
        // `Classified By`, `Classified  By` (two spaces).
        let len = ["CLASSIFIED BY", "CLASSIFIED  BY"]
            .iter()
            .find(|l| {
                rest.get(..l.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(l))
            })
            .map(|l| l.len());
        let Some(len) = len else {
            return rest;
        };
        rest = rest[len..].trim_start_matches([':', ' ']);
    }
}

/// The `Classified By` text so far goes on after a blank line: it ends on a comma or on a word
/// its reason must follow (`... TUTTLE FOR REASONS` / blank / `1.4 B, D`, 07LONDON4472).
fn classified_by_goes_on(so_far: &str) -> bool {
    let last = so_far.rsplit(' ').next().unwrap_or("");
    so_far.ends_with(',')
        || ["REASONS", "REASON", "REASONS:", "REASON:", "FOR"]
            .iter()
            .any(|w| last.eq_ignore_ascii_case(w))
}

/// One more line of the `Classified By` text, joined with a space.
fn add_classified_by(to: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    if !to.is_empty() && !to.ends_with(' ') {
        to.push(' ');
    }
    to.push_str(line);
}

/// A SUBJECT line among the next few lines of `rest`, before any paragraph starts.
pub(super) fn subject_ahead(rest: &str) -> bool {
    for line in split_lines(rest)
        .map(|l| strip_dump_prefix(l.trim()))
        .filter(|l| !l.is_empty())
        .take(SUBJECT_LOOKAHEAD)
    {
        if strip_subject_label(line).is_some() {
            return true;
        }
        if is_paragraph_start(line) {
            return false;
        }
    }
    false
}

/// A REF or `Classified By` line among the next few lines of `rest`, before any paragraph.
fn field_ahead(rest: &str) -> bool {
    for line in split_lines(rest)
        .map(|l| strip_dump_prefix(l.trim()))
        .filter(|l| !l.is_empty())
        .take(3)
    {
        let u = line
            .get(..line.len().min(16))
            .unwrap_or("")
            .to_ascii_uppercase();
        // `REF: LONDON 4030`, `Ref: Toronto 1816`: a written label citing a serial, not
        // `reftel demarche to ...` or `REFTEL REQUEST:` in a sentence.
        let cites = |rest: &str| rest.bytes().any(|b| b.is_ascii_digit());
        let ref_line = (line.starts_with("REF") || line.starts_with("Ref"))
            && strip_ref_label(line).is_some_and(cites);
        if ref_line || is_classified_by(&u) {
            return true;
        }
        if is_paragraph_start(line) || line.len() > 80 {
            return false;
        }
    }
    false
}

/// `t`, right under the blank line after a subject in capitals, finishes it: the subject's
/// last line (`tail_len` bytes) was full or ends on a word that cannot end a title
/// (`EUR SENIOR ADVISOR PANDITH AND S/P ADVISOR COHEN'S` + `VISIT TO THE UK, OCTOBER 9-14`).
fn subject_goes_on(subject: &str, tail_len: usize, t: &str) -> bool {
    let caps = |s: &str| {
        s.bytes().any(|b| b.is_ascii_uppercase()) && !s.bytes().any(|b| b.is_ascii_lowercase())
    };
    let s = subject.trim_end();
    let last = s.rsplit(' ').next().unwrap_or("");
    let dangling = matches!(
        last,
        "TO" | "ON" | "OF" | "AND" | "AS" | "THE" | "FOR" | "IN" | "BUT" | "AFTER" | "WITH" | "A"
    );
    !s.is_empty()
        && !s.ends_with(['.', '?', '!', ')', ':'])
        && (tail_len >= 50 || dangling)
        && caps(s)
        && caps(t)
        && !cites_a_serial(t)
        // `ROME FOR DEMPSEY; MOSCOW PLS PASS TO INR`: an address line, not a title.
        && t.split(' ').nth(1) != Some("FOR")
        && !t.contains(';')
}

/// `STATE 86108`, `E) SANAA 1080`: what is left of a REF item (a lettered bullet, or a number
/// of three digits or more that is no year), not the rest of a title (`OCTOBER 9-14, 2007`).
fn cites_a_serial(t: &str) -> bool {
    t.contains(") ")
        || t.split(|c: char| !c.is_ascii_digit()).any(|n| {
            n.len() >= 3 && !(n.len() == 4 && (n.starts_with("19") || n.starts_with("20")))
        })
}

/// How many lines after TAGS a SUBJECT line is looked for.
const SUBJECT_LOOKAHEAD: usize = 6;

/// Searchers for labels glued inside a header line, built once.
static INLINE_TAGS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" TAGS:"));
static INLINE_REF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" REF: "));

/// Where paragraph 1 begins inside a line: `...  1.  In response`, `...  ¶1. (C)`.
fn first_paragraph_inside(line: &str) -> Option<usize> {
    ["  1. ", "  1.(", "  ¶1."]
        .iter()
        .filter_map(|m| line.find(m).map(|i| i + 2))
        .min()
}

/// A line with a paragraph number: `1. `, `1.(U)`.
fn numbered(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && t[digits..].starts_with('.')
}

/// `SENSITIVE DEPT FOR NEA/MAG`, `... FOR LAC/AA SENSITIVE SIPDIS`: the caveat glued to an
/// address line under the classification line.
fn sensitive_glued(u: &str) -> bool {
    u.starts_with("SENSITIVE ")
        || u.split_whitespace()
            .rev()
            .take_while(|w| classline::is_caveat_word(w))
            .any(|w| w == "SENSITIVE")
}

/// Drop what record dumps glue before the classification line: `Cable dated:2002-11-15T12:40:00`
/// and the quotes and commas of a CSV row (`","C O N F I D E N T I A L`).
fn strip_dump_prefix(t: &str) -> &str {
    let t = t.trim_start_matches(['"', ',', ' ']);
    // `¶E. O. 11652: GDS`: a paragraph mark put before a header line.
    let t = match t.strip_prefix('¶').map(str::trim_start) {
        Some(rest) if !is_paragraph_start(rest) && starts_field(rest) => rest,
        _ => t,
    };
    match t.strip_prefix("Cable dated:") {
        Some(rest) => {
            let skip = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | ':' | 'T')))
                .unwrap_or(rest.len());
            &rest[skip..]
        }
        None => t,
    }
}

/// Mine a record dump's id and origin: `refid: 04BOGOTA2313`, `origin: Embassy Bogota`, or
/// the values alone (`06MEXICO456` then `Embassy Mexico`), or a pasted CSV/TSV row.
fn read_dump(h: &mut Header, t: &str) {
    if let Some(o) = t.strip_prefix("origin:") {
        h.dump_origin = Some(o.trim().to_string()).filter(|o| !o.is_empty());
        return;
    }
    if h.dump_id.is_some() && h.dump_origin.is_none() && t.len() < 60 {
        let post_name = [
            "Embassy ",
            "Consulate ",
            "US Mission ",
            "Mission ",
            "USUN ",
            "USEU ",
        ]
        .iter()
        .any(|p| t.starts_with(p))
            || t == "Secretary of State";
        if post_name {
            h.dump_origin = Some(t.to_string());
            return;
        }
    }
    if h.dump_id.is_none() && has_id_shape(t.as_bytes()) {
        let t = t.strip_prefix("refid:").unwrap_or(t);
        let mut tokens = t.split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '|'));
        if let Some(id) = tokens.find(|w| is_canonical_id(w)) {
            h.dump_id = Some(id.to_string());
            let rest: Vec<&str> = tokens.filter(|w| !w.is_empty()).collect();
            if let Some(i) = rest
                .iter()
                .position(|w| matches!(*w, "Embassy" | "Consulate"))
            {
                let words: Vec<&str> = rest[i..]
                    .iter()
                    .take_while(|w| w.bytes().any(|b| b.is_ascii_lowercase()) || rest[i] == **w)
                    .copied()
                    .collect();
                h.dump_origin = Some(words.join(" "));
            }
        }
    }
}

/// Two digits and a capital letter in a row, as every canonical id starts: a cheap test
/// before a line is cut into words.
fn has_id_shape(b: &[u8]) -> bool {
    b.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2].is_ascii_uppercase())
}

/// `09DUSHANBE1319`: two digits, at least three capital letters, digits.
pub(super) fn is_canonical_id(w: &str) -> bool {
    let b = w.as_bytes();
    let letters = b
        .iter()
        .skip(2)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    b.len() >= 6
        && b.len() <= 30
        && b[..2].iter().all(u8::is_ascii_digit)
        && letters >= 3
        && b[2 + letters..].iter().all(u8::is_ascii_digit)
        && b.len() > 2 + letters
}

fn try_date(h: &mut Header, t: &str) -> bool {
    if let Some(d) = dtg::parse_dtg(t) {
        h.cable.date = Some(d.date);
        h.cable.precedence = d.precedence;
        return true;
    }
    if let Some(d) = dtg::parse_date_line(t) {
        h.cable.date = Some(d);
        h.date_from_date_line = true;
        return true;
    }
    false
}
