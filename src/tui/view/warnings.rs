//! The warnings overlay (`!`): every file of the archive that could not be read or parsed,
//! with the reason, so nothing is skipped silently.

use super::{centered, put};
use crate::tui::app::App;
use crate::tui::state::WarningsState;
use crate::tui::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The lines shown: (file, reason).
pub fn lines(app: &App) -> Vec<(String, String)> {
    app.archive
        .warnings()
        .iter()
        .map(|w| (w.source.clone(), w.reason.clone()))
        .collect()
}

/// Draw the warnings box over `area`.
pub fn render(app: &App, state: &WarningsState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = centered(area, 100, area.height.saturating_sub(2));
    if rect.width < 6 || rect.height < 3 {
        return;
    }
    let lines = lines(app);
    Clear.render(rect, buf);
    buf.set_style(rect, theme.style(Role::Text));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Role::Border))
        .title(format!(" Files not read ({}) · Esc closes ", lines.len()))
        .title_style(theme.style(Role::Title))
        .render(rect, buf);
    let inner = Rect::new(rect.x + 2, rect.y + 1, rect.width - 4, rect.height - 2);
    if lines.is_empty() {
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
    let w = inner.width as usize;
    for (row, (source, reason)) in lines
        .iter()
        .skip(state.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let x = put(buf, inner.x, y, source, w, theme.style(Role::Error));
        let x = put(
            buf,
            x,
            y,
            ": ",
            inner.right().saturating_sub(x) as usize,
            theme.style(Role::Muted),
        );
        put(
            buf,
            x,
            y,
            reason,
            inner.right().saturating_sub(x) as usize,
            theme.style(Role::Text),
        );
    }
}
