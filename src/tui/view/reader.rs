//! The reader pane: header fields and paragraphs from the wrapped lines, with highlights.

use super::put;
use crate::cable::spans::SpanKind;
use crate::tui::layout::GUTTER;
use crate::tui::state::ReaderState;
use crate::tui::state::document::{Block, BlockKind, FIELD_LABEL};
use crate::tui::theme::{Role, Theme};
use crate::tui::update::App;
use crate::tui::wrap::{WrapLine, Wrapped};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::collections::HashSet;
use std::ops::Range;

/// The theme role of a highlight.
pub fn span_role(kind: SpanKind) -> Role {
    match kind {
        SpanKind::Tag => Role::Tag,
        SpanKind::Marking(level) => Role::of_class(level),
        SpanKind::Reference => Role::Reference,
        SpanKind::Hit => Role::Hit,
        SpanKind::CurrentHit => Role::CurrentHit,
    }
}

/// Draw the visible lines of `reader` into `area`.
pub fn render(app: &App, reader: &ReaderState, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let fallback;
    let wrapped: &Wrapped = if reader.wrapped.width == area.width {
        &reader.wrapped
    } else {
        fallback = reader.doc.wrap(area.width);
        &fallback
    };
    let selected = reader.selected_paragraphs();
    for row in 0..area.height {
        let Some(line) = wrapped.lines.get(reader.top + row as usize) else {
            break;
        };
        let Some(block) = reader.doc.blocks.get(line.block as usize) else {
            continue;
        };
        let y = area.y + row;
        if line.is_first() {
            draw_gutter(theme, block, buf, area.x, y, area.width);
        }
        if let BlockKind::Paragraph { n, .. } = block.kind {
            if selected.is_some_and(|(a, b)| (a..=b).contains(&n)) {
                put(buf, area.x, y, "┃", 1, theme.style(Role::Selection));
            } else if app.bookmarks.is_marked(n) {
                put(buf, area.x, y, "▌", 1, theme.style(Role::Bookmark));
            }
        }
        let x = area.x + block.indent();
        let max = area.right().saturating_sub(x) as usize;
        let hits = block_hits(reader, line.block);
        let refs = &reader.known_refs;
        draw_text(theme, block, line, &hits, refs, buf, x, y, max);
    }
}

fn draw_gutter(theme: &Theme, block: &Block, buf: &mut Buffer, x: u16, y: u16, width: u16) {
    match block.kind {
        BlockKind::Field(label) => {
            let max = (FIELD_LABEL as usize - 1).min(width as usize);
            put(
                buf,
                x + 1,
                y,
                label,
                max.saturating_sub(1),
                theme.style(Role::HeaderLabel),
            );
        }
        BlockKind::Paragraph { .. } if !block.gutter.is_empty() => {
            let room = (GUTTER - 2) as usize;
            let label = super::truncate(&block.gutter, room);
            let pad = room.saturating_sub(crate::tui::wrap::width(&label)) as u16;
            put(buf, x + 1 + pad, y, &label, room, theme.style(Role::Gutter));
        }
        _ => {}
    }
}

/// Search hits inside `block`, the current one marked.
fn block_hits(reader: &ReaderState, block: u32) -> Vec<(Range<usize>, SpanKind)> {
    let Some(s) = &reader.search else {
        return Vec::new();
    };
    let first = s.hits.partition_point(|(b, _)| *b < block);
    s.hits[first..]
        .iter()
        .enumerate()
        .take_while(|(_, (b, _))| *b == block)
        .map(|(i, (_, r))| {
            let kind = if first + i == s.current {
                SpanKind::CurrentHit
            } else {
                SpanKind::Hit
            };
            (r.clone(), kind)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn draw_text(
    theme: &Theme,
    block: &Block,
    line: &WrapLine,
    hits: &[(Range<usize>, SpanKind)],
    known_refs: &HashSet<String>,
    buf: &mut Buffer,
    mut x: u16,
    y: u16,
    max: usize,
) {
    let range = line.range();
    let base = theme.style(Role::Text).patch(theme.style(block.role));
    let spans: Vec<(Range<usize>, SpanKind)> = block
        .spans
        .iter()
        .map(|s| (s.range.clone(), s.kind))
        .chain(hits.iter().cloned())
        .filter(|(r, _)| r.start < range.end && r.end > range.start)
        .collect();
    let mut cuts = vec![range.start, range.end];
    for (r, _) in &spans {
        cuts.push(r.start.clamp(range.start, range.end));
        cuts.push(r.end.clamp(range.start, range.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let right = x as usize + max;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = block.text.get(a..b) else {
            continue;
        };
        let style: Style = spans
            .iter()
            .filter(|(r, _)| r.start <= a && r.end >= b)
            .fold(base, |st, (r, k)| {
                let role = match k {
                    // A reference to a cable not in the archive cannot be followed.
                    SpanKind::Reference
                        if !block
                            .text
                            .get(r.clone())
                            .is_some_and(|id| known_refs.contains(&id.to_ascii_uppercase())) =>
                    {
                        Role::Muted
                    }
                    _ => span_role(*k),
                };
                st.patch(theme.style(role))
            });
        let room = right.saturating_sub(x as usize);
        if room == 0 {
            break;
        }
        x = put(buf, x, y, piece, room, style);
    }
}
