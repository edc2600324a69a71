//! The citation graph: every reference the parser read is an edge from the citing cable to
//! the cited id (in the archive or not). The edges are kept with each file's metadata in the
//! catalog (so they are cached and updated with the file, incrementally); the reverse map,
//! who cites a cable, is built from them on first use: one sorted vector of (hash of the
//! cited id, citing cable).

use super::Archive;
use super::copies::FOLDED;
use super::lookup::{hash_run, id_hash, id_hash_bytes};
use std::sync::OnceLock;

/// Who cites whom, for the cables a list shows (copies folded: a cable is one citer however
/// many files hold it).
#[derive(Debug, Default)]
pub struct Citations {
    /// (hash of the upper-case cited id, citing cable), sorted.
    edges: Vec<(u64, u32)>,
    /// Per cable: how many listed cables cite its id (the same for each of its copies); only
    /// the "most cited" order needs them (a search of the edges per cable: half a second at
    /// 2.7M cables, not paid by the first cable opened).
    counts: OnceLock<Vec<u32>>,
}

impl Archive {
    /// The reverse citation map, built on first use from the references in the catalog.
    pub(super) fn citations(&self) -> &Citations {
        self.citations.get_or_init(|| {
            use rayon::prelude::*;
            let flags = self.copy_flags();
            let table = self.table();
            // Bytes, hashed as they are: no UTF-8 check of 10 million strings at 2.7M cables.
            let mut edges: Vec<(u64, u32)> = (0..self.len())
                .into_par_iter()
                .filter(|&i| flags.get(i).is_none_or(|f| f & FOLDED == 0))
                .flat_map_iter(|i| {
                    let own = table.id_bytes(i);
                    (table.ref_bytes(i))
                        .filter(move |r| !r.eq_ignore_ascii_case(own))
                        .map(move |r| (id_hash_bytes(r), i as u32))
                })
                .collect();
            // A cable that names a reference twice cites it once.
            edges.par_sort_unstable();
            edges.dedup();
            Citations {
                edges,
                counts: OnceLock::new(),
            }
        })
    }

    /// The cables that cite `id` (listed cables, their best copies), newest first.
    pub fn cited_by(&self, id: &str) -> Vec<usize> {
        let mut out: Vec<usize> = hash_run(&self.citations().edges, id_hash(id))
            .iter()
            .map(|&(_, i)| i as usize)
            // A hash shared by another id: check the citing cable really names this one.
            .filter(|&i| self.refs(i).iter().any(|r| r.eq_ignore_ascii_case(id)))
            .collect();
        let date = |i: usize| self.meta_at(i).and_then(|m| m.date);
        out.sort_by(|&a, &b| date(b).cmp(&date(a)).then(a.cmp(&b)));
        out
    }

    /// How many cables cite cable `i` (an upper bound when two ids share a hash, which the
    /// list's "most cited" order can live with; [`Archive::cited_by`] checks).
    pub fn cited_count(&self, i: usize) -> usize {
        let citations = self.citations();
        let counts = citations.counts.get_or_init(|| {
            use rayon::prelude::*;
            (0..self.len())
                .into_par_iter()
                .map(|i| hash_run(&citations.edges, id_hash(self.id(i))).len() as u32)
                .collect()
        });
        counts.get(i).copied().unwrap_or(0) as usize
    }

    /// The ids cable `i` cites, each with the archive's cable for it when it holds one.
    pub fn cites(&self, i: usize) -> Vec<(String, Option<usize>)> {
        self.refs(i)
            .into_iter()
            .map(|r| (r.to_string(), self.find(r)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread() -> Archive {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive/thread");
        Archive::open(&dir).expect("opens")
    }

    fn ids(archive: &Archive, rows: &[usize]) -> Vec<String> {
        rows.iter().map(|&i| archive.id(i).to_string()).collect()
    }

    #[test]
    fn every_reference_is_an_edge_read_both_ways() {
        let archive = thread();
        let at = |id: &str| archive.find(id).expect("in the fixture");
        // Newest first.
        assert_eq!(
            ids(&archive, &archive.cited_by("09STATE100")),
            ["09OSLO25", "09OSLO20"]
        );
        assert_eq!(ids(&archive, &archive.cited_by("09oslo25")), ["09STATE150"]);
        assert!(archive.cited_by("09OSLO30").is_empty());
        // A cited cable the archive does not hold is still an edge.
        assert_eq!(ids(&archive, &archive.cited_by("08OSLO9")), ["09STATE150"]);
        assert_eq!(
            archive.cites(at("09STATE150")),
            [
                ("09OSLO25".to_string(), Some(at("09OSLO25"))),
                ("08OSLO9".to_string(), None)
            ]
        );
        for (id, n) in [("09STATE100", 2), ("09OSLO20", 1), ("09OSLO30", 0)] {
            assert_eq!(archive.cited_count(at(id)), n, "{id}");
        }
        // Every edge read forward is found backward, and only those.
        let forward: usize = (0..archive.len()).map(|i| archive.cites(i).len()).sum();
        let cited: std::collections::HashSet<String> = (0..archive.len())
            .flat_map(|i| archive.cites(i).into_iter().map(|(id, _)| id))
            .collect();
        let backward: usize = cited.iter().map(|id| archive.cited_by(id).len()).sum();
        assert_eq!(forward, backward);
    }
}
