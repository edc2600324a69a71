//! The facet panel: top tags (with meanings), top origins, and cables per month.

use super::{put, truncate};
use crate::cable::tags;
use crate::tui::theme::Role;
use crate::tui::update::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Sparkline, Widget};

/// Counts per month from the first to the last month, gaps filled with zero.
pub fn month_series(months: &[((u16, u8), usize)]) -> Vec<u64> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let index = |(y, m): (u16, u8)| y as usize * 12 + (m as usize).saturating_sub(1);
    let start = index(first.0);
    let len = index(last.0).saturating_sub(start) + 1;
    let mut out = vec![0u64; len.min(12 * 200)];
    for (ym, n) in months {
        if let Some(slot) = out.get_mut(index(*ym).saturating_sub(start)) {
            *slot += *n as u64;
        }
    }
    out
}

/// Sum adjacent values so the series fits `width` columns.
pub fn bucket(series: &[u64], width: usize) -> Vec<u64> {
    if width == 0 || series.len() <= width {
        return series.to_vec();
    }
    let per = series.len().div_ceil(width);
    series.chunks(per).map(|c| c.iter().sum()).collect()
}

/// Draw the panel.
pub fn render(app: &App, buf: &mut Buffer, area: Rect) {
    if area.height < 3 || area.width < 20 {
        return;
    }
    let theme = app.theme();
    let facets = &app.list.facets;
    let rule = "─".repeat(area.width as usize);
    put(
        buf,
        area.x,
        area.y,
        &rule,
        area.width as usize,
        theme.style(Role::Border),
    );
    let body_h = area.height - 2;
    let w = area.width as usize;
    let tags_w = (w * 2 / 5).max(20);
    let origins_w = (w / 4).max(14);
    let time_x = area.x + (tags_w + origins_w + 2) as u16;
    let title = theme.style(Role::HeaderLabel);
    let x = put(buf, area.x + 1, area.y + 1, "Top tags", tags_w, title);
    // Counted on a worker after the rows changed: for a moment the counts are of the rows
    // before (or not there yet).
    if app.list.facets_stale() {
        let room = (area.x as usize + tags_w).saturating_sub(x as usize);
        put(
            buf,
            x,
            area.y + 1,
            " counting…",
            room,
            theme.style(Role::Muted),
        );
    }
    // Counts right-aligned in a column as wide as the largest shown (at least 6 digits):
    // PlusD's most used tags count in the millions.
    let count_w = |counts: &mut dyn Iterator<Item = usize>| {
        counts
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(0)
            .max(6)
    };
    let tag_count_w = count_w(&mut facets.tags.iter().take(body_h as usize).map(|t| t.1));
    for (i, (tag, n)) in facets.tags.iter().take(body_h as usize).enumerate() {
        let y = area.y + 2 + i as u16;
        let x = put(
            buf,
            area.x + 1,
            y,
            &format!("{tag:<5}"),
            6,
            theme.style(Role::Tag),
        );
        let count = format!("{n:>tag_count_w$} ");
        let x = put(buf, x, y, &count, count.len(), theme.style(Role::Muted));
        let meaning = tags::meaning(tag).unwrap_or("");
        let room = (area.x as usize + tags_w).saturating_sub(x as usize);
        put(
            buf,
            x,
            y,
            &truncate(meaning, room),
            room,
            theme.style(Role::Text),
        );
    }
    let ox = area.x + tags_w as u16 + 1;
    put(buf, ox, area.y + 1, "Top origins", origins_w, title);
    let origin_count_w = count_w(&mut facets.origins.iter().take(body_h as usize).map(|o| o.1));
    for (i, (origin, n)) in facets.origins.iter().take(body_h as usize).enumerate() {
        let y = area.y + 2 + i as u16;
        let name = if origin.is_empty() {
            "(unknown)"
        } else {
            origin
        };
        let count = format!("{n:>origin_count_w$} ");
        let x = put(buf, ox, y, &count, count.len(), theme.style(Role::Muted));
        let room = origins_w.saturating_sub(count.len() + 1);
        put(
            buf,
            x,
            y,
            &truncate(name, room),
            room,
            theme.style(Role::Text),
        );
    }
    if time_x + 10 >= area.right() {
        return;
    }
    let time_w = (area.right() - time_x - 1) as usize;
    put(buf, time_x, area.y + 1, "Cables per month", time_w, title);
    let series = month_series(&facets.months);
    if series.is_empty() {
        put(
            buf,
            time_x,
            area.y + 2,
            "no dates",
            time_w,
            theme.style(Role::Muted),
        );
        return;
    }
    let data = bucket(&series, time_w);
    let spark_h = body_h.saturating_sub(1);
    Sparkline::default()
        .data(&data)
        .style(theme.style(Role::Chart))
        .render(Rect::new(time_x, area.y + 2, time_w as u16, spark_h), buf);
    let first = facets
        .months
        .first()
        .map(|((y, m), _)| format!("{y}-{m:02}"));
    let last = facets
        .months
        .last()
        .map(|((y, m), _)| format!("{y}-{m:02}"));
    let y = area.y + 2 + spark_h;
    let first = first.unwrap_or_default();
    let last = last.unwrap_or_default();
    put(buf, time_x, y, &first, time_w, theme.style(Role::Muted));
    let peak = series.iter().max().copied().unwrap_or(0);
    let mid = format!("peak {peak}");
    if time_w > first.len() + last.len() + mid.len() + 4 {
        let mx = time_x + ((time_w - mid.len()) / 2) as u16;
        put(buf, mx, y, &mid, mid.len(), theme.style(Role::Muted));
    }
    if time_w > first.len() + last.len() + 1 {
        let lx = time_x + (time_w - last.len()) as u16;
        put(buf, lx, y, &last, last.len(), theme.style(Role::Muted));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_gaps_and_buckets() {
        let s = month_series(&[((2009, 11), 2), ((2010, 2), 1)]);
        assert_eq!(s, [2, 0, 0, 1]);
        assert_eq!(bucket(&s, 2), [2, 1]);
        assert_eq!(bucket(&s, 10), s);
        assert!(month_series(&[]).is_empty());
    }
}
