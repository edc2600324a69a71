//! The application state and `update`: the one place state changes. No I/O here.
//!
//! One file per screen, named as in `state/` and `view/`. This module is the hub: it decides
//! who receives a key or a command ([`App::recipient`]) and calls the screen's file; the
//! screens' files do not call each other (what two screens share, such as filtering the list
//! or opening the palette, is a method of `App` here).

mod bookmarks;
mod build;
mod list;
mod mouse;
mod overlay;
mod palette;
mod reader;
pub(super) mod session;

use super::action::{Action, Command, LoadPurpose, Moment};
use super::effect::Effect;
use super::event::{Event, Signal};
use super::input::Edit;
use super::keymap::{Context, Keymap};
use super::keys::Key;
use super::layout::{Layout, Pane};
use super::state::{
    HelpState, HistoryEntry, ListState, Message, Overlay, PromptPurpose, ReaderState, filter,
};
use super::theme::Theme;
use crate::archive::Archive;
use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use std::sync::Arc;

/// What receives keys and commands: an overlay, a text input, or a pane
/// ([`App::recipient`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// The palette: its input line and its rows.
    Palette,
    /// The prompt line (search, filter, bookmark note).
    Prompt,
    /// The bookmarks screen while its filter is typed into.
    BookmarksFilter,
    /// The bookmarks screen.
    Bookmarks,
    Help,
    Warnings,
    References,
    Thread,
    Diff,
    /// The reader pane (focused, with a cable open).
    Reader,
    /// The cable list.
    List,
}

/// Everything the TUI knows. Views render `&App`; only `update` changes it.
pub struct App {
    pub archive: Arc<Archive>,
    pub keymap: Keymap,
    /// The themes a user cycles through, already fitted to the colour depth.
    pub themes: Vec<Theme>,
    /// Index into `themes`.
    pub theme: usize,
    pub size: Rect,
    pub focus: Pane,
    pub list: ListState,
    pub reader: Option<ReaderState>,
    /// Drawn over the panes, last on top.
    pub overlays: Vec<Overlay>,
    /// Cables left by following references (newest last).
    pub history: Vec<HistoryEntry>,
    /// Where to put a cable coming back from the history.
    pub pending_anchor: Option<super::state::reader::Anchor>,
    pub message: Option<Message>,
    pub mouse: bool,
    /// `y` copies to the clipboard (config `clipboard`).
    pub clipboard: bool,
    /// Where the bookmarks screen exports to (the folder `cables` was started in); `None`:
    /// exports are refused with a message.
    pub export_dir: Option<std::path::PathBuf>,
    /// The terminal shows 16 colours or none: colour codes are rewritten for it
    /// ([`super::sgr16`]).
    pub few_colours: bool,
    pub running: bool,
    /// Bookmarks, reading positions and the bookmarks screen's data.
    pub bookmarks: super::state::bookmarks::BookmarksState,
    /// The palette's lists, recent cables and last keyword result set.
    pub palette: super::state::palette::PaletteMemory,
    /// Earlier entries of the search and filter prompts, oldest first (Up recalls them).
    pub prompt_history: std::collections::HashMap<PromptPurpose, Vec<String>>,
    /// How far the build behind the TUI is (first open; `None` once it is done).
    pub building: Option<crate::archive::Progress>,
    /// The build behind the TUI failed: the cables read so far stay, without keyword search.
    pub build_failed: bool,
    /// The time and random number of the action being applied (handed in with it).
    pub moment: Moment,
    /// The cable asked for and not arrived yet (shown as loading); a result with another
    /// ticket is stale and dropped.
    pub loading: Option<Loading>,
    /// The last ticket handed out for a load.
    tickets: u64,
    /// Quitting: keys are ignored while the last saves finish; then `Effect::Quit`.
    pub quitting: bool,
    /// What could not be saved at quitting, for the caller to print after the terminal is
    /// restored.
    pub exit_problems: Vec<String>,
    /// Keys and clicks that came while a cable was being opened: applied, in order, once it
    /// is there, so that keys typed ahead (`Enter j j`) act on the cable they were meant for.
    typed_ahead: std::collections::VecDeque<Event>,
}

/// A cable asked for whose parse has not arrived yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loading {
    pub ticket: u64,
    /// The archive index, when known (a reference followed by id is looked up by the worker).
    pub index: Option<usize>,
    pub purpose: LoadPurpose,
}

/// The prompt's own keys: accept or cancel (the rest edit its line).
fn prompt_key(event: &crossterm::event::KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    match event.code {
        KeyCode::Enter => Some(Action::InputSubmit),
        KeyCode::Esc => Some(Action::InputCancel),
        KeyCode::Char('c') if ctrl => Some(Action::InputCancel),
        _ => None,
    }
}

impl App {
    /// A new app over `archive`, with `themes` (at least one; the ansi theme is added when
    /// empty).
    pub fn new(archive: Arc<Archive>, keymap: Keymap, mut themes: Vec<Theme>) -> App {
        if themes.is_empty() {
            themes.push(Theme::ansi());
        }
        let list = ListState::new(&archive);
        let bookmarks = super::state::bookmarks::BookmarksState::in_memory(&archive);
        App {
            archive,
            keymap,
            themes,
            theme: 0,
            size: Rect::default(),
            focus: Pane::List,
            list,
            reader: None,
            overlays: Vec::new(),
            history: Vec::new(),
            pending_anchor: None,
            message: None,
            mouse: false,
            clipboard: true,
            export_dir: None,
            few_colours: false,
            running: true,
            bookmarks,
            palette: Default::default(),
            prompt_history: Default::default(),
            building: None,
            build_failed: false,
            moment: Moment::at(0, 0),
            loading: None,
            tickets: 0,
            quitting: false,
            exit_problems: Vec::new(),
            typed_ahead: Default::default(),
        }
    }

    /// A cable is being opened (not previewed): keys wait for it.
    fn opening(&self) -> bool {
        self.loading
            .is_some_and(|l| l.purpose != LoadPurpose::Preview)
    }

    /// Ask for cable `index` (it becomes the one wanted: an earlier load still running is
    /// dropped when it arrives).
    pub fn load(&mut self, index: usize, purpose: LoadPurpose) -> Effect {
        self.tickets += 1;
        self.loading = Some(Loading {
            ticket: self.tickets,
            index: Some(index),
            purpose,
        });
        Effect::LoadCable {
            ticket: self.tickets,
            index,
            purpose,
        }
    }

    /// Ask for the cable with this id (looked up by the worker), to follow a reference or
    /// reopen the last cable.
    pub(super) fn load_id(&mut self, id: String, purpose: LoadPurpose) -> Effect {
        self.tickets += 1;
        self.loading = Some(Loading {
            ticket: self.tickets,
            index: None,
            purpose,
        });
        Effect::OpenId {
            ticket: self.tickets,
            id,
            purpose,
        }
    }

    /// The answer with `ticket` is the one wanted (else it is stale: dropped).
    fn wanted(&self, ticket: u64) -> bool {
        self.loading.is_some_and(|l| l.ticket == ticket)
    }

    /// When the runtime should wake up with `Action::Tick` if nothing happens before (a
    /// session save put off until the user is idle, a locked save to try again).
    pub fn due(&self) -> Option<crate::bookmarks::Timestamp> {
        match (self.bookmarks.session_due, self.bookmarks.retry_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The theme in use.
    pub fn theme(&self) -> &Theme {
        &self.themes[self.theme.min(self.themes.len() - 1)]
    }

    /// The layout of the current frame.
    pub fn layout(&self) -> Layout {
        Layout::compute(
            self.size,
            self.focus,
            self.reader.is_some(),
            self.list.show_facets,
        )
    }

    /// The boxes drawn over the panes at the current size.
    pub fn overlay_boxes(&self) -> super::layout::Overlays {
        super::layout::Overlays::compute(self.size)
    }

    /// Show a message in the status bar.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    /// Who receives keys and commands now: the top overlay, else the focused pane. The one
    /// place this is decided; keys, commands and typed text are routed by it.
    pub fn recipient(&self) -> Recipient {
        match self.overlays.last() {
            Some(Overlay::Palette(_)) => Recipient::Palette,
            Some(Overlay::Prompt(_)) => Recipient::Prompt,
            Some(Overlay::Bookmarks(b)) if b.filtering => Recipient::BookmarksFilter,
            Some(Overlay::Bookmarks(_)) => Recipient::Bookmarks,
            Some(Overlay::Help(_)) => Recipient::Help,
            Some(Overlay::Warnings(_)) => Recipient::Warnings,
            Some(Overlay::References(_)) => Recipient::References,
            Some(Overlay::Thread(_)) => Recipient::Thread,
            Some(Overlay::Diff(_)) => Recipient::Diff,
            None if self.focus == Pane::Reader && self.reader.is_some() => Recipient::Reader,
            None => Recipient::List,
        }
    }

    /// The context keys are looked up in first.
    pub fn context(&self) -> Context {
        match self.recipient() {
            Recipient::Help | Recipient::Warnings => Context::Help,
            Recipient::References => Context::References,
            Recipient::Thread => Context::Thread,
            Recipient::Diff => Context::Diff,
            Recipient::Prompt | Recipient::Palette => Context::Global,
            Recipient::Bookmarks | Recipient::BookmarksFilter => Context::Bookmarks,
            Recipient::Reader => Context::Reader,
            Recipient::List => Context::List,
        }
    }

    /// Turn a terminal or worker event, which happened at `moment`, into actions and apply
    /// them.
    pub fn handle_event(&mut self, event: Event, moment: Moment) -> Vec<Effect> {
        self.moment = moment;
        let action = match event {
            // While quitting only the last saves' results matter.
            Event::Key(_) | Event::Mouse(_) if self.quitting => None,
            Event::Key(_) | Event::Mouse(_) if self.opening() => {
                self.typed_ahead.push_back(event);
                None
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key_action(key),
            Event::Key(_) => None,
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => Some(Action::ScrollAt(m.column, m.row, 3)),
                MouseEventKind::ScrollUp => Some(Action::ScrollAt(m.column, m.row, -3)),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::ClickAt(m.column, m.row)),
                _ => None,
            },
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Signal(Signal::Terminate | Signal::Hangup) | Event::InputClosed => {
                Some(Action::Terminate)
            }
            Event::Signal(Signal::Suspend) => Some(Command::Suspend.into()),
            Event::Signal(Signal::Continue) => Some(Action::Resumed),
            Event::Action(a) => Some(a),
        };
        action.map_or_else(Vec::new, |a| self.update(a, moment))
    }

    fn key_action(&mut self, event: crossterm::event::KeyEvent) -> Option<Action> {
        // A text input takes its host's keys (Enter, Esc...), then editing keys, then text.
        let host = match self.recipient() {
            Recipient::Palette => Some(palette::key(&event)),
            Recipient::BookmarksFilter => Some(bookmarks::filter_key(&event)),
            Recipient::Prompt => Some(prompt_key(&event)),
            _ => None,
        };
        if let Some(action) = host {
            return action.or_else(|| self.input_key(&event));
        }
        self.message = None;
        let key = Key::from_event(&event);
        let context = self.context();
        self.keymap
            .lookup(context, key)
            .or_else(|| self.keymap.lookup(Context::Global, key))
            .map(Action::Command)
    }

    /// An editing key of the `input` context, or a character to insert.
    fn input_key(&self, event: &crossterm::event::KeyEvent) -> Option<Action> {
        let edit = self
            .keymap
            .lookup(Context::Input, Key::from_event(event))
            .and_then(Edit::from_command);
        match (edit, event.code) {
            (Some(edit), _) => Some(Action::Edit(edit)),
            (None, KeyCode::Char(c)) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Input(c))
            }
            _ => None,
        }
    }

    /// Edit the text input that has the keys; a changed text is acted on at once (the
    /// palette matches again, the filter's count is redone, the bookmarks shown change).
    fn edit(&mut self, edit: Edit) -> Vec<Effect> {
        match self.recipient() {
            Recipient::Palette => return palette::edit(self, edit),
            Recipient::BookmarksFilter => bookmarks::edit_filter(self, edit),
            Recipient::Prompt => {
                if let Some(Overlay::Prompt(p)) = self.overlays.last_mut()
                    && p.input.apply(edit)
                {
                    self.preview_filter();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The earlier entries of the prompts for `purpose` (oldest first).
    pub fn prompt_history(&self, purpose: PromptPurpose) -> Vec<String> {
        self.prompt_history
            .get(&purpose)
            .cloned()
            .unwrap_or_default()
    }

    /// Apply one action, which happened at `moment` (the time and randomness it may use);
    /// returns the work the runtime must do.
    pub fn update(&mut self, action: Action, moment: Moment) -> Vec<Effect> {
        self.moment = moment;
        let loaded = match &action {
            Action::CableLoaded { ticket, .. } | Action::LoadFailed { ticket, .. }
                if !self.wanted(*ticket) =>
            {
                // Stale: a cable no longer wanted.
                return Vec::new();
            }
            Action::CableLoaded { purpose, .. } => Some(*purpose),
            _ => None,
        };
        let arrived = matches!(
            action,
            Action::CableLoaded { .. } | Action::LoadFailed { .. }
        );
        let mut effects = self.apply(action);
        effects.extend(session::after_update(self, loaded));
        palette::after_update(self, loaded);
        effects.extend(self.quit_when_saved());
        if arrived {
            // The keys typed while it loaded, until one of them opens another cable.
            while !self.opening()
                && let Some(event) = self.typed_ahead.pop_front()
            {
                effects.extend(self.handle_event(event, moment));
            }
        }
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Command(c) => self.command(c),
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                self.list.fit_facets(h);
                self.fit();
                Vec::new()
            }
            Action::Scroll(n) => {
                let pane = self.focus;
                mouse::scroll(self, pane, n)
            }
            Action::ScrollAt(x, y, n) => mouse::scroll_at(self, x, y, n),
            Action::ClickAt(x, y) => mouse::click(self, x, y),
            Action::Input(c) => self.edit(Edit::Insert(c)),
            Action::Edit(edit) => self.edit(edit),
            Action::InputCancel => {
                self.overlays.pop();
                Vec::new()
            }
            Action::InputSubmit => self.submit_prompt(),
            Action::OpenId(id) => vec![self.load_id(id, LoadPurpose::Follow)],
            Action::CableLoaded {
                reader, purpose, ..
            } => {
                self.loading = None;
                self.bookmarks.restoring = None;
                self.cable_loaded(*reader, purpose)
            }
            Action::LoadFailed { ticket, error } => {
                self.loading = None;
                if !session::restore_failed(self, ticket) {
                    self.say(error, true);
                }
                Vec::new()
            }
            Action::Failed(text) => {
                self.say(text, true);
                Vec::new()
            }
            Action::Settle => {
                let count = self.settle_filter_preview();
                let facets = self
                    .list
                    .facets_wanted()
                    .map(|(generation, rows)| Effect::CountFacets { generation, rows });
                count.into_iter().chain(facets).collect()
            }
            Action::FilterCounted { text, count } => {
                self.take_filter_count(&text, count);
                Vec::new()
            }
            Action::RowsSorted {
                ticket,
                descending,
                rows,
            } => {
                if self.list.take_sorted(ticket, descending, rows) {
                    return self.preview();
                }
                Vec::new()
            }
            Action::SortFailed { ticket, error } => {
                // A failed sort that a newer one replaced is no news.
                if self.list.sort_failed(ticket) {
                    self.say(error, true);
                }
                Vec::new()
            }
            Action::FacetsCounted { generation, facets } => {
                self.list.take_facets(generation, *facets);
                Vec::new()
            }
            Action::Tick => {
                let mut effects = session::tick(self);
                effects.extend(bookmarks::retry(self));
                effects
            }
            Action::Terminate => self.leave(),
            Action::Resumed => vec![Effect::Redraw],
            Action::Bookmarks(a) => bookmarks::update(self, a),
            Action::Palette(a) => palette::update(self, a),
            Action::Build(a) => build::update(self, a),
            Action::CopiesCounted(n) => {
                let copies = if n == 1 { "copy" } else { "copies" };
                let hint = format!(
                    "{n} {copies} of cables read from several files folded into one row each \
                     (×N; copies:all lists every copy, c in the reader cycles them)"
                );
                match &self.message {
                    _ if n == 0 => {}
                    None => self.say(hint, false),
                    // Counted after a first build: said after its news.
                    Some(m) if !m.error && m.text.starts_with(build::INDEX_BUILT) => {
                        let text = format!(
                            "{}: {} cables, keyword search ready; {n} {copies} folded \
                             (copies:all lists every copy)",
                            build::INDEX_BUILT,
                            self.archive.len()
                        );
                        self.say(text, false);
                    }
                    Some(_) => {}
                }
                Vec::new()
            }
        }
    }

    /// The filter text changed: its preview is recounted once the waiting keys are taken
    /// (`Action::Settle`, before the frame), so a burst of keys costs one scan.
    pub(super) fn preview_filter(&mut self) {
        // The preview goes in any case; a count is kept to show while the next one comes.
        if let Some(Overlay::Prompt(p)) = self.overlays.last_mut()
            && p.purpose == PromptPurpose::Filter
            && let Some(Ok(n)) = p.preview.take()
        {
            p.last_count = Some(n);
        }
    }

    /// While the filter is being typed, show how many cables it would keep (or why it
    /// cannot be read). Done at `Action::Settle`, before each frame: counted here in a small
    /// archive, on a worker in a large one (a count over 2.7 million cables took 60-130 ms,
    /// and the typed key waited for it).
    fn settle_filter_preview(&mut self) -> Option<Effect> {
        let archive = Arc::clone(&self.archive);
        let on_the_spot = archive.len() <= self.list.sort_on_the_spot;
        let Some(Overlay::Prompt(p)) = self.overlays.last_mut() else {
            return None;
        };
        if p.purpose != PromptPurpose::Filter || p.preview.is_some() {
            return None;
        }
        let text = p.input.text();
        let filter = match filter::parse(text) {
            Ok(f) => f,
            Err(e) => {
                p.preview = Some(Err(e.to_string()));
                return None;
            }
        };
        if on_the_spot {
            let count = filter::count(archive.meta_refs(), || archive.copy_flags(), &filter);
            p.preview = Some(Ok(count));
            return None;
        }
        if p.counting.as_deref() == Some(text) {
            return None;
        }
        p.counting = Some(text.to_string());
        Some(Effect::CountFilter {
            text: text.to_string(),
            filter,
        })
    }

    /// Take in a count of the filter typed as `text`: shown unless the text changed since,
    /// and no longer awaited either way (the text typed again later is counted again).
    fn take_filter_count(&mut self, text: &str, count: Result<usize, String>) {
        if let Some(Overlay::Prompt(p)) = self.overlays.last_mut()
            && p.purpose == PromptPurpose::Filter
        {
            if p.counting.as_deref() == Some(text) {
                p.counting = None;
            }
            if p.input.text() == text {
                p.preview = Some(count);
            }
        }
    }

    /// Size the panes after a resize or a layout change.
    pub fn fit(&mut self) {
        let layout = self.layout();
        self.list.set_height(layout.list_rows().max(1));
        if let Some(r) = &mut self.reader {
            let width = layout.reader.map_or(r.wrapped.width, |a| a.width);
            r.resize(width, layout.reader_rows().max(1));
        }
    }

    /// Quit, unless bookmarks whose save failed would be lost: then say so once, try the
    /// save again, and quit at the next ask.
    pub(crate) fn quit(&mut self) -> Vec<Effect> {
        if let Some(reason) = &self.bookmarks.save_failed
            && self.bookmarks.persist
            && self.bookmarks.store.is_dirty()
            && !self.bookmarks.quit_warned
        {
            // The choice first: a long path would push it off a narrow status line.
            let text = format!("quit again to leave without the unsaved bookmarks ({reason})");
            self.bookmarks.quit_warned = true;
            self.say(text, true);
            return bookmarks::save(self);
        }
        self.leave()
    }

    /// Quit: save what is not saved yet (the reading position too); `Effect::Quit` follows
    /// once those saves are done ([`App::quit_when_saved`]). Keys are ignored meanwhile.
    fn leave(&mut self) -> Vec<Effect> {
        if self.quitting {
            return Vec::new();
        }
        self.quitting = true;
        let mut effects = Vec::new();
        if self.bookmarks.store.is_dirty() {
            effects.extend(bookmarks::save(self));
        }
        effects.extend(session::save(self));
        effects
    }

    /// While quitting: once no save is in flight, stop (once).
    fn quit_when_saved(&mut self) -> Vec<Effect> {
        if !self.quitting
            || !self.running
            || self.bookmarks.saving.in_flight
            || self.bookmarks.session_saving.in_flight
        {
            return Vec::new();
        }
        self.running = false;
        vec![Effect::Quit]
    }

    fn command(&mut self, c: Command) -> Vec<Effect> {
        match c {
            Command::Quit => return self.quit(),
            Command::Suspend => return vec![Effect::Suspend],
            Command::Help => {
                if matches!(self.overlays.last(), Some(Overlay::Help(_))) {
                    self.overlays.pop();
                } else {
                    let context = self.context();
                    self.overlays.push(Overlay::Help(HelpState::new(context)));
                }
            }
            Command::Warnings => {
                if matches!(self.overlays.last(), Some(Overlay::Warnings(_))) {
                    self.overlays.pop();
                } else {
                    self.overlays
                        .push(Overlay::Warnings(super::state::WarningsState::default()));
                }
            }
            Command::SwitchPane => {
                if self.reader.is_some() {
                    self.focus = match self.focus {
                        Pane::List => Pane::Reader,
                        Pane::Reader => Pane::List,
                    };
                    self.fit();
                }
            }
            Command::CycleTheme => {
                self.theme = (self.theme + 1) % self.themes.len();
                let name = self.theme().name.clone();
                self.say(format!("theme: {name}"), false);
                return vec![Effect::Redraw];
            }
            Command::Bookmarks => return bookmarks::toggle_screen(self),
            Command::Palette => return palette::open(self),
            Command::NextResult => return palette::walk(self, true),
            Command::PrevResult => return palette::walk(self, false),
            Command::ToggleMouse => {
                self.mouse = !self.mouse;
                let state = if self.mouse {
                    "on: wheel scrolls; hold shift to select text"
                } else {
                    "off"
                };
                self.say(format!("mouse {state}"), false);
                return vec![Effect::SetMouse(self.mouse)];
            }
            _ => {
                return match self.recipient() {
                    Recipient::Help | Recipient::Warnings => overlay::scroll_list(self, c),
                    Recipient::References => overlay::references(self, c),
                    Recipient::Thread => overlay::thread(self, c),
                    Recipient::Diff => overlay::diff(self, c),
                    Recipient::Bookmarks | Recipient::BookmarksFilter => {
                        bookmarks::screen_command(self, c)
                    }
                    Recipient::Prompt | Recipient::Palette => Vec::new(),
                    Recipient::Reader if c == Command::BookmarkParagraph => {
                        bookmarks::bookmark_paragraph(self)
                    }
                    Recipient::Reader => reader::command(self, c),
                    Recipient::List => list::command(self, c),
                };
            }
        }
        Vec::new()
    }

    /// Open the palette with `input` already typed (e.g. `/tag:KTIP` from `*` on a tag).
    fn open_palette(&mut self, input: &str) -> Vec<Effect> {
        palette::open_with(self, input)
    }

    /// Show only the cables `filter` keeps in the list, focused, and say so.
    fn filter_list(
        &mut self,
        filter: crate::archive::catalog::Filter,
        said: String,
    ) -> Vec<Effect> {
        self.say(said, false);
        self.focus = Pane::List;
        self.fit();
        let archive = Arc::clone(&self.archive);
        list::sorted(self, |list| list.set_filter(&archive, filter))
    }

    /// Show the cables with TAGS `code` in the list (the filter replaces the current one).
    fn filter_by_tag(&mut self, code: String) -> Vec<Effect> {
        let said = format!("filtered by tag {code} (F clears)");
        self.filter_list(
            crate::archive::catalog::Filter {
                tags: vec![code],
                ..Default::default()
            },
            said,
        )
    }

    /// In the side-by-side layout, show the selected cable in the reader.
    pub(super) fn preview(&mut self) -> Vec<Effect> {
        if !self.layout().wide || self.focus != Pane::List {
            return Vec::new();
        }
        match self.list.selected_index() {
            Some(index) if self.reader.as_ref().is_none_or(|r| r.index != index) => {
                if self.loading.is_some_and(|l| l.index == Some(index)) {
                    return Vec::new();
                }
                vec![self.load(index, LoadPurpose::Preview)]
            }
            // Back on the cable shown: a preview still on its way is no longer wanted.
            Some(_) => {
                self.loading = None;
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn submit_prompt(&mut self) -> Vec<Effect> {
        let Some(Overlay::Prompt(p)) = self.overlays.pop() else {
            return Vec::new();
        };
        let text = p.input.text();
        if p.purpose != PromptPurpose::BookmarkNote {
            let history = self.prompt_history.entry(p.purpose).or_default();
            super::input::remember(history, text);
        }
        match p.purpose {
            PromptPurpose::Filter => match filter::parse(text) {
                Ok(f) => {
                    let archive = Arc::clone(&self.archive);
                    return list::sorted(self, |list| list.set_filter(&archive, f));
                }
                Err(e) => self.say(e.to_string(), true),
            },
            PromptPurpose::BookmarkNote => {
                return bookmarks::submit_note(self, text);
            }
            PromptPurpose::Search => {
                if let Some(r) = &mut self.reader {
                    r.set_search(text.trim());
                    match &r.search {
                        Some(s) if s.hits.is_empty() => {
                            let q = s.query.clone();
                            self.say(format!("not found: {q}"), true);
                        }
                        _ => {}
                    }
                }
            }
        }
        Vec::new()
    }

    fn cable_loaded(&mut self, mut reader: ReaderState, purpose: LoadPurpose) -> Vec<Effect> {
        match purpose {
            LoadPurpose::Open => self.history.clear(),
            LoadPurpose::Follow => {
                if let Some(r) = &self.reader {
                    self.history.push(HistoryEntry {
                        index: r.index,
                        anchor: r.anchor(),
                    });
                }
            }
            LoadPurpose::Preview | LoadPurpose::Return | LoadPurpose::Copy | LoadPurpose::Turn => {}
        }
        if matches!(purpose, LoadPurpose::Return | LoadPurpose::Copy)
            && let Some(anchor) = self.pending_anchor.take()
        {
            self.reader = Some(reader);
            self.focus = Pane::Reader;
            self.fit();
            if let Some(r) = &mut self.reader {
                r.go_to(anchor);
            }
            return Vec::new();
        }
        reader.top = 0;
        self.reader = Some(reader);
        if purpose != LoadPurpose::Preview {
            self.focus = Pane::Reader;
        }
        self.fit();
        Vec::new()
    }
}
