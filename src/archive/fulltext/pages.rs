//! Whole result sets, not just the best few: how many cables match, every match's address in
//! result order (cheap: fast fields only), and where a located cable is read again. The
//! archive builds pages and walks from these ([`crate::archive::Archive::search_page`]).

use super::by_date::ByDate;
use super::{ArchiveError, Query, SearchOrder, Term, TextIndex, tantivy_err};
use crate::archive::source::Locator;
use std::collections::HashMap;
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::{DocAddress, Order, Searcher};

/// Where one matching cable is: its document, score and (file, ordinal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    pub address: DocAddress,
    pub score: f32,
    pub file_key: u64,
    pub ord: u32,
}

/// Where a located cable is in its file, and the check of what was indexed
/// ([`super::check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub loc: Locator,
    pub check: u32,
}

/// A locator as two fast-field values: the kind in the low two bits of the first (above
/// them the offset or the number), the span's length in the second.
pub(super) fn locator_words(loc: Locator) -> (u64, u64) {
    match loc {
        Locator::Demo(n) => (u64::from(n) << 2, 0),
        Locator::Whole => (1, 0),
        Locator::Span { offset, len } => ((offset << 2) | 2, u64::from(len)),
        Locator::Item(n) => ((u64::from(n) << 2) | 3, 0),
    }
}

/// The locator [`locator_words`] made, `None` for values it cannot have made.
fn word_locator(word: u64, len: u64) -> Option<Locator> {
    let at = word >> 2;
    match word & 3 {
        0 => u32::try_from(at).ok().map(Locator::Demo),
        1 => (at == 0).then_some(Locator::Whole),
        2 => Some(Locator::Span {
            offset: at,
            len: u32::try_from(len).ok()?,
        }),
        _ => u32::try_from(at).ok().map(Locator::Item),
    }
}

/// The named u64 fast fields of each segment a search touches, opened once per search.
struct Columns<'s, const N: usize> {
    searcher: &'s Searcher,
    names: [&'static str; N],
    open: HashMap<u32, [Column<u64>; N]>,
}

impl<'s, const N: usize> Columns<'s, N> {
    fn new(searcher: &'s Searcher, names: [&'static str; N]) -> Self {
        Columns {
            searcher,
            names,
            open: HashMap::new(),
        }
    }

    /// The values of `address`'s document; an error when one is missing.
    fn values(&mut self, address: DocAddress) -> Result<[u64; N], ArchiveError> {
        let columns = match self.open.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(slot) => slot.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let fast = self
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields();
                let mut columns = Vec::with_capacity(N);
                for name in self.names {
                    columns.push(fast.u64(name).map_err(tantivy_err)?);
                }
                let columns: [Column<u64>; N] = columns
                    .try_into()
                    .map_err(|_| ArchiveError::Index("a fast field is missing".into()))?;
                slot.insert(columns)
            }
        };
        let mut out = [0; N];
        for (value, column) in out.iter_mut().zip(columns.iter()) {
            *value = column.first(address.doc_id).ok_or_else(|| {
                ArchiveError::Index(format!("a document without its {}", self.names.join(", ")))
            })?;
        }
        Ok(out)
    }
}

impl TextIndex {
    /// Every cable matching `query`, in `order` (best first, or by date), skipping the
    /// first `offset` and keeping at most `limit` (`None`: all of them).
    pub fn locate(
        &self,
        query: &Query,
        order: SearchOrder,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<Vec<Located>, ArchiveError> {
        let limit = match limit {
            Some(n) => n,
            None => self
                .compile(query)
                .count(&self.reader.searcher())
                .map_err(tantivy_err)?,
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        Ok(self.page(query, order, offset, limit)?.0)
    }

    /// One page of the cables matching `query`, in `order`, skipping `offset` and keeping
    /// at most `limit`, and how many match in all.
    ///
    /// The total and the page come from one pass over the matches where two would cost
    /// twice: an intersection of words, a phrase or a filter is walked once, counting every
    /// match while keeping the best. Two things are cheaper apart: a lone word's count is its
    /// document frequency, and a word (or words joined by OR) by relevance skips the blocks
    /// that cannot reach the page, which counting in the same pass would forbid.
    pub fn page(
        &self,
        query: &Query,
        order: SearchOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Located>, usize), ArchiveError> {
        let tq = self.compile(query);
        let searcher = self.reader.searcher();
        // `TopDocs` needs room for one; a page of none is cut after.
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (mut found, total): (Vec<(f32, DocAddress)>, usize) = match date_order(order) {
            None if counted_apart(query) => {
                let total = tq.count(&searcher).map_err(tantivy_err)?;
                let found = if offset < total {
                    searcher.search(&*tq, &top).map_err(tantivy_err)?
                } else {
                    Vec::new()
                };
                (found, total)
            }
            None => {
                let (total, found) = searcher.search(&*tq, &(Count, top)).map_err(tantivy_err)?;
                (found, total)
            }
            Some(dir) => {
                let (total, found) = searcher
                    .search(&*tq, &ByDate::new(dir, offset, limit))
                    .map_err(tantivy_err)?;
                (unscored(found), total)
            }
        };
        found.truncate(limit);
        Ok((located(&searcher, found)?, total))
    }

    /// Where each of `located` (addresses of this index) is read again: its cable's locator
    /// and the check of what was indexed.
    pub fn places<'a>(
        &self,
        located: impl IntoIterator<Item = &'a Located>,
    ) -> Result<Vec<Place>, ArchiveError> {
        let searcher = self.reader.searcher();
        let mut columns = Columns::new(&searcher, ["loc", "len", "check"]);
        located
            .into_iter()
            .map(|at| {
                let [word, len, check] = columns.values(at.address)?;
                let loc = word_locator(word, len).ok_or_else(|| {
                    ArchiveError::Index(format!("a document with a bad locator ({word}, {len})"))
                })?;
                Ok(Place {
                    loc,
                    check: u32::try_from(check).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }
}

/// The direction of a date order; `None` for relevance.
fn date_order(order: SearchOrder) -> Option<Order> {
    match order {
        SearchOrder::Relevance => None,
        SearchOrder::NewestFirst => Some(Order::Desc),
        SearchOrder::OldestFirst => Some(Order::Asc),
    }
}

/// Hits ordered by a fast field, with the score they do not have.
fn unscored(found: Vec<(u64, DocAddress)>) -> Vec<(f32, DocAddress)> {
    found.into_iter().map(|(_, addr)| (0.0, addr)).collect()
}

/// Whether a relevance page is cheaper counted apart from its hits (see
/// [`TextIndex::page`]): a lone group of plain words or phrases of two common words (each one
/// term), nothing excluded.
fn counted_apart(query: &Query) -> bool {
    let one_term = |t: &Term| match t {
        Term::Word(_) => true,
        Term::Phrase(words) => super::pair_of(words).is_some(),
        _ => false,
    };
    query.must_not.is_empty()
        && matches!(query.must.as_slice(), [group] if group.iter().all(one_term))
}

/// The address of each hit: its (file, ordinal) from the fast fields.
fn located(
    searcher: &Searcher,
    found: Vec<(f32, DocAddress)>,
) -> Result<Vec<Located>, ArchiveError> {
    let mut columns = Columns::new(searcher, ["file", "ord"]);
    let mut out = Vec::with_capacity(found.len());
    for (score, address) in found {
        let [file_key, ord] = columns.values(address)?;
        out.push(Located {
            address,
            score,
            file_key,
            ord: u32::try_from(ord).unwrap_or(u32::MAX),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locator_comes_back_from_its_words() {
        let locators = [
            Locator::Demo(0),
            Locator::Demo(u32::MAX),
            Locator::Whole,
            Locator::Span { offset: 0, len: 1 },
            Locator::Span {
                offset: (1 << 40) + 7,
                len: u32::MAX,
            },
            Locator::Item(0),
            Locator::Item(12),
        ];
        for loc in locators {
            let (word, len) = locator_words(loc);
            assert_eq!(word_locator(word, len), Some(loc));
        }
        assert_eq!(word_locator(5, 0), None, "a whole file has no number");
        assert_eq!(
            word_locator((1 << 34) | 3, 0),
            None,
            "an item number over u32"
        );
    }
}
