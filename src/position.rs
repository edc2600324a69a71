//! Reading positions: (cable id, paragraph, char offset), which survive re-wrapping.

use serde::{Deserialize, Serialize};

/// Where a reader is in a cable, independent of the terminal width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Position {
    pub cable: String,
    /// Paragraph ordinal (`Paragraph::n`); 0 is the header block.
    pub paragraph: u32,
    /// Byte offset of the first visible line inside the paragraph's text as the reader lays
    /// it out (width-independent, so the place survives re-wrapping).
    pub offset: usize,
}
