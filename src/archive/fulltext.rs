//! Keyword index with tantivy: one document per cable, its subject and each paragraph a value
//! of one text field (tantivy leaves a gap between values, so a phrase never runs from one
//! paragraph into the next), carrying the cable's filter fields (tags, origin, year,
//! classification) so a filtered query is one index lookup. A search finds cables; the
//! paragraph a hit lands on is found when its cable is read again (`archive::recall`). One
//! document per cable rather than per paragraph (17 times fewer at PlusD's scale) makes
//! every walk of the matches, every date order and the filter fields that much cheaper. The
//! text field also holds every two common words that follow one another as one term (a
//! pair, [`analyzer::text_analyzer`]), so a phrase of two such words is looked up rather
//! than matched position by position.
//! Documents are addressed by (file key, ordinal in file), so a file that changed is
//! re-indexed alone. Nothing is stored but numbers in fast fields: with the address, where
//! the cable is in its file (its [`Locator`]) and a check of what was indexed (the id, every
//! label and text), so a hit's snippet is cut from its cable read again from the source and
//! parsed, and the index is a third of the size it has with the text stored.
//!
//! On disk (the cache) the index is memory-mapped by tantivy; the demo and uncached archives
//! use an in-RAM index.

mod by_date;
mod pages;

use super::query::{self, Query, Term};
use super::source::Locator;
use super::{ArchiveError, analyzer};
use crate::cable::Cable;
pub use pages::{Located, Place};
use std::ops::Bound;
use std::path::Path;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query as TQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

/// Bumped whenever the schema or the analyzer changes, and with the parser's output
/// (`cable::PARSER_VERSION`); a cache of another version is rebuilt.
pub const INDEX_VERSION: u32 = 13 + 1000 * crate::cable::PARSER_VERSION;

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

#[derive(Debug, Clone, Copy)]
struct Fields {
    text: Field,
    origin: Field,
    tag: Field,
    reference: Field,
    class: Field,
    year: Field,
    file: Field,
    ord: Field,
    date: Field,
    loc: Field,
    len: Field,
    check: Field,
}

/// A check of what was indexed for one cable: FNV-1a over its id and each indexed text (the
/// subject, then every paragraph's label and text), folded to 32 bits. A cable read again
/// whose text changed since does not match it (but for one chance in four billion); its
/// filter fields (tags, date, classification) are not in the check.
pub fn check(cable: &Cable) -> u32 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(cable.id.as_bytes());
    for (_, label, text) in indexed_texts(cable) {
        match label {
            Some(label) => {
                hasher.write(&[0xff]);
                hasher.write(label.as_bytes());
                hasher.write(&[0xfe]);
            }
            None => hasher.write(&[0xff]),
        }
        hasher.write(text.as_bytes());
        hasher.write(&[0xfd]);
    }
    let hash = hasher.finish();
    (hash ^ (hash >> 32)) as u32
}

/// What is indexed of a cable, in order: (paragraph number, label, text) of its subject (as
/// paragraph 0, when it has one) and of each paragraph.
pub fn indexed_texts(cable: &Cable) -> impl Iterator<Item = (u32, Option<&str>, &str)> {
    let subject = (!cable.subject.is_empty()).then_some((0, None, cable.subject.as_str()));
    let paragraphs = cable
        .paragraphs
        .iter()
        .map(|p| (p.n, p.label.as_deref(), p.text.as_str()));
    subject.into_iter().chain(paragraphs)
}

/// The text-field term of a phrase of two common words ([`analyzer::pair`]).
fn pair_of(words: &[String]) -> Option<String> {
    match words {
        [first, second] => analyzer::pair(first, second),
        _ => None,
    }
}

/// The terms of a phrase, each at its word's offset: every two common words that follow one
/// another as their pair (one term, in far fewer cables than either word, at the first
/// word's position), and each word that is in no pair as itself. The phrase of these terms
/// matches exactly where the words follow one another, since a pair is only ever made of two
/// words at consecutive positions of one text. Pairs overlap (`human rights situation` is
/// ` human rights` then ` rights situation`): tantivy seeks the phrase among the cables of
/// its rarest term, and the rarest is most often the pair of the last two words.
fn phrase_terms(field: Field, words: &[String]) -> Vec<(usize, tantivy::Term)> {
    let mut terms = Vec::with_capacity(words.len());
    let mut in_a_pair = vec![false; words.len()];
    for (at, two) in words.windows(2).enumerate() {
        if let Some(pair) = analyzer::pair(&two[0], &two[1]) {
            terms.push((at, tantivy::Term::from_field_text(field, &pair)));
            in_a_pair[at] = true;
            in_a_pair[at + 1] = true;
        }
    }
    for (at, word) in words.iter().enumerate() {
        if !in_a_pair[at] {
            terms.push((at, tantivy::Term::from_field_text(field, word)));
        }
    }
    terms
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
    // Words are scored (BM25 needs each cable's length) and have positions for phrases;
    // the filter fields only select, so they keep none of that. Nothing is stored: a hit's
    // text is read again from its source (`loc`, `len`) and checked (`check`). The text's
    // analyzer adds the pairs of common words (see `TextIndex::term_query`).
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::TEXT_ANALYZER)
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
        origin: b.add_text_field("origin", filter(analyzer::ANALYZER)),
        tag: b.add_text_field("tag", filter("raw")),
        reference: b.add_text_field("ref", filter("raw")),
        class: b.add_text_field("class", filter("raw")),
        year: b.add_u64_field("year", INDEXED),
        file: b.add_u64_field("file", INDEXED | FAST),
        ord: b.add_u64_field("ord", FAST),
        date: b.add_u64_field("date", FAST),
        loc: b.add_u64_field("loc", FAST),
        len: b.add_u64_field("len", FAST),
        check: b.add_u64_field("check", FAST),
    };
    (b.build(), fields)
}

/// An index on disk is searched segment by segment on every core: a cold build leaves one
/// segment per memory budget (dozens at PlusD's scale), and a reader waits on one search at
/// a time. Without a thread pool (none could be made) it is searched on the caller's thread.
fn searched_on_every_core(mut index: Index) -> Index {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores > 1 {
        // An error leaves tantivy's single-thread executor in place: slower, not wrong.
        let _ = index.set_multithread_executor(cores.min(SEARCH_THREADS));
    }
    index
}

/// The most threads one index searches on.
const SEARCH_THREADS: usize = 4;

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
        TextIndex::wrap(searched_on_every_core(index))
    }

    fn wrap(index: Index) -> Result<TextIndex, ArchiveError> {
        index
            .tokenizers()
            .register(analyzer::ANALYZER, analyzer::analyzer());
        index
            .tokenizers()
            .register(analyzer::TEXT_ANALYZER, analyzer::text_analyzer());
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

    /// Add one cable, found at `loc` in its file: its subject and paragraphs as values of the
    /// text field, in order.
    pub fn add_cable(
        &self,
        writer: &IndexWriter,
        file_key: u64,
        ord: u32,
        loc: Locator,
        cable: &Cable,
    ) -> Result<(), ArchiveError> {
        let f = &self.fields;
        let (loc, len) = pages::locator_words(loc);
        let mut doc = TantivyDocument::new();
        for (_, _, text) in indexed_texts(cable) {
            doc.add_text(f.text, text);
        }
        doc.add_text(f.origin, &cable.origin);
        let lower = |items: &[String]| -> Vec<String> {
            items.iter().map(|t| t.to_ascii_lowercase()).collect()
        };
        let (tags, references) = (lower(&cable.tags), lower(&cable.references));
        let mut classes = lower(&cable.caveats);
        classes.insert(0, query::class_key(cable.classification).to_string());
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
        doc.add_u64(f.loc, loc);
        doc.add_u64(f.len, len);
        doc.add_u64(f.check, check(cable).into());
        writer.add_document(doc).map_err(tantivy_err)?;
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
    /// positions) of the text field's first and last terms, and the first document's fast
    /// fields.
    /// A panic inside tantivy is caught and reported as an error.
    pub fn check(&self) -> Result<(), ArchiveError> {
        self.reader.reload().map_err(tantivy_err)?;
        let probe = || -> tantivy::Result<()> {
            use tantivy::DocSet;
            use tantivy::postings::Postings;
            let searcher = self.reader.searcher();
            for segment in searcher.segment_readers().iter() {
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
                    let fast = segment.fast_fields();
                    for name in ["file", "ord", "date", "loc", "len", "check"] {
                        let _ = fast.u64(name)?.first(0);
                    }
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

    /// Number of cables indexed (one document each).
    pub fn cables(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The tantivy query for `query`: a lone required clause is returned as itself, so a
    /// one-word query keeps the term query's cheap count (its document frequency) and its
    /// block-max pruning.
    fn compile(&self, query: &Query) -> Box<dyn TQuery> {
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
        if clauses.len() == 1
            && matches!(clauses.first(), Some((Occur::Must, _)))
            && let Some((_, only)) = clauses.pop()
        {
            return only;
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn term_query(&self, term: &Term) -> Box<dyn TQuery> {
        let f = &self.fields;
        // A term of the text field alone is scored from its frequencies, without positions.
        let word = |term: tantivy::Term| -> Box<dyn TQuery> {
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        match term {
            Term::Word(w) => word(tantivy::Term::from_field_text(f.text, w)),
            // A phrase is the phrase of its terms (`phrase_terms`). Two common words are one
            // term, a pair: its posting list holds exactly the cables where they follow one
            // another in a text, so the phrase is counted by its document frequency and ranked
            // with block-max pruning, where matching positions visits every cable holding both
            // words (hundreds of thousands at PlusD's scale). Longer phrases match positions,
            // of pairs where they can. (The query parser makes a phrase of two words or more.)
            Term::Phrase(words) => match <[_; 1]>::try_from(phrase_terms(f.text, words)) {
                Ok([(_, pair)]) => word(pair),
                Err(terms) if terms.len() > 1 => Box::new(PhraseQuery::new_with_offset(terms)),
                Err(_) => Box::new(EmptyQuery),
            },
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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::cable::{Cable, Paragraph, ParagraphKind};

    fn cable(id: &str, subject: &str, paragraphs: &[(Option<&str>, &str)]) -> Cable {
        Cable {
            id: id.into(),
            subject: subject.into(),
            paragraphs: paragraphs
                .iter()
                .enumerate()
                .map(|(i, (label, text))| Paragraph {
                    n: i as u32 + 1,
                    label: label.map(str::to_string),
                    marking: None,
                    kind: ParagraphKind::Numbered,
                    text: text.to_string(),
                })
                .collect(),
            ..Cable::default()
        }
    }

    /// The check is stored in the index: a change of its hash must bump `INDEX_VERSION`
    /// (every hit of an older index would be said to have changed).
    #[test]
    fn the_check_is_fnv_1a_of_id_labels_and_texts_and_tells_them_apart() {
        let one = cable("09STATE1234", "SUBJ", &[(Some("1."), "Text.")]);
        assert_eq!(check(&one), 0x067d_ae7a);
        let others = [
            cable("09STATE1235", "SUBJ", &[(Some("1."), "Text.")]),
            cable("09STATE1234", "SUBJ", &[(None, "Text.")]),
            cable("09STATE1234", "SUBJ", &[(Some("1."), "Text!")]),
            cable("09STATE1234", "", &[(Some("1."), "Text.")]),
            cable("09STATE1234", "SUBJ", &[(Some("1."), "Text."), (None, "")]),
            cable("09STATE1234", "SUBJ", &[(Some("1."), "Te"), (None, "xt.")]),
        ];
        for other in &others {
            assert_ne!(check(&one), check(other), "{other:?}");
        }
    }
}
