//! A search hit's cable, read again from its source. The keyword index stores no text: each
//! cable's document keeps its locator and a check of what was indexed ([`fulltext::check`]),
//! so a page of hits reads each of its cables (a CSV row or a JSON line by its byte range, a
//! text or site page whole), parses it as the build did, finds the paragraph the hit lands
//! on (the one holding the most of the query's words) and cuts the snippet from it. A cable
//! that does not match its check (its file changed since it was indexed) or cannot be read is
//! said to be so, never shown in its place.

use super::fulltext::{self, Located, Place};
use super::{Archive, Hit, snippet};
use crate::cable::Cable;
use rayon::prelude::*;

/// What a hit shows instead of a snippet when its cable cannot be read again as it was
/// indexed.
pub const CHANGED: &str = "(not shown: the cable's file changed or cannot be read since it was indexed; open the archive again to index it anew)";

/// Pages of at most this many cables are read on the calling thread, larger ones in parallel.
const SERIAL: usize = 4;

impl Archive {
    /// The hits of a page: each (cable, located) of `page` with its place in the index
    /// (`places`, in the same order), landing on its best paragraph for `highlights`, its
    /// snippet cut around them. `words_required`: every match holds one of the highlights
    /// (the query is not `word OR tag:X`).
    pub(super) fn recall(
        &self,
        page: Vec<(usize, Located)>,
        places: Vec<Place>,
        highlights: &[(Vec<String>, bool)],
        words_required: bool,
    ) -> Vec<Hit> {
        let one = |((cable, at), place): ((usize, Located), Place)| -> Hit {
            let parsed = self
                .locate(cable)
                .and_then(|(n, _)| self.parse_at(n, place.loc).ok())
                .filter(|c| fulltext::check(c) == place.check);
            let Some(parsed) = parsed else {
                return self.changed(cable, &at);
            };
            let (paragraph, label, text) = landing(&parsed, highlights, words_required);
            let (snippet, snippet_hits) = snippet::snippet(text, highlights);
            Hit {
                cable,
                id: parsed.id.clone(),
                paragraph,
                label: label.map(str::to_string),
                score: at.score,
                snippet,
                snippet_hits,
            }
        };
        let work = page.into_iter().zip(places);
        if work.len() <= SERIAL {
            work.map(one).collect()
        } else {
            work.collect::<Vec<_>>().into_par_iter().map(one).collect()
        }
    }

    /// A hit whose cable cannot be read again as it was indexed: its id from the catalog,
    /// and [`CHANGED`] for a snippet.
    fn changed(&self, cable: usize, at: &Located) -> Hit {
        Hit {
            cable,
            id: self.id(cable).to_string(),
            paragraph: 0,
            label: None,
            score: at.score,
            snippet: CHANGED.to_string(),
            snippet_hits: Vec::new(),
        }
    }
}

/// Where a hit lands: a paragraph's number (0: the subject), label and text.
pub(super) type Landing<'c> = (u32, Option<&'c str>, &'c str);

/// Where a hit on `cable` lands: the first indexed text (0: the subject) holding the most of
/// `highlights`, each counted once; the first of them when there are none (a query of
/// filters only). A cable with nothing indexed lands on its subject, empty. When
/// `words_required` (every match holds a word of the query), the last text is taken unread
/// when none before it held a word: the index found one in the cable, and the snippet reads
/// it anyway (a cable of one 50 MB paragraph is read once, not twice).
pub(super) fn landing<'c>(
    cable: &'c Cable,
    highlights: &[(Vec<String>, bool)],
    words_required: bool,
) -> Landing<'c> {
    let mut texts = fulltext::indexed_texts(cable).peekable();
    let mut best: Option<(Landing<'c>, usize)> = None;
    while let Some(at) = texts.next() {
        let nothing_yet = best.as_ref().is_none_or(|(_, most)| *most == 0);
        if texts.peek().is_none() && nothing_yet && words_required {
            return at;
        }
        let found = snippet::highlights_found(at.2, highlights);
        if best.as_ref().is_none_or(|(_, most)| found > *most) {
            best = Some((at, found));
        }
        if found == highlights.len() {
            break;
        }
    }
    best.map_or((0, None, ""), |(at, _)| at)
}
