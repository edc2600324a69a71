//! Residue of the conversions a cable went through, repaired in the reflowed text: quotes a
//! CSV export doubled (`""recognition""`) and words hyphenated at a line end
//! (`JURIS-` / `DICTION`).

use memchr::memmem;

/// True when the line before ends with a word hyphenated at the line end (`FLARE-`,
/// `DEMONSTRA-`) and `next` goes on with a word (`UP OF`, `TION ON`): the two halves join
/// without the space a reflow would put there. Not after a dash (` -`, `--`), not before a
/// conjunction (`pre-` / `and post-war`, `MIDDLE-` / `TO UPPER-CLASS`).
pub fn glues_hyphen(prev: &str, next: &str) -> bool {
    let Some(left) = prev.strip_suffix('-') else {
        return false;
    };
    let last = left.bytes().last();
    if !last.is_some_and(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let word: &str = next
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if word.is_empty() || !next.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    !matches!(
        word.to_ascii_lowercase().as_str(),
        "and" | "or" | "to" | "nor" | "as" | "if" | "but" | "than" | "vs" | "through" | "and/or"
    )
}

/// The hyphen of a word split at a line end is dropped where the second half is only an
/// ending no word starts with (`DEMONSTRA-TION`, `REFLECT-ING`); elsewhere it stays
/// (`FLARE-UP`, `Febres-Cordero`, `anti-dumping`), since a reader cannot tell a typed hyphen
/// from a break's.
pub fn drops_hyphen(next: &str) -> bool {
    let word: String = next
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "ing"
            | "ings"
            | "tion"
            | "tions"
            | "sion"
            | "sions"
            | "ation"
            | "ations"
            | "zation"
            | "zations"
            | "ment"
            | "ments"
            | "ness"
            | "ity"
            | "ities"
            | "ted"
            | "ting"
            | "ated"
            | "ating"
            | "ence"
            | "ences"
            | "ance"
            | "ances"
            | "ally"
            | "ical"
            | "ician"
            | "cians"
    )
}

/// A text whose quotes a CSV export doubled, with each doubled quote back to one: `""` next
/// to a letter or digit (`""optics,""`, `""70 PERCENT`), or after sentence punctuation at a
/// word's end (`the end."" He`). An empty quoted field (`"sitelink":"",`, `,"",""`) stays.
/// `None` when there is nothing to repair.
pub fn undouble_quotes(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut hits = memmem::find_iter(b, b"\"\"").peekable();
    hits.peek()?;
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut changed = false;
    for i in hits {
        if i < from {
            continue;
        }
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 2).copied();
        let alnum = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let spaced = |c: Option<u8>| c.is_none_or(|c| c == b' ');
        let closes = before.is_some_and(|c| matches!(c, b'.' | b',' | b'!' | b'?'))
            && spaced(after)
            && i >= 2
            && b[i - 2].is_ascii_alphanumeric();
        if (alnum(before) && after != Some(b'"'))
            || (alnum(after) && before != Some(b'"'))
            || closes
        {
            // `""` is two ASCII bytes: both ends are character boundaries.
            out.push_str(&text[from..i]);
            out.push('"');
            from = i + 2;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[from..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_split_at_a_line_end_joins() {
        assert!(glues_hyphen("SINCE THE FLARE-", "UP OF WORKER VIOLENCE"));
        assert!(glues_hyphen("JURIS-", "DICTION OVER"));
        assert!(glues_hyphen("the hot-", "button issue"));
        assert!(!glues_hyphen("pre-", "and post-war"));
        assert!(!glues_hyphen("MIDDLE-", "TO UPPER-CLASS"));
        assert!(!glues_hyphen("the talks -", "which ended"));
        assert!(!glues_hyphen("the talks--", "which ended"));
        assert!(!glues_hyphen("GOVERNMENT-TO-", "1990 talks"));
        assert!(!glues_hyphen("1990-", "91 budget"));
        assert!(!glues_hyphen("A DASH -", "- B"));
        assert!(drops_hyphen("TION ON JUNE 17"));
        assert!(drops_hyphen("ING THE PLACID"));
        assert!(!drops_hyphen("UP OF WORKER"));
        assert!(!drops_hyphen("Cordero's decision"));
    }

    #[test]
    fn doubled_quotes_become_one() {
        let u = |t: &str| undouble_quotes(t);
        assert_eq!(
            u("stymied by \"\"others,\"\" presumably").as_deref(),
            Some("stymied by \"others,\" presumably")
        );
        assert_eq!(
            u("BACHELET IS \"\"70 PERCENT THERE").as_deref(),
            Some("BACHELET IS \"70 PERCENT THERE")
        );
        assert_eq!(
            u("escape at the end.\"\" He said").as_deref(),
            Some("escape at the end.\" He said")
        );
        assert_eq!(u("no quotes here"), None);
        // Empty quoted fields of a JSON or CSV sample stay as they are.
        assert_eq!(u("\"sitelink\":\"\",\"isnew\":\"\",\"x\""), None);
        assert_eq!(u("\"66STATE106206\",\"\",\"\"`. The"), None);
        assert_eq!(u("He said \"\" nothing."), None);
    }
}
