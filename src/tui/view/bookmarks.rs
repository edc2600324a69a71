//! The bookmarks screen: every bookmark, newest first, two lines each (cable, ¶, date,
//! subject; then note, first words, when it was made), with a filter line on top.

use super::{framed, put, truncate};
use crate::tui::state::bookmarks::{BookmarksScreen, Row, rows};
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Draw the screen over `area`.
pub fn render(app: &App, screen: &BookmarksScreen, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let boxes = crate::tui::layout::Overlays::compute(area);
    let rect = boxes.bookmarks;
    if rect.width < 12 || rect.height < 5 {
        return;
    }
    let shown = rows(&app.archive, &app.bookmarks, screen.filter.text());
    let total = app.bookmarks.store.bookmarks().len();
    let title = if shown.len() == total {
        format!(" Bookmarks ({total}) ")
    } else {
        format!(" Bookmarks ({} of {total}) ", shown.len())
    };
    let inner = framed(theme, buf, rect, &title);
    let w = inner.width as usize;
    filter_line(app, screen, buf, inner);
    let list = boxes.bookmarks_list();
    if shown.is_empty() {
        let text = if total == 0 {
            "No bookmarks yet: in the reader, m bookmarks the paragraph on top."
        } else {
            "No bookmark matches the filter."
        };
        put(buf, list.x, list.y, text, w, theme.style(Role::Muted));
        return;
    }
    let visible = boxes.bookmarks_rows();
    let skip = screen.selected.saturating_sub(visible - 1);
    for (slot, (i, row)) in shown
        .iter()
        .enumerate()
        .skip(skip)
        .take(visible)
        .enumerate()
    {
        let y = list.y + 2 * slot as u16;
        let selected = i == screen.selected;
        if selected {
            let height = 2.min(list.bottom().saturating_sub(y));
            buf.set_style(
                Rect::new(list.x, y, list.width, height),
                theme.style(Role::Selection),
            );
        }
        draw_row(app, row, selected, buf, Rect::new(list.x, y, list.width, 2));
    }
}

fn filter_line(app: &App, screen: &BookmarksScreen, buf: &mut Buffer, inner: Rect) {
    let theme = app.theme();
    let w = inner.width as usize;
    if screen.filtering || !screen.filter.is_empty() {
        let x = put(buf, inner.x, inner.y, "/", w, theme.style(Role::Prompt));
        let room = w.saturating_sub(2);
        let at = (x, inner.y);
        let text = theme.style(Role::Text);
        let (_, cx) = super::input_text(buf, at, &screen.filter, room, text);
        if screen.filtering {
            let cursor = theme.style(Role::Prompt);
            super::input_cursor(buf, (cx, inner.y), &screen.filter, "▏", cursor);
        }
    } else {
        let hint = hint(app);
        put(
            buf,
            inner.x,
            inner.y,
            &truncate(&hint, w),
            w,
            theme.style(Role::Muted),
        );
    }
}

/// The screen's keys as bound now (a rebound key shows its new key; an unbound one is left
/// out), from the keymap.
fn hint(app: &App) -> String {
    use crate::tui::action::Command;
    use crate::tui::keymap::Context;
    [
        (Command::FilterBookmarks, "filter"),
        (Command::Open, "jump"),
        (Command::EditNote, "edit note"),
        (Command::DeleteBookmark, "delete"),
        (Command::UndoDelete, "undo"),
        (Command::ExportMarkdown, "export md"),
        (Command::ExportJson, "json"),
        (Command::Close, "close"),
    ]
    .iter()
    .filter_map(|(command, what)| {
        let key = app.keymap.keys_for(Context::Bookmarks, *command);
        key.first().map(|k| format!("{k} {what}"))
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

fn draw_row(app: &App, row: &Row<'_>, selected: bool, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let style = |role: Role| -> Style {
        let s = theme.style(role);
        if selected {
            s.patch(theme.style(Role::Selection))
        } else {
            s
        }
    };
    let b = row.bookmark;
    let right = area.right();
    let room = |x: u16| right.saturating_sub(x) as usize;
    // Line 1: cable id, ¶, cable date, subject.
    let y = area.y;
    let x = put(
        buf,
        area.x,
        y,
        &format!("{:<16}", b.anchor.cable),
        room(area.x),
        style(Role::Reference),
    );
    let x = put(
        buf,
        x,
        y,
        &format!(" {:<6}", b.anchor.paragraph_ref()),
        room(x),
        style(Role::Gutter),
    );
    let (date, subject) = match row.meta {
        Some(m) => (
            m.date().map(|d| d.iso_date()).unwrap_or_default(),
            m.subject(),
        ),
        None => (String::new(), "(not in this archive)"),
    };
    let x = put(
        buf,
        x,
        y,
        &format!(" {date:<10}  "),
        room(x),
        style(Role::Muted),
    );
    put(
        buf,
        x,
        y,
        &truncate(subject, room(x)),
        room(x),
        style(Role::Text),
    );
    // Line 2: note, first words, created.
    let y = area.y + 1;
    if y >= area.bottom() {
        return;
    }
    let created = format!("  {}", b.created.short());
    let end = right.saturating_sub(super::super::wrap::width(&created) as u16);
    let mut x = area.x + 2;
    if !b.note.is_empty() {
        let note = truncate(&b.note, (end.saturating_sub(x) as usize) / 2);
        x = put(
            buf,
            x,
            y,
            &note,
            end.saturating_sub(x) as usize,
            style(Role::Bookmark),
        );
        x = put(
            buf,
            x,
            y,
            " — ",
            end.saturating_sub(x) as usize,
            style(Role::Muted),
        );
    }
    let words = format!("“{}”", b.anchor.first_words);
    let room_words = end.saturating_sub(x) as usize;
    put(
        buf,
        x,
        y,
        &truncate(&words, room_words),
        room_words,
        style(Role::Muted),
    );
    if end > area.x {
        put(buf, end, y, &created, room(end), style(Role::Muted));
    }
}
