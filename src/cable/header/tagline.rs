//! The TAGS line: every spelling (`TAGS:`, `TAGS`, `Tags:`, `TGS`, `TAG`, `TAGES:`, `TAGS;`),
//! markdown links, comma or space lists, glued codes (`ECONEFIN`, `VTPREL`), page-break junk,
//! `SIPDIS` inside the list. Codes come out upper case, in order, without duplicates.

use crate::cable::data::{tags, tagwords};

/// If a trimmed line starts with a TAGS label, the rest of the line after it.
pub fn strip_label(line: &str) -> Option<&str> {
    // Every label starts with `T` or `A` (a cheap test first).
    if !line
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b.to_ascii_uppercase(), b'T' | b'A'))
    {
        return None;
    }
    let end = line
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(line.len());
    // An ASCII word: compared without upper-casing a copy.
    let word = line.get(..end)?;
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    if !(3..=5).contains(&word.len())
        || !["TAGS", "TAG", "TGS", "TAGES", "TAS", "TABS", "AGS"]
            .iter()
            .any(|w| is(w))
    {
        return None;
    }
    let rest = &line[end..];
    let labelled = rest.starts_with([':', ';', ','])
        || (rest.starts_with(' ') && (is("TAGS") || is("TAG") || is("TGS")));
    if !labelled && !rest.is_empty() {
        return None;
    }
    Some(rest.trim_start_matches([':', ';', ',']).trim())
}

/// The codes of a TAGS list (label already removed, lines joined with spaces).
pub fn parse_tags(list: &str) -> Vec<String> {
    let mut list = list.to_string();
    for _ in 0..8 {
        let cut = cut_page_junk(&list);
        if cut == list {
            break;
        }
        list = cut;
    }
    let mut out: Vec<String> = Vec::new();
    for item in split_items(&list) {
        // `OVIP (STEINBERG, JAMES B.)`: the part in parentheses is one tag.
        let (head, inner) = match (item.find('('), item.rfind(')')) {
            (Some(o), Some(c)) if o < c => (&item[..o], Some(&item[o + 1..c])),
            _ => (item, None),
        };
        let head = head
            .trim()
            .trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '"' | '\''))
            .to_ascii_uppercase();
        let words: Vec<&str> = head.split_whitespace().collect();
        let single_word_item = words.len() == 1;
        for tag in read_words(&words) {
            push_tag(&mut out, tag, single_word_item);
        }
        if let Some(inner) = inner.map(str::trim).filter(|s| !s.is_empty()) {
            push_tag(&mut out, inner.to_ascii_uppercase(), false);
        }
    }
    out
}

/// Comma or semicolon separated items, commas inside parentheses kept.
fn split_items(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items
}

/// Add a tag unless it is noise or already there; a lone given name after a lone surname
/// item (`CLINTON, HILLARY` written as two items) makes one person tag.
fn push_tag(out: &mut Vec<String>, tag: String, single_word_item: bool) {
    if tag.is_empty() || matches!(tag.as_str(), "SIPDIS" | "TAGS" | "TAG") {
        return;
    }
    if single_word_item
        && tagwords::is_given_name(&tag)
        && let Some(prev) = out.last_mut()
        && !prev.contains([' ', ','])
        && !is_code(prev)
    {
        *prev = tagwords::person(&format!("{prev}, {tag}"));
        return;
    }
    if !out.contains(&tag) {
        out.push(tag);
    }
}

/// The tags of a space-separated run: codes one by one, the words between them grouped
/// into person tags (`CLINTON HILLARY` -> `CLINTON, HILLARY`) and phrases (`IRAQI FREEDOM`).
fn read_words(words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(&w) = words.get(i) {
        i += 1;
        // (The look-ahead is asked last: `is_code` may try to split a glued word.)
        let next_is_word = || words.get(i).is_some_and(|n| !is_code(n));
        if tagwords::is_joiner(w) && !run.is_empty() && next_is_word() {
            run.push(w);
            continue;
        }
        if let Some(fixed) = tagwords::fix(w) {
            flush_run(&mut run, &mut out);
            out.extend(fixed.iter().map(|t| (*t).to_string()));
        } else if known_code(w) {
            flush_run(&mut run, &mut out);
            out.push(w.to_string());
        } else if let Some(pieces) = split_glued(w) {
            flush_run(&mut run, &mut out);
            out.extend(pieces);
        } else if w.contains('-') && w.len() > 2 {
            // `ZANU-PF`: a party or organisation acronym stands alone.
            flush_run(&mut run, &mut out);
            out.push(w.to_string());
        } else if tagwords::is_given_name(w) && !run.is_empty() {
            let surname = run.pop().unwrap_or_default();
            flush_run(&mut run, &mut out);
            let mut person = format!("{surname}, {w}");
            if let Some(initial) = words.get(i).filter(|n| n.trim_end_matches('.').len() == 1) {
                person = format!("{person} {}.", initial.trim_end_matches('.'));
                i += 1;
            }
            out.push(tagwords::person(&person));
        } else {
            run.push(w);
            if tagwords::ends_phrase(w) {
                flush_run(&mut run, &mut out);
            }
        }
    }
    flush_run(&mut run, &mut out);
    out
}

/// Emit the words gathered so far as one tag (after the typo table).
fn flush_run(run: &mut Vec<&str>, out: &mut Vec<String>) {
    if run.is_empty() {
        return;
    }
    let phrase = run.join(" ");
    run.clear();
    match tagwords::fix(&phrase) {
        Some(fixed) => out.extend(fixed.iter().map(|t| (*t).to_string())),
        None => out.push(phrase),
    }
}

/// A line that continues a TAGS list: words shaped like codes, mostly known (`NATO, UK, CN`), or a lone
/// word that ends a phrase (`CLEARANCE`).
pub fn continues_list(line: &str) -> bool {
    let upper = line.to_ascii_uppercase();
    let list = match upper.find("SUBJECT:") {
        Some(i) => &upper[..i],
        None => upper.as_str(),
    };
    let words: Vec<&str> = list
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => false,
        [one] if tagwords::ends_phrase(one) => true,
        _ => {
            // Every word shaped like a code, and at least half of them known
            // (`PINR, AMGT, TF, BR`: the table need not know every country).
            let known = words.iter().filter(|w| is_code(w)).count();
            known * 2 >= words.len()
                && words.iter().all(|w| {
                    is_code(w)
                        || (2..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
                })
        }
    }
}

/// A known code: a subject, program or country tag.
fn is_code(w: &str) -> bool {
    known_code(w) || split_glued(w).is_some()
}

/// A code in the table, or shaped like a program tag (`K` and three letters: `KFLO`, `KSTC`).
fn known_code(w: &str) -> bool {
    tags::meaning(w).is_some()
        || (w.len() == 4 && w.starts_with('K') && w.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Remove an old page break that leaked into the list: `UNCLASSIFIED PAGE 02 VATICA 00283 ...`.
fn cut_page_junk(list: &str) -> String {
    let upper = list.to_ascii_uppercase();
    let Some(p) = upper
        .find(" PAGE 0")
        .or_else(|| upper.find("PAGE 0").filter(|&i| i == 0))
    else {
        return list.to_string();
    };
    // Drop the classification word before `PAGE` and the page line up to its time (`241033Z`).
    let mut start = p;
    for word in [
        "UNCLASSIFIED",
        "CONFIDENTIAL",
        "SECRET",
        "LIMITED OFFICIAL USE",
    ] {
        if let Some(i) = upper[..p].trim_end().rfind(word)
            && upper[i..p].trim() == word
        {
            start = i;
        }
    }
    let after = &list[p..];
    let end = after.split_whitespace().position(|w| {
        w.len() == 7
            && w.ends_with(['Z', 'z'])
            && w.as_bytes()[..6].iter().all(|b| b.is_ascii_digit())
    });
    let rest: String = match end {
        Some(n) => after
            .split_whitespace()
            .skip(n + 2)
            .collect::<Vec<_>>()
            .join(" "),
        None => String::new(),
    };
    format!("{} {}", &list[..start], rest)
}

/// `ECONEFIN` -> `ECON`, `EFIN` when every piece is a known code; `None` otherwise.
fn split_glued(code: &str) -> Option<Vec<String>> {
    if code.len() <= 4 || known_code(code) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // best[i]: a split of code[..i] into known codes, preferring fewer pieces.
    let n = code.len();
    let mut best: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for i in 0..n {
        let Some(prev) = best[i].clone() else {
            continue;
        };
        for len in [2usize, 3, 4, 5] {
            let j = i + len;
            if j > n || !code.get(i..j).is_some_and(known_code) {
                continue;
            }
            let mut cand = prev.clone();
            cand.push(j);
            if best[j].as_ref().is_none_or(|b| b.len() > cand.len()) {
                best[j] = Some(cand);
            }
        }
    }
    let cuts = best[n].clone()?;
    // `GASPAR`, `POLITICS`: pieces all two letters long are a word, not glued codes.
    let mut last = 0;
    if cuts
        .iter()
        .all(|&end| std::mem::replace(&mut last, end) + 2 >= end)
    {
        return None;
    }
    let mut start = 0;
    Some(
        cuts.into_iter()
            .map(|end| {
                let piece = code[start..end].to_string();
                start = end;
                piece
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_political_section_ends_a_phrase() {
        // The site links `POL` and `MIL` as two tags (04BRASILIA592); `FOREIGN POL` is one.
        assert_eq!(
            parse_tags("MARR MCAP BEXP BR POL MIL"),
            ["MARR", "MCAP", "BEXP", "BR", "POL", "MIL"]
        );
        assert_eq!(
            parse_tags("PGOV PREL PM POL FOREIGN POL"),
            ["PGOV", "PREL", "PM", "POL", "FOREIGN POL"]
        );
    }

    #[test]
    fn reads_labels_and_lists() {
        assert_eq!(strip_label("TAGS: PGOV PREL"), Some("PGOV PREL"));
        assert_eq!(strip_label("TAGS PGOV, PREL"), Some("PGOV, PREL"));
        assert_eq!(strip_label("Tags: prel"), Some("prel"));
        assert_eq!(strip_label("TAGSOMETHING"), None);
        assert_eq!(
            parse_tags("PGOV PREL PHUM SMIG KWMN TI"),
            ["PGOV", "PREL", "PHUM", "SMIG", "KWMN", "TI"]
        );
        assert_eq!(
            parse_tags("prel, pgov, pins, tu"),
            ["PREL", "PGOV", "PINS", "TU"]
        );
        assert_eq!(
            parse_tags("ECONEFIN, VTPREL"),
            ["ECON", "EFIN", "VT", "PREL"]
        );
        assert_eq!(
            parse_tags("PREL, VTPREL, UNCLASSIFIED PAGE 02 VATICA 00283 01 OF 05 241033Z VTPREL"),
            ["PREL", "VT"]
        );
    }

    #[test]
    fn groups_words_into_people_and_phrases() {
        assert_eq!(
            parse_tags("OVIP CLINTON HILLARY PREL"),
            ["OVIP", "CLINTON, HILLARY", "PREL"]
        );
        assert_eq!(
            parse_tags("ovip (steinberg, james b.), prel"),
            ["OVIP", "STEINBERG, JAMES B.", "PREL"]
        );
        assert_eq!(
            parse_tags("IS ISRAELI PALESTINIAN AFFAIRS GOI EXTERNAL"),
            ["IS", "ISRAELI PALESTINIAN AFFAIRS", "GOI EXTERNAL"]
        );
        assert_eq!(parse_tags("KJUS TIP IN TURKEY"), ["KJUS", "TIP IN TURKEY"]);
        assert_eq!(parse_tags("PTER MARR, MOPPS"), ["PTER", "MARR", "MOPS"]);
        // Two-letter pieces only: a word, not glued country codes.
        assert_eq!(
            parse_tags("CU PM NOVO GUILLERMO JIMENEZ GASPAR"),
            ["CU", "PM", "NOVO, GUILLERMO", "JIMENEZ, GASPAR"]
        );
    }

    #[test]
    fn continuation_lines_hold_codes_only() {
        assert!(continues_list("NATO, UK, CN"));
        assert!(continues_list("ECON, PHUM, UK SUBJECT: MILIBAND'S TRIP"));
        assert!(continues_list("CLEARANCE"));
        assert!(continues_list("PINR, AMGT, TF, BR"));
        assert!(!continues_list("IRAN: NEW PLAN"));
        assert!(!continues_list("VISIT OF PRESIDENT BUSH"));
    }
}
