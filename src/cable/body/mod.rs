//! The cable's body: clean-up and reflow into paragraphs, independent of any width.
//!
//! Lines are cleaned (markdown, `\$`, LaTeX marks), page-break lines, banners, rules and `NNNN`
//! are dropped, lines are grouped into blocks at blank lines and at paragraph labels, labels are
//! repaired against the running sequence, and a block that continues a sentence cut by a page
//! break or a stray blank line is joined to the paragraph before it.
//!
//! Its parts: `labels` (paragraph labels and portion markings, repaired against the running
//! sequence), `residue` (conversion residue in the reflowed text), [`signer`] (the name at the
//! end, found and cut off before the body is read).

pub(crate) mod labels;
pub(crate) mod residue;
pub mod signer;

use super::{Paragraph, ParagraphKind};
use crate::cable::header::lines::split_lines;
use crate::cable::header::lines::{is_classified_by, is_eo_line};
use crate::cable::header::{classline, tagline};
use crate::cable::header::{
    is_banner, is_page_break, is_paragraph_start, strip_ref_label, strip_subject_label,
};
use crate::cable::text::{markup, pagebreak, relines};
use labels::{Resolved, Sequence};
use memchr::memmem;
use std::sync::LazyLock;

/// A run of text lines between blank lines, rules or labels.
#[derive(Debug, Default)]
struct Block {
    text: String,
    /// Written as a `####` heading.
    hashed: bool,
    rule_after: bool,
    lines: u32,
}

/// Room for a typical paragraph, so a block's text rarely grows more than once.
const BLOCK_CAPACITY: usize = 512;

/// Split the body of a sanitized cable text into paragraphs.
pub fn parse_body(text: &str) -> Vec<Paragraph> {
    parse_body_of(text, "")
}

/// [`parse_body`] for a cable whose classification line names `origin` (`NEW DELHI`): the
/// page-break markers inside lines repeat it.
pub fn parse_body_of(text: &str, origin: &str) -> Vec<Paragraph> {
    parse_body_in(text, origin, None).paragraphs
}

/// What the body held besides its paragraphs.
#[derive(Debug, Default)]
pub struct Body {
    pub paragraphs: Vec<Paragraph>,
    /// The `Classified By` text of a header repeated inside the body (without its label).
    pub classified_by: Option<String>,
}

/// [`parse_body_of`] for a cable whose classification line also gave `serial`: a copy of that
/// line inside the body (`C O N F I D E N T I A L ATHENS 001156` after the first page's
/// preview, or after a record dump) opens a repeated header whose field lines (E.O., TAGS,
/// SUBJECT, REF, Classified By...) are furniture up to the first paragraph; a truncated
/// preview just before it (`¶1. (C) Summary: At the ...`, `C...`) gives way to the full text.
pub fn parse_body_in(text: &str, origin: &str, serial: Option<u32>) -> Body {
    let mut seq = Sequence::default();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut block: Option<Block> = None;
    // Inside a record dump (`id: 60170` ... `----- header ends -----`): its fields repeat the
    // header (the parser reads its refid and origin), so its lines are furniture.
    let mut in_dump = false;
    // Inside a site row pasted as lines (`10341` / `2003-08-27` / `03THEHAGUE2163` / `Embassy
    // The Hague` / `UNCLASSIFIED`): the field the next line is.
    let mut row_dump: Option<RowField> = None;
    // Lines left of a CSV row pasted before a copy of the cable (its columns and routing).
    let mut csv_skip = 0usize;
    let serial_text = serial.map(|n| format!("{n:06}"));
    let serial_finder = serial_text.as_deref().map(memmem::Finder::new);
    let mut repeat: Option<Repeat> = None;
    let mut classified_by = None;
    let mut cut_body;
    for raw in split_lines(text) {
        let hashed = raw.trim_start().starts_with('#');
        let line = markup::clean_line(raw);
        let mut t = line.trim();
        // A line-continuation mark a dump left at a line end (`Drucker \`, `NORLAND \v`: the
        // last line of a MySQL-escaped text, 07BOGOTA4029, 08TASHKENT153).
        if let Some(rest) = t.strip_suffix('\\').or_else(|| t.strip_suffix("\\v")) {
            t = rest.trim_end();
        }
        if in_dump || (is_dump_start(t) && dump_ends_below(text, raw)) {
            in_dump = !t.contains("header ends");
            continue;
        }
        if csv_skip > 0 {
            csv_skip -= 1;
            continue;
        }
        if let Some(f) = row_dump {
            if t.is_empty() {
                continue;
            }
            row_dump = f.next(t);
            if row_dump.is_some() {
                continue;
            }
        } else if let Some(n) = serial
            && is_csv_row_head(t)
            && let Some(skip) = csv_row_text(text, raw, n)
        {
            // `114457,7/5/2007 16:17,07THEHAGUE1295,"Embassy The` ... `","S E C R E T THE
            // HAGUE 001295`: the row's columns and the routing lines of its text field, up to
            // the copy of the classification line (which opens the repeated header).
            if let Some(b) = block.take() {
                emit(&mut out, &mut seq, b);
            }
            csv_skip = skip;
            continue;
        } else if is_row_number(t) && row_below(text, raw) {
            if let Some(b) = block.take() {
                emit(&mut out, &mut seq, b);
            }
            row_dump = Some(RowField::Date);
            continue;
        }
        if let Some(r) = &mut repeat {
            // The text after this line, for a look ahead at the header's SUBJECT.
            let at = (raw.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) + raw.len();
            match r.line(t, text.get(at..).unwrap_or("")) {
                RepeatLine::Furniture(cb) => {
                    if let Some(cb) = cb
                        && classified_by.is_none()
                    {
                        classified_by = Some(cb.to_string());
                    }
                    continue;
                }
                RepeatLine::BodyFrom(at) => {
                    repeat = None;
                    cut_body = t[at..].to_string();
                    t = cut_body.as_str();
                }
                RepeatLine::Body => repeat = None,
            }
        } else if let Some(f) = &serial_finder
            && f.find(t.as_bytes()).is_some()
            && classline::parse(t.trim_start_matches(['"', ',']))
                .is_some_and(|c| c.serial == serial)
        {
            if let Some(b) = block.take() {
                emit(&mut out, &mut seq, b);
            }
            drop_truncated_preview(&mut out, &mut seq);
            repeat = Some(Repeat::default());
            continue;
        }
        if t.is_empty() {
            if let Some(b) = block.take() {
                emit(&mut out, &mut seq, b);
            }
            continue;
        }
        if is_page_break(t) || is_banner(t) || is_junk(t) {
            continue;
        }
        let cut;
        let t = match pagebreak::cut_inline(t, origin) {
            Some(c) => {
                cut = c;
                cut.as_str()
            }
            None => t,
        };
        if is_rule(t) {
            match block.take() {
                Some(mut b) => {
                    b.rule_after = true;
                    emit(&mut out, &mut seq, b);
                }
                None => mark_rule_after(&mut out),
            }
            continue;
        }
        let starts_label = block.is_some() && label_starts(t, &seq);
        if starts_label && let Some(b) = block.take() {
            emit(&mut out, &mut seq, b);
        }
        let b = block.get_or_insert_with(|| Block {
            text: String::with_capacity(BLOCK_CAPACITY),
            hashed,
            ..Block::default()
        });
        if residue::glues_hyphen(&b.text, t) {
            // `FLARE-` / `UP`: one word; `DEMONSTRA-` / `TION`: one word without the hyphen.
            if residue::drops_hyphen(t) {
                b.text.pop();
            }
        } else if !b.text.is_empty() {
            b.text.push(' ');
        }
        b.text.push_str(t);
        b.lines += 1;
    }
    if let Some(b) = block.take() {
        emit(&mut out, &mut seq, b);
    }
    for (i, p) in out.iter_mut().enumerate() {
        p.n = i as u32 + 1;
        squeeze_in_place(&mut p.text);
        if PILCROW.find(p.text.as_bytes()).is_some() {
            p.text = drop_stray_pilcrows(&p.text);
        }
        if let Some(t) = residue::undouble_quotes(&p.text) {
            p.text = t;
        }
    }
    Body {
        paragraphs: out,
        classified_by,
    }
}

/// Where a line stands in a repeated header.
#[derive(Debug)]
struct Repeat {
    /// A blank line came after the last header line.
    after_blank: bool,
    /// Lines read so far.
    lines: usize,
    /// The field the last line was, whose text may go on on the next line.
    open: Open,
    /// A TAGS or SUBJECT line was read.
    core: bool,
}

impl Default for Repeat {
    fn default() -> Self {
        Repeat {
            after_blank: false,
            lines: 0,
            // Under the classification line: `SIPDIS`, an address line (`DEPT FOR ...`).
            open: Open::Short,
            core: false,
        }
    }
}

/// What a line under a header line may continue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Nothing: the next line is a field or the body.
    None,
    /// A REF list: its lettered items (`¶B. QUITO 103`) go on, even after a blank line.
    Ref,
    /// A subject, a REF list, a `Classified By` reason, an address: a short line goes on.
    Short,
}

enum RepeatLine<'a> {
    /// A header line (with the `Classified By` text it gives, if it is that line).
    Furniture(Option<&'a str>),
    /// The body starts here.
    Body,
    /// The body starts at this byte of a header line it is glued to.
    BodyFrom(usize),
}

impl Repeat {
    /// Read the header line `t`; `rest` is the text below it.
    fn line<'a>(&mut self, t: &'a str, rest: &str) -> RepeatLine<'a> {
        if t.is_empty() {
            self.after_blank = true;
            return RepeatLine::Furniture(None);
        }
        self.lines += 1;
        if self.open == Open::Ref && is_ref_item(t) {
            self.after_blank = false;
            return RepeatLine::Furniture(None);
        }
        if self.lines > REPEAT_MAX_LINES || is_paragraph_start(t) {
            return RepeatLine::Body;
        }
        let u = t.get(..t.len().min(24)).unwrap_or(t).to_ascii_uppercase();
        let classified = is_classified_by(&u);
        let short_field =
            classified || strip_subject_label(t).is_some() || strip_ref_label(t).is_some();
        // `SIPDIS`, `NOFORN` between the classification line and an address line under it.
        // A correction note (`C O R R E C T E D    C O P Y  (PARAGRAPH 10) NOTE ADDED`) too.
        let caveat = u.starts_with("SIPDIS")
            || u.starts_with("NOFORN")
            || u.starts_with("C O R R E C T E D")
            || u.starts_with("CORRECTED COPY");
        let field = short_field
            || caveat
            || is_eo_line(&u)
            || u.starts_with("DECL")
            || tagline::strip_label(t).is_some();
        if !field && !self.core && t.len() <= 80 && crate::cable::header::subject_ahead(rest) {
            // Address lines between the classification line and the TAGS/SUBJECT lines, after
            // a blank line (`DEPT FOR S/P, IO/UNP` / `JCS FOR J-5`, 00THEHAGUE1695's copy).
            return RepeatLine::Furniture(None);
        }
        if !field {
            // A line goes on only right under a subject, REF or `Classified By` line (or the
            // classification line), and only a short one: `POLITICAL PARTIES. THE CHALLENGE`
            // under a TAGS line is the body that a page break cut.
            if self.after_blank || self.open != Open::Short || t.len() > 80 {
                return RepeatLine::Body;
            }
            return RepeatLine::Furniture(None);
        }
        self.after_blank = false;
        self.core |= strip_subject_label(t).is_some() || tagline::strip_label(t).is_some();
        if strip_ref_label(t).is_some() {
            self.open = Open::Ref;
        } else if short_field {
            self.open = Open::Short;
        } else if !caveat {
            self.open = Open::None;
        }
        // `... REF: VILNIUS 663 1. (SBU)`: paragraph 1 glued to the last header line; a long
        // line may also hold a paragraph opened by its marking alone (`... 1.4 (d) (C) The`).
        let numbered = [" 1. (", " 1.(", "  1. "]
            .iter()
            .filter_map(|m| t.find(m).map(|i| i + 1))
            .min();
        let glued = numbered.or_else(|| {
            (t.len() >= 200)
                .then(|| relines::glued_paragraph(t))
                .flatten()
        });
        if let Some(at) = glued {
            return RepeatLine::BodyFrom(at);
        }
        RepeatLine::Furniture(classified.then(|| crate::cable::header::strip_classified_by(t)))
    }
}

/// `¶B. QUITO 103`, `C. 08 QUITO 783 (NOTAL)`: a lettered REF item citing a serial.
fn is_ref_item(t: &str) -> bool {
    let s = t
        .trim_start_matches('¶')
        .trim_start()
        .trim_start_matches('(');
    let b = s.as_bytes();
    b.len() > 3
        && b[0].is_ascii_uppercase()
        && matches!(b[1], b'.' | b')')
        && b[2] == b' '
        && t.len() < 100
        && t.bytes().any(|c| c.is_ascii_digit())
}

/// A repeated header is at most this many lines.
const REPEAT_MAX_LINES: usize = 40;

/// The paragraphs at the end of `out` that a site page cut short (`... At the ...`, `C...`)
/// before the full text follows: dropped, and the label sequence starts again if none is left
/// before them.
fn drop_truncated_preview(out: &mut Vec<Paragraph>, seq: &mut Sequence) {
    let mut dropped = false;
    while out.last().is_some_and(|p| p.text.ends_with("...")) {
        out.pop();
        dropped = true;
    }
    if dropped && out.iter().all(|p| p.label.is_none()) {
        *seq = Sequence::default();
    }
}

/// A label at the start of a line inside a block opens a new paragraph only when it fits the
/// running sequence (so `2006. The` inside a sentence does not).
fn label_starts(t: &str, seq: &Sequence) -> bool {
    let Some(c) = labels::candidate(t) else {
        return false;
    };
    if c.explicit || c.written.bytes().any(|b| b.is_ascii_alphabetic()) {
        return c.explicit || labels::marking(c.rest).is_some();
    }
    let mut probe = seq.clone();
    matches!(probe.resolve(&c), Resolved::Label(_))
}

/// A rule line right after a heading (an underline): mark the heading.
fn mark_rule_after(out: &mut [Paragraph]) {
    if let Some(p) = out.last_mut()
        && p.kind == ParagraphKind::Text
        && is_heading_text(&p.text)
    {
        p.kind = ParagraphKind::Heading;
    }
}

fn emit(out: &mut Vec<Paragraph>, seq: &mut Sequence, b: Block) {
    let text = b.text.as_str();
    let mut label = None;
    let mut body = text;
    let mut repaired = None;
    if let Some(c) = labels::candidate(text) {
        match seq.resolve(&c) {
            Resolved::Label(l) => {
                label = Some(l);
                body = c.rest;
            }
            Resolved::NotLabel { repaired: r } => repaired = r,
        }
    }
    let mut marking = None;
    if let Some((m, rest)) = labels::marking(body) {
        marking = Some(m.to_string());
        body = rest;
    }
    let body = repaired.as_deref().unwrap_or(body);
    let prev = out.last_mut();
    // A line between rules, or underlined by one, or written as `####`, is a heading.
    let explicit_heading = b.hashed || b.rule_after || is_paragraph_heading(body);
    if label.is_none()
        && marking.is_none()
        && !explicit_heading
        && let Some(p) = prev
        && p.kind != ParagraphKind::Heading
        && continues(&p.text, body)
    {
        join(&mut p.text, body);
        return;
    }
    let prev_closed = out
        .last()
        .is_none_or(|p| ends_sentence(&p.text) || p.kind == ParagraphKind::Heading);
    let kind = if label.is_some() {
        ParagraphKind::Numbered
    } else if explicit_heading
        || (marking.is_none()
            && b.lines == 1
            && prev_closed
            && is_heading_text(body)
            && is_caps(body))
    {
        ParagraphKind::Heading
    } else {
        ParagraphKind::Text
    };
    if label.is_none() && marking.is_none() && body.is_empty() {
        return;
    }
    // The paragraph keeps the block's buffer, cut to the body, where the body is part of it.
    let text = match repaired {
        Some(r) => r,
        None => {
            let start = (body.as_ptr() as usize).wrapping_sub(b.text.as_ptr() as usize);
            let end = start.wrapping_add(body.len());
            if start <= end && end <= b.text.len() {
                let mut text = b.text;
                text.truncate(end);
                text.drain(..start);
                text
            } else {
                body.to_string()
            }
        }
    };
    out.push(Paragraph {
        n: 0,
        label,
        marking,
        kind,
        text,
    });
}

/// `PARAGRAPH 27: Investigation and Prosecution`.
fn is_paragraph_heading(t: &str) -> bool {
    t.strip_prefix("PARAGRAPH ")
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|r| r.starts_with(':'))
        && t.len() < 100
}

fn is_heading_text(t: &str) -> bool {
    t.len() <= 80 && !ends_sentence(t) && !t.ends_with(',')
}

fn is_caps(t: &str) -> bool {
    t.bytes().any(|b| b.is_ascii_uppercase()) && !t.bytes().any(|b| b.is_ascii_lowercase())
}

/// True when `next` continues the sentence `prev` left open.
fn continues(prev: &str, next: &str) -> bool {
    !ends_sentence(prev)
        && !next.starts_with("--")
        && !next.starts_with("- ")
        && !next.starts_with("* ")
        && !prev.is_empty()
}

/// Ends with sentence punctuation, a closing bracket, a quote closed after punctuation
/// (`noise."` but not `relations,"`), or a dangling ` -`.
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    let unquoted = t.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}']);
    if unquoted.len() < t.len() {
        return unquoted.ends_with(['.', '!', '?', ':', ';']);
    }
    t.ends_with(" -") || t.ends_with(['.', '!', '?', ':', ';', ')', ']'])
}

/// A `¶` glued to a year inside a sentence (`corruption in ¶2009.`) is a converter's mark
/// for a line break, not a paragraph sign.
fn drop_stray_pilcrows(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('¶') {
        let after = &rest[i + '¶'.len_utf8()..];
        let year = after.len() >= 4
            && (after.starts_with("19") || after.starts_with("20"))
            && after.as_bytes()[..4].iter().all(|b| b.is_ascii_digit())
            && !after.as_bytes().get(4).is_some_and(|b| b.is_ascii_digit());
        out.push_str(&rest[..i]);
        if !(year && i > 0) {
            out.push('¶');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn join(prev: &mut String, next: &str) {
    let glue_hyphen = prev.ends_with('-') && !prev.ends_with(" -") && !prev.ends_with("--");
    if !glue_hyphen {
        prev.push(' ');
    }
    prev.push_str(next);
}

/// A rule: `-----`, `=====`, `_____`, `*****`.
fn is_rule(t: &str) -> bool {
    t.len() >= 3
        && t.bytes()
            .all(|b| matches!(b, b'-' | b'=' | b'_' | b'*' | b' '))
        && t.bytes().filter(|&b| b != b' ').count() >= 3
}

/// `id: 60170`: the first line of a record dump.
fn is_dump_start(t: &str) -> bool {
    t.strip_prefix("id: ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A `header ends` line closes the dump that `line` (a slice of `text`) opens, within 80
/// lines and with a `refid:` line among them.
fn dump_ends_below(text: &str, line: &str) -> bool {
    let start = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let rest = text.get(start..).unwrap_or("");
    let mut refid = false;
    for l in split_lines(rest).take(80) {
        refid |= l.trim_start().starts_with("refid:");
        if l.contains("header ends") {
            return refid;
        }
    }
    false
}

/// The fields of a cablegate site row pasted into the text, one line each, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowField {
    Date,
    Id,
    Origin,
    Classification,
    /// The ids the cable cites (`08CARACAS695|08HAVANA462`), if any.
    Refs,
}

impl RowField {
    /// The field after this one when `t` is this field's line, else `None` (the row ended
    /// before `t`).
    fn next(self, t: &str) -> Option<RowField> {
        match self {
            RowField::Date => is_iso_date(t).then_some(RowField::Id),
            RowField::Id => crate::cable::header::is_canonical_id(t).then_some(RowField::Origin),
            RowField::Origin => (t.len() <= 60
                && !t.bytes().any(|b| b.is_ascii_digit())
                && classline::parse(t).is_none())
            .then_some(RowField::Classification),
            RowField::Classification => is_class_name(t).then_some(RowField::Refs),
            // After the refs, the cable's text: nothing more of the row.
            RowField::Refs => None,
        }
        .or_else(|| {
            // `04SECSTATE115541`, `08CARACAS695|08HAVANA462`: the refs column, last.
            (self == RowField::Refs
                && t.split('|').all(crate::cable::header::is_canonical_id)
                && !t.is_empty())
            .then_some(RowField::Refs)
        })
    }
}

/// `114457,7/5/2007 16:17,07THEHAGUE1295,...`: the first line of a cables.csv row (number,
/// date and time, id).
fn is_csv_row_head(t: &str) -> bool {
    if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut cols = t.splitn(4, ',');
    let (Some(n), Some(date), Some(id)) = (cols.next(), cols.next(), cols.next()) else {
        return false;
    };
    !n.is_empty()
        && n.len() <= 7
        && n.bytes().all(|b| b.is_ascii_digit())
        && date.len() >= 8
        && date.bytes().filter(|&b| b == b'/').count() == 2
        && crate::cable::header::is_canonical_id(id)
}

/// How many lines after `line` (a slice of `text`, a CSV row's first line) belong to the row
/// before the copy of the classification line with `serial` (`","S E C R E T THE HAGUE
/// 001295`) that starts its text field; `None` when no such line follows within 60 lines.
fn csv_row_text(text: &str, line: &str, serial: u32) -> Option<usize> {
    let start = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) + line.len();
    split_lines(text.get(start..).unwrap_or(""))
        .skip(1)
        .take(60)
        .position(|l| {
            let t = l.trim().trim_start_matches(['"', ',']);
            classline::parse(t).is_some_and(|c| c.serial == Some(serial))
        })
}

/// `10341`: a site row's number, alone on its line.
fn is_row_number(t: &str) -> bool {
    (3..=7).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// `2003-08-27`, `2006-03-17 22:11:00`.
fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (b.len() == 10 || b[10] == b' ')
}

/// `UNCLASSIFIED`, `CONFIDENTIAL//NOFORN`, `UNCLASSIFIED//FOR OFFICIAL USE ONLY`: the site's
/// classification column.
fn is_class_name(t: &str) -> bool {
    let level = t.split("//").next().unwrap_or(t);
    matches!(
        level,
        "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET" | "LIMITED OFFICIAL USE" | "TOP SECRET"
    )
}

/// The next two lines after `line` (a slice of `text`) that say something are a site row's
/// date and id: `line` is the row's number.
fn row_below(text: &str, line: &str) -> bool {
    let start = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) + line.len();
    let mut next = split_lines(text.get(start..).unwrap_or(""))
        .map(str::trim)
        .filter(|l| !l.is_empty());
    next.next().is_some_and(is_iso_date)
        && next
            .next()
            .is_some_and(crate::cable::header::is_canonical_id)
}

/// `NNNN`, `BT`, `SIPDIS`, routing `#1319` lines.
fn is_junk(t: &str) -> bool {
    matches!(t, "NNNN" | "BT" | "SIPDIS" | "Sipdis")
        || pagebreak::is_end_banner(t)
        || (t.starts_with('#') && t[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Single spaces only: the text is trimmed and runs of ASCII spaces collapse (the text has no
/// tabs or line ends left by now), in place; runs are found with a SIMD substring search.
fn squeeze_in_place(s: &mut String) {
    let trimmed = s.trim();
    let start = trimmed.as_ptr() as usize - s.as_ptr() as usize;
    let end = start + trimmed.len();
    let Some(first) = DOUBLE_SPACE.find(trimmed.as_bytes()) else {
        if end - start != s.len() {
            s.truncate(end);
            s.drain(..start);
        }
        return;
    };
    let mut bytes = std::mem::take(s).into_bytes();
    bytes.truncate(end);
    bytes.drain(..start);
    // `w`: end of the squeezed text; `r`: where reading goes on (after one kept space).
    let mut w = first + 1;
    let mut r = w;
    loop {
        while bytes.get(r) == Some(&b' ') {
            r += 1;
        }
        let tail = bytes.get(r..).unwrap_or_default();
        let n = DOUBLE_SPACE.find(tail).map_or(tail.len(), |j| j + 1);
        bytes.copy_within(r..r + n, w);
        w += n;
        r += n;
        if r >= bytes.len() {
            break;
        }
    }
    bytes.truncate(w);
    // Only ASCII spaces were removed: still UTF-8.
    *s = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

static PILCROW: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("¶".as_bytes()));

static DOUBLE_SPACE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"  "));

#[cfg(test)]
mod tests {
    use super::squeeze_in_place;

    #[test]
    fn squeezing_collapses_runs_of_spaces_and_trims() {
        for (input, want) in [
            ("", ""),
            ("a", "a"),
            ("  a  ", "a"),
            ("a  b", "a b"),
            ("a b  c   d    é", "a b c d é"),
            ("\u{a0} x  y \u{a0}", "x y"),
            ("END.  NEXT  ", "END. NEXT"),
        ] {
            let mut s = input.to_string();
            squeeze_in_place(&mut s);
            assert_eq!(s, want, "{input:?}");
        }
    }
}
