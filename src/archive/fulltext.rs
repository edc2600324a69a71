//! Keyword index at paragraph granularity, with tantivy: one document per paragraph, carrying
//! the cable's filter fields (tags, origin, year, classification) so a filtered query is one
//! index lookup. Documents are addressed by (file key, ordinal in file, paragraph), so a file
//! that changed is re-indexed alone. The paragraph's text and label are stored (tantivy's
//! LZ4-compressed doc store), so a hit's snippet costs one doc-store read, not a re-read and
//! re-parse of its cable.
//!
//! On disk (the cache) the index is memory-mapped by tantivy; the demo and uncached archives
//! use an in-RAM index.

mod pages;

use super::query::{self, Query, Term};
use super::{ArchiveError, analyzer};
use crate::cable::Cable;
pub use pages::Located;
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query as TQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::Value;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument};

/// Bumped whenever the schema or the analyzer changes, and with the parser's output
/// (`cable::PARSER_VERSION`); a cache of another version is rebuilt.
pub const INDEX_VERSION: u32 = 9 + 1000 * crate::cable::PARSER_VERSION;

/// The most hits one search returns.
pub const MAX_HITS: usize = 10_000;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Newest cable first.
    NewestFirst,
    /// Oldest cable first.
    OldestFirst,
}

/// A hit as the index knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawHit {
    pub file_key: u64,
    pub ord: u32,
    pub paragraph: u32,
    pub score: f32,
    /// The cable's id.
    pub id: String,
    /// The paragraph's label (`1.`, `A)`), if it has one.
    pub label: Option<String>,
    /// The paragraph's text (the subject for paragraph 0).
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    text: Field,
    id: Field,
    label: Field,
    origin: Field,
    tag: Field,
    reference: Field,
    class: Field,
    year: Field,
    file: Field,
    ord: Field,
    para: Field,
    date: Field,
}

/// The keyword index.
pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn tantivy_err(e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::Index(e.to_string())
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Words are scored (BM25 needs each paragraph's length), have positions for phrases and
    // are stored for snippets; the filter fields only select, so they keep none of that.
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let filter = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
    };
    let fields = Fields {
        text: b.add_text_field("text", text),
        id: b.add_text_field("id", STORED),
        label: b.add_text_field("label", STORED),
        origin: b.add_text_field("origin", filter(analyzer::ANALYZER)),
        tag: b.add_text_field("tag", filter("raw")),
        reference: b.add_text_field("ref", filter("raw")),
        class: b.add_text_field("class", filter("raw")),
        year: b.add_u64_field("year", INDEXED),
        file: b.add_u64_field("file", INDEXED | FAST),
        ord: b.add_u64_field("ord", FAST),
        para: b.add_u64_field("para", FAST),
        date: b.add_u64_field("date", FAST),
    };
    (b.build(), fields)
}

impl TextIndex {
    /// A new, empty index in memory.
    pub fn in_ram() -> Result<TextIndex, ArchiveError> {
        TextIndex::wrap(Index::create_in_ram(schema().0))
    }

    /// Open the index in `dir`, or create it when the folder is empty. A foreign schema is an
    /// error (the caller sets the folder aside).
    pub fn open_or_create(dir: &Path) -> Result<TextIndex, ArchiveError> {
        std::fs::create_dir_all(dir).map_err(|source| ArchiveError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, _) = schema();
        let index = if dir.join("meta.json").exists() {
            let index = Index::open_in_dir(dir).map_err(tantivy_err)?;
            if index.schema() != schema {
                return Err(ArchiveError::Index("the index has another schema".into()));
            }
            index
        } else {
            Index::create_in_dir(dir, schema).map_err(tantivy_err)?
        };
        TextIndex::wrap(index)
    }

    fn wrap(index: Index) -> Result<TextIndex, ArchiveError> {
        index
            .tokenizers()
            .register(analyzer::ANALYZER, analyzer::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err)?;
        Ok(TextIndex {
            index,
            reader,
            fields: schema().1,
        })
    }

    /// A writer with `threads` indexing threads and a memory budget in bytes.
    pub fn writer(&self, threads: usize, budget: usize) -> Result<IndexWriter, ArchiveError> {
        self.index
            .writer_with_num_threads(threads.max(1), budget.max(15_000_000 * threads.max(1)))
            .map_err(tantivy_err)
    }

    /// A writer for a build from nothing: as [`TextIndex::writer`], but its segments are not
    /// merged while it writes (merging them again and again was half of a cold build's time);
    /// later updates merge as usual.
    pub fn cold_writer(&self, threads: usize, budget: usize) -> Result<IndexWriter, ArchiveError> {
        let writer = self.writer(threads, budget)?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(writer)
    }

    /// Remove every document of a file.
    pub fn delete_file(&self, writer: &IndexWriter, file_key: u64) {
        writer.delete_term(tantivy::Term::from_field_u64(self.fields.file, file_key));
    }

    /// Add the paragraphs of one cable.
    pub fn add_cable(
        &self,
        writer: &IndexWriter,
        file_key: u64,
        ord: u32,
        cable: &Cable,
    ) -> Result<(), ArchiveError> {
        let f = &self.fields;
        // The subject is indexed as paragraph 0, the header, so a search finds it too.
        let subject = (!cable.subject.is_empty()).then_some((0, cable.subject.as_str()));
        let subject = subject.map(|(n, text)| (n, text, None));
        let paragraphs = cable
            .paragraphs
            .iter()
            .map(|p| (p.n, p.text.as_str(), p.label.as_deref()));
        // The filter keys, folded once for all the cable's paragraphs.
        let lower = |items: &[String]| -> Vec<String> {
            items.iter().map(|t| t.to_ascii_lowercase()).collect()
        };
        let (tags, references) = (lower(&cable.tags), lower(&cable.references));
        let mut classes = lower(&cable.caveats);
        classes.insert(0, query::class_key(cable.classification).to_string());
        for (n, text, label) in subject.into_iter().chain(paragraphs) {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.text, text);
            doc.add_text(f.id, &cable.id);
            if let Some(label) = label {
                doc.add_text(f.label, label);
            }
            doc.add_text(f.origin, &cable.origin);
            for (field, keys) in [
                (f.tag, &tags),
                (f.reference, &references),
                (f.class, &classes),
            ] {
                for key in keys {
                    doc.add_text(field, key);
                }
            }
            if let Some(date) = cable.date {
                doc.add_u64(f.year, date.year as u64);
                doc.add_u64(f.date, date.sort_key() as u64);
            } else {
                doc.add_u64(f.date, 0);
            }
            doc.add_u64(f.file, file_key);
            doc.add_u64(f.ord, ord as u64);
            doc.add_u64(f.para, n as u64);
            writer.add_document(doc).map_err(tantivy_err)?;
        }
        Ok(())
    }

    /// Commit a writer's work and make it visible to searches.
    pub fn commit(&self, mut writer: IndexWriter) -> Result<(), ArchiveError> {
        writer.commit().map_err(tantivy_err)?;
        writer.wait_merging_threads().map_err(tantivy_err)?;
        self.reader.reload().map_err(tantivy_err)
    }

    /// A quick look at every segment of an opened index, so a damaged one is found at the
    /// open instead of at the first search: the term dictionary and the postings (with
    /// positions) of the text field's first and last terms, and the first stored document.
    /// A panic inside tantivy is caught and reported as an error.
    pub fn check(&self) -> Result<(), ArchiveError> {
        self.reader.reload().map_err(tantivy_err)?;
        let probe = || -> tantivy::Result<()> {
            use tantivy::DocSet;
            use tantivy::postings::Postings;
            let searcher = self.reader.searcher();
            for (n, segment) in searcher.segment_readers().iter().enumerate() {
                let inverted = segment.inverted_index(self.fields.text)?;
                let dictionary = inverted.terms();
                let count = dictionary.num_terms();
                for ord in [0, count.saturating_sub(1)].into_iter().take(count.min(2)) {
                    let mut bytes = Vec::new();
                    dictionary.ord_to_term(ord as u64, &mut bytes)?;
                    let term = tantivy::Term::from_field_bytes(self.fields.text, &bytes);
                    let postings =
                        inverted.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)?;
                    if let Some(mut postings) = postings {
                        let mut positions = Vec::new();
                        // A few hundred documents: enough to read a block of each file.
                        for _ in 0..512 {
                            if postings.doc() == tantivy::TERMINATED {
                                break;
                            }
                            postings.positions(&mut positions);
                            postings.advance();
                        }
                    }
                }
                if segment.max_doc() > 0 {
                    let _: TantivyDocument = searcher.doc(DocAddress::new(n as u32, 0))?;
                }
            }
            Ok(())
        };
        match super::guard::catch(probe) {
            Ok(result) => result.map_err(tantivy_err),
            Err(panic) => Err(ArchiveError::Index(format!(
                "it failed inside tantivy: {panic}"
            ))),
        }
    }

    /// Make the index's current state visible (after opening).
    pub fn reload(&self) -> Result<(), ArchiveError> {
        self.reader.reload().map_err(tantivy_err)
    }

    /// Number of paragraph documents.
    pub fn paragraphs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The best `limit` paragraphs for `query`.
    pub fn search(
        &self,
        query: &Query,
        limit: usize,
        order: SearchOrder,
    ) -> Result<Vec<RawHit>, ArchiveError> {
        let tq = self.compile(query);
        let searcher = self.reader.searcher();
        let limit = limit.clamp(1, MAX_HITS);
        let found: Vec<(f32, DocAddress)> = match order {
            SearchOrder::Relevance => searcher
                .search(&tq, &TopDocs::with_limit(limit))
                .map_err(tantivy_err)?,
            SearchOrder::NewestFirst | SearchOrder::OldestFirst => {
                let dir = if order == SearchOrder::NewestFirst {
                    Order::Desc
                } else {
                    Order::Asc
                };
                searcher
                    .search(
                        &tq,
                        &TopDocs::with_limit(limit).order_by_fast_field::<u64>("date", dir),
                    )
                    .map_err(tantivy_err)?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect()
            }
        };
        // The (file, ord, para) columns of each segment, opened once per search.
        type Columns = [tantivy::columnar::Column<u64>; 3];
        let mut columns: std::collections::HashMap<u32, Columns> = Default::default();
        let mut hits = Vec::with_capacity(found.len());
        for (score, addr) in found {
            if let std::collections::hash_map::Entry::Vacant(slot) = columns.entry(addr.segment_ord)
            {
                let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
                slot.insert([
                    fast.u64("file").map_err(tantivy_err)?,
                    fast.u64("ord").map_err(tantivy_err)?,
                    fast.u64("para").map_err(tantivy_err)?,
                ]);
            }
            let Some([file, ord, para]) = columns.get(&addr.segment_ord) else {
                continue;
            };
            let (Some(file), Some(ord), Some(para)) = (
                file.first(addr.doc_id),
                ord.first(addr.doc_id),
                para.first(addr.doc_id),
            ) else {
                return Err(ArchiveError::Index(
                    "a document without its file, ordinal or paragraph".into(),
                ));
            };
            let doc: TantivyDocument = searcher.doc(addr).map_err(tantivy_err)?;
            let stored = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
            hits.push(RawHit {
                file_key: file,
                ord: u32::try_from(ord).unwrap_or(u32::MAX),
                paragraph: u32::try_from(para).unwrap_or(u32::MAX),
                score,
                id: stored(self.fields.id).unwrap_or_default().to_string(),
                label: stored(self.fields.label).map(str::to_string),
                text: stored(self.fields.text).unwrap_or_default().to_string(),
            });
        }
        Ok(hits)
    }

    fn compile(&self, query: &Query) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for group in &query.must {
            let mut alternatives: Vec<(Occur, Box<dyn TQuery>)> = group
                .iter()
                .map(|t| (Occur::Should, self.term_query(t)))
                .collect();
            if alternatives.len() == 1
                && let Some((_, only)) = alternatives.pop()
            {
                clauses.push((Occur::Must, only));
            } else {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for term in &query.must_not {
            clauses.push((Occur::MustNot, self.term_query(term)));
        }
        BooleanQuery::new(clauses)
    }

    fn term_query(&self, term: &Term) -> Box<dyn TQuery> {
        let f = &self.fields;
        let text = |field: Field, words: &[String]| -> Box<dyn TQuery> {
            let terms: Vec<tantivy::Term> = words
                .iter()
                .map(|w| tantivy::Term::from_field_text(field, w))
                .collect();
            match terms.len() {
                1 => Box::new(TermQuery::new(
                    terms[0].clone(),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            }
        };
        match term {
            Term::Word(w) => text(f.text, std::slice::from_ref(w)),
            Term::Phrase(words) => text(f.text, words),
            Term::Prefix(words) => {
                let terms = words
                    .iter()
                    .map(|w| tantivy::Term::from_field_text(f.text, w))
                    .collect();
                let mut q = PhrasePrefixQuery::new(terms);
                q.set_max_expansions(2_000);
                Box::new(q)
            }
            // Every word of the origin, in any order (the field has no positions).
            Term::Origin(words) => Box::new(BooleanQuery::new(
                words
                    .iter()
                    .map(|w| -> (Occur, Box<dyn TQuery>) {
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(
                                tantivy::Term::from_field_text(f.origin, w),
                                IndexRecordOption::Basic,
                            )),
                        )
                    })
                    .collect(),
            )),
            Term::Tag(tag) => Box::new(TermQuery::new(
                tantivy::Term::from_field_text(f.tag, tag),
                IndexRecordOption::Basic,
            )),
            Term::Reference(id) => Box::new(TermQuery::new(
                tantivy::Term::from_field_text(f.reference, id),
                IndexRecordOption::Basic,
            )),
            Term::Class(key) => Box::new(TermQuery::new(
                tantivy::Term::from_field_text(f.class, key),
                IndexRecordOption::Basic,
            )),
            Term::Years(from, to) => Box::new(RangeQuery::new(
                Bound::Included(tantivy::Term::from_field_u64(f.year, *from as u64)),
                Bound::Included(tantivy::Term::from_field_u64(f.year, *to as u64)),
            )),
        }
    }
}
