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
mod lazy_index;
mod lookup;
mod packed;
pub mod posts;
pub mod quality;
pub mod query;
mod recall;
pub mod snippet;
pub mod source;
pub mod table;
#[cfg(test)]
pub(crate) mod test_cables;

pub use build::{OpenOptions, Preview, Progress};
pub use demo::DEMO;
pub use fulltext::SearchOrder;
pub use lookup::{FIRST_HIT, SearchPage};

use crate::cable::{Cable, CableDate, Classification};
use fulltext::TextIndex;
use lazy_index::LazyIndex;
use packed::Packed;
use serde::{Deserialize, Serialize};
use source::{Format, Locator};
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
    /// The cache (at the path given) was updated after this archive was opened (by the
    /// update behind the TUI, or another process): its index no longer matches the catalog
    /// read then.
    #[error(
        "the cache {0} was updated after this archive was opened (its files changed): search again in a moment, or open the archive again"
    )]
    Moved(String),
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

/// One keyword-search hit: a cable, landing on the paragraph that holds the most of the
/// query's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Index of the cable in the archive.
    #[serde(skip)]
    pub cable: usize,
    pub id: String,
    /// Paragraph ordinal (`Paragraph::n`; 0: the subject, or a cable that could not be read).
    pub paragraph: u32,
    pub label: Option<String>,
    pub score: f32,
    /// A one-line excerpt around the hit.
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    #[serde(skip)]
    pub snippet_hits: Vec<Range<usize>>,
}

impl Hit {
    /// Whether the hit's cable was read again as it was indexed (else its snippet says it
    /// could not be, and its paragraph is not known).
    pub fn was_read(&self) -> bool {
        self.snippet != recall::CHANGED
    }
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
    /// Its size and modification time when it was indexed.
    pub fingerprint: source::walk::Fingerprint,
}

/// An opened archive.
pub struct Archive {
    name: String,
    /// The source files as the catalog lists them, column by column (empty for the demo),
    /// and where their relative paths start (the folder; a single file's own folder).
    list: cache::FileList,
    base: PathBuf,
    /// The cables come in shelves, one per file (or one for the demo): the first cable of
    /// each. A shelf's cables are the rows of the table at the same indices.
    firsts: Vec<u32>,
    /// Each shelf's name for its cables' `source`, made when first needed.
    shown: OnceLock<Vec<OnceLock<String>>>,
    /// The source files as [`SourceFile`]s, made when first asked for.
    files: OnceLock<Vec<SourceFile>>,
    len: usize,
    /// Every cable's metadata, row `i` for cable `i`: one table for all the files (a folder
    /// of 251,287 files decodes as one table, not 251,287). Read from the cache on first use
    /// after a warm open (a search never needs it).
    tables: OnceLock<CableTable>,
    pending: Mutex<Option<cache::Tables>>,
    /// Read the tables without their check ([`Archive::defer_table_check`]).
    defer_check: std::sync::atomic::AtomicBool,
    /// A table read without its check, until [`Archive::check_tables`] checks it.
    unchecked: Mutex<Option<cache::Unchecked>>,
    /// Every cable by date: kept with the catalog, or made from the tables on first use.
    date_order: OnceLock<Packed<u32>>,
    /// (hash of the upper-case id, index) of every cable, sorted; built on first use.
    ids: OnceLock<Vec<(u64, u32)>>,
    /// Per cable, whether it has copies in other files and is folded (`catalog::copy_flags`).
    copies: OnceLock<Vec<u8>>,
    /// The number of folded copies as the catalog counted it when saved (a warm open of an
    /// unchanged archive): searches need no copy flags when it is 0.
    saved_folded: Option<usize>,
    /// Who cites whom (`citations`), built on first use.
    citations: OnceLock<citations::Citations>,
    /// The post file last turned through (`posts`).
    posts: Mutex<Option<std::sync::Arc<posts::PostFile>>>,
    /// Warnings of the open; `all_warnings` adds a failure to read the tables later.
    warnings: Vec<Warning>,
    all_warnings: OnceLock<Vec<Warning>>,
    problem: Mutex<Option<String>>,
    index: LazyIndex,
    /// The cache's own warnings of the open (set aside, rebuilt): shown by every command.
    cache_warnings: Vec<Warning>,
    /// How to open the archive again (cached archives only), to rebuild a failing index.
    reopen: Option<(PathBuf, OpenOptions)>,
    /// The index rebuilt after the opened one failed a query; searches use it from then on.
    rebuilt: OnceLock<TextIndex>,
    /// Warnings of a rebuild during a search, not shown yet ([`Archive::take_index_news`]).
    index_news: Mutex<Vec<Warning>>,
    /// File key -> shelf, made on first use (a search's hits are keyed so).
    by_key: OnceLock<rustc_hash::FxHashMap<u64, u32>>,
    /// A preview of a build in progress: the cables read so far, no keyword index yet.
    building: bool,
    /// Opened with every file checked against the cache and none changed.
    unchanged: bool,
}

impl Archive {
    /// An archive of no cable, searching `index`.
    fn empty(name: &str, warnings: Vec<Warning>, index: LazyIndex) -> Archive {
        Archive {
            name: name.to_string(),
            list: cache::FileList::default(),
            base: PathBuf::new(),
            firsts: Vec::new(),
            shown: OnceLock::new(),
            files: OnceLock::new(),
            len: 0,
            tables: OnceLock::new(),
            pending: Mutex::new(None),
            defer_check: std::sync::atomic::AtomicBool::new(false),
            unchecked: Mutex::new(None),
            date_order: OnceLock::new(),
            ids: OnceLock::new(),
            copies: OnceLock::new(),
            saved_folded: None,
            posts: Mutex::new(None),
            citations: OnceLock::new(),
            warnings,
            all_warnings: OnceLock::new(),
            problem: Mutex::new(None),
            index,
            cache_warnings: Vec::new(),
            reopen: None,
            rebuilt: OnceLock::new(),
            index_news: Mutex::new(Vec::new()),
            by_key: OnceLock::new(),
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
                save: &mut |_| Ok(()),
                preview,
            };
            let previous = build::Previous::default();
            return build::assemble(path, index, previous, options, sinks, Vec::new(), None);
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
        let (dir, catalog, tables) = {
            let (dir, _lock) = Archive::trusted_cache(path, options)?;
            let (catalog, tables) = cache::load(&dir, &dir_root(path)).ok()??;
            (dir, catalog, tables)
        };
        let index = Archive::trusted_index(&dir, &catalog)?;
        let (files, tables) = (catalog.files, Some(tables));
        let archive = Archive::as_cached(path, options, files, tables, index, Vec::new());
        Some(archive)
    }

    /// A folder archive brought up to date by looking at its folders, not its files: a
    /// `stat` per folder (a few hundred for 251,287 files) finds the folders files were added
    /// to or removed from since the cache was made; only their files are looked at, and
    /// what changed is indexed. Every other file is taken as the cache has it: one edited in
    /// place (its folder unchanged) is not seen ([`Archive::changed_files`] checks the files
    /// a command shows; [`Archive::open_with`] checks them all). `None` when there is no
    /// usable cache or `path` is not a folder (open it as usual then); the flag is true when
    /// something changed.
    pub fn open_quick(
        path: &Path,
        options: &OpenOptions,
    ) -> Option<Result<(Archive, bool), ArchiveError>> {
        let (dir, _lock) = Archive::trusted_cache(path, options)?;
        let root = dir_root(path);
        let (catalog, tables) = cache::load(&dir, &root).ok()??;
        if catalog.dirs.is_empty() {
            return None;
        }
        let index = Archive::trusted_index(&dir, &catalog)?;
        let mut warnings = Vec::new();
        let rewalked = {
            let list = &catalog.files;
            let known: Vec<(&str, source::walk::Fingerprint)> = (0..list.len())
                .map(|n| (list.rel(n), list.fingerprint(n)))
                .collect();
            let mut warn = |source: String, reason: String| {
                warnings.push(Warning::new(source, reason));
            };
            source::walk::rewalk(path, &known, &catalog.dirs, catalog.walked_ns, &mut warn)
        };
        let walked = match rewalked {
            source::walk::Rewalk::Unchanged => {
                let (files, tables) = (catalog.files, Some(tables));
                let archive = Archive::as_cached(path, options, files, tables, index, Vec::new());
                return Some(Ok((archive, false)));
            }
            source::walk::Rewalk::Changed(walked) => walked,
        };
        let index = index.into_open().ok()?;
        let previous = build::Previous {
            files: catalog.files,
            tables: Some(tables),
        };
        let sinks = build::Sinks {
            progress: &mut |_| {},
            save: &mut |saved| cache::save(&dir, &root, saved),
            preview: None,
        };
        let built = build::assemble(
            path,
            index,
            previous,
            options,
            sinks,
            warnings,
            Some(walked),
        );
        Some(built.map(|mut archive| {
            archive.reopen = Some((path.to_path_buf(), options.clone()));
            (archive, true)
        }))
    }

    /// The cache folder of the folder archive `path`, locked, when it has one.
    fn trusted_cache(path: &Path, options: &OpenOptions) -> Option<(PathBuf, std::fs::File)> {
        if !path.is_dir() {
            return None;
        }
        let dir = cache::folder(options.cache_dir.as_ref()?, path);
        let lock = cache::lock(&dir).ok()?;
        Some((dir, lock))
    }

    /// The keyword index of a cache whose catalog is `catalog`, opened on first use (opening
    /// it here was half of a 2.7M first screen). When the update behind the TUI
    /// ([`Archive::open_quick`]) commits to it first, a search on this archive before the
    /// updated one replaces it says so ([`ArchiveError::Moved`]) rather than read it.
    fn trusted_index(dir: &Path, catalog: &cache::Catalog) -> Option<LazyIndex> {
        if catalog.files.is_empty() {
            return None;
        }
        LazyIndex::on_disk(dir.join("index"))
    }

    /// The archive at `path` as its cache has it: its `files` and their `tables` (no file
    /// looked at here).
    fn as_cached(
        path: &Path,
        options: &OpenOptions,
        files: cache::FileList,
        tables: Option<cache::Tables>,
        index: LazyIndex,
        warnings: Vec<Warning>,
    ) -> Archive {
        let tables = build::Shelved::OnDisk(tables);
        let mut archive = Archive::from_parts(path, files, tables, index, warnings);
        archive.reopen = Some((path.to_path_buf(), options.clone()));
        archive
    }

    /// The files of `cables` (archive indices) that changed since they were indexed (size or
    /// modification time differs, or gone), each once: a command that trusted the cache
    /// ([`Archive::open_quick`]) checks what it is about to show.
    pub fn changed_files(&self, cables: impl IntoIterator<Item = usize>) -> Vec<PathBuf> {
        let mut files: Vec<usize> = cables
            .into_iter()
            .filter_map(|i| self.locate(i).map(|(n, _)| n))
            .collect();
        files.sort_unstable();
        files.dedup();
        files
            .into_iter()
            .filter_map(|n| Some((self.file_path(n)?, self.list.fingerprint(n))))
            .filter(|(path, known)| source::walk::fingerprint_of(path) != Some(*known))
            .map(|(path, _)| path)
            .collect()
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
        let mut walk_warnings = Vec::new();
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
        let walked = source::walk::walk_all(path, &mut |source, reason| {
            walk_warnings.push(Warning::new(source, reason))
        });
        // Nothing changed since the cache was saved: its index is opened on first use.
        if previous.tables.is_some()
            && build::unchanged(&previous.files, &walked.files)
            && let Some(index) = LazyIndex::on_disk(dir.join("index"))
        {
            let (files, tables) = (previous.files, previous.tables);
            let mut archive =
                Archive::as_cached(path, options, files, tables, index, walk_warnings);
            archive.mark_unchanged();
            archive.cache_warnings = warnings;
            return Ok(archive);
        }
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
        warnings.append(&mut walk_warnings);
        let sinks = build::Sinks {
            progress,
            save: &mut |saved| cache::save(&dir, &root, saved),
            preview,
        };
        let walked = Some(walked);
        let mut archive = build::assemble(path, index, previous, options, sinks, warnings, walked)?;
        archive.cache_warnings = cache_warnings;
        archive.reopen = Some((path.to_path_buf(), options.clone()));
        Ok(archive)
    }

    /// The index searches use: the one rebuilt after a failure, else the one opened (opened
    /// and checked now if the open left it shut).
    pub(crate) fn text_index(&self) -> Result<&TextIndex, ArchiveError> {
        match self.rebuilt.get() {
            Some(index) => Ok(index),
            None => self.index.get(),
        }
    }

    /// Whether the keyword index was opened (or tried): a warm open of an unchanged archive
    /// leaves it shut until a search, [`Archive::prepare_index`] or `cables index` needs it.
    pub fn index_opened(&self) -> bool {
        self.rebuilt.get().is_some() || !self.index.is_deferred()
    }

    /// Open the keyword index now if the open left it shut, so a first search does not wait
    /// for it (the TUI calls this behind its first frame); a broken one is rebuilt as a
    /// failing search would rebuild it.
    pub fn prepare_index(&self) -> Result<(), ArchiveError> {
        self.with_index(|_| Ok(()))
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
        let reason = match self.text_index().and_then(run) {
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
        let index = fresh.index.into_open()?;
        Ok(self.rebuilt.get_or_init(|| index))
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

    /// An archive of the files of `list` (under `root`) whose cables are the rows of `table`,
    /// one file's after another.
    fn from_parts(
        root: &Path,
        list: cache::FileList,
        table: build::Shelved,
        index: LazyIndex,
        warnings: Vec<Warning>,
    ) -> Archive {
        let mut archive = Archive::empty(&root.display().to_string(), warnings, index);
        // A single file's relative path is its name.
        archive.base = match root.is_file() {
            true => root.parent().map(Path::to_path_buf).unwrap_or_default(),
            false => root.to_path_buf(),
        };
        for (n, suffix, reason) in list.warnings() {
            let path = archive.base.join(list.rel(n));
            let shown = crate::cable::sanitize::shown_path(&path);
            (archive.warnings).push(Warning::new(format!("{shown}{suffix}"), reason));
        }
        archive.firsts = Vec::with_capacity(list.len());
        for n in 0..list.len() {
            archive.firsts.push(archive.len as u32);
            archive.len += list.cables(n) as usize;
        }
        archive.list = list;
        match table {
            build::Shelved::Ready(table) => archive.tables = OnceLock::from(*table),
            build::Shelved::OnDisk(table) => {
                archive.saved_folded = table.as_ref().map(|t| t.folded_copies);
                archive.pending = Mutex::new(table);
            }
        }
        archive
    }

    /// The path of file `n` (none for the demo).
    fn file_path(&self, n: usize) -> Option<PathBuf> {
        (n < self.list.len()).then(|| self.base.join(self.list.rel(n)))
    }

    /// The format of file `n` (none for the demo).
    fn file_format(&self, n: usize) -> Option<Format> {
        (n < self.list.len()).then(|| self.list.format(n).unwrap_or(Format::Text))
    }

    /// The shelf of the file whose documents have key `key`.
    fn shelf_of_key(&self, key: u64) -> Option<usize> {
        let map = self.by_key.get_or_init(|| {
            (0..self.list.len())
                .map(|n| (self.list.key(n), n as u32))
                .collect()
        });
        map.get(&key).map(|&n| n as usize)
    }

    /// The cables of shelf `n`: its first, and one past its last.
    fn shelf(&self, n: usize) -> Option<std::ops::Range<usize>> {
        let first = *self.firsts.get(n)? as usize;
        let end = self.firsts.get(n + 1).map_or(self.len, |&e| e as usize);
        Some(first..end)
    }

    /// The metadata table (read from the cache on the first call; empty when it cannot be).
    fn table(&self) -> &CableTable {
        self.tables.get_or_init(|| {
            let pending = self.pending.lock().ok().and_then(|mut p| p.take());
            let defer = self.defer_check.load(std::sync::atomic::Ordering::Relaxed);
            let read = |tables: cache::Tables| match defer {
                false => tables.read(),
                true => tables.read_unchecked().map(|(table, order, unchecked)| {
                    if let Ok(mut later) = self.unchecked.lock() {
                        *later = Some(unchecked);
                    }
                    (table, order)
                }),
            };
            match pending.map(read) {
                Some(Ok((table, order))) => {
                    // Checked on reading: every cable once.
                    let _ = self.date_order.set(order);
                    table
                }
                Some(Err(reason)) => {
                    if let Ok(mut problem) = self.problem.lock() {
                        *problem = Some(reason);
                    }
                    CableTable::default()
                }
                None => CableTable::default(),
            }
        })
    }

    /// Read the catalog's table (when it is first needed) without checking every row first:
    /// a damaged table then reads wrong (never a panic) until [`Archive::check_tables`],
    /// which the caller runs once its first line or frame is out. At 2.7M cables the check
    /// reads all of a 480 MB catalog (~40 ms).
    pub fn defer_table_check(&self) {
        self.defer_check
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Check a table read without its check ([`Archive::defer_table_check`]). `Err` says the
    /// table is damaged (found now, or when it was read): it was set aside, and the next
    /// open rebuilds it.
    pub fn check_tables(&self) -> Result<(), String> {
        let table = self.table();
        if let Some(unchecked) = self.unchecked.lock().ok().and_then(|mut u| u.take()) {
            let none = Packed::new();
            let order = self.date_order.get().unwrap_or(&none);
            if let (Err(reason), Ok(mut problem)) =
                (unchecked.check(table, order), self.problem.lock())
            {
                *problem = Some(reason);
            }
        }
        match self.problem.lock().ok().and_then(|p| p.clone()) {
            None => Ok(()),
            Some(reason) => Err(format!(
                "the cache of {}: its catalog {reason}; it was set aside and will be rebuilt on the next open (what was shown from it may be wrong)",
                self.name
            )),
        }
    }

    /// The table as a list of one (what code over several tables takes).
    pub(crate) fn tables(&self) -> &[CableTable] {
        std::slice::from_ref(self.table())
    }

    /// The name the `source` of shelf `n`'s cables starts with.
    fn shown(&self, n: usize) -> &str {
        let names =
            (self.shown).get_or_init(|| self.firsts.iter().map(|_| OnceLock::new()).collect());
        names.get(n).map_or("", |name| {
            name.get_or_init(|| {
                self.file_path(n)
                    .map(|path| crate::cable::sanitize::shown_path(&path))
                    .unwrap_or_default()
            })
        })
    }

    /// Every cable's index by date (then id, then index): the list's first order.
    pub(crate) fn date_order(&self) -> &Packed<u32> {
        // Reading the table from the cache sets the order kept with it.
        self.table();
        self.date_order.get_or_init(|| {
            // Every cable, even when the tables could not be read (then in source order).
            catalog::date_order(self.rows(), |i| self.id(i as usize)).into()
        })
    }

    /// Compute now what a screen asks of a new archive first: the date order (the list's
    /// first order), the copy flags and the id map behind them (the list, bookmarks and a
    /// cable's references). A build's previews are made ready so on the thread that hands
    /// them over: at two million cables these took half a second on the thread that draws.
    pub fn prepare_for_screen(&self) {
        self.date_order();
        self.copy_flags();
        self.id_table();
    }

    /// Cable `i`'s row in the table (`i` itself), when there is such a cable: no file looked up.
    pub(crate) fn row(&self, i: usize) -> Option<usize> {
        (i < self.len).then_some(i)
    }

    /// The shelf (file) holding cable `i`, and the cable's row in the table (`i` itself).
    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let n = (self.firsts)
            .partition_point(|&first| first as usize <= i)
            .checked_sub(1)?;
        self.shelf(n)?.contains(&i).then_some((n, i))
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
        let row = self.row(i)?;
        Some(self.table().meta_ref(row))
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
            meta: self.table().meta_ref(row),
            file: self.shown(n),
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
        Some(self.table().meta(row, self.shown(n)))
    }

    /// Every cable as (index, its table, its row in the table), in source order.
    fn rows(&self) -> impl Iterator<Item = (u32, &CableTable, usize)> {
        let table = self.table();
        (0..self.len as u32).map(move |i| (i, table, i as usize))
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
        self.table();
        let mut metas = Vec::with_capacity(self.len);
        metas.par_extend((0..self.len).into_par_iter().map(|i| self.meta(i)));
        metas
    }

    /// The id of cable `i` ("" when out of range), without building every cable's metadata.
    pub fn id(&self, i: usize) -> &str {
        self.row(i).map_or("", |row| self.table().id(row))
    }

    /// What kind of copy cable `i` is (partial, redacted, its release).
    pub fn traits(&self, i: usize) -> table::Traits {
        self.row(i)
            .map_or_else(Default::default, |row| self.table().traits(row))
    }

    /// The ids cable `i` cites (its REF block, as the parser read it).
    pub fn refs(&self, i: usize) -> Vec<&str> {
        self.row(i)
            .map_or_else(Vec::new, |row| self.table().refs(row).collect())
    }

    /// Whether the archive has source files (the demo has none), without listing them.
    pub fn has_files(&self) -> bool {
        !self.list.is_empty()
    }

    /// The source files (empty for the demo), made on the first call.
    pub fn files(&self) -> &[SourceFile] {
        self.files.get_or_init(|| {
            (0..self.list.len())
                .filter_map(|n| {
                    Some(SourceFile {
                        path: self.file_path(n)?,
                        format: self.file_format(n)?,
                        key: self.list.key(n),
                        first: *self.firsts.get(n)?,
                        fingerprint: self.list.fingerprint(n),
                    })
                })
                .collect()
        })
    }

    /// Number of cables in the keyword index.
    pub fn indexed_cables(&self) -> u64 {
        self.with_index(|index| Ok(index.cables())).unwrap_or(0)
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
            .and_then(|(n, _)| self.file_path(n))
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
            .table()
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
        let (path, format) = self
            .file_path(n)
            .zip(self.file_format(n))
            .ok_or_else(|| ArchiveError::NotFound(format!("file #{n}")))?;
        let raw = source::read(&path, format, loc)
            .map_err(|reason| ArchiveError::Invalid { path, reason })?;
        Ok((raw, None))
    }

    /// Files that could not be read or parsed.
    /// Reading the catalog's tables (left on disk by a warm open) can fail later: that
    /// failure is a warning too.
    pub fn warnings(&self) -> &[Warning] {
        self.all_warnings.get_or_init(|| {
            self.table();
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

    #[test]
    fn a_warm_open_knows_its_folded_copies_without_the_copy_flags() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/copies");
        let options = OpenOptions {
            cache_dir: Some(tmp.path().join("cache")),
            threads: 1,
        };
        let cold = Archive::open_with(&from, &options, &mut |_| {}).expect("builds");
        let folded = cold.folded_copies();
        assert!(folded > 0, "the fixture holds copies");
        assert_eq!(
            cold.table().folded_copies(),
            folded,
            "the table counts alike"
        );
        let warm = Archive::open_with(&from, &options, &mut |_| {}).expect("opens");
        assert_eq!(warm.folded_copies(), folded);
        assert!(warm.copies.get().is_none(), "counted when saved, not now");
        assert_eq!(
            warm.copy_flags()
                .iter()
                .filter(|&&f| f & copies::FOLDED != 0)
                .count(),
            folded
        );
        // An archive without copies: its flags are known to be zero without the id map.
        let (tmp, _cold) = cached();
        let options = OpenOptions {
            cache_dir: Some(tmp.path().join("cache")),
            threads: 1,
        };
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/mixed");
        let warm =
            Archive::open_with(&from.join("cable.json"), &options, &mut |_| {}).expect("opens");
        assert_eq!(warm.folded_copies(), 0);
        assert!(warm.copy_flags().iter().all(|&f| f == 0));
        assert!(warm.ids.get().is_none(), "no id map built for the flags");
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
        let damaged: *const TextIndex = archive.text_index().expect("opens");
        let cables = archive
            .with_index(|index| {
                if std::ptr::eq(index, damaged) {
                    panic!("range end index 4096 out of range for slice of length 12");
                }
                Ok(index.cables())
            })
            .expect("answers from the rebuilt index");
        assert!(cables > 0);
        assert_eq!(archive.indexed_cables(), cables);
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
