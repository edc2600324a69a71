//! A post's file: the cables from one origin (`Embassy Dushanbe`) in date order, one per
//! cable (copies folded), so the reader can turn pages to the previous or next cable from
//! the same post and say where it is (`214/1,033`).

use super::Archive;
use super::catalog::{NaturalKey, natural_cmp, natural_key};
use std::sync::Arc;

/// One post's file: its listed cables (folded copies left out) by date, then id, then
/// index.
#[derive(Debug)]
pub struct PostFile {
    origin: String,
    order: Vec<u32>,
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
    /// The file of the post `origin`: the last one asked for is kept (a reader turns pages
    /// within one post), any other is made again from the catalog's origin column. Only the
    /// post's own cables are sorted: at 2.7M cables, ordering every post at the first cable
    /// opened took 1.5-3 s and 22 MB.
    fn post_file(&self, origin: &str) -> Arc<PostFile> {
        let kept = self.posts.lock().ok().and_then(|kept| kept.clone());
        if let Some(file) = kept.filter(|f| f.origin == origin) {
            return file;
        }
        let flags = self.copy_flags();
        let folded = |i: usize| flags.get(i).is_some_and(|f| f & super::copies::FOLDED != 0);
        let file = Arc::new(PostFile {
            origin: origin.to_string(),
            order: self.by_date_from(origin, &folded),
        });
        if let Ok(mut kept) = self.posts.lock() {
            *kept = Some(Arc::clone(&file));
        }
        file
    }

    /// Every cable from `origin` that is not `folded`, by date, then id ([`natural_cmp`]),
    /// then index. Empty for the empty origin.
    fn by_date_from(&self, origin: &str, folded: &dyn Fn(usize) -> bool) -> Vec<u32> {
        if origin.is_empty() {
            return Vec::new();
        }
        let table = self.table();
        // Ids compare by their natural keys, as the list's sort by id does; only equal keys
        // read the ids again.
        let mut keyed: Vec<(Option<crate::cable::CableDate>, NaturalKey, u32)> = table
            .rows_from(origin)
            .filter(|&row| row < self.len && !folded(row))
            .map(|row| {
                let date = table.meta_ref(row).date();
                (date, natural_key(table.id_bytes(row)), row as u32)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| natural_cmp(table.id(a.2 as usize), table.id(b.2 as usize)))
                .then(a.2.cmp(&b.2))
        });
        keyed.into_iter().map(|(_, _, i)| i).collect()
    }

    /// The cable a post's file lists for `i`: `i`, or its best copy when `i` is folded.
    fn listed(&self, i: usize) -> usize {
        self.copies_of(i).first().copied().unwrap_or(i)
    }

    /// The file of cable `i`'s post and `i`'s place in it.
    fn post_run(&self, i: usize) -> Option<(Arc<PostFile>, usize)> {
        let listed = self.listed(i);
        let file = self.post_file(self.meta_ref(listed)?.origin());
        let k = file.order.iter().position(|&n| n as usize == listed)?;
        Some((file, k))
    }

    /// Where cable `i` is in its post's file; `None` without an origin.
    pub fn post_place(&self, i: usize) -> Option<PostPlace> {
        let (file, k) = self.post_run(i)?;
        Some(PostPlace {
            origin: file.origin.clone(),
            at: k + 1,
            of: file.order.len(),
        })
    }

    /// The previous or next (`forward`) cable from the same post by date; `None` at either
    /// end of the post's file.
    pub fn post_neighbour(&self, i: usize, forward: bool) -> Option<usize> {
        let (file, k) = self.post_run(i)?;
        let next = if forward { k + 1 } else { k.checked_sub(1)? };
        file.order.get(next).map(|&n| n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every post's file, posts in name order, one after the other.
    fn by_post_and_date(archive: &Archive) -> Vec<u32> {
        let mut origins: Vec<String> = (0..archive.len()).map(|i| archive.meta(i).origin).collect();
        origins.sort();
        origins.dedup();
        origins
            .iter()
            .flat_map(|o| archive.by_date_from(o, &|_| false))
            .collect()
    }

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
        let cable = crate::archive::test_cables::whale_cable;
        let files = [
            ("a.txt", cable("010101Z", "OSLO", "000100")),
            ("b.txt", cable("010101Z", "OSLO", "000009")),
            ("c.txt", cable("010101Z", "OSLO", "000010")),
            ("d.txt", cable("020101Z", "OSLO", "000002")),
            ("e.txt", cable("010101Z", "BERN", "000050")),
            ("f.txt", cable("010101Z", "BERN", "000005")),
        ];
        let (_tmp, archive) = crate::archive::test_cables::archive_of(&files);
        assert_eq!(archive.len(), files.len());
        let order = by_post_and_date(&archive);
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
        assert_eq!(by_post_and_date(&demo), compared(&demo));
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
