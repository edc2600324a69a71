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
            use rayon::prelude::*;
            let flags = self.copy_flags();
            let folded = |i: usize| flags.get(i).is_some_and(|f| f & super::copies::FOLDED != 0);
            let mut order: Vec<u32> = self
                .rows()
                .filter(|&(i, table, row)| {
                    !folded(i as usize) && !table.meta_ref(row).origin().is_empty()
                })
                .map(|(i, _, _)| i)
                .collect();
            order.par_sort_unstable_by(|&a, &b| {
                let (Some(x), Some(y)) = (self.meta_ref(a as usize), self.meta_ref(b as usize))
                else {
                    return a.cmp(&b);
                };
                x.origin()
                    .cmp(y.origin())
                    .then(x.date().cmp(&y.date()))
                    .then_with(|| natural_cmp(x.id(), y.id()))
                    .then(a.cmp(&b))
            });
            let mut rank = vec![u32::MAX; self.len()];
            for (k, &i) in order.iter().enumerate() {
                if let Some(r) = rank.get_mut(i as usize) {
                    *r = k as u32;
                }
            }
            PostOrder { order, rank }
        })
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
