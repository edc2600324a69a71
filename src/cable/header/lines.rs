//! Line-level rules of the header: what a line is (a page break, a banner, a caveat line, a
//! field label, a paragraph start, a routing line) and the small readers used by the scan.

use crate::cable::header::tagline;

pub use crate::cable::text::linesplit::split_lines;
pub use crate::cable::text::pagebreak::{is_banner, is_page_break};

/// `TAGS: PREL, PGOV Subject: Turkish ...` -> the list and the subject.
pub(super) fn split_inline_subject(rest: &str) -> (&str, Option<&str>) {
    let upper = rest.to_ascii_uppercase();
    match upper.find("SUBJECT:") {
        Some(i) => (&rest[..i], Some(rest[i + 8..].trim())),
        None => (rest, None),
    }
}

/// `SUBJECT:`, `SUBJ:`, `UBJECT:`, `Subject:` (never `SUBJECT LINE`).
pub fn strip_subject_label(t: &str) -> Option<&str> {
    // Every label starts with `S` or `U` (a cheap test first).
    if !t
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b.to_ascii_uppercase(), b'S' | b'U'))
    {
        return None;
    }
    let end = t
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(t.len());
    // An ASCII word: compared without upper-casing a copy.
    let word = t.get(..end)?;
    if !(4..=8).contains(&word.len())
        || !["SUBJECT", "SUBJ", "UBJECT", "SUBJECTS"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
    {
        return None;
    }
    let rest = &t[end..];
    if starts_with_ignore_case(rest.trim_start(), "LINE") {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with([':', ' ', '.', '-'])) {
        return None;
    }
    Some(rest.trim_start_matches([':', '.', '-']).trim())
}

/// `s` starts with `prefix`, ASCII letters compared without case.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `REF:`, `REFS:`, `REF(S):`, `REFTEL:`, `REF A:`, `PROGRAM REF:`.
pub fn strip_ref_label(t: &str) -> Option<&str> {
    // Every label starts with `R` or `P` (a cheap test first).
    if !t
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b.to_ascii_uppercase(), b'R' | b'P'))
    {
        return None;
    }
    let skip = if starts_with_ignore_case(t, "PROGRAM REF") {
        8
    } else {
        0
    };
    let after = t.get(skip..)?;
    for label in ["REF(S)", "REFTELS", "REFTEL", "REFS", "REF"] {
        if starts_with_ignore_case(after, label)
            && after
                .as_bytes()
                .get(label.len())
                .is_none_or(|b| matches!(b, b':' | b' ' | b'.' | b';'))
        {
            let cut = skip + label.len();
            return Some(t.get(cut..)?.trim_start_matches([':', '.', ';']).trim());
        }
    }
    None
}

/// What ends a subject glued to more header text, with its searcher built once.
static SUBJECT_STOPS: std::sync::LazyLock<Vec<(&'static str, memchr::memmem::Finder<'static>)>> =
    std::sync::LazyLock::new(|| {
        [
            "REF:",
            "REFS:",
            "REF(S):",
            "CLASSIFIED BY",
            "SENSITIVE BUT",
            "THIS IS AN ACTION REQ",
            " 1.(",
            " 1. (",
        ]
        .into_iter()
        .map(|s| (s, memchr::memmem::Finder::new(s)))
        .collect()
    });

pub(super) fn finish_subject(s: &str, refs: &mut String) -> String {
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = s.to_ascii_uppercase();
    let first = SUBJECT_STOPS
        .iter()
        .filter_map(|(stop, finder)| {
            finder
                .find(upper.as_bytes())
                .filter(|&i| i > 0)
                .map(|i| (i, *stop))
        })
        .min();
    if let Some((i, stop)) = first {
        if stop.starts_with("REF") {
            refs.push('\n');
            refs.push_str(s.get(i + stop.len()..).unwrap_or(""));
        }
        s.truncate(i);
    }
    let s = s.replace("US- ", "US-").replace('\\', "");
    let s = if s.contains("&#") {
        htmlize::unescape(s.as_str()).into_owned()
    } else {
        s
    };
    let s = s.trim();
    let s = match crate::cable::body::labels::marking(s) {
        Some((_, rest)) => rest,
        None => s,
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn starts_field(t: &str) -> bool {
    // The first 24 bytes in upper case, on the stack (the whole line where byte 24 falls
    // inside a character).
    let mut buf = [0u8; 24];
    let owned;
    let u: &str = match t.get(..t.len().min(24)) {
        Some(head) => {
            let n = head.len();
            buf[..n].copy_from_slice(head.as_bytes());
            buf[..n].make_ascii_uppercase();
            match std::str::from_utf8(&buf[..n]) {
                Ok(u) => u,
                Err(_) => {
                    owned = head.to_ascii_uppercase();
                    &owned
                }
            }
        }
        None => {
            owned = t.to_ascii_uppercase();
            &owned
        }
    };
    u.starts_with("C O N")
        || u.starts_with("S E C")
        || u.starts_with("SENSITIVE BUT")
        || u.starts_with("-----")
        || u.starts_with("SUMMARY")
        || u.starts_with("PAGE ")
        || is_classified_by(u)
        || is_eo_line(u)
        || is_paragraph_start(t)
        || strip_subject_label(t).is_some()
        || strip_ref_label(t).is_some()
        || tagline::strip_label(t).is_some()
}

pub(crate) fn is_classified_by(u: &str) -> bool {
    let u = u.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    let u = u.strip_prefix("(U)").unwrap_or(u).trim_start();
    // `Classified  By:` (two spaces, 09STOCKHOLM787).
    u.starts_with("CLASSIFIED BY") || u.starts_with("CLASSIFIED  BY")
}

pub(crate) fn is_eo_line(u: &str) -> bool {
    let mut letters = u
        .bytes()
        .filter(|b| !matches!(b, b'.' | b' ' | b':'))
        .take(3);
    matches!(
        (letters.next(), letters.next(), letters.next()),
        (Some(b'E'), Some(b'O' | b'0'), Some(b'1'))
    )
}

/// `¶1.`, `1. (C)`, `1.  Summary`, `(SBU) SUMMARY`, `- 11.`.
pub fn is_paragraph_start(t: &str) -> bool {
    let mut t = t;
    while let Some(rest) = t.strip_prefix("- ") {
        t = rest;
    }
    let t = t.trim_start();
    if t.starts_with('¶') {
        return true;
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits) && t[digits..].starts_with(". ") {
        return true;
    }
    // `1.(C) On November 16`, `1.KEY POINTS`: the marking or first word glued to the number.
    if (1..=2).contains(&digits)
        && let Some(rest) = t[digits..].strip_prefix('.')
        && rest
            .trim_start_matches('(')
            .starts_with(|c: char| c.is_ascii_uppercase())
    {
        return true;
    }
    t.starts_with("(SBU)") || t.starts_with("(C)") || t.starts_with("(S)") || t.starts_with("(U)")
}

pub(super) fn ref_continues(t: &str, after_blank: bool, block: &str) -> bool {
    if is_paragraph_start(t) && !t.starts_with('¶') && !marking_is_bullet(t, block) {
        return false;
    }
    // `¶1. The following text`: a numbered paragraph (REF items are lettered: `¶B.`).
    if t.strip_prefix('¶')
        .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    let has_digit = t.bytes().any(|b| b.is_ascii_digit());
    let bullet = {
        let s = t.trim_start_matches('¶').trim_start_matches('(');
        let mut c = s.chars();
        matches!((c.next(), c.next()), (Some(a), Some('.' | ')' | ':')) if a.is_ascii_alphabetic())
    };
    if after_blank {
        // (`U) PolOffs delivered reftel points ...`: a paragraph, not a bullet.)
        (bullet && has_digit && t.len() < 200) || completes_open_item(t, block)
    } else {
        (bullet || has_digit) && t.len() < 200 || closes_open_paren(t, block)
    }
}

/// `CHANGE)` under `A. WELLINGTON 539 (NATS BACK AWAY FROM PRE-ELECTION`: the end of an item's
/// parenthesis, cut at the line end (04WELLINGTON591).
fn closes_open_paren(t: &str, block: &str) -> bool {
    let last = block.lines().next_back().unwrap_or("");
    let opens = last.bytes().filter(|&b| b == b'(').count();
    let closes = last.bytes().filter(|&b| b == b')').count();
    opens > closes && t.len() < 80 && t.contains(')') && !t.starts_with('(')
}

/// A line after a blank that finishes the block's last item, cut by the blank line:
/// `(B) Rio de Janeiro` + `00723 ...`, `D. 03` + `HANOI 2323 ...`.
fn completes_open_item(t: &str, block: &str) -> bool {
    let word = |w: &str| {
        w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_string()
    };
    let Some(last_line) = block.lines().rev().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let words: Vec<String> = last_line
        .split_whitespace()
        .map(word)
        .filter(|w| !w.is_empty())
        .collect();
    let mut t_words = t.split_whitespace();
    let first = t_words.next().map(word).unwrap_or_default();
    // `2004 was a year ...` is a sentence, `(NOTAL)` a finished item.
    let sentence = t_words
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_lowercase()));
    if sentence || last_line.trim_end().ends_with(')') {
        return false;
    }
    let all = |w: &str, f: fn(&u8) -> bool| !w.is_empty() && w.bytes().all(|b| f(&b));
    match words.as_slice() {
        [.., last] if last.len() >= 3 && all(last, u8::is_ascii_alphabetic) => {
            first.len() >= 3 && all(&first, u8::is_ascii_digit)
        }
        [.., bullet, year]
            if bullet.len() == 1 && year.len() == 2 && all(year, u8::is_ascii_digit) =>
        {
            first.len() >= 3
                && all(&first, u8::is_ascii_uppercase)
                && t.bytes().any(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The letter of a reference bullet a line starts with: `A.`, `¶B.`, `(C)`, `D)`.
fn ref_bullet(t: &str) -> Option<u8> {
    let b = t.trim_start_matches('¶').trim_start().as_bytes();
    let b = b.strip_prefix(b"(").unwrap_or(b);
    match b {
        [l, b'.' | b')', ..] if l.is_ascii_uppercase() => Some(*l),
        _ => None,
    }
}

/// `¶B. OSC cpp20080408507001` after `A. ...`: the next item of the REF block's lettered
/// list, whatever it cites, not a lettered paragraph.
pub(super) fn next_ref_bullet(t: &str, block: &str) -> bool {
    let Some(letter) = ref_bullet(t) else {
        return false;
    };
    let last = block.lines().rev().find_map(ref_bullet);
    last.is_some_and(|prev| prev + 1 == letter)
}

/// `(C) SAO PAULO 42` after `(B) ...` in a REF block: a bullet, not a portion marking.
fn marking_is_bullet(t: &str, block: &str) -> bool {
    let prev = match t.get(..3) {
        Some("(C)") => "(B)",
        Some("(S)") => "(R)",
        Some("(U)") => "(T)",
        _ => return false,
    };
    block.contains(prev)
}

pub(super) fn looks_like_routing(t: &str) -> bool {
    let u = t.as_bytes();
    t.len() < 90
        && !u.iter().any(|b| b.is_ascii_lowercase())
        && !t.starts_with("XMT")
        && !t.starts_with("BT")
        && !t.starts_with("INFO ")
}

/// A line of caveats only: `SIPDIS`, `SENSITIVE`, `NOFORN`, `SENSITIVE BUT UNCLASSIFIED`.
pub(super) fn caveat_line(u: &str) -> Option<Vec<&'static str>> {
    if u.starts_with("SENSITIVE BUT") {
        return Some(vec!["SENSITIVE"]);
    }
    if u.starts_with("FOR OFFICIAL USE ONLY") {
        return Some(vec!["FOUO"]);
    }
    // `NOFORN, NOT FOR INTERNET DISTRIBUTION` (09STATE15113): the caveats before the note.
    let u = u
        .trim_end()
        .strip_suffix("NOT FOR INTERNET DISTRIBUTION")
        .map_or(u, |rest| rest.trim_end().trim_end_matches(','));
    let words = || {
        u.split(|c: char| c.is_whitespace() || c == ',' || c == '/')
            .filter(|w| !w.is_empty())
    };
    // `SIPDISNOFORN` (06ANKARA3352): caveats glued into one word.
    let glued = |w: &str| {
        let (cavs, rest) = crate::cable::header::classline::peel_caveats_rest(w);
        (rest.is_empty() && cavs.len() > 1).then_some(cavs)
    };
    // At most four words, each a known caveat: checked before anything is collected.
    let mut count = 0;
    for w in words() {
        count += 1;
        if count > 4 || (known_caveat(w).is_none() && glued(w).is_none()) {
            return None;
        }
    }
    if count == 0 {
        return None;
    }
    let mut out = Vec::new();
    for w in words() {
        match known_caveat(w) {
            Some(c) => out.push(c),
            None => out.extend(glued(w).unwrap_or_default()),
        }
    }
    Some(out)
}

fn known_caveat(w: &str) -> Option<&'static str> {
    let w = w.trim_end_matches('.');
    CAVEATS.iter().find(|c| **c == w).copied()
}

pub(super) const CAVEATS: &[&str] = &[
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
pub(super) fn routing_level(rest: &str) -> Option<crate::cable::Classification> {
    use crate::cable::Classification as C;
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
pub(super) fn embedded_class_line(u: &str) -> Option<usize> {
    CLASS_MARKS
        .iter()
        .filter_map(|m| m.find(u.as_bytes()))
        .filter(|&i| i > 0)
        .min()
}

/// What starts a classification line glued after other text, searchers built once.
static CLASS_MARKS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    std::sync::LazyLock::new(|| {
        [
            "C O N F I D E N T I A L",
            "S E C R E T",
            "UNCLAS SECTION",
            "UNCLASSIFIED SECTION",
        ]
        .map(memchr::memmem::Finder::new)
    });

pub(super) fn de_serial(rest: &str) -> Option<u32> {
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
    fn labels() {
        assert_eq!(strip_subject_label("SUBJECT: A B"), Some("A B"));
        assert_eq!(strip_subject_label("SUBJ: A"), Some("A"));
        assert_eq!(strip_subject_label("SUBJECT LINE//"), None);
        assert_eq!(strip_ref_label("REF: STATE 2094"), Some("STATE 2094"));
        assert_eq!(strip_ref_label("REFERENCE DESK"), None);
    }
}
