//! The status bar (position, counts, hints, messages) and the prompt line.

use super::{put, truncate};
use crate::tui::action::Command;
use crate::tui::keymap::Context;
use crate::tui::layout::Pane;
use crate::tui::state::reader::Place;
use crate::tui::state::{Overlay, PromptPurpose};
use crate::tui::theme::Role;
use crate::tui::update::App;
use crate::tui::wrap::width;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};

/// The left part of the status bar: where the reader is, or the list's counts; and how far
/// a build behind the TUI is.
pub fn position_text(app: &App) -> String {
    let mut text = place_text(app);
    // A cable asked for and not parsed yet (the reader still shows the one before).
    if let Some(loading) = &app.loading {
        match loading.index.map(|i| app.archive.id(i)) {
            Some(id) if !id.is_empty() => text.push_str(&format!("  opening {id}…")),
            _ => text.push_str("  opening…"),
        }
    }
    if app.quitting {
        text.push_str("  saving…");
    }
    if app.build_failed {
        text.push_str("  index build failed");
    } else if app.archive.is_building() {
        text.push_str("  indexing");
        if let Some(p) = &app.building {
            let percent = 100 * p.bytes_done / p.bytes_total.max(1);
            text.push_str(&format!(" {percent}%"));
            if let Some(left) = p.time_left() {
                text.push_str(&format!(", {:.0} s left", left.as_secs_f64()));
            }
        }
        text.push('…');
    }
    text
}

fn place_text(app: &App) -> String {
    match (&app.reader, app.focus) {
        (Some(r), Pane::Reader) => {
            let (place, labels, blocks) = r.place();
            let id = if r.cable.id.is_empty() {
                "(no id)"
            } else {
                &r.cable.id
            };
            // Counted by the labels on screen; `block k` only where a paragraph has none.
            let place = match place {
                Place::Header if labels > 0 => format!("header, {labels} ¶"),
                Place::Header => format!("header, {blocks} blocks"),
                Place::Label(l) => format!("¶{l}/{labels}"),
                Place::Block(k) => format!("block {k}/{blocks}"),
            };
            let mut s = format!("{id}  {place}  {}%", r.percent());
            if let Some((first, last)) = r.selected_paragraphs() {
                let chosen = if first == last {
                    "1 ¶ selected".to_string()
                } else {
                    format!(
                        "{} ¶ selected",
                        (first..=last)
                            .filter(|n| r.cable.paragraphs.iter().any(|p| p.n == *n))
                            .count()
                    )
                };
                s.push_str(&format!("  {chosen} (y copies)"));
            }
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
            if let Some(p) = &r.post {
                s.push_str(&format!(
                    "  {} {}/{}",
                    p.origin,
                    thousands(p.at),
                    thousands(p.of)
                ));
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
            format!(
                "{}  {}/{}",
                app.archive.shown_name(),
                shown,
                app.list.rows.len()
            )
        }
    }
}

/// `1033` as `1,033`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn key(app: &App, context: Context, c: Command) -> String {
    app.keymap
        .keys_for(context, c)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Hints for the right of the status bar, from the keymap, most useful first.
fn hints(app: &App) -> Vec<String> {
    let ctx = app.context();
    let mut pairs = Vec::new();
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
    pairs.insert(0, (key(app, Context::Global, Command::Help), "help"));
    pairs
        .into_iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, d)| format!("{k} {d}"))
        .collect()
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
        let text = theme.style(Role::Text);
        let (end, cursor) = super::input_text(buf, (x, area.y), &p.input, room, text);
        let preview = match (&p.preview, &p.counting) {
            (Some(Ok(n)), _) => Some((format!("  → {n} cables"), Role::Muted)),
            (Some(Err(e)), _) => Some((format!("  {e}"), Role::Error)),
            // The count before stays, marked as on its way, rather than flicker at each key.
            (None, Some(_)) => Some((
                p.last_count.map_or("  → counting…".to_string(), |n| {
                    format!("  → {n} cables…")
                }),
                Role::Muted,
            )),
            (None, None) => None,
        };
        if let Some((note, role)) = preview {
            let free = area.right().saturating_sub(end + 1) as usize;
            if free > 12 {
                put(
                    buf,
                    end + 1,
                    area.y,
                    &truncate(&note, free),
                    free,
                    theme.style(role),
                );
            }
        }
        frame.set_cursor_position(Position::new(
            cursor.min(area.right().saturating_sub(1)),
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
    let style = theme.style(Role::StatusBar).patch(theme.style(role));
    let left = truncate(&left, w.saturating_sub(2));
    let x = put(buf, area.x + 1, area.y, &left, w.saturating_sub(1), style);
    // As many hints as fit after the left part, most useful first.
    let room = (area.right().saturating_sub(x) as usize).saturating_sub(3);
    let mut right = String::new();
    for hint in hints(app) {
        let extra = if right.is_empty() { 0 } else { 2 };
        if width(&right) + extra + width(&hint) > room {
            break;
        }
        if extra > 0 {
            right.push_str("  ");
        }
        right.push_str(&hint);
    }
    let right_w = width(&right);
    if right_w > 0 {
        let rx = area.x + (w - right_w - 1) as u16;
        put(
            buf,
            rx,
            area.y,
            &right,
            right_w,
            theme.style(Role::StatusKey),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(1033), "1,033");
        assert_eq!(super::thousands(251287), "251,287");
        assert_eq!(super::thousands(1000000), "1,000,000");
    }
}
