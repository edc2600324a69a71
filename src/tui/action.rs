//! Actions: what the user means (verb + object), or a finished result coming back from the
//! runtime. `App::update` is the only place they change state.

use crate::bookmarks::Timestamp;

/// What `update` cannot know by itself, handed in with every action: the time, and a random
/// number (for new bookmark ids). The runtime reads the clock; a test gives fixed values, so
/// a run can be replayed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The wall-clock time of the action (UTC, milliseconds).
    pub now: Timestamp,
    /// A random number drawn for this action.
    pub random: u32,
}

impl Moment {
    /// The real time and a fresh random number (the runtime's).
    pub fn real() -> Moment {
        Moment {
            now: Timestamp::now(),
            random: fastrand::u32(..),
        }
    }

    /// A fixed moment, `millis` after the Unix epoch (tests).
    pub fn at(millis: i64, random: u32) -> Moment {
        Moment {
            now: Timestamp::from_unix_millis(millis),
            random,
        }
    }

    /// Milliseconds from `self` to `later` (0 when `later` is earlier).
    pub fn millis_until(self, later: Timestamp) -> u64 {
        later
            .unix_millis()
            .saturating_sub(self.now.unix_millis())
            .max(0) as u64
    }
}

macro_rules! commands {
    ($($variant:ident => $name:literal, $desc:literal;)*) => {
        /// A bindable command: a named action without data, listed in help and the palette.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $(#[doc = $desc] $variant,)*
        }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The `snake_case` name used in config files and the command palette.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name,)* }
            }

            /// A one-line description for help.
            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc,)* }
            }

            /// The command with this `snake_case` name.
            pub fn from_name(name: &str) -> Option<Command> {
                Command::ALL.iter().copied().find(|c| c.name() == name)
            }
        }
    };
}

commands! {
    Quit => "quit", "Quit cables";
    Suspend => "suspend", "Suspend to the shell (fg to return)";
    Help => "help", "Show this help";
    Warnings => "warnings", "List the files that could not be read, and why";
    SwitchPane => "switch_pane", "Switch between the list and the reader";
    CycleTheme => "cycle_theme", "Switch to the next colour theme";
    ToggleMouse => "toggle_mouse", "Turn mouse capture on or off (wheel scrolling)";
    MoveDown => "move_down", "Down one line";
    MoveUp => "move_up", "Up one line";
    PageDown => "page_down", "Down one page";
    PageUp => "page_up", "Up one page";
    HalfPageDown => "half_page_down", "Down half a page";
    HalfPageUp => "half_page_up", "Up half a page";
    Top => "top", "Go to the top";
    Bottom => "bottom", "Go to the bottom";
    NextPage => "next_page", "Help: the next page (keys, filter, search, palette)";
    PrevPage => "prev_page", "Help: the previous page";
    Open => "open", "Open the selected cable or reference";
    Close => "close", "Close (the reader, an overlay); quit from the list";
    Back => "back", "Back: the previous cable in the history, else close";
    SortNext => "sort_next", "Sort by the next column (date, id, origin, class, most cited)";
    SortReverse => "sort_reverse", "Reverse the sort order";
    SortDate => "sort_date", "Sort by date (again: reverse)";
    SortId => "sort_id", "Sort by id (again: reverse)";
    SortOrigin => "sort_origin", "Sort by origin (again: reverse)";
    SortClassification => "sort_classification", "Sort by classification (again: reverse)";
    SortCited => "sort_cited", "Sort by citations, the most cited first (again: reverse)";
    EditFilter => "edit_filter", "Filter: tag:PHUM origin:dushanbe year:2008-2009 class:secret copies:all";
    SearchKeywords => "search_keywords", "Search the text of every cable (the palette's / mode)";
    ClearFilter => "clear_filter", "Clear the filter";
    ToggleFacets => "toggle_facets", "Show or hide the facet panel and timeline";
    NextParagraph => "next_paragraph", "Next paragraph";
    PrevParagraph => "prev_paragraph", "Previous paragraph";
    References => "references", "List references and tags (Enter: open or filter)";
    SearchArchive => "search_archive", "Search the archive for the selected reference/tag";
    ToggleRecipients => "toggle_recipients", "Expand or fold the recipients";
    ToggleOriginal => "toggle_original", "Show the original text as read (again: reflowed)";
    NextCopy => "next_copy", "Next copy of this cable (from another file or release)";
    PrevInPost => "prev_in_post", "The previous cable from the same post, by date";
    NextInPost => "next_in_post", "The next cable from the same post, by date";
    Thread => "thread", "The thread: references back, citations forward, two levels";
    DiffCopies => "diff_copies", "Compare this copy with another copy of the cable, word by word";
    NextChange => "next_change", "Next change between the two copies";
    PrevChange => "prev_change", "Previous change between the two copies";
    Search => "search", "Search this cable";
    NextHit => "next_hit", "Next search hit";
    PrevHit => "prev_hit", "Previous search hit";
    Bookmarks => "bookmarks", "Show the bookmarks (again: close them)";
    Copy => "copy", "Copy the top ¶ (or the selection) with its citation";
    SelectParagraphs => "select_paragraphs", "Select paragraphs from the top one (again: drop)";
    BookmarkParagraph => "bookmark_paragraph", "Bookmark the top paragraph; again: edit/remove";
    FilterBookmarks => "filter_bookmarks", "Filter the bookmarks as you type (Enter stops, Esc clears)";
    EditNote => "edit_note", "Edit the selected bookmark's note";
    DeleteBookmark => "delete_bookmark", "Delete the selected bookmark";
    UndoDelete => "undo_delete", "Undo the last deletion (this session)";
    ExportMarkdown => "export_markdown", "Export the bookmarks shown to a Markdown file (quotes, citations, BibTeX)";
    ExportJson => "export_json", "Export the bookmarks shown to a JSON file";
    Palette => "palette", "Palette: cables; >commands #tags @origins /keywords ¶paragraph";
    NextResult => "next_result", "Next cable of the last palette keyword search";
    PrevResult => "prev_result", "Previous cable of the last palette keyword search";
    DeleteBack => "delete_back", "Delete the character before the cursor";
    DeleteForward => "delete_forward", "Delete the character under the cursor";
    CursorLeft => "cursor_left", "Cursor one character left";
    CursorRight => "cursor_right", "Cursor one character right";
    LineStart => "line_start", "Cursor to the start of the line";
    LineEnd => "line_end", "Cursor to the end of the line";
    WordLeft => "word_left", "Cursor to the start of the word before it";
    WordRight => "word_right", "Cursor to the end of the word after it";
    EraseWord => "erase_word", "Delete the word before the cursor";
    EraseToStart => "erase_to_start", "Delete everything before the cursor";
    EraseToEnd => "erase_to_end", "Delete everything from the cursor on";
    HistoryPrev => "history_prev", "The previous entry of this prompt's history";
    HistoryNext => "history_next", "The next entry of this prompt's history";
}

/// Everything `App::update` understands.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A bound command.
    Command(Command),
    /// The terminal changed size (columns, rows).
    Resize(u16, u16),
    /// Scroll the focused pane by this many lines.
    Scroll(i32),
    /// Scroll the pane under (column, row) by this many lines (mouse wheel).
    ScrollAt(u16, u16, i32),
    /// A click at (column, row): select a list row (again: open it), or focus a pane.
    ClickAt(u16, u16),
    /// A character typed into the text input that has the keys (prompt, palette, filter).
    Input(char),
    /// An editing key for that text input (the keymap's `input` context).
    Edit(super::input::Edit),
    /// Accept the prompt.
    InputSubmit,
    /// Cancel the prompt.
    InputCancel,
    /// Open the cable with this id (from a reference).
    OpenId(String),
    /// A worker parsed the cable asked for with `ticket` and prepared it for the reader
    /// (references looked up, where it came from): applied only if it is still the one
    /// wanted (the newest ticket), else dropped.
    CableLoaded {
        ticket: u64,
        reader: Box<super::state::ReaderState>,
        /// How the cable was asked for.
        purpose: LoadPurpose,
    },
    /// The cable asked for with `ticket` could not be loaded (dropped when no longer wanted).
    LoadFailed { ticket: u64, error: String },
    /// Every event waiting was taken: do the work put off until then (the filter's preview
    /// count), once per burst of keys, before the frame is drawn.
    Settle,
    /// Time passed with nothing else happening (the runtime wakes up at [`App::due`]): saves
    /// put off until the user is idle are made now.
    ///
    /// [`App::due`]: super::update::App::due
    Tick,
    /// Something failed; show it in the status bar.
    Failed(String),
    /// Save what needs saving and quit (SIGTERM, SIGHUP).
    Terminate,
    /// The process was continued after a suspend: redraw everything.
    Resumed,
    /// The bookmarks screen's filter, or a bookmark or session save finished.
    Bookmarks(BookmarksAction),
    /// Typing in the palette, or its results arriving.
    Palette(PaletteAction),
    /// News of the archive's build going on behind the TUI (first open).
    Build(BuildAction),
    /// This many rows are copies folded into a better copy of the same cable read from
    /// another file (counted in the background at start): worth a hint when nothing else is
    /// said.
    CopiesCounted(usize),
    /// The list's rows sorted on a worker for the sort with this ticket, in `descending`
    /// order or not.
    RowsSorted {
        ticket: u64,
        descending: bool,
        rows: Vec<u32>,
    },
    /// The sort with this ticket could not be done.
    SortFailed { ticket: u64, error: String },
    /// How many cables the filter typed as `text` keeps (counted on a worker), or why it
    /// could not be counted.
    FilterCounted {
        text: String,
        count: Result<usize, String>,
    },
    /// The facet counts of the list's rows of this generation (counted on a worker).
    FacetsCounted {
        generation: u64,
        facets: Box<crate::archive::catalog::Facets>,
    },
}

/// An archive handed over by the build thread; equal when the same.
#[derive(Clone)]
pub struct SharedArchive(pub std::sync::Arc<crate::archive::Archive>);

impl std::fmt::Debug for SharedArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedArchive({} cables)", self.0.len())
    }
}

impl PartialEq for SharedArchive {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the build behind the TUI reports.
#[derive(Debug, Clone, PartialEq)]
pub enum BuildAction {
    /// How far it is.
    Progress(crate::archive::Progress),
    /// More cables read (a preview), or the finished archive (`done`).
    Archive { archive: SharedArchive, done: bool },
    /// The build failed; the cables read so far stay browsable.
    Failed(String),
}

/// What happens in the palette overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteAction {
    /// Move the selection by this many rows.
    Move(i32),
    /// Move the selection by a page (down when true).
    Page(bool),
    Accept,
    Cancel,
    /// A ranking from the matcher.
    Matched(crate::palette::Update),
    /// The palette's lists, built in the background at start.
    Lists(super::state::palette::SharedLists),
    /// A page of keyword-search hits from `offset` on, for request `generation` (or why
    /// there are none).
    Found {
        generation: u64,
        offset: usize,
        page: Result<crate::archive::SearchPage, String>,
    },
    /// Every cable (with the paragraph of its first hit) of the keyword search `query`.
    Walk {
        query: String,
        stops: Result<Vec<(usize, u32)>, String>,
    },
}

/// Bookmark actions: the bookmarks screen's filter, and finished saves.
#[derive(Debug, Clone, PartialEq)]
pub enum BookmarksAction {
    /// Stop typing, keep the filter.
    FilterDone,
    /// Stop typing and clear the filter.
    FilterCancel,
    /// A bookmark save (or reload) of the copy `sent` finished on a worker: the merged store,
    /// messages, and the error if it failed. Changes made since `sent` are kept.
    Saved {
        sent: Box<crate::bookmarks::BookmarkStore>,
        store: Box<crate::bookmarks::BookmarkStore>,
        notes: Vec<String>,
        error: Option<String>,
        /// The save failed only because another process held the lock too long: it is
        /// tried again a little later.
        retry: bool,
    },
    /// An export finished: how many bookmarks, in which format, to which file (or why not).
    Exported {
        count: usize,
        format: crate::bookmarks::export::Format,
        result: Result<std::path::PathBuf, String>,
    },
    /// A session save of the copy `sent` finished on a worker.
    SessionSaved {
        sent: Box<crate::bookmarks::session::SessionStore>,
        session: Box<crate::bookmarks::session::SessionStore>,
        error: Option<String>,
    },
}

/// Why a cable is being loaded; decides what happens to the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadPurpose {
    /// Opened from the list: starts a fresh history.
    Open,
    /// Shown as a preview of the list's selection (side by side): no focus change.
    Preview,
    /// Followed from a reference: the current cable goes on the history.
    Follow,
    /// Returned to by `back`: restores the saved position.
    Return,
    /// Another copy of the open cable (`c`): the same place, the history untouched.
    Copy,
    /// The previous or next cable from the same post (`<`, `>`): the history untouched.
    Turn,
}

impl From<Command> for Action {
    fn from(c: Command) -> Action {
        Action::Command(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(*c));
        }
        let mut names: Vec<_> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
    }
}
