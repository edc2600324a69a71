//! The status bar (position, counts, hints, messages) and the prompt line.

use super::{put, truncate};
use crate::tui::action::Command;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::layout::Pane;
use crate::tui::state::{Overlay, PromptPurpose};
use crate::tui::theme::Role;
use crate::tui::wrap::width;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

/// The left part of the status bar: where the reader is, or the list's counts.
pub fn position_text(app: &App) -> String {
    match (&app.reader, app.focus) {
        (Some(r), Pane::Reader) => {
            let (n, total) = r.paragraph_position();
            let id = if r.cable.id.is_empty() {
                "(no id)"
            } else {
                &r.cable.id
            };
            let mut s = format!("{id}  ¶{n}/{total}  {}%", r.percent());
            if let Some(search) = &r.search {
                if search.hits.is_empty() {
                    s.push_str(&format!("  /{}: no hit", search.query));
                } else {
                    s.push_str(&format!(
                        "  /{}: hit {}/{}",
                        search.query,
                        search.current + 1,
                        search.hits.len()
                    ));
                }
            }
            if !app.history.is_empty() {
                s.push_str(&format!("  ← {}", app.history.len()));
            }
            s
        }
        _ => {
            let shown = if app.list.rows.is_empty() {
                0
            } else {
                app.list.selected + 1
            };
            format!("{}  {}/{}", app.archive.name(), shown, app.list.rows.len())
        }
    }
}

fn key(app: &App, context: Context, c: Command) -> String {
    app.keymap
        .keys_for(context, c)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Hints for the right of the status bar, from the keymap.
fn hints(app: &App) -> String {
    let ctx = app.context();
    let mut pairs = vec![(key(app, Context::Global, Command::Help), "help")];
    match ctx {
        Context::List => {
            pairs.push((key(app, ctx, Command::Open), "open"));
            pairs.push((key(app, ctx, Command::EditFilter), "filter"));
            pairs.push((key(app, ctx, Command::SortNext), "sort"));
            pairs.push((key(app, ctx, Command::Close), "quit"));
        }
        Context::Reader => {
            pairs.push((key(app, ctx, Command::Search), "search"));
            pairs.push((key(app, ctx, Command::References), "refs"));
            pairs.push((key(app, ctx, Command::Back), "back"));
        }
        _ => pairs.push((key(app, ctx, Command::Close), "close")),
    }
    pairs
        .into_iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, d)| format!("{k} {d}"))
        .collect::<Vec<_>>()
        .join("  ")
}

/// Draw the status bar, or the prompt when one is open.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let theme = app.theme();
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.style(Role::StatusBar));
    let w = area.width as usize;
    if let Some(Overlay::Prompt(p)) = app.overlays.last() {
        let label = match p.purpose {
            PromptPurpose::Search => "/",
            PromptPurpose::Filter => "filter: ",
            PromptPurpose::BookmarkNote => "note: ",
        };
        let x = put(buf, area.x, area.y, label, w, theme.style(Role::Prompt));
        let room = w.saturating_sub(width(label) + 1);
        // Show the end of a long input.
        let shown: String = {
            let mut chars: Vec<char> = p.text.chars().rev().collect();
            while width(&chars.iter().collect::<String>()) > room {
                chars.pop();
            }
            chars.into_iter().rev().collect()
        };
        let end = put(buf, x, area.y, &shown, room, theme.style(Role::Text));
        frame.set_cursor_position(Position::new(
            end.min(area.right().saturating_sub(1)),
            area.y,
        ));
        return;
    }
    let (left, role) = match &app.message {
        Some(m) => (
            m.text.clone(),
            if m.error {
                Role::Error
            } else {
                Role::StatusBar
            },
        ),
        None => (position_text(app), Role::StatusBar),
    };
    let right = hints(app);
    let right_w = width(&right);
    let left_room = if w > right_w + width(&left) + 2 {
        w
    } else {
        w.saturating_sub(0)
    };
    let style = theme.style(Role::StatusBar).patch(theme.style(role));
    put(
        buf,
        area.x + 1,
        area.y,
        &truncate(&left, left_room.saturating_sub(2)),
        w,
        style,
    );
    if w > right_w + width(&left) + 4 {
        let x = area.x + (w - right_w - 1) as u16;
        put(
            buf,
            x,
            area.y,
            &right,
            right_w,
            theme.style(Role::StatusKey),
        );
    }
}
