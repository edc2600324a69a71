//! The warnings overlay (`!`): every file of the archive that could not be read or parsed,
//! with the reason, so nothing is skipped silently: paths relative to the archive, reasons
//! wrapped under them ([`WarningsState::lines`]).

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
    let lines = WarningsState::lines(&app.archive, inner.width as usize);
    for (row, (source, line)) in lines
        .iter()
        .skip(state.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let role = if *source { Role::Error } else { Role::Text };
        let y = inner.y + row as u16;
        put(
            buf,
            inner.x,
            y,
            line,
            inner.width as usize,
            theme.style(role),
        );
    }
}
