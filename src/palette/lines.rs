//! Storage of a candidate list, laid out for scanning 251k lines per keystroke.
//!
//! ASCII lines (nearly all) sit back to back in one buffer, so a scan streams through
//! memory instead of chasing separate allocations; other lines are pre-converted to
//! nucleo's `Utf32String` (converting per keystroke costs up to 40% more matching time).
//! Each ASCII line also gets a small index built once (its text is matched as written,
//! ignoring case, with no lower-case copy): a bit set of the characters it holds and one of
//! the characters that start its words, in a 32-byte record; long lines also keep the
//! offsets of their word starts.
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
    /// only for long lines ([`LONG_LINE`] to 65,535 bytes); others are searched instead.
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

/// Lines at least this long (in bytes) keep the offsets of their word starts; shorter ones
/// find their word starts with `memchr` when asked (nearly every cable line is shorter).
pub(crate) const LONG_LINE: usize = 256;

/// How much of a line's text [`CandidateList::prefetch_text`] asks for (a cable's line
/// is 138 bytes on average).
const PREFETCHED_TEXT: usize = 128;
/// The CPU's cache line, in bytes.
const CACHE_LINE: usize = 64;

/// Where one line lives in the list's storage and what is known of it: 32 bytes.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset in `ascii` (where an ASCII line starts; its end is the next line's
    /// start). A non-ASCII line takes no room there: its start is where the next begins.
    start: u64,
    /// [`ascii::mask`] of every byte of an ASCII line; the index in `unicode` otherwise.
    present: u64,
    /// [`ascii::mask`] of every byte that starts a word (ASCII lines only).
    initials: u64,
    rank: u32,
    /// Chars of the key, at most `u16::MAX` (a longer key is cut there).
    key_len: u16,
    /// [`ASCII`], [`HIDDEN`], [`LONG`].
    flags: u8,
}

/// `Line::flags`: the line is ASCII and lives in `ascii`.
const ASCII: u8 = 1;
/// `Line::flags`: left out of every ranking.
const HIDDEN: u8 = 2;
/// `Line::flags`: a long ASCII line whose word starts are in `long_lines`.
const LONG: u8 = 4;

/// The word starts of one long line: its position in the list and its range in
/// `word_starts`.
#[derive(Debug, Clone, Copy)]
struct LongLine {
    line: u32,
    starts_at: u32,
    starts_len: u32,
}

/// A list of candidates, shared by the matcher thread and the UI.
#[derive(Debug, Clone, Default)]
pub struct CandidateList {
    ascii: String,
    unicode: Vec<Utf32String>,
    word_starts: Vec<u16>,
    word_initials: Vec<u8>,
    /// Sorted by line.
    long_lines: Vec<LongLine>,
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
            start: self.ascii.len() as u64,
            present: u64::MAX,
            initials: u64::MAX,
            rank,
            key_len: 0,
            flags: 0,
        };
        let len = if text.is_ascii() {
            line.flags |= ASCII;
            let bytes = text.as_bytes();
            self.ascii.push_str(text);
            line.present = bytes.iter().fold(0, |m, &b| m | ascii::mask(b));
            line.initials = 0;
            let long = (LONG_LINE..=usize::from(u16::MAX)).contains(&bytes.len());
            let first_start = self.word_starts.len();
            let mut previous_alnum = false;
            for (at, &b) in bytes.iter().enumerate() {
                if !previous_alnum && b.is_ascii_alphanumeric() {
                    line.initials |= ascii::mask(b);
                    if long && let Ok(at) = u16::try_from(at) {
                        self.word_starts.push(at);
                        self.word_initials.push(b.to_ascii_lowercase());
                    }
                }
                previous_alnum = b.is_ascii_alphanumeric();
            }
            if let (true, Ok(line_at), Ok(starts_at), Ok(starts_len)) = (
                long,
                u32::try_from(self.lines.len()),
                u32::try_from(first_start),
                u32::try_from(self.word_starts.len() - first_start),
            ) {
                line.flags |= LONG;
                self.long_lines.push(LongLine {
                    line: line_at,
                    starts_at,
                    starts_len,
                });
            } else {
                self.word_starts.truncate(first_start);
                self.word_initials.truncate(first_start);
            }
            bytes.len()
        } else {
            let chars = Utf32String::from(text);
            let len = chars.len();
            line.present = self.unicode.len() as u64;
            self.unicode.push(chars);
            len
        };
        line.key_len = u16::try_from(key_len.min(len)).unwrap_or(u16::MAX);
        self.lines.push(line);
    }

    /// Give back the room grown for pushing: call once the list is complete.
    pub fn shrink_to_fit(&mut self) {
        self.ascii.shrink_to_fit();
        self.unicode.shrink_to_fit();
        self.word_starts.shrink_to_fit();
        self.word_initials.shrink_to_fit();
        self.long_lines.shrink_to_fit();
        self.lines.shrink_to_fit();
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
            + self.long_lines.capacity() * size_of::<LongLine>()
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
            && line.flags & HIDDEN == 0
        {
            line.flags |= HIDDEN;
            self.hidden += 1;
        }
    }

    /// Number of candidates a ranking can show (not hidden).
    pub fn shown(&self) -> usize {
        self.lines.len() - self.hidden
    }

    /// True when candidate `i` is hidden (or out of range).
    pub fn is_hidden(&self, i: u32) -> bool {
        self.lines
            .get(i as usize)
            .is_none_or(|l| l.flags & HIDDEN != 0)
    }

    /// Candidate `i`, if any.
    pub fn get(&self, i: u32) -> Option<Candidate<'_>> {
        let at = i as usize;
        let line = self.lines.get(at)?;
        let (text, index) = if line.flags & ASCII != 0 {
            let end = self
                .lines
                .get(at + 1)
                .map_or(self.ascii.len(), |next| next.start as usize);
            let bytes = self.ascii.as_bytes().get(line.start as usize..end)?;
            let word_starts = if line.flags & LONG != 0 {
                let k = self.long_lines.binary_search_by_key(&i, |l| l.line).ok()?;
                let long = self.long_lines.get(k)?;
                let range = long.starts_at as usize..(long.starts_at + long.starts_len) as usize;
                Some(ascii::WordStarts {
                    offsets: self.word_starts.get(range.clone())?,
                    initials: self.word_initials.get(range)?,
                })
            } else {
                None
            };
            let index = LineIndex {
                present: line.present,
                initials: line.initials,
                word_starts,
            };
            (Utf32Str::Ascii(bytes), Some(index))
        } else {
            let chars = self.unicode.get(usize::try_from(line.present).ok()?)?;
            (chars.slice(..), None)
        };
        Some(Candidate {
            text,
            key_len: u32::from(line.key_len),
            rank: line.rank,
            hidden: line.flags & HIDDEN != 0,
            index,
        })
    }

    /// Ask the CPU to bring candidate `i`'s record into its cache, ahead of a [`get`].
    ///
    /// [`get`]: CandidateList::get
    pub fn prefetch_record(&self, i: u32) {
        if let Some(line) = self.lines.get(i as usize) {
            prefetch(std::ptr::from_ref(line).cast());
        }
    }

    /// Ask the CPU to bring the first [`PREFETCHED_TEXT`] bytes of candidate `i`'s text
    /// into its cache. Its record is read: prefetch that some lines earlier.
    pub fn prefetch_text(&self, i: u32) {
        let Some(line) = self.lines.get(i as usize) else {
            return;
        };
        let bytes = self.ascii.as_bytes();
        for at in (0..PREFETCHED_TEXT).step_by(CACHE_LINE) {
            if let Some(byte) = bytes.get(line.start as usize + at) {
                prefetch(std::ptr::from_ref(byte).cast());
            }
        }
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
        list.shrink_to_fit();
        list
    }
}

/// A hint to the CPU to bring the cache line at `p` closer: no effect on what the program
/// computes, only on when memory is waited for.
#[allow(unsafe_code, reason = "a prefetch hint; see SAFETY below")]
fn prefetch(p: *const i8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch instruction neither faults (any address is allowed) nor reads or
    // writes memory the program sees; `sse`, its target feature, is part of x86_64.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_record_is_32_bytes() {
        assert_eq!(size_of::<Line>(), 32);
    }

    #[test]
    fn lines_come_back_as_pushed_with_word_starts_for_long_lines_only() {
        let long = format!("09LONG1  {}TIP", "word ".repeat(60));
        let texts = [
            "09A1  SHORT LINE",
            "ИТАР ТАСС",
            long.as_str(),
            "",
            "09B2  LAST",
        ];
        let list: CandidateList = texts.iter().map(|t| (*t, 4, 7)).collect();
        assert_eq!(list.len(), texts.len());
        for (i, text) in texts.iter().enumerate() {
            let c = list.get(i as u32).expect("pushed");
            assert_eq!(c.display(), *text);
            assert_eq!(c.key_len as usize, 4.min(text.chars().count()));
            assert_eq!(c.rank, 7);
            let starts = c.index.and_then(|x| x.word_starts);
            assert_eq!(starts.is_some(), text.len() >= LONG_LINE, "{text}");
        }
        let c = list.get(2).expect("long");
        let starts = c.index.and_then(|x| x.word_starts).expect("indexed");
        assert_eq!(starts.offsets.len(), 62);
        assert_eq!(starts.offsets.first(), Some(&0));
        assert_eq!(starts.initials.last(), Some(&b't'));
        assert!(list.get(5).is_none());
    }
}
