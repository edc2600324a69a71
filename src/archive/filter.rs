//! The filter language of the filter bar, `cables list` and `cables export`:
//! `tag:PHUM origin:dushanbe year:2008-2009 class:secret`, and `copies:all` (every copy of a
//! cable read from several files: by default each is one row, its best copy) or `copies:only`
//! (just the cables with several copies, every copy). Bare words are tags.
//! Pure, so it is tested without a terminal.

use crate::archive::MetaView;
use crate::archive::catalog::{Copies, Filter};
use crate::archive::fields::{self, Field};
use crate::cable::Classification;

/// Why a filter could not be read, naming the word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown filter field `{0}` (tag, origin, year, class, copies)")]
    Field(String),
    #[error("`{0}`: references are searched, not filtered (palette: /{0})")]
    SearchOnly(String),
    #[error("bad copies `{0}` (fold, only, all)")]
    Copies(String),
    #[error("bad year `{0}` (2009 or 2008-2010)")]
    Year(String),
    #[error("bad classification `{0}` (u, sbu, c, s)")]
    Class(String),
}

/// Parse the filter bar's text.
pub fn parse(text: &str) -> Result<Filter, FilterError> {
    let mut filter = Filter::default();
    for word in text.split_whitespace() {
        let (name, value) = fields::split(word).unwrap_or(("tag", word));
        if value.is_empty() {
            continue;
        }
        let field = Field::parse(name).ok_or_else(|| FilterError::Field(name.to_string()))?;
        match field {
            Field::Tag => filter.tags.push(value.to_ascii_uppercase()),
            Field::Origin => filter.origins.push(value.replace('_', " ")),
            Field::Year => {
                filter.years =
                    Some(fields::years(value).ok_or_else(|| FilterError::Year(value.to_string()))?)
            }
            Field::Class => filter.classifications.push(
                Classification::from_name(value)
                    .ok_or_else(|| FilterError::Class(value.to_string()))?,
            ),
            Field::Reference => return Err(FilterError::SearchOnly(word.to_string())),
            Field::Copies => {
                filter.copies = match value.to_ascii_lowercase().as_str() {
                    "fold" | "hide" | "no" | "once" => Copies::Fold,
                    "only" => Copies::Only,
                    "all" | "show" => Copies::All,
                    _ => return Err(FilterError::Copies(value.to_string())),
                }
            }
        }
    }
    Ok(filter)
}

/// How many of `metas` pass `filter` (the same answer as [`Filter::matches`] and
/// [`Filter::keeps_copy`] with the archive's `copy_flags`, asked for only when the filter has a
/// copies part), for the preview on every keystroke.
pub fn count<'a, M: MetaView>(
    metas: impl IntoIterator<Item = M>,
    copy_flags: impl FnOnce() -> &'a [u8],
    filter: &Filter,
) -> usize {
    let test = Test::new(filter);
    let flags = (filter.copies != Copies::All).then(copy_flags);
    metas
        .into_iter()
        .enumerate()
        .filter(|(i, m)| {
            flags.is_none_or(|f| filter.keeps_copy(f.get(*i).copied().unwrap_or(0)))
                && test.passes(m)
        })
        .count()
}

/// A filter made ready to test many cables: the cheap tests first, origins compared
/// without allocating.
pub struct Test<'f> {
    filter: &'f Filter,
    origins: Vec<String>,
    ascii: bool,
}

impl<'f> Test<'f> {
    /// Ready `filter` (all but its copies part: see [`Filter::keeps_copy`]).
    pub fn new(filter: &'f Filter) -> Test<'f> {
        let origins: Vec<String> = filter.origins.iter().map(|o| o.to_lowercase()).collect();
        let ascii = origins.iter().all(|o| o.is_ascii());
        Test {
            filter,
            origins,
            ascii,
        }
    }

    /// True when `meta` passes.
    pub fn passes(&self, meta: &impl MetaView) -> bool {
        let filter = self.filter;
        if let Some((from, to)) = filter.years {
            match meta.date() {
                Some(d) if d.year >= from && d.year <= to => {}
                _ => return false,
            }
        }
        if !filter.classifications.is_empty()
            && !filter.classifications.contains(&meta.classification())
        {
            return false;
        }
        let has = |t: &String| meta.tags().any(|m| m.eq_ignore_ascii_case(t));
        if !filter.tags.iter().all(has) {
            return false;
        }
        if self.origins.is_empty() {
            return true;
        }
        let origin = meta.origin();
        if self.ascii && origin.is_ascii() {
            let hay = origin.as_bytes();
            self.origins.iter().any(|o| {
                o.is_empty()
                    || hay
                        .windows(o.len())
                        .any(|w| w.eq_ignore_ascii_case(o.as_bytes()))
            })
        } else {
            let origin = origin.to_lowercase();
            self.origins.iter().any(|o| origin.contains(o.as_str()))
        }
    }
}

/// The filter written back in the bar's language.
pub fn describe(filter: &Filter) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(filter.tags.iter().map(|t| format!("tag:{t}")));
    parts.extend(
        filter
            .origins
            .iter()
            .map(|o| format!("origin:{}", o.replace(' ', "_"))),
    );
    if let Some((a, b)) = filter.years {
        parts.push(if a == b {
            format!("year:{a}")
        } else {
            format!("year:{a}-{b}")
        });
    }
    parts.extend(
        filter
            .classifications
            .iter()
            .map(|c| format!("class:{}", c.short().to_ascii_lowercase())),
    );
    match filter.copies {
        Copies::Fold => {}
        Copies::All => parts.push("copies:all".into()),
        Copies::Only => parts.push("copies:only".into()),
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field_and_round_trips() {
        let f = parse("tag:phum origin:dushanbe year:2008-2009 class:s KTIP").ok();
        let f = f.unwrap_or_default();
        assert_eq!(f.tags, ["PHUM", "KTIP"]);
        assert_eq!(f.origins, ["dushanbe"]);
        assert_eq!(f.years, Some((2008, 2009)));
        assert_eq!(f.classifications, [Classification::Secret]);
        assert_eq!(parse(&describe(&f)), Ok(f));
    }

    #[test]
    fn copies_fold_all_or_only() {
        assert_eq!(parse("").map(|f| f.copies), Ok(Copies::Fold));
        assert_eq!(parse("copies:hide").map(|f| f.copies), Ok(Copies::Fold));
        assert_eq!(parse("copies:all").map(|f| f.copies), Ok(Copies::All));
        assert_eq!(parse("copies:only").map(|f| f.copies), Ok(Copies::Only));
        for text in ["tag:PHUM copies:all", "copies:only", "tag:PHUM"] {
            let f = parse(text).unwrap_or_default();
            assert_eq!(parse(&describe(&f)), Ok(f));
        }
        assert_eq!(
            describe(&parse("copies:all").unwrap_or_default()),
            "copies:all"
        );
        assert!(parse("copies:maybe").is_err());
        // Flags: cable 0 has a better copy (1) shown instead; cable 2 stands alone.
        let metas = vec![crate::archive::Archive::demo().meta(0).clone(); 3];
        let flags = [3u8, 2, 0];
        let fold = parse("").unwrap_or_default();
        assert_eq!(count(&metas, || &flags, &fold), 2);
        let all = parse("copies:all").unwrap_or_default();
        assert_eq!(count(&metas, || &flags, &all), 3);
        let only = parse("copies:only").unwrap_or_default();
        assert_eq!(count(&metas, || &flags, &only), 2);
    }

    #[test]
    fn count_agrees_with_matches() {
        let archive = crate::archive::Archive::demo();
        let mut metas = archive.metas().to_vec();
        for (i, origin) in [
            "Embassy Zürich",
            "CONSULATE İSTANBUL",
            "",
            "Embassy Dushanbe",
        ]
        .iter()
        .enumerate()
        {
            let mut m = metas[i % metas.len()].clone();
            m.origin = origin.to_string();
            m.date = None;
            metas.push(m);
        }
        for text in [
            "",
            "PHUM",
            "tag:phum ktip",
            "origin:DUSH",
            "origin:zür",
            "origin:ZÜRICH origin:dushanbe",
            "origin:istanbul",
            "origin:secretary year:2009",
            "year:2006-2009 class:sbu class:u",
            "tag:nosuch",
        ] {
            let Ok(f) = parse(text) else {
                panic!("`{text}` should parse");
            };
            let expected = metas.iter().filter(|m| f.matches(m)).count();
            assert_eq!(count(&metas, || &[], &f), expected, "{text}");
        }
        let some = parse("origin:dushanbe").map(|f| count(&metas, || &[], &f));
        assert!(some.is_ok_and(|n| n > 0));
    }

    #[test]
    fn errors_name_the_word() {
        assert_eq!(
            parse("colour:red"),
            Err(FilterError::Field("colour".into()))
        );
        assert_eq!(parse("year:20x9"), Err(FilterError::Year("20x9".into())));
        assert_eq!(
            parse("year:2010-2009"),
            Err(FilterError::Year("2010-2009".into()))
        );
        assert_eq!(parse("class:pink"), Err(FilterError::Class("pink".into())));
        assert_eq!(parse(""), Ok(Filter::default()));
    }
}
