//! An archive of cables: where they come from (`source`), their metadata (`catalog`), the
//! keyword index (`fulltext`) and the on-disk cache (`cache`).
//!
//! The public surface other parts use: [`Archive::demo`], [`Archive::open`], [`Archive::len`],
//! [`Archive::meta`], [`Archive::cable`], [`Archive::find`], [`Archive::search`],
//! [`Archive::warnings`]. Keep those signatures stable.

pub mod cache;
pub mod catalog;
pub mod fulltext;
pub mod source;

use crate::cable::{self, Cable, CableDate, Classification};
use serde::{Deserialize, Serialize};
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

/// An opened archive.
pub struct Archive {
    name: String,
    metas: Vec<CableMeta>,
    texts: Vec<String>,
    warnings: Vec<Warning>,
}

impl Archive {
    /// The embedded demo archive.
    pub fn demo() -> Archive {
        let mut archive = Archive {
            name: "demo".into(),
            metas: Vec::new(),
            texts: Vec::new(),
            warnings: Vec::new(),
        };
        for (name, text) in DEMO {
            archive.push(&format!("demo:{name}"), text.to_string());
        }
        archive
    }

    /// Open a folder of cable texts (or one file).
    pub fn open(path: &Path) -> Result<Archive, ArchiveError> {
        let mut archive = Archive {
            name: path.display().to_string(),
            metas: Vec::new(),
            texts: Vec::new(),
            warnings: Vec::new(),
        };
        let io = |source| ArchiveError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        if path.is_dir() {
            for entry in std::fs::read_dir(path).map_err(io)? {
                let entry = entry.map_err(io)?;
                if entry.path().is_file() {
                    files.push(entry.path());
                }
            }
            files.sort();
        } else {
            files.push(path.to_path_buf());
        }
        for file in files {
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let text = cable::sanitize::decode(&bytes).into_owned();
                    archive.push(&file.display().to_string(), text)
                }
                Err(e) => archive.warnings.push(Warning {
                    source: file.display().to_string(),
                    reason: e.to_string(),
                }),
            }
        }
        Ok(archive)
    }

    fn push(&mut self, source: &str, text: String) {
        let mut cable = cable::parse(&text);
        cable.apply_id_hint(source);
        self.metas.push(CableMeta::of(&cable, source));
        self.texts.push(text);
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

    /// Metadata of cable `i` (0-based, in source order).
    pub fn meta(&self, i: usize) -> &CableMeta {
        &self.metas[i]
    }

    /// Metadata of every cable, in source order.
    pub fn metas(&self) -> &[CableMeta] {
        &self.metas
    }

    /// The full parsed cable `i`.
    pub fn cable(&self, i: usize) -> Result<Cable, ArchiveError> {
        self.texts
            .get(i)
            .map(|t| {
                let mut c = cable::parse(t);
                c.apply_id_hint(&self.metas[i].source);
                c
            })
            .ok_or_else(|| ArchiveError::NotFound(i.to_string()))
    }

    /// The index of the cable with this id (case-insensitive).
    pub fn find(&self, id: &str) -> Option<usize> {
        self.metas
            .iter()
            .position(|m| m.id.eq_ignore_ascii_case(id))
    }

    /// Keyword search at paragraph granularity, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, ArchiveError> {
        fulltext::naive_search(self, query, limit)
    }

    /// Files that could not be read or parsed.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}
