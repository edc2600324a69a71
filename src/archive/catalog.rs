//! The in-memory catalog: sort, filter and facet counts over every cable's metadata.
//!
//! Rows are `u32` indexes into the archive (`Archive::meta(i)`), so a sorted, filtered view
//! of 251,287 cables is one `Vec<u32>`.

use super::copies::{FOLDED, HAS_COPIES};
use super::table::CableTable;
use super::{Archive, MetaView};
use crate::cable::{CableDate, Classification};
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

/// The column a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Date,
    Id,
    Origin,
    Classification,
    /// The most cited first ([`Archive::cited_count`]), then the newest.
    Cited,
}

impl SortKey {
    /// The next key in the cycle date -> id -> origin -> classification -> most cited -> date.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Date => SortKey::Id,
            SortKey::Id => SortKey::Origin,
            SortKey::Origin => SortKey::Classification,
            SortKey::Classification => SortKey::Cited,
            SortKey::Cited => SortKey::Date,
        }
    }
    /// A short name for the status bar.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Id => "id",
            SortKey::Origin => "origin",
            SortKey::Classification => "classification",
            SortKey::Cited => "most cited",
        }
    }
}

/// What to do with a cable that is in several files (the same id from several sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Copies {
    /// One row per cable: its best copy ([`Archive::copies_of`]), the others folded into it.
    #[default]
    Fold,
    /// Every copy is a row.
    All,
    /// Only cables that have copies, every copy (to compare the sources).
    Only,
}

/// Which cables a list shows. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Every one of these tags must be present (upper case).
    pub tags: Vec<String>,
    /// The origin must contain one of these (case-insensitive).
    pub origins: Vec<String>,
    /// Inclusive year range.
    pub years: Option<(u16, u16)>,
    /// The classification must be one of these.
    pub classifications: Vec<Classification>,
    /// Cables in several files: see [`Copies`] (decided by the archive, not by one meta).
    pub copies: Copies,
}

impl Filter {
    /// True when nothing is filtered (copies folded, the default, is not a filter).
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.origins.is_empty()
            && self.years.is_none()
            && self.classifications.is_empty()
            && self.copies == Copies::Fold
    }

    /// True when cable `i`, whose [`Archive::copy_flags`] are `flags`, passes the copies
    /// part of the filter.
    pub fn keeps_copy(&self, flags: u8) -> bool {
        match self.copies {
            Copies::All => true,
            Copies::Fold => flags & FOLDED == 0,
            Copies::Only => flags & HAS_COPIES != 0,
        }
    }

    /// True when `meta` passes the filter (all but its copies part: see
    /// [`Filter::keeps_copy`]).
    pub fn matches(&self, meta: &impl MetaView) -> bool {
        if !self
            .tags
            .iter()
            .all(|t| meta.tags().any(|m| m.eq_ignore_ascii_case(t)))
        {
            return false;
        }
        if !self.origins.is_empty() {
            let origin = meta.origin().to_lowercase();
            if !self
                .origins
                .iter()
                .any(|o| origin.contains(&o.to_lowercase()))
            {
                return false;
            }
        }
        if let Some((from, to)) = self.years {
            match meta.date() {
                Some(d) if d.year >= from && d.year <= to => {}
                _ => return false,
            }
        }
        self.classifications.is_empty() || self.classifications.contains(&meta.classification())
    }
}

/// Counts for the current selection, largest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub tags: Vec<(String, usize)>,
    pub origins: Vec<(String, usize)>,
    pub classifications: Vec<(Classification, usize)>,
    /// Cables per (year, month), in time order.
    pub months: Vec<((u16, u8), usize)>,
}

/// The number a list sorted by date or classification (`by_class`) sorts by. A comparison
/// of `Option<CableDate>`s then ids was most of a warm open's first sort. By date, the id's
/// first 13 bytes ride along (7 bits each), so ties on the minute rarely need the whole id.
fn sort_number(date: Option<CableDate>, class: Classification, id: &[u8], by_class: bool) -> u128 {
    // A date's sort key is below 2^32: 33 bits with the +1 that puts no date first.
    let date = date.map_or(0, |d| u128::from(d.sort_key()) + 1);
    if by_class {
        (class as u128) << 97 | date << 64
    } else {
        date << ID_BITS | id_prefix(id)
    }
}

/// Bytes of an id in a date's sort number, and the bits they take.
const ID_BYTES: usize = 13;
const ID_BITS: u32 = 7 * ID_BYTES as u32;

/// The first [`ID_BYTES`] bytes of an id, 7 bits each, big-endian: ordered as the ids are,
/// up to equal prefixes. A byte above 126 ends the prefix as 127, so ids that differ only
/// from there on compare equal here (and the whole ids decide).
fn id_prefix(id: &[u8]) -> u128 {
    let mut bytes = id.iter().copied();
    let mut ended = false;
    let mut n = 0u128;
    for _ in 0..ID_BYTES {
        let b = match bytes.next() {
            Some(_) | None if ended => 0,
            Some(b) if b > 126 => {
                ended = true;
                127
            }
            Some(b) => b,
            None => 0,
        };
        n = n << 7 | u128::from(b);
    }
    n
}

/// The indices of `keyed` in the order of their numbers: by date, equal numbers by the whole
/// `id`, then by index; by classification (`by_class`), equal numbers by index.
fn sorted<'a>(
    mut keyed: Vec<(u128, u32)>,
    by_class: bool,
    id: impl Fn(u32) -> &'a str,
) -> Vec<u32> {
    use rayon::prelude::*;
    keyed.par_sort_unstable();
    if !by_class {
        // Equal id prefixes on the same minute: the whole id decides, then the index.
        for run in keyed
            .chunk_by_mut(|a, b| a.0 == b.0)
            .filter(|r| r.len() > 1)
        {
            run.sort_by(|a, b| id(a.1).cmp(id(b.1)).then(a.1.cmp(&b.1)));
        }
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Cables by date (then id, then index): `rows` are (index, table, row in the table), and
/// `id` gives an index's whole id. The list's first order, kept with the catalog so a warm
/// open does not sort.
pub(super) fn date_order<'a>(
    rows: impl Iterator<Item = (u32, &'a CableTable, usize)>,
    id: impl Fn(u32) -> &'a str,
) -> Vec<u32> {
    let keyed = rows
        .map(|(i, table, row)| {
            let (date, class, id) = table.sort_fields(row);
            (sort_number(date, class, id, false), i)
        })
        .collect();
    sorted(keyed, false, id)
}

/// [`date_order`] of the tables of an archive's files in order (cable indices run through
/// them one after another).
pub(super) fn date_order_of(tables: &[&CableTable]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(tables.len());
    let mut next = 0u32;
    for table in tables {
        starts.push(next);
        next = next.saturating_add(table.len() as u32);
    }
    let rows = tables.iter().zip(&starts).flat_map(|(table, &first)| {
        (0..table.len()).map(move |row| (first.saturating_add(row as u32), *table, row))
    });
    date_order(rows, |i| {
        let n = starts.partition_point(|&s| s <= i).saturating_sub(1);
        match (tables.get(n), starts.get(n)) {
            (Some(table), Some(&first)) => table.id(i.saturating_sub(first) as usize),
            _ => "",
        }
    })
}

#[cfg(test)]
fn compare(a: &impl MetaView, b: &impl MetaView, key: SortKey) -> Ordering {
    let by_date = || a.date().cmp(&b.date());
    match key {
        SortKey::Date => by_date().then_with(|| a.id().cmp(b.id())),
        SortKey::Id => natural_cmp(a.id(), b.id()),
        SortKey::Origin => a.origin().cmp(b.origin()).then_with(by_date),
        SortKey::Classification => a
            .classification()
            .cmp(&b.classification())
            .then_with(by_date),
        // Counts are compared by the caller (they are the archive's, not the metadata's).
        SortKey::Cited => by_date().reverse(),
    }
}

/// Ids in natural order: runs of digits compare as numbers, so `07ANKARA648` comes before
/// `07ANKARA1905` (and `9` before `10`); other runs compare as bytes, then the shorter first.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (da, ra) = digit_run(a);
                let (db, rb) = digit_run(b);
                let (za, zb) = (trim_zeros(da), trim_zeros(db));
                let ord = za.len().cmp(&zb.len()).then_with(|| za.cmp(zb));
                if ord != Ordering::Equal {
                    return ord;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => {
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

/// The first bytes of an id's natural-order encoding: a run of digits is `0`, its length
/// without leading zeros, then those digits; any other byte is itself. Comparing encodings
/// byte by byte (the shorter first) is [`natural_cmp`]: a run meets a run at the same place,
/// and against any other byte a run's `0` stands for its first digit (every digit is on the
/// same side of a byte that is not one). Cut to its first bytes and padded with the least
/// byte, a key never orders two ids against [`natural_cmp`]; equal keys leave it to compare.
pub(super) type NaturalKey = [u8; 24];

/// An id's [`NaturalKey`].
pub(super) fn natural_key(id: &[u8]) -> NaturalKey {
    let mut key = [0u8; 24];
    let mut out = key.iter_mut();
    let mut rest = id;
    while let Some(&b) = rest.first() {
        if b.is_ascii_digit() {
            let (digits, after) = digit_run(rest);
            let digits = trim_zeros(digits);
            // 255 stands for any longer run, and the key stops there (its ids compare).
            let len = u8::try_from(digits.len()).unwrap_or(u8::MAX);
            if len == u8::MAX {
                for (slot, byte) in out.zip([b'0', u8::MAX]) {
                    *slot = byte;
                }
                return key;
            }
            for byte in [b'0', len].iter().chain(digits) {
                match out.next() {
                    Some(slot) => *slot = *byte,
                    None => return key,
                }
            }
            rest = after;
        } else {
            match out.next() {
                Some(slot) => *slot = b,
                None => return key,
            }
            rest = &rest[1..];
        }
    }
    key
}

/// The leading run of digits and the rest.
fn digit_run(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

/// Each interned name's place among the table's names in string order, counted from 1
/// (equal names share one; the empty name, like no origin at all, is 0).
fn origin_ranks(table: &CableTable) -> Vec<u32> {
    let names = table.names();
    let mut by_name: Vec<usize> = (0..names.len()).collect();
    by_name.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
    let mut rank = vec![0u32; names.len()];
    let (mut r, mut previous) = (0u32, "");
    for &n in &by_name {
        if names[n] != previous {
            r += 1;
            previous = &names[n];
        }
        rank[n] = r;
    }
    rank
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let n = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[n..]
}

impl Archive {
    /// The rows passing `filter`, in source order.
    fn passing(&self, filter: &Filter) -> Vec<u32> {
        let test = super::filter::Test::new(filter);
        let flags = (filter.copies != Copies::All).then(|| self.copy_flags());
        let keeps =
            |i: usize| flags.is_none_or(|f| filter.keeps_copy(f.get(i).copied().unwrap_or(0)));
        self.rows()
            .filter(|&(i, table, row)| keeps(i as usize) && test.passes(&table.meta_ref(row)))
            .map(|(i, _, _)| i)
            .collect()
    }

    /// The rows passing `filter`, sorted by `key` (descending when asked). Every descending
    /// order is its ascending one reversed, ties included, so a list can reverse its rows
    /// instead of asking again.
    pub fn select(&self, filter: &Filter, key: SortKey, descending: bool) -> Vec<u32> {
        let by_class = match key {
            SortKey::Date => false,
            SortKey::Classification => true,
            SortKey::Id | SortKey::Origin | SortKey::Cited => {
                return self.sorted_by_field(self.passing(filter), key, descending);
            }
        };
        // By date: the order kept with the catalog (or made once from its tables), copies
        // folded, or only the cables passing the filter (marked first: at 2.7M cables,
        // sorting the passing ones by date took ~1 s).
        if !by_class {
            let order = self.date_order();
            let mut rows;
            if filter.is_empty() {
                let flags = self.copy_flags();
                let shown = |&i: &u32| flags.get(i as usize).is_none_or(|f| f & FOLDED == 0);
                // One allocation, filled in order (at 2.7M cables, growing it step by step
                // was a sixth of the first screen).
                rows = Vec::with_capacity(order.len());
                rows.extend(order.iter().filter(shown));
            } else {
                let passing = self.passing(filter);
                let mut marks = vec![0u64; order.len().div_ceil(64)];
                for &i in &passing {
                    if let Some(word) = marks.get_mut(i as usize / 64) {
                        *word |= 1 << (i % 64);
                    }
                }
                let marked = |&i: &u32| {
                    marks
                        .get(i as usize / 64)
                        .is_some_and(|word| word & (1 << (i % 64)) != 0)
                };
                rows = Vec::with_capacity(passing.len());
                rows.extend(order.iter().filter(marked));
            }
            if descending {
                rows.reverse();
            }
            return rows;
        }
        // Classifications (then dates) sort as one number with the index beside it.
        let keyed: Vec<(u128, u32)> = if filter.is_empty() {
            let flags = self.copy_flags();
            self.rows()
                .filter(|(i, _, _)| flags.get(*i as usize).is_none_or(|f| f & FOLDED == 0))
                .map(|(i, table, row)| {
                    let (date, class, id) = table.sort_fields(row);
                    (sort_number(date, class, id, by_class), i)
                })
                .collect()
        } else {
            self.passing(filter)
                .into_iter()
                .filter_map(|i| {
                    let m = self.meta_ref(i as usize)?;
                    Some((
                        sort_number(m.date(), m.classification(), m.id().as_bytes(), by_class),
                        i,
                    ))
                })
                .collect()
        };
        let mut rows = sorted(keyed, by_class, |i| self.id(i as usize));
        if descending {
            rows.reverse();
        }
        rows
    }

    /// `rows` by id (natural order), origin (then date) or citations (the most cited first,
    /// then the newest), then by index; all reversed when `descending`. Each
    /// row's key is read once and the sort compares keys alone: at 2.7M cables, reading two
    /// cables' fields from the catalog at every step of the sort took 4-14 s.
    fn sorted_by_field(&self, mut rows: Vec<u32>, key: SortKey, descending: bool) -> Vec<u32> {
        use rayon::prelude::*;
        use std::cmp::Reverse;
        let table = self.table();
        let date = |i: u32| table.meta_ref(i as usize).date();
        match key {
            SortKey::Id => {
                // Most steps are decided by the keys' bytes; only equal keys (ids alike in
                // their first 24 encoded bytes) compare the ids themselves.
                let mut keyed: Vec<(NaturalKey, u32)> = (rows.iter())
                    .map(|&i| (natural_key(table.id_bytes(i as usize)), i))
                    .collect();
                keyed.par_sort_unstable_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then_with(|| natural_cmp(table.id(a.1 as usize), table.id(b.1 as usize)))
                        .then(a.1.cmp(&b.1))
                });
                rows = keyed.into_iter().map(|(_, i)| i).collect();
            }
            SortKey::Origin => {
                let rank = origin_ranks(table);
                let mut keyed: Vec<(u32, Option<CableDate>, u32)> = (rows.iter())
                    .map(|&i| {
                        let origin = table.meta_ref(i as usize).origin_key();
                        let rank = origin.and_then(|k| rank.get(k as usize).copied());
                        (rank.unwrap_or(0), date(i), i)
                    })
                    .collect();
                keyed.par_sort_unstable();
                rows = keyed.into_iter().map(|(_, _, i)| i).collect();
            }
            SortKey::Cited | SortKey::Date | SortKey::Classification => {
                // Dates and classifications sort as numbers in `select`, never here.
                debug_assert_eq!(key, SortKey::Cited, "sorted by citations");
                let mut keyed: Vec<(Reverse<usize>, Reverse<Option<CableDate>>, u32)> = (rows
                    .iter())
                .map(|&i| (Reverse(self.cited_count(i as usize)), Reverse(date(i)), i))
                .collect();
                keyed.par_sort_unstable();
                rows = keyed.into_iter().map(|(_, _, i)| i).collect();
            }
        }
        if descending {
            rows.reverse();
        }
        rows
    }

    /// Facet counts over `rows`, counted on the catalog's table (interned names, so an
    /// array of counts instead of a hash of every cable's strings; column by column).
    pub fn facets(&self, rows: &[u32]) -> Facets {
        let tables = self.tables();
        let mut counts: Vec<(Vec<usize>, Vec<usize>)> = tables
            .iter()
            .map(|t| (vec![0; t.names().len()], vec![0; t.names().len()]))
            .collect();
        let mut classes = [0usize; Classification::ALL.len()];
        let mut months: HashMap<(u16, u8), usize> = HashMap::default();
        // Every cable (rows of a list are distinct), else the rows marked.
        let marked = (rows.len() != self.len()).then(|| {
            let mut marked = vec![false; self.len()];
            for &i in rows {
                if let Some(m) = marked.get_mut(i as usize) {
                    *m = true;
                }
            }
            marked
        });
        for (table, (tag_counts, origin_counts)) in tables.iter().zip(&mut counts) {
            let mut tally = crate::archive::table::Tally {
                tags: tag_counts,
                origins: origin_counts,
                classes: &mut classes,
                months: &mut months,
            };
            table.count_facets(marked.as_deref(), &mut tally);
        }
        let classes: HashMap<Classification, usize> = Classification::ALL
            .iter()
            .zip(classes)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (*c, n))
            .collect();
        let mut tags: HashMap<&str, usize> = HashMap::default();
        let mut origins: HashMap<&str, usize> = HashMap::default();
        for (table, (tag_counts, origin_counts)) in tables.iter().zip(&counts) {
            for (name, (&t, &o)) in table
                .names()
                .iter()
                .zip(tag_counts.iter().zip(origin_counts))
            {
                if t > 0 {
                    *tags.entry(name).or_default() += t;
                }
                if o > 0 {
                    *origins.entry(name).or_default() += o;
                }
            }
        }
        fn ranked<K: Ord + Clone>(map: HashMap<K, usize>) -> Vec<(K, usize)> {
            let mut v: Vec<(K, usize)> = map.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        }
        let mut months: Vec<_> = months.into_iter().collect();
        months.sort();
        Facets {
            tags: ranked(tags)
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect(),
            origins: ranked(origins)
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect(),
            classifications: ranked(classes),
            months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_naturally() {
        let mut ids = [
            "07ANKARA1905",
            "07ANKARA648",
            "10ANKARA1",
            "07ANKARA0648A",
            "07ADANA12",
            "9X1",
            "07ANKARA648",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "07ADANA12",
                "07ANKARA648",
                "07ANKARA648",
                "07ANKARA0648A",
                "07ANKARA1905",
                "9X1",
                "10ANKARA1",
            ]
        );
    }

    /// The demo, three fixture archives (a thread, mixed formats, copies) and `made`.
    fn with_fixtures(made: Archive) -> [Archive; 5] {
        [
            Archive::demo(),
            open_fixture("thread"),
            open_fixture("mixed"),
            open_fixture("copies"),
            made,
        ]
    }

    /// The archive of `tests/fixtures/archive/NAME`.
    fn open_fixture(name: &str) -> Archive {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/archive")
            .join(name);
        Archive::open(&dir).expect("opens")
    }

    /// The sorts by a field, against a comparison sort of the fields themselves.
    #[test]
    fn field_sorts_order_as_comparing_the_fields_does() {
        // Ids whose natural order is not their bytes' order, origins met in the reverse of
        // their names' order, a cable without an origin.
        let cable = crate::archive::test_cables::whale_cable;
        let files = [
            ("a.txt", cable("010101Z", "OSLO", "000100")),
            ("b.txt", cable("020101Z", "OSLO", "000009")),
            ("c.txt", cable("010101Z", "BERN", "000010")),
            ("d.txt", cable("030101Z", "ANKARA", "000002")),
            (
                "e.txt",
                "UNCLAS\n\nSUBJECT: NO POST\n\n1. Text.\n".to_string(),
            ),
        ];
        let (_tmp, made) = crate::archive::test_cables::archive_of(&files);
        let archives = with_fixtures(made);
        for archive in &archives {
            let cited_some = (0..archive.len()).any(|i| archive.cited_count(i) > 0);
            for key in [SortKey::Id, SortKey::Origin, SortKey::Cited] {
                for descending in [false, true] {
                    let all = Filter::default();
                    let mut expected = archive.passing(&all);
                    expected.sort_by(|&a, &b| {
                        let cited = |i: u32| match key {
                            SortKey::Cited => archive.cited_count(i as usize),
                            _ => 0,
                        };
                        let (x, y) = (archive.meta_ref(a as usize), archive.meta_ref(b as usize));
                        let (Some(x), Some(y)) = (x, y) else {
                            return a.cmp(&b);
                        };
                        let ord = cited(b)
                            .cmp(&cited(a))
                            .then_with(|| compare(&x, &y, key))
                            .then(a.cmp(&b));
                        if descending { ord.reverse() } else { ord }
                    });
                    assert_eq!(
                        archive.select(&all, key, descending),
                        expected,
                        "{key:?}, descending {descending}, {} cables, cited {cited_some}",
                        archive.len()
                    );
                }
            }
        }
    }

    /// A filtered list by date (the catalog's date order, the passing cables picked out of
    /// it) or by classification, against a comparison sort of the passing cables' fields.
    #[test]
    fn filtered_date_and_class_sorts_order_as_comparing_the_fields_does() {
        let cable = crate::archive::test_cables::whale_cable;
        // Ties on the date-time group, posts either side of the filter.
        let files: Vec<(String, String)> = (0..9)
            .map(|k| {
                let post = ["OSLO", "BERN", "OSLO"][k % 3];
                let dtg = ["010101Z", "020202Z", "010101Z"][k % 3];
                let serial = format!("{:06}", 900 - 7 * k);
                (format!("c{k}.txt"), cable(dtg, post, &serial))
            })
            .collect();
        let named: Vec<(&str, String)> =
            files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let (_tmp, made) = crate::archive::test_cables::archive_of(&named);
        let archives = with_fixtures(made);
        for archive in &archives {
            let some_tag = (0..archive.len())
                .filter_map(|i| archive.meta_ref(i))
                .find_map(|m| m.tags().next().map(str::to_string))
                .unwrap_or_default();
            let filters = [
                Filter {
                    origins: vec!["oslo".into(), "dushanbe".into()],
                    ..Filter::default()
                },
                Filter {
                    tags: vec![some_tag],
                    ..Filter::default()
                },
                Filter {
                    years: Some((1900, 2100)),
                    copies: Copies::All,
                    ..Filter::default()
                },
            ];
            for filter in &filters {
                let passing = archive.passing(filter);
                for key in [SortKey::Date, SortKey::Classification] {
                    let mut expected = passing.clone();
                    expected.sort_by(|&a, &b| {
                        let (x, y) = (archive.meta_ref(a as usize), archive.meta_ref(b as usize));
                        let (Some(x), Some(y)) = (x, y) else {
                            return a.cmp(&b);
                        };
                        compare(&x, &y, key).then(a.cmp(&b))
                    });
                    let rows = archive.select(filter, key, false);
                    assert_eq!(
                        rows,
                        expected,
                        "{key:?} {filter:?}, {} cables",
                        archive.len()
                    );
                    let mut down = archive.select(filter, key, true);
                    down.reverse();
                    assert_eq!(down, expected, "{key:?} {filter:?} descending");
                }
            }
        }
    }

    /// A key never orders two ids against `natural_cmp`: random ids of digits (with leading
    /// zeros and long runs), letters, and bytes on either side of the digits.
    #[test]
    fn natural_keys_keep_the_natural_order() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let alphabet = b"0000123456789AZaz-/ ~";
        let ids: Vec<String> = (0..3000)
            .map(|_| {
                let len = next(30);
                (0..len)
                    .map(|_| alphabet[next(alphabet.len())] as char)
                    .collect()
            })
            .chain(
                [
                    "09STATE1",
                    "09STATE0001",
                    "9STATE1",
                    "10OSLO9",
                    "10OSLO10",
                    "",
                ]
                .map(String::from),
            )
            .collect();
        let (mut decided, mut compared) = (0, 0);
        for a in &ids {
            for b in ids.iter().step_by(7) {
                let (ka, kb) = (natural_key(a.as_bytes()), natural_key(b.as_bytes()));
                let natural = natural_cmp(a, b);
                compared += 1;
                if ka != kb {
                    decided += 1;
                    assert_eq!(ka.cmp(&kb), natural, "{a:?} against {b:?}");
                }
            }
        }
        assert!(decided > compared * 9 / 10, "{decided} of {compared}");
        // Runs too long for their length to fit a byte.
        let long: Vec<String> = [(1, 300), (9, 254), (1, 255), (2, 255), (1, 256)]
            .iter()
            .map(|&(digit, n)| format!("A{}B", digit.to_string().repeat(n)))
            .collect();
        for a in &long {
            for b in &long {
                let (ka, kb) = (natural_key(a.as_bytes()), natural_key(b.as_bytes()));
                if ka != kb {
                    assert_eq!(
                        ka.cmp(&kb),
                        natural_cmp(a, b),
                        "{} against {}",
                        a.len(),
                        b.len()
                    );
                }
            }
        }
        assert_eq!(
            natural_key(b"10OSLO9").cmp(&natural_key(b"10OSLO10")),
            Ordering::Less
        );
    }

    #[test]
    fn sorts_and_reverses() {
        let archive = Archive::demo();
        let all = Filter::default();
        let asc = archive.select(&all, SortKey::Id, false);
        let desc = archive.select(&all, SortKey::Id, true);
        assert_eq!(asc.len(), archive.len());
        assert_eq!(asc.iter().rev().copied().collect::<Vec<_>>(), desc);
    }

    #[test]
    fn id_prefixes_order_as_the_ids_do() {
        let ids = [
            "",
            "0",
            "09STATE1",
            "09STATE12",
            "09STATE123456",
            "09STATE1234567",
            "09STATE123457",
            "09ST\u{e9}",
            "09ST\u{e9}A",
            "09ST\u{fc}",
            "09STZ",
            "10BAGHDAD1",
            "A\u{7f}B",
            "A\u{7f}A",
            "~",
            "\u{ff}",
        ];
        for a in ids {
            for b in ids {
                let (pa, pb) = (id_prefix(a.as_bytes()), id_prefix(b.as_bytes()));
                // Never out of order: a strict difference of prefixes is the ids' order.
                if pa < pb {
                    assert!(a < b, "{a:?} before {b:?}");
                }
                if a <= b {
                    assert!(pa <= pb, "{a:?} <= {b:?}");
                }
            }
        }
        assert_ne!(id_prefix(b"09STATE123456"), id_prefix(b"09STATE123457"));
    }

    #[test]
    fn date_sort_from_the_tables_matches_the_metadata_order() {
        let archive = Archive::demo();
        let rows = archive.select(&Filter::default(), SortKey::Date, false);
        let metas = archive.metas();
        let mut expected: Vec<u32> = (0..metas.len() as u32).collect();
        expected.sort_by(|&a, &b| {
            compare(&metas[a as usize], &metas[b as usize], SortKey::Date).then(a.cmp(&b))
        });
        assert_eq!(rows, expected);
    }

    #[test]
    fn filter_by_unknown_tag_is_empty() {
        let archive = Archive::demo();
        let filter = Filter {
            tags: vec!["NOSUCHTAG".into()],
            ..Filter::default()
        };
        assert!(archive.select(&filter, SortKey::Date, false).is_empty());
    }
}
