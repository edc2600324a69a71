//! A post's file: the cables from one origin (`Embassy Dushanbe`) in date order, one per
//! cable (copies folded), so the reader can turn pages to the previous or next cable from
//! the same post and say where it is (`214/1,033`).

use super::Archive;
use super::catalog::natural_cmp;

/// Every listed cable (folded copies and cables without an origin left out) by origin, then
/// date, then id; and each cable's place in that order.
#[derive(Debug, Default)]
pub struct PostOrder {
    order: Vec<u32>,
    /// Per cable: its index into `order`, or `u32::MAX` when it is not in it.
    rank: Vec<u32>,
}

/// Where a cable is in its post's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostPlace {
    /// The post (`Embassy Dushanbe`).
    pub origin: String,
    /// 1-based place among the post's cables by date.
    pub at: usize,
    /// How many cables the archive holds from the post.
    pub of: usize,
}

impl Archive {
    /// The post order, built on first use from every cable's metadata.
    fn post_order(&self) -> &PostOrder {
        self.posts.get_or_init(|| {
            let flags = self.copy_flags();
            let folded = |i: usize| flags.get(i).is_some_and(|f| f & super::copies::FOLDED != 0);
            let order = self.by_post_and_date(&folded);
            let mut rank = vec![u32::MAX; self.len()];
            for (k, &i) in order.iter().enumerate() {
                if let Some(r) = rank.get_mut(i as usize) {
                    *r = k as u32;
                }
            }
            PostOrder { order, rank }
        })
    }

    /// Every cable with an origin that is not `folded`, by post, then date, then id
    /// ([`natural_cmp`]), then index. Sorted by numbers (each post's rank among the interned
    /// names, the date), and only runs of the same post and date by their ids: at 2.7M cables
    /// a comparison of strings per step made the first cable opened wait 2.5-7 s.
    fn by_post_and_date(&self, folded: &dyn Fn(usize) -> bool) -> Vec<u32> {
        use rayon::prelude::*;
        let table = self.table();
        let names = table.names();
        // Equal names (none, when interned) share a rank: a post stays one run.
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        by_name.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
        let mut rank = vec![0u32; names.len()];
        let mut r = 0;
        for (k, &n) in by_name.iter().enumerate() {
            if k > 0 && names[by_name[k - 1]] != names[n] {
                r += 1;
            }
            rank[n] = r;
        }
        let mut keyed: Vec<(u32, Option<crate::cable::CableDate>, u32)> = self
            .rows()
            .filter(|&(i, _, _)| !folded(i as usize))
            .filter_map(|(i, table, row)| {
                let meta = table.meta_ref(row);
                if meta.origin().is_empty() {
                    return None;
                }
                let post = rank.get(meta.origin_key()? as usize)?;
                Some((*post, meta.date(), i))
            })
            .collect();
        keyed.par_sort_unstable();
        let mut order: Vec<u32> = keyed.iter().map(|&(_, _, i)| i).collect();
        // Runs of one post and date, in id order.
        let mut start = 0;
        while start < keyed.len() {
            let same = |k: &(u32, Option<crate::cable::CableDate>, u32)| {
                (k.0, k.1) == (keyed[start].0, keyed[start].1)
            };
            let end = start + keyed[start..].iter().take_while(|k| same(k)).count();
            if end - start > 1 {
                // Each id read once (a run can hold hundreds of cables).
                let id = |i: u32| self.meta_ref(i as usize).map_or("", |m| m.id());
                let mut run: Vec<(&str, u32)> =
                    order[start..end].iter().map(|&i| (id(i), i)).collect();
                run.sort_unstable_by(|a, b| natural_cmp(a.0, b.0).then(a.1.cmp(&b.1)));
                for (slot, (_, i)) in order[start..end].iter_mut().zip(run) {
                    *slot = i;
                }
            }
            start = end;
        }
        order
    }

    /// The cable a post's file lists for `i`: `i`, or its best copy when `i` is folded.
    fn listed(&self, i: usize) -> usize {
        self.copies_of(i).first().copied().unwrap_or(i)
    }

    /// The run of `order` holding the post of cable `i`, and `i`'s place in `order`.
    fn post_run(&self, i: usize) -> Option<(std::ops::Range<usize>, usize)> {
        let posts = self.post_order();
        let k = *posts.rank.get(self.listed(i))? as usize;
        let of = |n: &u32| self.meta_ref(*n as usize).map_or("", |m| m.origin());
        let origin = of(posts.order.get(k)?);
        let start = posts.order.partition_point(|n| of(n) < origin);
        let end = posts.order.partition_point(|n| of(n) <= origin);
        Some((start..end, k))
    }

    /// Where cable `i` is in its post's file; `None` without an origin.
    pub fn post_place(&self, i: usize) -> Option<PostPlace> {
        let (run, k) = self.post_run(i)?;
        Some(PostPlace {
            origin: self.meta_ref(self.listed(i))?.origin().to_string(),
            at: k - run.start + 1,
            of: run.len(),
        })
    }

    /// The previous or next (`forward`) cable from the same post by date; `None` at either
    /// end of the post's file.
    pub fn post_neighbour(&self, i: usize, forward: bool) -> Option<usize> {
        let (run, k) = self.post_run(i)?;
        let next = if forward { k + 1 } else { k.checked_sub(1)? };
        run.contains(&next)
            .then(|| self.post_order().order.get(next).map(|&n| n as usize))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order as a comparison sort of the metadata gives it.
    fn compared(archive: &Archive) -> Vec<u32> {
        let mut order: Vec<u32> = (0..archive.len() as u32)
            .filter(|&i| {
                archive
                    .meta_ref(i as usize)
                    .is_some_and(|m| !m.origin().is_empty())
            })
            .collect();
        order.sort_by(|&a, &b| {
            let (Some(x), Some(y)) = (archive.meta_ref(a as usize), archive.meta_ref(b as usize))
            else {
                return a.cmp(&b);
            };
            x.origin()
                .cmp(y.origin())
                .then(x.date().cmp(&y.date()))
                .then_with(|| natural_cmp(x.id(), y.id()))
                .then(a.cmp(&b))
        });
        order
    }

    #[test]
    fn cables_of_one_post_and_minute_are_in_id_order() {
        let tmp = tempfile::tempdir().expect("tmp");
        let cable = |dtg: &str, post: &str, serial: &str| {
            format!(
                "R {dtg} JAN 10\nFM AMEMBASSY {post}\n\nUNCLAS {post} {serial}\n\nSUBJECT: WHALES\n\n1. Narwhal quotas {serial}.\n"
            )
        };
        let files = [
            ("a.txt", cable("010101Z", "OSLO", "000100")),
            ("b.txt", cable("010101Z", "OSLO", "000009")),
            ("c.txt", cable("010101Z", "OSLO", "000010")),
            ("d.txt", cable("020101Z", "OSLO", "000002")),
            ("e.txt", cable("010101Z", "BERN", "000050")),
            ("f.txt", cable("010101Z", "BERN", "000005")),
        ];
        for (name, text) in &files {
            std::fs::write(tmp.path().join(name), text).expect("writes");
        }
        let archive = Archive::open(tmp.path()).expect("opens");
        assert_eq!(archive.len(), files.len());
        let order = archive.by_post_and_date(&|_| false);
        assert_eq!(order, compared(&archive));
        let ids: Vec<&str> = order.iter().map(|&i| archive.id(i as usize)).collect();
        assert_eq!(
            ids,
            [
                "10BERN5",
                "10BERN50",
                "10OSLO9",
                "10OSLO10",
                "10OSLO100",
                "10OSLO2"
            ]
        );
        // The demo too.
        let demo = Archive::demo();
        assert_eq!(demo.by_post_and_date(&|_| false), compared(&demo));
    }

    #[test]
    fn the_demo_posts_turn_like_pages() {
        let archive = Archive::demo();
        let dushanbe: Vec<usize> = (0..archive.len())
            .filter(|&i| archive.meta(i).origin.contains("Dushanbe"))
            .collect();
        assert!(dushanbe.len() >= 3, "{dushanbe:?}");
        // From the first by date, `next` walks every cable of the post in date order.
        let first = dushanbe
            .iter()
            .copied()
            .find(|&i| archive.post_place(i).is_some_and(|p| p.at == 1))
            .expect("a first cable");
        assert_eq!(archive.post_neighbour(first, false), None);
        let mut walked = vec![first];
        while let Some(next) = archive.post_neighbour(*walked.last().expect("one"), true) {
            walked.push(next);
        }
        assert_eq!(walked.len(), dushanbe.len());
        let dates: Vec<_> = walked.iter().map(|&i| archive.meta(i).date).collect();
        assert!(dates.is_sorted(), "{dates:?}");
        for (n, &i) in walked.iter().enumerate() {
            let place = archive.post_place(i).expect("a place");
            assert_eq!((place.at, place.of), (n + 1, dushanbe.len()));
        }
        let last = *walked.last().expect("one");
        assert_eq!(archive.post_neighbour(last, true), None);
        assert_eq!(
            archive.post_neighbour(last, false),
            walked.iter().rev().nth(1).copied()
        );
    }
}
