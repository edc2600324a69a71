//! Fast paths for ASCII lines and needles (nearly every cable line): character bit sets,
//! and subsequence and word-start tests that ignore ASCII case (the line as written, the
//! needle in lower case), so a list keeps no lower-case copy of its lines.

/// A bit for a byte, ignoring ASCII case: `a`-`z` and `0`-`9` get a bit of their own, other
/// bytes share the remaining 28 (so a set bit for them only means "maybe").
pub fn mask(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + (b - b'0'),
        _ => 36 + b % 28,
    };
    1 << bit
}

/// The bit set of every byte of `word`.
pub fn mask_of(word: &[u8]) -> u64 {
    word.iter().fold(0, |m, &b| m | mask(b))
}

/// Where the first (greedy) match of `needle` (lower case) as a subsequence of `hay`
/// ends, ignoring ASCII case: just after its last byte (0 for an empty needle), or `None` when there is none (exactly when nucleo
/// finds no fuzzy match, at a fraction of the cost of scoring it). A longer needle
/// matches from there on: its first match ends at `end + subsequence_end(&hay[end..], rest)`.
pub fn subsequence_end(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut end = 0;
    for &c in needle {
        let rest = hay.get(end..)?;
        let found = if c.is_ascii_lowercase() {
            memchr::memchr2(c, c.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(c, rest)
        };
        end += found? + 1;
    }
    Some(end)
}

/// Does `hay` start with `word` (lower case), ignoring ASCII case?
pub fn starts_with(hay: &[u8], word: &[u8]) -> bool {
    hay.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// The letters and digits of a line that start a word.
#[derive(Debug, Clone, Copy)]
pub struct WordStarts<'a> {
    /// Their offsets in the line.
    pub offsets: &'a [u16],
    /// The bytes themselves, lower-cased (compared first, in a tight loop).
    pub initials: &'a [u8],
}

/// Does some word of `hay` start with `word` (lower case), ignoring ASCII case? A word starts
/// after any byte that is not a letter or digit. `word_starts`, when known, lists the
/// letters and digits that start a word.
pub fn starts_a_word(hay: &[u8], word: &[u8], word_starts: Option<WordStarts<'_>>) -> bool {
    let Some(&first) = word.first() else {
        return true;
    };
    if let Some(starts) = word_starts
        && first.is_ascii_alphanumeric()
    {
        let rest = word.get(1..).unwrap_or(&[]);
        return starts
            .initials
            .iter()
            .zip(starts.offsets)
            .any(|(&initial, &at)| {
                initial == first
                    && hay
                        .get(usize::from(at) + 1..)
                        .is_some_and(|tail| starts_with(tail, rest))
            });
    }
    // Every place the first byte occurs (in either case) that is not inside a word.
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while let Some(found) = hay
        .get(from..)
        .and_then(|rest| memchr::memchr2(first, upper, rest))
    {
        let at = from + found;
        let starts = at == 0 || hay.get(at - 1).is_some_and(|b| !b.is_ascii_alphanumeric());
        if starts && hay.get(at..).is_some_and(|rest| starts_with(rest, word)) {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_ignore_case() {
        assert_eq!(mask(b'a'), mask(b'A'));
        assert_ne!(mask(b'a'), mask(b'b'));
        assert_eq!(mask_of(b"ab") & mask(b'b'), mask(b'b'));
    }

    #[test]
    fn subsequences() {
        assert!(subsequence_end(b"tajik tip", b"tjtp").is_some());
        assert!(subsequence_end(b"tajik tip", b"").is_some());
        assert!(subsequence_end(b"tajik tip", b"tipt").is_none());
        assert!(subsequence_end(b"", b"a").is_none());
        assert!(
            subsequence_end(b"TAJIK Tip", b"tjtp").is_some(),
            "case ignored"
        );
        assert!(subsequence_end(b"TAJIK TIP", b"tipt").is_none());
        assert_eq!(subsequence_end(b"tajik tip", b"tj"), Some(3));
        assert_eq!(subsequence_end(b"tajik tip", b""), Some(0));
        assert_eq!(subsequence_end(b"tajik tip", b"tjz"), None);
        assert!(starts_with(b"09DUSHANBE1319", b"09dush"));
        assert!(!starts_with(b"09DUSHANBE1319", b"09dusk"));
    }

    #[test]
    fn word_starts_with_and_without_an_index() {
        let hay = b"ktip anti-tip";
        let starts = WordStarts {
            offsets: &[0, 5, 10],
            initials: b"kat",
        };
        for index in [None, Some(starts)] {
            assert!(starts_a_word(hay, b"tip", index));
            assert!(starts_a_word(hay, b"anti", index));
            let first_two = WordStarts {
                offsets: &[0, 5],
                initials: b"ka",
            };
            assert!(
                !starts_a_word(hay, b"ti", Some(first_two)),
                "index is trusted"
            );
            let ktip = WordStarts {
                offsets: &[0],
                initials: b"k",
            };
            assert!(!starts_a_word(b"ktip", b"tip", index.map(|_| ktip)));
            assert!(
                starts_a_word(b"ktip (tip)", b"(tip", index),
                "non-alphanumeric: scanned"
            );
            assert!(
                starts_a_word(b"KTIP ANTI-TIP", b"tip", index),
                "case ignored"
            );
            assert!(starts_a_word(b"KTIP Anti-TIP", b"anti", index));
        }
    }
}
