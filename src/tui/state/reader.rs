//! The reader: one cable, its wrapped lines, the scroll position and the in-cable search.

use super::document::{BlockKind, Document};
use crate::cable::Cable;
use crate::cable::spans::{SpanKind, hits_of_any, search_needles};
use crate::tui::wrap::Wrapped;
use std::collections::HashSet;
use std::ops::Range;

/// Where the reader is: on the header, on a paragraph with this label, or on the k-th
/// paragraph block (from 1) where it has no label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Header,
    Label(String),
    Block(usize),
}

/// A search inside the open cable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CableSearch {
    pub query: String,
    /// (block, byte range) of every hit, in reading order.
    pub hits: Vec<(u32, Range<usize>)>,
    /// Index into `hits`.
    pub current: usize,
}

/// Where the reader is, independent of the width: (block, byte offset of the top line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchor {
    pub block: u32,
    pub offset: usize,
}

/// State of the reader pane.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderState {
    /// Index of the cable in the archive.
    pub index: usize,
    pub cable: Cable,
    pub doc: Document,
    /// Lines for the current pane width; rebuilt only when the width changes.
    pub wrapped: Wrapped,
    /// First visible line.
    pub top: usize,
    /// Rows of the pane, for paging and the percentage read.
    pub rows: usize,
    pub expanded_recipients: bool,
    pub search: Option<CableSearch>,
    /// The place kept across resizes until the user scrolls, so a run of resizes does
    /// not drift to earlier line starts.
    pub pinned: Option<Anchor>,
    /// The referenced ids (upper case) that are in the archive: drawn as links, the
    /// others muted.
    pub known_refs: HashSet<String>,
    /// The source text as read while the original is shown (`o`); `None`: the reflowed cable.
    pub original: Option<String>,
    /// Header fields the archive adds (where the cable came from, its copies).
    pub fields: Vec<super::provenance::Field>,
    /// Where the cable is in its post's file (`Embassy Dushanbe 214/1,033`).
    pub post: Option<crate::archive::posts::PostPlace>,
    /// Paragraphs selected (`v`): the ordinal where the selection started; it runs to the
    /// paragraph on top.
    pub selection: Option<u32>,
}

impl ReaderState {
    /// Open `cable` for a pane of `width` x `rows`.
    pub fn new(index: usize, cable: Cable, width: u16, rows: usize) -> ReaderState {
        let doc = Document::new(&cable, false, &[]);
        let wrapped = doc.wrap(width);
        ReaderState {
            index,
            cable,
            doc,
            wrapped,
            top: 0,
            rows,
            expanded_recipients: false,
            search: None,
            pinned: None,
            known_refs: HashSet::new(),
            original: None,
            fields: Vec::new(),
            post: None,
            selection: None,
        }
    }

    /// Open cable `index` of `archive` for the reader: the references it names looked up,
    /// where it came from (its copies) and its place among its post's cables. The first
    /// open builds the archive's lookup maps (a quarter of a second at 251k cables), so the
    /// runtime does this on a worker.
    pub fn open(archive: &crate::archive::Archive, index: usize, cable: Cable) -> ReaderState {
        let mut reader = ReaderState::new(index, cable, 80, 1);
        reader.find_refs(|id| archive.find(id).is_some());
        reader.set_fields(super::provenance::fields(archive, index));
        reader.post = archive.post_place(index);
        reader
    }

    /// Show these fields in the header, after the cable's own.
    pub fn set_fields(&mut self, fields: Vec<super::provenance::Field>) {
        self.fields = fields;
        self.rebuild();
    }

    /// Every cable id the cable refers to: its references line, then ids in the text, once
    /// each, in order.
    pub fn referenced_ids(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let in_text = self.doc.blocks.iter().flat_map(|b| {
            b.spans
                .iter()
                .filter(|s| s.kind == SpanKind::Reference)
                .filter_map(|s| b.text.get(s.range.clone()))
        });
        self.cable
            .references
            .iter()
            .map(String::as_str)
            .chain(in_text)
            .filter(|id| seen.insert(id.to_ascii_uppercase()))
            .map(str::to_string)
            .collect()
    }

    /// Note which referenced ids are in the archive (`is_known`), for the view.
    pub fn find_refs(&mut self, is_known: impl Fn(&str) -> bool) {
        self.known_refs = self
            .referenced_ids()
            .into_iter()
            .filter(|id| is_known(id))
            .map(|id| id.to_ascii_uppercase())
            .collect();
    }

    /// The position of the top line.
    pub fn anchor(&self) -> Anchor {
        self.wrapped
            .lines
            .get(self.top)
            .map_or(Anchor::default(), |l| Anchor {
                block: l.block,
                offset: l.start as usize,
            })
    }

    /// Scroll so that `anchor` is on the top line.
    pub fn go_to(&mut self, anchor: Anchor) {
        self.unpin();
        self.top = self
            .wrapped
            .line_of(anchor.block, anchor.offset)
            .unwrap_or(0);
        self.clamp();
    }

    /// Adapt to a new pane size, keeping the same place on top. Re-wraps only when the
    /// width changed.
    pub fn resize(&mut self, width: u16, rows: usize) {
        self.rows = rows;
        if self.wrapped.width != width {
            let anchor = self.pinned.unwrap_or_else(|| self.anchor());
            self.wrapped = self.doc.wrap(width);
            self.go_to(anchor);
            self.pinned = Some(anchor);
        }
        self.clamp();
    }

    /// Rebuild the document (recipients folded or not, reflowed or the original), keeping
    /// the place: the same block when the layout is the same kind, else the first words on
    /// top found again in the other layout.
    fn rebuild(&mut self) {
        let anchor = self.anchor();
        let words = self.words_on_top();
        let was_original = self.doc.blocks.first().map(|b| &b.kind) == Some(&BlockKind::Source);
        self.doc = match &self.original {
            Some(text) => Document::source(text),
            None => Document::new(&self.cable, self.expanded_recipients, &self.fields),
        };
        self.wrapped = self.doc.wrap(self.wrapped.width);
        if let Some(s) = &self.search {
            let query = s.query.clone();
            self.set_search(&query);
        }
        if was_original == self.original.is_some() {
            self.go_to(anchor);
        } else {
            let found = self.find_words(&words);
            self.go_to(found.unwrap_or_default());
        }
    }

    /// Show the original source `text` (`Some`) or the reflowed cable again (`None`).
    pub fn show_original(&mut self, text: Option<String>) {
        self.original = text;
        self.rebuild();
    }

    /// Up to four words from the top line on, to find the place again in another layout.
    fn words_on_top(&self) -> Vec<String> {
        let a = self.anchor();
        let text = self
            .doc
            .blocks
            .iter()
            .skip(a.block as usize)
            .map(|b| b.text.get(a.offset.min(b.text.len())..).unwrap_or(&b.text))
            .find(|t| t.split_whitespace().count() >= 3)
            .unwrap_or("");
        text.split_whitespace()
            .take(4)
            .map(str::to_string)
            .collect()
    }

    /// The first block whose text holds `words` in a row (fewer words when none does).
    fn find_words(&self, words: &[String]) -> Option<Anchor> {
        (1..=words.len()).rev().find_map(|n| {
            let phrase = words[..n].join(" ");
            self.doc.blocks.iter().enumerate().find_map(|(i, b)| {
                let squeezed = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
                squeezed.contains(&phrase).then(|| {
                    // The place of the phrase in the block's own spacing: its first word.
                    let offset = b.text.find(&words[0]).unwrap_or(0);
                    Anchor {
                        block: i as u32,
                        offset,
                    }
                })
            })
        })
    }

    /// The largest useful `top`.
    pub fn max_top(&self) -> usize {
        self.wrapped.lines.len().saturating_sub(self.rows.max(1))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
    }

    /// Forget the pinned place: the user moved.
    fn unpin(&mut self) {
        self.pinned = None;
    }

    /// Scroll by `delta` lines.
    pub fn scroll(&mut self, delta: isize) {
        self.unpin();
        self.top = self.top.saturating_add_signed(delta);
        self.clamp();
    }

    /// Lines a page key moves (keeping two lines of context).
    pub fn page(&self) -> isize {
        self.rows.saturating_sub(2).max(1) as isize
    }

    /// Scroll to the top or the bottom.
    pub fn to_edge(&mut self, bottom: bool) {
        self.unpin();
        self.top = if bottom { self.max_top() } else { 0 };
    }

    /// Jump to the next (or previous) paragraph start.
    pub fn jump_paragraph(&mut self, forward: bool) {
        self.unpin();
        let current = self.top;
        let starts = self
            .doc
            .paragraph_blocks()
            .filter_map(|(b, _)| self.wrapped.first_line_of(b as u32));
        let target = if forward {
            starts.into_iter().find(|&l| l > current)
        } else {
            starts.into_iter().filter(|&l| l < current).last()
        };
        match target {
            Some(l) => self.top = l,
            None => self.to_edge(forward),
        }
        self.clamp();
    }

    /// The paragraph (its ordinal) the top line belongs to, else the first one starting on
    /// screen; `None` above the body with no paragraph in view, or in the original view.
    pub fn current_paragraph(&self) -> Option<u32> {
        let top = self.anchor().block as usize;
        let bottom = self.top + self.rows.max(1);
        self.doc
            .blocks
            .iter()
            .enumerate()
            .skip(top)
            .find_map(|(b, block)| match block.kind {
                BlockKind::Paragraph { n, .. } => Some((b, n)),
                _ => None,
            })
            .filter(|(b, _)| {
                *b == top
                    || self
                        .wrapped
                        .first_line_of(*b as u32)
                        .is_some_and(|l| l < bottom)
            })
            .map(|(_, n)| n)
    }

    /// The selected paragraphs' ordinals (first, last), from where `v` was pressed to the
    /// paragraph on top.
    pub fn selected_paragraphs(&self) -> Option<(u32, u32)> {
        let start = self.selection?;
        let now = self.current_paragraph().unwrap_or(start);
        Some((start.min(now), start.max(now)))
    }

    /// Toggle the recipients between one line and all of them.
    pub fn toggle_recipients(&mut self) {
        self.expanded_recipients = !self.expanded_recipients;
        self.rebuild();
    }

    /// Where the reader is, as the user sees it (the label on top, not a count of blocks),
    /// with the number of labelled paragraphs and of paragraph blocks.
    pub fn place(&self) -> (Place, usize, usize) {
        let (n, blocks) = self.paragraph_position();
        let labels = self
            .cable
            .paragraphs
            .iter()
            .filter(|p| p.label.is_some())
            .count();
        if n == 0 {
            return (Place::Header, labels, blocks);
        }
        let index = self.cable.paragraphs.iter().position(|p| p.n == n);
        let label = index.and_then(|i| self.cable.paragraphs.get(i)?.label.clone());
        let place = match (label, index) {
            (Some(l), _) => Place::Label(l),
            (None, Some(i)) => Place::Block(i + 1),
            (None, None) => Place::Header,
        };
        (place, labels, blocks)
    }

    /// The paragraph ordinal (`Paragraph::n`) on top (0: the header) and the number of
    /// paragraph blocks.
    pub fn paragraph_position(&self) -> (u32, usize) {
        let total = self.doc.paragraph_blocks().count();
        let top_block = self.anchor().block as usize;
        let n = self
            .doc
            .blocks
            .iter()
            .skip(top_block)
            .find_map(|b| match b.kind {
                BlockKind::Paragraph { n, .. } => Some(n),
                _ => None,
            })
            .unwrap_or(total as u32);
        let before_body = self
            .doc
            .paragraph_blocks()
            .next()
            .is_none_or(|(first, _)| top_block < first.saturating_sub(1));
        (if before_body { 0 } else { n }, total)
    }

    /// Percentage read: the share of lines above the bottom of the pane.
    pub fn percent(&self) -> usize {
        let total = self.wrapped.lines.len().max(1);
        ((self.top + self.rows).min(total) * 100) / total
    }

    /// Search for `query` (its words and "phrases", see `search_needles`; empty: stop
    /// searching) and go to the first hit at or after the top.
    pub fn set_search(&mut self, query: &str) {
        if query.is_empty() {
            self.search = None;
            return;
        }
        let needles = search_needles(query);
        let mut hits = Vec::new();
        for (b, block) in self.doc.blocks.iter().enumerate() {
            for s in hits_of_any(&block.text, &needles) {
                hits.push((b as u32, s.range));
            }
        }
        let top = self.anchor();
        let current = hits
            .iter()
            .position(|(b, r)| (*b, r.start) >= (top.block, top.offset))
            .unwrap_or(0);
        self.search = Some(CableSearch {
            query: query.to_string(),
            hits,
            current,
        });
        self.show_current_hit();
    }

    /// Move to the next or previous hit, wrapping around; `true` when it wrapped. From the
    /// current hit while it is on screen; after a scroll or a jump, from the screen (as less
    /// does): the first hit on or below the top line, or the last one above the bottom.
    pub fn step_hit(&mut self, forward: bool) -> bool {
        let (top, rows) = (self.top, self.rows.max(1));
        let wrapped = &self.wrapped;
        let Some(s) = &mut self.search else {
            return false;
        };
        let n = s.hits.len();
        if n == 0 {
            return false;
        }
        let line = |(b, r): &(u32, Range<usize>)| wrapped.line_of(*b, r.start).unwrap_or(0);
        let on_screen = s
            .hits
            .get(s.current)
            .map(line)
            .is_some_and(|l| l >= top && l < top + rows);
        let (next, wrapped_around) = if on_screen {
            if forward {
                ((s.current + 1) % n, s.current + 1 == n)
            } else {
                ((s.current + n - 1) % n, s.current == 0)
            }
        } else if forward {
            match s.hits.iter().position(|h| line(h) >= top) {
                Some(i) => (i, false),
                None => (0, true),
            }
        } else {
            match s.hits.iter().rposition(|h| line(h) < top + rows) {
                Some(i) => (i, false),
                None => (n - 1, true),
            }
        };
        s.current = next;
        self.show_current_hit();
        wrapped_around
    }

    /// Scroll so the current hit is visible, a third down the pane when it was not.
    fn show_current_hit(&mut self) {
        self.unpin();
        let Some((block, range)) = self
            .search
            .as_ref()
            .and_then(|s| s.hits.get(s.current).cloned())
        else {
            return;
        };
        if let Some(line) = self.wrapped.line_of(block, range.start)
            && (line < self.top || line >= self.top + self.rows.max(1))
        {
            self.top = line.saturating_sub(self.rows / 3);
            self.clamp();
        }
    }
}
