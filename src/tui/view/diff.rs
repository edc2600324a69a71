//! The diff overlay: two copies of the open cable compared, the changes first.

use super::{framed, put};
use crate::tui::state::diff::{DiffState, Ink, lines};
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draw the overlay over `area`.
pub fn render(app: &App, state: &DiffState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = crate::tui::layout::Overlays::compute(area).diff;
    if rect.width < 12 || rect.height < 3 {
        return;
    }
    let title = format!(
        " {} · A against B · {} change{} · n/N walk them ",
        state.diff.id,
        state.changes(),
        if state.changes() == 1 { "" } else { "s" }
    );
    let inner = framed(theme, buf, rect, &title);
    let all = lines(&state.diff, inner.width as usize);
    for (row, line) in all
        .iter()
        .skip(state.top)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let mut x = inner.x;
        for (ink, text) in &line.pieces {
            let role = match ink {
                Ink::Text => Role::Text,
                Ink::Muted => Role::Muted,
                Ink::Title => Role::Title,
                Ink::Label => Role::HeaderLabel,
                Ink::Added => Role::Added,
                Ink::Removed => Role::Removed,
            };
            let room = inner.right().saturating_sub(x) as usize;
            x = put(buf, x, y, text, room, theme.style(role));
        }
    }
}
