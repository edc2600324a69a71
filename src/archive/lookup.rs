//! Finding cables: by id (a sorted table of id hashes, built on first use) and by keyword
//! (the index's hits, with their snippets cut from their paragraphs read again, `recall`).

use super::fulltext::Located;
use super::{Archive, ArchiveError, Hit, SearchOrder, query};
use std::collections::{HashMap, HashSet};

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

    /// Keyword search at paragraph granularity, best first.
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

    /// Hits `offset..offset + limit` of a keyword search, and how many there are in all.
    /// A query with words gives paragraphs (best first, or by date); a query of filters
    /// only (`tag:KTIP`, `ref:09STATE59732`) matches every paragraph of a cable alike: it
    /// gives each cable once, at its first matching paragraph, newest first unless oldest
    /// is asked, and its total counts cables.
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
        let (located, total) = if highlights.is_empty() {
            let order = match order {
                SearchOrder::Relevance => SearchOrder::NewestFirst,
                other => other,
            };
            let cables = self.first_per_cable(index.locate(query, order, 0, None)?);
            let cables = self.one_per_id(cables, |_| 0);
            let total = cables.len();
            let page: Vec<(usize, Located)> = cables.into_iter().skip(offset).take(limit).collect();
            (page, total)
        } else if self.folded_copies() == 0 {
            let (page, total) = index.page(query, order, offset, limit.min(MAX_PAGE))?;
            let page = page
                .into_iter()
                .filter_map(|at| Some((self.cable_of(at.file_key, at.ord)?, at)))
                .collect();
            (page, total)
        } else {
            // Copies of a cable hold the same paragraphs: a hit is shown once, from the
            // first copy in result order, as the list shows a cable once. Every hit is
            // located for that (the total counts what is shown).
            let located = index
                .locate(query, order, 0, None)?
                .into_iter()
                .filter_map(|at| Some((self.cable_of(at.file_key, at.ord)?, at)))
                .collect();
            let kept = self.one_per_id(located, |at| at.paragraph);
            let total = kept.len();
            let page = kept
                .into_iter()
                .skip(offset)
                .take(limit.min(MAX_PAGE))
                .collect();
            (page, total)
        };
        let places = index.places(located.iter().map(|(_, at)| at))?;
        let hits = self.recall(located, places, &highlights);
        Ok(SearchPage { hits, total })
    }

    /// Every cable a search finds, in result order, each with the paragraph of its first
    /// hit (a query of filters only: its first matching paragraph, newest cable first):
    /// the whole result set, for walking it cable by cable.
    pub fn search_cables(
        &self,
        query: &query::Query,
        order: SearchOrder,
    ) -> Result<Vec<(usize, u32)>, ArchiveError> {
        if self.building {
            return Err(ArchiveError::Building);
        }
        let order = match order {
            SearchOrder::Relevance if query.highlights().is_empty() => SearchOrder::NewestFirst,
            other => other,
        };
        let located = self.with_index(|index| index.locate(query, order, 0, None))?;
        // By relevance a cable's first hit is its best; by date, its first paragraph.
        let keep_first = order == SearchOrder::Relevance;
        let mut at: HashMap<usize, usize> = HashMap::new();
        let mut stops: Vec<(usize, u32)> = Vec::new();
        for l in located {
            let Some(cable) = self.cable_of(l.file_key, l.ord) else {
                continue;
            };
            match at.get(&cable).and_then(|&i| stops.get_mut(i)) {
                Some(stop) => {
                    if !keep_first && l.paragraph < stop.1 {
                        stop.1 = l.paragraph;
                    }
                }
                None => {
                    at.insert(cable, stops.len());
                    stops.push((cable, l.paragraph));
                }
            }
        }
        // A cable in several files is walked once (its first copy in result order).
        let mut seen = HashSet::new();
        stops.retain(|&(cable, _)| seen.insert(self.id(cable)));
        Ok(stops)
    }

    /// Entries that are the same paragraph (`paragraph_of`) of one cable id read from
    /// several files (copies) become one, at the place of the first in order, and from the
    /// copy the list shows when it is among them (the unredacted text over the redacted).
    fn one_per_id(
        &self,
        located: Vec<(usize, Located)>,
        paragraph_of: impl Fn(&Located) -> u32,
    ) -> Vec<(usize, Located)> {
        let flags = self.copy_flags();
        let shown = |cable: usize| {
            flags
                .get(cable)
                .is_none_or(|f| f & super::copies::FOLDED == 0)
        };
        let mut at: HashMap<(&str, u32), usize> = HashMap::new();
        let mut kept: Vec<(usize, Located)> = Vec::new();
        for (cable, l) in located {
            let key = (self.id(cable), paragraph_of(&l));
            match at.get(&key).and_then(|&i| kept.get_mut(i)) {
                Some(first) => {
                    if shown(cable) && !shown(first.0) {
                        *first = (cable, l);
                    }
                }
                None => {
                    at.insert(key, kept.len());
                    kept.push((cable, l));
                }
            }
        }
        kept
    }

    /// One (cable, located paragraph) per cable, at its lowest paragraph, in the order of
    /// each cable's first appearance.
    fn first_per_cable(&self, located: Vec<Located>) -> Vec<(usize, Located)> {
        let mut chosen: Vec<(usize, Located)> = Vec::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for l in located {
            let Some(cable) = self.cable_of(l.file_key, l.ord) else {
                continue;
            };
            match at.get(&cable).and_then(|&i| chosen.get_mut(i)) {
                Some(kept) => {
                    if l.paragraph < kept.1.paragraph {
                        kept.1 = l;
                    }
                }
                None => {
                    at.insert(cable, chosen.len());
                    chosen.push((cable, l));
                }
            }
        }
        chosen
    }

    /// The archive index of a hit's cable, if its file is still in the catalog.
    fn cable_of(&self, file_key: u64, ord: u32) -> Option<usize> {
        let shelf = self.shelf(self.shelf_of_key(file_key)?)?;
        let i = shelf.start.checked_add(ord as usize)?;
        shelf.contains(&i).then_some(i)
    }
}

/// A page of a keyword search: its hits, and how many there are in all (paragraphs; cables
/// for a query of filters only).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    pub total: usize,
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
