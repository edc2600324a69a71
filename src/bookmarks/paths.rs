//! Where the bookmark and session files live: one pair per archive in the user's data folder.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// A stable key for an archive: `demo`, or its canonical path (so `./x` and `/abs/x` agree).
pub fn archive_key(archive_name: &str) -> String {
    if archive_name == "demo" {
        return archive_name.to_string();
    }
    std::fs::canonicalize(archive_name)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| archive_name.to_string())
}

/// The bookmark file of an archive: `bookmarks-<name>-<hash>.json`.
pub fn bookmarks_file(data_dir: &Path, archive_key: &str) -> PathBuf {
    data_dir.join(format!("bookmarks-{}.json", file_stem(archive_key)))
}

/// The session file (last cable, reading positions) of an archive: `session-<name>-<hash>.json`.
pub fn session_file(data_dir: &Path, archive_key: &str) -> PathBuf {
    data_dir.join(format!("session-{}.json", file_stem(archive_key)))
}

/// A readable, file-system-safe stem: the archive's last path component (up to 32 safe
/// characters) and an FNV-1a hash of the whole key, so different archives never share a file.
fn file_stem(key: &str) -> String {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(key.as_bytes());
    format!("{}-{:016x}", readable_name(key), hasher.finish())
}

/// The last component of an archive's path as a safe file-name part: up to 32 letters,
/// digits, `-` and `_` (anything else becomes `_`), or `archive`.
pub fn readable_name(key: &str) -> String {
    let last = Path::new(key.trim_end_matches('/'))
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let readable: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    if readable.is_empty() {
        "archive".to_string()
    } else {
        readable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_readable_and_distinct() {
        let dir = Path::new("/data");
        let a = bookmarks_file(dir, "/home/me/cablegate");
        let b = bookmarks_file(dir, "/home/you/cablegate");
        assert_ne!(a, b);
        let name = a.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(
            name.is_some_and(|n| n.starts_with("bookmarks-cablegate-") && n.ends_with(".json"))
        );
        assert_ne!(
            bookmarks_file(dir, "demo"),
            session_file(dir, "demo").with_file_name("bookmarks-x.json")
        );
    }

    #[test]
    fn odd_names_are_made_safe() {
        let p = bookmarks_file(Path::new("/d"), "/x/a b:c\u{1b}[31m");
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(name.is_some_and(|n| n.starts_with("bookmarks-a_b_c__31m-")));
    }
}
