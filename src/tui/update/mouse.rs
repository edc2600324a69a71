//! `update` for the mouse (only when capture is on): wheel scrolling of the pane under the
//! pointer, clicks that select, open, or focus.

use super::App;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
use crate::tui::layout::Pane;
use ratatui::layout::{Position, Rect};

fn contains(area: Option<Rect>, x: u16, y: u16) -> bool {
    area.is_some_and(|a| a.contains(Position::new(x, y)))
}

/// Which pane is at (x, y).
fn pane_at(app: &App, x: u16, y: u16) -> Option<Pane> {
    let layout = app.layout();
    if contains(layout.reader, x, y) {
        Some(Pane::Reader)
    } else if layout
        .list
        .is_some_and(|l| contains(Some(l.table), x, y) || contains(Some(l.filter), x, y))
    {
        Some(Pane::List)
    } else {
        None
    }
}

/// Scroll `pane` by `lines`.
pub fn scroll(app: &mut App, pane: Pane, lines: i32) -> Vec<Effect> {
    if !app.overlays.is_empty() {
        return Vec::new();
    }
    match (pane, &mut app.reader) {
        (Pane::Reader, Some(r)) => {
            r.scroll(lines as isize);
            Vec::new()
        }
        _ => {
            app.list.move_by(lines as isize);
            app.preview()
        }
    }
}

/// Scroll the pane under the pointer.
pub fn scroll_at(app: &mut App, x: u16, y: u16, lines: i32) -> Vec<Effect> {
    match pane_at(app, x, y) {
        Some(pane) => scroll(app, pane, lines),
        None => Vec::new(),
    }
}

/// A left click: a list row selects (a second click opens); a pane takes the focus.
pub fn click(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    if !app.overlays.is_empty() {
        return Vec::new();
    }
    let layout = app.layout();
    match pane_at(app, x, y) {
        Some(Pane::Reader) => {
            app.focus = Pane::Reader;
            Vec::new()
        }
        Some(Pane::List) => {
            app.focus = Pane::List;
            let Some(table) = layout.list.map(|l| l.table) else {
                return Vec::new();
            };
            if y <= table.y {
                return Vec::new();
            }
            let row = app.list.offset + (y - table.y - 1) as usize;
            if row >= app.list.rows.len() {
                return Vec::new();
            }
            if row == app.list.selected {
                return app.command(Command::Open);
            }
            app.list.move_by(row as isize - app.list.selected as isize);
            app.preview()
        }
        None => Vec::new(),
    }
}
