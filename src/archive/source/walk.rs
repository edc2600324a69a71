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
    pub path: PathBuf,
    /// The path relative to the archive root (the file name for a single file).
    pub rel: String,
    pub fingerprint: Fingerprint,
}

/// Every file under `root`; unreadable entries go to `warn` with the reason. Hidden files and
/// folders (name starting with `.`) are skipped.
pub fn walk(root: &Path, warn: &mut dyn FnMut(String, String)) -> Vec<Found> {
    let mut out = Vec::new();
    if root.is_file() {
        let rel = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::metadata(root) {
            Ok(m) => out.push(Found {
                path: root.to_path_buf(),
                rel,
                fingerprint: fingerprint(&m),
            }),
            Err(e) => warn(root.display().to_string(), e.to_string()),
        }
        return out;
    }
    let mut stack = vec![root.to_path_buf()];
    // Canonical folders already walked: a symlink loop is walked once.
    let mut seen = std::collections::HashSet::new();
    while let Some(dir) = stack.pop() {
        if !seen.insert(dir.canonicalize().unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warn(dir.display().to_string(), e.to_string());
                continue;
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
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) if m.is_file() => {
                    let rel = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .into_owned();
                    out.push(Found {
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
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
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
