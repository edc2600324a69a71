//! The diff view: two copies of a cable compared (the fields that differ, then the
//! paragraphs that differ, marked word by word, then the ones that are the same), laid out
//! in lines for a width; `n`/`N` walk the changes.

use crate::archive::diff::{CopyDiff, Mark};
use crate::tui::wrap::width as columns;

/// What a piece of a line is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Text,
    Muted,
    Title,
    Label,
    Added,
    Removed,
}

/// One line of the laid-out diff: its pieces, and whether a change starts on it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffLine {
    pub pieces: Vec<(Ink, String)>,
    pub change: bool,
}

/// The diff overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffState {
    pub diff: CopyDiff,
    /// First line shown.
    pub top: usize,
    /// The change walked to last with `n`/`N` (index among the changes).
    pub current: Option<usize>,
}

impl DiffState {
    /// A diff shown from its top.
    pub fn new(diff: CopyDiff) -> DiffState {
        DiffState {
            diff,
            top: 0,
            current: None,
        }
    }

    /// How many changes there are (fields and paragraphs that differ).
    pub fn changes(&self) -> usize {
        self.diff.fields.len() + self.diff.changed().count()
    }

    /// Scroll to the next or previous change (wrapping), for lines laid out at `width`.
    pub fn step(&mut self, forward: bool, width: usize) {
        let starts: Vec<usize> = lines(&self.diff, width)
            .iter()
            .enumerate()
            .filter(|(_, l)| l.change)
            .map(|(i, _)| i)
            .collect();
        if starts.is_empty() {
            return;
        }
        let n = starts.len();
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        self.current = Some(next);
        self.top = starts.get(next).copied().unwrap_or(0).saturating_sub(1);
    }
}

/// The diff laid out for `width` columns: the two sources, the fields that differ, the
/// paragraphs that differ, then those that are the same (their labels).
pub fn lines(d: &CopyDiff, width: usize) -> Vec<DiffLine> {
    let width = width.max(10);
    let mut out = Vec::new();
    let mut push = |pieces: Vec<(Ink, String)>, change: bool| {
        out.push(DiffLine { pieces, change });
    };
    for (ink, name, info) in [(Ink::Removed, "A ", &d.a), (Ink::Added, "B ", &d.b)] {
        for line in wrap(&[(ink, name.into()), (Ink::Muted, info.describe())], width) {
            push(line, false);
        }
    }
    let changed: Vec<_> = d.changed().collect();
    let same: Vec<&str> = d
        .paragraphs
        .iter()
        .filter(|p| !p.changed())
        .map(|p| p.label.as_str())
        .collect();
    if d.fields.is_empty() && changed.is_empty() {
        push(Vec::new(), false);
        push(
            vec![(Ink::Title, "The two copies read the same.".into())],
            false,
        );
    }
    for f in &d.fields {
        push(Vec::new(), false);
        push(vec![(Ink::Label, f.field.to_string())], true);
        for (ink, sign, text) in [(Ink::Removed, "- ", &f.a), (Ink::Added, "+ ", &f.b)] {
            let pieces = vec![(ink, format!("{sign}{text}"))];
            for line in wrap(&pieces, width) {
                push(line, false);
            }
        }
    }
    if !changed.is_empty() {
        push(Vec::new(), false);
        let title = format!(
            "Paragraphs that differ: {} of {}",
            changed.len(),
            d.paragraphs.len()
        );
        push(vec![(Ink::Title, title)], false);
    }
    for p in changed {
        push(Vec::new(), false);
        let mut head: Vec<(Ink, String)> = vec![(Ink::Label, format!("¶{} ", p.label))];
        for piece in &p.pieces {
            let ink = match piece.mark {
                Mark::Same => Ink::Text,
                Mark::Removed => Ink::Removed,
                Mark::Added => Ink::Added,
            };
            // Removed words right before the added ones: a space keeps them apart where
            // colours do not show.
            if ink == Ink::Added
                && head
                    .last()
                    .is_some_and(|(i, t)| *i == Ink::Removed && !t.ends_with(' '))
            {
                head.push((Ink::Text, " ".into()));
            }
            head.push((ink, piece.text.clone()));
        }
        for (k, line) in wrap(&head, width).into_iter().enumerate() {
            push(line, k == 0);
        }
    }
    if !same.is_empty() {
        push(Vec::new(), false);
        let text = format!("The same in both ({}): ¶{}", same.len(), same.join(" ¶"));
        for line in wrap(&[(Ink::Muted, text)], width) {
            push(line, false);
        }
    }
    out
}

/// Word-wrap `pieces` at `width` display columns, keeping each word's ink.
fn wrap(pieces: &[(Ink, String)], width: usize) -> Vec<Vec<(Ink, String)>> {
    let mut lines: Vec<Vec<(Ink, String)>> = vec![Vec::new()];
    let mut col = 0;
    for (ink, text) in pieces {
        for word in text.split_inclusive(' ') {
            let w = columns(word.trim_end());
            if col > 0 && col + w > width {
                lines.push(Vec::new());
                col = 0;
            }
            let word = if col == 0 { word.trim_start() } else { word };
            if word.is_empty() {
                continue;
            }
            col += columns(word);
            let Some(line) = lines.last_mut() else {
                continue;
            };
            match line.last_mut() {
                Some((last, t)) if last == ink => t.push_str(word),
                _ => line.push((*ink, word.to_string())),
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_keeping_their_ink() {
        let pieces = [
            (Ink::Text, "one two ".to_string()),
            (Ink::Removed, "three four".to_string()),
            (Ink::Added, " five".to_string()),
        ];
        let lines = wrap(&pieces, 9);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(text, ["one two ", "three ", "four five"]);
        assert_eq!(
            lines[2],
            [(Ink::Removed, "four".into()), (Ink::Added, " five".into())]
        );
    }
}
