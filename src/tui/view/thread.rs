//! The thread overlay: the open cable's references back and citations forward, two levels
//! each way, as a tree; Enter opens the selected cable.

use super::{framed, put, truncate};
use crate::tui::state::thread::{Link, ThreadState};
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draw the overlay over `area`.
pub fn render(app: &App, thread: &ThreadState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let rect = crate::tui::layout::Overlays::compute(area).thread;
    if rect.width < 12 || rect.height < 3 {
        return;
    }
    let inner = framed(
        theme,
        buf,
        rect,
        " Thread: cites ← · → cited by · Enter opens ",
    );
    let rows = inner.height as usize;
    let skip = thread.selected.saturating_sub(rows.saturating_sub(1));
    for (n, (i, row)) in thread
        .rows
        .iter()
        .enumerate()
        .skip(skip)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + n as u16;
        let selected = i == thread.selected;
        let style = |role: Role| {
            let s = theme.style(role);
            if selected {
                s.patch(theme.style(Role::Selection))
            } else {
                s
            }
        };
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style(Role::Text));
        }
        let w = inner.width as usize;
        let mut x = put(buf, inner.x, y, &row.prefix, w, style(Role::Muted));
        let arrow = match row.link {
            Link::Root => "",
            Link::Cites => "← ",
            Link::CitedBy => "→ ",
        };
        let room = |x: u16| inner.right().saturating_sub(x) as usize;
        x = put(buf, x, y, arrow, room(x), style(Role::Muted));
        let (id_role, title_role) = match (row.link, row.index) {
            (Link::Root, _) => (Role::Title, Role::Title),
            (_, Some(_)) => (Role::Reference, Role::Text),
            (_, None) => (Role::Muted, Role::Muted),
        };
        x = put(buf, x, y, &row.id, room(x), style(id_role));
        x = put(buf, x, y, "  ", room(x), style(Role::Text));
        if row.index.is_none() {
            put(
                buf,
                x,
                y,
                "not in this archive",
                room(x),
                style(Role::Muted),
            );
            continue;
        }
        let date = row.date.map(|d| d.iso_date()).unwrap_or_default();
        x = put(buf, x, y, &date, room(x), style(Role::Muted));
        x = put(buf, x, y, "  ", room(x), style(Role::Text));
        put(
            buf,
            x,
            y,
            &truncate(&row.subject, room(x)),
            room(x),
            style(title_role),
        );
    }
}
