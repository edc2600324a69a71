//! Effects: work `update` asks the runtime for (I/O, terminal modes). Results come back as
//! actions, so `update` itself never does I/O and tests can use a fake runtime.

use super::action::LoadPurpose;

/// One piece of work for the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Parse cable `index` of the archive and prepare it for the reader (on a worker);
    /// answer with `Action::CableLoaded` or `LoadFailed` carrying `ticket`.
    LoadCable {
        ticket: u64,
        index: usize,
        purpose: LoadPurpose,
    },
    /// Find the cable with this id and load it (as `LoadCable`): to follow a reference, or
    /// to reopen the last cable at start.
    OpenId {
        ticket: u64,
        id: String,
        purpose: LoadPurpose,
    },
    /// Turn mouse capture on or off.
    SetMouse(bool),
    /// Restore the terminal, stop the process (SIGTSTP), and set the terminal up again.
    Suspend,
    /// Clear and redraw everything (after a resume or a theme change).
    Redraw,
    /// Put this text on the user's clipboard through the front end (OSC 52 on a terminal).
    Copy(String),
    /// Leave the loop and restore the terminal (`update` asks for it once every save made
    /// at quitting has finished).
    Quit,
    /// Rank `list` against `needle` (off the UI thread); answer with `PaletteAction::Matched`.
    PaletteMatch {
        generation: u64,
        list: super::state::palette::SharedList,
        needle: String,
    },
    /// A page of a keyword search for the palette, from hit `offset` on; answer with
    /// `PaletteAction::Found`.
    PaletteKeyword {
        generation: u64,
        needle: String,
        offset: usize,
    },
    /// Every cable a keyword search finds, for `)`/`(`; answer with `PaletteAction::Walk`.
    ResultSet { query: String },
    /// Save the bookmarks (lock, merge, atomic write); answer with `Action::Bookmarks(Saved)`.
    SaveBookmarks(Box<crate::bookmarks::BookmarkStore>),
    /// Read in what other sessions saved; answer with `Action::Bookmarks(Saved)`.
    ReloadBookmarks(Box<crate::bookmarks::BookmarkStore>),
    /// Export these bookmarks (in the screen's order) to a new file in `dir`; answer with
    /// `Action::Bookmarks(Exported)`.
    ExportBookmarks {
        bookmarks: Vec<crate::bookmarks::Bookmark>,
        format: crate::bookmarks::export::Format,
        dir: std::path::PathBuf,
    },
    /// Count the facets of these rows of the list (archive indexes); answer with
    /// `Action::FacetsCounted` carrying `generation`.
    CountFacets {
        generation: u64,
        rows: std::sync::Arc<Vec<u32>>,
    },
    /// Count the cables the filter being typed (`text`) would keep, in a large archive (off
    /// the UI thread); answer with `Action::FilterCounted` carrying `text`.
    CountFilter {
        text: String,
        filter: crate::archive::catalog::Filter,
    },
    /// Sort the list's rows (a long list, off the UI thread); answer with
    /// `Action::RowsSorted` carrying the job's ticket.
    SortRows(super::state::list::SortJob),
    /// Save the session (last cable, reading positions); answer with `SessionSaved`.
    SaveSession(Box<crate::bookmarks::session::SessionStore>),
}
