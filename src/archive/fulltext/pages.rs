//! Whole result sets, not just the best few: how many paragraphs match, every match's
//! address in result order (cheap: fast fields only, no stored text), and the stored hit of
//! one address. The archive builds pages and walks from these ([`crate::archive::Archive::
//! search_page`]).

use super::{ArchiveError, Query, RawHit, SearchOrder, TextIndex, tantivy_err};
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Order, TantivyDocument};

/// Where one matching paragraph is: its document, score and (file, ordinal, paragraph).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    pub address: DocAddress,
    pub score: f32,
    pub file_key: u64,
    pub ord: u32,
    pub paragraph: u32,
}

impl TextIndex {
    /// How many paragraphs match `query`.
    pub fn count(&self, query: &Query) -> Result<usize, ArchiveError> {
        let tq = self.compile(query);
        self.reader
            .searcher()
            .search(&tq, &Count)
            .map_err(tantivy_err)
    }

    /// Every paragraph matching `query`, in `order` (best first, or by date), skipping the
    /// first `offset` and keeping at most `limit` (`None`: all of them).
    pub fn locate(
        &self,
        query: &Query,
        order: SearchOrder,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<Vec<Located>, ArchiveError> {
        let tq = self.compile(query);
        let searcher = self.reader.searcher();
        let limit = match limit {
            Some(n) => n,
            None => searcher.search(&tq, &Count).map_err(tantivy_err)?,
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let found: Vec<(f32, DocAddress)> = match order {
            SearchOrder::Relevance => searcher.search(&tq, &top).map_err(tantivy_err)?,
            SearchOrder::NewestFirst | SearchOrder::OldestFirst => {
                let dir = if order == SearchOrder::NewestFirst {
                    Order::Desc
                } else {
                    Order::Asc
                };
                searcher
                    .search(&tq, &top.order_by_fast_field::<u64>("date", dir))
                    .map_err(tantivy_err)?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect()
            }
        };
        type Columns = [tantivy::columnar::Column<u64>; 3];
        let mut columns: std::collections::HashMap<u32, Columns> = Default::default();
        let mut out = Vec::with_capacity(found.len());
        for (score, address) in found {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                columns.entry(address.segment_ord)
            {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                slot.insert([
                    fast.u64("file").map_err(tantivy_err)?,
                    fast.u64("ord").map_err(tantivy_err)?,
                    fast.u64("para").map_err(tantivy_err)?,
                ]);
            }
            let Some([file, ord, para]) = columns.get(&address.segment_ord) else {
                continue;
            };
            let (Some(file_key), Some(ord), Some(para)) = (
                file.first(address.doc_id),
                ord.first(address.doc_id),
                para.first(address.doc_id),
            ) else {
                return Err(ArchiveError::Index(
                    "a document without its file, ordinal or paragraph".into(),
                ));
            };
            out.push(Located {
                address,
                score,
                file_key,
                ord: u32::try_from(ord).unwrap_or(u32::MAX),
                paragraph: u32::try_from(para).unwrap_or(u32::MAX),
            });
        }
        Ok(out)
    }

    /// The stored hit (id, label, text) of a located paragraph.
    pub fn load(&self, at: &Located) -> Result<RawHit, ArchiveError> {
        let doc: TantivyDocument = self
            .reader
            .searcher()
            .doc(at.address)
            .map_err(tantivy_err)?;
        let stored = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
        Ok(RawHit {
            file_key: at.file_key,
            ord: at.ord,
            paragraph: at.paragraph,
            score: at.score,
            id: stored(self.fields.id).unwrap_or_default().to_string(),
            label: stored(self.fields.label).map(str::to_string),
            text: stored(self.fields.text).unwrap_or_default().to_string(),
        })
    }
}
