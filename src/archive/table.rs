//! The metadata of one source file's cables, stored column by column: every id, subject and
//! source suffix back to back in one string, origins, tags and caveats interned, dates,
//! classifications and locators in flat vectors. A catalog of 251,287 cables decodes with a
//! few dozen allocations instead of millions; [`CableTable::meta`] builds one cable's
//! [`CableMeta`] on demand.

use super::CableMeta;
use super::packed::{Number, Packed, Text};
use super::source::Locator;
use crate::cable::{CableDate, Classification};
use bincode::{Decode, Encode};
use std::collections::HashMap;

/// A date as stored: 0 for none, else `1 << 48 | year << 32 | month << 24 | day << 16 |
/// hour << 8 | minute`.
fn stamp(date: Option<&CableDate>) -> u64 {
    date.map_or(0, |d| {
        1 << 48
            | (d.year as u64) << 32
            | (d.month as u64) << 24
            | (d.day as u64) << 16
            | (d.hour as u64) << 8
            | d.minute as u64
    })
}

fn unstamp(v: u64) -> Option<CableDate> {
    (v >> 48 == 1).then_some(CableDate {
        year: (v >> 32) as u16,
        month: (v >> 24) as u8,
        day: (v >> 16) as u8,
        hour: (v >> 8) as u8,
        minute: v as u8,
    })
}

/// A locator as a fixed-width value (13 bytes: kind, offset or number, length), so the
/// column stays in a mapped catalog.
impl Number for Locator {
    const WIDTH: usize = 13;
    fn put(self, out: &mut Vec<u8>) {
        let (kind, a, b): (u8, u64, u32) = match self {
            Locator::Demo(n) => (0, u64::from(n), 0),
            Locator::Whole => (1, 0, 0),
            Locator::Span { offset, len } => (2, offset, len),
            Locator::Item(n) => (3, u64::from(n), 0),
        };
        out.push(kind);
        out.extend_from_slice(&a.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        let a = bytes.get(1..9).map_or(0, u64::take);
        let b = bytes.get(9..13).map_or(0, u32::take);
        match bytes.first() {
            Some(0) => Locator::Demo(a as u32),
            Some(2) => Locator::Span { offset: a, len: b },
            Some(3) => Locator::Item(a as u32),
            _ => Locator::Whole,
        }
    }
}

impl Locator {
    /// True when `bytes` are a locator as [`Number::put`] writes it.
    fn is_stored(bytes: &[u8]) -> bool {
        let a = bytes.get(1..9).map_or(0, u64::take);
        match bytes.first() {
            Some(0 | 3) => u32::try_from(a).is_ok(),
            Some(1 | 2) => true,
            _ => false,
        }
    }
}

/// Bytes of the arena checked at once by [`ascii_blocks`].
const ASCII_BLOCK: usize = 1 << 16;

/// Which blocks of [`ASCII_BLOCK`] bytes of `text` are all ASCII; `None` when `text` is not
/// UTF-8. Only the runs of blocks that are not all ASCII are checked as UTF-8: a char cannot
/// start in an ASCII block or continue into one (its first byte would be a continuation
/// byte), so `text` is UTF-8 exactly when each such run is.
fn ascii_blocks(text: &[u8]) -> Option<Vec<bool>> {
    use rayon::prelude::*;
    let ascii: Vec<bool> = text.par_chunks(ASCII_BLOCK).map(<[u8]>::is_ascii).collect();
    let mut blocks = ascii.iter().enumerate().peekable();
    while let Some((first, &is_ascii)) = blocks.next() {
        if is_ascii {
            continue;
        }
        let mut end = first + 1;
        while blocks.next_if(|(_, a)| !**a).is_some() {
            end += 1;
        }
        let run = text.get(first * ASCII_BLOCK..(end * ASCII_BLOCK).min(text.len()))?;
        std::str::from_utf8(run).ok()?;
    }
    Some(ascii)
}

/// String ends checked as one piece of work by [`CableTable::check`].
const CHECK_CHUNK: usize = 1 << 18;

/// Strings kept per cable in the arena: id, subject, source suffix, references (the ids
/// its REF block cites, space-separated).
const STRINGS: usize = 4;

/// What one copy of a cable is, for choosing the copy a folded list shows
/// ([`Traits::rank`]): kept per cable in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Traits {
    /// The record is a partial extract (the archive holds only part of the cable).
    pub partial: bool,
    /// The text has names blacked out (`XXXXXXXXXXXX`, the 2010-2011 site releases).
    pub redacted: bool,
    /// The release it came from as `yyyymmdd` (`20110830`), 0 when it cannot be told.
    pub release: u32,
}

impl Traits {
    /// The letters that mark a redaction in the site releases.
    pub const REDACTION: &'static str = "XXXXXXXXXXXX";

    /// Larger is better: a full text over a partial extract, then the unredacted over the
    /// redacted, then the later release over the earlier (an unknown release is the
    /// earliest).
    pub fn rank(self) -> (bool, bool, u32) {
        (!self.partial, !self.redacted, self.release)
    }

    fn pack(self) -> u32 {
        self.release.min(u32::MAX >> 2) << 2
            | u32::from(self.redacted) << 1
            | u32::from(self.partial)
    }

    fn unpack(v: u32) -> Traits {
        Traits {
            partial: v & 1 != 0,
            redacted: v & 2 != 0,
            release: v >> 2,
        }
    }
}

/// Where [`CableTable::count_facets`] counts: per name of the table, rows with it as a tag
/// and as origin; per classification (in [`Classification::ALL`]'s order); per month.
pub struct Tally<'a> {
    pub tags: &'a mut [usize],
    pub origins: &'a mut [usize],
    pub classes: &'a mut [usize],
    pub months: &'a mut rustc_hash::FxHashMap<(u16, u8), usize>,
}

/// Cables' metadata (one file's, or every file's one after another), column by column.
#[derive(Debug, Clone, PartialEq, Default, Encode, Decode)]
pub struct CableTable {
    /// Id, subject and suffix (`#row12`) of every cable, back to back.
    arena: Text,
    /// End of each string in `arena`, [`STRINGS`] per cable.
    ends: Packed<u64>,
    /// Interned origins, tags and caveats.
    names: Vec<String>,
    /// Per cable: its origin, as an index into `names`.
    origins: Packed<u32>,
    /// Per cable: the end of its tags in `tags`, then of its caveats in `caveats`.
    tag_ends: Packed<u32>,
    tags: Packed<u32>,
    caveat_ends: Packed<u32>,
    caveats: Packed<u32>,
    /// See [`stamp`].
    dates: Packed<u64>,
    /// Index into [`Classification::ALL`].
    classes: Packed<u8>,
    /// Per cable: its [`Traits`], packed.
    traits: Packed<u32>,
    locs: Packed<Locator>,
}

/// Builds a [`CableTable`], interning names as it goes.
#[derive(Debug, Clone, Default)]
pub struct TableBuilder {
    table: CableTable,
    interned: HashMap<String, u32>,
}

impl TableBuilder {
    fn name(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.interned.get(name) {
            return n;
        }
        let n = self.table.names.len() as u32;
        self.table.names.push(name.to_string());
        self.interned.insert(name.to_string(), n);
        n
    }

    /// Add a cable: its metadata (whose `source` is ignored), source suffix, locator, what
    /// kind of copy it is and the ids it cites.
    pub fn push(
        &mut self,
        meta: &CableMeta,
        suffix: &str,
        loc: Locator,
        traits: Traits,
        refs: &[String],
    ) {
        for s in [meta.id.as_str(), meta.subject.as_str(), suffix] {
            self.table.arena.push_str(s);
            self.table.ends.push(self.table.arena.len() as u64);
        }
        for (n, r) in refs.iter().enumerate() {
            if n > 0 {
                self.table.arena.push_str(" ");
            }
            // Ids have no spaces; one that had would read as two.
            self.table.arena.push_str(r);
        }
        self.table.ends.push(self.table.arena.len() as u64);
        self.table.traits.push(traits.pack());
        let origin = self.name(&meta.origin);
        self.table.origins.push(origin);
        for tag in &meta.tags {
            let n = self.name(tag);
            self.table.tags.push(n);
        }
        self.table.tag_ends.push(self.table.tags.len() as u32);
        for caveat in &meta.caveats {
            let n = self.name(caveat);
            self.table.caveats.push(n);
        }
        self.table.caveat_ends.push(self.table.caveats.len() as u32);
        self.table.dates.push(stamp(meta.date.as_ref()));
        let class = Classification::ALL
            .iter()
            .position(|c| *c == meta.classification)
            .unwrap_or(0);
        self.table.classes.push(class as u8);
        self.table.locs.push(loc);
    }

    /// The index in this table's names of each of `other`'s names (added when new): the
    /// `names` that [`TableBuilder::append`] takes rows of `other` with.
    pub fn names_of(&mut self, other: &CableTable) -> Vec<u32> {
        other.names.iter().map(|n| self.name(n)).collect()
    }

    /// Room for about as many rows as `other` holds, and a few more, so copying its rows
    /// into this table does not grow each column again and again (each growth copies the
    /// column into new memory: the most of an update's time went to faulting it in).
    pub fn reserve_like(&mut self, other: &CableTable) {
        let more = |n: usize| n + n / 16 + 1024;
        let t = &mut self.table;
        t.arena.reserve(more(other.arena.len()));
        t.ends.reserve(more(other.ends.len()));
        t.origins.reserve(more(other.origins.len()));
        t.tag_ends.reserve(more(other.tag_ends.len()));
        t.tags.reserve(more(other.tags.len()));
        t.caveat_ends.reserve(more(other.caveat_ends.len()));
        t.caveats.reserve(more(other.caveats.len()));
        t.dates.reserve(more(other.dates.len()));
        t.classes.reserve(more(other.classes.len()));
        t.traits.reserve(more(other.traits.len()));
        t.locs.reserve(more(other.locs.len()));
    }

    /// Add rows `rows` of `other` (out of range: none), whose names are `names` in this
    /// table ([`TableBuilder::names_of`]). Strings and columns are copied a run at a time.
    pub fn append(&mut self, other: &CableTable, rows: std::ops::Range<usize>, names: &[u32]) {
        let rows = rows.start.min(other.len())..rows.end.min(other.len());
        if rows.is_empty() {
            return;
        }
        let table = &mut self.table;
        let name = |n: u32| names.get(n as usize).copied().unwrap_or(0);
        // Strings: one run of the arena, its ends moved.
        let from = other.span(rows.start, 0).start;
        let to = other.span(rows.end - 1, STRINGS - 1).end;
        let base = table.arena.len() as u64;
        table.arena.push_str(other.arena.get(from..to));
        for end in other.ends.slice(rows.start * STRINGS..rows.end * STRINGS) {
            table.ends.push(end.saturating_sub(from as u64) + base);
        }
        for origin in other.origins.slice(rows.clone()) {
            table.origins.push(name(origin));
        }
        let runs = [
            (
                &other.tag_ends,
                &other.tags,
                &mut table.tag_ends,
                &mut table.tags,
            ),
            (
                &other.caveat_ends,
                &other.caveats,
                &mut table.caveat_ends,
                &mut table.caveats,
            ),
        ];
        for (ends, values, new_ends, new_values) in runs {
            let start = match rows.start.checked_sub(1) {
                Some(before) => ends.get(before).unwrap_or(0),
                None => 0,
            };
            let end = ends.get(rows.end - 1).unwrap_or(start);
            let base = new_values.len() as u32;
            for v in values.slice(start as usize..end as usize) {
                new_values.push(name(v));
            }
            for e in ends.slice(rows.clone()) {
                new_ends.push(e.saturating_sub(start) + base);
            }
        }
        for date in other.dates.slice(rows.clone()) {
            table.dates.push(date);
        }
        for class in other.classes.slice(rows.clone()) {
            table.classes.push(class);
        }
        for traits in other.traits.slice(rows.clone()) {
            table.traits.push(traits);
        }
        for loc in other.locs.slice(rows) {
            table.locs.push(loc);
        }
    }

    /// Add every row of `table`: taken whole when nothing was added yet (a single file's
    /// table is not copied), else appended.
    pub fn extend_with(&mut self, table: CableTable) {
        if self.is_empty() && self.table.names.is_empty() {
            self.interned = (table.names.iter().enumerate())
                .map(|(n, name)| (name.clone(), n as u32))
                .collect();
            self.table = table;
            return;
        }
        let names = self.names_of(&table);
        self.append(&table, 0..table.len(), &names);
    }

    /// Number of cables added.
    pub fn len(&self) -> usize {
        self.table.locs.len()
    }

    /// True when no cable was added.
    pub fn is_empty(&self) -> bool {
        self.table.locs.is_empty()
    }

    /// A copy of the table so far (for a preview of a build).
    pub fn snapshot(&self) -> CableTable {
        self.table.clone()
    }

    /// The finished table.
    pub fn finish(self) -> CableTable {
        self.table
    }
}

impl CableTable {
    /// A table without cables.
    pub const EMPTY: CableTable = CableTable {
        arena: Text::new(),
        ends: Packed::new(),
        names: Vec::new(),
        origins: Packed::new(),
        tag_ends: Packed::new(),
        tags: Packed::new(),
        caveat_ends: Packed::new(),
        caveats: Packed::new(),
        dates: Packed::new(),
        classes: Packed::new(),
        traits: Packed::new(),
        locs: Packed::new(),
    };

    /// Number of cables.
    pub fn len(&self) -> usize {
        self.locs.len()
    }

    /// A copy that owns its columns (none of them in a mapped catalog).
    pub fn to_owned_table(&self) -> CableTable {
        CableTable {
            arena: self.arena.to_owned_text(),
            ends: self.ends.to_owned_column(),
            names: self.names.clone(),
            origins: self.origins.to_owned_column(),
            tag_ends: self.tag_ends.to_owned_column(),
            tags: self.tags.to_owned_column(),
            caveat_ends: self.caveat_ends.to_owned_column(),
            caveats: self.caveats.to_owned_column(),
            dates: self.dates.to_owned_column(),
            classes: self.classes.to_owned_column(),
            traits: self.traits.to_owned_column(),
            locs: self.locs.to_owned_column(),
        }
    }

    /// True when the table holds no cable.
    pub fn is_empty(&self) -> bool {
        self.locs.is_empty()
    }

    /// `Err` names the first inconsistency of a table read from disk: after `check`, every
    /// row reads without falling back to defaults.
    pub fn check(&self) -> Result<(), String> {
        let n = self.len();
        let lengths = [
            self.ends.len() / STRINGS,
            self.origins.len(),
            self.tag_ends.len(),
            self.caveat_ends.len(),
            self.dates.len(),
            self.classes.len(),
            self.traits.len(),
        ];
        if !self.ends.len().is_multiple_of(STRINGS) || lengths.iter().any(|&l| l != n) {
            return Err("columns of different lengths".into());
        }
        // The string ends and the other columns are checked side by side, each in chunks
        // on every core (at 2.7M cables the check was nearly all of a `list --limit 1`).
        let strings = || self.check_strings(CHECK_CHUNK);
        let (strings, others) = rayon::join(strings, || self.check_names());
        strings.and(others)
    }

    /// The arena is UTF-8 and the string ends are in order, each on a char boundary, so
    /// every string reads. A block of ASCII (nearly all of an archive) needs neither checked
    /// byte by byte.
    fn check_strings(&self, chunk_len: usize) -> Result<(), String> {
        use rayon::prelude::*;
        let arena = self.arena.as_bytes();
        let ascii = ascii_blocks(arena).ok_or("strings that are not UTF-8")?;
        let on_boundary = |end: usize| {
            end == arena.len()
                || ascii.get(end / ASCII_BLOCK) == Some(&true)
                || arena.get(end).is_some_and(|&b| !(0x80..0xc0).contains(&b))
        };
        let ends = self.ends.len();
        let out_of_order = || "string ends out of order".to_string();
        // Each chunk starts where the one before it ended (the first at 0): a chunk is
        // checked with the end before it.
        (0..ends.div_ceil(chunk_len))
            .into_par_iter()
            .try_for_each(|chunk| {
                let from = chunk * chunk_len;
                let to = (from + chunk_len).min(ends);
                let first = self.ends.get(from).unwrap_or(0);
                let before = from
                    .checked_sub(1)
                    .map_or(0, |b| self.ends.get(b).unwrap_or(0));
                if first < before || !self.ends.sorted_in(from..to) {
                    return Err(out_of_order());
                }
                let last = self.ends.get(to.wrapping_sub(1)).unwrap_or(0);
                if usize::try_from(last).map_or(true, |last| last > arena.len()) {
                    return Err(out_of_order());
                }
                // In order and within the arena: each end must also fall on a char.
                match self
                    .ends
                    .slice(from..to)
                    .all(|end| on_boundary(end as usize))
                {
                    true => Ok(()),
                    false => Err(out_of_order()),
                }
            })
    }

    /// Every tag, caveat and origin names a known name, the runs of tags and caveats are in
    /// order, and every locator is one the catalog stores.
    fn check_names(&self) -> Result<(), String> {
        let names = self.names.len() as u32;
        let runs = [
            (&self.tag_ends, &self.tags),
            (&self.caveat_ends, &self.caveats),
        ];
        let check_runs = || -> Result<(), String> {
            for (ends, values) in runs {
                if !ends.sorted_in(0..ends.len())
                    || ends.last().is_some_and(|e| e as usize > values.len())
                {
                    return Err("tag runs out of order".into());
                }
                if values.max_in(0..values.len()).is_some_and(|v| v >= names) {
                    return Err("unknown name".into());
                }
            }
            Ok(())
        };
        let check_rest = || -> Result<(), String> {
            if (self.origins.max_in(0..self.origins.len())).is_some_and(|v| v >= names) {
                return Err("unknown origin".into());
            }
            if self.locs.stored_values().any(|v| !Locator::is_stored(v)) {
                return Err("unknown locator".into());
            }
            Ok(())
        };
        let (runs, rest) = rayon::join(check_runs, check_rest);
        runs.and(rest)
    }

    /// Where string `k` of cable `row` is in the arena.
    fn span(&self, row: usize, k: usize) -> std::ops::Range<usize> {
        let at = row * STRINGS + k;
        let start = match at.checked_sub(1) {
            Some(before) => self.ends.get(before).unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(at).unwrap_or(start);
        start as usize..end as usize
    }

    fn string(&self, row: usize, k: usize) -> &str {
        self.arena.get(self.span(row, k))
    }

    /// [`CableTable::string`]'s bytes, not checked for UTF-8 (for hashing and comparing).
    fn string_bytes(&self, row: usize, k: usize) -> &[u8] {
        self.arena.bytes(self.span(row, k))
    }

    fn name(&self, n: u32) -> &str {
        self.names.get(n as usize).map_or("", String::as_str)
    }

    /// The values of row `row` in a column of runs (`values`, each row's run ending at
    /// `ends[row]`).
    fn run<'a>(
        &'a self,
        ends: &Packed<u32>,
        values: &'a Packed<u32>,
        row: usize,
    ) -> impl Iterator<Item = u32> + 'a {
        let start = match row.checked_sub(1) {
            Some(before) => ends.get(before).unwrap_or(0),
            None => 0,
        };
        let end = ends.get(row).unwrap_or(start);
        values.slice(start as usize..end as usize)
    }

    /// The id of cable `row` ("" when out of range).
    pub fn id(&self, row: usize) -> &str {
        self.string(row, 0)
    }

    /// The rows whose origin is `origin`, in order: one pass over the origin column.
    pub fn rows_from(&self, origin: &str) -> impl Iterator<Item = usize> + '_ {
        // Names are interned, so one key, but equal names would be one post all the same.
        let keys: Vec<u32> = (self.names.iter().enumerate())
            .filter(|(_, name)| name.as_str() == origin)
            .filter_map(|(key, _)| u32::try_from(key).ok())
            .collect();
        (self.origins.iter().enumerate())
            .filter(move |(_, key)| keys.contains(key))
            .map(|(row, _)| row)
    }

    /// The interned names (origins, tags, caveats) the rows point into.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Count the facets of every row (or of the rows `marked` true) into `tally`: column by
    /// column, so a mapped table is read in order, not looked up row by row.
    pub fn count_facets(&self, marked: Option<&[bool]>, tally: &mut Tally<'_>) {
        let wanted = |row: usize| marked.is_none_or(|m| m.get(row).copied().unwrap_or(false));
        let count = |counts: &mut [usize], k: usize| {
            if let Some(c) = counts.get_mut(k) {
                *c += 1;
            }
        };
        for (row, origin) in self.origins.iter().enumerate() {
            if wanted(row) {
                count(tally.origins, origin as usize);
            }
        }
        let mut start = 0;
        for (row, end) in self.tag_ends.iter().enumerate() {
            if wanted(row) {
                for tag in self.tags.slice(start as usize..end as usize) {
                    count(tally.tags, tag as usize);
                }
            }
            start = end;
        }
        // An unknown class reads as the default one, as `class` does.
        let fallback = Classification::ALL
            .iter()
            .position(|c| *c == Classification::default())
            .unwrap_or(0);
        for (row, class) in self.classes.iter().enumerate() {
            if wanted(row) {
                let k = class as usize;
                count(
                    tally.classes,
                    if k < tally.classes.len() { k } else { fallback },
                );
            }
        }
        // Rows of a file often share a month: one lookup per run.
        let mut run: Option<((u16, u8), usize)> = None;
        for (row, stamp) in self.dates.iter().enumerate() {
            let Some(d) = unstamp(stamp).filter(|_| wanted(row)) else {
                continue;
            };
            let month = (d.year, d.month);
            match &mut run {
                Some((m, n)) if *m == month => *n += 1,
                _ => {
                    if let Some((m, n)) = run.replace((month, 1)) {
                        *tally.months.entry(m).or_default() += n;
                    }
                }
            }
        }
        if let Some((m, n)) = run {
            *tally.months.entry(m).or_default() += n;
        }
    }

    /// Cable `row`'s classification.
    fn class(&self, row: usize) -> Classification {
        self.classes
            .get(row)
            .and_then(|c| Classification::ALL.get(c as usize))
            .copied()
            .unwrap_or_default()
    }

    /// Cable `row`'s date, classification and id (its bytes): what the list sorts by,
    /// without building a `CableMeta`.
    pub fn sort_fields(&self, row: usize) -> (Option<CableDate>, Classification, &[u8]) {
        let id = self.arena.bytes(self.span(row, 0));
        (self.dates.get(row).and_then(unstamp), self.class(row), id)
    }

    /// What kind of copy cable `row` is.
    pub fn traits(&self, row: usize) -> Traits {
        Traits::unpack(self.traits.get(row).unwrap_or(0))
    }

    /// The ids cable `row` cites (its REF block, as the parser read it).
    pub fn refs(&self, row: usize) -> impl Iterator<Item = &str> {
        self.string(row, 3).split(' ').filter(|r| !r.is_empty())
    }

    /// The id of cable `row` as bytes, not checked for UTF-8: what the id and citation maps
    /// hash, millions of times at PlusD's scale. In a damaged table (before its deferred
    /// check sets it aside) an id that is not UTF-8 hashes its bytes where [`Self::id`]
    /// reads "": such a cable is found by no id.
    pub fn id_bytes(&self, row: usize) -> &[u8] {
        self.string_bytes(row, 0)
    }

    /// [`CableTable::refs`] as bytes, not checked for UTF-8.
    pub fn ref_bytes(&self, row: usize) -> impl Iterator<Item = &[u8]> {
        (self.string_bytes(row, 3).split(|&b| b == b' ')).filter(|r| !r.is_empty())
    }

    /// The locator of cable `row`.
    pub fn loc(&self, row: usize) -> Option<Locator> {
        self.locs.get(row)
    }

    /// How many cables are copies of another one here (the same id, ignoring case, read
    /// from several files): those a folded list leaves out, one less than each group's size.
    /// The same count as [`Archive::folded_copies`](super::Archive::folded_copies), without
    /// choosing each group's best copy.
    pub fn folded_copies(&self) -> usize {
        let mut ids: Vec<(u64, u32)> = (0..self.len())
            .map(|row| (super::lookup::id_hash(self.id(row)), row as u32))
            .collect();
        ids.sort_unstable();
        let mut folded = 0;
        super::copies::copy_groups(
            &ids,
            |row| self.id(row as usize),
            |same| folded += same.len() - 1,
        );
        folded
    }

    /// Cable `row`'s metadata, read in place.
    pub fn meta_ref(&self, row: usize) -> MetaRef<'_> {
        MetaRef { table: self, row }
    }

    /// The metadata of cable `row`, whose source is `file` + its suffix.
    pub fn meta(&self, row: usize, file: &str) -> CableMeta {
        let suffix = self.string(row, 2);
        let mut source = String::with_capacity(file.len() + suffix.len());
        source.push_str(file);
        source.push_str(suffix);
        let names = |ends: &Packed<u32>, values: &Packed<u32>| -> Vec<String> {
            self.run(ends, values, row)
                .map(|n| self.name(n).to_string())
                .collect()
        };
        CableMeta {
            id: self.string(row, 0).to_string(),
            date: self.dates.get(row).and_then(unstamp),
            classification: self.class(row),
            caveats: names(&self.caveat_ends, &self.caveats),
            origin: self
                .origins
                .get(row)
                .map_or("", |n| self.name(n))
                .to_string(),
            subject: self.string(row, 1).to_string(),
            tags: names(&self.tag_ends, &self.tags),
            source,
        }
    }
}

/// One cable's metadata read in place from its table: nothing is copied until a field is
/// asked for, and strings are borrowed.
#[derive(Clone, Copy)]
pub struct MetaRef<'a> {
    table: &'a CableTable,
    row: usize,
}

impl<'a> MetaRef<'a> {
    /// The cable's id.
    pub fn id(self) -> &'a str {
        self.table.string(self.row, 0)
    }

    /// Its subject line.
    pub fn subject(self) -> &'a str {
        self.table.string(self.row, 1)
    }

    /// The sending post, empty when unknown.
    pub fn origin(self) -> &'a str {
        self.table
            .origins
            .get(self.row)
            .map_or("", |n| self.table.name(n))
    }

    /// The origin as an index into its table's names (the same post is the same number
    /// within one table).
    pub fn origin_key(self) -> Option<u32> {
        self.table.origins.get(self.row)
    }

    /// Its date-time group.
    pub fn date(self) -> Option<CableDate> {
        self.table.dates.get(self.row).and_then(unstamp)
    }

    /// Its classification.
    pub fn classification(self) -> Classification {
        self.table.class(self.row)
    }

    /// Its TAGS, in order.
    pub fn tags(self) -> impl Iterator<Item = &'a str> {
        let table = self.table;
        table
            .run(&table.tag_ends, &table.tags, self.row)
            .map(move |n| table.name(n))
    }

    /// Its handling caveats (`NOFORN`), in order.
    pub fn caveats(self) -> impl Iterator<Item = &'a str> {
        let table = self.table;
        table
            .run(&table.caveat_ends, &table.caveats, self.row)
            .map(move |n| table.name(n))
    }

    /// What follows its file's name in its source (`#row12`, or nothing).
    pub fn source_suffix(self) -> &'a str {
        self.table.string(self.row, 2)
    }
}

impl std::fmt::Debug for MetaRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetaRef")
            .field("id", &self.id())
            .field("row", &self.row)
            .finish()
    }
}

impl super::MetaView for MetaRef<'_> {
    fn id(&self) -> &str {
        MetaRef::id(*self)
    }
    fn subject(&self) -> &str {
        MetaRef::subject(*self)
    }
    fn origin(&self) -> &str {
        MetaRef::origin(*self)
    }
    fn date(&self) -> Option<CableDate> {
        MetaRef::date(*self)
    }
    fn classification(&self) -> Classification {
        MetaRef::classification(*self)
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        MetaRef::tags(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, origin: &str, tags: &[&str], caveats: &[&str]) -> CableMeta {
        CableMeta {
            id: id.into(),
            date: Some(CableDate {
                year: 2009,
                month: 3,
                day: 4,
                hour: 5,
                minute: 6,
            }),
            classification: Classification::Secret,
            caveats: caveats.iter().map(|s| s.to_string()).collect(),
            origin: origin.into(),
            subject: format!("SUBJECT OF {id} – é"),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            source: String::new(),
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in() {
        let metas = [
            meta("09A1", "Embassy Paris", &["PREL", "KTIP"], &["NOFORN"]),
            meta("09A2", "Embassy Rome", &[], &[]),
            meta("09A3", "Embassy Paris", &["KTIP"], &[]),
        ];
        let mut b = TableBuilder::default();
        for (n, m) in metas.iter().enumerate() {
            b.push(
                m,
                &format!("#row{n}"),
                Locator::Item(n as u32),
                Traits::default(),
                &[],
            );
        }
        let table = b.finish();
        assert_eq!(table.check(), Ok(()));
        assert_eq!(table.names.len(), 5, "names are interned");
        for (n, m) in metas.iter().enumerate() {
            let got = table.meta(n, "f.csv");
            assert_eq!(got.source, format!("f.csv#row{n}"));
            assert_eq!(
                CableMeta {
                    source: String::new(),
                    ..got
                },
                *m
            );
            assert_eq!(table.id(n), m.id);
            assert_eq!(table.loc(n), Some(Locator::Item(n as u32)));
            // Read in place, every field is the same.
            let view = table.meta_ref(n);
            assert_eq!(view.id(), m.id);
            assert_eq!(view.subject(), m.subject);
            assert_eq!(view.origin(), m.origin);
            assert_eq!(view.date(), m.date);
            assert_eq!(view.classification(), m.classification);
            assert_eq!(view.tags().collect::<Vec<_>>(), m.tags);
        }
        assert_eq!(
            table.meta_ref(0).origin_key(),
            table.meta_ref(2).origin_key()
        );
        assert_ne!(
            table.meta_ref(0).origin_key(),
            table.meta_ref(1).origin_key()
        );
    }

    #[test]
    fn rows_appended_from_other_tables_read_as_rows_pushed_at_once() {
        let metas = [
            meta("09A1", "Embassy Paris", &["PREL", "KTIP"], &["NOFORN"]),
            meta("09A2", "Embassy Rome", &[], &[]),
            meta(
                "09A3",
                "Embassy Oslo",
                &["KTIP", "PGOV"],
                &["SIPDIS", "NOFORN"],
            ),
            meta("09A4", "Embassy Paris", &["ECON"], &[]),
        ];
        let push = |b: &mut TableBuilder, n: usize| {
            let refs = [format!("08X{n}"), "07Y1".to_string()];
            b.push(
                &metas[n],
                &format!("#row{n}"),
                Locator::Item(n as u32),
                Traits {
                    partial: n == 2,
                    redacted: false,
                    release: 20110000 + n as u32,
                },
                &refs,
            );
        };
        let mut whole = TableBuilder::default();
        (0..4).for_each(|n| push(&mut whole, n));
        let whole = whole.finish();
        // Two files' tables, with their own names, merged: the first taken whole, rows 1..3
        // of a table of all four, then row 3 of it.
        let mut first = TableBuilder::default();
        push(&mut first, 0);
        let mut other = TableBuilder::default();
        (0..4).for_each(|n| push(&mut other, n));
        let other = other.finish();
        let mut merged = TableBuilder::default();
        merged.extend_with(first.finish());
        let names = merged.names_of(&other);
        merged.append(&other, 1..3, &names);
        merged.append(&other, 3..9, &names);
        merged.append(&other, 2..2, &names);
        let merged = merged.finish();
        assert_eq!(merged.check(), Ok(()));
        assert_eq!(merged.len(), 4);
        assert_eq!(merged.names.len(), 9, "names interned across tables");
        for row in 0..4 {
            assert_eq!(merged.meta(row, "f"), whole.meta(row, "f"));
            assert_eq!(merged.loc(row), whole.loc(row));
            assert_eq!(merged.traits(row), whole.traits(row));
            assert!(merged.refs(row).eq(whole.refs(row)));
        }
    }

    #[test]
    fn tables_survive_the_catalog_encoding_and_odd_columns_are_errors() {
        let mut b = TableBuilder::default();
        b.push(
            &meta("09A1", "X", &["T", "U"], &["NOFORN"]),
            "#row1",
            Locator::Whole,
            Traits::default(),
            &[],
        );
        let mut undated = meta("09A2", "Y", &[], &[]);
        undated.date = None;
        b.push(
            &undated,
            "",
            Locator::Span { offset: 7, len: 9 },
            Traits::default(),
            &[],
        );
        let table = b.finish();
        let config = bincode::config::standard();
        let bytes = bincode::encode_to_vec(&table, config).expect("encodes");
        let (back, _): (CableTable, usize) =
            bincode::decode_from_slice(&bytes, config).expect("decodes");
        assert_eq!(back, table);
        assert_eq!(back.meta(1, "").date, None);
        // A packed column whose byte length is not a multiple of its width.
        let odd = bincode::encode_to_vec(vec![0u8; 5], config).expect("encodes");
        let decoded: Result<(Packed<u32>, usize), _> = bincode::decode_from_slice(&odd, config);
        assert!(decoded.is_err());
    }

    /// A table decoded in place from `bytes` written to a file and memory-mapped.
    fn decode_mapped(bytes: &[u8]) -> CableTable {
        let mut file = tempfile::tempfile().expect("temp file");
        std::io::Write::write_all(&mut file, bytes).expect("write");
        // SAFETY: a private temporary file nobody else writes.
        #[allow(unsafe_code, reason = "test: the mapped decoding path needs a mapping")]
        let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.expect("map"));
        super::super::packed::with_mapping(&map, |all| {
            bincode::borrow_decode_from_slice(all, bincode::config::standard())
                .expect("decodes")
                .0
        })
    }

    #[test]
    fn a_table_reads_the_same_copied_or_in_place_from_a_mapped_file() {
        let mut b = TableBuilder::default();
        b.push(
            &meta("09A1", "X", &["T", "U"], &["NOFORN"]),
            "#row1",
            Locator::Span { offset: 7, len: 9 },
            Traits::default(),
            &[],
        );
        b.push(
            &meta("09A2", "Y", &[], &[]),
            "",
            Locator::Demo(3),
            Traits::default(),
            &[],
        );
        let table = b.finish();
        let config = bincode::config::standard();
        let bytes = bincode::encode_to_vec(&table, config).expect("encodes");
        let (copied, _): (CableTable, usize) =
            bincode::borrow_decode_from_slice(&bytes, config).expect("decodes");
        assert!(matches!(copied.arena, Text::Owned(_)));
        let mapped = decode_mapped(&bytes);
        assert!(matches!(mapped.arena, Text::Mapped(_)));
        assert!(matches!(mapped.locs, Packed::Mapped(_)));
        for t in [&copied, &mapped] {
            assert_eq!(*t, table);
            assert_eq!(t.check(), Ok(()));
            for row in 0..2 {
                assert_eq!(t.meta(row, "f"), table.meta(row, "f"));
                assert_eq!(t.loc(row), table.loc(row));
            }
        }
        // A corrupt mapped table fails its check: a string that is not UTF-8, an unknown
        // locator (the last column: two of 13 bytes).
        let at = bytes.windows(4).position(|w| w == b"09A1").expect("the id");
        let mut bad_text = bytes.clone();
        bad_text[at] = 0xff;
        let mut bad_loc = bytes.clone();
        let kind = bad_loc.len() - 26;
        bad_loc[kind] = 9;
        for bad in [bad_text, bad_loc] {
            assert!(decode_mapped(&bad).check().is_err());
        }
        // A mapped column grows by becoming a copy.
        let mut grown = mapped.clone();
        grown.locs.push(Locator::Whole);
        assert!(matches!(grown.locs, Packed::Owned(_)));
        assert_eq!(grown.loc(2), Some(Locator::Whole));
        assert_eq!(grown.loc(0), table.loc(0));
    }

    #[test]
    fn only_utf8_passes_whatever_its_ascii_blocks() {
        let block = ASCII_BLOCK;
        let ascii = "a".repeat(block);
        // "é" is two bytes: at the end of a block, it straddles into the next one.
        let straddling = format!("{}é{}", "a".repeat(block - 1), "b".repeat(block));
        let cases: [(&[u8], Option<Vec<bool>>); 5] = [
            (b"", Some(vec![])),
            (ascii.as_bytes(), Some(vec![true])),
            (straddling.as_bytes(), Some(vec![false, false, true])),
            ("é".as_bytes(), Some(vec![false])),
            (b"ab\xc3", None),
        ];
        for (text, want) in cases {
            assert_eq!(ascii_blocks(text), want, "{} bytes", text.len());
        }
        // A broken char after ASCII blocks, or cut by the end of a run.
        let mut broken = ascii.clone().into_bytes();
        broken.extend_from_slice(b"x\xc3(");
        assert_eq!(ascii_blocks(&broken), None);
        let mut cut = straddling.into_bytes();
        cut.truncate(block);
        assert_eq!(ascii_blocks(&cut), None, "half of a char");
        let mut late = ascii.repeat(3).into_bytes();
        late[2 * block + 5] = 0xff;
        assert_eq!(ascii_blocks(&late), None, "a bad byte in the last block");
    }

    /// A table of one cable, `09A1`, with tag `T` and its second field `second`.
    fn one_cable(second: &str) -> CableTable {
        let mut b = TableBuilder::default();
        b.push(
            &meta("09A1", second, &["T"], &[]),
            "",
            Locator::Whole,
            Traits::default(),
            &[],
        );
        b.finish()
    }

    #[test]
    fn a_string_end_inside_a_char_fails_the_check() {
        let good = one_cable("Café");
        assert_eq!(good.check(), Ok(()));
        // The string holding "é" made to end between its two bytes.
        let at = good
            .arena
            .as_bytes()
            .iter()
            .position(|&b| b == 0xc3)
            .expect("é") as u64;
        let ends: Vec<u64> = good.ends.iter().collect();
        let k = ends
            .iter()
            .position(|&end| end > at)
            .expect("a string holds it");
        let mut inside = ends.clone();
        inside[k] = at + 1;
        let mut bad = good.clone();
        bad.ends = inside.into();
        assert!(bad.check().is_err());
        let mut past = ends;
        let last = past.len() - 1;
        past[last] += 1;
        let mut bad = good;
        bad.ends = past.into();
        assert!(bad.check().is_err(), "an end past the arena");
    }

    #[test]
    fn string_ends_out_of_order_fail_the_check_wherever_the_chunks_meet() {
        let mut b = TableBuilder::default();
        for (n, subject) in ["Alpha", "Bravo", "Charlie", "Delta"].iter().enumerate() {
            let id = format!("09A{n}");
            let meta = meta(&id, subject, &["T"], &[]);
            b.push(&meta, "", Locator::Whole, Traits::default(), &[]);
        }
        let good = b.finish();
        let ends: Vec<u64> = good.ends.iter().collect();
        for chunk_len in [1, 2, 3, 5, ends.len()] {
            assert_eq!(
                good.check_strings(chunk_len),
                Ok(()),
                "chunks of {chunk_len}"
            );
        }
        for k in 1..ends.len() {
            if ends[k - 1] == 0 {
                continue;
            }
            // End k before the end of the string ahead of it.
            let mut bad = good.clone();
            let mut wrong = ends.clone();
            wrong[k] = ends[k - 1] - 1;
            bad.ends = wrong.into();
            for chunk_len in [1, 2, 3, 5, ends.len()] {
                assert!(
                    bad.check_strings(chunk_len).is_err(),
                    "end {k}, chunks of {chunk_len}"
                );
            }
        }
    }

    #[test]
    fn a_corrupt_table_fails_its_check_and_never_panics() {
        let good = one_cable("X");
        let mut bad = good.clone();
        bad.ends = vec![99, 1, 2].into();
        assert!(bad.check().is_err());
        let _ = bad.meta(0, "f");
        let mut bad = good.clone();
        bad.tags = vec![7].into();
        assert!(bad.check().is_err());
        let _ = bad.meta(0, "f");
        let mut bad = good;
        bad.origins = Packed::new();
        assert!(bad.check().is_err());
        let _ = bad.meta(5, "f");
    }
}
