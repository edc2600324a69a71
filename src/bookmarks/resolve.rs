//! Bookmarks joined with the current text of their cables: what lists and exports show.

use super::{Bookmark, Location, anchor};
use crate::archive::Archive;
use crate::cable::{Cable, CableDate, Classification, Paragraph};
use std::collections::HashMap;

/// The citation fields of a cable.
#[derive(Debug, Clone, PartialEq)]
pub struct CableInfo {
    pub id: String,
    pub date: Option<CableDate>,
    pub origin: String,
    pub subject: String,
    pub classification: Classification,
    /// The first addressee in human form (`Secretary of State`), for citations.
    pub recipient: Option<String>,
}

impl CableInfo {
    /// The citation fields of `cable`.
    pub fn of(cable: &Cable) -> CableInfo {
        CableInfo {
            id: cable.id.clone(),
            date: cable.date,
            origin: cable.origin.clone(),
            subject: cable.subject.clone(),
            classification: cable.classification,
            recipient: crate::citation::recipient(&cable.to),
        }
    }
}

/// A bookmark with its cable and paragraph as they are now.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub bookmark: Bookmark,
    /// The cable, or `None` when the archive no longer holds it.
    pub cable: Option<CableInfo>,
    /// Where the paragraph was found.
    pub location: Location,
    /// The paragraph, unless orphaned.
    pub paragraph: Option<Paragraph>,
}

impl Resolved {
    /// `¶5` of the paragraph as it is now, else as it was bookmarked.
    pub fn paragraph_ref(&self) -> String {
        match &self.paragraph {
            Some(p) => anchor::paragraph_ref(p.label.as_deref(), p.n),
            None => self.bookmark.anchor.paragraph_ref(),
        }
    }

    /// The cable's subject, or an empty string.
    pub fn subject(&self) -> &str {
        self.cable.as_ref().map_or("", |c| c.subject.as_str())
    }

    /// The cable's date (`2009-11-24`), or an empty string.
    pub fn date(&self) -> String {
        self.cable
            .as_ref()
            .and_then(|c| c.date)
            .map(|d| d.iso_date())
            .unwrap_or_default()
    }
}

/// Resolve one bookmark against its cable (`None`: not in the archive).
pub fn resolve(bookmark: &Bookmark, cable: Option<&Cable>) -> Resolved {
    let Some(cable) = cable else {
        return Resolved {
            bookmark: bookmark.clone(),
            cable: None,
            location: Location::Orphaned,
            paragraph: None,
        };
    };
    let location = anchor::locate(&bookmark.anchor, cable);
    Resolved {
        bookmark: bookmark.clone(),
        cable: Some(CableInfo::of(cable)),
        location,
        paragraph: location
            .index()
            .and_then(|i| cable.paragraphs.get(i))
            .cloned(),
    }
}

/// Resolve bookmarks against an archive, parsing each cable once. Same order as `bookmarks`.
pub fn resolve_all(archive: &Archive, bookmarks: &[Bookmark]) -> Vec<Resolved> {
    let mut cables: HashMap<&str, Option<Cable>> = HashMap::new();
    bookmarks
        .iter()
        .map(|b| {
            let cable = cables.entry(b.anchor.cable.as_str()).or_insert_with(|| {
                archive
                    .find(&b.anchor.cable)
                    .and_then(|i| archive.cable(i).ok())
            });
            resolve(b, cable.as_ref())
        })
        .collect()
}
