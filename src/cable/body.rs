//! The cable's body: clean-up and reflow into numbered paragraphs, independent of any width.
//! (Skeleton: the parser issue fills this in.)

use super::{Paragraph, ParagraphKind};

/// Split a sanitized cable text into paragraphs.
pub fn parse_body(text: &str) -> Vec<Paragraph> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, text)| Paragraph {
            n: i as u32 + 1,
            label: None,
            marking: None,
            kind: ParagraphKind::Text,
            text,
        })
        .collect()
}
