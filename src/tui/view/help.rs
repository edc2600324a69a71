//! Help: every binding, generated from the keymap, so it cannot drift.

use super::{framed, put, truncate};
use crate::tui::state::HelpState;
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draw the help box over `area`.
pub fn render(app: &App, help: &HelpState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = crate::tui::layout::Overlays::compute(area).help;
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    let inner = framed(theme, buf, rect, " Keys (from the keymap) ");
    let key_w = 24.min(inner.width as usize / 3);
    for (row, (title, keys, desc)) in app
        .keymap
        .help_lines(help.context)
        .into_iter()
        .skip(help.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        if title {
            put(
                buf,
                inner.x,
                y,
                &keys,
                inner.width as usize,
                theme.style(Role::Title),
            );
            continue;
        }
        put(
            buf,
            inner.x,
            y,
            &truncate(&keys, key_w),
            key_w,
            theme
                .style(Role::StatusKey)
                .remove_modifier(ratatui::style::Modifier::REVERSED),
        );
        let room = (inner.width as usize).saturating_sub(key_w + 1);
        put(
            buf,
            inner.x + key_w as u16 + 1,
            y,
            &truncate(&desc, room),
            room,
            theme.style(Role::Text),
        );
    }
}
