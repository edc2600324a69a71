//! Walk an archive path: every regular file below a folder (recursively, in name order), or
//! the one file given, with the fingerprint (size, mtime) the cache checks.

use bincode::{Decode, Encode};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// A file's fingerprint: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct Fingerprint {
    pub size: u64,
    pub mtime_ns: u128,
}

/// One file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Empty for a file [`rewalk`] took from the cache as it was (a path made for each of
    /// 251,287 such files was half of the rewalk): [`Found::path_in`] makes it.
    pub path: PathBuf,
    /// The path relative to the archive root (the file name for a single file).
    pub rel: String,
    pub fingerprint: Fingerprint,
}

impl Found {
    /// The file's path, `root` being the archive's.
    pub fn path_in(&self, root: &Path) -> std::borrow::Cow<'_, Path> {
        if self.path.as_os_str().is_empty() {
            std::borrow::Cow::Owned(root.join(&self.rel))
        } else {
            std::borrow::Cow::Borrowed(&self.path)
        }
    }
}

/// A folder as a walk saw it: its path relative to the archive root ("" for the root) and
/// its modification time, taken before its entries were read. A file added to the folder or
/// removed from it (renamed in or out) changes that time; a file edited in place does not.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct DirStamp {
    pub rel: String,
    pub mtime_ns: u128,
}

/// What a walk found: the files (in `rel` order), the folders it read, and when it started
/// (nanoseconds since the epoch).
#[derive(Debug, Clone, Default)]
pub struct Walked {
    pub files: Vec<Found>,
    pub dirs: Vec<DirStamp>,
    pub started_ns: u128,
}

/// A folder stamped this close to the start of its walk (or after it) may have changed
/// within the same tick of a coarse clock (1-2 s on some file systems) after it was read:
/// such a folder is always read again.
const RACY_NS: u128 = 2_000_000_000;

/// Every file under `root`; unreadable entries go to `warn` with the reason. Hidden files and
/// folders (name starting with `.`) are skipped.
pub fn walk(root: &Path, warn: &mut dyn FnMut(String, String)) -> Vec<Found> {
    walk_all(root, warn).files
}

/// As [`walk`], with the folders read and their modification times.
pub fn walk_all(root: &Path, warn: &mut dyn FnMut(String, String)) -> Walked {
    let started_ns = now_ns();
    let mut walked = Walked {
        started_ns,
        ..Walked::default()
    };
    if root.is_file() {
        let rel = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::metadata(root) {
            Ok(m) => walked.files.push(Found {
                path: root.to_path_buf(),
                rel,
                fingerprint: fingerprint(&m),
            }),
            Err(e) => warn(root.display().to_string(), e.to_string()),
        }
        return walked;
    }
    let stamp = std::fs::metadata(root).map_or(0, |m| fingerprint(&m).mtime_ns);
    let mut seen = std::collections::HashSet::new();
    walk_below(
        root,
        root.to_path_buf(),
        stamp,
        &mut seen,
        &mut walked,
        warn,
    );
    walked.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    walked.dirs.sort_by(|a, b| a.rel.cmp(&b.rel));
    walked
}

/// Walk the folder `top` (stamped `stamp`) and every folder below it, adding their files
/// and stamps to `walked`. `seen` holds the canonical folders already walked: a symlink loop
/// is walked once.
fn walk_below(
    root: &Path,
    top: PathBuf,
    stamp: u128,
    seen: &mut std::collections::HashSet<PathBuf>,
    walked: &mut Walked,
    warn: &mut dyn FnMut(String, String),
) {
    let mut stack = vec![(top, stamp)];
    while let Some((dir, mtime_ns)) = stack.pop() {
        if !seen.insert(dir.canonicalize().unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        walked.dirs.push(DirStamp {
            rel: rel_of(root, &dir),
            mtime_ns,
        });
        read_folder(root, &dir, &mut walked.files, &mut stack, warn);
    }
}

/// The entries of the folder `dir`: its files (with their fingerprints) into `files`, its
/// folders (with their modification times) into `dirs`.
fn read_folder(
    root: &Path,
    dir: &Path,
    files: &mut Vec<Found>,
    dirs: &mut Vec<(PathBuf, u128)>,
    warn: &mut dyn FnMut(String, String),
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warn(dir.display().to_string(), e.to_string());
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                warn(dir.display().to_string(), e.to_string());
                continue;
            }
        };
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Follows symlinks, as a reader would.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                let mtime_ns = fingerprint(&m).mtime_ns;
                dirs.push((path, mtime_ns));
            }
            Ok(m) if m.is_file() => {
                let rel = rel_of(root, &path);
                files.push(Found {
                    path,
                    rel,
                    fingerprint: fingerprint(&m),
                });
            }
            Ok(m) => warn(
                path.display().to_string(),
                format!("skipped: {}, not a file", kind(&m)),
            ),
            Err(e) => warn(path.display().to_string(), e.to_string()),
        }
    }
}

/// `path` relative to `root`, as stored.
fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The folder of a file's relative path ("" for the root).
fn parent_rel(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// What [`rewalk`] found.
#[derive(Debug)]
pub enum Rewalk {
    /// No folder changed: the files are as known.
    Unchanged,
    /// Files were added or removed (or changed in a folder that changed): the files and
    /// folders as they are now.
    Changed(Walked),
}

/// The files under the folder `root` as they are now, found without looking at every file:
/// only the folders whose modification time differs from `dirs` (stamped by a walk that
/// started at `started_ns`; or stamped so close to it that the stamp cannot be trusted) are
/// read again, and their files looked at; every other folder's files are taken from `known`
/// as they were. A file edited in place, in a folder nothing was added to or removed from,
/// is not seen (only a full [`walk_all`] looks at every file).
pub fn rewalk(
    root: &Path,
    known: &[(&str, Fingerprint)],
    dirs: &[DirStamp],
    started_ns: u128,
    warn: &mut dyn FnMut(String, String),
) -> Rewalk {
    let now = now_ns();
    let mut clean: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut dirty: Vec<&DirStamp> = Vec::new();
    for d in dirs {
        let racy = d.mtime_ns.saturating_add(RACY_NS) >= started_ns;
        let path = if d.rel.is_empty() {
            root.to_path_buf()
        } else {
            root.join(&d.rel)
        };
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() && !racy && fingerprint(&m).mtime_ns == d.mtime_ns => {
                clean.insert(&d.rel);
            }
            Ok(m) if m.is_dir() => dirty.push(d),
            // Gone (or no longer a folder): its parent changed too and says what is there.
            _ => {}
        }
    }
    if dirty.is_empty() && clean.len() == dirs.len() {
        return Rewalk::Unchanged;
    }
    let mut walked = Walked {
        started_ns: now,
        ..Walked::default()
    };
    for d in dirs.iter().filter(|d| clean.contains(d.rel.as_str())) {
        walked.dirs.push(d.clone());
    }
    // The files of unchanged folders, as known (a folder's files mostly follow each other:
    // its verdict is looked up once per run of them).
    walked.files.reserve(known.len() + known.len() / 64);
    let mut last: Option<(&str, bool)> = None;
    for &(rel, fingerprint) in known {
        let parent = parent_rel(rel);
        let keep = match last {
            Some((seen, keep)) if seen == parent => keep,
            _ => {
                let keep = clean.contains(parent);
                last = Some((parent, keep));
                keep
            }
        };
        if keep {
            walked.files.push(Found {
                path: PathBuf::new(),
                rel: rel.to_string(),
                fingerprint,
            });
        }
    }
    let stamped: std::collections::HashSet<&str> = dirs.iter().map(|d| d.rel.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    let mut known_seen = false;
    for d in dirty {
        let path = if d.rel.is_empty() {
            root.to_path_buf()
        } else {
            root.join(&d.rel)
        };
        // Stamped before reading it, as a walk does.
        let mtime_ns = std::fs::metadata(&path).map_or(0, |m| fingerprint(&m).mtime_ns);
        seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone()));
        walked.dirs.push(DirStamp {
            rel: d.rel.clone(),
            mtime_ns,
        });
        let mut below = Vec::new();
        read_folder(root, &path, &mut walked.files, &mut below, warn);
        // Folders that were there are checked on their own; new ones are walked whole.
        for (sub, stamp) in below {
            if !stamped.contains(rel_of(root, &sub).as_str()) {
                if !std::mem::replace(&mut known_seen, true) {
                    // Every known folder counts as walked (a new symlink to one is a loop).
                    for known in dirs {
                        let p = root.join(&known.rel);
                        seen.insert(p.canonicalize().unwrap_or(p));
                    }
                }
                walk_below(root, sub, stamp, &mut seen, &mut walked, warn);
            }
        }
    }
    walked.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    walked.dirs.sort_by(|a, b| a.rel.cmp(&b.rel));
    let same = walked.files.len() == known.len()
        && walked
            .files
            .iter()
            .zip(known)
            .all(|(f, (rel, fp))| f.rel == *rel && f.fingerprint == *fp);
    if same {
        Rewalk::Unchanged
    } else {
        Rewalk::Changed(walked)
    }
}

/// The time now, in nanoseconds since the epoch.
fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// What a path that is neither a file nor a folder is (a named pipe would block a read).
fn kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = m;
    "a special file"
}

fn fingerprint(m: &std::fs::Metadata) -> Fingerprint {
    let mtime_ns = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Fingerprint {
        size: m.len(),
        mtime_ns,
    }
}

/// The fingerprint of the file at `path` now (`None` when it cannot be read).
pub fn fingerprint_of(path: &Path) -> Option<Fingerprint> {
    std::fs::metadata(path).ok().map(|m| fingerprint(&m))
}

/// A stable 64-bit key for a relative path (FNV-1a), used to address a file's documents in
/// the keyword index: it is stored there, so it must never change.
pub fn file_key(rel: &str) -> u64 {
    crate::archive::fnv1a(rel.bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_in_order_and_skips_hidden() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("b/c")).expect("mkdir");
        std::fs::write(dir.path().join("b/c/x.txt"), "x").expect("write");
        std::fs::write(dir.path().join("a.txt"), "a").expect("write");
        std::fs::write(dir.path().join(".hidden"), "h").expect("write");
        let found = walk(dir.path(), &mut |_, _| {});
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b/c/x.txt"]);
        assert_ne!(file_key("a.txt"), file_key("b.txt"));
    }

    /// The keys stored in keyword indexes built by earlier versions (FNV-1a, written by hand
    /// then): a different hash would orphan every cached document.
    #[test]
    fn file_keys_are_those_earlier_indexes_hold() {
        assert_eq!(file_key("a.txt"), 0x7ed5_82b5_571b_bd5a);
        assert_eq!(file_key("cables/1979/79STATE1.txt"), 0xc21a_773c_1b47_618d);
    }

    #[cfg(unix)]
    #[test]
    #[allow(unsafe_code, reason = "libc's mkfifo is the only way to make a FIFO")]
    fn a_fifo_is_skipped_and_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), "a").expect("write");
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let mut warnings = Vec::new();
        let found = walk(dir.path(), &mut |w, r| warnings.push((w, r)));
        assert_eq!(found.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].0, fifo.display().to_string());
        assert!(warnings[0].1.contains("named pipe"), "{warnings:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("d")).expect("mkdir");
        std::fs::write(dir.path().join("d/x.txt"), "x").expect("write");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("d/loop")).expect("symlink");
        let found = walk(dir.path(), &mut |_, _| {});
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
