//! Help: pages of keys (generated from the keymap, so it cannot drift), the filter syntax,
//! the search syntax and the palette's prefixes; `Tab` and `Shift-Tab` switch pages.

use super::{framed, put};
use crate::tui::state::HelpState;
use crate::tui::state::help::{HelpLine, HelpPage, term_width};
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The box's title: every page, the current one in brackets.
pub fn title(help: &HelpState) -> String {
    let pages: Vec<String> = HelpPage::ALL
        .iter()
        .map(|p| {
            if *p == help.page {
                format!("[{}]", p.name())
            } else {
                p.name().to_string()
            }
        })
        .collect();
    format!(" Help: {} · tab: next page ", pages.join(" "))
}

/// Draw the help box over `area`.
pub fn render(app: &App, help: &HelpState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = crate::tui::layout::Overlays::compute(area).help;
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    let inner = framed(theme, buf, rect, &title(help));
    let width = inner.width as usize;
    let key_w = term_width(width);
    let key_style = theme
        .style(Role::StatusKey)
        .remove_modifier(ratatui::style::Modifier::REVERSED);
    for (row, line) in help
        .lines(&app.keymap, width)
        .into_iter()
        .skip(help.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        match line {
            HelpLine::Title(t) => {
                put(buf, inner.x, y, &t, width, theme.style(Role::Title));
            }
            HelpLine::Note(t) => {
                put(buf, inner.x, y, &t, width, theme.style(Role::Muted));
            }
            HelpLine::Blank => {}
            HelpLine::Entry { term, text } => {
                put(buf, inner.x, y, &term, key_w, key_style);
                let room = width.saturating_sub(key_w + 1);
                let x = inner.x + key_w as u16 + 1;
                put(buf, x, y, &text, room, theme.style(Role::Text));
            }
        }
    }
}
