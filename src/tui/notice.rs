//! Start notices said once: the archive's unreadable files are news the first time, and noise
//! at every later start (`!` lists them whenever wanted). What was said is remembered as a
//! fingerprint in the data folder (`notices-<archive>.txt`); a change in the files (another
//! file fails, one is fixed) is news again.

use crate::archive::Warning;
use crate::bookmarks::paths;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// Where the fingerprint of the last notice about an archive is kept.
pub fn file(data_dir: &Path, archive_name: &str) -> PathBuf {
    let session = paths::session_file(data_dir, &paths::archive_key(archive_name));
    let name = session.file_name().map_or_else(String::new, |n| {
        n.to_string_lossy()
            .replacen("session-", "notices-", 1)
            .replace(".json", ".txt")
    });
    data_dir.join(name)
}

/// A fingerprint of `warnings` (FNV-1a over sources and reasons, as hex).
pub fn fingerprint(warnings: &[&Warning]) -> String {
    let mut h = fnv::FnvHasher::default();
    for w in warnings {
        h.write(w.source.as_bytes());
        h.write_u8(0);
        h.write(w.reason.as_bytes());
        h.write_u8(0);
    }
    format!("{:016x}", h.finish())
}

/// True when `warnings` should be said at this start: never said about this archive, or
/// different from what was said last. Records them as said (in `data_dir`; without one,
/// every start says them). A fingerprint that cannot be written only means the notice is
/// said again next time.
pub fn first_time(data_dir: Option<&Path>, archive_name: &str, warnings: &[&Warning]) -> bool {
    let Some(dir) = data_dir else {
        return true;
    };
    let path = file(dir, archive_name);
    let now = fingerprint(warnings);
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    if before.trim() == now {
        return false;
    }
    let _ = std::fs::create_dir_all(dir);
    let _ = crate::bookmarks::write_atomic(&path, format!("{now}\n").as_bytes());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_said_once_and_again_when_the_files_change() {
        let tmp = tempfile::tempdir().ok();
        let data = tmp.as_ref().map(|t| t.path().join("data"));
        let dir = data.as_deref();
        let a = Warning::new("/srv/a/x.html", "not a cable");
        let b = Warning::new("/srv/a/y.html", "empty");
        assert!(first_time(dir, "/srv/a", &[&a]));
        assert!(!first_time(dir, "/srv/a", &[&a]));
        assert!(first_time(dir, "/srv/a", &[&a, &b]));
        assert!(!first_time(dir, "/srv/a", &[&a, &b]));
        // Another archive has its own memory; without a data folder, always.
        assert!(first_time(dir, "/srv/other", &[&a]));
        assert!(first_time(None, "/srv/a", &[&a]));
        assert!(first_time(None, "/srv/a", &[&a]));
    }
}
