//! The filter bar's language: `tag:PHUM origin:dushanbe year:2008-2009 class:secret`.
//! Bare words are tags. Pure, so it is tested without a terminal.

use crate::archive::catalog::Filter;
use crate::cable::Classification;

/// Why a filter could not be read, naming the word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown filter field `{0}` (tag, origin, year, class)")]
    Field(String),
    #[error("bad year `{0}` (2009 or 2008-2010)")]
    Year(String),
    #[error("bad classification `{0}` (u, sbu, c, s)")]
    Class(String),
}

/// Parse the filter bar's text.
pub fn parse(text: &str) -> Result<Filter, FilterError> {
    let mut filter = Filter::default();
    for word in text.split_whitespace() {
        let (field, value) = word.split_once(':').unwrap_or(("tag", word));
        if value.is_empty() {
            continue;
        }
        match field.to_ascii_lowercase().as_str() {
            "tag" | "tags" | "t" => filter.tags.push(value.to_ascii_uppercase()),
            "origin" | "from" | "o" => filter.origins.push(value.replace('_', " ")),
            "year" | "years" | "y" => filter.years = Some(years(value)?),
            "class" | "classification" | "c" => filter.classifications.push(
                Classification::from_name(value)
                    .ok_or_else(|| FilterError::Class(value.to_string()))?,
            ),
            _ => return Err(FilterError::Field(field.to_string())),
        }
    }
    Ok(filter)
}

fn years(value: &str) -> Result<(u16, u16), FilterError> {
    let bad = || FilterError::Year(value.to_string());
    let (a, b) = value.split_once(['-', '.']).unwrap_or((value, value));
    let b = b.trim_start_matches('.');
    let from: u16 = a.parse().map_err(|_| bad())?;
    let to: u16 = b.parse().map_err(|_| bad())?;
    if from > to {
        return Err(bad());
    }
    Ok((from, to))
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
