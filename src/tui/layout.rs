//! Pure area computation, shared by `update` (page sizes, wrap width) and the views.

use ratatui::layout::Rect;

/// Terminals at least this wide show the list and the reader side by side.
pub const WIDE_AT: u16 = 140;
/// Columns before the text of a reader line: bookmark mark, `¶label`, space.
pub const GUTTER: u16 = 6;
/// The longest reader line, for comfortable reading on very wide terminals.
pub const MAX_MEASURE: u16 = 100;
/// Height of the facet panel under the list.
pub const FACETS_HEIGHT: u16 = 10;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    List,
    Reader,
}

/// Areas of the list pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAreas {
    /// The filter bar (one line).
    pub filter: Rect,
    /// The table, header row included.
    pub table: Rect,
    /// The facet panel, when shown and there is room.
    pub facets: Option<Rect>,
}

/// Every area of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub list: Option<ListAreas>,
    /// The reader pane (text plus gutter).
    pub reader: Option<Rect>,
    /// A one-column separator between side-by-side panes.
    pub separator: Option<Rect>,
    pub status: Rect,
    /// True when both panes are shown.
    pub wide: bool,
}

impl Layout {
    /// The areas for a terminal of `area`, with `focus`, whether a cable is open and
    /// whether facets are wanted.
    pub fn compute(area: Rect, focus: Pane, reader_open: bool, facets: bool) -> Layout {
        let status_h = area.height.min(1);
        let body = Rect {
            height: area.height - status_h,
            ..area
        };
        let status = Rect {
            y: area.y + body.height,
            height: status_h,
            ..area
        };
        let wide = reader_open && area.width >= WIDE_AT;
        let (list, reader, separator) = if wide {
            let list_w = (area.width * 9 / 20).clamp(60, 100);
            let list = Rect {
                width: list_w,
                ..body
            };
            let sep = Rect {
                x: body.x + list_w,
                width: 1,
                ..body
            };
            let reader = Rect {
                x: body.x + list_w + 1,
                width: body.width - list_w - 1,
                ..body
            };
            (Some(list), Some(reader), Some(sep))
        } else if reader_open && focus == Pane::Reader {
            (None, Some(body), None)
        } else {
            (Some(body), None, None)
        };
        Layout {
            list: list.map(|r| list_areas(r, facets)),
            reader,
            separator,
            status,
            wide,
        }
    }

    /// Rows of the list table below its header row.
    pub fn list_rows(&self) -> usize {
        self.list
            .map_or(0, |l| l.table.height.saturating_sub(1) as usize)
    }

    /// Rows of the reader.
    pub fn reader_rows(&self) -> usize {
        self.reader.map_or(0, |r| r.height as usize)
    }

    /// Width the reader wraps text at.
    pub fn wrap_width(&self) -> u16 {
        self.reader.map_or(0, |r| text_width(r.width))
    }
}

/// Width of reader text in a pane `pane_width` wide (gutter and right margin taken off).
pub fn text_width(pane_width: u16) -> u16 {
    pane_width.saturating_sub(GUTTER + 1).clamp(1, MAX_MEASURE)
}

/// A centred box `w` x `h` inside `area`, clamped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The inside of a framed box: its border, and a column of padding on each side.
pub fn framed_inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x + 2,
        rect.y + 1,
        rect.width.saturating_sub(4),
        rect.height.saturating_sub(2),
    )
}

/// The boxes drawn over the panes on a screen of `area`: the views draw them, and `update`
/// pages by the rows they show, so both always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlays {
    /// The help box (`?`), framed.
    pub help: Rect,
    /// The warnings box (`!`), framed.
    pub warnings: Rect,
    /// The bookmarks screen, framed; its list starts two lines under the filter line.
    pub bookmarks: Rect,
    /// The palette's box (its own border, no padding): centred across, and near the top on
    /// a tall screen (as in an editor), where the eye already is.
    pub palette: Rect,
    /// The thread view (`t`), framed.
    pub thread: Rect,
    /// The diff of two copies (`d`), framed.
    pub diff: Rect,
}

impl Overlays {
    /// The boxes for a screen of `area`.
    pub fn compute(area: Rect) -> Overlays {
        let palette = {
            let w = area.width.saturating_sub(4).clamp(area.width.min(20), 100);
            let h = area.height.saturating_sub(2).min(22);
            let mut boxed = centered(area, w, h);
            boxed.y = boxed.y.min(area.y + area.height / 10);
            boxed
        };
        Overlays {
            help: centered(area, 84, area.height.saturating_sub(2)),
            warnings: centered(area, 100, area.height.saturating_sub(2)),
            bookmarks: centered(area, area.width.min(110), area.height.saturating_sub(1)),
            palette,
            thread: centered(area, 110, area.height.saturating_sub(2).max(3)),
            diff: centered(area, 100, area.height.saturating_sub(2).max(3)),
        }
    }

    /// The diff view's text area: (columns, rows).
    pub fn diff_text(&self) -> (usize, usize) {
        let inner = framed_inner(self.diff);
        (inner.width as usize, inner.height as usize)
    }

    /// Rows the thread view shows at once.
    pub fn thread_rows(&self) -> usize {
        framed_inner(self.thread).height as usize
    }

    /// Columns of text inside the help box.
    pub fn help_width(&self) -> usize {
        framed_inner(self.help).width as usize
    }

    /// Lines of text the help box shows at once.
    pub fn help_rows(&self) -> usize {
        framed_inner(self.help).height as usize
    }

    /// Columns of text inside the warnings box.
    pub fn warnings_width(&self) -> usize {
        framed_inner(self.warnings).width as usize
    }

    /// Lines of text the warnings box shows at once.
    pub fn warnings_rows(&self) -> usize {
        framed_inner(self.warnings).height as usize
    }

    /// The bookmarks screen's list: under its filter line and a blank line.
    pub fn bookmarks_list(&self) -> Rect {
        let inner = framed_inner(self.bookmarks);
        Rect::new(
            inner.x,
            inner.y + 2,
            inner.width,
            inner.height.saturating_sub(2),
        )
    }

    /// Bookmarks the screen shows at once (two lines each; at least one).
    pub fn bookmarks_rows(&self) -> usize {
        (self.bookmarks_list().height / 2).max(1) as usize
    }

    /// Result rows the palette shows at once (the page size for PgUp/PgDn): its box less
    /// the border, the input line and the line under it.
    pub fn palette_rows(&self) -> usize {
        self.palette.height.saturating_sub(4) as usize
    }
}

fn list_areas(area: Rect, facets: bool) -> ListAreas {
    let filter_h = area.height.min(1);
    let rest = Rect {
        y: area.y + filter_h,
        height: area.height - filter_h,
        ..area
    };
    let show_facets = facets && rest.height >= FACETS_HEIGHT + 6;
    let facets_h = if show_facets { FACETS_HEIGHT } else { 0 };
    ListAreas {
        filter: Rect {
            height: filter_h,
            ..area
        },
        table: Rect {
            height: rest.height - facets_h,
            ..rest
        },
        facets: show_facets.then_some(Rect {
            y: rest.y + rest.height - facets_h,
            height: facets_h,
            ..rest
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_shows_one_pane_and_wide_shows_both() {
        let narrow = Layout::compute(Rect::new(0, 0, 80, 24), Pane::Reader, true, true);
        assert!(narrow.list.is_none() && narrow.reader.is_some() && !narrow.wide);
        let wide = Layout::compute(Rect::new(0, 0, 160, 50), Pane::Reader, true, true);
        assert!(wide.list.is_some() && wide.reader.is_some() && wide.wide);
        let w = wide.list.map_or(0, |l| l.table.width) + 1 + wide.reader.map_or(0, |r| r.width);
        assert_eq!(w, 160);
    }

    #[test]
    fn tiny_terminals_give_empty_areas_not_panics() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (200, 1)] {
            let l = Layout::compute(Rect::new(0, 0, w, h), Pane::List, true, true);
            assert!(l.status.height <= h);
            assert_eq!(
                l.list_rows(),
                l.list
                    .map_or(0, |a| a.table.height.saturating_sub(1) as usize)
            );
        }
    }
}
