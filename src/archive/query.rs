//! The search query language: words (all must match), `"exact phrases"`, `OR` between two
//! terms, `-excluded`, `prefix*`, and filters `tag:KTIP origin:dushanbe year:2009`
//! (or `year:2005..2009`) `class:secret` (or a caveat: `class:noforn`) `ref:09STATE59732`
//! (the cables that cite that cable).
//!
//! Words are split and folded exactly as the index does (see [`super::analyzer`]), so `U.S.`
//! is the phrase `u s` and `Sarkozy,s` the phrase `sarkozy s`.

use super::ArchiveError;
use super::analyzer::analyze;
use super::fields::{self, Field};
use crate::cable::Classification;

/// One searchable term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// One token.
    Word(String),
    /// Tokens in a row.
    Phrase(Vec<String>),
    /// Tokens in a row, the last one a prefix (`traffick*`, `human traff*`).
    Prefix(Vec<String>),
    /// `tag:KTIP` (lower case).
    Tag(String),
    /// `origin:dushanbe`: the origin's tokens.
    Origin(Vec<String>),
    /// `year:2009`, `year:2005..2009` (inclusive).
    Years(u16, u16),
    /// `class:secret`, `class:noforn`: a level's or caveat's key.
    Class(String),
    /// `ref:09STATE59732`: cables whose REF lines cite this id (lower case).
    Reference(String),
}

/// A parsed query: every group must match (a group matches when any of its terms does),
/// and no excluded term may match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub must: Vec<Vec<Term>>,
    pub must_not: Vec<Term>,
}

/// The key a classification level is indexed under.
pub fn class_key(level: Classification) -> &'static str {
    match level {
        Classification::Unknown => "unknown",
        Classification::Unclassified => "unclassified",
        Classification::Sbu => "sbu",
        Classification::Confidential => "confidential",
        Classification::Secret => "secret",
    }
}

impl Query {
    /// Parse the query language. An empty query, or one with nothing to look for, is an error.
    pub fn parse(input: &str) -> Result<Query, ArchiveError> {
        let mut query = Query::default();
        let mut join_next = false;
        for lexeme in lex(input) {
            if lexeme == "OR" {
                join_next = !query.must.is_empty();
                continue;
            }
            let (negated, body) = match lexeme.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, lexeme.as_str()),
            };
            let Some(term) = term_of(body)? else {
                continue;
            };
            if negated {
                query.must_not.push(term);
            } else if join_next && let Some(group) = query.must.last_mut() {
                group.push(term);
            } else {
                query.must.push(vec![term]);
            }
            join_next = false;
        }
        if query.must.is_empty() && query.must_not.is_empty() {
            return Err(ArchiveError::Query(format!(
                "nothing to search for in {input:?}"
            )));
        }
        Ok(query)
    }

    /// Whether a term of the query is ranked by BM25: a word, a phrase, or a prefix after
    /// other words. A prefix alone (`terror*`) matches each of its words with the same score,
    /// and filters only select.
    pub fn is_ranked(&self) -> bool {
        self.must.iter().flatten().any(|t| match t {
            Term::Word(_) | Term::Phrase(_) => true,
            Term::Prefix(words) => words.len() > 1,
            _ => false,
        })
    }

    /// Whether every match holds one of the query's words, phrases or prefixes: a group of
    /// them alone is required (not `opium OR tag:KTIP`).
    pub fn requires_words(&self) -> bool {
        self.must.iter().any(|group| {
            group
                .iter()
                .all(|t| matches!(t, Term::Word(_) | Term::Phrase(_) | Term::Prefix(_)))
        })
    }

    /// The positive text terms, to highlight in snippets: (tokens, last one is a prefix).
    pub fn highlights(&self) -> Vec<(Vec<String>, bool)> {
        let mut out = Vec::new();
        for term in self.must.iter().flatten() {
            match term {
                Term::Word(w) => out.push((vec![w.clone()], false)),
                Term::Phrase(p) => out.push((p.clone(), false)),
                Term::Prefix(p) => out.push((p.clone(), true)),
                _ => {}
            }
        }
        out
    }
}

/// Split into lexemes: whitespace separates, double quotes group (also after `-` or `field:`).
fn lex(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn term_of(body: &str) -> Result<Option<Term>, ArchiveError> {
    if let Some((name, value)) = fields::split(body) {
        let value = value.trim_matches('"');
        let bad = |what: &str| ArchiveError::Query(format!("{what} in `{body}`"));
        let Some(field) = Field::parse(name) else {
            return Err(bad(&format!(
                "unknown field `{name}` (tag, origin, year, class, ref)"
            )));
        };
        if value.is_empty() {
            return Err(bad(&format!("no value for `{}:`", field.name())));
        }
        return match field {
            Field::Tag => Ok(Some(Term::Tag(value.to_ascii_lowercase()))),
            Field::Origin => {
                let tokens = analyze(value);
                if tokens.is_empty() {
                    Err(bad("an empty origin"))
                } else {
                    Ok(Some(Term::Origin(tokens)))
                }
            }
            Field::Year => match fields::years(value) {
                Some((from, to)) => Ok(Some(Term::Years(from, to))),
                None => Err(bad(&format!("bad year `{value}` (2009 or 2005-2009)"))),
            },
            Field::Reference => Ok(Some(Term::Reference(value.to_ascii_lowercase()))),
            Field::Class => {
                let key = match Classification::from_name(value) {
                    Some(level) => class_key(level).to_string(),
                    None => value.to_ascii_lowercase(),
                };
                Ok(Some(Term::Class(key)))
            }
            Field::Copies => Err(bad("`copies:` is a filter of the list (f), not of search")),
        };
    }
    let prefix = body.ends_with('*');
    let tokens = analyze(body.trim_end_matches('*'));
    Ok(match tokens.len() {
        0 => None,
        _ if prefix => Some(Term::Prefix(tokens)),
        1 => tokens.into_iter().next().map(Term::Word),
        _ => Some(Term::Phrase(tokens)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Query {
        Query::parse(s).expect("parses")
    }

    #[test]
    fn words_phrases_or_not_prefix() {
        let q = parse("Heroin \"drug trafficking\" opium OR poppy -Afghanistan traff*");
        assert_eq!(
            q.must,
            vec![
                vec![Term::Word("heroin".into())],
                vec![Term::Phrase(vec!["drug".into(), "trafficking".into()])],
                vec![Term::Word("opium".into()), Term::Word("poppy".into())],
                vec![Term::Prefix(vec!["traff".into()])],
            ]
        );
        assert_eq!(q.must_not, vec![Term::Word("afghanistan".into())]);
    }

    #[test]
    fn filters() {
        let q = parse("tag:KTIP origin:\"Embassy Dushanbe\" year:2005..2009 class:S class:noforn");
        assert_eq!(
            q.must,
            vec![
                vec![Term::Tag("ktip".into())],
                vec![Term::Origin(vec!["embassy".into(), "dushanbe".into()])],
                vec![Term::Years(2005, 2009)],
                vec![Term::Class("secret".into())],
                vec![Term::Class("noforn".into())],
            ]
        );
    }

    #[test]
    fn punctuation_and_accents_fold_like_the_index() {
        let q = parse("U.S. Élysée");
        assert_eq!(q.must[0], vec![Term::Phrase(vec!["u".into(), "s".into()])]);
        assert_eq!(q.must[1], vec![Term::Word("elysee".into())]);
    }

    #[test]
    fn errors_are_named() {
        assert!(Query::parse("").is_err());
        assert!(Query::parse("  ... ").is_err());
        assert!(Query::parse("year:soon").is_err());
        assert_eq!(
            parse("ref:09STATE59732").must,
            [[Term::Reference("09state59732".into())]]
        );
        assert!(Query::parse("OR").is_err());
        // An unknown field is named, as in the filter bar; a word with a colon that is not
        // `letters:` stays a word.
        let e = Query::parse("foo:bar opium").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("unknown field `foo`")));
        assert!(Query::parse("year:abc").is_err());
        assert!(Query::parse("10:30").is_ok());
        // A lone exclusion is a valid query (everything but).
        assert!(Query::parse("-heroin").is_ok());
    }
}
