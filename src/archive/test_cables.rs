//! Small archives of made-up cables for tests: one file per cable, in a temporary folder.

use super::Archive;

/// A cable from `post` (`OSLO`), its date-time group `dtg` (`010101Z`, January 2010) and
/// its serial (`000100`, so the id is `10OSLO100`).
pub fn whale_cable(dtg: &str, post: &str, serial: &str) -> String {
    format!(
        "R {dtg} JAN 10\nFM AMEMBASSY {post}\n\nUNCLAS {post} {serial}\n\nSUBJECT: WHALES\n\n1. Narwhal quotas {serial}.\n"
    )
}

/// An archive of `files` (name, text), opened from a temporary folder kept beside it.
pub fn archive_of(files: &[(&str, String)]) -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).expect("writes");
    }
    let archive = Archive::open(tmp.path()).expect("opens");
    (tmp, archive)
}
