//! A JSON document on disk that several processes share safely:
//! - writes are atomic (temp file in the same folder, fsync, rename, fsync of the folder), so a
//!   crash leaves the old file or the new one, never half of one;
//! - every save takes an exclusive lock (`<file>.lock`), reads what is on disk, merges it with
//!   the copy in memory and writes the result, so concurrent instances never lose changes;
//! - a file that cannot be parsed is moved aside with a timestamp, never silently emptied; a
//!   file that cannot be read at all, or comes from a newer format, is never overwritten.

use super::{BookmarkError, Timestamp};
use serde_json::{Map, Value};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a save waits for another process's lock before giving up (it is retried later).
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// The content of a shared file: how it reads, writes and merges.
pub(crate) trait Document: Default + Clone {
    /// The value of the file's `format` field.
    const FORMAT: &'static str;
    /// The newest format version this build writes.
    const VERSION: u64;
    /// Check that a file of this build's version has the shape this build writes: every list
    /// a list, no field it does not know (a renamed or retyped field would otherwise read as
    /// empty and be written over). `Err` names what is wrong; the file is then set aside.
    fn check_shape(fields: &Map<String, Value>) -> Result<(), String>;
    /// Read the fields of the document; returns it and how many entries could not be read
    /// (those must be kept inside the document so they are written back).
    fn from_fields(fields: &Map<String, Value>) -> (Self, usize);
    /// The whole file as pretty JSON, `header` first.
    fn to_json(&self, header: Header<'_>) -> serde_json::Result<Vec<u8>>;
    /// Merge the copy on disk with the copy in memory.
    fn merge(disk: &Self, memory: &Self) -> Self;
    /// `saved` is what a save (or reload) of `sent` ended with; `memory` is `sent` changed
    /// since. The result is `saved` with those later changes, still marked as this
    /// instance's own (so the next save writes them).
    fn absorb(saved: &Self, sent: &Self, memory: &Self) -> Self;
}

/// The first fields of every shared file.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Header<'a> {
    pub format: &'static str,
    pub version: u64,
    pub archive: &'a str,
}

/// A shared document, its path, and whether it may be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DurableFile<T> {
    pub path: PathBuf,
    pub archive: String,
    pub doc: T,
    /// False when the file on disk could not be read safely: it must never be overwritten.
    pub writable: bool,
    /// Changes in memory that are not on disk yet.
    pub dirty: bool,
}

impl<T: Document> DurableFile<T> {
    /// Open `path`: a missing file is an empty document; problems come back as messages.
    pub fn open(path: PathBuf, archive: &str) -> (DurableFile<T>, Vec<BookmarkError>) {
        let mut file = DurableFile {
            path,
            archive: archive.to_string(),
            doc: T::default(),
            writable: true,
            dirty: false,
        };
        let mut notes = Vec::new();
        match file.read_disk(&mut notes) {
            Ok(Some(doc)) => file.doc = doc,
            Ok(None) => {}
            Err(e) => notes.push(e),
        }
        (file, notes)
    }

    /// A document that lives in memory only (no data folder).
    pub fn detached(archive: &str) -> DurableFile<T> {
        DurableFile {
            path: PathBuf::new(),
            archive: archive.to_string(),
            doc: T::default(),
            writable: false,
            dirty: false,
        }
    }

    /// Merge in what other processes saved, without writing.
    pub fn reload(&mut self) -> Vec<BookmarkError> {
        let mut notes = Vec::new();
        match self.read_disk(&mut notes) {
            Ok(Some(disk)) => self.doc = T::merge(&disk, &self.doc),
            Ok(None) => {}
            Err(e) => notes.push(e),
        }
        notes
    }

    /// Take in `done`, the result of saving or reloading `sent` elsewhere (a worker thread),
    /// keeping the changes made here since `sent` was taken: when there are none this
    /// becomes `done`; otherwise they stay dirty for the next save.
    pub fn absorb(&mut self, done: DurableFile<T>, sent: &DurableFile<T>)
    where
        T: PartialEq,
    {
        if self.doc == sent.doc {
            *self = done;
            return;
        }
        self.doc = T::absorb(&done.doc, &sent.doc, &self.doc);
        self.writable = done.writable;
        self.dirty = true;
    }

    /// Lock, merge with the file on disk, write atomically. On error the document stays in
    /// memory, still dirty, and the save can be tried again.
    pub fn save(&mut self) -> Result<Vec<BookmarkError>, BookmarkError> {
        if self.path.as_os_str().is_empty() {
            return Err(BookmarkError::NoDataDir);
        }
        if !self.writable {
            return Err(BookmarkError::NotWritable {
                path: self.path.clone(),
            });
        }
        let dir = parent(&self.path);
        fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        let _lock = FileLock::acquire(&lock_path(&self.path))?;
        remove_stale_temps(&self.path);
        let mut notes = Vec::new();
        let disk = self.read_disk_locked(&mut notes)?;
        if !self.writable {
            // The file turned out to be from a newer format: leave it as it is.
            return Err(notes.pop().unwrap_or(BookmarkError::NotWritable {
                path: self.path.clone(),
            }));
        }
        let merged = T::merge(&disk.unwrap_or_default(), &self.doc);
        let bytes = self.render(&merged)?;
        write_atomic(&self.path, &bytes)?;
        self.doc = merged;
        self.dirty = false;
        Ok(notes)
    }

    fn render(&self, doc: &T) -> Result<Vec<u8>, BookmarkError> {
        let header = Header {
            format: T::FORMAT,
            version: T::VERSION,
            archive: &self.archive,
        };
        let mut bytes = doc
            .to_json(header)
            .map_err(|e| BookmarkError::Invalid(e.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Read the file; a corrupt one is moved aside under the lock.
    fn read_disk(&mut self, notes: &mut Vec<BookmarkError>) -> Result<Option<T>, BookmarkError> {
        match self.parse_disk(notes) {
            Parsed::Ok(doc) => Ok(doc),
            Parsed::Unreadable(reason) => Err(self.read_failed(reason)),
            Parsed::Corrupt(_) => {
                // Take the lock and look again: only a finished file is ever renamed into place,
                // so a file that is still corrupt under the lock really is.
                let _lock = FileLock::acquire(&lock_path(&self.path))?;
                self.read_disk_locked(notes)
            }
        }
    }

    /// Read the file while holding the lock; a corrupt one is moved aside.
    fn read_disk_locked(
        &mut self,
        notes: &mut Vec<BookmarkError>,
    ) -> Result<Option<T>, BookmarkError> {
        match self.parse_disk(notes) {
            Parsed::Ok(doc) => Ok(doc),
            Parsed::Unreadable(reason) => Err(self.read_failed(reason)),
            Parsed::Corrupt(reason) => {
                let note = quarantine(&self.path, reason);
                if matches!(note, BookmarkError::Unreadable { .. }) {
                    self.writable = false;
                    return Err(note);
                }
                notes.push(note);
                self.dirty = true;
                Ok(None)
            }
        }
    }

    fn read_failed(&mut self, reason: String) -> BookmarkError {
        self.writable = false;
        BookmarkError::ReadFailed {
            path: self.path.clone(),
            reason,
        }
    }

    fn parse_disk(&mut self, notes: &mut Vec<BookmarkError>) -> Parsed<T> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(_) if fs::symlink_metadata(&self.path).is_err() => return Parsed::Ok(None),
            Err(e) => return Parsed::Unreadable(e.to_string()),
        };
        let value: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => return Parsed::Corrupt(format!("not valid JSON: {e}")),
        };
        let Value::Object(fields) = value else {
            return Parsed::Corrupt("not a JSON object".into());
        };
        if fields.get("format").and_then(Value::as_str) != Some(T::FORMAT) {
            return Parsed::Corrupt(format!("not a {} file", T::FORMAT));
        }
        let Some(version) = fields.get("version").and_then(Value::as_u64) else {
            return Parsed::Corrupt("no format version".into());
        };
        if version > T::VERSION {
            // Shown as far as it can be read, and never written: no shape check.
            self.writable = false;
            notes.push(BookmarkError::NewerFormat {
                path: self.path.clone(),
                version,
            });
        } else if let Err(reason) = T::check_shape(&fields) {
            return Parsed::Corrupt(reason);
        }
        let (doc, skipped) = T::from_fields(&fields);
        if skipped > 0 {
            notes.push(BookmarkError::SkippedEntries {
                path: self.path.clone(),
                count: skipped,
            });
        }
        Parsed::Ok(Some(doc))
    }
}

enum Parsed<T> {
    Ok(Option<T>),
    /// The file exists but its bytes could not be read: leave it alone.
    Unreadable(String),
    /// The bytes are not a readable document: move the file aside.
    Corrupt(String),
}

/// An exclusive advisory lock on a lock file, released on drop (and by the OS if killed).
struct FileLock {
    _file: File,
}

impl FileLock {
    fn acquire(path: &Path) -> Result<FileLock, BookmarkError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(BookmarkError::Locked {
                        path: path.to_path_buf(),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_error(path, e)),
            }
        }
    }
}

fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Write `bytes` to `path` atomically: temp file in the same folder, fsync, rename, fsync folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), BookmarkError> {
    let dir = parent(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_error(dir, e))?;
    // Errors name the file being saved; the temporary file beside it is removed on failure.
    tmp.as_file_mut()
        .write_all(bytes)
        .map_err(|e| io_error(path, e))?;
    tmp.as_file().sync_all().map_err(|e| io_error(path, e))?;
    tmp.persist(path).map_err(|e| io_error(path, e.error))?;
    // Make the rename itself durable; not every platform or file system allows this.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Remove temp files left by writers that were killed mid-write. Called under the lock, so no
/// live writer owns one.
fn remove_stale_temps(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(parent(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Move a corrupt file aside as `<file>.corrupt-<time>`; the message names both paths.
fn quarantine(path: &Path, reason: String) -> BookmarkError {
    let stamp = Timestamp::now().to_string().replace(':', "-");
    let mut moved_to = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut n = 1;
    while moved_to.exists() {
        n += 1;
        moved_to = with_suffix(path, &format!(".corrupt-{stamp}-{n}"));
    }
    match fs::rename(path, &moved_to) {
        Ok(()) => BookmarkError::Quarantined {
            path: path.to_path_buf(),
            moved_to,
            reason,
        },
        Err(e) => BookmarkError::Unreadable {
            path: path.to_path_buf(),
            reason,
            move_error: e.to_string(),
        },
    }
}

/// The shape check shared by every document: `fields` holds only the header fields and
/// `known`; each of `lists` that is present is an array, and each of `required` is present.
pub(crate) fn check_fields(
    fields: &Map<String, Value>,
    known: &[&str],
    lists: &[&str],
    required: &[&str],
) -> Result<(), String> {
    const HEADER: [&str; 3] = ["format", "version", "archive"];
    if let Some(name) = fields
        .keys()
        .find(|k| !HEADER.contains(&k.as_str()) && !known.contains(&k.as_str()))
    {
        return Err(format!("unknown field {:?}", clip(name)));
    }
    if let Some(name) = required.iter().find(|k| !fields.contains_key(**k)) {
        return Err(format!("no {name:?} field"));
    }
    for name in lists {
        match fields.get(*name) {
            None | Some(Value::Array(_)) => {}
            Some(other) => return Err(format!("{name:?} is {}, not a list", kind(other))),
        }
    }
    Ok(())
}

/// A field name from a file, short and safe for a message.
fn clip(name: &str) -> String {
    let safe = crate::cable::sanitize::sanitize(name).into_owned();
    match safe.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &safe[..i]),
        None => safe,
    }
}

/// What kind of JSON value this is, for a message.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn io_error(path: &Path, source: io::Error) -> BookmarkError {
    BookmarkError::Io {
        path: path.to_path_buf(),
        source,
    }
}
