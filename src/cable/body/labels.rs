//! Paragraph labels and portion markings at the start of a block: `¶5.`, `5. (SBU)`, `- 11.`,
//! `15.` standing for `¶5.`, `110.` for `¶10.`, `1C.` for `¶C.`, `¶A.`. Conversions turned the
//! `¶` sign into a `1` glued to the number; the running sequence tells which reading is meant.

/// A label candidate read at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The digits or the letter as written (`110`, `C`).
    pub written: &'a str,
    /// The `¶` sign was there (so the number is meant as written).
    pub explicit: bool,
    /// The text after the label.
    pub rest: &'a str,
}

/// Read a label candidate at the start of a trimmed line.
pub fn candidate(line: &str) -> Option<Candidate<'_>> {
    let mut s = line.trim_start();
    if let Some(r) = s.strip_prefix("- ") {
        s = r.trim_start();
    }
    let explicit = s.starts_with('¶');
    if explicit {
        s = s.trim_start_matches('¶').trim_start();
    }
    let bytes = s.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let len = if digits > 0 {
        let letter_after = digits == 1
            && bytes[0] == b'1'
            && bytes.get(1).is_some_and(|b| b.is_ascii_uppercase())
            && bytes.get(2).is_some_and(|&b| b == b'.' || b == b')');
        if letter_after {
            2
        } else if digits <= 5 {
            digits
        } else {
            return None;
        }
    } else if bytes.first().is_some_and(|b| b.is_ascii_uppercase()) {
        1
    } else {
        return None;
    };
    let after = s.get(len..)?;
    let after = after
        .strip_prefix('.')
        .or_else(|| after.strip_prefix(')'))?;
    // `1.Costa Rica's`, `1.KEY POINTS`: a number of one or two digits glued to a word.
    let glued_word = (1..=2).contains(&digits)
        && len == digits
        && after.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && after.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic);
    if !(after.is_empty() || after.starts_with([' ', '(']) || glued_word) {
        return None;
    }
    Some(Candidate {
        written: &s[..len],
        explicit,
        rest: after.trim_start(),
    })
}

/// Tracks the running numbering to repair mangled labels.
#[derive(Debug, Default, Clone)]
pub struct Sequence {
    last_number: u32,
}

/// How a candidate resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A label (`5`, `C`).
    Label(String),
    /// Not a label. When a stray `1` (a lost `¶`) was glued to a year that opens a
    /// continuation line (`12006. The Commission`), the text without it.
    NotLabel { repaired: Option<String> },
}

impl Sequence {
    /// Decide what a candidate is, given the sequence so far; advances the sequence.
    pub fn resolve(&mut self, c: &Candidate<'_>) -> Resolved {
        let w = c.written;
        if w.bytes().all(|b| b.is_ascii_alphabetic())
            || (w.len() == 2 && w.starts_with('1') && !w.as_bytes()[1].is_ascii_digit())
        {
            return Resolved::Label(w.trim_start_matches('1').to_string());
        }
        let Ok(n) = w.parse::<u32>() else {
            return Resolved::NotLabel { repaired: None };
        };
        if c.explicit {
            if n > 0 && n < 1000 {
                self.last_number = n;
                return Resolved::Label(n.to_string());
            }
            return Resolved::NotLabel { repaired: None };
        }
        let stripped = w
            .strip_prefix('1')
            .filter(|s| !s.is_empty() && !s.starts_with('0'))
            .and_then(|s| s.parse::<u32>().ok());
        let expected = self.last_number + 1;
        let window = |x: u32| x > self.last_number && x <= self.last_number + 3;
        let choice = if n == expected {
            Some(n)
        } else if stripped == Some(expected) {
            stripped
        } else if window(n) {
            Some(n)
        } else {
            stripped.filter(|&s| window(s))
        };
        match choice {
            Some(v) => {
                self.last_number = v;
                Resolved::Label(v.to_string())
            }
            None => {
                let year = stripped.filter(|y| (1900..2100).contains(y) && w.len() == 5);
                Resolved::NotLabel {
                    repaired: year.map(|y| format!("{y}. {}", c.rest)),
                }
            }
        }
    }
}

/// A portion marking at the start of `s`: `(SBU)`, `(S/NF)`, `(C - ENTIRE TEXT)`; returns the
/// marking without parentheses and the text after it.
pub fn marking(s: &str) -> Option<(&str, &str)> {
    let inner_end = s.strip_prefix('(')?.find(')')?;
    let inner = s.get(1..1 + inner_end)?.trim();
    if inner.is_empty() || inner.len() > 60 || inner.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let head = inner.split(['/', ' ', '-']).next().unwrap_or("");
    if !matches!(
        head,
        "U" | "SBU"
            | "C"
            | "S"
            | "TS"
            | "LOU"
            | "FOUO"
            | "UNCLASSIFIED"
            | "CONFIDENTIAL"
            | "SECRET"
    ) {
        return None;
    }
    let rest = s.get(inner_end + 2..)?;
    let rest = rest.trim_start().trim_start_matches(':').trim_start();
    Some((inner, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Vec<String> {
        let mut seq = Sequence::default();
        lines
            .iter()
            .map(|l| match candidate(l).map(|c| seq.resolve(&c)) {
                Some(Resolved::Label(s)) => s,
                Some(Resolved::NotLabel { repaired: Some(r) }) => format!("text:{r}"),
                _ => "-".into(),
            })
            .collect()
    }

    #[test]
    fn repairs_mangled_numbers() {
        assert_eq!(
            run(&[
                "- 11. SUMMARY",
                "- 12. A",
                "- 13. B",
                "16. C",
                " ¶7. D",
                "- 18. E",
                "- 110. F",
                "- 111. G"
            ]),
            ["1", "2", "3", "6", "7", "8", "10", "11"]
        );
        assert_eq!(
            run(&[
                "¶1. a",
                "¶2. b",
                "1C. c",
                "¶D. d",
                "12006. The x",
                "14. (U) y"
            ]),
            ["1", "2", "C", "D", "text:2006. The x", "4"]
        );
        assert_eq!(run(&["1.4 (b)", "A. What", "Bob"]), ["-", "A", "-"]);
    }

    #[test]
    fn reads_markings() {
        assert_eq!(marking("(SBU) Text"), Some(("SBU", "Text")));
        assert_eq!(marking("(S/NF) Text"), Some(("S/NF", "Text")));
        assert_eq!(marking("(C):  Text"), Some(("C", "Text")));
        assert_eq!(marking("(Recruitment of People)"), None);
    }
}
