//! The metadata of one source file's cables, stored column by column: every id, subject and
//! source suffix back to back in one string, origins, tags and caveats interned, dates,
//! classifications and locators in flat vectors. A catalog of 251,287 cables decodes with a
//! few dozen allocations instead of millions; [`CableTable::meta`] builds one cable's
//! [`CableMeta`] on demand.

use super::CableMeta;
use super::source::Locator;
use crate::cable::{CableDate, Classification};
use bincode::{Decode, Encode};
use std::collections::HashMap;

/// A date as stored: (year, month, day, hour, minute).
type Stamp = (u16, u8, u8, u8, u8);

/// Strings kept per cable in the arena: id, subject, source suffix.
const STRINGS: usize = 3;

/// One file's cables, column by column.
#[derive(Debug, Clone, PartialEq, Default, Encode, Decode)]
pub struct CableTable {
    /// Id, subject and suffix (`#row12`) of every cable, back to back.
    arena: String,
    /// End of each string in `arena`, [`STRINGS`] per cable.
    ends: Vec<u64>,
    /// Interned origins, tags and caveats.
    names: Vec<String>,
    /// Per cable: its origin, as an index into `names`.
    origins: Vec<u32>,
    /// Per cable: the end of its tags in `tags`, then of its caveats in `caveats`.
    tag_ends: Vec<u32>,
    tags: Vec<u32>,
    caveat_ends: Vec<u32>,
    caveats: Vec<u32>,
    dates: Vec<Option<Stamp>>,
    /// Index into [`Classification::ALL`].
    classes: Vec<u8>,
    locs: Vec<Locator>,
}

/// Builds a [`CableTable`], interning names as it goes.
#[derive(Debug, Default)]
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

    /// Add a cable: its metadata (whose `source` is ignored), source suffix and locator.
    pub fn push(&mut self, meta: &CableMeta, suffix: &str, loc: Locator) {
        for s in [meta.id.as_str(), meta.subject.as_str(), suffix] {
            self.table.arena.push_str(s);
            self.table.ends.push(self.table.arena.len() as u64);
        }
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
        self.table.dates.push(
            meta.date
                .map(|d| (d.year, d.month, d.day, d.hour, d.minute)),
        );
        let class = Classification::ALL
            .iter()
            .position(|c| *c == meta.classification)
            .unwrap_or(0);
        self.table.classes.push(class as u8);
        self.table.locs.push(loc);
    }

    /// Number of cables added.
    pub fn len(&self) -> usize {
        self.table.locs.len()
    }

    /// True when no cable was added.
    pub fn is_empty(&self) -> bool {
        self.table.locs.is_empty()
    }

    /// The finished table.
    pub fn finish(self) -> CableTable {
        self.table
    }
}

impl CableTable {
    /// A table without cables.
    pub const EMPTY: CableTable = CableTable {
        arena: String::new(),
        ends: Vec::new(),
        names: Vec::new(),
        origins: Vec::new(),
        tag_ends: Vec::new(),
        tags: Vec::new(),
        caveat_ends: Vec::new(),
        caveats: Vec::new(),
        dates: Vec::new(),
        classes: Vec::new(),
        locs: Vec::new(),
    };

    /// Number of cables.
    pub fn len(&self) -> usize {
        self.locs.len()
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
        ];
        if !self.ends.len().is_multiple_of(STRINGS) || lengths.iter().any(|&l| l != n) {
            return Err("columns of different lengths".into());
        }
        let mut last = 0;
        for &end in &self.ends {
            let end = usize::try_from(end).map_err(|_| "string end out of range")?;
            if end < last || !self.arena.is_char_boundary(end) {
                return Err("string ends out of order".into());
            }
            last = end;
        }
        let names = self.names.len() as u32;
        let runs = [
            (&self.tag_ends, &self.tags),
            (&self.caveat_ends, &self.caveats),
        ];
        for (ends, values) in runs {
            if !ends.is_sorted() || ends.last().is_some_and(|&e| e as usize > values.len()) {
                return Err("tag runs out of order".into());
            }
            if values.iter().any(|&v| v >= names) {
                return Err("unknown name".into());
            }
        }
        if self.origins.iter().any(|&v| v >= names) {
            return Err("unknown origin".into());
        }
        Ok(())
    }

    fn string(&self, row: usize, k: usize) -> &str {
        let at = row * STRINGS + k;
        let start = match at.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(at).copied().unwrap_or(start);
        self.arena
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    fn name(&self, n: u32) -> &str {
        self.names.get(n as usize).map_or("", String::as_str)
    }

    fn run<'a>(&'a self, ends: &[u32], values: &'a [u32], row: usize) -> &'a [u32] {
        let start = match row.checked_sub(1) {
            Some(before) => ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = ends.get(row).copied().unwrap_or(start);
        values.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The id of cable `row` ("" when out of range).
    pub fn id(&self, row: usize) -> &str {
        self.string(row, 0)
    }

    /// The locator of cable `row`.
    pub fn loc(&self, row: usize) -> Option<Locator> {
        self.locs.get(row).copied()
    }

    /// The metadata of cable `row`, whose source is `file` + its suffix.
    pub fn meta(&self, row: usize, file: &str) -> CableMeta {
        let suffix = self.string(row, 2);
        let mut source = String::with_capacity(file.len() + suffix.len());
        source.push_str(file);
        source.push_str(suffix);
        let names = |ends: &[u32], values: &[u32]| -> Vec<String> {
            self.run(ends, values, row)
                .iter()
                .map(|&n| self.name(n).to_string())
                .collect()
        };
        CableMeta {
            id: self.string(row, 0).to_string(),
            date: self
                .dates
                .get(row)
                .copied()
                .flatten()
                .map(|(year, month, day, hour, minute)| CableDate {
                    year,
                    month,
                    day,
                    hour,
                    minute,
                }),
            classification: self
                .classes
                .get(row)
                .and_then(|&c| Classification::ALL.get(c as usize))
                .copied()
                .unwrap_or_default(),
            caveats: names(&self.caveat_ends, &self.caveats),
            origin: self
                .origins
                .get(row)
                .map_or("", |&n| self.name(n))
                .to_string(),
            subject: self.string(row, 1).to_string(),
            tags: names(&self.tag_ends, &self.tags),
            source,
        }
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
            b.push(m, &format!("#row{n}"), Locator::Item(n as u32));
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
        }
    }

    #[test]
    fn a_corrupt_table_fails_its_check_and_never_panics() {
        let mut b = TableBuilder::default();
        b.push(&meta("09A1", "X", &["T"], &[]), "", Locator::Whole);
        let good = b.finish();
        let mut bad = good.clone();
        bad.ends = vec![99, 1, 2];
        assert!(bad.check().is_err());
        let _ = bad.meta(0, "f");
        let mut bad = good.clone();
        bad.tags = vec![7];
        assert!(bad.check().is_err());
        let _ = bad.meta(0, "f");
        let mut bad = good;
        bad.origins.clear();
        assert!(bad.check().is_err());
        let _ = bad.meta(5, "f");
    }
}
