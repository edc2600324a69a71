//! The references overlay: the open cable's references (those in the archive can be opened)
//! and its tags (Enter filters the list by one); `*` searches the archive for either.

use super::{centered, framed, put, truncate};
use crate::cable::tags;
use crate::tui::state::{HeaderLink, ReferencesState};
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Columns kept for a reference id or tag code before its note.
const NAME_COLUMNS: usize = 20;

/// Draw the overlay over `area`.
pub fn render(app: &App, refs: &ReferencesState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let h = (refs.items.len() as u16 + 2).min(area.height);
    let rect = centered(area, 64, h);
    if rect.width < 6 || rect.height < 3 {
        return;
    }
    let inner = framed(
        theme,
        buf,
        rect,
        " References and tags · Enter opens · * searches ",
    );
    let skip = refs.selected.saturating_sub(inner.height as usize - 1);
    for (row, (i, link)) in refs
        .items
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + row as u16;
        let (name, role, note) = match link {
            HeaderLink::Reference { id, found } => (
                id.clone(),
                if found.is_some() {
                    Role::Reference
                } else {
                    Role::Muted
                },
                if found.is_some() {
                    "in archive".to_string()
                } else {
                    "not in archive".to_string()
                },
            ),
            HeaderLink::Tag(code) => (
                code.clone(),
                Role::Tag,
                format!(
                    "tag · {}",
                    tags::meaning(code).unwrap_or("(meaning unknown)")
                ),
            ),
        };
        let mut style = theme.style(role);
        let mut note_style = theme.style(Role::Muted);
        if i == refs.selected {
            buf.set_style(
                Rect::new(inner.x, y, inner.width, 1),
                theme.style(Role::Selection),
            );
            style = style.patch(theme.style(Role::Selection));
            note_style = note_style.patch(theme.style(Role::Selection));
        }
        let w = inner.width as usize;
        let x = put(buf, inner.x, y, &truncate(&name, NAME_COLUMNS), w, style);
        let x = x.max(inner.x + NAME_COLUMNS as u16 + 2);
        put(
            buf,
            x,
            y,
            &truncate(&note, inner.right().saturating_sub(x) as usize),
            inner.right().saturating_sub(x) as usize,
            note_style,
        );
    }
}
