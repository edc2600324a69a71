//! Reading quality: what a reader would see wrong in a parsed cable, found by looking at its
//! paragraphs and comparing it with the source text. Used by `examples/reading_quality.rs`
//! and the corpus tests; not by `parse`.

use super::Cable;

/// One class of defect a reader can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Defect {
    /// A page-break marker (`DUSHANBE 00001319 001.2 OF 002`, `PAGE 02 ROME 01196`).
    PageBreak,
    /// A classification or section line (`UNCLAS BOGOTA 002554`, `SECTION 01 OF 02`).
    ClassLine,
    /// A routing line (`VZCZC...`, `ZNY CCCCC`).
    Routing,
    /// A banner (`=====CABLE ENDS=====`).
    Banner,
    /// Record-dump lines (`refid:`, `----- header ends -----`, a pasted CSV row).
    Dump,
    /// A header field as an unnumbered paragraph (`Classified By:`, `TAGS:`, `E.O. 12958`).
    HeaderField,
    /// A backslash mark left from a line continuation.
    Backslash,
    /// A CSV-doubled quote (`""recognition""`).
    DoubledQuote,
    /// A word split at a line-end hyphen (`JURIS- DICTION`).
    HyphenSplit,
    /// A numbered paragraph of the source whose opening words the cable shows nowhere.
    LostParagraph,
    /// An empty subject although the text has a SUBJECT line.
    NoSubject,
}

impl Defect {
    /// Every class, in report order.
    pub const ALL: [Defect; 11] = [
        Defect::PageBreak,
        Defect::ClassLine,
        Defect::Routing,
        Defect::Banner,
        Defect::Dump,
        Defect::HeaderField,
        Defect::Backslash,
        Defect::DoubledQuote,
        Defect::HyphenSplit,
        Defect::LostParagraph,
        Defect::NoSubject,
    ];

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Defect::PageBreak => "page-break",
            Defect::ClassLine => "class-line",
            Defect::Routing => "routing",
            Defect::Banner => "banner",
            Defect::Dump => "dump",
            Defect::HeaderField => "header-field",
            Defect::Backslash => "backslash",
            Defect::DoubledQuote => "doubled-quote",
            Defect::HyphenSplit => "hyphen-split",
            Defect::LostParagraph => "lost-paragraph",
            Defect::NoSubject => "no-subject",
        }
    }
}

/// The defect classes of `cable`, parsed from `source`: each at most once, in `ALL` order.
pub fn defects(source: &str, cable: &Cable) -> Vec<Defect> {
    let mut found: Vec<Defect> = shown_defects(source, cable)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    if !lost_openings(source, cable).is_empty() {
        found.push(Defect::LostParagraph);
    }
    if cable.subject.trim().is_empty() && has_subject_line(source) {
        found.push(Defect::NoSubject);
    }
    found.sort();
    found.dedup();
    found
}

/// The furniture and residue defects of `cable`'s paragraphs, each with the index of a
/// paragraph that shows it (the first one), in `ALL` order.
pub fn shown_defects(source: &str, cable: &Cable) -> Vec<(Defect, usize)> {
    let mut found: Vec<(Defect, usize)> = Vec::new();
    for (i, p) in cable.paragraphs.iter().enumerate() {
        // `1. CLASSIFIED BY ...` numbered by the cable itself is its paragraph 1, not furniture.
        let numbered = p.label.is_some();
        for d in paragraph_defects(&p.text) {
            let counts = match d {
                Defect::HeaderField => !numbered,
                // `low- level` typed so mid-line is the author's; only a line end's split counts.
                Defect::HyphenSplit => split_at_line_end(source, &p.text),
                _ => true,
            };
            if counts && !found.iter().any(|(f, _)| *f == d) {
                found.push((d, i));
            }
        }
    }
    found.sort();
    found
}

/// The defects one paragraph's text shows.
pub fn paragraph_defects(text: &str) -> Vec<Defect> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let checks: [(Defect, bool); 9] = [
        (Defect::PageBreak, has_page_break(&words)),
        (Defect::ClassLine, has_class_line(&words)),
        (Defect::Routing, has_routing(&words)),
        (
            Defect::Banner,
            text.contains("=====") || text.contains("CABLE ENDS"),
        ),
        (Defect::Dump, has_dump(text, &words)),
        (Defect::HeaderField, is_header_field(text)),
        (Defect::Backslash, text.contains('\\')),
        (Defect::DoubledQuote, has_doubled_quote(text)),
        (Defect::HyphenSplit, has_hyphen_split(&words)),
    ];
    checks
        .into_iter()
        .filter_map(|(d, hit)| hit.then_some(d))
        .collect()
}

fn digits(w: &str, n: usize) -> bool {
    w.len() == n && w.bytes().all(|b| b.is_ascii_digit())
}

/// `00001319 001.2 OF 002` (an 8-digit serial, a page, `OF`, a page count) or `PAGE 02 ROME`.
fn has_page_break(w: &[&str]) -> bool {
    let page = |s: &str| {
        let (n, dot) = s.split_once('.').unwrap_or((s, "1"));
        digits(n, 3) && !dot.is_empty() && dot.bytes().all(|b| b.is_ascii_digit())
    };
    w.windows(4)
        .any(|x| digits(x[0], 8) && page(x[1]) && x[2] == "OF" && digits(x[3], 3))
        || w.windows(3).any(|x| {
            x[0] == "PAGE" && digits(x[1], 2) && x[2].bytes().all(|b| b.is_ascii_uppercase())
        })
}

/// `SECTION 01 OF 02`, or a classification word (or its spaced form) followed within four
/// words by a six-digit serial (`UNCLAS BOGOTA 002554`).
fn has_class_line(w: &[&str]) -> bool {
    if w.windows(4)
        .any(|x| x[0] == "SECTION" && digits(x[1], 2) && x[2] == "OF" && digits(x[3], 2))
    {
        return true;
    }
    let class_word = |s: &str| matches!(s, "UNCLAS" | "UNCLASSIFIED" | "CONFIDENTIAL" | "SECRET");
    (0..w.len()).any(|i| {
        let start = if class_word(w[i]) {
            Some(i + 1)
        } else if w[i] == "C" || w[i] == "S" {
            // `C O N F I D E N T I A L`, `S E C R E T`: single letters in a row.
            let n = w[i..].iter().take_while(|s| s.len() == 1).count();
            (n >= 6).then_some(i + n)
        } else {
            None
        };
        start.is_some_and(|s| {
            w.get(s..(s + 4).min(w.len()))
                .is_some_and(|after| after.iter().any(|a| digits(a, 6)))
        })
    })
}

/// `VZCZC...` or `ZNY`/`ZNR` followed by five equal letters.
fn has_routing(w: &[&str]) -> bool {
    w.iter().any(|s| s.starts_with("VZCZC"))
        || w.windows(2).any(|x| {
            matches!(x[0], "ZNY" | "ZNR")
                && x[1].len() == 5
                && x[1]
                    .bytes()
                    .all(|b| b == x[1].as_bytes()[0] && b.is_ascii_uppercase())
        })
}

/// Record-dump furniture: `refid:`, `header ends`, `id: 2745`, or a pasted row
/// (`50133 2006-01-19 06THEHAGUE131`).
fn has_dump(text: &str, w: &[&str]) -> bool {
    let iso_date = |s: &str| {
        let b = s.as_bytes();
        b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(&s[..4], 4)
    };
    text.contains("refid:")
        || text.contains("header ends")
        || (w.first() == Some(&"id:") && w.get(1).is_some_and(|s| s.parse::<u32>().is_ok()))
        || w.windows(2)
            .any(|x| x[0].len() >= 4 && digits(x[0], x[0].len()) && iso_date(x[1]))
}

/// A paragraph that opens with a header field.
fn is_header_field(text: &str) -> bool {
    let t = text.trim_start();
    let head = t.get(..t.len().min(16)).unwrap_or("").to_ascii_uppercase();
    [
        "CLASSIFIED BY",
        "E.O. 12958",
        "E. O. 12958",
        "EO 12958",
        "TAGS:",
        "SUBJECT:",
        "SUBJ:",
    ]
    .iter()
    .any(|f| head.starts_with(f))
}

/// `""word` or `word""`.
fn has_doubled_quote(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memmem::find_iter(b, b"\"\"").any(|i| {
        let before = i.checked_sub(1).and_then(|j| b.get(j));
        let after = b.get(i + 2);
        before.is_some_and(u8::is_ascii_alphanumeric)
            || after.is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// A hyphen split of `text` (`JURIS- DICTION`) that stands at a line end in `source`
/// (`JURIS-` ending one line, `DICTION` opening the next).
fn split_at_line_end(source: &str, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|x| {
        if !has_hyphen_split(x) {
            return false;
        }
        let right = x[1].trim_end_matches(|c: char| c.is_ascii_punctuation());
        source.match_indices(x[0]).any(|(i, m)| {
            let after = source[i + m.len()..].trim_start_matches([' ', '\t', '\r', '\\']);
            after
                .strip_prefix('\n')
                .is_some_and(|next| next.trim_start().starts_with(right))
        })
    })
}

/// `JURIS- DICTION`: letters, a hyphen, a space, letters of the same case, the second part not
/// a conjunction (`pre- and post-war`) and both parts of two letters or more.
fn has_hyphen_split(w: &[&str]) -> bool {
    w.windows(2).any(|x| {
        let Some(left) = x[0].strip_suffix('-') else {
            return false;
        };
        let right = x[1].trim_end_matches(|c: char| c.is_ascii_punctuation());
        let alpha = |s: &str| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
        let upper = |s: &str| s.bytes().all(|b| b.is_ascii_uppercase());
        let lower = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
        let same_case = (upper(left) && upper(right)) || (lower(left) && lower(right));
        alpha(left)
            && alpha(right)
            && same_case
            && !matches!(
                right.to_ascii_lowercase().as_str(),
                "and" | "or" | "to" | "nor" | "as" | "if" | "but" | "than" | "vs"
            )
    })
}

/// A line of the source that opens with `SUBJECT`/`SUBJ` and says something.
fn has_subject_line(source: &str) -> bool {
    source.lines().any(|l| {
        let t = l.trim_start().trim_start_matches(['#', '*', ' ']);
        let rest = ["SUBJECT:", "SUBJ:", "SUBJECT "]
            .iter()
            .find_map(|p| t.strip_prefix(p));
        rest.is_some_and(|r| r.bytes().any(|b| b.is_ascii_alphabetic()))
    })
}

/// The label of a line that opens with `1.` / `¶1.` (one or two digits): number and the rest.
fn line_label(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start().trim_start_matches('¶').trim_start();
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 2 {
        return None;
    }
    let rest = t[n..].strip_prefix('.')?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((t[..n].parse().ok()?, rest))
}

/// Lower-case alphanumeric words of `text`, each followed by one space.
fn word_string(text: &str, out: &mut String) {
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.extend(w.chars().flat_map(char::to_lowercase));
        out.push(' ');
    }
}

/// The opening words (five, after the marking) of the numbered lines `1.`, `2.`, ... of the
/// source that appear nowhere in the cable (subject, FM, classification line, paragraphs with
/// their markings, signer). Empty when the source has no such run of two or more.
pub fn lost_openings(source: &str, cable: &Cable) -> Vec<String> {
    // As the parser sees it: control characters out (`CAMPBELL\x07S` is `CAMPBELLS`).
    let source = super::sanitize::sanitize(source);
    let mut run = Vec::new();
    let mut next = 1;
    for l in source.lines() {
        if let Some((n, rest)) = line_label(l)
            && n == next
        {
            run.push(rest);
            next += 1;
        }
    }
    if run.len() < 2 {
        return Vec::new();
    }
    let mut shown = String::from(" ");
    for f in [&cable.subject, &cable.from, &cable.classification_raw] {
        word_string(f, &mut shown);
    }
    for p in &cable.paragraphs {
        word_string(p.marking.as_deref().unwrap_or(""), &mut shown);
        word_string(&p.text, &mut shown);
    }
    word_string(cable.signer.as_deref().unwrap_or(""), &mut shown);
    run.iter()
        .filter_map(|rest| {
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix('(') {
                Some(r) => r.split_once(')').map_or(rest, |(_, after)| after),
                None => rest,
            };
            let mut want = String::new();
            word_string(rest, &mut want);
            let opening: Vec<&str> = want.split_whitespace().take(5).collect();
            // The last word may go on: a line-end hyphen joined it to the next line's half.
            let phrase = format!(" {}", opening.join(" "));
            (opening.len() >= 3 && !shown.contains(&phrase)).then(|| phrase.trim().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Paragraph, ParagraphKind};

    fn para(text: &str) -> Paragraph {
        Paragraph {
            n: 1,
            label: None,
            marking: None,
            kind: ParagraphKind::Text,
            text: text.into(),
        }
    }

    #[test]
    fn furniture_in_a_paragraph_is_seen() {
        let d = |t: &str| paragraph_defects(t);
        assert_eq!(
            d("talks NEW DELHI 00009527 002 OF 005 went on"),
            [Defect::PageBreak]
        );
        assert_eq!(
            d("ends DUSHANBE 00001319 001.2 OF 002"),
            [Defect::PageBreak]
        );
        assert_eq!(
            d("UNCLAS SECTION 01 OF 02 BOGOTA 002554"),
            [Defect::ClassLine]
        );
        assert_eq!(
            d("C O N F I D E N T I A L ANKARA 000071"),
            [Defect::ClassLine]
        );
        assert_eq!(d("VZCZCXYZ0000 RR RUEHWEB"), [Defect::Routing]);
        assert_eq!(d("ZNY CCCCC ZZH"), [Defect::Routing]);
        assert_eq!(d("WOOD =====CABLE ENDS====="), [Defect::Banner]);
        assert_eq!(d("refid: 06LIMA4516 origin: Embassy Lima"), [Defect::Dump]);
        assert_eq!(d("50133 2006-01-19 06THEHAGUE131 Embassy"), [Defect::Dump]);
        assert_eq!(d("Classified By: DCM John Doe"), [Defect::HeaderField]);
        assert_eq!(d("the talks \\ went on"), [Defect::Backslash]);
        assert_eq!(
            d("called for \"\"recognition\"\" of"),
            [Defect::DoubledQuote]
        );
        assert_eq!(d("ITS JURIS- DICTION OVER"), [Defect::HyphenSplit]);
    }

    #[test]
    fn ordinary_text_is_clean() {
        for t in [
            "One of the 2006 goals: pre- and post-war plans, a \"quote\" and SECRETARY RICE.",
            "Section 01 of the act; the 12345 votes; CONFIDENTIAL sources said.",
            "He said \"\" nothing.",
        ] {
            assert!(paragraph_defects(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_numbered_paragraph_missing_from_the_cable_is_lost() {
        let source =
            "SUBJECT: TALKS\n\n1. (C) On November 16 the talks began.\n\n2. (C) They went on.\n";
        let mut c = Cable {
            subject: "TALKS".into(),
            paragraphs: vec![para("They went on.")],
            ..Cable::default()
        };
        assert_eq!(defects(source, &c), [Defect::LostParagraph]);
        c.paragraphs
            .insert(0, para("On November 16 the talks began."));
        assert!(defects(source, &c).is_empty());
        c.subject.clear();
        assert_eq!(defects(source, &c), [Defect::NoSubject]);
    }
}
