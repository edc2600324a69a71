//! Views: pure renders of `&App` into a frame. One file per screen or panel.

pub mod bookmarks;
pub mod diff;
pub mod facets;
pub mod help;
pub mod list;
pub mod palette;
pub mod reader;
pub mod references;
pub mod status;
pub mod thread;
pub mod warnings;

use super::state::Overlay;
use super::theme::Role;
use super::update::App;
use super::wrap::width;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// Draw the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = app.theme();
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.style(Role::Text));
    let layout =
        super::layout::Layout::compute(area, app.focus, app.reader.is_some(), app.list.show_facets);
    if let Some(areas) = layout.list {
        list::render(app, buf, areas);
    }
    if let Some(sep) = layout.separator {
        let style = theme.style(Role::Border);
        for y in sep.top()..sep.bottom() {
            buf.set_string(sep.x, y, "│", style);
        }
    }
    if let (Some(area), Some(reader)) = (layout.reader, &app.reader) {
        reader::render(app, reader, buf, area);
    }
    status::render(app, frame, layout.status);
    for overlay in &app.overlays {
        match overlay {
            Overlay::Help(h) => help::render(app, h, frame.buffer_mut(), area),
            Overlay::Warnings(w) => warnings::render(app, w, frame.buffer_mut(), area),
            Overlay::References(r) => references::render(app, r, frame.buffer_mut(), area),
            Overlay::Thread(t) => thread::render(app, t, frame.buffer_mut(), area),
            Overlay::Diff(d) => diff::render(app, d, frame.buffer_mut(), area),
            Overlay::Bookmarks(b) => bookmarks::render(app, b, frame.buffer_mut(), area),
            Overlay::Palette(p) => palette::render(app, p, frame.buffer_mut(), area),
            Overlay::Prompt(_) => {}
        }
    }
}

/// `s` cut to `max` columns, with an ellipsis when it was longer.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Write `s` at (x, y), at most `max` columns, clipped to the buffer; returns the next x.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max: usize, style: Style) -> u16 {
    let area = buf.area;
    if y >= area.bottom() || x >= area.right() || max == 0 {
        return x;
    }
    let max = max.min((area.right() - x) as usize);
    buf.set_stringn(x, y, s, max, style).0
}

/// Draw the part of a text input that fits `room` columns at (`x`, `y`); returns the x
/// after the text and the x of the cursor. The cursor column is kept inside the room.
pub fn input_text(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    input: &crate::tui::input::LineInput,
    room: usize,
    style: Style,
) -> (u16, u16) {
    let (shown, col) = input.window(room);
    let end = put(buf, x, y, &shown, room, style);
    (end, x.saturating_add(col as u16))
}

/// Draw a text input's cursor at `cx` when the input has it: `mark` after the text, or the
/// character under it in reverse video.
pub fn input_cursor(
    buf: &mut Buffer,
    (cx, y): (u16, u16),
    input: &crate::tui::input::LineInput,
    mark: &str,
    style: Style,
) {
    if input.cursor() >= input.text().len() {
        put(buf, cx, y, mark, 1, style);
    } else if let Some(cell) = buf.cell_mut((cx, y)) {
        cell.set_style(Style::default().add_modifier(ratatui::style::Modifier::REVERSED));
    }
}

/// Clear `rect` and draw a bordered box titled `title` in it; returns the inside, with a
/// column of padding on each side. Every overlay is drawn in one.
pub fn framed(theme: &super::theme::Theme, buf: &mut Buffer, rect: Rect, title: &str) -> Rect {
    use ratatui::widgets::{Block, Borders, Clear, Widget};
    Clear.render(rect, buf);
    buf.set_style(rect, theme.style(Role::Text));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Role::Border))
        .title(title)
        .title_style(theme.style(Role::Title))
        .render(rect, buf);
    super::layout::framed_inner(rect)
}

pub use super::layout::centered;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_display_width_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("東京都庁", 5), "東京…");
        assert_eq!(truncate("abc", 0), "");
    }
}
