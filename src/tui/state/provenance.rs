//! Where the open cable came from and where it leads, for the reader's header: its source
//! (file, row, release, kind of copy), its place among the cable's copies, and the cables
//! that cite it.

use crate::archive::Archive;

/// A header field the archive adds to the cable's own: (label, text).
pub type Field = (&'static str, String);

/// Citing cables named in the header; the thread view (`t`) lists them all.
const CITERS_SHOWN: usize = 3;

/// The header fields of cable `index`: `Source` and `Copies` (when it has several; the
/// embedded demo has no files to name), and `Cited by` when other cables cite it.
pub fn fields(archive: &Archive, index: usize) -> Vec<Field> {
    let mut out = Vec::new();
    if archive.has_files() {
        out.push(("Source", archive.copy_info(index).describe()));
    }
    let copies = archive.copies_of(index);
    if copies.len() > 1 {
        let at = copies.iter().position(|&c| c == index).unwrap_or(0) + 1;
        let shown = if at == 1 {
            " (the best: the one the list shows)"
        } else {
            ""
        };
        out.push((
            "Copies",
            format!("{at} of {}{shown}; c: the next copy", copies.len()),
        ));
    }
    let citers = archive.cited_by(archive.id(index));
    if !citers.is_empty() {
        let named: Vec<String> = citers
            .iter()
            .take(CITERS_SHOWN)
            .filter_map(|&i| archive.meta_at(i))
            .map(|m| {
                let date = m.date.map(|d| d.iso_date()).unwrap_or_default();
                format!("{} {date} {}", m.id, m.subject)
            })
            .collect();
        let more = match citers.len().saturating_sub(CITERS_SHOWN) {
            0 => String::new(),
            n => format!(" · and {n} more"),
        };
        let n = citers.len();
        let cables = if n == 1 { "cable" } else { "cables" };
        out.push((
            "Cited by",
            format!("{n} {cables}: {}{more} (t: the thread)", named.join(" · ")),
        ));
    }
    out
}
