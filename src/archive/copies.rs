//! Copies of a cable: the same id read from several files (a folder holding the 2010 site
//! pages, the 2011 pages and cables.csv). A list shows one row per cable, its best copy
//! ([`Traits::rank`](super::table::Traits::rank): a full text over a partial extract, the unredacted over the redacted,
//! the later release over the earlier, then source order); the others are folded into it.

use super::Archive;
use serde::Serialize;

/// [`Archive::copy_flags`]: a better copy of the same id is shown instead of this one.
pub const FOLDED: u8 = 1;
/// [`Archive::copy_flags`]: another cable has the same id.
pub const HAS_COPIES: u8 = 2;

impl Archive {
    /// Per cable, [`FOLDED`] and [`HAS_COPIES`]: the same id (case-insensitive) read from
    /// several files. Built on first use from the id table (all zero, without it, when the
    /// catalog counted no copies when it was saved).
    pub fn copy_flags(&self) -> &[u8] {
        self.copies.get_or_init(|| {
            let mut flags = vec![0u8; self.len()];
            if self.saved_folded == Some(0) {
                return flags;
            }
            copy_groups(
                self.id_table(),
                |i| self.id(i as usize),
                |mut same| {
                    self.best_first(&mut same);
                    for (n, &i) in same.iter().enumerate() {
                        if let Some(f) = flags.get_mut(i as usize) {
                            *f |= HAS_COPIES | if n == 0 { 0 } else { FOLDED };
                        }
                    }
                },
            );
            flags
        })
    }

    /// Put copies in order, the best first: see [`Traits::rank`](super::table::Traits::rank);
    /// equal ranks in source order.
    fn best_first(&self, copies: &mut [u32]) {
        copies.sort_by(|&a, &b| {
            let rank = |i: u32| self.traits(i as usize).rank();
            rank(b).cmp(&rank(a)).then(a.cmp(&b))
        });
    }

    /// Every copy of cable `i` (itself included), the best first: the copy a folded list
    /// shows, then the others in the same order of preference.
    pub fn copies_of(&self, i: usize) -> Vec<usize> {
        if i >= self.len() {
            return Vec::new();
        }
        if self.copy_flags().get(i).is_none_or(|f| f & HAS_COPIES == 0) {
            return vec![i];
        }
        let id = self.id(i);
        let run = super::lookup::hash_run(self.id_table(), super::lookup::id_hash(id));
        let mut same: Vec<u32> = run
            .iter()
            .map(|&(_, n)| n)
            .filter(|&n| self.id(n as usize).eq_ignore_ascii_case(id))
            .collect();
        self.best_first(&mut same);
        same.into_iter().map(|n| n as usize).collect()
    }

    /// How many copies cable `i` has (1 when it is in one file only).
    pub fn copy_count(&self, i: usize) -> usize {
        match self.copy_flags().get(i) {
            Some(f) if f & HAS_COPIES != 0 => self.copies_of(i).len(),
            _ => 1,
        }
    }

    /// How many rows a folded list leaves out: copies of a cable whose better copy is shown.
    pub fn folded_copies(&self) -> usize {
        if let (None, Some(n)) = (self.copies.get(), self.saved_folded) {
            return n;
        }
        self.copy_flags()
            .iter()
            .filter(|&&f| f & FOLDED != 0)
            .count()
    }
}

/// Hands `each` every group of two or more cables with the same id (ignoring ASCII case;
/// cables without an id are no one's copies), given `(id hash, cable)` pairs sorted by hash
/// and each cable's id. The one grouping behind the copy flags and the catalog's count.
pub(super) fn copy_groups<'a>(
    sorted: &[(u64, u32)],
    id: impl Fn(u32) -> &'a str,
    mut each: impl FnMut(Vec<u32>),
) {
    // Runs of equal id hashes: the copies are those whose ids are equal.
    for run in sorted.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let mut left: Vec<u32> = run.iter().map(|&(_, i)| i).collect();
        while let Some(&first) = left.first() {
            let first_id = id(first);
            if first_id.is_empty() {
                // No id (unreadable metadata): nothing to be a copy of.
                left.retain(|&i| !id(i).is_empty());
                continue;
            }
            let (same, rest): (Vec<u32>, Vec<u32>) = left
                .iter()
                .partition(|&&i| id(i).eq_ignore_ascii_case(first_id));
            left = rest;
            if same.len() >= 2 {
                each(same);
            }
        }
    }
}

/// Where one copy of a cable came from, for the reader's header, `cables show --copy` and
/// `cables list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyInfo {
    /// The file, with `#row12` (CSV), `#line3` (JSON lines) or `#item1` (JSONP).
    pub source: String,
    /// The source's format (`cables.csv`, `site page`...).
    pub format: &'static str,
    /// The release it came from (`2011-08-30`), where it can be told.
    pub released: Option<String>,
    /// A partial extract of the cable.
    pub partial: bool,
    /// Names blacked out (`XXXXXXXXXXXX`).
    pub redacted: bool,
}

impl CopyInfo {
    /// One line: `site page, released 2011-01-21, redacted: FILE`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.format.to_string()];
        if let Some(r) = &self.released {
            parts.push(format!("released {r}"));
        }
        if self.partial {
            parts.push("partial extract".into());
        }
        if self.redacted {
            parts.push("redacted".into());
        }
        format!("{}: {}", parts.join(", "), self.source)
    }
}

impl Archive {
    /// Where cable `i` came from: its source, format, release and kind of copy.
    pub fn copy_info(&self, i: usize) -> CopyInfo {
        let traits = self.traits(i);
        let format = match self.locate(i).and_then(|(n, _)| self.file_format(n)) {
            Some(format) => format.name(),
            None => "demo",
        };
        let source = self.source_of(i);
        CopyInfo {
            source,
            format,
            released: release_text(traits.release),
            partial: traits.partial,
            redacted: traits.redacted,
        }
    }
}

/// `yyyymmdd` as `yyyy-mm-dd`; `None` for 0 (unknown).
fn release_text(day: u32) -> Option<String> {
    (day > 0).then(|| {
        format!(
            "{:04}-{:02}-{:02}",
            day / 10_000,
            day / 100 % 100,
            day % 100
        )
    })
}
