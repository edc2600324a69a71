//! Line breaks back into texts that lost them (mongoexport JSON, some API dumps), so the
//! header and body rules, which work line by line, can read them.

use super::linesplit::split_lines_inclusive;
use aho_corasick::{AhoCorasick, MatchKind};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Markers that begin a line in a cable, in the case forms found in the dumps. Words that
/// also occur inside sentences (`TO`, `INFO`) are left out: a wrong break would cut a sentence.
const LINE_STARTS: &[&str] = &[
    "SIPDIS",
    "Sipdis",
    "E.O. 12958",
    "E.o. 12958",
    "EO 12958",
    "TAGS:",
    "Tags:",
    "SUBJECT:",
    "Subject:",
    "SUBJ:",
    "REF:",
    "Classified By",
    "Classified by",
];

/// When lines of `text` lost their newlines, put them back: a blank line before every `¶`,
/// a line break before the header markers. A line counts as collapsed when a header marker
/// stands inside it, or when it holds two or more `¶` marks; other lines stay as they are.
pub fn restore_line_breaks(text: &str) -> Cow<'_, str> {
    let collapsed = collapsed_lines(text);
    let relined = if collapsed.is_empty() {
        Cow::Borrowed(text)
    } else {
        let mut out = String::with_capacity(text.len() + text.len() / 50);
        let mut at = 0;
        for (start, end) in collapsed {
            out.push_str(text.get(at..start).unwrap_or(""));
            reline(text.get(start..end).unwrap_or(""), &mut out);
            at = end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        Cow::Owned(out)
    };
    match split_glued_body(&relined) {
        Some(split) => Cow::Owned(split),
        None => relined,
    }
}

/// Header lines (`Classified By`, `REASON`, `REF`, `SUBJECT`) long enough to hold the body
/// glued after them.
const GLUED_MIN: usize = 200;

/// `Classified By: ... reasons 1.4 b, d (C) Embassy London passed ...`: a blank line put
/// before the first paragraph glued to a header line, so the body is not read as header.
fn split_glued_body(text: &str) -> Option<String> {
    let mut at = 0;
    for line in split_lines_inclusive(text).take(120) {
        let start = at;
        at += line.len();
        if line.len() < GLUED_MIN {
            continue;
        }
        let head = line.get(..13).unwrap_or(line).to_ascii_uppercase();
        let header = ["CLASSIFIED BY", "REASON", "REF", "SUBJECT"]
            .iter()
            .any(|p| head.starts_with(p));
        if let Some(cut) = header.then(|| glued_paragraph(line)).flatten() {
            let mut out = String::with_capacity(text.len() + 2);
            out.push_str(&text[..start]);
            out.push_str(line[..cut].trim_end());
            out.push_str("\n\n");
            out.push_str(&text[start + cut..]);
            return Some(out);
        }
    }
    None
}

/// Where a paragraph starts inside a long header line: `1. (C)`, `1.(C)`, or a portion
/// marking before a capitalised word (`(C) Embassy`, not `(C) AND (D)` in a reason list).
pub(crate) fn glued_paragraph(line: &str) -> Option<usize> {
    let numbered = [" 1. (", " 1.(", "  1. "]
        .iter()
        .filter_map(|m| line.find(m).map(|i| i + m.len() - m.trim_start().len()));
    let marked = [
        "(C) ", "(S) ", "(U) ", "(SBU) ", "(S/NF) ", "(C/NF) ", "(S//NF) ",
    ]
    .iter()
    .flat_map(|m| line.match_indices(m).map(move |(i, _)| (i, m.len())))
    .filter(|&(i, len)| {
        let before = line[..i].trim_end();
        let next = line[i + len..].split_whitespace().next().unwrap_or("");
        line[..i].ends_with(' ')
            && !before.ends_with([',', '(', ':'])
            && next.starts_with(|c: char| c.is_ascii_uppercase())
            && !matches!(next, "AND" | "OR")
    })
    .map(|(i, _)| i);
    numbered.chain(marked).filter(|&i| i > 4).min()
}

/// The collapsed lines of `text` (byte ranges with their `\n`, in order), without visiting
/// every line: one pass finds every marker in the text (each is checked to stand inside its
/// line, not at its start), and the lines holding a `¶` are checked for a second one.
fn collapsed_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let line_at = |p: usize| {
        let start = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |i| p + i);
        (start, end)
    };
    let mut lines = Vec::new();
    let mut from = 0;
    while let Some(m) = MARKER_FINDER.find(b.get(from..).unwrap_or_default()) {
        let at = from + m.start();
        let (start, end) = line_at(at);
        if at >= start + inner_start(text.get(start..end).unwrap_or("")) {
            lines.push((start, end));
            from = end;
        } else {
            from = at + 1;
        }
    }
    // `¶` is C2 B6 in UTF-8; each line holding one is checked once.
    let mut checked_until = 0;
    for p in memchr::memchr_iter(0xB6, b) {
        if p < checked_until {
            continue;
        }
        let (start, end) = line_at(p);
        checked_until = end;
        if is_collapsed(text.get(start..end).unwrap_or("")) {
            lines.push((start, end));
        }
    }
    lines.sort_unstable();
    lines.dedup();
    // Each line with its `\n`, as `split_inclusive` gives it.
    for line in &mut lines {
        if b.get(line.1) == Some(&b'\n') {
            line.1 += 1;
        }
    }
    lines
}

fn is_collapsed(line: &str) -> bool {
    let label = label_len(line);
    let after_label = line.get(label..).unwrap_or("");
    let b = after_label.as_bytes();
    let mut pilcrows = memchr::memchr_iter(0xB6, b).filter(|&p| p > 0 && b[p - 1] == 0xC2);
    pilcrows.nth(1).is_some() || has_marker(line.get(inner_start(line)..).unwrap_or(""))
}

/// Where the part of a line that a marker must stand in starts: after the paragraph label
/// and the first character (a marker there begins the line already).
fn inner_start(line: &str) -> usize {
    let label = label_len(line);
    let first = line
        .get(label..)
        .and_then(|r| r.chars().next())
        .map_or(0, char::len_utf8);
    label + first
}

/// `inner` holds one of `LINE_STARTS` (as [`MARKERS`] spell them inside a line).
fn has_marker(inner: &str) -> bool {
    MARKER_FINDER.is_match(inner)
}

/// `LINE_STARTS` as they are recognised inside a line: the field labels with their colon,
/// the order number after `E.O.`, `Classified` followed by `B`/`b`.
const MARKERS: &[&str] = &[
    "TAGS:",
    "Tags:",
    "SUBJECT:",
    "Subject:",
    "SUBJ:",
    "REF:",
    "E.O. 12958",
    "E.o. 12958",
    "EO 12958",
    "SIPDIS",
    "Sipdis",
    "Classified B",
    "Classified b",
];

/// All [`MARKERS`] in one automaton: one SIMD-prefiltered pass instead of one per marker.
#[allow(
    clippy::expect_used,
    reason = "fixed patterns: they build, and every parser test would fail if they did not"
)]
static MARKER_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(MARKERS)
        .expect("static patterns")
});

/// The paragraph label and portion marking a line starts with (`1. `, `12. (U) `, `(U) `):
/// a marker right after them (`1. Classified by ...`, `(U) Classified by ...`) begins the
/// line already.
fn label_len(line: &str) -> usize {
    let b = line.as_bytes();
    let mut i = b.iter().take_while(|c| **c == b' ').count();
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        if digits > 3 || b.get(i + digits) != Some(&b'.') {
            return 0;
        }
        i += digits + 1;
        i += b[i..].iter().take_while(|c| **c == b' ').count();
    } else if b.get(i) != Some(&b'(') {
        return 0;
    }
    if b.get(i) == Some(&b'(')
        && let Some(close) = b[i..].iter().take(6).position(|c| *c == b')')
    {
        i += close + 1;
        i += b[i..].iter().take_while(|c| **c == b' ').count();
    } else if digits == 0 {
        return 0;
    }
    i
}

fn reline(line: &str, out: &mut String) {
    let skip = label_len(line);
    out.push_str(&line[..skip]);
    let mut rest = &line[skip..];
    let mut at_start = true;
    while let Some(c) = rest.chars().next() {
        if !at_start && !out.ends_with('\n') {
            if c == '¶' {
                out.push_str("\n\n");
            } else if LINE_STARTS.iter().any(|m| rest.starts_with(m)) {
                out.push('\n');
            }
        }
        at_start = false;
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_anchor_scan_agrees_with_checking_every_line() {
        let texts = [
            "UNCLAS\nTAGS: PGOV\nSUBJECT: X\n\n1. Text.\n",
            "UNCLAS SIPDIS E.O. 12958: N/A TAGS: PGOV SUBJECT: X 1. Text.",
            "line one\n2. Classified By: Ambassador, reasons 1.4 (b)\n",
            "a ¶1. one ¶2. two\nplain\n",
            "1. TAGS: at the start\nno marker here\n",
            "d\u{f6}ner: ok\n\u{b6}\n",
            "TAGS: X SUBJECT: Y\nplain\nSIPDIS TAGS: Z\n¶1. a ¶2. b",
            "x\n\nREF: A SUBJECT: B",
            "",
        ];
        for text in texts {
            let found: Vec<&str> = collapsed_lines(text)
                .into_iter()
                .map(|(s, e)| &text[s..e])
                .collect();
            let every: Vec<&str> = split_lines_inclusive(text)
                .filter(|l| is_collapsed(l))
                .collect();
            assert_eq!(found, every, "{text:?}");
        }
    }

    #[test]
    fn every_marker_is_found_inside_a_line() {
        for m in LINE_STARTS {
            assert!(
                matches!(m.as_bytes()[0], b'S' | b'E' | b'T' | b'R' | b'C'),
                "{m}"
            );
            assert!(has_marker(&format!("x {m} y")));
        }
        assert!(!has_marker("Secretary Rice met the Committee."));
        assert!(!has_marker(
            "classified by the Ambassador; TAG: REFS: 12958"
        ));
    }

    #[test]
    fn short_texts_are_untouched() {
        assert!(matches!(
            restore_line_breaks("a\nb ¶1. c"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn paragraphs_and_subject_get_their_lines_back() {
        let filler = "word ".repeat(40);
        let text = format!(
            "CONFIDENTIAL ANKARA 000348SUBJECT: ERDOGAN GOES TO WASHINGTON¶1. (C) {filler}¶2. (C) More."
        );
        let fixed = restore_line_breaks(&text);
        assert!(fixed.contains("000348\nSUBJECT: ERDOGAN GOES TO WASHINGTON\n\n¶1. (C) word"));
        assert!(fixed.contains("\n\n¶2. (C) More."));
    }

    #[test]
    fn a_body_glued_to_a_header_line_gets_its_own_block() {
        let body = "Embassy London passed reftel points. ".repeat(8);
        let text =
            format!("SUBJECT: X\nClassified By: PolCouns Mills, reasons 1.4 b, d (C) {body}\n");
        let fixed = restore_line_breaks(&text);
        assert!(
            fixed.contains("reasons 1.4 b, d\n\n(C) Embassy London"),
            "{fixed}"
        );
        let text = format!("REASON: 1.4 (B), (C) AND (D) 1. (C) {body}\n");
        let fixed = restore_line_breaks(&text);
        assert!(
            fixed.starts_with("REASON: 1.4 (B), (C) AND (D)\n\n1. (C) Embassy"),
            "{fixed}"
        );
        let text = format!("SUBJECT: (C) A TITLE {body}\n");
        assert_eq!(restore_line_breaks(&text), text);
        let short = "Classified By: Ambassador X, reasons 1.4 (C) and (D).\n";
        assert_eq!(restore_line_breaks(short), short);
    }

    #[test]
    fn a_marker_after_a_paragraph_label_stays_on_its_line() {
        let text = "SUBJECT: talks\n1. Classified by Secretary Gordon.\n2. (U) Classified by X.\n";
        assert_eq!(restore_line_breaks(text), text);
        // 02ANKARA8852: ` (U) Classified by Ambassador W.R. Pearson; reasons: 1.5 (b,d).`
        let text = "SUBJECT: X\n\n (U) Classified by Ambassador Pearson; reasons: 1.5 (b,d).\n";
        assert_eq!(restore_line_breaks(text), text);
    }
}
