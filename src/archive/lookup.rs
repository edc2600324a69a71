//! Finding cables: by id (a sorted table of id hashes, built on first use) and by keyword
//! (the index's hits, with their snippets cut from the stored paragraph text).

use super::fulltext::RawHit;
use super::{Archive, ArchiveError, Hit, SearchOrder, query, snippet};
use std::collections::HashMap;

impl Archive {
    /// The index of the cable with this id (case-insensitive; the first one when an id occurs
    /// twice). The id map (hashes of the ids, sorted) is built on the first call.
    pub fn find(&self, id: &str) -> Option<usize> {
        let ids = self.id_table();
        let hash = id_hash(id);
        let start = ids.partition_point(|&(h, _)| h < hash);
        let same = ids.get(start..).unwrap_or_default();
        same.iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.id(i).eq_ignore_ascii_case(id))
    }

    /// (hash of the upper-case id, index) of every cable, sorted; built on the first call.
    pub(super) fn id_table(&self) -> &[(u64, u32)] {
        self.ids.get_or_init(|| {
            use rayon::prelude::*;
            self.tables();
            let mut ids: Vec<(u64, u32)> = (0..self.len as u32)
                .into_par_iter()
                .map(|i| (id_hash(self.id(i as usize)), i))
                .collect();
            ids.par_sort_unstable();
            ids
        })
    }

    /// Keyword search at paragraph granularity, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, ArchiveError> {
        self.search_with(&query::Query::parse(query)?, limit, SearchOrder::Relevance)
    }

    /// Keyword search with a parsed query and an order. A query of filters only
    /// (`tag:KTIP`, `ref:09STATE59732`) matches every paragraph of a cable alike: it gives
    /// each cable once, at its first matching paragraph, newest first unless oldest is asked.
    pub fn search_with(
        &self,
        query: &query::Query,
        limit: usize,
        order: SearchOrder,
    ) -> Result<Vec<Hit>, ArchiveError> {
        if self.building {
            return Err(ArchiveError::Building);
        }
        let highlights = query.highlights();
        let filters_only = highlights.is_empty();
        let (fetch, order) = match (filters_only, order) {
            (false, _) => (limit, order),
            (true, SearchOrder::Relevance) => {
                (limit * PARAGRAPHS_PER_CABLE, SearchOrder::NewestFirst)
            }
            (true, _) => (limit * PARAGRAPHS_PER_CABLE, order),
        };
        let raw = self.index.search(query, fetch, order)?;
        // (cable, hit) in the index's order; filters only: one per cable, its first paragraph.
        let mut chosen: Vec<(usize, RawHit)> = Vec::with_capacity(raw.len().min(limit));
        let mut at: HashMap<usize, usize> = HashMap::new();
        for h in raw {
            let Some(cable) = self.cable_of(&h) else {
                continue;
            };
            if filters_only {
                if let Some(kept) = at.get(&cable).and_then(|&i| chosen.get_mut(i)) {
                    if h.paragraph < kept.1.paragraph {
                        kept.1 = h;
                    }
                    continue;
                }
                at.insert(cable, chosen.len());
            }
            chosen.push((cable, h));
        }
        chosen.truncate(limit);
        Ok(chosen
            .into_iter()
            .map(|(cable, h)| {
                let (snippet, snippet_hits) = snippet::snippet(&h.text, &highlights);
                Hit {
                    cable,
                    id: h.id,
                    paragraph: h.paragraph,
                    label: h.label,
                    score: h.score,
                    snippet,
                    snippet_hits,
                }
            })
            .collect())
    }

    /// The archive index of a hit's cable, if its file is still in the catalog.
    fn cable_of(&self, h: &RawHit) -> Option<usize> {
        let shelf = self.shelves.get(*self.by_key.get(&h.file_key)? as usize)?;
        (h.ord < shelf.count).then_some((shelf.first + h.ord) as usize)
    }
}

/// How many paragraph hits a filters-only search reads per cable it returns.
const PARAGRAPHS_PER_CABLE: usize = 20;

/// FNV-1a of an id, upper-cased (so `find` ignores case).
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b.to_ascii_uppercase() as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
