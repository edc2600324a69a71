//! A headless harness for tests and benchmarks: the real keymap and `update`, a fake runtime
//! (data effects performed against the archive or test doubles, terminal effects recorded),
//! a fake clock (every action gets a fixed time and random number, so a run replays exactly),
//! and a `TestBackend` to render into, with text and role-grid dumps for snapshots. Loads and
//! saves can be held back, as if their worker were slow, and released later.

use super::action::{Action, LoadPurpose, Moment};
use super::effect::Effect;
use super::event::Event;
use super::keymap::Keymap;
use super::keys::parse_sequence;
use super::runtime::perform;
use super::state::ReaderState;
use super::theme::{Role, Theme};
use super::update::App;
use super::view;
use crate::archive::Archive;
use crate::cable::Cable;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use std::collections::VecDeque;
use std::sync::Arc;

/// Finds a cable by id for `OpenId` in tests: (archive index, cable).
pub type Resolver = Box<dyn Fn(&str) -> Option<(usize, Cable)>>;
/// Loads a cable by index in tests.
pub type Loader = Box<dyn Fn(usize) -> Option<Cable>>;

/// The fake clock's start: 2026-09-01 00:00 UTC, in milliseconds.
pub const CLOCK_START: i64 = 1_788_220_800_000;

/// The app without a terminal.
pub struct Harness {
    pub app: App,
    /// Terminal effects `update` asked for, in order.
    pub effects: Vec<Effect>,
    resolver: Option<Resolver>,
    loader: Option<Loader>,
    /// The fake clock (milliseconds since the epoch); each action moves it on by 1 ms.
    pub clock: i64,
    /// The fake random numbers: counted up.
    random: u32,
    /// Loads (`LoadCable`, `OpenId`) are held in `held` instead of performed.
    pub hold_loads: bool,
    /// Saves and reloads of the bookmark and session files are held in `held`.
    pub hold_saves: bool,
    /// Keyword searches (palette pages, result sets) are held in `held`.
    pub hold_searches: bool,
    /// Counts of the list's facets and of a filter being typed are held in `held`.
    pub hold_counts: bool,
    /// Sorts of a long list (on a worker in the real runtime) are held in `held`.
    pub hold_sorts: bool,
    /// Effects held back, oldest first: [`Harness::release`] performs them.
    pub held: VecDeque<Effect>,
}

impl Harness {
    /// An app over `archive` with the default keymap and `theme`, sized `w` x `h`.
    pub fn new(archive: Archive, theme: Theme, w: u16, h: u16) -> Harness {
        let app = App::new(Arc::new(archive), Keymap::defaults(), vec![theme]);
        let mut harness = Harness {
            app,
            effects: Vec::new(),
            resolver: None,
            loader: None,
            clock: CLOCK_START,
            random: 0,
            hold_loads: false,
            hold_saves: false,
            hold_searches: false,
            hold_counts: false,
            hold_sorts: false,
            held: VecDeque::new(),
        };
        harness.resize(w, h);
        harness
    }

    /// Load cables by index with `loader` instead of the archive.
    pub fn with_loader(mut self, loader: Loader) -> Harness {
        self.loader = Some(loader);
        self
    }

    /// Resolve reference ids with `resolver` instead of the archive.
    pub fn with_resolver(mut self, resolver: Resolver) -> Harness {
        self.resolver = Some(resolver);
        self
    }

    /// Resize the terminal.
    pub fn resize(&mut self, w: u16, h: u16) {
        self.send(Event::Resize(w, h));
    }

    /// Press keys given as a string (`"j j enter } ?"`), through the real keymap.
    ///
    /// # Panics
    /// On a key it cannot read (`"ctrl-"`, `"pgdwn"`): a test with a typo would otherwise
    /// press nothing and still pass.
    #[allow(
        clippy::panic,
        reason = "test support: a key string with a typo must fail the test"
    )]
    pub fn keys(&mut self, keys: &str) {
        let parsed = match parse_sequence(keys) {
            Ok(parsed) => parsed,
            Err(e) => panic!("harness keys {keys:?}: {e}"),
        };
        for key in parsed {
            self.send(Event::Key(key));
        }
    }

    /// Type text into an open prompt, character by character.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.apply(Action::Input(c));
        }
    }

    /// Show `cable` in the reader as archive cable `index`, as if it had been asked for and
    /// loaded (benchmarks, and tests of cables not in the archive).
    pub fn open_cable(&mut self, index: usize, cable: Cable, purpose: LoadPurpose) {
        let Effect::LoadCable { ticket, .. } = self.app.load(index, purpose) else {
            return;
        };
        let reader = Box::new(ReaderState::open(&self.app.archive, index, cable));
        self.apply(Action::CableLoaded {
            ticket,
            reader,
            purpose,
        });
    }

    /// The moment of the next action: the clock moves on by a millisecond.
    fn tick(&mut self) -> Moment {
        self.clock += 1;
        self.random = self.random.wrapping_add(1);
        Moment::at(self.clock, self.random)
    }

    /// Feed one event.
    pub fn send(&mut self, event: Event) {
        let moment = self.tick();
        let effects = self.app.handle_event(event, moment);
        self.run(effects);
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        let moment = self.tick();
        let effects = self.app.update(action, moment);
        self.run(effects);
    }

    /// Let `millis` pass with nothing happening, then wake the app as the runtime does when
    /// the time it asked for ([`App::due`]) has come.
    pub fn idle(&mut self, millis: i64) {
        self.clock += millis;
        let due = self
            .app
            .due()
            .is_some_and(|d| d.unix_millis() <= self.clock + 1);
        if due {
            self.apply(Action::Tick);
        }
    }

    /// Perform the oldest held effect and apply its result; false when none is held.
    pub fn release(&mut self) -> bool {
        let Some(effect) = self.held.pop_front() else {
            return false;
        };
        let holds = (
            self.hold_loads,
            self.hold_saves,
            self.hold_searches,
            self.hold_counts,
            self.hold_sorts,
        );
        (
            self.hold_loads,
            self.hold_saves,
            self.hold_searches,
            self.hold_counts,
            self.hold_sorts,
        ) = (false, false, false, false, false);
        self.run(vec![effect]);
        (
            self.hold_loads,
            self.hold_saves,
            self.hold_searches,
            self.hold_counts,
            self.hold_sorts,
        ) = holds;
        true
    }

    fn held_back(&self, effect: &Effect) -> bool {
        match effect {
            Effect::LoadCable { .. } | Effect::OpenId { .. } => self.hold_loads,
            Effect::SaveBookmarks(_) | Effect::ReloadBookmarks(_) | Effect::SaveSession(_) => {
                self.hold_saves
            }
            Effect::PaletteKeyword { .. } | Effect::ResultSet { .. } => self.hold_searches,
            Effect::CountFacets { .. } | Effect::CountFilter { .. } => self.hold_counts,
            Effect::SortRows(_) => self.hold_sorts,
            _ => false,
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if self.held_back(&effect) {
                self.held.push_back(effect);
                continue;
            }
            let archive = Arc::clone(&self.app.archive);
            let action = match (&effect, &self.loader, &self.resolver) {
                (
                    Effect::LoadCable {
                        ticket,
                        index,
                        purpose,
                    },
                    Some(load),
                    _,
                ) => load(*index).map(|cable| Action::CableLoaded {
                    ticket: *ticket,
                    reader: Box::new(ReaderState::open(&archive, *index, cable)),
                    purpose: *purpose,
                }),
                (
                    Effect::OpenId {
                        ticket,
                        id,
                        purpose,
                    },
                    _,
                    Some(resolve),
                ) => Some(match resolve(id) {
                    Some((index, cable)) => Action::CableLoaded {
                        ticket: *ticket,
                        reader: Box::new(ReaderState::open(&archive, index, cable)),
                        purpose: *purpose,
                    },
                    None => Action::LoadFailed {
                        ticket: *ticket,
                        error: format!("{id} is not in this archive"),
                    },
                }),
                _ => perform(&archive, &effect),
            };
            match action {
                Some(a) => {
                    let moment = self.tick();
                    queue.extend(self.app.update(a, moment));
                }
                None => self.effects.push(effect),
            }
        }
        // As the runtime does before each frame.
        let moment = self.tick();
        let more = self.app.update(Action::Settle, moment);
        if !more.is_empty() {
            self.run(more);
        }
    }

    /// Render the current state into a fresh buffer of the app's size.
    pub fn render(&self) -> Buffer {
        let size = self.app.size;
        let backend = TestBackend::new(size.width, size.height);
        match Terminal::new(backend) {
            Ok(mut term) => {
                let _ = term.draw(|f| view::render(&self.app, f));
                term.backend().buffer().clone()
            }
            Err(_) => Buffer::empty(size),
        }
    }

    /// The screen's glyphs, one line per row, trailing spaces trimmed.
    pub fn text(&self) -> String {
        buffer_text(&self.render())
    }

    /// The screen's role grid (see [`role_grid`]); use with [`Theme::role_test`].
    pub fn roles(&self) -> String {
        role_grid(&self.render())
    }
}

/// The glyphs of a buffer, one line per row, trailing spaces trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.top()..buf.area.bottom() {
        let mut line = String::new();
        for x in buf.area.left()..buf.area.right() {
            if let Some(cell) = buf.cell((x, y)) {
                line.push_str(cell.symbol());
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn role_of(color: Color) -> Option<Role> {
    match color {
        Color::Indexed(i) if i >= 1 => Role::ALL.get(i as usize - 1).copied(),
        _ => None,
    }
}

/// One letter per cell naming the role that styled it (see `Role::letter`): by foreground
/// for glyphs, by background for blank cells with a background; `.` for an unstyled glyph.
/// Needs a buffer drawn with [`Theme::role_test`].
pub fn role_grid(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.top()..buf.area.bottom() {
        let mut line = String::new();
        for x in buf.area.left()..buf.area.right() {
            let Some(cell) = buf.cell((x, y)) else {
                continue;
            };
            let blank = cell.symbol().trim().is_empty();
            let c = if blank {
                role_of(cell.bg).map_or(' ', Role::letter)
            } else {
                role_of(cell.fg).map_or('.', Role::letter)
            };
            line.push(c);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl Theme {
    /// A theme giving every role its own colour (role `i` is `Indexed(i + 1)`), for role
    /// grids. Roles drawn as a bar or a mark also get that background.
    pub fn role_test() -> Theme {
        let mut theme = Theme::builtin("mono").unwrap_or_else(|_| Theme::ansi());
        theme.name = "role-test".into();
        for (i, role) in Role::ALL.iter().enumerate() {
            let c = Color::Indexed(i as u8 + 1);
            let mut style = ratatui::style::Style::default().fg(c);
            if matches!(
                role,
                Role::Selection | Role::StatusBar | Role::Hit | Role::CurrentHit
            ) {
                style = style.bg(c);
            }
            theme.set(*role, style);
        }
        theme
    }
}

/// A demo-archive harness with the role-test theme.
pub fn demo(w: u16, h: u16) -> Harness {
    Harness::new(Archive::demo(), Theme::role_test(), w, h)
}

#[cfg(test)]
mod tests {
    #[test]
    #[should_panic(expected = "harness keys \"j pgdwn\"")]
    fn a_key_string_it_cannot_read_fails_the_test() {
        super::demo(80, 24).keys("j pgdwn");
    }
}
