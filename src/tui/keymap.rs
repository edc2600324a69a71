//! The keymap: default bindings in Rust, user overrides from the config file, and the list
//! of (command, description, keys) that help and the command palette are generated from.

use super::action::Command;
use super::keys::{Key, KeyParseError};
use crossterm::event::KeyCode;
use std::collections::BTreeMap;

/// Where a binding applies. Overlays come first, then the focused pane, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Reader,
    Help,
    References,
    /// The diff of two copies.
    Diff,
    /// The thread view (references back, citations forward).
    Thread,
    Bookmarks,
    /// Editing keys of every text input: the prompt, the palette, the bookmarks filter.
    /// Looked up before typed characters are inserted; never falls back to `Global`.
    Input,
}

impl Context {
    /// Every context, in help order.
    pub const ALL: [Context; 9] = [
        Context::Global,
        Context::List,
        Context::Reader,
        Context::References,
        Context::Thread,
        Context::Diff,
        Context::Bookmarks,
        Context::Help,
        Context::Input,
    ];
    /// The name used in `[keys.<name>]` of the config file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Reader => "reader",
            Context::Help => "help",
            Context::References => "references",
            Context::Thread => "thread",
            Context::Diff => "diff",
            Context::Bookmarks => "bookmarks",
            Context::Input => "input",
        }
    }
    /// The section title help shows for the context.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Cable list",
            Context::Reader => "Reader",
            Context::References => "References",
            Context::Thread => "Thread (references and citations)",
            Context::Diff => "Diff of two copies",
            Context::Bookmarks => "Bookmarks",
            Context::Help => "Help",
            Context::Input => "Typing (prompts, palette, filters)",
        }
    }

    /// The context with this config name.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// One binding: in `context`, `key` runs `command`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub command: Command,
}

/// One row of help or of the palette's command list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub context: Context,
    pub command: Command,
    /// The bound keys, formatted (`j`, `down`).
    pub keys: Vec<String>,
}

/// A bad `[keys]` table in a config file, naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error(
        "keys.{0}: unknown context (global, list, reader, references, thread, diff, bookmarks, help, input)"
    )]
    UnknownContext(String),
    #[error("keys.{context}.{name}: unknown command")]
    UnknownCommand { context: String, name: String },
    #[error("keys.{context}.{name}: {source}")]
    BadKey {
        context: String,
        name: String,
        #[source]
        source: KeyParseError,
    },
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

const fn k(c: char) -> Key {
    Key::char(c)
}
const fn p(code: KeyCode) -> Key {
    Key::plain(code)
}

/// Scrolling and movement keys shared by every scrollable context.
const MOVES: &[(Command, &[Key])] = &[
    (
        Command::MoveDown,
        &[k('j'), p(KeyCode::Down), Key::ctrl('e')],
    ),
    (Command::MoveUp, &[k('k'), p(KeyCode::Up), Key::ctrl('y')]),
    (
        Command::PageDown,
        &[k(' '), p(KeyCode::PageDown), Key::ctrl('f')],
    ),
    (
        Command::PageUp,
        &[k('b'), p(KeyCode::PageUp), Key::ctrl('b')],
    ),
    (Command::HalfPageDown, &[Key::ctrl('d')]),
    (Command::HalfPageUp, &[Key::ctrl('u')]),
    (Command::Top, &[k('g'), p(KeyCode::Home)]),
    (Command::Bottom, &[k('G'), p(KeyCode::End)]),
];

const GLOBAL: &[(Command, &[Key])] = &[
    (Command::Quit, &[k('Q'), Key::ctrl('c')]),
    (Command::Suspend, &[Key::ctrl('z')]),
    (Command::Help, &[k('?'), p(KeyCode::F(1))]),
    (Command::Warnings, &[k('!')]),
    (Command::SwitchPane, &[p(KeyCode::Tab), p(KeyCode::BackTab)]),
    (Command::CycleTheme, &[k('T')]),
    (Command::ToggleMouse, &[k('W')]),
    (Command::Palette, &[Key::ctrl('p'), k(':')]),
    (Command::NextResult, &[k(')')]),
    (Command::PrevResult, &[k('(')]),
    (Command::Bookmarks, &[k('B'), k('\'')]),
];

const LIST: &[(Command, &[Key])] = &[
    (
        Command::Open,
        &[p(KeyCode::Enter), k('l'), p(KeyCode::Right)],
    ),
    (Command::Close, &[k('q')]),
    (Command::SortNext, &[k('s')]),
    (Command::SortReverse, &[k('S')]),
    (Command::SortDate, &[k('1')]),
    (Command::SortId, &[k('2')]),
    (Command::SortOrigin, &[k('3')]),
    (Command::SortClassification, &[k('4')]),
    (Command::SortCited, &[k('5')]),
    (Command::EditFilter, &[k('f')]),
    (Command::ClearFilter, &[k('F')]),
    (Command::SearchKeywords, &[k('/')]),
    (Command::ToggleFacets, &[k('v')]),
];

const READER: &[(Command, &[Key])] = &[
    (Command::NextParagraph, &[k('}'), k(']')]),
    (Command::PrevParagraph, &[k('{'), k('[')]),
    (
        Command::Back,
        &[
            p(KeyCode::Esc),
            k('h'),
            p(KeyCode::Left),
            p(KeyCode::Backspace),
        ],
    ),
    (Command::Close, &[k('q')]),
    (Command::References, &[k('r')]),
    (Command::SearchArchive, &[k('*')]),
    (Command::ToggleRecipients, &[k('e')]),
    (Command::ToggleOriginal, &[k('o')]),
    (Command::NextCopy, &[k('c')]),
    (Command::PrevInPost, &[k('<')]),
    (Command::NextInPost, &[k('>')]),
    (Command::Thread, &[k('t')]),
    (Command::DiffCopies, &[k('d')]),
    (Command::Search, &[k('/')]),
    (Command::NextHit, &[k('n')]),
    (Command::PrevHit, &[k('N')]),
    (Command::BookmarkParagraph, &[k('m')]),
    (Command::Copy, &[k('y')]),
    (Command::SelectParagraphs, &[k('v')]),
];

const REFERENCES: &[(Command, &[Key])] = &[
    (Command::MoveDown, &[k('j'), p(KeyCode::Down)]),
    (Command::MoveUp, &[k('k'), p(KeyCode::Up)]),
    (Command::Open, &[p(KeyCode::Enter), k('l')]),
    (Command::SearchArchive, &[k('*')]),
    (Command::Close, &[p(KeyCode::Esc), k('q'), k('r')]),
];

const THREAD: &[(Command, &[Key])] = &[
    (Command::Open, &[p(KeyCode::Enter), k('l')]),
    (Command::Close, &[p(KeyCode::Esc), k('q'), k('t')]),
];

const DIFF: &[(Command, &[Key])] = &[
    (Command::NextChange, &[k('n')]),
    (Command::PrevChange, &[k('N')]),
    (Command::Close, &[p(KeyCode::Esc), k('q'), k('d')]),
];

const BOOKMARKS: &[(Command, &[Key])] = &[
    (Command::Open, &[p(KeyCode::Enter), k('l')]),
    (Command::Close, &[p(KeyCode::Esc), k('q')]),
    (Command::FilterBookmarks, &[k('/')]),
    (Command::EditNote, &[k('e')]),
    (Command::DeleteBookmark, &[k('d')]),
    (Command::UndoDelete, &[k('u')]),
    (Command::ExportMarkdown, &[k('x')]),
    (Command::ExportJson, &[k('X')]),
];

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: crossterm::event::KeyModifiers::ALT,
    }
}

/// Editing keys of every text input (readline's), before typed characters are inserted.
const INPUT: &[(Command, &[Key])] = &[
    (
        Command::DeleteBack,
        &[p(KeyCode::Backspace), Key::ctrl('h')],
    ),
    (Command::DeleteForward, &[p(KeyCode::Delete)]),
    (Command::CursorLeft, &[p(KeyCode::Left), Key::ctrl('b')]),
    (Command::CursorRight, &[p(KeyCode::Right), Key::ctrl('f')]),
    (Command::LineStart, &[p(KeyCode::Home), Key::ctrl('a')]),
    (Command::LineEnd, &[p(KeyCode::End), Key::ctrl('e')]),
    (Command::WordLeft, &[alt('b')]),
    (Command::WordRight, &[alt('f')]),
    (Command::EraseWord, &[Key::ctrl('w')]),
    (Command::EraseToStart, &[Key::ctrl('u')]),
    (Command::EraseToEnd, &[Key::ctrl('k')]),
    (Command::HistoryPrev, &[p(KeyCode::Up)]),
    (Command::HistoryNext, &[p(KeyCode::Down)]),
];

const HELP: &[(Command, &[Key])] = &[
    (Command::Close, &[p(KeyCode::Esc), k('q'), k('?')]),
    (
        Command::NextPage,
        &[p(KeyCode::Tab), p(KeyCode::Right), k('l')],
    ),
    (
        Command::PrevPage,
        &[p(KeyCode::BackTab), p(KeyCode::Left), k('h')],
    ),
];

impl Keymap {
    /// The built-in bindings.
    pub fn defaults() -> Keymap {
        let mut bindings = Vec::new();
        let mut add = |context, table: &[(Command, &[Key])]| {
            for (command, keys) in table {
                for key in *keys {
                    bindings.push(Binding {
                        context,
                        key: *key,
                        command: *command,
                    });
                }
            }
        };
        add(Context::Global, GLOBAL);
        add(Context::List, MOVES);
        add(Context::List, LIST);
        add(Context::Reader, MOVES);
        add(Context::Reader, READER);
        add(Context::References, REFERENCES);
        add(Context::Thread, MOVES);
        add(Context::Thread, THREAD);
        add(Context::Diff, MOVES);
        add(Context::Diff, DIFF);
        add(Context::Bookmarks, MOVES);
        add(Context::Bookmarks, BOOKMARKS);
        add(Context::Help, MOVES);
        add(Context::Help, HELP);
        add(Context::Input, INPUT);
        Keymap { bindings }
    }

    /// The command `key` runs in `context` (not falling back to `Global`).
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key == key)
            .map(|b| b.command)
    }

    /// Every binding.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The keys bound to `command` in `context`, formatted.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.command == command)
            .map(|b| b.key.to_string())
            .collect()
    }

    /// Every (context, command, keys) in help order: what help and the palette show.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for context in Context::ALL {
            for command in Command::ALL {
                let keys = self.keys_for(context, *command);
                if !keys.is_empty() {
                    out.push(Entry {
                        context,
                        command: *command,
                        keys,
                    });
                }
            }
        }
        out
    }

    /// The lines of help, `first`'s keys first: (is a section title, keys, description).
    /// Help draws them and `update` scrolls over them.
    pub fn help_lines(&self, first: Context) -> Vec<(bool, String, String)> {
        let mut out = Vec::new();
        let entries = self.entries();
        let mut order = vec![first];
        order.extend(Context::ALL.iter().copied().filter(|c| *c != first));
        for context in order {
            let mut first = true;
            for e in entries.iter().filter(|e| e.context == context) {
                if first {
                    if !out.is_empty() {
                        out.push((false, String::new(), String::new()));
                    }
                    out.push((true, context.title().to_string(), String::new()));
                    first = false;
                }
                out.push((
                    false,
                    e.keys.join(", "),
                    e.command.description().to_string(),
                ));
            }
        }
        out
    }

    /// Replace the keys of the named commands: `{context: {command: [keys]}}`. An empty list
    /// unbinds the command. Errors name the offending key; nothing is applied on error.
    pub fn apply_overrides(
        &mut self,
        overrides: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ) -> Result<(), KeymapError> {
        let mut next = self.bindings.clone();
        for (context_name, table) in overrides {
            let context = Context::from_name(context_name)
                .ok_or_else(|| KeymapError::UnknownContext(context_name.clone()))?;
            for (name, keys) in table {
                let command =
                    Command::from_name(name).ok_or_else(|| KeymapError::UnknownCommand {
                        context: context_name.clone(),
                        name: name.clone(),
                    })?;
                let parsed = keys
                    .iter()
                    .map(|s| Key::parse(s))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|source| KeymapError::BadKey {
                        context: context_name.clone(),
                        name: name.clone(),
                        source,
                    })?;
                next.retain(|b| {
                    !(b.context == context && (b.command == command || parsed.contains(&b.key)))
                });
                next.extend(parsed.into_iter().map(|key| Binding {
                    context,
                    key,
                    command,
                }));
            }
        }
        self.bindings = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let map = Keymap::defaults();
        for (i, a) in map.bindings().iter().enumerate() {
            for b in &map.bindings()[i + 1..] {
                assert!(
                    !(a.context == b.context && a.key == b.key),
                    "{} bound twice in {:?}",
                    a.key,
                    a.context
                );
            }
        }
    }

    #[test]
    fn no_input_key_is_a_character_that_could_not_then_be_typed() {
        let map = Keymap::defaults();
        for b in map
            .bindings()
            .iter()
            .filter(|b| b.context == Context::Input)
        {
            let typed = matches!(b.key.code, KeyCode::Char(_)) && b.key.mods.is_empty();
            assert!(!typed, "{} is bound in input", b.key);
        }
    }

    #[test]
    fn palette_keys_open_the_palette_everywhere() {
        let map = Keymap::defaults();
        for key in [Key::ctrl('p'), k(':')] {
            assert_eq!(map.lookup(Context::Global, key), Some(Command::Palette));
            for ctx in Context::ALL.into_iter().filter(|c| *c != Context::Global) {
                assert_eq!(map.lookup(ctx, key), None, "{key} shadowed in {ctx:?}");
            }
        }
    }

    #[test]
    fn overrides_replace_and_report_errors() {
        let mut map = Keymap::defaults();
        let mut table = BTreeMap::new();
        table.insert(
            "reader".to_string(),
            BTreeMap::from([("next_paragraph".to_string(), vec!["ctrl-n".to_string()])]),
        );
        map.apply_overrides(&table).ok();
        assert_eq!(
            map.lookup(Context::Reader, Key::ctrl('n')),
            Some(Command::NextParagraph)
        );
        assert_eq!(map.lookup(Context::Reader, k('}')), None);

        table.insert(
            "reader".to_string(),
            BTreeMap::from([("fly".to_string(), vec!["x".to_string()])]),
        );
        let err = map.apply_overrides(&table).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("keys.reader.fly: unknown command"));
    }
}
