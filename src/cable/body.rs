//! The cable's body: clean-up and reflow into paragraphs, independent of any width.
//!
//! Lines are cleaned (markdown, `\$`, LaTeX marks), page-break lines, banners, rules and `NNNN`
//! are dropped, lines are grouped into blocks at blank lines and at paragraph labels, labels are
//! repaired against the running sequence, and a block that continues a sentence cut by a page
//! break or a stray blank line is joined to the paragraph before it.

use super::header::{is_banner, is_page_break};
use super::labels::{self, Resolved, Sequence};
use super::lines::split_lines;
use super::{Paragraph, ParagraphKind, markup, pagebreak, residue};
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
    let mut seq = Sequence::default();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut block: Option<Block> = None;
    // Inside a record dump (`id: 60170` ... `----- header ends -----`): its fields repeat the
    // header (the parser reads its refid and origin), so its lines are furniture.
    let mut in_dump = false;
    for raw in split_lines(text) {
        let hashed = raw.trim_start().starts_with('#');
        let line = markup::clean_line(raw);
        let t = line.trim();
        if in_dump || (is_dump_start(t) && dump_ends_below(text, raw)) {
            in_dump = !t.contains("header ends");
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
    out
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
