//! `cables`: a keyboard-driven terminal reader for diplomatic cable archives.
//!
//! The domain (`cable`, `archive`, `palette`, `bookmarks`, `position`) knows nothing of the
//! terminal; `tui` knows nothing of file formats; `cli` scripts every capability.

pub mod archive;
pub mod bookmarks;
pub mod cable;
pub mod citation;
pub mod cli;
pub mod error;
pub mod folders;
pub mod markdown;
pub mod output;
pub mod palette;
pub mod position;
pub mod serve;
pub mod tui;

pub use error::Error;
