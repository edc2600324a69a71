//! The palette overlay's state: the input, the parsed query, the latest ranking (or keyword
//! hits), the selection; and what the app remembers between palettes (lists, recent cables,
//! the last keyword result set for `(`/`)`).

use crate::archive::{Archive, FIRST_HIT, Hit};
use crate::palette::candidates::{self, CandidateList, ListItem, OriginEntry, TagEntry};
use crate::palette::{Mode, Query, Ranking};
use crate::tui::action::Command;
use crate::tui::input::Edit;
use crate::tui::keymap::Keymap;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A candidate list shared with the matcher thread; equal when it is the same list.
#[derive(Clone)]
pub struct SharedList(pub Arc<CandidateList>);

impl PartialEq for SharedList {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for SharedList {}

impl fmt::Debug for SharedList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SharedList({} lines)", self.0.len())
    }
}

/// The palette's lists, handed over from the thread that built them; equal when the same.
#[derive(Debug, Clone)]
pub struct SharedLists(pub Arc<PaletteLists>);

impl PartialEq for SharedLists {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Every list the palette matches, built once per archive (and keymap, for commands).
pub struct PaletteLists {
    pub cables: SharedList,
    pub tags: SharedList,
    pub tag_entries: Vec<TagEntry>,
    pub origins: SharedList,
    pub origin_entries: Vec<OriginEntry>,
    pub commands: SharedList,
    pub command_entries: Vec<(Command, ListItem)>,
}

impl fmt::Debug for PaletteLists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PaletteLists({} cables, {} tags, {} origins, {} commands)",
            self.cables.0.len(),
            self.tags.0.len(),
            self.origins.0.len(),
            self.commands.0.len()
        )
    }
}

impl PaletteLists {
    /// Every cable as a candidate, at its archive index; the copies a list folds are
    /// hidden (a cable in several files is one line, its best copy).
    fn cables_folded(archive: &Archive) -> CandidateList {
        let mut list = candidates::cable_list(archive.meta_refs());
        let flags = archive.copy_flags();
        for (i, f) in flags.iter().enumerate() {
            if f & crate::archive::copies::FOLDED != 0 {
                list.hide(i);
            }
        }
        list
    }

    /// Build the lists of `archive`; commands come with their keys from `keymap`.
    pub fn build(archive: &Archive, keymap: &Keymap) -> PaletteLists {
        let tags = candidates::tag_list(archive.meta_refs());
        let origins = candidates::origin_list(archive.meta_refs());
        Self::with(Self::cables_folded(archive), tags, origins, keymap)
    }

    /// The commands alone, no cable, tag or origin yet: the palette opened before the
    /// archive's lists are built (seconds at 2.7M cables, on a thread behind the first
    /// frame) starts with these, and keyword searches work at once; the lists replace them
    /// when they come.
    pub fn commands_only(keymap: &Keymap) -> PaletteLists {
        let none = std::iter::empty::<crate::archive::CableMeta>;
        let tags = candidates::tag_list(none());
        let origins = candidates::origin_list(none());
        Self::with(candidates::cable_list(none()), tags, origins, keymap)
    }

    /// The lists of these cables, tags and origins, and every command.
    fn with(
        cables: CandidateList,
        (tags, tag_entries): (CandidateList, Vec<TagEntry>),
        (origins, origin_entries): (CandidateList, Vec<OriginEntry>),
        keymap: &Keymap,
    ) -> PaletteLists {
        let (commands, command_entries) = Self::commands(keymap);
        PaletteLists {
            cables: SharedList(Arc::new(cables)),
            tags: SharedList(Arc::new(tags)),
            tag_entries,
            origins: SharedList(Arc::new(origins)),
            origin_entries,
            commands,
            command_entries,
        }
    }

    /// Every command the palette offers, with its first key from `keymap`.
    fn commands(keymap: &Keymap) -> (SharedList, Vec<(Command, ListItem)>) {
        let entries = keymap.entries();
        let command_entries: Vec<(Command, ListItem)> = Command::ALL
            .iter()
            .filter(|c| **c != Command::Palette && Edit::from_command(**c).is_none())
            .map(|&c| {
                let key = entries
                    .iter()
                    .find(|e| e.command == c)
                    .and_then(|e| e.keys.first().cloned());
                let item = ListItem {
                    name: c.name().to_string(),
                    description: c.description().to_string(),
                    key,
                };
                (c, item)
            })
            .collect();
        let items: Vec<ListItem> = command_entries.iter().map(|(_, i)| i.clone()).collect();
        let commands = SharedList(Arc::new(candidates::item_list(&items)));
        (commands, command_entries)
    }

    /// The list a fuzzy mode matches (`None` for keyword and paragraph modes).
    pub fn list(&self, mode: Mode) -> Option<&SharedList> {
        match mode {
            Mode::Cables => Some(&self.cables),
            Mode::Tags => Some(&self.tags),
            Mode::Origins => Some(&self.origins),
            Mode::Commands => Some(&self.commands),
            Mode::Keyword | Mode::Paragraph => None,
        }
    }
}

/// What Enter on a row does.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Cable(usize),
    Tag(String),
    Origin(String),
    Command(Command),
    Hit(Hit),
    Paragraph(u32),
}

/// One row of the palette as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub text: String,
    /// Byte ranges of `text` to highlight as matched.
    pub highlights: Vec<std::ops::Range<usize>>,
    /// Right-aligned detail: a count, a key, a date.
    pub detail: String,
    pub target: Target,
    /// Bytes at the start of `text` always shown (a hit's id and label); `fit` may cut the
    /// text after them. 0: the row is never cut in the middle.
    pub lead: usize,
}

impl Row {
    /// Make the first highlight visible in `max` columns: when it would end past them, the
    /// text after `lead` is cut to start a few words before it, marked by `…` (a keyword
    /// hit deep in its snippet, on an 80-column screen). Rows without a lead are left alone.
    pub fn fit(&mut self, max: usize) {
        use crate::tui::wrap::width;
        let Some(first) = self.highlights.first().cloned() else {
            return;
        };
        let lead = self.lead;
        if lead == 0 || lead > first.start || !self.text.is_char_boundary(lead) {
            return;
        }
        let Some(upto) = self.text.get(..first.end) else {
            return;
        };
        if width(upto) <= max {
            return;
        }
        let room = max.saturating_sub(width(&self.text[..lead]) + 1);
        // Up to a third of the room before the hit, from the start of a word.
        let before = room / 3;
        let mut start = first.start;
        let mut cols = 0;
        for (i, c) in self.text[lead..first.start].char_indices().rev() {
            cols += width(c.encode_utf8(&mut [0; 4]));
            if cols > before {
                break;
            }
            start = lead + i;
        }
        if let Some(space) = self.text[start..first.start].find(' ') {
            start += space + 1;
        }
        let cut = start - lead;
        let mut text = self.text[..lead].to_string();
        text.push('…');
        let shift = '…'.len_utf8();
        text.push_str(&self.text[start..]);
        self.highlights = self
            .highlights
            .iter()
            .filter(|r| r.start >= start)
            .map(|r| r.start - cut + shift..r.end - cut + shift)
            .collect();
        self.text = text;
    }
}

/// The palette overlay.
#[derive(Debug, Clone)]
pub struct PaletteState {
    pub input: crate::tui::input::LineInput,
    pub query: Query,
    /// The generation of the latest request; older answers are dropped.
    pub generation: u64,
    /// The ranking for `generation` (or an older one while waiting).
    pub ranking: Ranking,
    /// False while the latest request has no final answer yet.
    pub done: bool,
    /// Keyword mode: the hits loaded so far, or why there are none.
    pub hits: Vec<Hit>,
    /// Keyword mode: how many hits there are in all (cables, for filters alone).
    pub total: usize,
    /// Keyword mode: a further page has been asked for and has not come yet.
    pub loading_more: bool,
    /// Enter came before the query's results: act on the first one when they are done.
    pub accept_when_done: bool,
    pub error: Option<String>,
    pub selected: usize,
    pub lists: Arc<PaletteLists>,
    /// Recently opened cables, newest first (shown for an empty query).
    pub recent: Vec<usize>,
    /// Whether a cable was open when the palette opened (a bare number is a paragraph).
    pub in_cable: bool,
    /// The open cable's paragraph labels with their ordinals (`Paragraph::n`), in order.
    pub labels: Vec<(String, u32)>,
}

impl PartialEq for PaletteState {
    fn eq(&self, other: &Self) -> bool {
        self.input == other.input
            && self.generation == other.generation
            && self.ranking == other.ranking
            && self.done == other.done
            && self.hits == other.hits
            && self.selected == other.selected
            && Arc::ptr_eq(&self.lists, &other.lists)
    }
}
impl Eq for PaletteState {}

impl PaletteState {
    /// A palette over `lists`, empty.
    pub fn new(lists: Arc<PaletteLists>, recent: Vec<usize>, in_cable: bool) -> PaletteState {
        PaletteState {
            input: Default::default(),
            query: Query::parse("", in_cable),
            generation: 0,
            ranking: Ranking::default(),
            done: false,
            hits: Vec::new(),
            total: 0,
            loading_more: false,
            accept_when_done: false,
            error: None,
            selected: 0,
            lists,
            recent,
            in_cable,
            labels: Vec::new(),
        }
    }

    /// The paragraph the `¶` (or number) query names: its label as printed and its ordinal.
    /// Labels are compared as the user sees them (`7` finds `7.`, `a` finds `A`).
    pub fn paragraph_target(&self) -> Option<(&str, u32)> {
        let wanted = self.query.paragraph()?;
        self.labels
            .iter()
            .find(|(l, _)| l.trim_end_matches(['.', ')']).eq_ignore_ascii_case(wanted))
            .map(|(l, n)| (l.as_str(), *n))
    }

    /// True when an empty cable query shows the recent cables.
    pub fn shows_recent(&self) -> bool {
        self.query.mode == Mode::Cables && self.query.is_empty() && !self.recent.is_empty()
    }

    /// How many rows there are to choose from.
    pub fn len(&self) -> usize {
        match self.query.mode {
            _ if self.shows_recent() => self.recent.len(),
            Mode::Keyword => self.hits.len(),
            Mode::Paragraph => usize::from(self.paragraph_target().is_some()),
            _ => self.ranking.matches.len(),
        }
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (matched, total) for the "N of M" count.
    pub fn counts(&self) -> (usize, usize) {
        match self.query.mode {
            _ if self.shows_recent() => (self.recent.len(), self.lists.cables.0.shown()),
            Mode::Keyword => (self.hits.len(), self.total.max(self.hits.len())),
            Mode::Paragraph => (self.len(), self.len()),
            _ => (self.ranking.matched, self.ranking.total),
        }
    }
}

/// What the app keeps between palettes.
#[derive(Debug, Default)]
pub struct PaletteMemory {
    pub lists: Option<Arc<PaletteLists>>,
    /// The lists are being built on another thread and will come as an action (the
    /// runtime's start): a palette opened before opens at once on the commands alone.
    /// Otherwise (tests, the harness) it builds them itself.
    pub lists_coming: bool,
    /// Recently opened cables, newest first.
    pub recent: Vec<usize>,
    /// The generation counter of palette requests.
    pub generation: u64,
    /// After opening a keyword hit: the paragraph to land on and the words to highlight.
    pub pending_jump: Option<(u32, String)>,
    /// The last keyword search's hits and the one shown, for `)` and `(`.
    pub results: Option<ResultWalk>,
}

/// A keyword result set walked cable by cable: each cable's best hit, in result order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultWalk {
    pub query: String,
    /// (archive index, paragraph) of each cable's first hit.
    pub stops: Vec<(usize, u32)>,
    pub current: usize,
}

impl ResultWalk {
    /// Take the whole result set's `stops`, staying on the cable shown now. A cable whose
    /// paragraph the page's hits gave keeps it over the set's [`FIRST_HIT`].
    pub fn replace_stops(&mut self, stops: Vec<(usize, u32)>) {
        let here = self.stops.get(self.current).map(|s| s.0);
        self.current = here
            .and_then(|c| stops.iter().position(|s| s.0 == c))
            .unwrap_or(0);
        let known: HashMap<usize, u32> = self.stops.iter().copied().collect();
        self.stops = stops
            .into_iter()
            .map(|(cable, paragraph)| match known.get(&cable) {
                Some(&at) if paragraph == FIRST_HIT => (cable, at),
                _ => (cable, paragraph),
            })
            .collect();
    }

    /// The walk over `hits` (best first), standing on the stop of `hit`.
    pub fn new(query: &str, hits: &[Hit], hit: &Hit) -> ResultWalk {
        let mut stops: Vec<(usize, u32)> = Vec::new();
        for h in hits {
            if !stops.iter().any(|(c, _)| *c == h.cable) {
                stops.push((h.cable, h.paragraph));
            }
        }
        let current = stops.iter().position(|(c, _)| *c == hit.cable).unwrap_or(0);
        ResultWalk {
            query: query.to_string(),
            stops,
            current,
        }
    }

    /// Step to the next (or previous) cable, wrapping: its stop, and whether it wrapped.
    pub fn step(&mut self, forward: bool) -> Option<((usize, u32), bool)> {
        let n = self.stops.len();
        if n == 0 {
            return None;
        }
        let next = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
        let wrapped = if forward {
            next <= self.current
        } else {
            next >= self.current
        };
        self.current = next;
        self.stops.get(next).map(|&stop| (stop, wrapped))
    }
}

/// What row `i` of the palette stands for.
pub fn target_at(p: &PaletteState, i: usize) -> Option<Target> {
    if p.shows_recent() {
        return p.recent.get(i).map(|&c| Target::Cable(c));
    }
    let index = || p.ranking.matches.get(i).map(|m| m.index as usize);
    match p.query.mode {
        Mode::Cables => index().map(Target::Cable),
        Mode::Tags => index()
            .and_then(|k| p.lists.tag_entries.get(k))
            .map(|e| Target::Tag(e.code.clone())),
        Mode::Origins => index()
            .and_then(|k| p.lists.origin_entries.get(k))
            .map(|e| Target::Origin(e.origin.clone())),
        Mode::Commands => index()
            .and_then(|k| p.lists.command_entries.get(k))
            .map(|(c, _)| Target::Command(*c)),
        Mode::Keyword => p.hits.get(i).cloned().map(Target::Hit),
        Mode::Paragraph => p
            .paragraph_target()
            .filter(|_| i == 0)
            .map(|(_, n)| Target::Paragraph(n)),
    }
}

/// Rows `range` of the palette as drawn, matched characters included (computed for these
/// rows only).
pub fn visible_rows(
    p: &PaletteState,
    archive: &Archive,
    range: std::ops::Range<usize>,
) -> Vec<Row> {
    let needle = crate::palette::Needle::new(&p.query.needle);
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let mut rows = Vec::new();
    for i in range {
        let Some(target) = target_at(p, i) else { break };
        let (list, k) = match p.query.mode {
            _ if p.shows_recent() => (Some(&p.lists.cables), p.recent.get(i).copied()),
            Mode::Keyword | Mode::Paragraph => (None, None),
            mode => (
                p.lists.list(mode),
                p.ranking.matches.get(i).map(|m| m.index as usize),
            ),
        };
        let row = match (&target, list, k) {
            (Target::Hit(h), _, _) => {
                let label = h
                    .label
                    .as_deref()
                    .map_or(String::new(), |l| format!(" ¶{l}"));
                let prefix = format!("{}{label}  ", h.id);
                let highlights = h
                    .snippet_hits
                    .iter()
                    .map(|r| r.start + prefix.len()..r.end + prefix.len())
                    .collect();
                Row {
                    lead: prefix.len(),
                    text: format!("{prefix}{}", h.snippet),
                    highlights,
                    detail: String::new(),
                    target,
                }
            }
            (Target::Paragraph(_), _, _) => Row {
                lead: 0,
                text: format!(
                    "Jump to ¶{}",
                    p.paragraph_target().map_or("", |(label, _)| label)
                ),
                highlights: Vec::new(),
                detail: String::new(),
                target,
            },
            (_, Some(list), Some(k)) => {
                let Some(c) = u32::try_from(k).ok().and_then(|k| list.0.get(k)) else {
                    continue;
                };
                let text = c.display();
                let highlights = if p.shows_recent() {
                    Vec::new()
                } else {
                    let indices = needle.indices(c.haystack(), &mut matcher);
                    crate::palette::needle::byte_ranges(&text, &indices)
                };
                let detail = match &target {
                    Target::Cable(idx) => archive
                        .meta_ref(*idx)
                        .and_then(|m| m.date())
                        .map_or(String::new(), |d| d.iso_date()),
                    Target::Tag(_) => p
                        .lists
                        .tag_entries
                        .get(k)
                        .map_or(String::new(), |e| e.count.to_string()),
                    Target::Origin(_) => p
                        .lists
                        .origin_entries
                        .get(k)
                        .map_or(String::new(), |e| e.count.to_string()),
                    Target::Command(_) => p
                        .lists
                        .command_entries
                        .get(k)
                        .and_then(|(_, item)| item.key.clone())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                Row {
                    text,
                    highlights,
                    detail,
                    target,
                    lead: 0,
                }
            }
            _ => continue,
        };
        rows.push(row);
    }
    rows
}
