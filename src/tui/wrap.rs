//! Display-width wrapping. `wrap` breaks one text into line ranges; `Wrapped` holds the lines
//! of a whole document for one width, each knowing (block, byte offset), so scrolling never
//! re-wraps and a resize can find the same place again.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Display width of a string: wide characters count 2, combining marks 0.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Break `text` into lines of at most `max` columns (at least 1), at spaces where possible,
/// inside a word when it is longer than a line. Returns byte ranges without the spaces at
/// the breaks. An empty text gives one empty line.
pub fn wrap(text: &str, max: usize) -> Vec<Range<usize>> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut start = 0; // start of the current line
    let mut line_w = 0; // width of text[start..end]
    let mut end = 0; // end of the last word placed on the line
    let mut i = 0;
    let bytes_len = text.len();
    while i < bytes_len {
        // Skip spaces between words.
        let rest = &text[i..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let space_w = spaces;
        i += spaces;
        if i >= bytes_len {
            break;
        }
        let word_end = text[i..].find(' ').map_or(bytes_len, |n| i + n);
        let word = &text[i..word_end];
        let word_w = width(word);
        let gap = if end > start { space_w } else { 0 };
        if end > start && line_w + gap + word_w <= max {
            line_w += gap + word_w;
            end = word_end;
        } else if end == start && word_w <= max {
            start = i;
            line_w = word_w;
            end = word_end;
        } else if word_w <= max {
            lines.push(start..end);
            start = i;
            line_w = word_w;
            end = word_end;
        } else {
            // A word longer than a line: close the current line, then cut the word.
            if end > start {
                lines.push(start..end);
            }
            let mut piece_start = i;
            let mut piece_w = 0;
            for (off, c) in word.char_indices() {
                let w = c.width().unwrap_or(0);
                if piece_w + w > max && piece_w > 0 {
                    lines.push(piece_start..i + off);
                    piece_start = i + off;
                    piece_w = 0;
                }
                piece_w += w;
            }
            start = piece_start;
            end = word_end;
            line_w = piece_w;
        }
        i = word_end;
    }
    if end > start || lines.is_empty() {
        lines.push(start..end.max(start));
    }
    lines
}

/// One display line of a wrapped document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrapLine {
    /// Index of the block (header field or paragraph) it belongs to.
    pub block: u32,
    /// Byte range inside the block's text.
    pub start: u32,
    pub end: u32,
}

impl WrapLine {
    /// The byte range inside the block's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// True for the first line of its block.
    pub fn is_first(&self) -> bool {
        self.start == 0
    }
}

/// A document wrapped at one width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wrapped {
    pub width: u16,
    pub lines: Vec<WrapLine>,
}

impl Wrapped {
    /// Wrap each block's text at its own width; `width` names the pane width it was for.
    pub fn new<'a>(blocks: impl IntoIterator<Item = (&'a str, u16)>, width: u16) -> Wrapped {
        let mut lines = Vec::new();
        for (b, (text, w)) in blocks.into_iter().enumerate() {
            for r in wrap(text, w as usize) {
                lines.push(WrapLine {
                    block: b as u32,
                    start: r.start as u32,
                    end: r.end as u32,
                });
            }
        }
        Wrapped { width, lines }
    }

    /// The line showing byte `offset` of `block` (the block's last line if past its end).
    pub fn line_of(&self, block: u32, offset: usize) -> Option<usize> {
        let first = self.lines.partition_point(|l| l.block < block);
        let mut found = None;
        for (i, l) in self.lines.iter().enumerate().skip(first) {
            if l.block != block {
                break;
            }
            found = Some(i);
            if (l.end as usize) > offset {
                break;
            }
        }
        found
    }

    /// The first line of `block`.
    pub fn first_line_of(&self, block: u32) -> Option<usize> {
        self.line_of(block, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_at_spaces_and_never_exceeds_width() {
        let t = "the quick brown fox jumps over the lazy dog";
        assert_eq!(
            lines(t, 10),
            ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
        for w in 1..50 {
            for l in lines(t, w) {
                assert!(width(l) <= w, "{l:?} wider than {w}");
            }
        }
    }

    #[test]
    fn cuts_long_words_and_keeps_empty_text() {
        assert_eq!(lines("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(lines("", 10), [""]);
        assert_eq!(lines("   ", 10), [""]);
    }

    #[test]
    fn measures_wide_and_combining_characters() {
        // Each CJK character is two columns wide; the combining acute adds nothing.
        assert_eq!(lines("東京都 庁舎", 6), ["東京都", "庁舎"]);
        assert_eq!(
            lines("cafe\u{301} cafe\u{301}", 4),
            ["cafe\u{301}", "cafe\u{301}"]
        );
        assert_eq!(lines("東京都庁", 3), ["東", "京", "都", "庁"]);
    }

    #[test]
    fn finds_the_line_of_an_offset() {
        let w = Wrapped::new([("aaa bbb ccc", 4), ("ddd", 4)], 4);
        assert_eq!(w.lines.len(), 4);
        assert_eq!(w.line_of(0, 5), Some(1));
        assert_eq!(w.line_of(0, 100), Some(2));
        assert_eq!(w.first_line_of(1), Some(3));
        assert_eq!(w.line_of(7, 0), None);
    }
}
