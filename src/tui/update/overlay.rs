//! `update` for the overlays' commands: help and the references and tags list.

use super::App;
use crate::tui::action::Command;
use crate::tui::effect::Effect;
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
                Some(HeaderLink::Reference { id, .. }) => return vec![Effect::OpenId(id)],
                Some(HeaderLink::Tag(code)) => app.filter_by_tag(code),
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
