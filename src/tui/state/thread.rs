//! The thread view: from one cable, the cables it cites (and those cite) and the cables that
//! cite it (and those that cite them), two levels each way, as a tree walked with the list's
//! keys.

use crate::archive::Archive;
use crate::cable::CableDate;

/// How deep the thread goes each way.
pub const LEVELS: usize = 2;

/// How a row is linked to the row it hangs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The cable the thread is about.
    Root,
    /// Cited by the row above it in the tree (a reference, back in time).
    Cites,
    /// Cites the row above it in the tree (a citation, forward in time).
    CitedBy,
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    /// Tree glyphs before the row (`│ ├ `).
    pub prefix: String,
    pub link: Link,
    pub id: String,
    /// The archive's cable, when it holds the id.
    pub index: Option<usize>,
    pub date: Option<CableDate>,
    pub subject: String,
}

/// The thread overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadState {
    pub rows: Vec<ThreadRow>,
    pub selected: usize,
}

impl ThreadState {
    /// The thread of cable `index`.
    pub fn of(archive: &Archive, index: usize) -> ThreadState {
        let mut rows = vec![row(
            archive,
            String::new(),
            Link::Root,
            archive.id(index),
            Some(index),
        )];
        let mut children = Vec::new();
        for (id, found) in archive.cites(index) {
            children.push((Link::Cites, id, found));
        }
        for i in archive.cited_by(archive.id(index)) {
            children.push((Link::CitedBy, archive.id(i).to_string(), Some(i)));
        }
        branch(archive, &mut rows, "", children, 1);
        ThreadState { rows, selected: 0 }
    }

    /// Move the selection by `delta` rows (kept inside the tree).
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

fn row(archive: &Archive, prefix: String, link: Link, id: &str, index: Option<usize>) -> ThreadRow {
    let meta = index.and_then(|i| archive.meta_at(i));
    ThreadRow {
        prefix,
        link,
        id: id.to_string(),
        index,
        date: meta.as_ref().and_then(|m| m.date),
        subject: meta.map(|m| m.subject.clone()).unwrap_or_default(),
    }
}

/// Add `children` under a row whose own glyphs are `indent`, each followed by its own
/// children one level further in the same direction, down to [`LEVELS`].
fn branch(
    archive: &Archive,
    rows: &mut Vec<ThreadRow>,
    indent: &str,
    children: Vec<(Link, String, Option<usize>)>,
    level: usize,
) {
    let n = children.len();
    for (k, (link, id, found)) in children.into_iter().enumerate() {
        let last = k + 1 == n;
        let glyph = if last { "└ " } else { "├ " };
        rows.push(row(archive, format!("{indent}{glyph}"), link, &id, found));
        let Some(i) = found.filter(|_| level < LEVELS) else {
            continue;
        };
        let next: Vec<(Link, String, Option<usize>)> = match link {
            Link::Cites => archive
                .cites(i)
                .into_iter()
                .map(|(id, found)| (Link::Cites, id, found))
                .collect(),
            _ => archive
                .cited_by(&id)
                .into_iter()
                .map(|j| (Link::CitedBy, archive.id(j).to_string(), Some(j)))
                .collect(),
        };
        let deeper = format!("{indent}{}", if last { "  " } else { "│ " });
        branch(archive, rows, &deeper, next, level + 1);
    }
}
