//! Data about the world, kept apart from the rules that read a cable: tables, not logic.
//!
//! - [`tags`]: the TAGS dictionary (code -> meaning), also used by the TUI and the palette.
//! - `countries`: FIPS 10-4 country codes, the country TAGS.
//! - `tagwords`: typos, person tags, given names and joining words for the TAGS line.
//! - `refalias`: origin aliases in REF lines (`SECSTATE` -> `STATE`).

pub(crate) mod countries;
pub(crate) mod refalias;
pub mod tags;
pub(crate) mod tagwords;
