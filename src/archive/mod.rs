//! An archive of cables: where they come from (`source`), their metadata (`table` as
//! stored, `catalog` for sorting and filtering), the keyword index (`fulltext`, searched in
//! `lookup`), the on-disk cache (`cache`) and the built-in `demo`.
//!
//! The public surface other parts use: [`Archive::demo`], [`Archive::open`], [`Archive::len`],
//! [`Archive::meta`], [`Archive::cable`], [`Archive::find`], [`Archive::search`],
//! [`Archive::warnings`]. Keep those signatures stable.

pub mod analyzer;
pub mod build;
pub mod cache;
pub mod catalog;
pub mod citations;
pub mod copies;
mod demo;
pub mod diff;
pub mod fields;
pub mod filter;
pub mod fulltext;
pub mod guard;
mod lookup;
mod packed;
pub mod posts;
pub mod quality;
pub mod query;
mod recall;
pub mod snippet;
pub mod source;
pub mod table;

pub use build::{OpenOptions, Preview, Progress};
pub use demo::DEMO;
pub use fulltext::SearchOrder;
pub use lookup::SearchPage;

use crate::cable::{Cable, CableDate, Classification};
use fulltext::TextIndex;
use packed::Packed;
use serde::{Deserialize, Serialize};
use source::walk::Found;
use source::{Format, Locator};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use table::CableTable;
pub use table::MetaRef;

/// Errors of the archive layer, each naming the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("no cable with id {0}")]
    NotFound(String),
    #[error("bad query: {0}")]
    Query(String),
    #[error("keyword index: {0}")]
    Index(String),
    #[error(
        "the keyword index is still being built (the list, its filters and the reader work meanwhile)"
    )]
    Building,
}

/// The metadata of one cable, as listed and filtered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CableMeta {
    pub id: String,
    pub date: Option<CableDate>,
    pub classification: Classification,
    pub caveats: Vec<String>,
    pub origin: String,
    pub subject: String,
    pub tags: Vec<String>,
    /// The file it came from, with `#row` or `#line` for a row of a CSV or JSON-lines file.
    pub source: String,
}

impl CableMeta {
    /// The metadata of a parsed cable read from `source`.
    pub fn of(cable: &Cable, source: &str) -> CableMeta {
        CableMeta {
            id: cable.id.clone(),
            date: cable.date,
            classification: cable.classification,
            caveats: cable.caveats.clone(),
            origin: cable.origin.clone(),
            subject: cable.subject.clone(),
            tags: cable.tags.clone(),
            source: source.to_string(),
        }
    }
}

/// The fields lists, filters, sorts and the palette read from a cable's metadata, whether it
/// is owned ([`CableMeta`]) or borrowed from the catalog's table ([`table::MetaRef`]): the
/// TUI and the CLI read the table in place, so browsing keeps no per-cable copy in memory.
pub trait MetaView {
    /// The cable's id (`10DUSHANBE1319`).
    fn id(&self) -> &str;
    /// Its subject line.
    fn subject(&self) -> &str;
    /// The sending post (`Embassy Dushanbe`), empty when unknown.
    fn origin(&self) -> &str;
    /// Its date-time group, when one was read.
    fn date(&self) -> Option<CableDate>;
    /// Its classification.
    fn classification(&self) -> Classification;
    /// Its TAGS, in order.
    fn tags(&self) -> impl Iterator<Item = &str>;
}

impl MetaView for CableMeta {
    fn id(&self) -> &str {
        &self.id
    }
    fn subject(&self) -> &str {
        &self.subject
    }
    fn origin(&self) -> &str {
        &self.origin
    }
    fn date(&self) -> Option<CableDate> {
        self.date
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(String::as_str)
    }
}

impl<T: MetaView> MetaView for &T {
    fn id(&self) -> &str {
        (**self).id()
    }
    fn subject(&self) -> &str {
        (**self).subject()
    }
    fn origin(&self) -> &str {
        (**self).origin()
    }
    fn date(&self) -> Option<CableDate> {
        (**self).date()
    }
    fn classification(&self) -> Classification {
        (**self).classification()
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        (**self).tags()
    }
}

/// One cable's metadata read in place, with the file it came from: serializes as the
/// cable's [`CableMeta`] does, field for field.
#[derive(Debug, Clone, Copy)]
pub struct MetaRecord<'a> {
    /// The metadata.
    pub meta: MetaRef<'a>,
    /// The file as shown (the source without its `#row` suffix).
    pub file: &'a str,
}

impl Serialize for MetaRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A sequence of strings written from an iterator, without collecting it.
        struct Seq<I>(std::cell::Cell<Option<I>>);
        impl<'s, I: Iterator<Item = &'s str>> Serialize for Seq<I> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.take().into_iter().flatten())
            }
        }
        fn seq<I>(iter: I) -> Seq<I> {
            Seq(std::cell::Cell::new(Some(iter)))
        }
        /// The file and its suffix as one string.
        struct Source<'a>(&'a str, &'a str);
        impl Serialize for Source<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&format_args!("{}{}", self.0, self.1))
            }
        }
        let m = self.meta;
        let mut st = serializer.serialize_struct("CableMeta", 8)?;
        st.serialize_field("id", m.id())?;
        st.serialize_field("date", &m.date())?;
        st.serialize_field("classification", &m.classification())?;
        st.serialize_field("caveats", &seq(m.caveats()))?;
        st.serialize_field("origin", m.origin())?;
        st.serialize_field("subject", m.subject())?;
        st.serialize_field("tags", &seq(m.tags()))?;
        st.serialize_field("source", &Source(self.file, m.source_suffix()))?;
        st.end()
    }
}

/// A file that could not be read or parsed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub source: String,
    pub reason: String,
}

impl Warning {
    /// A warning about `source` (a file, a row); both texts are made safe to print (a file
    /// named with escape sequences is shown with visible escapes, never obeyed).
    pub fn new(source: impl AsRef<str>, reason: impl AsRef<str>) -> Warning {
        use crate::cable::sanitize::shown;
        Warning {
            source: shown(source.as_ref()).into_owned(),
            reason: shown(reason.as_ref()).into_owned(),
        }
    }
}

/// One keyword-search hit, addressed to a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Index of the cable in the archive.
    #[serde(skip)]
    pub cable: usize,
    pub id: String,
    /// Paragraph ordinal (`Paragraph::n`).
    pub paragraph: u32,
    pub label: Option<String>,
    pub score: f32,
    /// A one-line excerpt around the hit.
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    #[serde(skip)]
    pub snippet_hits: Vec<Range<usize>>,
}

/// One source file of an opened archive.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub format: Format,
    /// Key of its documents in the keyword index.
    pub key: u64,
    /// Index of its first cable.
    pub first: u32,
}

/// The cables of one source file (or of the demo): where they start in the archive, how
/// many there are, and the name their `source` starts with. Their metadata is in the
/// archive's table of the same index.
struct Shelf {
    first: u32,
    count: u32,
    shown: String,
}

/// An opened archive.
pub struct Archive {
    name: String,
    files: Vec<SourceFile>,
    /// One per file (in the same order), or one for the demo.
    shelves: Vec<Shelf>,
    len: usize,
    /// One table per shelf; read from the cache on first use after a warm open (a search
    /// never needs them).
    tables: OnceLock<Vec<CableTable>>,
    pending: Mutex<Option<cache::Tables>>,
    /// Every cable by date: kept with the catalog, or made from the tables on first use.
    date_order: OnceLock<Packed<u32>>,
    /// (hash of the upper-case id, index) of every cable, sorted; built on first use.
    ids: OnceLock<Vec<(u64, u32)>>,
    /// Per cable, whether it has copies in other files and is folded (`catalog::copy_flags`).
    copies: OnceLock<Vec<u8>>,
    /// Who cites whom (`citations`), built on first use.
    citations: OnceLock<citations::Citations>,
    /// Cables by post, then date (`posts`), built on first use.
    posts: OnceLock<posts::PostOrder>,
    /// Warnings of the open; `all_warnings` adds a failure to read the tables later.
    warnings: Vec<Warning>,
    all_warnings: OnceLock<Vec<Warning>>,
    problem: Mutex<Option<String>>,
    index: TextIndex,
    /// The cache's own warnings of the open (set aside, rebuilt): shown by every command.
    cache_warnings: Vec<Warning>,
    /// How to open the archive again (cached archives only), to rebuild a failing index.
    reopen: Option<(PathBuf, OpenOptions)>,
    /// The index rebuilt after the opened one failed a query; searches use it from then on.
    rebuilt: OnceLock<TextIndex>,
    /// Warnings of a rebuild during a search, not shown yet ([`Archive::take_index_news`]).
    index_news: Mutex<Vec<Warning>>,
    /// File key -> index into `shelves`.
    by_key: HashMap<u64, u32>,
    /// A preview of a build in progress: the cables read so far, no keyword index yet.
    building: bool,
    /// Opened with every file checked against the cache and none changed.
    unchanged: bool,
}

impl Archive {
    fn empty(name: &str, files: Vec<SourceFile>, warnings: Vec<Warning>) -> Archive {
        #[allow(
            clippy::expect_used,
            reason = "an in-RAM index over a fixed schema needs no input and no I/O: failing is a bug"
        )]
        let index = TextIndex::in_ram().expect("an in-RAM index can always be created");
        Archive {
            name: name.to_string(),
            files,
            shelves: Vec::new(),
            len: 0,
            tables: OnceLock::new(),
            pending: Mutex::new(None),
            date_order: OnceLock::new(),
            ids: OnceLock::new(),
            copies: OnceLock::new(),
            posts: OnceLock::new(),
            citations: OnceLock::new(),
            warnings,
            all_warnings: OnceLock::new(),
            problem: Mutex::new(None),
            index,
            cache_warnings: Vec::new(),
            reopen: None,
            rebuilt: OnceLock::new(),
            index_news: Mutex::new(Vec::new()),
            by_key: HashMap::new(),
            unchanged: false,
            building: false,
        }
    }

    /// Open a folder (walked recursively) or one file, without a cache: every file is parsed
    /// and indexed in memory. Use [`Archive::open_with`] with a cache folder for large archives.
    pub fn open(path: &Path) -> Result<Archive, ArchiveError> {
        Archive::open_with(path, &OpenOptions::default(), &mut |_| {})
    }

    /// Open an archive, using (and refreshing) the cache in `options.cache_dir` when given.
    /// `progress` is called during a (re)build.
    pub fn open_with(
        path: &Path,
        options: &OpenOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Archive, ArchiveError> {
        Archive::open_previewing(path, options, progress, None)
    }

    /// As [`Archive::open_with`]; a build that takes a while also hands `preview` the
    /// cables read so far, so they can be browsed before it ends.
    pub fn open_previewing(
        path: &Path,
        options: &OpenOptions,
        progress: &mut dyn FnMut(&Progress),
        preview: Option<Preview<'_>>,
    ) -> Result<Archive, ArchiveError> {
        if !path.exists() {
            return Err(ArchiveError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
        let Some(cache_root) = &options.cache_dir else {
            let index = TextIndex::in_ram()?;
            let sinks = build::Sinks {
                progress,
                save: &mut |_, _, _| Ok(()),
                preview,
            };
            let previous = build::Previous::default();
            return build::assemble(path, index, previous, options, sinks, Vec::new());
        };
        let dir = cache::folder(cache_root, path);
        let lock = match cache::lock(&dir) {
            Ok(lock) => lock,
            Err(e) => return Archive::open_in_memory(path, options, &dir, &e, progress, preview),
        };
        // The preview is handed to one build only: a build that fails writing the cache is
        // run again in memory without it.
        let mut preview = preview;
        match Archive::open_cached(path, options, &dir, progress, preview.take()) {
            Err(e) if is_cache_write_failure(&e, &dir) => {
                drop(lock);
                // What was written is incomplete: remove it, which also gives the space back.
                let _ = std::fs::remove_dir_all(&dir);
                Archive::open_in_memory(path, options, &dir, &e, progress, None)
            }
            opened => opened,
        }
    }

    /// A folder archive as its cache last saw it, without looking at its files: checking
    /// them (a `stat` per file, 0.6 s for 100,000 files) would delay the first screen. `None`
    /// when there is no usable cache, or `path` is a single file (one `stat`). The caller
    /// then opens it as usual, which checks every file and updates the cache, and takes that
    /// archive in this one's place ([`Archive::is_unchanged`] says whether anything moved).
    pub fn open_trusted(path: &Path, options: &OpenOptions) -> Option<Archive> {
        if !path.is_dir() {
            return None;
        }
        let dir = cache::folder(options.cache_dir.as_ref()?, path);
        let (catalog, tables) = {
            let _lock = cache::lock(&dir).ok()?;
            cache::load(&dir, &dir_root(path)).ok()??
        };
        if catalog.files.is_empty() || !dir.join("index/meta.json").exists() {
            return None;
        }
        let index = TextIndex::open_or_create(&dir.join("index")).ok()?;
        index.check().ok()?;
        let found: Vec<Found> = catalog
            .files
            .iter()
            .map(|f| Found {
                path: path.join(&f.rel),
                rel: f.rel.clone(),
                fingerprint: f.fingerprint,
            })
            .collect();
        let mut archive = Archive::from_parts(
            path,
            &found,
            catalog.files,
            build::Shelved::OnDisk(Some(tables)),
            index,
            Vec::new(),
        );
        archive.reopen = Some((path.to_path_buf(), options.clone()));
        Some(archive)
    }

    /// Whether the open checked every file against the cache and found none changed (so an
    /// archive opened with [`Archive::open_trusted`] before it was already right).
    pub fn is_unchanged(&self) -> bool {
        self.unchanged
    }

    pub(crate) fn mark_unchanged(&mut self) {
        self.unchanged = true;
    }

    /// A cache folder that cannot be written (read-only, full, not a folder) must not make
    /// the archive unopenable: index it in memory and say so.
    fn open_in_memory(
        path: &Path,
        options: &OpenOptions,
        dir: &Path,
        why: &ArchiveError,
        progress: &mut dyn FnMut(&Progress),
        preview: Option<Preview<'_>>,
    ) -> Result<Archive, ArchiveError> {
        let in_memory = OpenOptions {
            cache_dir: None,
            ..options.clone()
        };
        let mut archive = Archive::open_previewing(path, &in_memory, progress, preview)?;
        let warning = Warning::new(
            crate::cable::sanitize::shown_path(dir),
            format!(
                "the cache cannot be used ({}); the archive was indexed in memory and nothing is cached",
                cache_failure_reason(why)
            ),
        );
        archive.warnings.push(warning.clone());
        archive.cache_warnings.push(warning);
        Ok(archive)
    }

    /// Open through the cache folder `dir` (locked by the caller): load it, or build it.
    fn open_cached(
        path: &Path,
        options: &OpenOptions,
        dir: &Path,
        progress: &mut dyn FnMut(&Progress),
        preview: Option<Preview<'_>>,
    ) -> Result<Archive, ArchiveError> {
        let dir = dir.to_path_buf();
        let root = dir_root(path);
        let mut warnings = Vec::new();
        let previous = match cache::load(&dir, &root) {
            Ok(Some((catalog, tables))) => build::Previous {
                files: catalog.files,
                tables: Some(tables),
            },
            Ok(None) => {
                // No catalog: whatever index is there cannot be trusted.
                let _ = std::fs::remove_dir_all(dir.join("index"));
                build::Previous::default()
            }
            Err(reason) => {
                warnings.push(cache::set_aside(&dir, &reason));
                build::Previous::default()
            }
        };
        let opened = if previous.files.is_empty() || dir.join("index/meta.json").exists() {
            TextIndex::open_or_create(&dir.join("index")).and_then(|index| {
                index.check()?;
                Ok(index)
            })
        } else {
            // A catalog without its index would give a silently empty search.
            Err(ArchiveError::Index("is missing".into()))
        };
        let (index, previous) = match opened {
            Ok(index) => (index, previous),
            Err(e) => {
                let reason = match e {
                    ArchiveError::Index(reason) => reason,
                    other => other.to_string(),
                };
                warnings.push(cache::set_aside(
                    &dir,
                    &format!("keyword index is unusable ({reason})"),
                ));
                let index = TextIndex::open_or_create(&dir.join("index"))?;
                (index, build::Previous::default())
            }
        };
        let cache_warnings = warnings.clone();
        let sinks = build::Sinks {
            progress,
            save: &mut |files, tables, order| cache::save(&dir, &root, files, tables, order),
            preview,
        };
        let mut archive = build::assemble(path, index, previous, options, sinks, warnings)?;
        archive.cache_warnings = cache_warnings;
        archive.reopen = Some((path.to_path_buf(), options.clone()));
        Ok(archive)
    }

    /// The index searches use: the one rebuilt after a failure, else the one opened.
    pub(crate) fn text_index(&self) -> &TextIndex {
        self.rebuilt.get().unwrap_or(&self.index)
    }

    /// Run `query` on the keyword index. A failure of a cached index (an error, or a panic
    /// inside tantivy, caught here) sets the cache aside, rebuilds it, and runs the query
    /// again on the new index; [`Archive::take_index_news`] then says so.
    pub(crate) fn with_index<R>(
        &self,
        query: impl Fn(&TextIndex) -> Result<R, ArchiveError>,
    ) -> Result<R, ArchiveError> {
        let run = |index: &TextIndex| {
            guard::catch(|| query(index)).unwrap_or_else(|panic| {
                Err(ArchiveError::Index(format!(
                    "it failed inside tantivy: {panic}"
                )))
            })
        };
        let reason = match run(self.text_index()) {
            Err(ArchiveError::Index(reason)) if self.rebuilt.get().is_none() => reason,
            other => return other,
        };
        let Some((path, options)) = &self.reopen else {
            return Err(ArchiveError::Index(reason));
        };
        run(self.rebuild_index(path, options, &reason)?)
    }

    /// Set the cache aside and build it again (once per archive), keeping the new index.
    fn rebuild_index(
        &self,
        path: &Path,
        options: &OpenOptions,
        reason: &str,
    ) -> Result<&TextIndex, ArchiveError> {
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _one = ONE_AT_A_TIME.lock();
        if let Some(index) = self.rebuilt.get() {
            return Ok(index);
        }
        let Some(root) = &options.cache_dir else {
            return Err(ArchiveError::Index(reason.to_string()));
        };
        let dir = cache::folder(root, path);
        let warning = {
            let _lock = cache::lock(&dir)?;
            cache::set_aside(&dir, &format!("keyword index is unusable ({reason})"))
        };
        let fresh = Archive::open_with(path, options, &mut |_| {})?;
        if let Ok(mut news) = self.index_news.lock() {
            news.push(warning);
        }
        Ok(self.rebuilt.get_or_init(|| fresh.index))
    }

    /// Whether the archive was opened through its cache folder (false for the demo, an
    /// archive opened without a cache, and one indexed in memory because its cache folder
    /// could not be written).
    pub fn is_cached(&self) -> bool {
        self.reopen.is_some()
    }

    /// Warnings about the cache from the open (a cache set aside and rebuilt): every command
    /// shows them.
    pub fn cache_warnings(&self) -> &[Warning] {
        &self.cache_warnings
    }

    /// Warnings of a keyword index rebuilt during a search since the last call (each is
    /// given once).
    pub fn take_index_news(&self) -> Vec<Warning> {
        self.index_news
            .lock()
            .map(|mut news| std::mem::take(&mut *news))
            .unwrap_or_default()
    }

    fn from_parts(
        root: &Path,
        found: &[Found],
        files: Vec<cache::CachedFile>,
        tables: build::Shelved,
        index: TextIndex,
        warnings: Vec<Warning>,
    ) -> Archive {
        let mut archive = Archive::empty(&root.display().to_string(), Vec::new(), warnings);
        archive.index = index;
        for (n, (f, entry)) in found.iter().zip(files).enumerate() {
            let shown = crate::cable::sanitize::shown_path(&f.path);
            for (suffix, reason) in &entry.warnings {
                archive
                    .warnings
                    .push(Warning::new(format!("{shown}{suffix}"), reason));
            }
            let first = archive.len as u32;
            archive.len += entry.cables as usize;
            archive.files.push(SourceFile {
                path: f.path.clone(),
                format: entry.format.unwrap_or(Format::Text),
                key: entry.key,
                first,
            });
            archive.by_key.insert(entry.key, n as u32);
            archive.shelves.push(Shelf {
                first,
                count: entry.cables,
                shown,
            });
        }
        match tables {
            build::Shelved::Ready(tables) => archive.tables = OnceLock::from(tables),
            build::Shelved::OnDisk(tables) => archive.pending = Mutex::new(tables),
        }
        archive
    }

    /// The metadata tables, one per shelf (read from the cache on the first call).
    fn tables(&self) -> &[CableTable] {
        self.tables.get_or_init(|| {
            let pending = self.pending.lock().ok().and_then(|mut p| p.take());
            match pending.map(cache::Tables::read) {
                Some(Ok((tables, order))) => {
                    // Checked on reading: every cable once.
                    let _ = self.date_order.set(order);
                    tables
                }
                Some(Err(reason)) => {
                    if let Ok(mut problem) = self.problem.lock() {
                        *problem = Some(reason);
                    }
                    Vec::new()
                }
                None => Vec::new(),
            }
        })
    }

    /// Every cable's index by date (then id, then index): the list's first order.
    pub(crate) fn date_order(&self) -> &Packed<u32> {
        // Reading the tables from the cache sets the order kept with them.
        self.tables();
        self.date_order.get_or_init(|| {
            // Every cable, even when the tables could not be read (then in source order).
            catalog::date_order(self.rows(), |i| self.id(i as usize)).into()
        })
    }

    /// The table of shelf `n` (empty when the tables could not be read).
    fn table(&self, n: usize) -> &CableTable {
        static EMPTY: CableTable = CableTable::EMPTY;
        self.tables().get(n).unwrap_or(&EMPTY)
    }

    /// The shelf holding cable `i`, and the cable's row in it.
    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let n = self
            .shelves
            .partition_point(|s| s.first as usize <= i)
            .checked_sub(1)?;
        let shelf = self.shelves.get(n)?;
        let row = i - shelf.first as usize;
        (row < shelf.count as usize).then_some((n, row))
    }

    /// A name for the archive (its path, or `demo`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where a warning's file is, relative to the archive (`2010/01/x.html`, not the
    /// absolute path): the source itself when it is not inside the archive's folder.
    pub fn shown_source<'a>(&self, warning: &'a Warning) -> &'a str {
        let root = self.shown_name();
        let root = root.trim_end_matches('/');
        match warning.source.strip_prefix(root) {
            Some(rest) if rest.starts_with('/') && rest.len() > 1 => &rest[1..],
            _ => &warning.source,
        }
    }

    /// The archive's name as it may be printed (a path's unsafe characters as escapes).
    pub fn shown_name(&self) -> std::borrow::Cow<'_, str> {
        crate::cable::sanitize::shown(&self.name)
    }

    /// True for a preview of a build in progress: the cables read so far, without keyword
    /// search (it answers [`ArchiveError::Building`]).
    pub fn is_building(&self) -> bool {
        self.building
    }

    /// Number of cables.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the archive holds no cable.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Cable `i`'s metadata read in place from the catalog (nothing copied); `None` when
    /// `i >= len()`. What lists, filters, sorts and the palette use.
    pub fn meta_ref(&self, i: usize) -> Option<MetaRef<'_>> {
        let (n, row) = self.locate(i)?;
        Some(self.table(n).meta_ref(row))
    }

    /// A copy of cable `i`'s metadata (0-based, in source order), with its source; empty
    /// metadata when `i >= len()`.
    pub fn meta(&self, i: usize) -> CableMeta {
        self.meta_at(i)
            .unwrap_or_else(|| CableTable::EMPTY.meta(0, ""))
    }

    /// Cable `i`'s metadata read in place with its source, serialized exactly as its
    /// [`CableMeta`] would be (`cables list --json` writes 251,287 of them without copying
    /// a string); `None` when `i >= len()`.
    pub fn meta_record(&self, i: usize) -> Option<MetaRecord<'_>> {
        let (n, row) = self.locate(i)?;
        Some(MetaRecord {
            meta: self.table(n).meta_ref(row),
            file: self.shelves.get(n).map_or("", |s| s.shown.as_str()),
        })
    }

    /// Where cable `i` was read (the file, with `#row12` for a CSV row); "" when out of range.
    pub fn source_of(&self, i: usize) -> String {
        self.meta_record(i)
            .map(|r| format!("{}{}", r.file, r.meta.source_suffix()))
            .unwrap_or_default()
    }

    /// A copy of cable `i`'s metadata, with its source; `None` when `i >= len()`.
    pub fn meta_at(&self, i: usize) -> Option<CableMeta> {
        let (n, row) = self.locate(i)?;
        let shown = self.shelves.get(n).map_or("", |s| s.shown.as_str());
        Some(self.table(n).meta(row, shown))
    }

    /// Every cable as (index, its table, its row in the table), in source order.
    fn rows(&self) -> impl Iterator<Item = (u32, &CableTable, usize)> {
        self.shelves.iter().enumerate().flat_map(move |(n, shelf)| {
            let table = self.table(n);
            (0..shelf.count as usize).map(move |row| (shelf.first + row as u32, table, row))
        })
    }

    /// Every cable's metadata read in place, in source order.
    pub fn meta_refs(&self) -> impl Iterator<Item = MetaRef<'_>> {
        self.rows().map(|(_, table, row)| table.meta_ref(row))
    }

    /// A copy of every cable's metadata, in source order, built anew on each call (for
    /// tools and tests: 251,287 cables take about 250 MB this way; the TUI and the CLI read
    /// [`Archive::meta_ref`] instead). `len()` rows even when the tables could not be read.
    pub fn metas(&self) -> Vec<CableMeta> {
        use rayon::prelude::*;
        self.tables();
        let mut metas = Vec::with_capacity(self.len);
        metas.par_extend((0..self.len).into_par_iter().map(|i| self.meta(i)));
        metas
    }

    /// The id of cable `i` ("" when out of range), without building every cable's metadata.
    pub fn id(&self, i: usize) -> &str {
        self.locate(i).map_or("", |(n, row)| self.table(n).id(row))
    }

    /// What kind of copy cable `i` is (partial, redacted, its release).
    pub fn traits(&self, i: usize) -> table::Traits {
        self.locate(i)
            .map_or_else(Default::default, |(n, row)| self.table(n).traits(row))
    }

    /// The ids cable `i` cites (its REF block, as the parser read it).
    pub fn refs(&self, i: usize) -> Vec<&str> {
        self.locate(i)
            .map_or_else(Vec::new, |(n, row)| self.table(n).refs(row).collect())
    }

    /// The source files (empty for the demo).
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Number of paragraphs in the keyword index.
    pub fn indexed_paragraphs(&self) -> u64 {
        self.text_index().paragraphs()
    }

    /// The full parsed cable `i`, read again from its source.
    pub fn cable(&self, i: usize) -> Result<Cable, ArchiveError> {
        let (n, loc) = self.locator(i)?;
        let cable = self.parse_at(n, loc)?;
        if !matches!(loc, Locator::Demo(_)) {
            self.check_unchanged(i, &cable.id)?;
        }
        Ok(cable)
    }

    /// The cable at `loc` in the file of shelf `n`, read again and parsed as it was indexed
    /// (unchecked: [`Archive::cable`] checks the id against the catalog, a search hit its
    /// paragraph against the index).
    fn parse_at(&self, n: usize, loc: Locator) -> Result<Cable, ArchiveError> {
        Ok(match self.read_at(n, loc)? {
            (_, Some((name, text))) => demo::parse_demo(name, text),
            (raw, None) => build::parse_raw(&raw),
        })
    }

    /// A file changed under an open archive (rewritten, truncated, edited) holds other text
    /// where the catalog located cable `i`: say so rather than show another cable's text
    /// under this one's id.
    fn check_unchanged(&self, i: usize, found: &str) -> Result<(), ArchiveError> {
        let Some(meta) = self.meta_at(i) else {
            return Ok(());
        };
        if meta.id == found {
            return Ok(());
        }
        let path = self
            .locate(i)
            .and_then(|(n, _)| self.files.get(n))
            .map(|f| f.path.clone())
            .unwrap_or_default();
        Err(ArchiveError::Invalid {
            path,
            reason: format!(
                "changed since it was indexed: {} is no longer where the index has it ({}); open the archive again to index the file anew",
                crate::cable::ids::shown(&meta.id),
                if found.is_empty() {
                    "no cable there now".to_string()
                } else {
                    format!("{} is there now", crate::cable::ids::shown(found))
                }
            ),
        })
    }

    /// The text of cable `i` exactly as the parser got it from its source (a site page's
    /// `<pre>` text, a CSV row's text field...), sanitized: what `cables show ID --raw` prints
    /// and the reader's `o` shows, for checking the parser against the original.
    pub fn source_text(&self, i: usize) -> Result<String, ArchiveError> {
        self.read_source(i).map(|(raw, demo)| {
            let text = demo.map_or(raw.text.as_str(), |(_, t)| t);
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            crate::cable::sanitize::sanitize(text).into_owned()
        })
    }

    /// Cable `i` as its source holds it: the raw record, or the demo's name and text.
    fn read_source(&self, i: usize) -> Result<(source::RawCable, Option<DemoText>), ArchiveError> {
        let (n, loc) = self.locator(i)?;
        self.read_at(n, loc)
    }

    /// The shelf of cable `i` and where the cable is in its file (from the catalog's tables).
    fn locator(&self, i: usize) -> Result<(usize, Locator), ArchiveError> {
        let (n, row) = self
            .locate(i)
            .ok_or_else(|| ArchiveError::NotFound(format!("cable #{i}")))?;
        let loc = self
            .table(n)
            .loc(row)
            .ok_or_else(|| ArchiveError::NotFound(format!("cable #{i}")))?;
        Ok((n, loc))
    }

    /// The cable at `loc` in the file of shelf `n` as its source holds it: the raw record,
    /// or the demo's name and text.
    fn read_at(
        &self,
        n: usize,
        loc: Locator,
    ) -> Result<(source::RawCable, Option<DemoText>), ArchiveError> {
        if let Locator::Demo(n) = loc {
            let (name, text) = DEMO
                .get(n as usize)
                .ok_or_else(|| ArchiveError::NotFound(format!("demo cable #{n}")))?;
            return Ok((source::RawCable::default(), Some((*name, *text))));
        }
        let source = self
            .files
            .get(n)
            .ok_or_else(|| ArchiveError::NotFound(format!("file #{n}")))?;
        let raw = source::read(&source.path, source.format, loc).map_err(|reason| {
            ArchiveError::Invalid {
                path: source.path.clone(),
                reason,
            }
        })?;
        Ok((raw, None))
    }

    /// Files that could not be read or parsed.
    /// Reading the catalog's tables (left on disk by a warm open) can fail later: that
    /// failure is a warning too.
    pub fn warnings(&self) -> &[Warning] {
        self.all_warnings.get_or_init(|| {
            self.tables();
            let mut all = self.warnings.clone();
            if let Some(reason) = self.problem.lock().ok().and_then(|p| p.clone()) {
                all.push(Warning::new(
                    format!("the cache of {}", self.name),
                    format!(
                        "its catalog {reason}; it was set aside and will be rebuilt on the next open"
                    ),
                ));
            }
            all
        })
    }
}

/// FNV-1a (64 bit, the `fnv` crate) of `bytes`: the one hash of what is stored (file keys in
/// the keyword index) or must not change between Rust releases (std's `DefaultHasher` may).
pub(crate) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    for b in bytes {
        std::hash::Hasher::write_u8(&mut hasher, b);
    }
    std::hash::Hasher::finish(&hasher)
}

/// The root string a cache belongs to.
fn dir_root(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Whether `e` is a failure to write the cache folder `dir` (full, over quota, read-only, not
/// permitted), after which the archive is indexed in memory instead. Tantivy reports its
/// own writes as text, so those are told by the operating system's error number in it
/// (ENOSPC 28, EDQUOT 122, EROFS 30, EACCES 13 on Linux).
fn is_cache_write_failure(e: &ArchiveError, dir: &Path) -> bool {
    match e {
        ArchiveError::Io { path, .. } => path.starts_with(dir),
        ArchiveError::Index(reason) => [
            "(os error 28)",
            "(os error 122)",
            "(os error 30)",
            "(os error 13)",
        ]
        .iter()
        .any(|code| reason.contains(code)),
        _ => false,
    }
}

/// `e`, said once: the cache folder is named by the warning, so a path inside it is dropped.
fn cache_failure_reason(e: &ArchiveError) -> String {
    let text = match e {
        ArchiveError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    let full = ["(os error 28)", "(os error 122)"]
        .iter()
        .any(|code| text.contains(code));
    if full {
        "the disk is full".to_string()
    } else if let Some(at) = text.find(" at path ") {
        text[..at].trim_end_matches(['\'', '"']).to_string()
    } else {
        text
    }
}

/// A demo cable: its name and its text.
type DemoText = (&'static str, &'static str);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_read_in_place_serializes_as_its_metadata() {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
        for archive in [Archive::demo(), Archive::open(&from).expect("opens")] {
            assert!(archive.len() > 3);
            for i in 0..archive.len() {
                let record = archive.meta_record(i).expect("in range");
                let meta = archive.meta(i);
                assert_eq!(
                    serde_json::to_string(&record).ok(),
                    serde_json::to_string(&meta).ok()
                );
                assert_eq!(archive.source_of(i), meta.source);
            }
            assert!(archive.meta_record(archive.len()).is_none());
        }
    }

    fn cached() -> (tempfile::TempDir, Archive) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
        let options = OpenOptions {
            cache_dir: Some(tmp.path().join("cache")),
            threads: 1,
        };
        let archive =
            Archive::open_with(&from.join("cable.json"), &options, &mut |_| {}).expect("opens");
        (tmp, archive)
    }

    #[test]
    fn a_panic_inside_a_query_sets_the_cache_aside_and_the_query_runs_on_a_rebuilt_index() {
        let (_tmp, archive) = cached();
        let damaged: *const TextIndex = archive.text_index();
        let paragraphs = archive
            .with_index(|index| {
                if std::ptr::eq(index, damaged) {
                    panic!("range end index 4096 out of range for slice of length 12");
                }
                Ok(index.paragraphs())
            })
            .expect("answers from the rebuilt index");
        assert!(paragraphs > 0);
        assert_eq!(archive.indexed_paragraphs(), paragraphs);
        let news = archive.take_index_news();
        assert_eq!(news.len(), 1, "{news:?}");
        assert!(news[0].reason.contains("range end index 4096"), "{news:?}");
        assert!(news[0].reason.contains("set aside and rebuilt"), "{news:?}");
    }

    #[test]
    fn an_index_error_on_the_rebuilt_index_is_returned_not_retried_forever() {
        let (_tmp, archive) = cached();
        let failed: Result<(), ArchiveError> =
            archive.with_index(|_| Err(ArchiveError::Index("always".into())));
        assert!(matches!(failed, Err(ArchiveError::Index(_))));
        assert_eq!(archive.take_index_news().len(), 1);
    }

    #[test]
    fn a_full_or_read_only_cache_folder_is_a_write_failure_and_said_once() {
        let dir = Path::new("/cache/cables/demo-1");
        let full = ArchiveError::Io {
            path: dir.join("catalog.bin"),
            source: std::io::Error::from_raw_os_error(28),
        };
        assert!(is_cache_write_failure(&full, dir));
        assert_eq!(cache_failure_reason(&full), "the disk is full");
        // Tantivy's own writes, reported as text.
        let index = ArchiveError::Index(format!(
            "An IO error occurred: '{} at path \"{}\"'",
            std::io::Error::from_raw_os_error(30),
            dir.join("index/.tmp1").display()
        ));
        assert!(is_cache_write_failure(&index, dir));
        let reason = cache_failure_reason(&index);
        assert!(
            reason.contains("os error 30") && !reason.contains("index/.tmp1"),
            "{reason}"
        );
        // Failures of the archive itself are not the cache's.
        let archive = ArchiveError::Io {
            path: PathBuf::from("/data/cables.csv"),
            source: std::io::Error::from_raw_os_error(28),
        };
        assert!(!is_cache_write_failure(&archive, dir));
        assert!(!is_cache_write_failure(
            &ArchiveError::Index("bad segment".into()),
            dir
        ));
    }
}
