//! The `field:value` grammar shared by the filter bar and keyword search: which fields
//! there are (with their short forms), how a word splits into field and value, and how a
//! year range is read. Each side decides what a field means; an unknown field is an error
//! naming it, in both.

/// A field of a `field:value` word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `tag:KTIP` (`tags:`, `t:`)
    Tag,
    /// `origin:dushanbe` (`from:`, `o:`)
    Origin,
    /// `year:2009`, `year:2005-2009`, `year:2005..2009` (`years:`, `y:`)
    Year,
    /// `class:secret`, `class:noforn` (`classification:`, `c:`)
    Class,
    /// `ref:09STATE59732` (`refs:`, `reference:`, `cites:`): search only.
    Reference,
    /// `copies:hide|only|all` (`copy:`, `dups:`): the filter bar only.
    Copies,
}

impl Field {
    /// The field a name (or short form) stands for, in any case.
    pub fn parse(name: &str) -> Option<Field> {
        Some(match name.to_ascii_lowercase().as_str() {
            "tag" | "tags" | "t" => Field::Tag,
            "origin" | "from" | "o" => Field::Origin,
            "year" | "years" | "y" => Field::Year,
            "class" | "classification" | "c" => Field::Class,
            "ref" | "refs" | "reference" | "cites" => Field::Reference,
            "copies" | "copy" | "dups" => Field::Copies,
            _ => return None,
        })
    }

    /// The field's name as documented.
    pub fn name(self) -> &'static str {
        match self {
            Field::Tag => "tag",
            Field::Origin => "origin",
            Field::Year => "year",
            Field::Class => "class",
            Field::Reference => "ref",
            Field::Copies => "copies",
        }
    }
}

/// A word's field name and value when it has the form `name:value` with a name of letters
/// (so `10:30` or `U.S.:` are not fields). The name may be unknown: see [`Field::parse`].
pub fn split(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once(':')?;
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic())).then_some((name, value))
}

/// A year or an inclusive range of years: `2009`, `2005-2009`, `2005..2009` (low to high).
/// `None` when it is not one.
pub fn years(value: &str) -> Option<(u16, u16)> {
    let (a, b) = value
        .split_once("..")
        .or_else(|| value.split_once('-'))
        .unwrap_or((value, value));
    let from: u16 = a.trim().parse().ok()?;
    let to: u16 = b.trim().parse().ok()?;
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_short_forms() {
        assert_eq!(Field::parse("TAG"), Some(Field::Tag));
        assert_eq!(Field::parse("o"), Some(Field::Origin));
        assert_eq!(Field::parse("cites"), Some(Field::Reference));
        assert_eq!(Field::parse("foo"), None);
    }

    #[test]
    fn only_a_name_of_letters_makes_a_field() {
        assert_eq!(split("foo:bar"), Some(("foo", "bar")));
        assert_eq!(split("10:30"), None);
        assert_eq!(split(":x"), None);
        assert_eq!(split("word"), None);
    }

    #[test]
    fn years_and_ranges() {
        assert_eq!(years("2009"), Some((2009, 2009)));
        assert_eq!(years("2005-2009"), Some((2005, 2009)));
        assert_eq!(years("2005..2009"), Some((2005, 2009)));
        assert_eq!(years("2010-2009"), None);
        assert_eq!(years("abc"), None);
    }
}
