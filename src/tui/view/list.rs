//! The cable list: filter bar, column header, rows (only the visible ones are built).

use super::{put, truncate};
use crate::archive::catalog::{Copies, SortKey};
use crate::tui::layout::{ListAreas, Pane};
use crate::tui::state::filter;
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The id column: the longest Cablegate id (`08SANTODOMINGO1234`).
pub const ID_WIDTH: usize = 18;

/// Column widths for a table `width` columns wide: date, id, class, origin, subject, tags.
pub fn columns(width: u16) -> [usize; 6] {
    let w = width as usize;
    let (origin, tags) = match w {
        0..=69 => (0, 0),
        70..=99 => (14, 0),
        100..=139 => (18, 20),
        _ => (20, 28),
    };
    // Cablegate ids run to 18 characters (`08SANTODOMINGO1234`), most to 17
    // (`66BUENOSAIRES2481`): a researcher cites them, so the id is never cut; the subject
    // gives way first.
    let id = ID_WIDTH;
    let gap = |n: usize| if n > 0 { n + 1 } else { 0 };
    let fixed = 1 + 10 + 1 + id + 1 + 3 + 1 + gap(origin) + gap(tags);
    let subject = w.saturating_sub(fixed);
    [10, id, 3, origin, subject, tags]
}

/// Draw the list pane.
pub fn render(app: &App, buf: &mut Buffer, areas: ListAreas) {
    draw_filter_bar(app, buf, areas.filter);
    draw_table(app, buf, areas.table);
    if let Some(area) = areas.facets {
        super::facets::render(app, buf, area);
    }
}

fn draw_filter_bar(app: &App, buf: &mut Buffer, area: Rect) {
    if area.height == 0 {
        return;
    }
    let theme = app.theme();
    let list = &app.list;
    let arrow = if list.descending { "↓" } else { "↑" };
    let filter_text = if list.filter.is_empty() {
        "all cables".to_string()
    } else {
        filter::describe(&list.filter)
    };
    let w = area.width as usize;
    let x = put(
        buf,
        area.x + 1,
        area.y,
        "Filter ",
        w,
        theme.style(Role::HeaderLabel),
    );
    let x = put(
        buf,
        x,
        area.y,
        &filter_text,
        w.saturating_sub(30),
        theme.style(Role::Prompt),
    );
    // Copies folded into their cables' rows (the default): counted out of the total, and
    // said.
    let (total, folded) = match list.filter.copies {
        Copies::Fold if !app.archive.is_building() => {
            let folded = app.archive.folded_copies();
            (app.archive.len().saturating_sub(folded), folded)
        }
        _ => (app.archive.len(), 0),
    };
    let folded = match folded {
        0 => String::new(),
        1 => "  ·  1 copy folded".to_string(),
        n => format!("  ·  {n} copies folded"),
    };
    // A long list sorting (or filtering) on a worker still shows its rows as they were.
    let sorting = match &list.sorting {
        Some(job) if job.filtering() => " (filtering…)",
        // The same order over more cables (a build's preview): no sort was asked for.
        Some(job) if job.grown && job.before == (list.sort, list.descending) => " (updating…)",
        Some(_) => " (sorting…)",
        None => "",
    };
    let tail = format!(
        "  ·  {} of {total}{folded}  ·  by {} {arrow}{sorting}",
        list.rows.len(),
        list.sort.name()
    );
    put(
        buf,
        x,
        area.y,
        &tail,
        area.right().saturating_sub(x) as usize,
        theme.style(Role::Muted),
    );
}

fn draw_table(app: &App, buf: &mut Buffer, area: Rect) {
    if area.height == 0 || area.width < 2 {
        return;
    }
    let theme = app.theme();
    let list = &app.list;
    let cols = columns(area.width);
    let names = ["Date", "Id", "Cl", "Origin", "Subject", "Tags"];
    let keys = [
        Some(SortKey::Date),
        Some(SortKey::Id),
        Some(SortKey::Classification),
        Some(SortKey::Origin),
        None,
        None,
    ];
    let mut x = area.x + 1;
    for ((name, width), key) in names.iter().zip(cols).zip(keys) {
        if width == 0 {
            continue;
        }
        let mut label = name.to_string();
        if key == Some(list.sort) {
            label.push(if list.descending { '↓' } else { '↑' });
        }
        put(
            buf,
            x,
            area.y,
            &truncate(&label, width),
            width,
            theme.style(Role::Title),
        );
        x += width as u16 + 1;
    }
    let rows = area.height.saturating_sub(1) as usize;
    let focused = app.focus == Pane::List || app.reader.is_none();
    for (row, &index) in list.rows.iter().skip(list.offset).take(rows).enumerate() {
        let y = area.y + 1 + row as u16;
        let Some(meta) = app.archive.meta_at(index as usize) else {
            continue;
        };
        let selected = list.offset + row == list.selected;
        let row_style = |role: Role| {
            let s = theme.style(Role::Text).patch(theme.style(role));
            if selected && focused {
                s.patch(theme.style(Role::Selection))
            } else if selected {
                s.patch(
                    theme
                        .style(Role::Muted)
                        .add_modifier(ratatui::style::Modifier::REVERSED),
                )
            } else {
                s
            }
        };
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), row_style(Role::Text));
        }
        let date = meta.date.map(|d| d.iso_date()).unwrap_or_default();
        let id = if meta.id.is_empty() { "—" } else { &meta.id };
        let cells = [
            (date, Role::Muted),
            (id.to_string(), Role::Text),
            (
                meta.classification.short().to_string(),
                Role::of_class(meta.classification),
            ),
            (meta.origin.clone(), Role::Text),
            if meta.subject.is_empty() {
                ("(no subject)".to_string(), Role::Muted)
            } else {
                (meta.subject.clone(), Role::Text)
            },
            (meta.tags.join(" "), Role::Tag),
        ];
        // A cable read from several files: `×3` before its subject.
        let copies = app.archive.copy_count(index as usize);
        let badge = (copies > 1).then(|| format!("×{copies} "));
        let mut x = area.x + 1;
        for (n, ((text, role), width)) in cells.into_iter().zip(cols).enumerate() {
            if width == 0 {
                continue;
            }
            let mut at = x;
            let mut room = width;
            if let (4, Some(badge)) = (n, &badge) {
                at = put(buf, at, y, badge, room, row_style(Role::Muted));
                room = room.saturating_sub(at.saturating_sub(x) as usize);
            }
            put(buf, at, y, &truncate(&text, room), room, row_style(role));
            x += width as u16 + 1;
        }
    }
    if list.rows.is_empty() {
        let msg = if app.archive.is_empty() {
            "This archive holds no cable."
        } else {
            "No cable matches the filter (F clears it)."
        };
        put(
            buf,
            area.x + 2,
            area.y + 2.min(area.height - 1),
            msg,
            area.width as usize - 2,
            theme.style(Role::Muted),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_column_is_never_cut_the_subject_gives_way() {
        for width in 40..=300u16 {
            let cols = columns(width);
            assert!(
                cols[1] >= "08SANTODOMINGO1234".len(),
                "width {width}: {cols:?}"
            );
        }
        // Side by side at 160 columns the list pane is about 72 wide: the subject is narrower
        // there, the id whole.
        assert!(columns(72)[4] < columns(100)[4]);
    }
}
