//! The fuzzy palette: query prefixes (`query`), candidate lists (`candidates`), needles and
//! ranking tiers (`needle`), the matcher that narrows as the query grows (`matcher`) and
//! the thread that runs it off the UI thread (`worker`). Knows nothing of the terminal.

mod ascii;
pub mod candidates;
mod greedy;
mod lines;
pub mod matcher;
pub mod needle;
pub mod query;
pub mod worker;

pub use candidates::{Candidate, CandidateList, ListItem, OriginEntry, TagEntry};
pub use matcher::{Engine, Match, Ranking, TOP};
pub use needle::{Needle, Tier};
pub use query::{Mode, Query};
pub use worker::{PaletteWorker, Update};
