//! The TAGS line: every spelling (`TAGS:`, `TAGS`, `Tags:`, `TGS`, `TAG`, `TAGES:`, `TAGS;`),
//! markdown links, comma or space lists, glued codes (`ECONEFIN`, `VTPREL`), page-break junk,
//! `SIPDIS` inside the list. Codes come out upper case, in order, without duplicates.

use super::tags;

/// If a trimmed line starts with a TAGS label, the rest of the line after it.
pub fn strip_label(line: &str) -> Option<&str> {
    let end = line
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(line.len());
    let word = line[..end].to_ascii_uppercase();
    if !matches!(
        word.as_str(),
        "TAGS" | "TAG" | "TGS" | "TAGES" | "TAS" | "TABS" | "AGS"
    ) {
        return None;
    }
    let rest = &line[end..];
    let labelled = rest.starts_with([':', ';', ','])
        || (rest.starts_with(' ')
            && word.len() >= 3
            && (word == "TAGS" || word == "TAG" || word == "TGS"));
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
    let by_comma = list.contains([',', ';']);
    let items: Vec<&str> = if by_comma {
        list.split([',', ';']).collect()
    } else {
        list.split_whitespace().collect()
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = item
            .trim()
            .trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '"' | '\''))
            .trim();
        let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if item.is_empty() {
            continue;
        }
        let upper = item.to_ascii_uppercase();
        if matches!(upper.as_str(), "SIPDIS" | "TAGS" | "TAG") {
            continue;
        }
        let words: Vec<&str> = upper.split(' ').collect();
        let known = words.iter().filter(|w| is_code(w)).count();
        let pieces: Vec<String> = if words.len() > 1 && known * 2 > words.len() {
            words
                .iter()
                .flat_map(|w| split_glued(w).unwrap_or_else(|| vec![w.to_string()]))
                .collect()
        } else if words.len() > 1 {
            vec![upper]
        } else {
            split_glued(&upper).unwrap_or_else(|| vec![upper])
        };
        for p in pieces {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// A known code: a subject, program or country tag.
fn is_code(w: &str) -> bool {
    tags::meaning(w).is_some() || split_glued(w).is_some()
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
            .skip(n + 1)
            .collect::<Vec<_>>()
            .join(" "),
        None => String::new(),
    };
    format!("{} {}", &list[..start], rest)
}

/// `ECONEFIN` -> `ECON`, `EFIN` when every piece is a known code; `None` otherwise.
fn split_glued(code: &str) -> Option<Vec<String>> {
    if code.len() <= 4
        || tags::meaning(code).is_some()
        || !code.bytes().all(|b| b.is_ascii_uppercase())
    {
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
            if j > n || tags::meaning(&code[i..j]).is_none() {
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
}
