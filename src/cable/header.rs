//! The cable's header: routing lines, date-time group, FM/TO/INFO, classification line,
//! caveats, TAGS, SUBJECT, REF, and where the body starts.

use super::{Cable, classline, dtg, markup, tagline};
use std::borrow::Cow;

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
    pub routing_level: Option<super::Classification>,
    /// Number of header items recognised (routing, classification, TAGS, SUBJECT...).
    pub items: u32,
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
    let mut last_end = 0;
    let mut body_start = None;
    let mut offset = 0;
    for (n, raw) in text.split('\n').enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        let end = offset.min(text.len());
        if n >= MAX_HEADER_LINES {
            break;
        }
        let line = markup::clean_line(raw);
        let t = strip_dump_prefix(line.trim());
        if t.is_empty() {
            field = match field {
                Field::Subject if subject.is_empty() => Field::Subject,
                Field::Ref | Field::RefGap => Field::RefGap,
                _ => Field::None,
            };
            continue;
        }
        if is_page_break(t) || (h.cable.classification_raw.len() > 1 && is_banner(t)) {
            continue;
        }
        let new_field = starts_field(t);
        match field {
            Field::Subject if !new_field => {
                subject.push(' ');
                subject.push_str(t);
                last_end = end;
                continue;
            }
            Field::Tags if !new_field && tags.trim_end().ends_with(',') => {
                tags.push(' ');
                tags.push_str(t);
                last_end = end;
                continue;
            }
            Field::Ref | Field::RefGap
                if (!new_field || t.starts_with('¶'))
                    && ref_continues(t, field == Field::RefGap) =>
            {
                h.ref_block.push('\n');
                h.ref_block.push_str(t);
                field = Field::Ref;
                last_end = end;
                continue;
            }
            Field::To | Field::Info if !new_field && looks_like_routing(t) => {
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
            Field::ClassifiedBy if !new_field => {
                last_end = end;
                continue;
            }
            _ => field = Field::None,
        }
        let upper: Cow<'_, str> = if t.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(t.to_ascii_uppercase())
        } else {
            Cow::Borrowed(t)
        };
        let u = upper.as_ref();
        if t.starts_with(PARTIAL_NOTE) {
            h.cable.partial = Some(t.to_string());
            h.items += 1;
        } else if let Some(rest) = tagline::strip_label(t) {
            let (list, subj) = split_inline_subject(rest);
            tags = list.to_string();
            field = Field::Tags;
            if let Some(s) = subj {
                subject = s.to_string();
                field = Field::Subject;
            }
            core_seen = true;
            h.items += 1;
            last_end = end;
        } else if let Some(i) = u.find(" TAGS:").filter(|_| tags.is_empty() && !core_seen) {
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
            field = Field::Subject;
            core_seen = true;
            h.items += 1;
            last_end = end;
        } else if let Some(rest) = strip_ref_label(t) {
            h.ref_block.push_str(rest);
            field = Field::Ref;
            last_end = end;
        } else if is_classified_by(u) {
            field = Field::ClassifiedBy;
            last_end = end;
        } else if is_eo_line(u) {
            // `E.o. 12958: decl: 01/07/2014 Tags: prel, pgov Subject: ...`
            if let Some(i) = u.find("TAGS")
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
        } else if let Some(to) = u.strip_prefix("TO ") {
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
        } else if (h.cable.classification_raw.is_empty()
            || (h.class_serial.is_none() && !core_seen))
            && let Some(c) = classline::parse(t)
            && (h.cable.classification_raw.is_empty() || c.serial.is_some())
        {
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
        } else if core_seen || is_paragraph_start(t) {
            body_start = Some(start);
            break;
        } else if let Some(rest) = u.strip_prefix("DE ") {
            h.de_serial = de_serial(rest);
        } else if let Some(rest) = u.strip_prefix("ZNY ").or_else(|| u.strip_prefix("ZNR ")) {
            h.routing_level = routing_level(rest);
        }
    }
    h.cable.tags = tagline::parse_tags(&tags);
    h.cable.subject = finish_subject(&subject, &mut h.ref_block);
    if h.cable.classification == super::Classification::Unclassified
        && h.cable
            .caveats
            .iter()
            .any(|c| matches!(c.as_str(), "SENSITIVE" | "SBU" | "FOUO"))
    {
        h.cable.classification = super::Classification::Sbu;
    }
    h.body_start = body_start.unwrap_or(last_end).min(text.len());
    h
}

/// Drop what record dumps glue before the classification line: `Cable dated:2002-11-15T12:40:00`
/// and the quotes and commas of a CSV row (`","C O N F I D E N T I A L`).
fn strip_dump_prefix(t: &str) -> &str {
    let t = t.trim_start_matches(['"', ',', ' ']);
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

/// `TAGS: PREL, PGOV Subject: Turkish ...` -> the list and the subject.
fn split_inline_subject(rest: &str) -> (&str, Option<&str>) {
    let upper = rest.to_ascii_uppercase();
    match upper.find("SUBJECT:") {
        Some(i) => (&rest[..i], Some(rest[i + 8..].trim())),
        None => (rest, None),
    }
}

/// `SUBJECT:`, `SUBJ:`, `UBJECT:`, `Subject:` (never `SUBJECT LINE`).
pub fn strip_subject_label(t: &str) -> Option<&str> {
    let end = t
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(t.len());
    let word = t[..end].to_ascii_uppercase();
    if !matches!(word.as_str(), "SUBJECT" | "SUBJ" | "UBJECT" | "SUBJECTS") {
        return None;
    }
    let rest = &t[end..];
    if rest.trim_start().to_ascii_uppercase().starts_with("LINE") {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with([':', ' ', '.', '-'])) {
        return None;
    }
    Some(rest.trim_start_matches([':', '.', '-']).trim())
}

/// `REF:`, `REFS:`, `REF(S):`, `REFTEL:`, `REF A:`, `PROGRAM REF:`.
pub fn strip_ref_label(t: &str) -> Option<&str> {
    let u = t.to_ascii_uppercase();
    let skip = if u.starts_with("PROGRAM REF") { 8 } else { 0 };
    let after = &u[skip..];
    for label in ["REF(S)", "REFTELS", "REFTEL", "REFS", "REF"] {
        if let Some(rest) = after.strip_prefix(label)
            && (rest.is_empty() || rest.starts_with([':', ' ', '.', ';']))
        {
            let cut = skip + label.len();
            return Some(t.get(cut..)?.trim_start_matches([':', '.', ';']).trim());
        }
    }
    None
}

fn finish_subject(s: &str, refs: &mut String) -> String {
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = s.to_ascii_uppercase();
    for stop in ["REF:", "REFS:", "CLASSIFIED BY"] {
        if let Some(i) = upper.find(stop).filter(|&i| i > 0) {
            if stop.starts_with("REF") {
                refs.push('\n');
                refs.push_str(&s[i + stop.len()..]);
            }
            s.truncate(i);
            break;
        }
    }
    let s = s.replace("US- ", "US-").replace('\\', "");
    s.trim().to_string()
}

fn starts_field(t: &str) -> bool {
    let u = t.get(..t.len().min(24)).unwrap_or(t).to_ascii_uppercase();
    tagline::strip_label(t).is_some()
        || strip_subject_label(t).is_some()
        || strip_ref_label(t).is_some()
        || is_classified_by(&u)
        || is_eo_line(&u)
        || is_paragraph_start(t)
        || u.starts_with("C O N")
        || u.starts_with("S E C")
        || u.starts_with("SENSITIVE BUT")
        || u.starts_with("-----")
        || u.starts_with("SUMMARY")
        || u.starts_with("PAGE ")
}

fn is_classified_by(u: &str) -> bool {
    let u = u.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let u = u.strip_prefix("(U)").unwrap_or(u).trim_start();
    u.starts_with("CLASSIFIED BY") || u.starts_with("CLASSIFIED BY:")
}

fn is_eo_line(u: &str) -> bool {
    let u = u.replace(['.', ' '], "");
    u.starts_with("EO1") || u.starts_with("E01") || u.starts_with("EO:1")
}

/// `¶1.`, `1. (C)`, `1.  Summary`, `(SBU) SUMMARY`, `- 11.`.
pub fn is_paragraph_start(t: &str) -> bool {
    let t = t.trim_start_matches("- ").trim_start();
    if t.starts_with('¶') {
        return true;
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits) && t[digits..].starts_with(". ") {
        return true;
    }
    t.starts_with("(SBU)") || t.starts_with("(C)") || t.starts_with("(S)") || t.starts_with("(U)")
}

fn ref_continues(t: &str, after_blank: bool) -> bool {
    if is_paragraph_start(t) && !t.starts_with('¶') {
        return false;
    }
    let has_digit = t.bytes().any(|b| b.is_ascii_digit());
    let bullet = {
        let s = t.trim_start_matches('¶').trim_start_matches('(');
        let mut c = s.chars();
        matches!((c.next(), c.next()), (Some(a), Some('.' | ')' | ':')) if a.is_ascii_alphabetic())
    };
    if after_blank {
        bullet && has_digit
    } else {
        (bullet || has_digit) && t.len() < 200
    }
}

fn looks_like_routing(t: &str) -> bool {
    let u = t.as_bytes();
    t.len() < 90
        && !u.iter().any(|b| b.is_ascii_lowercase())
        && !t.starts_with("XMT")
        && !t.starts_with("BT")
        && !t.starts_with("INFO ")
}

/// A page-break line: `DUSHANBE 00001319 001.2 OF 002`, `CARACAS 00002200 002 OF 002`,
/// `PAGE 02 HARARE 06677 01 OF 03 291400Z`.
pub fn is_page_break(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix("PAGE ") {
        return rest
            .trim_start()
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit());
    }
    if t.len() > 60 || !t.contains(" OF ") {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let Some(of) = words.iter().position(|w| *w == "OF") else {
        return false;
    };
    if of < 3 || of + 1 >= words.len() || !words[of + 1].bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let page = words[of - 1];
    let serial = words[of - 2];
    page.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && serial.len() >= 5
        && serial.bytes().all(|b| b.is_ascii_digit())
        && words[..of - 2].iter().all(|w| {
            w.bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'\'' || b == b'-')
        })
}

/// A classification banner repeated alone on a line (`CONFIDENTIAL`, `SECRET//NOFORN`).
pub fn is_banner(t: &str) -> bool {
    let u = t.trim_end_matches(['/', ' ']);
    let head = u.split("//").next().unwrap_or(u);
    matches!(
        head,
        "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET" | "LIMITED OFFICIAL USE" | "UNCLAS"
    )
}

/// A line of caveats only: `SIPDIS`, `SENSITIVE`, `NOFORN`, `SENSITIVE BUT UNCLASSIFIED`.
fn caveat_line(u: &str) -> Option<Vec<&'static str>> {
    if u.starts_with("SENSITIVE BUT UNCLASSIFIED") {
        return Some(vec!["SENSITIVE"]);
    }
    if u.starts_with("FOR OFFICIAL USE ONLY") {
        return Some(vec!["FOUO"]);
    }
    let words: Vec<&str> = u
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let mut out = Vec::new();
    for w in words {
        let w = w.trim_end_matches('.');
        let known = CAVEATS.iter().find(|c| **c == w)?;
        out.push(*known);
    }
    Some(out)
}

const CAVEATS: &[&str] = &[
    "SENSITIVE",
    "SIPDIS",
    "NOFORN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "FOUO",
    "ORCON",
    "NOCONTRACT",
    "PROPIN",
    "CHEROKEE",
];

/// `CCCCC` confidential, `SSSSS` secret, `UUUUU`/`EEEEE` unclassified.
fn routing_level(rest: &str) -> Option<super::Classification> {
    use super::Classification as C;
    let code = rest.split_whitespace().next()?;
    let first = code.bytes().next()?;
    if code.len() != 5 || !code.bytes().all(|b| b == first) {
        return None;
    }
    match first {
        b'C' => Some(C::Confidential),
        b'S' => Some(C::Secret),
        b'U' | b'E' => Some(C::Unclassified),
        _ => None,
    }
}

/// Where a classification line starts inside a line that dumps glued together
/// (`...PRIORITY    C O N F I D E N T I A L SECTION 01 OF 02 BERN 001280`).
fn embedded_class_line(u: &str) -> Option<usize> {
    [
        "C O N F I D E N T I A L",
        "S E C R E T",
        "UNCLAS SECTION",
        "UNCLASSIFIED SECTION",
    ]
    .iter()
    .filter_map(|m| u.find(m))
    .filter(|&i| i > 0)
    .min()
}

fn de_serial(rest: &str) -> Option<u32> {
    let i = rest.find('#')?;
    let digits: String = rest[i + 1..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_page_breaks() {
        assert!(is_page_break("DUSHANBE 00001319 001.2 OF 002"));
        assert!(is_page_break("STATE 00060639 002 OF 005"));
        assert!(is_page_break("PAGE 02 HARARE 06677 01 OF 03 291400Z"));
        assert!(!is_page_break("UNCLAS SECTION 01 OF 02 DUSHANBE 001319"));
        assert!(!is_page_break("One of Djurakulov's goals"));
    }

    #[test]
    fn labels() {
        assert_eq!(strip_subject_label("SUBJECT: A B"), Some("A B"));
        assert_eq!(strip_subject_label("SUBJ: A"), Some("A"));
        assert_eq!(strip_subject_label("SUBJECT LINE//"), None);
        assert_eq!(strip_ref_label("REF: STATE 2094"), Some("STATE 2094"));
        assert_eq!(strip_ref_label("REFERENCE DESK"), None);
    }
}
