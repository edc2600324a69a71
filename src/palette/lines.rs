//! Storage of a candidate list, laid out for scanning 251k lines per keystroke.
//!
//! ASCII lines (nearly all) sit back to back in one buffer, so a scan streams through
//! memory instead of chasing separate allocations; other lines are pre-converted to
//! nucleo's `Utf32String` (converting per keystroke costs up to 40% more matching time).
//! Each ASCII line also gets a small index built once (its text is matched as written,
//! ignoring case, with no lower-case copy): a bit set of the characters it holds, one of the characters that start its words, and the offsets of
//! its word starts.
//! With them most lines are accepted or rejected without reading their text.

use super::ascii;
use nucleo_matcher::{Utf32Str, Utf32String};

/// One line to match, borrowed from its [`CandidateList`].
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// The matched (and displayed) text; its first `key_len` chars are the key.
    pub text: Utf32Str<'a>,
    /// Length in chars of the key at the start of `text` (cable id, tag code, command
    /// name, origin) that exact and prefix matches rank first.
    pub key_len: u32,
    /// Tie-breaker, larger first: the date for cables, the count for tags and origins.
    pub rank: u32,
    /// Left out of every ranking (a copy of a cable whose best copy is listed).
    pub hidden: bool,
    /// The scan index of an ASCII line.
    pub(crate) index: Option<LineIndex<'a>>,
}

/// What is known about an ASCII line without reading it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineIndex<'a> {
    /// [`ascii::mask`] of every byte.
    pub present: u64,
    /// [`ascii::mask`] of every byte that starts a word.
    pub initials: u64,
    /// The letters and digits that start a word: their offsets and (lower-cased) bytes;
    /// `None` for lines too long to index (over 65,535 bytes), which are scanned instead.
    pub word_starts: Option<ascii::WordStarts<'a>>,
}

impl<'a> Candidate<'a> {
    /// The text as nucleo sees it.
    pub fn haystack(&self) -> Utf32Str<'a> {
        self.text
    }

    /// The key part of the text.
    pub fn key(&self) -> Utf32Str<'a> {
        self.text.slice_u32(..self.key_len)
    }

    /// The text as a string, for display; match indices count its chars.
    pub fn display(&self) -> String {
        self.text.to_string()
    }
}

/// Where one line lives in the list's storage.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset in `ascii`, or index in `unicode`.
    start: usize,
    len: u32,
    key_len: u32,
    rank: u32,
    is_ascii: bool,
    present: u64,
    initials: u64,
    /// Range in `word_starts`; `starts_len == u16::MAX` when not indexed.
    starts_at: u32,
    starts_len: u16,
    hidden: bool,
}

/// A list of candidates, shared by the matcher thread and the UI.
#[derive(Debug, Clone, Default)]
pub struct CandidateList {
    ascii: String,
    unicode: Vec<Utf32String>,
    word_starts: Vec<u16>,
    word_initials: Vec<u8>,
    lines: Vec<Line>,
    hidden: usize,
}

impl CandidateList {
    /// An empty list.
    pub fn new() -> CandidateList {
        CandidateList::default()
    }

    /// Add a line whose key is its first `key_len` chars, with tie-breaking `rank`.
    pub fn push(&mut self, text: &str, key_len: usize, rank: u32) {
        let mut line = Line {
            start: 0,
            len: 0,
            key_len: 0,
            rank,
            is_ascii: text.is_ascii(),
            present: u64::MAX,
            initials: u64::MAX,
            starts_at: 0,
            starts_len: u16::MAX,
            hidden: false,
        };
        if line.is_ascii {
            let bytes = text.as_bytes();
            line.start = self.ascii.len();
            line.len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            self.ascii.push_str(text);
            line.present = bytes.iter().fold(0, |m, &b| m | ascii::mask(b));
            line.initials = 0;
            let first_start = self.word_starts.len();
            let mut previous_alnum = false;
            for (at, &b) in bytes.iter().enumerate() {
                if !previous_alnum && b.is_ascii_alphanumeric() {
                    line.initials |= ascii::mask(b);
                    if let Ok(at) = u16::try_from(at) {
                        self.word_starts.push(at);
                        self.word_initials.push(b.to_ascii_lowercase());
                    }
                }
                previous_alnum = b.is_ascii_alphanumeric();
            }
            match (
                u32::try_from(first_start),
                u16::try_from(self.word_starts.len() - first_start),
            ) {
                (Ok(at), Ok(n)) if n < u16::MAX && bytes.len() <= usize::from(u16::MAX) => {
                    line.starts_at = at;
                    line.starts_len = n;
                }
                _ => {
                    self.word_starts.truncate(first_start);
                    self.word_initials.truncate(first_start);
                }
            }
        } else {
            let chars = Utf32String::from(text);
            line.len = u32::try_from(chars.len()).unwrap_or(u32::MAX);
            line.start = self.unicode.len();
            self.unicode.push(chars);
        }
        line.key_len = u32::try_from(key_len).unwrap_or(u32::MAX).min(line.len);
        self.lines.push(line);
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Bytes the list holds on the heap (its lines, word starts and per-line index), for
    /// memory budgets.
    pub fn heap_bytes(&self) -> usize {
        self.ascii.capacity()
            + self.word_starts.capacity() * size_of::<u16>()
            + self.word_initials.capacity()
            + self.lines.capacity() * size_of::<Line>()
            + self
                .unicode
                .iter()
                .map(|u| size_of::<Utf32String>() + u.len() * size_of::<char>())
                .sum::<usize>()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Leave candidate `i` out of every ranking; it keeps its index (a cable's index in the
    /// archive stays its index in the list).
    pub fn hide(&mut self, i: usize) {
        if let Some(line) = self.lines.get_mut(i)
            && !line.hidden
        {
            line.hidden = true;
            self.hidden += 1;
        }
    }

    /// Number of candidates a ranking can show (not hidden).
    pub fn shown(&self) -> usize {
        self.lines.len() - self.hidden
    }

    /// True when candidate `i` is hidden (or out of range).
    pub fn is_hidden(&self, i: u32) -> bool {
        self.lines.get(i as usize).is_none_or(|l| l.hidden)
    }

    /// Candidate `i`, if any.
    pub fn get(&self, i: u32) -> Option<Candidate<'_>> {
        let line = self.lines.get(i as usize)?;
        let (text, index) = if line.is_ascii {
            let range = line.start..line.start + line.len as usize;
            let bytes = self.ascii.as_bytes().get(range)?;
            let word_starts = (line.starts_len != u16::MAX)
                .then(|| {
                    let range = line.starts_at as usize
                        ..line.starts_at as usize + usize::from(line.starts_len);
                    Some(ascii::WordStarts {
                        offsets: self.word_starts.get(range.clone())?,
                        initials: self.word_initials.get(range)?,
                    })
                })
                .flatten();
            let index = LineIndex {
                present: line.present,
                initials: line.initials,
                word_starts,
            };
            (Utf32Str::Ascii(bytes), Some(index))
        } else {
            (self.unicode.get(line.start)?.slice(..), None)
        };
        Some(Candidate {
            text,
            key_len: line.key_len,
            rank: line.rank,
            hidden: line.hidden,
            index,
        })
    }

    /// The tie-breaking rank of candidate `i` (0 when out of range).
    pub fn rank(&self, i: u32) -> u32 {
        self.lines.get(i as usize).map_or(0, |l| l.rank)
    }

    /// Every candidate, in order.
    pub fn iter(&self) -> impl Iterator<Item = Candidate<'_>> {
        (0..self.lines.len()).filter_map(|i| self.get(u32::try_from(i).ok()?))
    }
}

impl<'s> FromIterator<(&'s str, usize, u32)> for CandidateList {
    /// Collect `(text, key_len, rank)` triples.
    fn from_iter<I: IntoIterator<Item = (&'s str, usize, u32)>>(iter: I) -> CandidateList {
        let mut list = CandidateList::new();
        for (text, key_len, rank) in iter {
            list.push(text, key_len, rank);
        }
        list
    }
}
