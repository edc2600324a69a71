//! One state per screen or overlay. `App` holds them; `update` changes them; views read them.

pub mod bookmarks;
pub mod diff;
pub mod document;
pub mod filter;
pub mod help;
pub mod list;
pub mod palette;
pub mod provenance;
pub mod reader;
pub mod thread;

pub use help::{HelpPage, HelpState};
pub use list::ListState;
pub use reader::ReaderState;

/// What a prompt line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptPurpose {
    /// Search the open cable (`/`).
    Search,
    /// Edit the list's filter (`f`).
    Filter,
    /// The note of the bookmark in `BookmarksState::editing`.
    BookmarkNote,
}

/// A one-line text prompt at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptState {
    pub purpose: PromptPurpose,
    /// The line being typed.
    pub input: crate::tui::input::LineInput,
    /// For the filter: how many cables the text would keep, or why it cannot be read.
    pub preview: Option<Result<usize, String>>,
    /// For the filter in a large archive: the text whose count is on a worker.
    pub counting: Option<String>,
    /// The last count shown, kept (as "→ N cables…") while the next one is on a worker.
    pub last_count: Option<usize>,
}

impl PromptState {
    /// A prompt for `purpose` holding `text`, Up walking `history` (oldest first).
    pub fn new(purpose: PromptPurpose, text: &str, history: Vec<String>) -> PromptState {
        PromptState {
            purpose,
            input: crate::tui::input::LineInput::with_history(text, history),
            preview: None,
            counting: None,
            last_count: None,
        }
    }
}

/// The warnings overlay: the archive's files that could not be read, scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WarningsState {
    pub scroll: usize,
}

impl WarningsState {
    /// The warnings box's lines at `width` columns: each file on a line of its own (`true`),
    /// relative to the archive, then its reason wrapped below it, indented by two.
    pub fn lines(archive: &crate::archive::Archive, width: usize) -> Vec<(bool, String)> {
        use crate::tui::wrap::wrap;
        let mut out = Vec::new();
        for w in archive.warnings() {
            let source = archive.shown_source(w);
            for r in wrap(source, width) {
                out.push((true, source[r].to_string()));
            }
            let reason = &w.reason;
            for r in wrap(reason, width.saturating_sub(2)) {
                out.push((false, format!("  {}", &reason[r])));
            }
        }
        out
    }
}

/// The references overlay: the open cable's references and tags, one selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReferencesState {
    pub items: Vec<HeaderLink>,
    pub selected: usize,
}

/// A link in a cable's header: Enter follows it, `*` searches the archive for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderLink {
    /// A cited cable (id as written), with its archive index when it is in the archive.
    Reference { id: String, found: Option<usize> },
    /// A TAGS code.
    Tag(String),
}

impl HeaderLink {
    /// The keyword query that finds the other cables sharing this link.
    pub fn search_query(&self) -> String {
        match self {
            HeaderLink::Reference { id, .. } => format!("ref:{id}"),
            HeaderLink::Tag(code) => format!("tag:{code}"),
        }
    }
}

/// Something drawn over the panes; the top one gets the keys ([`crate::tui::update::App::recipient`]).
/// A new overlay is a variant here, a view in `view/` and its commands in `update/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help(HelpState),
    Warnings(WarningsState),
    References(ReferencesState),
    Thread(thread::ThreadState),
    Diff(Box<diff::DiffState>),
    Prompt(PromptState),
    Bookmarks(bookmarks::BookmarksScreen),
    Palette(Box<palette::PaletteState>),
}

/// A line for the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// A cable left by following a reference, to return to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryEntry {
    pub index: usize,
    pub anchor: reader::Anchor,
}
