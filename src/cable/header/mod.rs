//! The cable's header: routing lines, date-time group, FM/TO/INFO, classification line,
//! caveats, TAGS, SUBJECT, REF, and where the body starts.
//!
//! [`parse_header`] drives a `HeaderScan` over the first lines, one method per kind of header
//! line. The readers they use: `lines` (what a line is: page break, banner, caveat line, field
//! label, paragraph start, routing line), `classline` (the classification line), [`dtg`] (the
//! date-time group), `tagline` (TAGS) and [`refs`] (REF items to canonical ids); `origin` (the
//! sending post, from the FM line or the classification line) is used by `parse` after the
//! scan. `scan_tests.rs` tests every field on real header lines.

pub(crate) mod classline;
pub mod dtg;
pub(crate) mod lines;
pub(crate) mod origin;
pub mod refs;
pub(crate) mod tagline;

#[cfg(test)]
mod scan_tests;

use super::{Cable, Classification};
use crate::cable::text::{markup, pagebreak};
use lines::*;
use std::ops::ControlFlow;

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
    let mut scan = HeaderScan::new(text);
    // The line in upper case, in a buffer reused from line to line.
    let mut upper = String::new();
    let mut start = 0;
    for (n, raw) in split_lines(text).enumerate().take(MAX_HEADER_LINES) {
        let end = (start + raw.len() + 1).min(text.len());
        if scan.line(n, raw, start..end, &mut upper).is_break() {
            break;
        }
        start += raw.len() + 1;
    }
    scan.finish()
}

/// One header line as the scan reads it.
struct Line<'l> {
    /// Byte offsets in the text: where the line starts, where the next one does.
    start: usize,
    end: usize,
    /// As written.
    raw: &'l str,
    /// Conversion marks cleaned (`markup::clean_line`), trimmed.
    cleaned: &'l str,
    /// Cleaned, without a dump's prefix, a markdown hard break or a page-break marker.
    t: &'l str,
    /// `t` in upper case.
    u: &'l str,
}

/// The header scan: the fields read so far, and what the lines before left open. One method
/// per kind of header line; [`parse_header`] feeds it the lines, `finish`
/// completes the fields.
struct HeaderScan<'a> {
    /// The whole text, for looking ahead.
    text: &'a str,
    h: Header,
    /// The field the last line opened, which the next lines may continue.
    field: Field,
    /// The TAGS list as written, read at the end.
    tags: String,
    /// The subject as written, finished at the end.
    subject: String,
    /// TAGS or SUBJECT seen: the next free line is the body.
    core_seen: bool,
    /// The length of the last line, when it was the subject's (a blank line may follow).
    subject_tail: Option<usize>,
    /// In the header of an e-mail that forwards the cable (`From:`, `Sent:`, `Subject:`),
    /// until its first blank line.
    email: bool,
    /// The end of the last header line.
    last_end: usize,
    /// Where the body starts, once a line said so.
    body_start: Option<usize>,
}

impl<'a> HeaderScan<'a> {
    /// A scan of `text`, before its first line.
    fn new(text: &'a str) -> Self {
        HeaderScan {
            text,
            h: Header::default(),
            field: Field::None,
            tags: String::new(),
            subject: String::new(),
            core_seen: false,
            subject_tail: None,
            email: false,
            last_end: 0,
            body_start: None,
        }
    }

    /// Read line `n` (`raw`, at `at` in the text); `Break` when the body starts.
    /// `upper` is a buffer for the line in upper case.
    fn line(
        &mut self,
        n: usize,
        raw: &str,
        at: std::ops::Range<usize>,
        upper: &mut String,
    ) -> ControlFlow<()> {
        let cleaned = markup::clean_line(raw);
        let t = strip_dump_prefix(cleaned.trim());
        // A markdown hard break: `BERN 1253 \`, or `\` alone on a line.
        let t = t.strip_suffix('\\').map_or(t, str::trim_end);
        if t.is_empty() {
            self.blank();
            return ControlFlow::Continue(());
        }
        if is_page_break(t) || (self.h.cable.classification_raw.len() > 1 && is_banner(t)) {
            return ControlFlow::Continue(());
        }
        // `TRIPOLI 00000371 001.2 OF 002 CLASSIFIED BY: ...`: a page-break marker before a
        // header line. (Not in a REF line: a body glued to it is found by its spacing.)
        let cut = pagebreak::cut_inline(t, self.h.class_origin.as_deref().unwrap_or(""))
            .filter(|_| strip_ref_label(t).is_none());
        let t = cut.as_deref().map_or(t, str::trim);
        let after_subject = self.subject_tail.take();
        if !self.core_seen {
            self.dump_line(t);
        }
        let prev_field = self.field;
        if self.continues_field(t, at.end) {
            return ControlFlow::Continue(());
        }
        let u: &str = if t.bytes().any(|b| b.is_ascii_lowercase()) {
            upper.clear();
            upper.push_str(t);
            upper.make_ascii_uppercase();
            upper
        } else {
            t
        };
        if !self.core_seen && !self.h.cable.classification_raw.is_empty() && sensitive_glued(u) {
            classline::push_caveat(&mut self.h.cable.caveats, "SENSITIVE");
        }
        if !self.core_seen && n < 8 && u.starts_with("SENT:") {
            // `From: CBPC, EACTAPP [...]` was the e-mail's sender, not the cable's FM line.
            self.email = true;
            self.h.cable.from.clear();
            return ControlFlow::Continue(());
        }
        let line = Line {
            start: at.start,
            end: at.end,
            raw,
            cleaned: cleaned.trim(),
            t,
            u,
        };
        self.new_line(&line, prev_field, after_subject)
    }

    /// A blank line: it ends the open field, but a subject not begun, a REF block and a
    /// `Classified By` reason cut at a comma go on after it.
    fn blank(&mut self) {
        self.email = false;
        self.field = match self.field {
            Field::Subject if self.subject.is_empty() => Field::Subject,
            Field::Ref | Field::RefGap => Field::RefGap,
            // `CLASSIFIED BY: Gene A. Cretz, Ambassador, Embassy Tripoli,` / blank /
            // `Department of State. REASON: 1.4 (b), (d)`.
            Field::ClassifiedBy if classified_by_goes_on(&self.h.cable.classified_by) => {
                Field::ClassifiedBy
            }
            _ => Field::None,
        };
    }

    /// A line that goes on with the field the line before opened (the subject's next line,
    /// more TAGS, a REF item, an address, the rest of a `Classified By` reason): taken, and
    /// true. Otherwise the field is closed.
    fn continues_field(&mut self, t: &str, end: usize) -> bool {
        let new_field = starts_field(t);
        match self.field {
            Field::Subject if !new_field => {
                self.subject.push(' ');
                self.subject.push_str(t);
                self.subject_tail = Some(t.len());
            }
            Field::Tags
                if !new_field
                    && (self.tags.trim_end().ends_with(',') || tagline::continues_list(t)) =>
            {
                let (list, subj) = split_inline_subject(t);
                self.tags.push(' ');
                self.tags.push_str(list);
                if let Some(s) = subj {
                    self.subject = s.to_string();
                    self.field = Field::Subject;
                    self.core_seen = true;
                }
            }
            Field::Ref | Field::RefGap
                if next_ref_bullet(t, &self.h.ref_block)
                    || (!new_field || t.starts_with('¶') || t.starts_with('('))
                        && ref_continues(t, self.field == Field::RefGap, &self.h.ref_block)
                        && (!new_field || !refs::parse_refs(t, Some(2000), None).is_empty()) =>
            {
                self.h.ref_block.push('\n');
                self.h.ref_block.push_str(t);
                self.field = Field::Ref;
            }
            Field::To | Field::Info
                if !new_field && looks_like_routing(t) && classline::parse(t).is_none() =>
            {
                let list = if self.field == Field::To {
                    &mut self.h.cable.to
                } else {
                    &mut self.h.cable.info
                };
                list.push(t.to_string());
                return true;
            }
            Field::InfoLog if t.contains("-0") || t.starts_with('/') || t.starts_with('-') => {
                return true;
            }
            // A reason cut at a line end goes on (`1.4 (b) and (d).`); a long line or a dash
            // after it is the body (which was lost in the header before).
            Field::ClassifiedBy if !new_field && t.len() <= 72 && !t.starts_with('-') => {
                add_classified_by(&mut self.h.cable.classified_by, t);
            }
            _ => {
                self.field = Field::None;
                return false;
            }
        }
        self.last_end = end;
        true
    }

    /// A line that opens no field the line before left open: which kind of header line it is,
    /// else the body's first line (`Break`) or a line the header steps over.
    fn new_line(
        &mut self,
        line: &Line<'_>,
        prev_field: Field,
        after_subject: Option<usize>,
    ) -> ControlFlow<()> {
        let (t, u) = (line.t, line.u);
        let text = self.text;
        let rest_of_text = || text.get(line.end..).unwrap_or("");
        if t.starts_with(PARTIAL_NOTE) {
            self.h.cable.partial = Some(t.to_string());
            self.h.items += 1;
            return ControlFlow::Continue(());
        }
        let item = if let Some(rest) = tagline::strip_label(t) {
            self.tags_line(rest, prev_field);
            true
        } else if let Some(i) = (self.tags.is_empty() && !self.core_seen)
            .then(|| INLINE_TAGS.find(u.as_bytes()))
            .flatten()
        {
            self.open_tags(t.get(i + 6..).unwrap_or(""), false);
            true
        } else if let Some(rest) = strip_subject_label(t) {
            self.subject_line(rest, t);
            true
        } else if let Some(rest) = strip_ref_label(t) {
            return self.ref_line(rest, line);
        } else if is_classified_by(u) && !numbered(t) {
            // (`1.(U) Classified by ...` is the body's first paragraph, kept with its number.)
            self.classified_by_line(t);
            false
        } else if is_eo_line(u) || u.starts_with("DECL:") {
            self.eo_line(t, u, prev_field);
            true
        } else if self.h.cable.date.is_none() && !self.core_seen && self.date_line(t) {
            true
        } else if let Some(fm) = u.strip_prefix("FM ").or_else(|| u.strip_prefix("FROM: ")) {
            self.fm_line(fm);
            true
        } else if let Some(to) = u
            .strip_prefix("TO ")
            // `TO LONDON` after the blank line under a subject, a REF or `Classified By` line
            // below: the subject's end, not an address (07LONDON4472).
            .filter(|_| !(self.core_seen && field_ahead(rest_of_text())))
        {
            if self.core_seen {
                self.body_start = Some(line.start);
                return ControlFlow::Break(());
            }
            self.addressee_line(to);
            true
        } else if u.starts_with("INFO ") && !self.core_seen {
            self.info_line(t, u);
            true
        } else if (self.h.cable.classification_raw.is_empty() || self.h.class_serial.is_none())
            && let Some(c) = classline::parse(t)
            && (self.h.cable.classification_raw.is_empty() || c.serial.is_some())
        {
            if self.core_seen && c.serial.is_some() {
                // TAGS/SUBJECT above the cable's classification line came from a dump
                // (`CONFIDENTIAL//NOFORN` ... `TAGS: ...` then `C O N F I D E N T I A L
                // SECTION 01 OF 02 MEXICO 000714`): the cable's own header starts here.
                self.core_seen = false;
            }
            self.classification_line(t, c);
            true
        } else if self.h.cable.classification_raw.is_empty()
            && let Some(i) = embedded_class_line(u)
            && let Some(c) = t.get(i..).and_then(classline::parse)
        {
            self.classification_line(&t[i..], c);
            true
        } else if let Some(cavs) = caveat_line(u) {
            for c in cavs {
                classline::push_caveat(&mut self.h.cable.caveats, c);
            }
            false
        } else if self.core_seen
            && self.subject.is_empty()
            && !is_paragraph_start(t)
            && subject_ahead(rest_of_text())
        {
            // `TAGS: ... OVIP` then `(CLINTON, WILLIAM J.)` or an address line, then SUBJECT:
            // the line stands inside the header.
            false
        } else if self.core_seen
            && t.len() <= 80
            && !is_paragraph_start(t)
            && field_ahead(rest_of_text())
        {
            self.line_above_field(t, after_subject);
            false
        } else if !self.core_seen
            && t.len() <= 80
            && is_paragraph_start(t)
            && !t
                .trim_start_matches(['"', '\\', '¶'])
                .starts_with(|c: char| c.is_ascii_digit())
            && subject_ahead(rest_of_text())
        {
            // `CORRECTED COPY ... ONLY CORRECTION IS ADDING` / `"(C)" DESIGNATION TO PARA 4.`:
            // a quoted marking in a note above TAGS/SUBJECT is no paragraph (04MADRID2006).
            // (Shown as written: the dump-prefix trim took its opening quote.)
            self.h.stray.push(line.cleaned.to_string());
            false
        } else if self.core_seen || is_paragraph_start(t) {
            self.body_start = Some(line.start);
            return ControlFlow::Break(());
        } else {
            self.routing_line(t, u);
            return ControlFlow::Continue(());
        };
        if item {
            self.h.items += 1;
        }
        self.last_end = line.end;
        ControlFlow::Continue(())
    }

    /// The TAGS list (and a subject written on its line), as written; `append` when a label
    /// repeated inside the list (`TAGS: EAID, ECON, BA, TAGS: EFIN`) goes on with it.
    fn open_tags(&mut self, rest: &str, append: bool) {
        let (list, subj) = split_inline_subject(rest);
        if append {
            self.tags.push(' ');
            self.tags.push_str(list);
        } else {
            self.tags = list.to_string();
        }
        self.field = Field::Tags;
        if let Some(s) = subj {
            self.subject = s.to_string();
            self.field = Field::Subject;
        }
        self.core_seen = true;
    }

    /// `TAGS: PREL, PGOV, TI` (`rest` is the list after the label).
    fn tags_line(&mut self, rest: &str, prev_field: Field) {
        let append = prev_field == Field::Tags && self.tags.trim_end().ends_with(',');
        self.open_tags(rest, append);
    }

    /// `SUBJECT: TAJIKISTAN: ...` (`rest` after the label; `t` the whole line).
    fn subject_line(&mut self, rest: &str, t: &str) {
        self.subject = rest.to_string();
        self.subject_tail = Some(t.len());
        self.field = Field::Subject;
        self.core_seen = !self.email;
    }

    /// `REF: A. STATE 12345` (`rest` after the label). `Break` when the body is glued to it.
    fn ref_line(&mut self, rest: &str, line: &Line<'_>) -> ControlFlow<()> {
        // `REF: 09 State 124006  LONDON 00000092 ...   1.  In response to reftel, ...`:
        // the body glued to the REF line starts at its first paragraph.
        let glued = first_paragraph_inside(rest)
            .and_then(|c| Some((c, line.raw.find(rest.get(c..c + 12)?)?)));
        if let Some((cut, in_raw)) = glued {
            self.h.ref_block.push_str(&rest[..cut]);
            self.body_start = Some(line.start + in_raw);
            return ControlFlow::Break(());
        }
        if !self.h.ref_block.is_empty() {
            // A second REF line (a dump's, then the cable's own): items apart.
            self.h.ref_block.push('\n');
        }
        self.h.ref_block.push_str(rest);
        self.field = Field::Ref;
        self.last_end = line.end;
        ControlFlow::Continue(())
    }

    /// `Classified By: Ambassador Tracey Jacobson for reasons 1.4 (b) and (d)`.
    fn classified_by_line(&mut self, t: &str) {
        self.field = Field::ClassifiedBy;
        if !self.h.cable.classified_by.is_empty() {
            // A second `Classified By` line (a repeated header) says it again.
            self.h.cable.classified_by.push_str(" / ");
        }
        add_classified_by(&mut self.h.cable.classified_by, strip_classified_by(t));
    }

    /// `E.O. 12958: DECL: 11/24/2019` (`u` in upper case).
    fn eo_line(&mut self, t: &str, u: &str, prev_field: Field) {
        // `Classified by CDA Deutsch; reasons: E.O. 12958 1.4` / `(a,b,c,d).`: the reason
        // goes on after the order's number.
        if prev_field == Field::ClassifiedBy {
            self.field = Field::ClassifiedBy;
            add_classified_by(&mut self.h.cable.classified_by, t);
        }
        // `E.o. 12958: decl: 01/07/2014 Tags: prel, pgov Subject: ...`
        if let Some(i) = u.find("TAGS").or_else(|| u.find(" AGS:").map(|i| i + 1))
            && let Some(rest) = t.get(i..).and_then(tagline::strip_label)
        {
            self.open_tags(rest, false);
        }
    }

    /// The date-time group (`R 241050Z NOV 09`), else an edited text's date line: true when
    /// the line was one.
    fn date_line(&mut self, t: &str) -> bool {
        if let Some(d) = dtg::parse_dtg(t) {
            self.h.cable.date = Some(d.date);
            self.h.cable.precedence = d.precedence;
            return true;
        }
        if let Some(d) = dtg::parse_date_line(t) {
            self.h.cable.date = Some(d);
            self.h.date_from_date_line = true;
            return true;
        }
        false
    }

    /// `FM AMEMBASSY DUSHANBE` (`fm` after the label, upper case): the first one counts.
    fn fm_line(&mut self, fm: &str) {
        if self.h.cable.from.is_empty() {
            self.h.cable.from = fm.trim().to_string();
        }
    }

    /// `TO SECSTATE WASHDC PRIORITY 1234` (`to` after the label, upper case).
    fn addressee_line(&mut self, to: &str) {
        self.h.cable.to.push(to.trim().to_string());
        self.field = Field::To;
    }

    /// `INFO RUEHAK/AMEMBASSY ANKARA 0123`, or an `INFO LOG-00` distribution list.
    fn info_line(&mut self, t: &str, u: &str) {
        if u.contains("LOG-") {
            self.field = Field::InfoLog;
        } else {
            self.h.cable.info.push(t[5..].trim().to_string());
            self.field = Field::Info;
        }
    }

    /// The classification line (`UNCLAS SECTION 01 OF 02 DUSHANBE 001319`), read as `c`.
    fn classification_line(&mut self, t: &str, c: classline::ClassLine) {
        self.h.cable.classification = c.level;
        self.h.cable.classification_raw = t.to_string();
        for cav in &c.caveats {
            classline::push_caveat(&mut self.h.cable.caveats, cav);
        }
        self.h.cable.sections = c.sections;
        self.h.class_origin = c.origin;
        self.h.class_serial = c.serial;
    }

    /// A short line after TAGS/SUBJECT with a REF or `Classified By` line under it: the rest
    /// of a subject cut by a blank line (`...COHEN'S` / `VISIT TO THE UK`), else a line the
    /// header steps over.
    fn line_above_field(&mut self, t: &str, after_subject: Option<usize>) {
        if after_subject.is_some_and(|len| subject_goes_on(&self.subject, len, t)) {
            self.subject.push(' ');
            self.subject.push_str(t);
        } else {
            self.h.stray.push(t.to_string());
        }
    }

    /// A line before the header's fields: a REF glued to it, a `DE` or `ZNY` routing line.
    fn routing_line(&mut self, t: &str, u: &str) {
        if let Some(i) = INLINE_REF.find(u.as_bytes())
            && let Some(rest) = t.get(i + 6..)
            && !refs::parse_refs(rest, Some(2000), None).is_empty()
        {
            // `... AND FTAA REF: (A) 05 SAO PAULO 405`: a REF glued to a header line.
            self.h.ref_block.push_str(rest);
            self.field = Field::Ref;
        } else if let Some(rest) = u.strip_prefix("DE ") {
            self.h.de_serial = de_serial(rest);
        } else if let Some(rest) = u.strip_prefix("ZNY ").or_else(|| u.strip_prefix("ZNR ")) {
            self.h.routing_level = routing_level(rest);
        }
    }

    /// Mine a record dump's id and origin: `refid: 04BOGOTA2313`, `origin: Embassy Bogota`, or
    /// the values alone (`06MEXICO456` then `Embassy Mexico`), or a pasted CSV/TSV row.
    fn dump_line(&mut self, t: &str) {
        let h = &mut self.h;
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

    /// The fields completed once the lines are read: the cable named in an e-mail's `From:`
    /// line, TAGS and subject read, `UNCLAS` + `SENSITIVE` as SBU, where the body starts.
    fn finish(mut self) -> Header {
        let h = &mut self.h;
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
        h.cable.tags = tagline::parse_tags(&self.tags);
        h.cable.subject = finish_subject(&self.subject, &mut h.ref_block);
        if h.cable.classification == Classification::Unclassified
            && h.cable
                .caveats
                .iter()
                .any(|c| matches!(c.as_str(), "SENSITIVE" | "SBU" | "FOUO"))
        {
            h.cable.classification = Classification::Sbu;
        }
        h.body_start = self
            .body_start
            .unwrap_or(self.last_end)
            .min(self.text.len());
        self.h
    }
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
