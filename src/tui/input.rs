//! One line of text input: the text, a cursor, readline's editing keys and a history of
//! earlier entries. The prompt (search, filter, bookmark note), the palette and the bookmarks
//! filter all edit through it; the keys come from the keymap's `input` context
//! ([`Edit::from_command`]), so they are the same in every prompt and can be rebound.

use super::action::Command;
use super::wrap::width;

/// How many entries a history keeps.
pub const HISTORY: usize = 100;

/// One editing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Insert a character at the cursor (control characters are refused).
    Insert(char),
    /// Delete the character before the cursor (`Backspace`, `Ctrl-H`).
    DeleteBack,
    /// Delete the character under the cursor (`Delete`).
    DeleteForward,
    /// One character left (`Left`, `Ctrl-B`).
    Left,
    /// One character right (`Right`, `Ctrl-F`).
    Right,
    /// To the start of the line (`Home`, `Ctrl-A`).
    Home,
    /// To the end of the line (`End`, `Ctrl-E`).
    End,
    /// To the start of the word before the cursor (`Alt-B`).
    WordLeft,
    /// To the end of the word after the cursor (`Alt-F`).
    WordRight,
    /// Delete the word before the cursor, up to a space (`Ctrl-W`).
    EraseWord,
    /// Delete everything before the cursor (`Ctrl-U`).
    EraseToStart,
    /// Delete everything from the cursor on (`Ctrl-K`).
    EraseToEnd,
    /// The previous (older) entry of the history (`Up`).
    HistoryPrev,
    /// The next (newer) entry of the history, then the line being typed (`Down`).
    HistoryNext,
}

impl Edit {
    /// The edit a command of the `input` context stands for.
    pub fn from_command(c: Command) -> Option<Edit> {
        Some(match c {
            Command::DeleteBack => Edit::DeleteBack,
            Command::DeleteForward => Edit::DeleteForward,
            Command::CursorLeft => Edit::Left,
            Command::CursorRight => Edit::Right,
            Command::LineStart => Edit::Home,
            Command::LineEnd => Edit::End,
            Command::WordLeft => Edit::WordLeft,
            Command::WordRight => Edit::WordRight,
            Command::EraseWord => Edit::EraseWord,
            Command::EraseToStart => Edit::EraseToStart,
            Command::EraseToEnd => Edit::EraseToEnd,
            Command::HistoryPrev => Edit::HistoryPrev,
            Command::HistoryNext => Edit::HistoryNext,
            _ => return None,
        })
    }
}

/// A line being typed: text, cursor (a byte offset on a character boundary) and history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineInput {
    text: String,
    cursor: usize,
    /// Earlier entries, oldest first.
    history: Vec<String>,
    /// The history entry shown, while walking it.
    recall: Option<usize>,
    /// The line typed before walking the history, given back past its newest entry.
    draft: String,
}

impl LineInput {
    /// A line holding `text`, the cursor at its end, without history.
    pub fn new(text: &str) -> LineInput {
        LineInput::with_history(text, Vec::new())
    }

    /// A line holding `text`, the cursor at its end; Up walks `history` (oldest first).
    pub fn with_history(text: &str, history: Vec<String>) -> LineInput {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        LineInput {
            cursor: text.len(),
            text,
            history,
            recall: None,
            draft: String::new(),
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, as a byte offset into [`LineInput::text`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Empty the line.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.recall = None;
    }

    /// Apply one edit; true when the text changed (the cursor alone moving is false).
    pub fn apply(&mut self, edit: Edit) -> bool {
        let before = self.text.len();
        let old = (self.recall, before);
        let changed = match edit {
            Edit::Insert(c) if c.is_control() => false,
            Edit::Insert(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                true
            }
            Edit::DeleteBack => self.erase_to(self.prev_char()),
            Edit::DeleteForward => {
                let end = self.next_char();
                let changed = end > self.cursor;
                self.text.replace_range(self.cursor..end, "");
                changed
            }
            Edit::EraseWord => self.erase_to(self.word_start(char::is_whitespace)),
            Edit::EraseToStart => self.erase_to(0),
            Edit::EraseToEnd => {
                let changed = self.cursor < self.text.len();
                self.text.truncate(self.cursor);
                changed
            }
            Edit::Left => self.move_to(self.prev_char()),
            Edit::Right => self.move_to(self.next_char()),
            Edit::Home => self.move_to(0),
            Edit::End => self.move_to(self.text.len()),
            Edit::WordLeft => self.move_to(self.word_start(|c| !c.is_alphanumeric())),
            Edit::WordRight => self.move_to(self.word_end()),
            Edit::HistoryPrev => return self.recall_step(true),
            Edit::HistoryNext => return self.recall_step(false),
        };
        // Editing a recalled entry makes it the line being typed.
        if changed && old.0.is_some() {
            self.recall = None;
        }
        changed
    }

    /// The part of the line shown in `room` columns, and the cursor's column in it: the
    /// cursor always shows, and the end of a long line is shown when the cursor is there.
    pub fn window(&self, room: usize) -> (String, usize) {
        let chars: Vec<(usize, char)> = self.text.char_indices().collect();
        let at = chars
            .iter()
            .position(|&(i, _)| i >= self.cursor)
            .unwrap_or(chars.len());
        let w = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        // The first character shown: as early as lets the cursor show.
        let mut start = at;
        let mut used = 0;
        while start > 0 && used + w(chars[start - 1].1) <= room {
            start -= 1;
            used += w(chars[start].1);
        }
        let mut shown = String::new();
        let mut total = 0;
        for &(_, c) in &chars[start..] {
            if total + w(c) > room {
                break;
            }
            total += w(c);
            shown.push(c);
        }
        (shown, used)
    }

    /// The text before the cursor's display width (for placing a terminal cursor).
    pub fn cursor_width(&self) -> usize {
        width(&self.text[..self.cursor])
    }

    fn erase_to(&mut self, from: usize) -> bool {
        if from >= self.cursor {
            return false;
        }
        self.text.replace_range(from..self.cursor, "");
        self.cursor = from;
        true
    }

    fn move_to(&mut self, to: usize) -> bool {
        self.cursor = to;
        false
    }

    fn prev_char(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_char(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// The start of the word before the cursor: back over separators, then over the word.
    fn word_start(&self, separator: fn(char) -> bool) -> usize {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(separator);
        trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| separator(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// The end of the word after the cursor: over separators, then over the word.
    fn word_end(&self) -> usize {
        let after = &self.text[self.cursor..];
        let skipped = after.len()
            - after
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let rest = &after[skipped..];
        let word = rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        self.cursor + skipped + word
    }

    /// Show the previous (`back`) or next entry of the history; true when the text changed.
    fn recall_step(&mut self, back: bool) -> bool {
        let next = match (self.recall, back) {
            (None, true) if !self.history.is_empty() => {
                self.draft = self.text.clone();
                Some(self.history.len() - 1)
            }
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < self.history.len() => Some(i + 1),
            (Some(_), false) => None,
            (None, _) => return false,
        };
        let text = match next {
            Some(i) => self.history.get(i).cloned().unwrap_or_default(),
            None => std::mem::take(&mut self.draft),
        };
        self.recall = next;
        let changed = text != self.text;
        self.text = text;
        self.cursor = self.text.len();
        changed
    }
}

/// Remember `entry` at the end of `history` (not empty, not the same as the last one, at
/// most [`HISTORY`] kept).
pub fn remember(history: &mut Vec<String>, entry: &str) {
    let entry = entry.trim();
    if entry.is_empty() || history.last().is_some_and(|l| l == entry) {
        return;
    }
    history.push(entry.to_string());
    if history.len() > HISTORY {
        history.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineInput {
        let mut l = LineInput::default();
        for c in text.chars() {
            l.apply(Edit::Insert(c));
        }
        l
    }

    fn edits(l: &mut LineInput, edits: &[Edit]) {
        for e in edits {
            l.apply(*e);
        }
    }

    /// The text with the cursor shown as `|`.
    fn shown(l: &LineInput) -> String {
        format!("{}|{}", &l.text()[..l.cursor()], &l.text()[l.cursor()..])
    }

    #[test]
    fn typing_inserts_at_the_cursor_and_refuses_control_characters() {
        let mut l = typed("tag:PHUM");
        edits(
            &mut l,
            &[Edit::Home, Edit::Insert('x'), Edit::Insert('\u{1b}')],
        );
        assert_eq!(shown(&l), "x|tag:PHUM");
        edits(&mut l, &[Edit::End, Edit::Left, Edit::Insert('é')]);
        assert_eq!(shown(&l), "xtag:PHUé|M");
        assert!(!l.apply(Edit::Insert('\u{7}')));
    }

    #[test]
    fn ctrl_w_erases_the_word_before_the_cursor_and_ctrl_u_the_rest() {
        let mut l = typed("tag:PHUM origin:dushanbe ");
        assert!(l.apply(Edit::EraseWord));
        assert_eq!(shown(&l), "tag:PHUM |");
        edits(&mut l, &[Edit::Insert('a'), Edit::Left]);
        assert!(l.apply(Edit::EraseWord));
        assert_eq!(shown(&l), "|a");
        let mut l = typed("one two three");
        edits(&mut l, &[Edit::WordLeft]);
        assert!(l.apply(Edit::EraseToStart));
        assert_eq!(shown(&l), "|three");
        assert!(!l.apply(Edit::EraseToStart));
        assert!(l.apply(Edit::EraseToEnd));
        assert_eq!(shown(&l), "|");
    }

    #[test]
    fn backspace_and_delete_take_whole_characters() {
        let mut l = typed("東京ab");
        edits(&mut l, &[Edit::Home, Edit::Right]);
        assert!(l.apply(Edit::DeleteBack));
        assert_eq!(shown(&l), "|京ab");
        assert!(!l.apply(Edit::DeleteBack));
        assert!(l.apply(Edit::DeleteForward));
        assert_eq!(shown(&l), "|ab");
        edits(&mut l, &[Edit::End]);
        assert!(!l.apply(Edit::DeleteForward));
    }

    #[test]
    fn alt_b_and_alt_f_move_by_words() {
        let mut l = typed("tag:PHUM  origin:dushanbe");
        l.apply(Edit::WordLeft);
        assert_eq!(shown(&l), "tag:PHUM  origin:|dushanbe");
        l.apply(Edit::WordLeft);
        assert_eq!(shown(&l), "tag:PHUM  |origin:dushanbe");
        l.apply(Edit::WordLeft);
        assert_eq!(shown(&l), "tag:|PHUM  origin:dushanbe");
        edits(&mut l, &[Edit::WordLeft, Edit::WordLeft]);
        assert_eq!(shown(&l), "|tag:PHUM  origin:dushanbe");
        l.apply(Edit::WordRight);
        assert_eq!(shown(&l), "tag|:PHUM  origin:dushanbe");
        l.apply(Edit::WordRight);
        assert_eq!(shown(&l), "tag:PHUM|  origin:dushanbe");
        edits(&mut l, &[Edit::WordRight, Edit::WordRight, Edit::WordRight]);
        assert_eq!(shown(&l), "tag:PHUM  origin:dushanbe|");
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut history = Vec::new();
        for e in ["tag:PHUM", "  ", "year:2008", "year:2008"] {
            remember(&mut history, e);
        }
        assert_eq!(history, ["tag:PHUM", "year:2008"]);
        let mut l = LineInput::with_history("dra", history);
        assert!(l.apply(Edit::HistoryPrev));
        assert_eq!(shown(&l), "year:2008|");
        assert!(l.apply(Edit::HistoryPrev));
        assert_eq!(l.text(), "tag:PHUM");
        assert!(!l.apply(Edit::HistoryPrev));
        assert!(l.apply(Edit::HistoryNext));
        assert_eq!(l.text(), "year:2008");
        assert!(l.apply(Edit::HistoryNext));
        assert_eq!(shown(&l), "dra|");
        assert!(!l.apply(Edit::HistoryNext));
        // An edited entry is the new draft.
        edits(
            &mut l,
            &[Edit::HistoryPrev, Edit::Insert('x'), Edit::HistoryPrev],
        );
        assert_eq!(l.text(), "year:2008");
        l.apply(Edit::HistoryNext);
        assert_eq!(l.text(), "year:2008x");
        assert!(!LineInput::new("a").apply(Edit::HistoryPrev));
    }

    #[test]
    fn the_window_keeps_the_cursor_in_view() {
        let l = typed("abcdefghij");
        assert_eq!(l.window(4), ("ghij".to_string(), 4));
        assert_eq!(l.window(20), ("abcdefghij".to_string(), 10));
        let mut l = typed("abcdefghij");
        edits(&mut l, &[Edit::Home, Edit::Right, Edit::Right]);
        assert_eq!(l.window(4), ("abcd".to_string(), 2));
        let l = typed("東京都");
        assert_eq!(l.window(5), ("京都".to_string(), 4));
        assert_eq!(LineInput::default().window(0), (String::new(), 0));
    }
}
