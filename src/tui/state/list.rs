//! The cable list: filter, sort, selection and facet counts over the archive's catalog.

use crate::archive::Archive;
use crate::archive::catalog::{Facets, Filter, SortKey};
use std::sync::Arc;

/// State of the list pane.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub filter: Filter,
    pub sort: SortKey,
    pub descending: bool,
    /// Archive indexes passing the filter, in sort order (shared with the worker counting
    /// their facets).
    pub rows: Arc<Vec<u32>>,
    /// Bumped whenever the set of rows may change (a filter, a new archive): facets counted
    /// for an older set are stale.
    pub rows_generation: u64,
    /// Index into `rows`.
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    /// Rows the table shows, for paging.
    pub height: usize,
    /// The facet counts of the rows of [`ListState::facets_generation`]: counted on a worker
    /// after the frame ([`ListState::facets_wanted`]), not before it (a count over every
    /// cable is 50 ms at 2.7 million cables).
    pub facets: Facets,
    /// The rows generation `facets` were counted for (`None`: never counted).
    pub facets_generation: Option<u64>,
    /// The rows generation a count was asked for.
    pub facets_asked: Option<u64>,
    pub show_facets: bool,
    /// The user toggled the facet panel: it no longer follows the terminal's height.
    pub facets_chosen: bool,
    /// A sort under way on a worker ([`ListState::sort_by`]): the rows shown are still in
    /// the order before it.
    pub sorting: Option<SortUnderWay>,
    /// The last sort ticket handed out.
    sort_tickets: u64,
    /// Lists of up to this many rows are sorted on the spot; longer ones on a worker (by
    /// id at 2.7 million cables is ~0.9 s, by the most cited 1.4 s: the screen must go on
    /// answering meanwhile). A new filter, and the filter prompt's count, go to a worker
    /// in an archive of more cables than this.
    pub sort_on_the_spot: usize,
}

/// Lists up to this long sort on the thread that draws (under ~30 ms).
pub const SORT_ON_THE_SPOT: usize = 100_000;

/// A sort (or a new filter's rows) handed to a worker, and what the rows shown are
/// meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortUnderWay {
    pub ticket: u64,
    /// The key and direction of the rows shown, given back if the sort fails.
    pub before: (SortKey, bool),
    /// The filter of the rows shown when the job also changes which cables pass
    /// ([`ListState::set_filter`]), given back if it fails.
    pub filter_before: Option<Filter>,
    /// The sorted rows start at their top (a new order); else the selected cable stays
    /// selected when it still passes (a new filter).
    pub to_top: bool,
    /// The archive grew since the rows shown were made (a build's preview, or its end,
    /// [`ListState::grow`]): the new rows hold more cables, and the selected cable stays on
    /// its screen row.
    pub grown: bool,
}

impl SortUnderWay {
    /// Whether the job changes which cables are shown (not only their order).
    pub fn filtering(&self) -> bool {
        self.filter_before.is_some()
    }

    /// Whether the job brings another set of rows (a new filter, or a grown archive).
    fn new_rows(&self) -> bool {
        self.filtering() || self.grown
    }
}

/// A sort for a worker: the rows of `filter` by `key` ([`Archive::select`]), answered with
/// [`ListState::take_sorted`] and `ticket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortJob {
    pub ticket: u64,
    pub filter: Filter,
    pub key: SortKey,
    pub descending: bool,
}

/// Terminals this many rows high or more open with the facet panel; shorter ones keep the
/// rows for the list (the panel takes ten).
pub const FACETS_MIN_ROWS: u16 = 40;

impl ListState {
    /// Every cable, by date.
    pub fn new(archive: &Archive) -> ListState {
        let mut list = ListState {
            filter: Filter::default(),
            sort: SortKey::Date,
            descending: false,
            rows: Arc::default(),
            rows_generation: 0,
            selected: 0,
            offset: 0,
            height: 1,
            facets: Facets::default(),
            facets_generation: None,
            facets_asked: None,
            show_facets: true,
            facets_chosen: false,
            sorting: None,
            sort_tickets: 0,
            sort_on_the_spot: SORT_ON_THE_SPOT,
        };
        list.refresh(archive);
        list
    }

    /// The archive index of the selected cable.
    pub fn selected_index(&self) -> Option<usize> {
        self.rows.get(self.selected).map(|&i| i as usize)
    }

    /// Recompute the rows, keeping the selected cable selected when it still passes; their
    /// facets are counted again when next shown ([`ListState::facets_wanted`]).
    pub fn refresh(&mut self, archive: &Archive) {
        self.resort(archive);
        self.rows_generation += 1;
    }

    /// Show the cables `filter` keeps, the selected cable staying selected when it still
    /// passes. In a small archive the rows are recomputed here; in a large one on a worker
    /// (at 2.7 million cables a broad filter sorted by id took ~0.8 s): the job to hand it
    /// is returned, and the rows shown stay until [`ListState::take_sorted`].
    pub fn set_filter(&mut self, archive: &Archive, filter: Filter) -> Option<SortJob> {
        if archive.len() <= self.sort_on_the_spot {
            self.filter = filter;
            self.refresh(archive);
            return None;
        }
        let before = self.shown_order();
        let under_way = self.sorting.take();
        let to_top = under_way.as_ref().is_some_and(|s| s.to_top);
        let grown = under_way.as_ref().is_some_and(|s| s.grown);
        let filter_before = under_way
            .and_then(|s| s.filter_before)
            .unwrap_or_else(|| self.filter.clone());
        self.filter = filter;
        Some(self.hand_over(before, Some(filter_before), to_top, grown))
    }

    /// The rows whose facets should be counted now, and their generation: the panel is shown
    /// and its counts are of another set of rows, and no count for these is under way.
    /// Marks the count as asked for.
    pub fn facets_wanted(&mut self) -> Option<(u64, Arc<Vec<u32>>)> {
        let now = Some(self.rows_generation);
        if !self.show_facets || self.facets_generation == now || self.facets_asked == now {
            return None;
        }
        self.facets_asked = now;
        Some((self.rows_generation, Arc::clone(&self.rows)))
    }

    /// Take in facets counted for rows generation `generation`; false (and dropped) when
    /// the rows changed since.
    pub fn take_facets(&mut self, generation: u64, facets: Facets) -> bool {
        if generation != self.rows_generation {
            return false;
        }
        self.facets = facets;
        self.facets_generation = Some(generation);
        true
    }

    /// Whether the facet panel shows counts of an older set of rows (or none yet).
    pub fn facets_stale(&self) -> bool {
        self.facets_generation != Some(self.rows_generation)
    }

    /// Recompute the rows only (the facets do not depend on the order). A sort under way is
    /// forgotten: these rows are already in its order.
    fn resort(&mut self, archive: &Archive) {
        self.sorting = None;
        let keep = self.selected_index();
        self.rows = Arc::new(archive.select(&self.filter, self.sort, self.descending));
        self.reselect(keep);
    }

    /// Take in an archive that grew (a build's preview, or its end: every cable keeps its
    /// index): in a small archive the rows are recomputed here ([`ListState::refresh_in_place`]);
    /// in a large one on a worker (at two million cables a preview's rows took 0.3-0.5 s),
    /// the rows shown staying meanwhile (their indices hold in the grown archive). Returns
    /// the job to hand the worker.
    pub fn grow(&mut self, archive: &Archive) -> Option<SortJob> {
        if archive.len() <= self.sort_on_the_spot {
            self.refresh_in_place(archive);
            return None;
        }
        let before = self.shown_order();
        let under_way = self.sorting.take();
        let to_top = under_way.as_ref().is_some_and(|s| s.to_top);
        let filter_before = under_way.and_then(|s| s.filter_before);
        Some(self.hand_over(before, filter_before, to_top, true))
    }

    /// Select the cable with archive index `keep` again if the rows hold it, else the first.
    fn reselect(&mut self, keep: Option<usize>) {
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|&r| r as usize == k))
            .unwrap_or(0);
        self.follow();
    }

    /// Recompute after the archive grew (a preview of a build, or its end): the selected
    /// cable stays selected on the same screen row; a list not moved yet (at its top) shows
    /// the top of the new order.
    pub fn refresh_in_place(&mut self, archive: &Archive) {
        let untouched = self.selected == 0 && self.offset == 0;
        let row = self.selected.saturating_sub(self.offset);
        self.refresh(archive);
        if untouched {
            self.to_edge(false);
            return;
        }
        self.keep_on_screen_row(row);
    }

    /// Scroll so that the selected row is `row` rows below the top of the screen (as near
    /// as the list's ends allow).
    fn keep_on_screen_row(&mut self, row: usize) {
        let h = self.height.max(1);
        self.offset = self
            .selected
            .saturating_sub(row)
            .min(self.rows.len().saturating_sub(h));
        self.follow();
    }

    /// Select the cable with archive index `index` when the list shows it.
    pub fn select_cable(&mut self, index: usize) -> bool {
        match self.rows.iter().position(|&r| r as usize == index) {
            Some(row) => {
                self.selected = row;
                self.follow();
                true
            }
            None => false,
        }
    }

    /// Sort by `key` (the same key again reverses), from the top of the new order. A long
    /// list is sorted on a worker: the job to hand it is returned, and the rows stay as they
    /// are until [`ListState::take_sorted`].
    pub fn sort_by(&mut self, archive: &Archive, key: SortKey) -> Option<SortJob> {
        if self.sort == key {
            self.reverse();
            return None;
        }
        let before = self.shown_order();
        self.sort = key;
        self.descending = false;
        self.sort_anew(archive, before)
    }

    /// Sort by the next key in the cycle, from the top of the new order (as
    /// [`ListState::sort_by`]).
    pub fn sort_next(&mut self, archive: &Archive) -> Option<SortJob> {
        let before = self.shown_order();
        self.sort = self.sort.next();
        self.descending = false;
        self.sort_anew(archive, before)
    }

    /// The key and direction the rows shown are in.
    fn shown_order(&self) -> (SortKey, bool) {
        self.sorting
            .as_ref()
            .map_or((self.sort, self.descending), |s| s.before)
    }

    /// Sort the rows by the current key: here when they are few, else on a worker (the rows
    /// shown being in the order `before`). A new filter's rows still on their way are
    /// sorted with it, and so are the cables of an archive that grew meanwhile.
    fn sort_anew(&mut self, archive: &Archive, before: (SortKey, bool)) -> Option<SortJob> {
        let under_way = self.sorting.take();
        let grown = under_way.as_ref().is_some_and(|s| s.grown);
        let filter_before = under_way.and_then(|s| s.filter_before);
        if filter_before.is_none() && self.rows.len() <= self.sort_on_the_spot {
            match grown {
                true => self.refresh(archive),
                false => self.resort(archive),
            }
            self.to_edge(false);
            return None;
        }
        Some(self.hand_over(before, filter_before, true, grown))
    }

    /// Mark a job for a worker as under way (superseding any before it) and return it.
    fn hand_over(
        &mut self,
        before: (SortKey, bool),
        filter_before: Option<Filter>,
        to_top: bool,
        grown: bool,
    ) -> SortJob {
        self.sort_tickets += 1;
        self.sorting = Some(SortUnderWay {
            ticket: self.sort_tickets,
            before,
            filter_before,
            to_top,
            grown,
        });
        SortJob {
            ticket: self.sort_tickets,
            filter: self.filter.clone(),
            key: self.sort,
            descending: self.descending,
        }
    }

    /// Take in the rows a worker sorted for `ticket` (in `descending` order); false (and
    /// dropped) when another sort or a new set of rows came since. After a new order the
    /// selection goes to its top; after a new filter the selected cable stays selected
    /// when it still passes, and the facets are counted again.
    pub fn take_sorted(&mut self, ticket: u64, descending: bool, mut rows: Vec<u32>) -> bool {
        let Some(job) = self.sorting.take_if(|s| s.ticket == ticket) else {
            return false;
        };
        if descending != self.descending {
            // Reversed while it was sorted.
            rows.reverse();
        }
        let keep = self.selected_index();
        let row = self.selected.saturating_sub(self.offset);
        self.rows = Arc::new(rows);
        if job.new_rows() {
            self.rows_generation += 1;
        }
        // A list still at its top when a grown archive's rows come (keys may have moved it
        // meanwhile) shows the top of the new order, as on the spot.
        let at_top = self.selected == 0 && self.offset == 0;
        if job.to_top || (job.grown && !job.filtering() && at_top) {
            self.to_edge(false);
        } else if job.grown {
            self.reselect(keep);
            self.keep_on_screen_row(row);
        } else {
            self.reselect(keep);
        }
        true
    }

    /// The job with `ticket` failed on its worker: the rows keep the order (and the filter)
    /// they are shown with. False when a newer job had replaced it (nothing changes).
    pub fn sort_failed(&mut self, ticket: u64) -> bool {
        let Some(job) = self.sorting.take_if(|s| s.ticket == ticket) else {
            return false;
        };
        (self.sort, self.descending) = job.before;
        if let Some(filter) = job.filter_before {
            self.filter = filter;
        }
        true
    }

    /// Reverse the order, from the top of the new order. During a sort only the direction
    /// changes: the sorted rows are turned around when they come.
    pub fn reverse(&mut self) {
        if self.sorting.is_some() {
            self.descending = !self.descending;
            return;
        }
        self.flip();
        self.to_edge(false);
    }

    /// Turn the order around by reversing the rows: the other direction of every order is
    /// this one reversed ([`Archive::select`]). Sorting again took up to 1.3 s at 2.7M
    /// cables, on the thread that draws.
    fn flip(&mut self) {
        self.descending = !self.descending;
        Arc::make_mut(&mut self.rows).reverse();
    }

    /// Move the selection by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.follow();
    }

    /// Select the first or last row.
    pub fn to_edge(&mut self, bottom: bool) {
        self.selected = if bottom {
            self.rows.len().saturating_sub(1)
        } else {
            0
        };
        self.follow();
    }

    /// The terminal is `rows` high: the facet panel is shown on tall terminals only, until
    /// the user toggles it.
    pub fn fit_facets(&mut self, rows: u16) {
        if !self.facets_chosen {
            self.show_facets = rows >= FACETS_MIN_ROWS;
        }
    }

    /// Set the table height and keep the selection visible.
    pub fn set_height(&mut self, height: usize) {
        self.height = height.max(1);
        self.follow();
    }

    /// Scroll so the selection is visible.
    fn follow(&mut self) {
        let h = self.height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(h));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::test_cables::{archive_of, whale_cable};

    #[test]
    fn reversing_the_rows_gives_what_sorting_the_other_way_does() {
        // Ties everywhere: two posts, shared date-time groups, so each order breaks them.
        let files: Vec<(String, String)> = (0..12)
            .map(|k| {
                let post = ["OSLO", "BERN", "OSLO"][k % 3];
                let dtg = ["010101Z", "020202Z"][k % 2];
                (
                    format!("c{k}.txt"),
                    whale_cable(dtg, post, &format!("{:06}", 100 + k)),
                )
            })
            .collect();
        let named: Vec<(&str, String)> =
            files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let (_tmp, archive) = archive_of(&named);
        let filter = Filter::default();
        for key in [
            SortKey::Date,
            SortKey::Id,
            SortKey::Origin,
            SortKey::Classification,
            SortKey::Cited,
        ] {
            let mut list = ListState::new(&archive);
            list.sort_by(&archive, key);
            if key == SortKey::Date {
                // Already by date: the same key again reversed it.
                list.reverse();
            }
            assert!(!list.descending, "{key:?}");
            assert_eq!(*list.rows, archive.select(&filter, key, false), "{key:?}");
            list.sort_by(&archive, key);
            assert!(list.descending);
            assert_eq!(
                *list.rows,
                archive.select(&filter, key, true),
                "{key:?} again"
            );
            assert_ne!(*list.rows, archive.select(&filter, key, false));
            list.reverse();
            assert!(!list.descending);
            assert_eq!(
                *list.rows,
                archive.select(&filter, key, false),
                "{key:?} reversed"
            );
            assert_eq!(list.selected, 0);
        }
    }
}
