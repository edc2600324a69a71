//! The on-disk cache: versioned, fingerprinted, locked.
//!
//! One folder per archive path under the cache root: `catalog.bin` (bincode: every file's
//! fingerprint, format, warnings, and its cables' metadata and locators as a columnar
//! [`CableTable`]), `index/` (the tantivy
//! index, memory-mapped) and `lock` (held exclusively while a process checks or updates the
//! cache, so two sessions never both rebuild). A catalog that fails to decode, or belongs to
//! another version or path, is set aside with the index and rebuilt.

use super::source::Format;
use super::source::walk::Fingerprint;
use super::table::CableTable;
use super::{ArchiveError, Warning};
use bincode::{Decode, Encode};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Written at the start of every catalog.
const MAGIC: &str = "cables-catalog";
/// Bumped whenever the catalog layout or the parser's output changes.
pub const CATALOG_VERSION: u32 = 2;

/// The catalog of a cached archive.
#[derive(Debug, Clone, PartialEq, Encode, Decode, Default)]
pub struct Catalog {
    pub magic: String,
    pub version: u32,
    pub index_version: u32,
    /// The archive path this cache belongs to.
    pub root: String,
    pub files: Vec<CachedFile>,
}

/// [`Catalog`] borrowed, for writing (same encoding).
#[derive(Encode)]
struct CatalogRef<'a> {
    magic: &'a str,
    version: u32,
    index_version: u32,
    root: &'a str,
    files: &'a [CachedFile],
}

/// One source file as it was when indexed.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct CachedFile {
    pub rel: String,
    pub fingerprint: Fingerprint,
    /// `None` when the file is not a cable source (its reason is in `warnings`).
    pub format: Option<Format>,
    pub key: u64,
    pub cables: CableTable,
    pub warnings: Vec<(String, String)>,
}

/// The cache folder of the archive at `root` under `cache_root`.
pub fn folder(cache_root: &Path, root: &Path) -> PathBuf {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let text = canonical.to_string_lossy();
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    let key = super::source::walk::file_key(&text);
    cache_root.join(format!("{name}-{key:016x}"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Take the cache folder's lock (blocking until another process releases it).
pub fn lock(dir: &Path) -> Result<File, ArchiveError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let path = dir.join("lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(&path))?;
    fs4::fs_std::FileExt::lock_exclusive(&file).map_err(io_err(&path))?;
    Ok(file)
}

/// Load the catalog of `dir` for `root`: `Ok(None)` when there is none; `Err(reason)` when it
/// is corrupt or foreign.
pub fn load(dir: &Path, root: &str) -> Result<Option<Catalog>, String> {
    let path = dir.join("catalog.bin");
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let (catalog, used): (Catalog, usize) =
        bincode::decode_from_slice(&bytes, bincode::config::standard())
            .map_err(|e| format!("cannot be decoded ({e})"))?;
    if catalog.magic != MAGIC || used != bytes.len() {
        return Err("is not a cables catalog".into());
    }
    if catalog.version != CATALOG_VERSION || catalog.index_version != super::fulltext::INDEX_VERSION
    {
        return Err(format!(
            "is from another version ({}/{})",
            catalog.version, catalog.index_version
        ));
    }
    if catalog.root != root {
        return Err(format!("belongs to another archive ({})", catalog.root));
    }
    for file in &catalog.files {
        file.cables
            .check()
            .map_err(|e| format!("is corrupt ({}: {e})", file.rel))?;
    }
    Ok(Some(catalog))
}

/// Write the catalog atomically (a temporary file renamed over the old one).
pub fn save(dir: &Path, root: &str, files: &[CachedFile]) -> Result<(), ArchiveError> {
    let catalog = CatalogRef {
        magic: MAGIC,
        version: CATALOG_VERSION,
        index_version: super::fulltext::INDEX_VERSION,
        root,
        files,
    };
    let bytes = bincode::encode_to_vec(&catalog, bincode::config::standard()).map_err(|e| {
        ArchiveError::Invalid {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        }
    })?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(dir))?;
    std::io::Write::write_all(&mut tmp, &bytes).map_err(io_err(dir))?;
    let path = dir.join("catalog.bin");
    tmp.persist(&path).map_err(|e| ArchiveError::Io {
        path: path.clone(),
        source: e.error,
    })?;
    Ok(())
}

/// Move the catalog and the index aside (`*.bad-<seconds>`), returning a warning that says so.
pub fn set_aside(dir: &Path, reason: &str) -> Warning {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for name in ["catalog.bin", "index"] {
        let from = dir.join(name);
        if from.exists() {
            let to = dir.join(format!("{name}.bad-{stamp}"));
            if std::fs::rename(&from, &to).is_err() {
                // Could not keep it: remove it, so the rebuild starts clean.
                let _ = std::fs::remove_dir_all(&from).or_else(|_| std::fs::remove_file(&from));
            }
        }
    }
    Warning {
        source: dir.display().to_string(),
        reason: format!("the cache {reason}; it was set aside and rebuilt"),
    }
}
