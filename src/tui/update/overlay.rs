//! `update` for the overlays' commands: help and the references and tags list.

use super::App;
use crate::tui::action::{Command, LoadPurpose};
use crate::tui::effect::Effect;
use crate::tui::state::thread::{Link, ThreadRow};
use crate::tui::state::{HeaderLink, Overlay, WarningsState};

/// Apply a command to the help or the warnings overlay (both scroll a list of lines).
pub fn scroll_list(app: &mut App, c: Command) -> Vec<Effect> {
    let boxes = app.overlay_boxes();
    let (total, rows) = match app.overlays.last() {
        Some(Overlay::Help(h)) => (
            h.lines(&app.keymap, boxes.help_width()).len(),
            boxes.help_rows(),
        ),
        _ => (
            WarningsState::lines(&app.archive, boxes.warnings_width()).len(),
            boxes.warnings_rows(),
        ),
    };
    let max = total.saturating_sub(rows);
    let scroll = match app.overlays.last_mut() {
        Some(Overlay::Help(h)) => Some(&mut h.scroll),
        Some(Overlay::Warnings(w)) => Some(&mut w.scroll),
        _ => None,
    };
    if let Some(scroll) = scroll {
        *scroll = match c {
            Command::MoveDown => *scroll + 1,
            Command::MoveUp => (*scroll).saturating_sub(1),
            Command::PageDown | Command::HalfPageDown => *scroll + rows.max(1),
            Command::PageUp | Command::HalfPageUp => (*scroll).saturating_sub(rows.max(1)),
            Command::Top => 0,
            Command::Bottom => max,
            _ => *scroll,
        }
        .min(max);
    }
    if let (Command::NextPage | Command::PrevPage, Some(Overlay::Help(h))) =
        (c, app.overlays.last_mut())
    {
        h.page = h.page.step(c == Command::NextPage);
        h.scroll = 0;
    }
    if c == Command::Close {
        app.overlays.pop();
    }
    Vec::new()
}

/// Apply a command to the references overlay.
pub fn references(app: &mut App, c: Command) -> Vec<Effect> {
    let Some(Overlay::References(r)) = app.overlays.last_mut() else {
        return Vec::new();
    };
    match c {
        Command::MoveDown => r.selected = (r.selected + 1).min(r.items.len().saturating_sub(1)),
        Command::MoveUp => r.selected = r.selected.saturating_sub(1),
        Command::Open => {
            let item = r.items.get(r.selected).cloned();
            app.overlays.pop();
            match item {
                Some(HeaderLink::Reference { id, .. }) => {
                    return vec![app.load_id(id, LoadPurpose::Follow)];
                }
                Some(HeaderLink::Tag(code)) => return app.filter_by_tag(code),
                None => {}
            }
        }
        Command::SearchArchive => {
            let query = r.items.get(r.selected).map(HeaderLink::search_query);
            app.overlays.pop();
            if let Some(query) = query {
                return app.open_palette(&format!("/{query}"));
            }
        }
        Command::Close => {
            app.overlays.pop();
        }
        _ => {}
    }
    Vec::new()
}

/// Apply a command to the thread overlay: the list's moves, Enter opens the selected cable
/// (the open one goes on the history, so back returns to it).
pub fn thread(app: &mut App, c: Command) -> Vec<Effect> {
    let rows = app.overlay_boxes().thread_rows();
    let Some(Overlay::Thread(t)) = app.overlays.last_mut() else {
        return Vec::new();
    };
    let page = rows.max(1) as isize;
    match c {
        Command::MoveDown => t.move_by(1),
        Command::MoveUp => t.move_by(-1),
        Command::PageDown => t.move_by(page),
        Command::PageUp => t.move_by(-page),
        Command::HalfPageDown => t.move_by((page / 2).max(1)),
        Command::HalfPageUp => t.move_by(-(page / 2).max(1)),
        Command::Top => t.selected = 0,
        Command::Bottom => t.selected = t.rows.len().saturating_sub(1),
        Command::Open => {
            let row = t.rows.get(t.selected).cloned();
            match row {
                Some(row) if row.link == Link::Root => {
                    app.overlays.pop();
                }
                Some(ThreadRow {
                    index: Some(index), ..
                }) => {
                    app.overlays.pop();
                    return vec![app.load(index, LoadPurpose::Follow)];
                }
                Some(row) => {
                    let text = format!("{} is not in this archive", row.id);
                    app.say(text, true);
                }
                None => {}
            }
        }
        Command::Close => {
            app.overlays.pop();
        }
        _ => {}
    }
    Vec::new()
}

/// Apply a command to the diff overlay: scroll its lines, `n`/`N` walk the changes.
pub fn diff(app: &mut App, c: Command) -> Vec<Effect> {
    let (width, rows) = app.overlay_boxes().diff_text();
    let Some(Overlay::Diff(d)) = app.overlays.last_mut() else {
        return Vec::new();
    };
    let total = crate::tui::state::diff::lines(&d.diff, width).len();
    let max = total.saturating_sub(rows);
    let page = rows.max(1);
    match c {
        Command::MoveDown => d.top += 1,
        Command::MoveUp => d.top = d.top.saturating_sub(1),
        Command::PageDown => d.top += page,
        Command::PageUp => d.top = d.top.saturating_sub(page),
        Command::HalfPageDown => d.top += (page / 2).max(1),
        Command::HalfPageUp => d.top = d.top.saturating_sub((page / 2).max(1)),
        Command::Top => d.top = 0,
        Command::Bottom => d.top = max,
        Command::NextChange | Command::PrevChange => {
            if d.changes() == 0 {
                app.say("the two copies read the same", false);
                return Vec::new();
            }
            d.step(c == Command::NextChange, width);
            let (at, of) = (d.current.map_or(0, |k| k + 1), d.changes());
            d.top = d.top.min(max);
            app.say(format!("change {at}/{of}"), false);
            return Vec::new();
        }
        Command::Close => {
            app.overlays.pop();
            return Vec::new();
        }
        _ => {}
    }
    d.top = d.top.min(max);
    Vec::new()
}
