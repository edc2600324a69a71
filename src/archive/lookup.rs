//! Finding cables: by id (a sorted table of id hashes, built on first use) and by keyword
//! (the index's hits, with their snippets cut from their paragraphs read again, `recall`).

use super::fulltext::Located;
use super::{Archive, ArchiveError, Hit, SearchOrder, query};
use std::collections::HashMap;

impl Archive {
    /// The index of the cable with this id (case-insensitive; its best copy when it is in
    /// several files, see [`Archive::copies_of`]). The id map (hashes of the ids, sorted) is
    /// built on the first call.
    pub fn find(&self, id: &str) -> Option<usize> {
        let i = self.find_any(id)?;
        match self.copy_flags().get(i) {
            Some(f) if f & super::copies::HAS_COPIES != 0 => self.copies_of(i).first().copied(),
            _ => Some(i),
        }
    }

    /// The index of a cable with this id (case-insensitive; any of its copies).
    fn find_any(&self, id: &str) -> Option<usize> {
        hash_run(self.id_table(), id_hash(id))
            .iter()
            .map(|&(_, i)| i as usize)
            .find(|&i| self.id(i).eq_ignore_ascii_case(id))
    }

    /// (hash of the upper-case id, index) of every cable, sorted; built on the first call.
    pub(super) fn id_table(&self) -> &[(u64, u32)] {
        self.ids.get_or_init(|| {
            use rayon::prelude::*;
            let table = self.table();
            let mut ids: Vec<(u64, u32)> = (0..self.len as u32)
                .into_par_iter()
                .map(|i| (id_hash_bytes(table.id_bytes(i as usize)), i))
                .collect();
            ids.par_sort_unstable();
            ids
        })
    }

    /// Keyword search, best first: one hit per cable, at its best paragraph.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, ArchiveError> {
        self.search_with(&query::Query::parse(query)?, limit, SearchOrder::Relevance)
    }

    /// Keyword search with a parsed query and an order: the first `limit` hits of
    /// [`Archive::search_page`].
    pub fn search_with(
        &self,
        query: &query::Query,
        limit: usize,
        order: SearchOrder,
    ) -> Result<Vec<Hit>, ArchiveError> {
        Ok(self.search_page(query, order, 0, limit)?.hits)
    }

    /// Hits `offset..offset + limit` of a keyword search, and how many there are in all: one
    /// hit per cable, landing on its paragraph that holds the most of the query's words
    /// (the first of them). A query with words is ordered best first, or by date; a query
    /// of filters only (`tag:KTIP`, `ref:09STATE59732`) lands each cable on its first
    /// paragraph; it, and a word's prefix alone (`terror*`), which ranks every cable alike,
    /// come newest first unless oldest is asked.
    pub fn search_page(
        &self,
        query: &query::Query,
        order: SearchOrder,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage, ArchiveError> {
        if self.building {
            return Err(ArchiveError::Building);
        }
        self.with_index(|index| self.page_on(index, query, order, offset, limit))
    }

    /// [`Archive::search_page`] on one index (addresses of one index never reach another).
    fn page_on(
        &self,
        index: &super::fulltext::TextIndex,
        query: &query::Query,
        order: SearchOrder,
        offset: usize,
        limit: usize,
    ) -> Result<SearchPage, ArchiveError> {
        let highlights = query.highlights();
        let order = by_date_when_unranked(query, order);
        let (located, total): (Vec<(usize, Located)>, usize) = if self.folded_copies() == 0 {
            let (page, total) = index.page(query, order, offset, limit.min(MAX_PAGE))?;
            let page = page
                .into_iter()
                .filter_map(|at| Some((self.cable_of(at.file_key, at.ord)?, at)))
                .collect();
            (page, total)
        } else {
            // Every match is located, so that copies fold (the total counts what is shown).
            let kept = self.every_match(index, query, order)?;
            let total = kept.len();
            let page = kept
                .into_iter()
                .skip(offset)
                .take(limit.min(MAX_PAGE))
                .collect();
            (page, total)
        };
        let places = index.places(located.iter().map(|(_, at)| at))?;
        let hits = self.recall(located, places, &highlights, query.requires_words());
        Ok(SearchPage { hits, total })
    }

    /// Every cable a search finds, in result order (a query of filters or a prefix alone:
    /// newest first unless oldest is asked), each with [`FIRST_HIT`] for its paragraph: the
    /// whole result set, for walking it cable by cable (where each lands is found when it
    /// is opened).
    pub fn search_cables(
        &self,
        query: &query::Query,
        order: SearchOrder,
    ) -> Result<Vec<(usize, u32)>, ArchiveError> {
        if self.building {
            return Err(ArchiveError::Building);
        }
        let order = by_date_when_unranked(query, order);
        let located = self.with_index(|index| self.every_match(index, query, order))?;
        Ok(located
            .into_iter()
            .map(|(cable, _)| (cable, FIRST_HIT))
            .collect())
    }

    /// Every cable matching `query` on `index`, in `order`, with where the index located it.
    /// Copies of a cable hold the same paragraphs: a cable in several files comes once, from
    /// its first copy in order, or the copy the list shows when it is among them.
    fn every_match(
        &self,
        index: &super::fulltext::TextIndex,
        query: &query::Query,
        order: SearchOrder,
    ) -> Result<Vec<(usize, Located)>, ArchiveError> {
        let located: Vec<(usize, Located)> = index
            .locate(query, order, 0, None)?
            .into_iter()
            .filter_map(|at| Some((self.cable_of(at.file_key, at.ord)?, at)))
            .collect();
        Ok(if self.folded_copies() == 0 {
            located
        } else {
            self.one_per_id(located)
        })
    }

    /// Entries of one cable id read from several files (copies) become one, at the place of
    /// the first in order, and from the copy the list shows when it is among them (the
    /// unredacted text over the redacted).
    fn one_per_id(&self, located: Vec<(usize, Located)>) -> Vec<(usize, Located)> {
        let flags = self.copy_flags();
        let shown = |cable: usize| {
            flags
                .get(cable)
                .is_none_or(|f| f & super::copies::FOLDED == 0)
        };
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut kept: Vec<(usize, Located)> = Vec::new();
        for (cable, l) in located {
            match at.get(self.id(cable)).and_then(|&i| kept.get_mut(i)) {
                Some(first) => {
                    if shown(cable) && !shown(first.0) {
                        *first = (cable, l);
                    }
                }
                None => {
                    at.insert(self.id(cable), kept.len());
                    kept.push((cable, l));
                }
            }
        }
        kept
    }

    /// The archive index of a hit's cable, if its file is still in the catalog.
    fn cable_of(&self, file_key: u64, ord: u32) -> Option<usize> {
        let shelf = self.shelf(self.shelf_of_key(file_key)?)?;
        let i = shelf.start.checked_add(ord as usize)?;
        shelf.contains(&i).then_some(i)
    }
}

/// A page of a keyword search: its hits (one per cable), and how many cables match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// The paragraph of a [`Archive::search_cables`] stop: the cable's first hit, found when it
/// is opened (no paragraph has this number).
pub const FIRST_HIT: u32 = u32::MAX;

/// A query of filters, or of a word's prefix, gives every cable the same score: its cables
/// come newest first rather than in the index's order.
fn by_date_when_unranked(query: &query::Query, order: SearchOrder) -> SearchOrder {
    match order {
        SearchOrder::Relevance if !query.is_ranked() => SearchOrder::NewestFirst,
        other => other,
    }
}

/// The most hits one page holds.
const MAX_PAGE: usize = super::fulltext::MAX_HITS;

/// The entries of `table` (sorted by hash) whose hash is `hash`: an id's candidates, to be
/// checked against the id itself.
pub(super) fn hash_run(table: &[(u64, u32)], hash: u64) -> &[(u64, u32)] {
    let start = table.partition_point(|&(h, _)| h < hash);
    let end = table.partition_point(|&(h, _)| h <= hash);
    table.get(start..end).unwrap_or_default()
}

/// FNV-1a of an id, upper-cased (so `find` ignores case).
pub(super) fn id_hash(id: &str) -> u64 {
    id_hash_bytes(id.as_bytes())
}

/// [`id_hash`] of an id's bytes.
pub(super) fn id_hash_bytes(id: &[u8]) -> u64 {
    super::fnv1a(id.iter().map(|b| b.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::id_hash;

    /// FNV-1a of the upper-cased id (as the hand-written hash of earlier versions gave it).
    #[test]
    fn id_hash_ignores_case_and_is_fnv_1a() {
        assert_eq!(id_hash("09STATE1234"), 0x727a_d53b_880b_23f7);
        assert_eq!(id_hash("09state1234"), id_hash("09STATE1234"));
    }
}
