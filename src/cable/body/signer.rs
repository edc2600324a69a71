//! The signer: the name on its own line at the end of a cable (`QUAST`, `CLINTON`,
//! `ARMBRUSTER`), before the trailing banners, `NNNN` and release notes.

use crate::cable::header::{is_banner, is_page_break};

/// The signer's name and the byte offset of its line in `text`.
pub fn find_signer(text: &str) -> Option<(String, usize)> {
    let mut end = text.len();
    let mut seen = 0;
    while seen < 12 {
        let start = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
        // `GILLESPIE##`: markdown residue after the name; `WOOD \`: a CSV line-continuation
        // mark the last line kept.
        let line = text[start..end]
            .trim()
            .trim_end_matches(['#', '\\'])
            .trim_end();
        if start == 0 && end == 0 {
            return None;
        }
        // Blank lines and lone punctuation (`.`, `>`) do not count against the look-back.
        let filler = line.bytes().all(|b| b.is_ascii_punctuation());
        seen += usize::from(!filler);
        if filler || is_banner(line) || is_page_break(line) || is_trailer(line) {
            if start == 0 {
                return None;
            }
            end = start - 1;
            continue;
        }
        // `MCNAMARA.` stands after a finished sentence; `ASSISTANCE.` ends one.
        let dotted_ok = !line.ends_with('.') || after_sentence(text, start);
        if dotted_ok && let Some(n) = signer_name(line) {
            return Some((n, start));
        }
        // `21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON`: the name after the last sentence.
        let raw = &text[start..end];
        let body = raw.trim_end();
        let cut = body.rfind(". ")?;
        let name = body[cut + 1..].trim();
        let word_ok = name.len() >= 3
            && !name.contains(' ')
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'\'' || b == b'-');
        return (word_ok && !STOP.contains(&name))
            .then(|| (name.to_string(), start + body.len() - name.len()));
    }
    None
}

/// The line before `start` is blank or ends a sentence.
fn after_sentence(text: &str, start: usize) -> bool {
    let before = text.get(..start.saturating_sub(1)).unwrap_or("");
    let prev = before.rsplit('\n').next().unwrap_or("").trim_end();
    prev.is_empty() || prev.ends_with(['.', '!', '?', '"', ')', ':'])
}

fn is_trailer(line: &str) -> bool {
    let u = line.to_ascii_uppercase();
    u == "NNNN"
        || u == "BT"
        || crate::cable::text::pagebreak::is_end_banner(line)
        || u.starts_with("DECLASSIFIED/RELEASED")
        || u.starts_with("NOTE BY")
        || u.starts_with("NOTE: NOT PASSED")
        || u.contains(" - CLASSIFICATION: ")
        || u.starts_with('#')
        || u == "SIPDIS"
        || (u.len() <= 6 && u.starts_with("GP-"))
        || u == "LIMITED OFFICIAL USE"
        || u.starts_with("REVIEW ")
        || [" - UNCLASSIFIED", " - CONFIDENTIAL", " - SECRET"]
            .iter()
            .any(|s| u.ends_with(s))
}

/// A line that is a surname (or two): capital letters, at most three words.
fn signer_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 || line.len() > 40 {
        return None;
    }
    let name_word = |w: &&str| {
        w.len() >= 2
            && w.bytes()
                .all(|b| b.is_ascii_uppercase() || matches!(b, b'\'' | b'-' | b'.'))
            && w.bytes().filter(|b| b.is_ascii_uppercase()).count() >= 2
    };
    // `MCNAMARA.`: one name closed by a full stop.
    if line.ends_with("...") {
        return None; // `HAVEZ...`: a cut word
    }
    let words: Vec<&str> = match words.as_slice() {
        [one] if one.len() > 3 => vec![one.trim_end_matches('.')],
        _ => words,
    };
    if !words.iter().all(name_word)
        || line.ends_with('.') && words.len() > 1 && !line.ends_with("JR.")
    {
        return None;
    }
    if words.iter().any(|w| STOP.contains(w)) {
        return None;
    }
    Some(words.join(" "))
}

const STOP: &[&str] = &[
    "END",
    "COMMENT",
    "SUMMARY",
    "QUOTE",
    "UNQUOTE",
    "TEXT",
    "NOFORN",
    "SIPDIS",
    "SENSITIVE",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "NNNN",
    "EXDIS",
    "NODIS",
    "NOTE",
    "ACTION",
    "INFO",
    "PARA",
    "TAGS",
    "SUBJECT",
    "REF",
    "AND",
    "THE",
    "OF",
    "FOR",
    "TO",
    "OK",
];

#[cfg(test)]
mod tests {
    use super::find_signer;

    #[test]
    fn finds_the_signer() {
        assert_eq!(
            find_signer("x.\nQUAST\n").map(|s| s.0),
            Some("QUAST".into())
        );
        assert_eq!(
            find_signer("x.\n ARMBRUSTER\n\nNNNN").map(|s| s.0),
            Some("ARMBRUSTER".into())
        );
        assert_eq!(
            find_signer("RECENT MONTHS.\n\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO Systematic Review 30 JUN 2006\n").map(|s| s.0),
            Some("SULLIVAN".into())
        );
        let name = |t: &str| find_signer(t).map(|s| s.0);
        assert_eq!(name("x.\n\nGILLESPIE##\n"), Some("GILLESPIE".into()));
        assert_eq!(name("TRIALS.\n\nMCNAMARA.\n"), Some("MCNAMARA".into()));
        assert_eq!(name("x.\n \nGRAY \n."), Some("GRAY".into()));
        assert_eq!(name("x.\n\nWEINROD..\n"), Some("WEINROD".into()));
        assert_eq!(name("x.\n\nBrownfield\nHAVEZ...\n"), None);
        assert_eq!(name("TRINIDAD'S\nASSISTANCE.\n"), None);
        assert_eq!(
            name("x.\nPETERSON\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n  CONFIDENTIAL"),
            Some("PETERSON".into())
        );
        assert_eq!(
            name("x.\nSEMBLER \n \n   SECRET \n \n> \n 2002ROME01748 - Classification: SECRET"),
            Some("SEMBLER".into())
        );
        let blanks = "\n".repeat(30);
        assert_eq!(
            name(&format!("x.\nEINIK\n{blanks}UNCLASSIFIED{blanks}NNNN\n")),
            Some("EINIK".into())
        );
        assert_eq!(find_signer("later this month.\n\n"), None);
        assert_eq!(find_signer(""), None);
    }
}
