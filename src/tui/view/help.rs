//! Help: every binding, generated from the keymap, so it cannot drift.

use super::{centered, framed, put, truncate};
use crate::tui::keymap::Context;
use crate::tui::state::HelpState;
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The lines of help: (is a section title, keys, description).
pub fn lines(app: &App, first: Context) -> Vec<(bool, String, String)> {
    let mut out = Vec::new();
    let entries = app.keymap.entries();
    let mut order = vec![first];
    order.extend(Context::ALL.iter().copied().filter(|c| *c != first));
    for context in order {
        let mut first = true;
        for e in entries.iter().filter(|e| e.context == context) {
            if first {
                if !out.is_empty() {
                    out.push((false, String::new(), String::new()));
                }
                let title = match context {
                    Context::Global => "Everywhere",
                    Context::List => "Cable list",
                    Context::Reader => "Reader",
                    Context::References => "References",
                    Context::Bookmarks => "Bookmarks",
                    Context::Help => "Help",
                };
                out.push((true, title.to_string(), String::new()));
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

/// Draw the help box over `area`.
pub fn render(app: &App, help: &HelpState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = centered(area, 84, area.height.saturating_sub(2));
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    let inner = framed(theme, buf, rect, " Keys (from the keymap) ");
    let key_w = 24.min(inner.width as usize / 3);
    for (row, (title, keys, desc)) in lines(app, help.context)
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
