//! The palette overlay: a box over the screen with the input line, the "N of M" count and
//! the ranked rows, matched characters highlighted.

use super::put;
use crate::tui::state::palette::{PaletteState, visible_rows};
use crate::tui::theme::Role;
use crate::tui::update::App;
use crate::tui::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draw the palette.
pub fn render(app: &App, p: &PaletteState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let frame = crate::tui::layout::Overlays::compute(area).palette;
    if frame.width < 8 || frame.height < 4 {
        return;
    }
    let text = theme.style(Role::Text);
    let border = theme.style(Role::Border);
    for y in frame.top()..frame.bottom() {
        for x in frame.left()..frame.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
                cell.set_style(text);
            }
        }
    }
    let inner = Rect::new(frame.x + 1, frame.y + 1, frame.width - 2, frame.height - 2);
    // Border and title.
    for x in frame.left()..frame.right() {
        buf.set_string(x, frame.top(), "─", border);
        buf.set_string(x, frame.bottom() - 1, "─", border);
    }
    for y in frame.top()..frame.bottom() {
        buf.set_string(frame.left(), y, "│", border);
        buf.set_string(frame.right() - 1, y, "│", border);
    }
    buf.set_string(frame.left(), frame.top(), "┌", border);
    buf.set_string(frame.right() - 1, frame.top(), "┐", border);
    buf.set_string(frame.left(), frame.bottom() - 1, "└", border);
    buf.set_string(frame.right() - 1, frame.bottom() - 1, "┘", border);
    // An empty query lists the cables opened lately: the title says so.
    let what = if p.shows_recent() {
        "recent cables"
    } else if p.query.mode == crate::palette::Mode::Cables && p.query.is_empty() {
        // Nothing opened yet: every cable, in the list's newest-first order.
        "every cable, newest first (type to search)"
    } else {
        p.query.mode.name()
    };
    let title = format!(" palette: {what} ");
    put(
        buf,
        frame.x + 2,
        frame.y,
        &title,
        inner.width as usize,
        theme.style(Role::Title),
    );

    // Input line with the count on the right.
    let (matched, total) = p.counts();
    // Opened before the archive's lists came (they are built behind the first frame).
    let waiting = app.palette.lists.is_none()
        && matches!(
            p.query.mode,
            crate::palette::Mode::Cables
                | crate::palette::Mode::Tags
                | crate::palette::Mode::Origins
        );
    let count = match waiting {
        true => " listing the archive…".to_string(),
        false => format!(" {matched} of {total}{}", if p.done { "" } else { " …" }),
    };
    let cw = width(&count);
    let room = (inner.width as usize).saturating_sub(cw + 2);
    let x = put(buf, inner.x, inner.y, "> ", 2, theme.style(Role::Prompt));
    let at = (x, inner.y);
    let (_, cx) = super::input_text(buf, at, &p.input, room.saturating_sub(1), text);
    let cursor = theme.style(Role::Prompt);
    super::input_cursor(buf, (cx, inner.y), &p.input, "█", cursor);
    let cx = inner.right().saturating_sub(cw as u16);
    put(buf, cx, inner.y, &count, cw, theme.style(Role::Muted));
    if let Some(e) = &p.error {
        put(
            buf,
            inner.x,
            inner.y + 1,
            e,
            inner.width as usize,
            theme.style(Role::Error),
        );
    }

    // Rows, scrolled to keep the selection visible.
    let rows = inner.height.saturating_sub(2) as usize;
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    let hit = theme.style(Role::Hit);
    for (n, mut row) in visible_rows(p, &app.archive, first..first + rows)
        .into_iter()
        .enumerate()
    {
        let y = inner.y + 2 + n as u16;
        let selected = first + n == p.selected;
        let base = if selected {
            theme.style(Role::Selection)
        } else {
            text
        };
        if selected {
            for x in inner.left()..inner.right() {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_style(base);
                }
            }
        }
        let dw = width(&row.detail);
        let max = (inner.width as usize).saturating_sub(if dw > 0 { dw + 1 } else { 0 });
        row.fit(max);
        let mut x = inner.x;
        let mut at = 0;
        let end = inner.x as usize + max;
        for r in &row.highlights {
            let (Some(before), Some(matched)) =
                (row.text.get(at..r.start), row.text.get(r.clone()))
            else {
                continue;
            };
            x = put(buf, x, y, before, end.saturating_sub(x as usize), base);
            x = put(
                buf,
                x,
                y,
                matched,
                end.saturating_sub(x as usize),
                base.patch(hit),
            );
            at = r.end;
        }
        put(
            buf,
            x,
            y,
            row.text.get(at..).unwrap_or(""),
            end.saturating_sub(x as usize),
            base,
        );
        if dw > 0 {
            let dx = inner.right().saturating_sub(dw as u16);
            put(
                buf,
                dx,
                y,
                &row.detail,
                dw,
                base.patch(theme.style(Role::Muted)),
            );
        }
    }
}
