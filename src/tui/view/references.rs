//! The references overlay: the open cable's references; those in the archive can be opened.

use super::{centered, put, truncate};
use crate::tui::app::App;
use crate::tui::state::ReferencesState;
use crate::tui::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Draw the overlay over `area`.
pub fn render(app: &App, refs: &ReferencesState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let h = (refs.items.len() as u16 + 4).min(area.height);
    let rect = centered(area, 56, h);
    if rect.width < 6 || rect.height < 3 {
        return;
    }
    Clear.render(rect, buf);
    buf.set_style(rect, theme.style(Role::Text));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Role::Border))
        .title(" References · Enter opens ")
        .title_style(theme.style(Role::Title))
        .render(rect, buf);
    let inner = Rect::new(rect.x + 2, rect.y + 1, rect.width - 4, rect.height - 2);
    let skip = refs.selected.saturating_sub(inner.height as usize - 1);
    for (row, (i, (id, found))) in refs
        .items
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let mut style = theme.style(if found.is_some() {
            Role::Reference
        } else {
            Role::Muted
        });
        let mut note = theme.style(Role::Muted);
        if i == refs.selected {
            buf.set_style(
                Rect::new(inner.x, y, inner.width, 1),
                theme.style(Role::Selection),
            );
            style = style.patch(theme.style(Role::Selection));
            note = note.patch(theme.style(Role::Selection));
        }
        let w = inner.width as usize;
        let x = put(
            buf,
            inner.x,
            y,
            &truncate(id, w.saturating_sub(16)),
            w,
            style,
        );
        let text = if found.is_some() {
            "  in archive"
        } else {
            "  not in archive"
        };
        put(
            buf,
            x,
            y,
            text,
            inner.right().saturating_sub(x) as usize,
            note,
        );
    }
}
