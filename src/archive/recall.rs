//! A search hit's paragraph, read again from its source. The keyword index stores no text:
//! each paragraph's document keeps its cable's locator and a check of what was indexed
//! ([`fulltext::check`]), so a page of hits reads each of its cables once (a CSV row or a
//! JSON line by its byte range, a text or site page whole), parses it as the build did, and
//! cuts the snippets from the paragraphs. A paragraph that does not match its check (its file
//! changed since it was indexed) or cannot be read is said to be so, never shown in its place.

use super::fulltext::{self, Located, Place};
use super::source::Locator;
use super::{Archive, Hit, snippet};
use crate::cable::Cable;
use rayon::prelude::*;
use std::collections::HashMap;

/// What a hit shows instead of a snippet when its cable cannot be read again as it was
/// indexed.
pub const CHANGED: &str = "(not shown: the cable's file changed or cannot be read since it was indexed; open the archive again to index it anew)";

/// Pages of at most this many cables are read on the calling thread, larger ones in parallel.
const SERIAL: usize = 4;

/// The hits of one cable: (place in the page, where the index located it, its check).
type Group = (usize, Locator, Vec<(usize, Located, u32)>);

impl Archive {
    /// The hits of a page: each (cable, located paragraph) of `page` with its place in the
    /// index (`places`, in the same order), its snippet cut around `highlights`.
    pub(super) fn recall(
        &self,
        page: Vec<(usize, Located)>,
        places: Vec<Place>,
        highlights: &[(Vec<String>, bool)],
    ) -> Vec<Hit> {
        // Each cable is read and parsed once, however many of its paragraphs are hits.
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: HashMap<usize, usize> = HashMap::new();
        for (k, ((cable, at), place)) in page.into_iter().zip(places).enumerate() {
            let g = *group_of.entry(cable).or_insert_with(|| {
                groups.push((cable, place.loc, Vec::new()));
                groups.len() - 1
            });
            if let Some((_, _, hits)) = groups.get_mut(g) {
                hits.push((k, at, place.check));
            }
        }
        let one = |(cable, loc, hits): &Group| -> Vec<(usize, Hit)> {
            let parsed = self
                .locate(*cable)
                .and_then(|(n, _)| self.parse_at(n, *loc).ok());
            hits.iter()
                .map(|&(k, at, check)| {
                    let found = parsed
                        .as_ref()
                        .and_then(|c| paragraph(c, at.paragraph, check));
                    let hit = match (found, &parsed) {
                        (Some((label, text)), Some(c)) => {
                            let (snippet, snippet_hits) = snippet::snippet(text, highlights);
                            Hit {
                                cable: *cable,
                                id: c.id.clone(),
                                paragraph: at.paragraph,
                                label: label.map(str::to_string),
                                score: at.score,
                                snippet,
                                snippet_hits,
                            }
                        }
                        _ => self.changed(*cable, &at),
                    };
                    (k, hit)
                })
                .collect()
        };
        let mut hits: Vec<(usize, Hit)> = if groups.len() <= SERIAL {
            groups.iter().flat_map(one).collect()
        } else {
            groups.par_iter().flat_map_iter(one).collect()
        };
        hits.sort_unstable_by_key(|(k, _)| *k);
        hits.into_iter().map(|(_, hit)| hit).collect()
    }

    /// A hit whose cable cannot be read again as it was indexed: its id from the catalog,
    /// and [`CHANGED`] for a snippet.
    fn changed(&self, cable: usize, at: &Located) -> Hit {
        Hit {
            cable,
            id: self.id(cable).to_string(),
            paragraph: at.paragraph,
            label: None,
            score: at.score,
            snippet: CHANGED.to_string(),
            snippet_hits: Vec::new(),
        }
    }
}

/// The label and text of paragraph `n` of `cable` (0: the subject) that match `check`.
fn paragraph(cable: &Cable, n: u32, check: u32) -> Option<(Option<&str>, &str)> {
    let matches =
        |label: Option<&str>, text: &str| fulltext::check(&cable.id, label, text) == check;
    if n == 0 {
        return matches(None, &cable.subject).then_some((None, cable.subject.as_str()));
    }
    cable
        .paragraphs
        .iter()
        .filter(|p| p.n == n)
        .map(|p| (p.label.as_deref(), p.text.as_str()))
        .find(|&(label, text)| matches(label, text))
}
