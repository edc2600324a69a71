//! An archive of cables: where they come from (`source`), their metadata (`catalog`), the
//! keyword index (`fulltext`) and the on-disk cache (`cache`).
//!
//! The public surface other parts use: [`Archive::demo`], [`Archive::open`], [`Archive::len`],
//! [`Archive::meta`], [`Archive::cable`], [`Archive::find`], [`Archive::search`],
//! [`Archive::warnings`]. Keep those signatures stable.

pub mod build;
pub mod cache;
pub mod catalog;
pub mod fulltext;
pub mod query;
pub mod snippet;
pub mod source;

pub use build::{OpenOptions, Progress};
pub use fulltext::SearchOrder;

use crate::cable::{Cable, CableDate, Classification};
use fulltext::TextIndex;
use serde::{Deserialize, Serialize};
use source::walk::Found;
use source::{Format, Locator};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

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

/// A file that could not be read or parsed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub source: String,
    pub reason: String,
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

/// The demo cables, embedded in the binary: (file name, text).
pub const DEMO: &[(&str, &str)] = &[
    (
        "09DUSHANBE1319.txt",
        include_str!("../../demo_data/09DUSHANBE1319.txt"),
    ),
    (
        "09STATE60639.txt",
        include_str!("../../demo_data/09STATE60639.txt"),
    ),
    (
        "06DUSHANBE50.txt",
        include_str!("../../demo_data/06DUSHANBE50.txt"),
    ),
    (
        "07DUSHANBE1057.txt",
        include_str!("../../demo_data/07DUSHANBE1057.txt"),
    ),
    (
        "10DUSHANBE170.txt",
        include_str!("../../demo_data/10DUSHANBE170.txt"),
    ),
];

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

/// Parse a demo cable; its file name is its canonical id, which gives the year a text
/// without a date-time group lacks.
fn parse_demo(name: &str, text: &str) -> Cable {
    let mut cable = crate::cable::parse(text);
    cable.apply_id_hint(name);
    cable
}

/// An opened archive.
pub struct Archive {
    name: String,
    files: Vec<SourceFile>,
    metas: Vec<CableMeta>,
    /// (file, locator) of each cable.
    locs: Vec<(u32, Locator)>,
    warnings: Vec<Warning>,
    index: TextIndex,
    /// File key -> index into `files`.
    by_key: HashMap<u64, u32>,
}

impl Archive {
    /// The embedded demo archive (in-RAM index, built in milliseconds).
    pub fn demo() -> Archive {
        let mut archive = Archive::empty("demo", Vec::new(), Vec::new());
        let mut metas = Vec::new();
        let mut warnings = Vec::new();
        let built = (|| {
            let writer = archive.index.writer(1, 15_000_000)?;
            for (n, (name, text)) in DEMO.iter().enumerate() {
                let cable = parse_demo(name, text);
                archive.index.add_cable(&writer, 0, n as u32, &cable)?;
                metas.push(CableMeta::of(&cable, &format!("demo:{name}")));
            }
            archive.index.commit(writer)
        })();
        if let Err(e) = built {
            warnings.push(Warning {
                source: "demo".into(),
                reason: e.to_string(),
            });
        }
        archive.locs = (0..metas.len() as u32)
            .map(|n| (0, Locator::Demo(n)))
            .collect();
        archive.metas = metas;
        archive.warnings = warnings;
        archive.by_key.insert(0, 0);
        archive
    }

    fn empty(name: &str, files: Vec<SourceFile>, warnings: Vec<Warning>) -> Archive {
        // An in-RAM index over a fixed schema needs no input and no I/O: failing is a bug.
        #[allow(clippy::expect_used)]
        let index = TextIndex::in_ram().expect("an in-RAM index can always be created");
        Archive {
            name: name.to_string(),
            files,
            metas: Vec::new(),
            locs: Vec::new(),
            warnings,
            index,
            by_key: HashMap::new(),
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
            };
            return build::assemble(path, index, Vec::new(), options, sinks, Vec::new());
        };
        let dir = cache::folder(cache_root, path);
        let _lock = cache::lock(&dir)?;
        let root = dir_root(path);
        let mut warnings = Vec::new();
        let previous = match cache::load(&dir, &root) {
            Ok(Some(catalog)) => catalog.files,
            Ok(None) => {
                // No catalog: whatever index is there cannot be trusted.
                let _ = std::fs::remove_dir_all(dir.join("index"));
                Vec::new()
            }
            Err(reason) => {
                warnings.push(cache::set_aside(&dir, &reason));
                Vec::new()
            }
        };
        let (index, previous) = match TextIndex::open_or_create(&dir.join("index")) {
            Ok(index) => (index, previous),
            Err(e) => {
                warnings.push(cache::set_aside(&dir, &format!("index is unusable ({e})")));
                (TextIndex::open_or_create(&dir.join("index"))?, Vec::new())
            }
        };
        let sinks = build::Sinks {
            progress,
            save: &mut |files| cache::save(&dir, &root, files),
        };
        build::assemble(path, index, previous, options, sinks, warnings)
    }

    fn from_parts(
        root: &Path,
        found: &[Found],
        files: Vec<cache::CachedFile>,
        index: TextIndex,
        mut warnings: Vec<Warning>,
    ) -> Archive {
        let (files, metas, locs, file_warnings) = build::parts(found, files);
        warnings.extend(file_warnings);
        let by_key = files
            .iter()
            .enumerate()
            .map(|(n, f)| (f.key, n as u32))
            .collect();
        Archive {
            name: root.display().to_string(),
            files,
            metas,
            locs,
            warnings,
            index,
            by_key,
        }
    }

    /// A name for the archive (its path, or `demo`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of cables.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// True when the archive holds no cable.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// Metadata of cable `i` (0-based, in source order). Panics when `i >= len()`.
    pub fn meta(&self, i: usize) -> &CableMeta {
        &self.metas[i]
    }

    /// Metadata of every cable, in source order.
    pub fn metas(&self) -> &[CableMeta] {
        &self.metas
    }

    /// The source files (empty for the demo).
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Number of paragraphs in the keyword index.
    pub fn indexed_paragraphs(&self) -> u64 {
        self.index.paragraphs()
    }

    /// The full parsed cable `i`, read again from its source.
    pub fn cable(&self, i: usize) -> Result<Cable, ArchiveError> {
        let &(file, loc) = self
            .locs
            .get(i)
            .ok_or_else(|| ArchiveError::NotFound(format!("cable #{i}")))?;
        if let Locator::Demo(n) = loc {
            let (name, text) = DEMO
                .get(n as usize)
                .ok_or_else(|| ArchiveError::NotFound(format!("demo cable #{n}")))?;
            return Ok(parse_demo(name, text));
        }
        let source = self
            .files
            .get(file as usize)
            .ok_or_else(|| ArchiveError::NotFound(format!("file #{file}")))?;
        let raw = source::read(&source.path, source.format, loc).map_err(|reason| {
            ArchiveError::Invalid {
                path: source.path.clone(),
                reason,
            }
        })?;
        Ok(build::parse_raw(&raw))
    }

    /// The index of the cable with this id (case-insensitive).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.metas
            .iter()
            .position(|m| m.id.eq_ignore_ascii_case(id))
    }

    /// Keyword search at paragraph granularity, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, ArchiveError> {
        self.search_with(&query::Query::parse(query)?, limit, SearchOrder::Relevance)
    }

    /// Keyword search with a parsed query and an order.
    pub fn search_with(
        &self,
        query: &query::Query,
        limit: usize,
        order: SearchOrder,
    ) -> Result<Vec<Hit>, ArchiveError> {
        let raw = self.index.search(query, limit, order)?;
        let highlights = query.highlights();
        let mut parsed: HashMap<usize, Cable> = HashMap::new();
        let mut hits = Vec::with_capacity(raw.len());
        for h in raw {
            let Some(file) = self.by_key.get(&h.file_key) else {
                continue;
            };
            let first = self.files.get(*file as usize).map_or(0, |f| f.first);
            let i = (first + h.ord) as usize;
            let Some(meta) = self.metas.get(i) else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = parsed.entry(i) {
                slot.insert(self.cable(i)?);
            }
            let cable = parsed.get(&i);
            let paragraph = cable.and_then(|c| c.paragraphs.iter().find(|p| p.n == h.paragraph));
            // Paragraph 0 is the header: the hit is in the subject.
            let text = match paragraph {
                Some(p) => Some(p.text.as_str()),
                None if h.paragraph == 0 => cable.map(|c| c.subject.as_str()),
                None => None,
            };
            let (snippet, snippet_hits) = text
                .map(|t| snippet::snippet(t, &highlights))
                .unwrap_or_default();
            hits.push(Hit {
                cable: i,
                id: meta.id.clone(),
                paragraph: h.paragraph,
                label: paragraph.and_then(|p| p.label.clone()),
                score: h.score,
                snippet,
                snippet_hits,
            });
        }
        Ok(hits)
    }

    /// Files that could not be read or parsed.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// The root string a cache belongs to.
fn dir_root(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
