//! The keyword index of an archive opened from its cache, opened and checked on first use.
//!
//! Listing and reading never search, and opening the index is not free (at 2.7M cables its 53
//! segments take ~20 ms to open and check), so a warm open of an unchanged archive leaves it
//! shut until a search, the TUI's background warm-up, or `cables index` asks for it.
//!
//! The catalog was read at the open; the index must be the one that catalog was saved with.
//! Its `meta.json` (which names its segments) is read at the open too, and the index is opened
//! only if that file is still the same: a cache rebuilt meanwhile by another `cables` (the
//! archive changed) is refused with [`ArchiveError::Moved`], never searched against an older
//! catalog.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::ArchiveError;
use super::fulltext::TextIndex;
use super::guard;

/// A keyword index: open, or on disk and opened when first used.
pub(crate) enum LazyIndex {
    /// Open: built or updated by this process, in memory, or opened at once.
    Open(TextIndex),
    /// In `dir`, opened and checked on first use; what that gave is kept.
    OnDisk {
        dir: PathBuf,
        /// The bytes of `meta.json` when the catalog was read.
        meta: Vec<u8>,
        opened: OnceLock<Result<TextIndex, Failure>>,
    },
}

/// Why an index on disk cannot be used.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// It is broken or missing: the cache is set aside and rebuilt.
    Unusable(String),
    /// Another process replaced it since the catalog was read.
    Replaced,
}

impl LazyIndex {
    /// The index in `dir`, to be opened on first use; `None` when it has no `meta.json` (no
    /// index was committed there: the caller opens the archive as usual, which says why).
    pub fn on_disk(dir: PathBuf) -> Option<LazyIndex> {
        let meta = std::fs::read(dir.join("meta.json")).ok()?;
        Some(LazyIndex::OnDisk {
            dir,
            meta,
            opened: OnceLock::new(),
        })
    }

    /// The index, opened and checked now if it was not yet.
    pub fn get(&self) -> Result<&TextIndex, ArchiveError> {
        match self {
            LazyIndex::Open(index) => Ok(index),
            LazyIndex::OnDisk { dir, meta, opened } => {
                match opened.get_or_init(|| open_checked(dir, meta)) {
                    Ok(index) => Ok(index),
                    Err(Failure::Unusable(reason)) => Err(ArchiveError::Index(reason.clone())),
                    Err(Failure::Replaced) => Err(ArchiveError::Moved(dir.display().to_string())),
                }
            }
        }
    }

    /// The index itself, opened now if it was not.
    pub fn into_open(self) -> Result<TextIndex, ArchiveError> {
        // Opened (or why not) through `get`, then taken out.
        self.get()?;
        match self {
            LazyIndex::Open(index) => Ok(index),
            LazyIndex::OnDisk { opened, .. } => match opened.into_inner() {
                Some(Ok(index)) => Ok(index),
                _ => Err(ArchiveError::Index("could not be opened".into())),
            },
        }
    }

    /// Whether it is still unopened.
    pub fn is_deferred(&self) -> bool {
        matches!(self, LazyIndex::OnDisk { opened, .. } if opened.get().is_none())
    }
}

/// Open the index in `dir` and check it, if its `meta.json` is still `meta`.
fn open_checked(dir: &Path, meta: &[u8]) -> Result<TextIndex, Failure> {
    let same = || match std::fs::read(dir.join("meta.json")) {
        Ok(now) => Ok(now == meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Failure::Unusable("is missing".into()))
        }
        Err(e) => Err(Failure::Unusable(e.to_string())),
    };
    if !same()? {
        return Err(Failure::Replaced);
    }
    let opened = guard::catch(|| {
        let index = TextIndex::open_or_create(dir)?;
        index.check()?;
        Ok::<_, ArchiveError>(index)
    });
    let index = match opened {
        Ok(Ok(index)) => index,
        Ok(Err(ArchiveError::Index(reason))) => return Err(Failure::Unusable(reason)),
        Ok(Err(other)) => return Err(Failure::Unusable(other.to_string())),
        Err(panic) => {
            return Err(Failure::Unusable(format!(
                "it failed inside tantivy: {panic}"
            )));
        }
    };
    // Replaced while it was being opened: the segments read may be the new ones.
    if !same()? {
        return Err(Failure::Replaced);
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index in `dir` holding the first demo cable, committed (a segment on disk).
    fn committed(dir: &Path) {
        let index = TextIndex::open_or_create(dir).expect("creates");
        let writer = index.writer(1, 15_000_000).expect("writer");
        let (name, text) = super::super::demo::DEMO[0];
        let cable = super::super::demo::parse_demo(name, text);
        let loc = super::super::source::Locator::Demo(0);
        index.add_cable(&writer, 0, 0, loc, &cable).expect("adds");
        index.commit(writer).expect("commits");
    }

    #[test]
    fn an_index_is_opened_on_first_use_and_kept() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("index");
        committed(&dir);
        let lazy = LazyIndex::on_disk(dir).expect("has meta.json");
        assert!(lazy.is_deferred());
        let first: *const TextIndex = lazy.get().expect("opens");
        assert!(!lazy.is_deferred());
        assert!(std::ptr::eq(first, lazy.get().expect("kept")));
        assert!(lazy.into_open().is_ok());
    }

    #[test]
    fn no_meta_json_is_no_index_to_defer() {
        let tmp = tempfile::tempdir().expect("tmp");
        assert!(LazyIndex::on_disk(tmp.path().join("index")).is_none());
    }

    #[test]
    fn an_index_replaced_after_the_catalog_was_read_is_refused_not_searched() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("index");
        committed(&dir);
        let lazy = LazyIndex::on_disk(dir.clone()).expect("has meta.json");
        // Another process commits to it (a rebuild after the archive changed).
        committed(&dir);
        assert!(matches!(lazy.get(), Err(ArchiveError::Moved(_))));
    }

    #[test]
    fn a_removed_or_broken_index_is_unusable() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("index");
        committed(&dir);
        let lazy = LazyIndex::on_disk(dir.clone()).expect("has meta.json");
        std::fs::remove_file(dir.join("meta.json")).expect("removes");
        assert!(matches!(lazy.get(), Err(ArchiveError::Index(r)) if r == "is missing"));

        committed(&dir);
        let lazy = LazyIndex::on_disk(dir.clone()).expect("has meta.json");
        // The same meta.json over a segment whose files are gone.
        let mut removed = 0;
        for entry in std::fs::read_dir(&dir).expect("lists").flatten() {
            if entry
                .path()
                .extension()
                .is_some_and(|e| e == "term" || e == "idx")
            {
                std::fs::remove_file(entry.path()).expect("removes");
                removed += 1;
            }
        }
        assert!(removed > 0, "the index has a segment");
        assert!(matches!(lazy.get(), Err(ArchiveError::Index(_))));
    }
}
