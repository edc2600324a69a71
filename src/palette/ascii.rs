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
///
/// On x86-64 CPUs with AVX2 (checked once, at run time) the whole test is one loop of
/// 32-byte compares ([`avx2::subsequence_end`]); elsewhere each needle byte is one `memchr`.
#[allow(unsafe_code, reason = "a call of an AVX2 function; see SAFETY below")]
pub fn subsequence_end(hay: &[u8], needle: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above), all the function requires.
        return unsafe { avx2::subsequence_end(hay, needle) };
    }
    subsequence_end_by_memchr(hay, needle)
}

/// [`subsequence_end`] by one `memchr` per needle byte (any CPU). Each call sets up its
/// search again, which costs more than the search itself on a line of a hundred bytes.
fn subsequence_end_by_memchr(hay: &[u8], needle: &[u8]) -> Option<usize> {
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

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };

    /// Bytes compared at once.
    const WIDTH: usize = 32;

    /// [`super::subsequence_end`] with AVX2: for each needle byte, the 32 bytes of `hay`
    /// from where the match has got to are compared with it at once (a lower-case letter
    /// against each byte with its `0x20` bit set, which only turns `A`-`Z` into `a`-`z`), and
    /// the first equal one is the match. A line shorter than 32 bytes is copied into a
    /// padded buffer first; near the end the last 32 bytes are loaded and the bytes before
    /// the match's place shifted out.
    #[target_feature(enable = "avx2")]
    #[allow(
        unsafe_code,
        reason = "an unaligned load inside the slice; see SAFETY below"
    )]
    pub fn subsequence_end(hay: &[u8], needle: &[u8]) -> Option<usize> {
        let len = hay.len();
        let mut padded = [0u8; WIDTH];
        let bytes: &[u8] = match padded.get_mut(..len) {
            Some(head) => {
                head.copy_from_slice(hay);
                &padded
            }
            None => hay,
        };
        // The last place a whole window starts (`bytes` holds at least WIDTH).
        let last_window = bytes.len() - WIDTH;
        let mut end = 0;
        for &c in needle {
            let fold = if c.is_ascii_lowercase() { 0x20 } else { 0 };
            let fold = _mm256_set1_epi8(fold);
            let wanted = _mm256_set1_epi8(c as i8);
            loop {
                if end >= len {
                    return None;
                }
                let start = end.min(last_window);
                // SAFETY: `start + WIDTH <= bytes.len()`, so the 32 bytes read are in `bytes`
                // (an unaligned load needs no alignment).
                let window =
                    unsafe { _mm256_loadu_si256(bytes.as_ptr().add(start).cast::<__m256i>()) };
                let equal = _mm256_cmpeq_epi8(_mm256_or_si256(window, fold), wanted);
                // Bit i: the byte at `end + i` (those before `end` shifted out).
                let mut found = (_mm256_movemask_epi8(equal) as u32) >> (end - start);
                let left = len - end;
                if left < WIDTH {
                    found &= (1 << left) - 1;
                }
                if found != 0 {
                    end += found.trailing_zeros() as usize + 1;
                    break;
                }
                end = start + WIDTH;
            }
        }
        Some(end)
    }
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

    /// Lines of every length around the 32-byte windows, with bytes that differ by the `0x20`
    /// bit without being letters (`@` and `` ` ``, `[` and `{`) and a NUL in the needle (which
    /// a short line's padding holds): the vector test (where the CPU has it) finds the same
    /// end as one `memchr` per byte.
    #[test]
    fn the_vector_test_ends_where_memchr_ends() {
        let hay_bytes = b"aAbBzZ19@`[{ -";
        let needle_bytes = b"abz19@`[{ -\0";
        let mut rng = fastrand::Rng::with_seed(18);
        let mut found = 0;
        for len in 0..=100 {
            for _ in 0..300 {
                let hay: Vec<u8> = (0..len)
                    .map(|_| hay_bytes[rng.usize(..hay_bytes.len())])
                    .collect();
                let needle: Vec<u8> = (0..rng.usize(0..8))
                    .map(|_| needle_bytes[rng.usize(..needle_bytes.len())])
                    .collect();
                let end = subsequence_end(&hay, &needle);
                assert_eq!(
                    end,
                    subsequence_end_by_memchr(&hay, &needle),
                    "{:?} in {:?}",
                    String::from_utf8_lossy(&needle),
                    String::from_utf8_lossy(&hay)
                );
                found += usize::from(end.is_some());
            }
        }
        assert!(found > 3_000, "too few matches to tell: {found}");
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
