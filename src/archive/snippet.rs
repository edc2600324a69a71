//! Snippets: a one-line excerpt of a paragraph around the first hit, with the byte ranges of
//! every matched word or phrase inside it. Matching uses the index's own analyzer, so what is
//! highlighted is what was found.

use super::analyzer::analyzer;
use std::collections::VecDeque;
use std::ops::Range;
use tantivy::tokenizer::TokenStream;

/// Bytes of context kept before the first hit.
const BEFORE: usize = 60;
/// Longest snippet, in bytes (before the ellipses).
const LONGEST: usize = 220;

/// Byte ranges in `text` where one of `highlights` (tokens, last one a prefix) occurs.
pub fn hit_ranges(text: &str, highlights: &[(Vec<String>, bool)]) -> Vec<Range<usize>> {
    ranges_until(text, highlights, usize::MAX)
}

/// The hit ranges that start within `after_first` bytes of the first hit. The text is read as
/// a stream with a window as long as the longest phrase, so a paragraph of 50 MB costs no
/// more memory than a short one, and a snippet stops reading shortly after its first hit.
fn ranges_until(
    text: &str,
    highlights: &[(Vec<String>, bool)],
    after_first: usize,
) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut stop_at = usize::MAX;
    scan(text, highlights, |_, range| {
        if stop_at == usize::MAX {
            stop_at = range.start.saturating_add(after_first);
        }
        ranges.push(range);
        Some(stop_at)
    });
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    ranges
}

/// How many of `highlights` (each counted once) occur in `text`; reading stops once all
/// of them are found.
pub fn highlights_found(text: &str, highlights: &[(Vec<String>, bool)]) -> usize {
    let mut found = vec![false; highlights.len()];
    let mut count = 0;
    scan(text, highlights, |k, _| {
        if let Some(seen) = found.get_mut(k)
            && !*seen
        {
            *seen = true;
            count += 1;
        }
        (count < highlights.len()).then_some(usize::MAX)
    });
    count
}

/// Read `text` as the index's analyzer does and call `visit` with (which highlight, its
/// byte range) at each occurrence, as the tokens come. `visit` answers where reading may
/// stop (no token starting after that byte is read), or `None` to stop now.
fn scan(
    text: &str,
    highlights: &[(Vec<String>, bool)],
    mut visit: impl FnMut(usize, Range<usize>) -> Option<usize>,
) {
    let longest = highlights.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    if longest == 0 {
        return;
    }
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    // The last `longest` tokens (text, bytes, position): a phrase ending at the newest token
    // starts inside it. Positions, as the index keeps them: a word dropped by the analyzer
    // (40 bytes or more) still takes one, so a phrase does not match across it.
    let mut window: VecDeque<(String, Range<usize>, usize)> = VecDeque::with_capacity(longest);
    let mut stop_at = usize::MAX;
    while stream.advance() {
        let t = stream.token();
        if t.offset_from > stop_at {
            return;
        }
        if window.len() == longest {
            window.pop_front();
        }
        window.push_back((t.text.clone(), t.offset_from..t.offset_to, t.position));
        for (k, (words, prefix)) in highlights.iter().enumerate() {
            let Some(start) = window.len().checked_sub(words.len()) else {
                continue;
            };
            let last = words.len().saturating_sub(1);
            let first_position = window.get(start).map_or(0, |t| t.2);
            let matched = !words.is_empty()
                && window
                    .range(start..)
                    .zip(words)
                    .enumerate()
                    .all(|(k, (t, w))| {
                        let word = if *prefix && k == last {
                            t.0.starts_with(w.as_str())
                        } else {
                            t.0 == *w
                        };
                        word && t.2 == first_position + k
                    });
            if let (true, Some(first), Some(end)) = (matched, window.get(start), window.back()) {
                match visit(k, first.1.start..end.1.end) {
                    Some(limit) => stop_at = limit,
                    None => return,
                }
            }
        }
    }
}

/// The excerpt of `text` around its first hit, and the hit ranges inside the excerpt.
pub fn snippet(text: &str, highlights: &[(Vec<String>, bool)]) -> (String, Vec<Range<usize>>) {
    let ranges = ranges_until(text, highlights, LONGEST);
    let first = ranges.first().map_or(0, |r| r.start);
    let start = text.floor_char_boundary(first.saturating_sub(BEFORE));
    // Start at a word boundary when cutting.
    let start = if start > 0 {
        text[start..first]
            .find(' ')
            .map_or(start, |i| start + i + 1)
    } else {
        0
    };
    let end = text.floor_char_boundary((start + LONGEST).min(text.len()));
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let out = format!("{lead}{}{tail}", &text[start..end]);
    let shift = lead.len();
    let inside = ranges
        .into_iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    (out, inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(words: &[&str], prefix: bool) -> (Vec<String>, bool) {
        (words.iter().map(|w| w.to_string()).collect(), prefix)
    }

    #[test]
    fn highlights_words_phrases_and_prefixes() {
        let text = "The Drug trafficking route; drug TRAFFICKERS and U.S. aid.";
        let ranges = hit_ranges(
            text,
            &[hl(&["drug", "trafficking"], false), hl(&["traffick"], true)],
        );
        let got: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, ["Drug trafficking", "trafficking", "TRAFFICKERS"]);
    }

    #[test]
    fn highlights_found_counts_each_once() {
        let text = "Drug trafficking; drug traffickers, drug.";
        let drug = hl(&["drug"], false);
        let phrase = hl(&["drug", "trafficking"], false);
        let absent = hl(&["iran"], false);
        assert_eq!(highlights_found(text, std::slice::from_ref(&drug)), 1);
        assert_eq!(highlights_found(text, &[drug.clone(), phrase.clone()]), 2);
        assert_eq!(highlights_found(text, &[drug, absent.clone(), phrase]), 2);
        assert_eq!(highlights_found(text, &[absent]), 0);
        assert_eq!(highlights_found(text, &[]), 0);
    }

    #[test]
    fn snippet_cuts_around_the_hit() {
        let text = format!("{} needle {}", "hay ".repeat(100), "straw ".repeat(100));
        let (snip, ranges) = snippet(&text, &[hl(&["needle"], false)]);
        assert!(snip.starts_with('…') && snip.ends_with('…'));
        assert_eq!(ranges.len(), 1);
        assert_eq!(&snip[ranges[0].clone()], "needle");
        let (whole, _) = snippet("short text", &[hl(&["none"], false)]);
        assert_eq!(whole, "short text");
    }

    #[test]
    fn a_snippet_stops_reading_shortly_after_its_first_hit() {
        let text = format!(
            "needle {} needle {} needle",
            "hay ".repeat(20),
            "hay ".repeat(500)
        );
        let near = ranges_until(&text, &[hl(&["needle"], false)], LONGEST);
        assert_eq!(
            near.len(),
            2,
            "the hits inside the snippet, not the far one"
        );
        assert_eq!(hit_ranges(&text, &[hl(&["needle"], false)]).len(), 3);
        // A phrase across a word the analyzer dropped (40 bytes or more) is not one, as in
        // the index.
        let long = "x".repeat(45);
        let text = format!("drug {long} trafficking; drug trafficking");
        let ranges = hit_ranges(&text, &[hl(&["drug", "trafficking"], false)]);
        assert_eq!(ranges.len(), 1, "{ranges:?}");
        assert_eq!(&text[ranges[0].clone()], "drug trafficking");
        // A phrase across the window's edge is still found whole.
        let ranges = hit_ranges(
            "x drug trafficking y drug",
            &[hl(&["drug", "trafficking"], false)],
        );
        assert_eq!(ranges, vec![Range { start: 2, end: 18 }]);
    }
}
