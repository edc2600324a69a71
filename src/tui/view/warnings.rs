//! The warnings overlay (`!`): every file of the archive that could not be read or parsed,
//! with the reason, so nothing is skipped silently.

use super::{framed, put};
use crate::tui::state::WarningsState;
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draw the warnings box over `area`.
pub fn render(app: &App, state: &WarningsState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = crate::tui::layout::Overlays::compute(area).warnings;
    if rect.width < 6 || rect.height < 3 {
        return;
    }
    let warnings = app.archive.warnings();
    let title = format!(" Files not read ({}) · Esc closes ", warnings.len());
    let inner = framed(theme, buf, rect, &title);
    if warnings.is_empty() {
        put(
            buf,
            inner.x,
            inner.y,
            "Every file of this archive was read.",
            inner.width as usize,
            theme.style(Role::Muted),
        );
        return;
    }
    let room = |x: u16| inner.right().saturating_sub(x) as usize;
    for (row, w) in warnings
        .iter()
        .skip(state.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let x = put(
            buf,
            inner.x,
            y,
            &w.source,
            room(inner.x),
            theme.style(Role::Error),
        );
        let x = put(buf, x, y, ": ", room(x), theme.style(Role::Muted));
        put(buf, x, y, &w.reason, room(x), theme.style(Role::Text));
    }
}
