//! A page of matches by date, and how many match, in one pass: the `date` fast field is read a
//! block of documents at a time. tantivy's `TopDocs::order_by_fast_field` reads it one
//! document at a time through two indirections, which was most of a date-ordered search's
//! time when hundreds of thousands of cables match (a lone prefix, a common word).

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::{DocAddress, DocId, Order, Score, SegmentOrdinal, SegmentReader};

/// The fast field the page is ordered by.
const DATE: &str = "date";

/// The matches from `offset` to `offset + limit` by date (`order`), ties by ascending
/// address, and the number of matches: what `(Count, TopDocs::with_limit(limit)
/// .and_offset(offset).order_by_fast_field("date", order))` gives, in the same order.
pub struct ByDate {
    order: Order,
    offset: usize,
    limit: usize,
}

impl ByDate {
    /// A page of `limit` matches after the first `offset`.
    pub fn new(order: Order, offset: usize, limit: usize) -> ByDate {
        ByDate {
            order,
            offset,
            limit,
        }
    }

    /// How many of a segment's best are kept: the page and all before it.
    fn kept(&self) -> usize {
        self.offset.saturating_add(self.limit)
    }
}

/// A date as a key where smaller comes first: the date itself oldest first, its complement
/// newest first. The key of a key is the date again.
fn key(order: &Order, date: u64) -> u64 {
    match order {
        Order::Asc => date,
        Order::Desc => !date,
    }
}

impl Collector for ByDate {
    type Fruit = (usize, Vec<(u64, DocAddress)>);
    type Child = ByDateInSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ByDateInSegment> {
        let dates = reader.fast_fields().u64(DATE)?;
        // A document without a date sorts last either way, as tantivy's order does.
        let missing = match self.order {
            Order::Asc => u64::MAX,
            Order::Desc => 0,
        };
        Ok(ByDateInSegment {
            segment,
            dates,
            missing,
            order: self.order.clone(),
            kept: self.kept(),
            count: 0,
            best: Vec::new(),
            threshold: u64::MAX,
            block: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(usize, Vec<(u64, DocAddress)>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let total = fruits.iter().map(|(count, _)| count).sum();
        let mut all: Vec<(u64, DocAddress)> =
            fruits.into_iter().flat_map(|(_, best)| best).collect();
        all.sort_unstable_by_key(|&(date, address)| (key(&self.order, date), address));
        Ok((
            total,
            all.into_iter().skip(self.offset).take(self.limit).collect(),
        ))
    }
}

/// [`ByDate`] in one segment: the count, and the best matches seen so far (more than kept,
/// trimmed when twice as many; `threshold` is the worst key that can still be kept).
pub struct ByDateInSegment {
    segment: SegmentOrdinal,
    dates: Column<u64>,
    missing: u64,
    order: Order,
    kept: usize,
    count: usize,
    /// (key, document) of the best so far.
    best: Vec<(u64, DocId)>,
    threshold: u64,
    /// The dates of one block of documents.
    block: Vec<u64>,
}

impl ByDateInSegment {
    fn offer(&mut self, date: u64, doc: DocId) {
        let key = key(&self.order, date);
        if key > self.threshold || self.kept == 0 {
            return;
        }
        self.best.push((key, doc));
        if self.best.len() >= self.kept.saturating_mul(2).max(64) {
            self.trim();
        }
    }

    /// Keep the best `kept`, and raise the bar to the worst of them.
    fn trim(&mut self) {
        if self.best.len() > self.kept {
            self.best.select_nth_unstable(self.kept - 1);
            self.best.truncate(self.kept);
            self.threshold = self
                .best
                .iter()
                .map(|&(key, _)| key)
                .max()
                .unwrap_or(u64::MAX);
        }
    }
}

impl SegmentCollector for ByDateInSegment {
    type Fruit = (usize, Vec<(u64, DocAddress)>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count += 1;
        let date = self.dates.first(doc).unwrap_or(self.missing);
        self.offer(date, doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count += docs.len();
        if !matches!(self.dates.index, ColumnIndex::Full) {
            for &doc in docs {
                let date = self.dates.first(doc).unwrap_or(self.missing);
                self.offer(date, doc);
            }
            return;
        }
        // Every document has one date: its row is its id, and the block reads at once.
        let mut block = std::mem::take(&mut self.block);
        block.resize(docs.len(), 0);
        self.dates.values.get_vals(docs, &mut block);
        for (&date, &doc) in block.iter().zip(docs) {
            self.offer(date, doc);
        }
        self.block = block;
    }

    fn harvest(mut self) -> Self::Fruit {
        self.trim();
        let order = self.order.clone();
        let segment = self.segment;
        let best = self
            .best
            .into_iter()
            .map(|(date_key, doc)| (key(&order, date_key), DocAddress::new(segment, doc)))
            .collect();
        (self.count, best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::{FAST, INDEXED, IndexRecordOption, STRING, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    /// An index of 3 segments whose dates repeat (ties), a word in some documents, and
    /// some documents deleted when `deleted`.
    fn index(deleted: bool) -> (Index, Schema) {
        let mut builder = Schema::builder();
        let date = builder.add_u64_field(DATE, FAST | INDEXED);
        let word = builder.add_text_field("word", STRING);
        let schema = builder.build();
        let index = Index::create_in_ram(schema.clone());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut rng = fastrand::Rng::with_seed(3);
        for _segment in 0..3 {
            for _ in 0..700 {
                let mut doc = TantivyDocument::new();
                doc.add_u64(date, rng.u64(0..40));
                doc.add_text(word, if rng.bool() { "x" } else { "y" });
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        if deleted {
            writer.delete_term(Term::from_field_u64(date, 7));
            writer.commit().unwrap();
        }
        (index, schema)
    }

    /// The page and count equal tantivy's own date order, ties included, for both orders,
    /// pages at the start, inside and past the end, with and without deleted documents
    /// (which take the one-by-one path).
    #[test]
    fn a_page_by_date_is_tantivys_page_by_date() {
        for deleted in [false, true] {
            let (index, schema) = index(deleted);
            let searcher = index.reader().unwrap().searcher();
            assert_eq!(searcher.segment_readers().len(), 3);
            let word = schema.get_field("word").unwrap();
            let queries: [Box<dyn Query>; 2] = [
                Box::new(AllQuery),
                Box::new(TermQuery::new(
                    Term::from_field_text(word, "x"),
                    IndexRecordOption::Basic,
                )),
            ];
            for query in &queries {
                for order in [Order::Desc, Order::Asc] {
                    for (offset, limit) in
                        [(0, 1), (0, 20), (5, 20), (37, 100), (0, 5000), (2090, 30)]
                    {
                        let theirs = searcher
                            .search(
                                query,
                                &(
                                    Count,
                                    TopDocs::with_limit(limit)
                                        .and_offset(offset)
                                        .order_by_fast_field::<u64>(DATE, order.clone()),
                                ),
                            )
                            .unwrap();
                        let ours = searcher
                            .search(query, &ByDate::new(order.clone(), offset, limit))
                            .unwrap();
                        assert_eq!(ours, theirs, "{order:?} {offset} {limit} deleted {deleted}");
                    }
                }
            }
        }
    }
}
