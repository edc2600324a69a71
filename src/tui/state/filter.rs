//! The filter bar's language lives in the domain ([`crate::archive::filter`]), shared with
//! `cables list` and `cables export`; the TUI uses it from here.

pub use crate::archive::filter::*;
