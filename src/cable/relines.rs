//! Line breaks back into texts that lost them (mongoexport JSON, some API dumps), so the
//! header and body rules, which work line by line, can read them.

use std::borrow::Cow;

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
    if !text.lines().any(is_collapsed) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    for line in text.split_inclusive('\n') {
        if is_collapsed(line) {
            reline(line, &mut out);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

fn is_collapsed(line: &str) -> bool {
    let line = &line[label_len(line)..];
    let inner = line.char_indices().nth(1).map_or("", |(i, _)| &line[i..]);
    line.matches('¶').nth(1).is_some() || LINE_STARTS.iter().any(|m| inner.contains(m))
}

/// The paragraph label a line starts with (`1. `, `12. (U) `): a marker right after it
/// (`1. Classified by ...`) begins the line already.
fn label_len(line: &str) -> usize {
    let b = line.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) || b.get(digits) != Some(&b'.') {
        return 0;
    }
    let mut i = digits + 1;
    i += b[i..].iter().take_while(|c| **c == b' ').count();
    if b.get(i) == Some(&b'(')
        && let Some(close) = b[i..].iter().take(6).position(|c| *c == b')')
    {
        i += close + 1;
        i += b[i..].iter().take_while(|c| **c == b' ').count();
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
    fn a_marker_after_a_paragraph_label_stays_on_its_line() {
        let text = "SUBJECT: talks\n1. Classified by Secretary Gordon.\n2. (U) Classified by X.\n";
        assert_eq!(restore_line_breaks(text), text);
    }
}
