//! Short bookmark ids, as typed: a bookmark id (`19a4f3c2b10-8e1f02ab`) begins with its
//! creation time, which bookmarks made the same day share, so the short form is the start of
//! its random part (`8e1f`), as many characters as make it unique among the store's bookmarks
//! (at least [`MIN_LEN`]). Every command that takes a bookmark id takes its short form.

use super::Bookmark;
use std::collections::HashMap;

/// The fewest characters a short id has.
pub const MIN_LEN: usize = 4;

/// The random part of an id: after its `-`, or the whole id for one of another form.
fn random_part(id: &str) -> &str {
    id.split_once('-').map_or(id, |(_, random)| random)
}

/// The short id of every bookmark in `all`, by full id.
pub fn short_ids(all: &[Bookmark]) -> HashMap<&str, String> {
    let parts: Vec<&str> = all.iter().map(|b| random_part(&b.id)).collect();
    all.iter()
        .zip(&parts)
        .map(|(b, part)| {
            let shared = parts
                .iter()
                .filter(|other| !std::ptr::eq(*other, part))
                .map(|other| common_prefix(part, other))
                .max()
                .unwrap_or(0);
            // One more character than any other id shares, or the whole id when another is
            // its equal (two ids with the same random part: the full id is the only name).
            let short = if shared >= part.len() {
                b.id.clone()
            } else {
                let len = (shared + 1).max(MIN_LEN).min(part.len());
                part.get(..len).unwrap_or(part).to_string()
            };
            (b.id.as_str(), short)
        })
        .collect()
}

/// Whether `typed` names the bookmark `id`: a prefix of the whole id, or of its random part.
pub fn names(id: &str, typed: &str) -> bool {
    !typed.is_empty() && (id.starts_with(typed) || random_part(id).starts_with(typed))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_ids(ids: &[&str]) -> Vec<Bookmark> {
        let archive = crate::archive::Archive::demo();
        let cable = archive.cable(0).expect("demo cable");
        ids.iter()
            .map(|id| {
                let mut b = Bookmark::new(&cable.id, &cable.paragraphs[0], "");
                b.id = id.to_string();
                b
            })
            .collect()
    }

    #[test]
    fn short_ids_are_unique_prefixes_of_the_random_part() {
        let all = with_ids(&[
            "1a24739b0d0-0cd2974f",
            "1a24739b0e5-0cd31111",
            "1a24739b0f9-85c2d4de",
        ]);
        let short = short_ids(&all);
        assert_eq!(short["1a24739b0d0-0cd2974f"], "0cd2");
        assert_eq!(short["1a24739b0e5-0cd31111"], "0cd3");
        assert_eq!(short["1a24739b0f9-85c2d4de"], "85c2");
        for b in &all {
            let s = &short[b.id.as_str()];
            let named: Vec<&Bookmark> = all.iter().filter(|o| names(&o.id, s)).collect();
            assert_eq!(named.len(), 1, "{s} names one bookmark");
        }
    }

    #[test]
    fn a_repeated_random_part_falls_back_to_the_full_id() {
        let all = with_ids(&["aa-12345678", "bb-12345678"]);
        let short = short_ids(&all);
        assert_eq!(short["aa-12345678"], "aa-12345678");
        assert!(names("aa-12345678", "aa-1"));
        assert!(!names("aa-12345678", ""));
    }
}
