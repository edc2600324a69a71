//! Highlight spans over paragraph text, as byte ranges with a meaning and no colour.

use std::ops::Range;

/// What a highlighted range means; the theme maps each to a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// A TAGS code.
    Tag,
    /// A portion marking, by level.
    Marking(crate::cable::Classification),
    /// A reference to another cable.
    Reference,
    /// A search hit.
    Hit,
    /// The current search hit.
    CurrentHit,
}

/// One highlighted byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub kind: SpanKind,
}
