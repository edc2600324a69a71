//! The on-disk cache: versioned, fingerprinted, locked.
//!
//! One folder per archive path under the cache root: `catalog.bin` (bincode: every file's
//! fingerprint, format and warnings, every folder's modification time, then every cable's
//! metadata and locator in one columnar [`CableTable`], the files' cables one after another),
//! `index/` (the tantivy
//! index, memory-mapped) and `lock` (held exclusively while a process checks or updates the
//! cache, so two sessions never both rebuild). A catalog that fails to decode, or belongs to
//! another version or path, is set aside with the index and rebuilt.

use super::packed::{self, Packed};
use super::source::Format;
use super::source::walk::{DirStamp, Fingerprint};
use super::table::CableTable;
use super::{ArchiveError, Warning};
use bincode::{Decode, Encode};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Written at the start of every catalog.
const MAGIC: &str = "cables-catalog";
/// Bumped whenever the catalog layout or the parser's output changes.
pub const CATALOG_VERSION: u32 = 9;

/// The encoding: bincode's standard one, with a limit so a corrupt length cannot ask for
/// more memory than a catalog can need.
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ 1 << 30 }>()
}

/// The catalog's header: versions, the archive's path and its files. On disk it is preceded
/// by its length (8 bytes, little-endian) and followed by the one [`CableTable`] of every
/// file's cables (in the files' order) and the date order, so an open that needs no metadata
/// (a search) reads the header alone.
#[derive(Debug, Clone, PartialEq, Encode, Decode, Default)]
pub struct Catalog {
    pub magic: String,
    pub version: u32,
    pub index_version: u32,
    /// The archive path this cache belongs to.
    pub root: String,
    /// Bytes of the tables that follow the header.
    pub tables_len: u64,
    pub files: FileList,
    /// The folders of a folder archive, as the walk that made this catalog saw them, and
    /// when that walk started: a folder whose time did not change holds the same files.
    pub dirs: Vec<DirStamp>,
    pub walked_ns: u128,
    /// How many cables are folded copies of another (`CableTable::folded_copies`): a
    /// search answers without the copy flags when there are none.
    pub folded_copies: u64,
}

/// A [`Catalog`] to be written, borrowing what it holds (the same encoding: the files of a
/// large archive are not copied to be saved).
#[derive(Encode)]
struct CatalogOut<'a> {
    magic: &'a str,
    version: u32,
    index_version: u32,
    root: &'a str,
    tables_len: u64,
    files: &'a FileList,
    dirs: &'a [DirStamp],
    walked_ns: u128,
    folded_copies: u64,
}

/// One source file as it was when indexed.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
pub struct CachedFile {
    pub rel: String,
    pub fingerprint: Fingerprint,
    /// `None` when the file is not a cable source (its reason is in `warnings`).
    pub format: Option<Format>,
    pub key: u64,
    /// Number of cables (the length of its table).
    pub cables: u32,
    pub warnings: Vec<(String, String)>,
}

/// The files of a catalog, column by column: a folder of 251,287 files decodes in a few
/// allocations, not one per file (nor one path per file: paths are made when needed).
#[derive(Debug, Clone, PartialEq, Encode, Decode, Default)]
pub struct FileList {
    /// Relative paths back to back, and where each ends.
    rels: String,
    rel_ends: Vec<u64>,
    sizes: Vec<u64>,
    mtimes: Vec<u128>,
    formats: Vec<Option<Format>>,
    keys: Vec<u64>,
    cables: Vec<u32>,
    /// (file, suffix, reason) of every file's warnings, in file order.
    warnings: Vec<(u32, String, String)>,
}

impl FileList {
    /// The files of `files`, in their order.
    pub fn of(files: &[CachedFile]) -> FileList {
        let mut list = FileList::default();
        for f in files {
            list.push(f);
        }
        list
    }

    /// Room for `files` more files whose paths take about as many bytes a file as `like`'s.
    pub fn reserve_like(&mut self, like: &FileList, files: usize) {
        let per_file = like.rels.len() / like.rel_ends.len().max(1);
        self.rels.reserve(files * (per_file + 1));
        self.rel_ends.reserve(files);
        self.sizes.reserve(files);
        self.mtimes.reserve(files);
        self.formats.reserve(files);
        self.keys.reserve(files);
        self.cables.reserve(files);
    }

    /// Add `f` after the files already listed.
    pub fn push(&mut self, f: &CachedFile) {
        let n = self.rel_ends.len() as u32;
        self.push_columns(&f.rel, f.fingerprint, f.format, f.key, f.cables);
        for (suffix, reason) in &f.warnings {
            self.warnings.push((n, suffix.clone(), reason.clone()));
        }
    }

    /// Add file `n` of `other` (with its warnings) after the files already listed, without
    /// making a [`CachedFile`] of it: an update keeps most files as they were.
    pub fn push_from(&mut self, other: &FileList, n: usize) {
        let to = self.rel_ends.len() as u32;
        self.push_columns(
            other.rel(n),
            other.fingerprint(n),
            other.format(n),
            other.key(n),
            other.cables(n),
        );
        // Warnings are kept in file order.
        let from = other.warnings.partition_point(|w| (w.0 as usize) < n);
        for (_, suffix, reason) in other.warnings[from..]
            .iter()
            .take_while(|w| w.0 as usize == n)
        {
            self.warnings.push((to, suffix.clone(), reason.clone()));
        }
    }

    fn push_columns(
        &mut self,
        rel: &str,
        fingerprint: Fingerprint,
        format: Option<Format>,
        key: u64,
        cables: u32,
    ) {
        self.rels.push_str(rel);
        self.rel_ends.push(self.rels.len() as u64);
        self.sizes.push(fingerprint.size);
        self.mtimes.push(fingerprint.mtime_ns);
        self.formats.push(format);
        self.keys.push(key);
        self.cables.push(cables);
    }

    /// Every file as a [`CachedFile`] (what a build works with).
    pub fn to_files(&self) -> Vec<CachedFile> {
        let mut files: Vec<CachedFile> = (0..self.len())
            .map(|n| CachedFile {
                rel: self.rel(n).to_string(),
                fingerprint: self.fingerprint(n),
                format: self.format(n),
                key: self.key(n),
                cables: self.cables(n),
                warnings: Vec::new(),
            })
            .collect();
        for (n, suffix, reason) in &self.warnings {
            if let Some(f) = files.get_mut(*n as usize) {
                f.warnings.push((suffix.clone(), reason.clone()));
            }
        }
        files
    }

    /// Number of files (0 when the columns disagree: a corrupt list holds nothing).
    pub fn len(&self) -> usize {
        let n = self.rel_ends.len();
        let same = [
            self.sizes.len(),
            self.mtimes.len(),
            self.formats.len(),
            self.keys.len(),
            self.cables.len(),
        ]
        .iter()
        .all(|&l| l == n);
        if same { n } else { 0 }
    }

    /// True when the list holds no file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// File `n`'s path relative to the archive ("" when out of range).
    pub fn rel(&self, n: usize) -> &str {
        let start = match n.checked_sub(1) {
            Some(before) => self.rel_ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.rel_ends.get(n).copied().unwrap_or(start);
        self.rels
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// File `n`'s fingerprint when indexed.
    pub fn fingerprint(&self, n: usize) -> Fingerprint {
        Fingerprint {
            size: self.sizes.get(n).copied().unwrap_or(0),
            mtime_ns: self.mtimes.get(n).copied().unwrap_or(0),
        }
    }

    /// File `n`'s format (`None`: not a cable source).
    pub fn format(&self, n: usize) -> Option<Format> {
        self.formats.get(n).copied().flatten()
    }

    /// The key of file `n`'s documents in the keyword index.
    pub fn key(&self, n: usize) -> u64 {
        self.keys.get(n).copied().unwrap_or(0)
    }

    /// File `n`'s number of cables.
    pub fn cables(&self, n: usize) -> u32 {
        self.cables.get(n).copied().unwrap_or(0)
    }

    /// Every file's warnings: (file, suffix, reason).
    pub fn warnings(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        (self.warnings.iter()).map(|(n, s, r)| (*n as usize, s.as_str(), r.as_str()))
    }
}

/// The table of a loaded catalog, read when first needed from the file that was opened
/// (a catalog renamed over it meanwhile does not change what is read).
#[derive(Debug)]
pub struct Tables {
    file: File,
    dir: PathBuf,
    offset: u64,
    len: u64,
    /// Cables of all the files: the table's length.
    cables: usize,
    /// How many of them are folded copies, as counted when the catalog was saved.
    pub folded_copies: usize,
}

impl Tables {
    /// Read and check the table of every file's cables. On failure the catalog is set aside
    /// (when no other process holds the cache), so the next open rebuilds it.
    pub fn read(mut self) -> Result<(CableTable, Packed<u32>), String> {
        let dir = self.dir.clone();
        self.decode()
            .and_then(|(table, order)| {
                check(&table, &order)?;
                Ok((table, order))
            })
            .inspect_err(|reason| set_aside_unless_held(&dir, reason))
    }

    /// As [`Tables::read`], without the check of every row (which reads the whole table: at
    /// 2.7M cables, nearly all of a `list --limit 1`). Reading an unchecked table never
    /// panics (every string and number is checked as it is read), but a damaged one reads
    /// wrong: the caller checks it soon with the [`Unchecked`] returned.
    pub fn read_unchecked(mut self) -> Result<(CableTable, Packed<u32>, Unchecked), String> {
        let dir = self.dir.clone();
        let (table, order) = self
            .decode()
            .inspect_err(|reason| set_aside_unless_held(&dir, reason))?;
        Ok((table, order, Unchecked { dir }))
    }

    fn decode(&mut self) -> Result<(CableTable, Packed<u32>), String> {
        let end = self
            .offset
            .checked_add(self.len)
            .filter(|&end| self.file.metadata().is_ok_and(|m| m.len() >= end))
            .ok_or("is truncated")?;
        let range = usize::try_from(self.offset).unwrap_or(usize::MAX)
            ..usize::try_from(end).unwrap_or(usize::MAX);
        type Section = (CableTable, Packed<u32>);
        let decode = |bytes: &[u8]| -> Result<(Section, usize), String> {
            bincode::borrow_decode_from_slice(bytes, config())
                .map_err(|e| format!("cannot be decoded ({e})"))
        };
        // SAFETY: the mapping lives as long as the tables (and the archive) do. `cables` only
        // ever replaces a catalog whole (written aside, then renamed over) and never writes
        // one in place, so the mapped file does not change under us; its length was checked
        // above. Another program truncating or rewriting catalog.bin in place while an
        // archive is open is not guarded against (it would fault, as for tantivy's own
        // memory-mapped index files).
        #[allow(unsafe_code, reason = "memory-mapping the catalog; see SAFETY above")]
        let ((table, order), used) = match unsafe { memmap2::Mmap::map(&self.file) } {
            // The tables' columns stay in the mapping: only the interned names are copied.
            Ok(map) => packed::with_mapping(&Arc::new(map), |all| {
                decode(all.get(range.clone()).ok_or("is truncated")?)
            })?,
            // A file system that cannot map it: read the section and copy the columns.
            Err(_) => {
                let mut bytes = Vec::with_capacity(range.len());
                self.file
                    .seek(SeekFrom::Start(self.offset))
                    .and_then(|_| (&mut self.file).take(self.len).read_to_end(&mut bytes))
                    .map_err(|e| format!("cannot be read ({e})"))?;
                decode(&bytes)?
            }
        };
        let section = range.len();
        if used != section || table.len() != self.cables || order.len() != self.cables {
            return Err("is corrupt (its table does not match the files)".into());
        }
        Ok((table, order))
    }
}

/// A table read without its check ([`Tables::read_unchecked`]), to be checked.
#[derive(Debug)]
pub struct Unchecked {
    dir: PathBuf,
}

impl Unchecked {
    /// Check `table` and `order` (as read): on failure the catalog is set aside, as
    /// [`Tables::read`] does.
    pub fn check(self, table: &CableTable, order: &Packed<u32>) -> Result<(), String> {
        check(table, order).inspect_err(|reason| set_aside_unless_held(&self.dir, reason))
    }
}

/// Every row of `table` reads, and `order` holds each of its cables exactly once.
fn check(table: &CableTable, order: &Packed<u32>) -> Result<(), String> {
    table.check().map_err(|e| format!("is corrupt ({e})"))?;
    let mut seen = vec![false; table.len()];
    let whole = order.len() == table.len()
        && order.iter().all(|i| {
            seen.get_mut(i as usize)
                .is_some_and(|s| !std::mem::replace(s, true))
        });
    if !whole {
        return Err("is corrupt (its date order)".into());
    }
    Ok(())
}

/// Set the catalog of the cache `dir` aside for `reason`, unless another process holds the
/// cache (it may be writing a new one).
fn set_aside_unless_held(dir: &Path, reason: &str) {
    if let Ok(lock) = File::open(dir.join("lock"))
        && lock.try_lock().is_ok()
    {
        set_aside(dir, reason);
    }
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
    file.lock().map_err(io_err(&path))?;
    Ok(file)
}

/// Load the catalog header of `dir` for `root`: `Ok(None)` when there is none; `Err(reason)`
/// when it is corrupt or foreign. The tables are read later, by [`Tables::read`].
pub fn load(dir: &Path, root: &str) -> Result<Option<(Catalog, Tables)>, String> {
    let path = dir.join("catalog.bin");
    let mut file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    let mut prefix = [0; 8];
    file.read_exact(&mut prefix)
        .map_err(|_| "is not a cables catalog (too short)".to_string())?;
    let header_len = u64::from_le_bytes(prefix);
    if header_len > size.saturating_sub(8) {
        return Err("is not a cables catalog (bad header length)".into());
    }
    let mut header = vec![0; header_len as usize];
    file.read_exact(&mut header).map_err(|e| e.to_string())?;
    let (catalog, used): (Catalog, usize) = bincode::decode_from_slice(&header, config())
        .map_err(|e| format!("cannot be decoded ({e})"))?;
    if catalog.magic != MAGIC || used != header.len() {
        return Err("is not a cables catalog".into());
    }
    if catalog.version != CATALOG_VERSION || catalog.index_version != super::fulltext::INDEX_VERSION
    {
        return Err(format!(
            "is from another version ({}/{})",
            catalog.version, catalog.index_version
        ));
    }
    if catalog.files.len() != catalog.files.rel_ends.len() {
        return Err("is corrupt (its list of files)".into());
    }
    if catalog.root != root {
        return Err(format!("belongs to another archive ({})", catalog.root));
    }
    let offset = 8 + header_len;
    if offset.checked_add(catalog.tables_len) != Some(size) {
        return Err("is truncated".into());
    }
    let tables = Tables {
        file,
        dir: dir.to_path_buf(),
        offset,
        len: catalog.tables_len,
        cables: catalog.files.cables.iter().map(|&c| c as usize).sum(),
        folded_copies: usize::try_from(catalog.folded_copies).unwrap_or(usize::MAX),
    };
    Ok(Some((catalog, tables)))
}

/// What a catalog holds: the files, the table of their cables (in the files' order), the
/// cables' date order (`catalog::date_order`), and the folders as the walk saw them.
pub struct Saved<'a> {
    pub files: &'a FileList,
    pub table: &'a CableTable,
    pub date_order: &'a [u32],
    pub dirs: &'a [DirStamp],
    pub walked_ns: u128,
}

/// Write the catalog atomically (a temporary file renamed over the old one). The table is
/// encoded straight into the file (its length counted first by encoding it without
/// writing), never into a buffer of its own: tens of MB for a large archive.
pub fn save(dir: &Path, root: &str, saved: &Saved<'_>) -> Result<(), ArchiveError> {
    let invalid = |e: bincode::error::EncodeError| ArchiveError::Invalid {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let order = Packed::from(saved.date_order.to_vec());
    let tables = (saved.table, order);
    let mut counted = bincode::enc::write::SizeWriter::default();
    bincode::encode_into_writer(&tables, &mut counted, config()).map_err(invalid)?;
    let catalog = CatalogOut {
        magic: MAGIC,
        version: CATALOG_VERSION,
        index_version: super::fulltext::INDEX_VERSION,
        root,
        tables_len: counted.bytes_written as u64,
        files: saved.files,
        dirs: saved.dirs,
        walked_ns: saved.walked_ns,
        folded_copies: saved.table.folded_copies() as u64,
    };
    let mut header_len = bincode::enc::write::SizeWriter::default();
    bincode::encode_into_writer(&catalog, &mut header_len, config()).map_err(invalid)?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(dir))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp);
    let write_err = |e: std::io::Error| io_err(dir)(e);
    std::io::Write::write_all(&mut out, &(header_len.bytes_written as u64).to_le_bytes())
        .map_err(write_err)?;
    let encode_err = |e| match e {
        bincode::error::EncodeError::Io { inner, .. } => write_err(inner),
        other => invalid(other),
    };
    let header =
        bincode::encode_into_std_write(&catalog, &mut out, config()).map_err(encode_err)?;
    let written =
        bincode::encode_into_std_write(&tables, &mut out, config()).map_err(encode_err)?;
    if header != header_len.bytes_written || written != counted.bytes_written {
        return Err(ArchiveError::Invalid {
            path: dir.to_path_buf(),
            reason: "the catalog's table changed length while written".into(),
        });
    }
    let tmp = out.into_inner().map_err(|e| write_err(e.into_error()))?;
    let path = dir.join("catalog.bin");
    tmp.persist(&path).map_err(|e| ArchiveError::Io {
        path: path.clone(),
        source: e.error,
    })?;
    Ok(())
}

/// Move the catalog and the index aside (`*.bad-<seconds>`), returning a warning that says so.
/// Only the latest copy set aside is kept (for a look at what went wrong): older ones are
/// removed, so repeated failures do not fill the disk.
pub fn set_aside(dir: &Path, reason: &str) -> Warning {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("catalog.bin.bad-") || name.starts_with("index.bad-") {
                let path = entry.path();
                let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
            }
        }
    }
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
    Warning::new(
        dir.display().to_string(),
        format!("the cache {reason}; it was set aside and rebuilt"),
    )
}
