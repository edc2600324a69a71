//! Where the open cable came from, for the reader's header: its source (file, row, release,
//! kind of copy) and its place among the cable's copies.

use crate::archive::Archive;

/// A header field the archive adds to the cable's own: (label, text).
pub type Field = (&'static str, String);

/// The header fields of cable `index`: `Source`, and `Copies` when it has several.
pub fn fields(archive: &Archive, index: usize) -> Vec<Field> {
    if archive.files().is_empty() {
        // The embedded demo: no file to name.
        return Vec::new();
    }
    let mut out = vec![("Source", archive.copy_info(index).describe())];
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
    out
}
