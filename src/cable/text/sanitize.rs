//! Text hygiene at ingest: decoding of arbitrary bytes, and removal of everything that could
//! act on a terminal (C0/C1 controls, escape sequences, bidi and zero-width controls).

use std::borrow::Cow;

/// Decode bytes as UTF-8 (a BOM is dropped); UTF-16 text (a BOM, or ASCII-range text with
/// every other byte NUL) is decoded as such; other bytes that are not UTF-8 are read as
/// Windows-1252.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(encoding) = utf16(bytes) {
        let (text, _, _) = encoding.decode(bytes);
        return Cow::Owned(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Cow::Owned(text.into_owned())
        }
    }
}

/// The UTF-16 encoding `bytes` are in, if they are: a byte order mark, or (without one) text
/// whose first kilobyte has a NUL in every other byte and nowhere else, as ASCII-range
/// UTF-16 has.
pub fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => return Some(encoding_rs::UTF_16BE),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    let (mut low_nul, mut high_nul, mut both) = (0, 0, 0);
    for pair in pairs {
        match (pair[0] == 0, pair[1] == 0) {
            (false, true) => low_nul += 1,
            (true, false) => high_nul += 1,
            (true, true) => both += 1,
            (false, false) => {}
        }
    }
    let n = head.len() / 2;
    if both == 0 && low_nul * 10 >= n * 9 {
        Some(encoding_rs::UTF_16LE)
    } else if both == 0 && high_nul * 10 >= n * 9 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True for characters that must never be sent to a terminal as they are: C0 controls but
/// newline and tab, DEL, C1 controls, bidi controls (embeddings, overrides, isolates, marks)
/// and invisible formatting characters (zero-width, word joiner, line/paragraph separators).
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c,
            '\u{061C}' // Arabic letter mark (bidi)
            | '\u{180E}' // Mongolian vowel separator (zero-width)
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, isolates, shaping
            | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// [`sanitize`] for a one-line field (an id, a subject, an address): line breaks become
/// spaces too, so a field can never start a new line of a listing.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    match sanitize(text) {
        Cow::Borrowed(s) if !s.contains('\n') => Cow::Borrowed(s),
        cleaned => Cow::Owned(cleaned.replace('\n', " ")),
    }
}

/// Text shown safely in a message, kept recognisable: every character [`is_unsafe_char`]
/// rejects, and newline and tab, is written as an escape (`\u{1b}`, `\n`), so a hostile
/// file name is named, not obeyed. Idempotent: what it returns comes back unchanged.
pub fn shown(text: &str) -> Cow<'_, str> {
    let escape = |c: char| is_unsafe_char(c) || matches!(c, '\n' | '\t');
    if !text.chars().any(escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if escape(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path shown safely in a message (see [`shown`]); names that are not UTF-8 are shown
/// with replacement characters.
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.to_string_lossy()).into_owned()
}

/// Clean `field` in place with `clean`, allocating only when something changes.
fn clean_in_place(field: &mut String, clean: fn(&str) -> Cow<'_, str>) {
    if let Cow::Owned(cleaned) = clean(field) {
        *field = cleaned;
    }
}

/// What [`sanitize_cable`] and the id grammar promise, checked on a made cable: the first
/// string anywhere in it (every field and key of its JSON form) holding a character
/// [`is_unsafe_char`] rejects, or an id that is neither empty nor an id. `None` when the
/// cable keeps the promise. The fuzz targets and the property tests check every cable they
/// make with it.
pub fn broken_promise(cable: &crate::cable::Cable) -> Option<String> {
    fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, i)| {
                out.push(k);
                strings(i, out)
            }),
            _ => {}
        }
    }
    let value = match serde_json::to_value(cable) {
        Ok(value) => value,
        Err(e) => return Some(format!("the cable does not serialize: {e}")),
    };
    let mut all = Vec::new();
    strings(&value, &mut all);
    if let Some(s) = all.iter().find(|s| s.chars().any(is_unsafe_char)) {
        return Some(format!("unsafe character in {s:?}"));
    }
    (!cable.id.is_empty() && !crate::cable::ids::is_valid_id(&cable.id))
        .then(|| format!("id {:?} is not an id", cable.id))
}

/// The last step of every way a cable is made (parsing, a source's metadata merged in,
/// entity decoding anywhere before): every text field goes through [`sanitize`] (one-line
/// fields through [`sanitize_line`]), so nothing a cable holds can act on a terminal.
pub fn sanitize_cable(cable: &mut crate::cable::Cable) {
    for field in [
        &mut cable.id,
        &mut cable.origin,
        &mut cable.from,
        &mut cable.classification_raw,
        &mut cable.subject,
        &mut cable.classified_by,
    ] {
        clean_in_place(field, sanitize_line);
    }
    let lists = [
        &mut cable.to,
        &mut cable.info,
        &mut cable.caveats,
        &mut cable.tags,
        &mut cable.references,
        &mut cable.warnings,
    ];
    for list in lists {
        list.iter_mut()
            .for_each(|field| clean_in_place(field, sanitize_line));
    }
    for field in [&mut cable.signer, &mut cable.partial]
        .into_iter()
        .flatten()
    {
        clean_in_place(field, sanitize_line);
    }
    for p in &mut cable.paragraphs {
        clean_in_place(&mut p.text, sanitize);
        for field in [&mut p.label, &mut p.marking].into_iter().flatten() {
            clean_in_place(field, sanitize_line);
        }
    }
}

/// Make text safe: CRLF and CR become LF, tabs become spaces, ANSI escape sequences are
/// removed whole, and any other control or invisible formatting character is dropped.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Copy the run of plain ASCII up to the next byte that may need work.
        let i = next_special(rest.as_bytes());
        out.push_str(&rest[..i]);
        let mut chars = rest[i..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        match c {
            '\r' => {
                if !chars.as_str().starts_with('\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push_str("    "),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{1B}' => skip_escape(&mut chars),
            // C1 CSI/OSC/DCS introducers: skip their parameters like ESC [ / ESC ].
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{9E}' | '\u{9F}' => skip_string(&mut chars),
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
        rest = chars.as_str();
    }
    Cow::Owned(out)
}

/// The first byte that may need work (a control but newline, DEL, or non-ASCII), or the
/// length: 32-byte chunks of plain text are skipped without branching per byte.
fn next_special(b: &[u8]) -> usize {
    let special = |c: u8| ((c < 0x20) & (c != b'\n')) | (c >= 0x7F);
    let mut start = 0;
    for chunk in b.chunks_exact(32) {
        if chunk.iter().fold(false, |found, &c| found | special(c)) {
            break;
        }
        start += 32;
    }
    let tail = b.get(start..).unwrap_or_default();
    start + tail.iter().position(|&c| special(c)).unwrap_or(tail.len())
}

/// A fast byte scan for anything [`sanitize`] would change: C0 controls but newline, DEL,
/// and the UTF-8 forms of C1 controls (`C2 80..9F`), of the Arabic letter mark (`D8 9C`), the
/// Mongolian vowel separator (`E1 A0 8E`), the zero-width, separator and bidi controls
/// (`E2 80 8B..8F`, `E2 80 A8..AE`, `E2 81 A0..AF`) and of `EF BB BF`, `EF BF B9..BB`.
fn needs_cleaning(b: &[u8]) -> bool {
    // Chunks of plain ASCII text (the common case) are cleared without branching per byte.
    const CHUNK: usize = 64;
    let mut start = 0;
    while start < b.len() {
        let end = (start + CHUNK).min(b.len());
        let mut suspect = false;
        for &c in &b[start..end] {
            suspect |= ((c < 0x20) & (c != b'\n')) | (c >= 0x7F);
        }
        if suspect && needs_cleaning_exact(b, start, end) {
            return true;
        }
        start = end;
    }
    false
}

/// The exact test for the bytes `from..to` of `b` (looking ahead past `to` for a character
/// that starts before it).
fn needs_cleaning_exact(b: &[u8], from: usize, to: usize) -> bool {
    let mut i = from;
    while i < to {
        let c = b[i];
        if c < 0x80 {
            if (c < 0x20 && c != b'\n') || c == 0x7F {
                return true;
            }
            i += 1;
            continue;
        }
        let n1 = b.get(i + 1).copied().unwrap_or(0);
        let n2 = b.get(i + 2).copied().unwrap_or(0);
        let bad = match c {
            0xC2 => (0x80..=0x9F).contains(&n1),
            0xD8 => n1 == 0x9C,
            0xE1 => n1 == 0xA0 && n2 == 0x8E,
            0xE2 => {
                (n1 == 0x80 && ((0x8B..=0x8F).contains(&n2) || (0xA8..=0xAE).contains(&n2)))
                    || (n1 == 0x81 && (0xA0..=0xAF).contains(&n2))
            }
            0xEF => (n1 == 0xBB && n2 == 0xBF) || (n1 == 0xBF && (0xB9..=0xBB).contains(&n2)),
            _ => false,
        };
        if bad {
            return true;
        }
        i += 1;
    }
    false
}

type Chars<'a> = std::str::Chars<'a>;

fn peek(chars: &Chars<'_>) -> Option<char> {
    chars.clone().next()
}

fn skip_escape(chars: &mut Chars<'_>) {
    match peek(chars) {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{7E}').contains(&c) => {
            // Two-character escape (ESC c, ESC 7, ESC ( B ...): drop intermediates and final.
            chars.next();
            while let Some(n) = peek(chars) {
                if ('\u{20}'..='\u{2F}').contains(&c) && ('\u{20}'..='\u{7E}').contains(&n) {
                    chars.next();
                    if !('\u{20}'..='\u{2F}').contains(&n) {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7E}').contains(&c) || c == '\n' {
            break;
        }
    }
}

/// OSC/DCS/APC/PM/SOS: up to BEL or ST (ESC \ or U+009C), or the end of the line.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' | '\n' => break,
            '\u{1B}' => {
                if peek(chars) == Some('\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_escape_sequences_and_controls() {
        let hostile = "A\u{1b}[31mred\u{1b}[0m B\u{1b}]0;title\u{7}C\u{7}D\u{202E}E\u{9b}2JF";
        assert_eq!(sanitize(hostile), "Ared BCDEF");
    }

    #[test]
    fn fast_scan_agrees_with_the_char_test() {
        for s in [
            "plain ¶ text\n",
            "a\u{85}b",
            "a\u{200E}b",
            "a\u{202E}b",
            "a\u{2067}b",
            "a\u{061C}b",
            "a\u{180E}b",
            "a\u{2028}b",
            "a\u{2060}b",
            "a\u{206F}b",
            "a\u{2070}b",
            "a\u{2027}b",
            "\u{FEFF}x",
            "x\u{FFFA}",
            "tab\there",
            "caf\u{e9} \u{2019}",
        ] {
            let slow = s.chars().any(|c| is_unsafe_char(c) || c == '\t');
            assert_eq!(needs_cleaning(s.as_bytes()), slow, "{s:?}");
        }
    }

    #[test]
    fn shown_escapes_visibly_and_only_once() {
        let once = shown("a\u{1b}[2J\nb\u{202E}c");
        assert_eq!(once, "a\\u{1b}[2J\\nb\\u{202e}c");
        assert_eq!(shown(&once), once);
        assert!(matches!(shown("plain ¶ text"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_field_of_a_cable_is_sanitized() {
        let mut cable = crate::cable::Cable {
            id: "06X\u{1b}[2J1".into(),
            subject: "A\u{9b}2JB\nC".into(),
            tags: vec!["PGOV\u{202E}".into()],
            signer: Some("DOE\u{7}".into()),
            paragraphs: vec![crate::cable::Paragraph {
                n: 1,
                label: Some("1\u{1b}]0;t\u{7}".into()),
                marking: None,
                kind: crate::cable::ParagraphKind::Numbered,
                text: "text\u{200B} here\u{2028}next".into(),
            }],
            ..Default::default()
        };
        sanitize_cable(&mut cable);
        assert_eq!(cable.id, "06X1");
        assert_eq!(cable.subject, "AB C");
        assert_eq!(cable.tags, ["PGOV"]);
        assert_eq!(cable.signer.as_deref(), Some("DOE"));
        assert_eq!(cable.paragraphs[0].label.as_deref(), Some("1"));
        assert_eq!(cable.paragraphs[0].text, "text here\nnext");
    }

    #[test]
    fn normalises_line_ends_and_tabs() {
        assert_eq!(sanitize("a\r\nb\rc\td"), "a\nb\nc    d");
    }

    #[test]
    fn decodes_windows_1252_and_drops_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), "abc");
        assert_eq!(decode(b"\xB6 1. caf\xE9"), "¶ 1. café");
    }
}
