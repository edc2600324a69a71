//! nucleo's greedy score for an ASCII line and needle, computed from the matched bytes
//! alone: the same number as `Matcher::fuzzy_match_greedy` (nucleo-matcher 0.3.1, the
//! default config the palette uses: case ignored, no prefix bonus), at a fraction of the
//! cost on long lines.
//!
//! nucleo finds the greedy window (the first needle char, the needle forward from there
//! to `end`, then backward from `end` to the latest `start`), and scores it char by char:
//! each matched char adds `SCORE_MATCH` and a bonus from its class and the class of the
//! char before it; each unmatched char subtracts a gap penalty, saturating at zero. Here
//! the window is found with `memchr`, and the matched chars are reached by `memchr` too:
//! a gap of `g` chars costs `3 + (g - 1)` at once, saturating once, which is the same as
//! saturating after each of its chars (every step in a gap subtracts, so the score hits
//! zero inside the gap exactly when the whole gap's penalty reaches it). The chars of the
//! window between `start` and `end` that nucleo scores as matched are exactly the forward
//! greedy match from `start`: it ends at `end - 1`, since no match of the needle ends
//! before the forward greedy match from the first needle char does. A test compares this
//! with nucleo on many random lines and needles.

const SCORE_MATCH: u16 = 16;
const PENALTY_GAP_START: u16 = 3;
const PENALTY_GAP_EXTENSION: u16 = 1;
const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - PENALTY_GAP_START;
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
const BONUS_CONSECUTIVE: u16 = PENALTY_GAP_START + PENALTY_GAP_EXTENSION;
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;
/// nucleo's default delimiters.
const DELIMITERS: &[u8] = b"/,:;|";

/// nucleo's char classes of ASCII bytes, in nucleo's order (`Letter` is never ASCII).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        _ if b.is_ascii_whitespace() => Class::Whitespace,
        _ if DELIMITERS.contains(&b) => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// nucleo's bonus for a char of class `class` after one of class `prev`.
fn bonus(prev: Class, class: Class) -> u16 {
    if class > Class::Delimiter {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if prev == Class::Lower && class == Class::Upper
        || prev != Class::Number && class == Class::Number
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// The first `c` (a needle byte: lower case) in `hay`, ignoring ASCII case.
fn find(c: u8, hay: &[u8]) -> Option<usize> {
    if c.is_ascii_lowercase() {
        memchr::memchr2(c, c.to_ascii_uppercase(), hay)
    } else {
        memchr::memchr(c, hay)
    }
}

/// The last `c` in `hay`, ignoring ASCII case.
fn rfind(c: u8, hay: &[u8]) -> Option<usize> {
    if c.is_ascii_lowercase() {
        memchr::memrchr2(c, c.to_ascii_uppercase(), hay)
    } else {
        memchr::memrchr(c, hay)
    }
}

/// nucleo's greedy score of `needle` (lower case, as nucleo's atoms hold it) in `hay`, or
/// `None` when it does not match. Only for `hay` longer than `needle`: nucleo scores a
/// line of the needle's length as an exact match instead (the caller asks nucleo).
pub fn score(hay: &[u8], needle: &[u8]) -> Option<u16> {
    let first = *needle.first()?;
    if hay.len() <= needle.len() {
        return None;
    }
    // The window's end: the needle matched forward from its first char's first place.
    let first_at = find(first, hay.get(..hay.len() - needle.len() + 1)?)?;
    let mut end = first_at + 1;
    for &c in needle.get(1..)? {
        end += find(c, hay.get(end..)?)? + 1;
    }
    score_window(hay, needle, first_at, end)
}

/// [`score`] when the end of the needle's first forward match in `hay` is known (just
/// after its last byte, as [`ascii::subsequence_end`](super::ascii::subsequence_end) gives
/// it): the forward pass is skipped. `end` must be that end (it is not checked; another
/// end scores another window); `None` when it is out of bounds.
pub fn score_ending_at(hay: &[u8], needle: &[u8], end: usize) -> Option<u16> {
    if hay.len() <= needle.len() || end < needle.len() || end > hay.len() {
        return None;
    }
    score_window(hay, needle, 0, end)
}

/// The score of the greedy window that ends at `end` and starts at `from` or later.
fn score_window(hay: &[u8], needle: &[u8], from: usize, end: usize) -> Option<u16> {
    let rest = needle.get(1..)?;
    // Its start: the needle matched backward from the end.
    let mut start = from;
    if end - from != needle.len() {
        let mut to = end;
        for &c in needle.iter().rev() {
            to = rfind(c, hay.get(start..to)?)? + start;
        }
        start = to;
    }
    let before = start
        .checked_sub(1)
        .and_then(|i| hay.get(i))
        .map_or(Class::Whitespace, |&b| class(b));
    let mut prev_class = class(*hay.get(start)?);
    let mut first_bonus = bonus(before, prev_class);
    let mut score = SCORE_MATCH + first_bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut at = start;
    for &c in rest {
        let gap = find(c, hay.get(at + 1..end)?)?;
        at += gap + 1;
        let consecutive = gap == 0;
        if !consecutive {
            let gap = u16::try_from(gap).unwrap_or(u16::MAX);
            score = score.saturating_sub(
                PENALTY_GAP_START.saturating_add((gap - 1).saturating_mul(PENALTY_GAP_EXTENSION)),
            );
            prev_class = class(*hay.get(at - 1)?);
        }
        let this_class = class(*hay.get(at)?);
        let mut b = bonus(prev_class, this_class);
        if consecutive {
            if b >= BONUS_BOUNDARY && b > first_bonus {
                first_bonus = b;
            }
            b = b.max(first_bonus).max(BONUS_CONSECUTIVE);
        } else {
            first_bonus = b;
        }
        score = score.wrapping_add(SCORE_MATCH + b);
        prev_class = this_class;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    /// A small deterministic generator (no dependency, same lines on every run).
    struct Mix(u64);

    impl Mix {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n as u64) as usize
        }

        fn pick(&mut self, from: &[u8]) -> u8 {
            from[self.below(from.len())]
        }
    }

    fn nucleo(hay: &[u8], needle: &[u8], m: &mut Matcher) -> Option<u16> {
        let text = std::str::from_utf8(needle).expect("ascii");
        m.fuzzy_match_greedy(Utf32Str::Ascii(hay), Utf32Str::Ascii(text.as_bytes()))
    }

    #[test]
    fn same_scores_as_nucleo_on_random_lines() {
        let mut m = Matcher::new(Config::DEFAULT);
        let mut mix = Mix(18);
        // Few distinct letters, so most needles match, with long gaps and every class.
        let line_bytes = b"abcdeABCDE0129  /,:;|-._()'";
        let needle_bytes = b"abcdeabcde019 /-.";
        let (mut compared, mut matched) = (0, 0);
        for _ in 0..200_000 {
            let len = 1 + mix.below(120);
            let hay: Vec<u8> = (0..len).map(|_| mix.pick(line_bytes)).collect();
            let n = 1 + mix.below(8);
            let needle: Vec<u8> = (0..n).map(|_| mix.pick(needle_bytes)).collect();
            if hay.len() <= needle.len() {
                continue;
            }
            let expected = nucleo(&hay, &needle, &mut m);
            assert_eq!(
                score(&hay, &needle),
                expected,
                "{:?} in {:?}",
                String::from_utf8_lossy(&needle),
                String::from_utf8_lossy(&hay)
            );
            // The same from the end the first pass found.
            if let Some(end) = crate::palette::ascii::subsequence_end(&hay, &needle) {
                assert_eq!(
                    score_ending_at(&hay, &needle, end),
                    expected,
                    "{:?} in {:?}, ending at {end}",
                    String::from_utf8_lossy(&needle),
                    String::from_utf8_lossy(&hay)
                );
            }
            compared += 1;
            matched += usize::from(expected.is_some());
        }
        assert!(
            compared > 150_000 && matched > compared / 3,
            "{matched}/{compared}"
        );
    }

    #[test]
    fn known_scores() {
        let mut m = Matcher::new(Config::DEFAULT);
        for (hay, needle) in [
            (&b"TAJIK TIP COMMISSION"[..], &b"tip"[..]),
            (b"09DUSHANBE1319  TAJIK", b"dshnb"),
            (b"a-b_c/d e", b"abcde"),
            (b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxab", b"ab"),
            (b"a bab", b"ab"),
        ] {
            assert_eq!(score(hay, needle), nucleo(hay, needle, &mut m));
        }
        assert_eq!(score(b"TAJIK", b"zz"), None);
    }
}
