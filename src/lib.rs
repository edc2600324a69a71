//! `cables`: a keyboard-driven terminal reader for diplomatic cable archives.
//!
//! The library behind the `cables` binary: every capability of the TUI and the CLI is here,
//! and the domain (`cable`, `archive`, `palette`, `bookmarks`, `position`) knows nothing of
//! the terminal. ARCHITECTURE.md in the repository is the map; this is the short tour.
//!
//! # The main types
//!
//! - [`cable::Cable`]: one cable as read by the parser ([`cable::parse`], which never fails
//!   and never panics): header fields (id, date, classification, origin, tags, subject,
//!   references…), the body as numbered [`cable::Paragraph`]s, and `warnings` for what it
//!   could not read. Its text is sanitized: no control, bidi or zero-width character left.
//! - [`archive::Archive`]: an archive of cables (a folder, a `cables.csv`, site pages, JSON
//!   dumps, or [`Archive::demo`](archive::Archive::demo), embedded in the binary), with its
//!   metadata catalog ([`archive::CableMeta`]: sort, filter, facets), copies folded, the
//!   citation graph and a keyword index whose [`archive::Hit`]s address paragraphs.
//!   [`Archive::open_with`](archive::Archive::open_with) keeps it in a cache folder.
//! - [`bookmarks::BookmarkStore`]: paragraph bookmarks, saved atomically, locked and merged
//!   between sessions; a [`bookmarks::Anchor`] finds its paragraph again after re-parsing.
//! - [`palette`]: the palette's matcher (ranking, narrowing as the query grows), on a
//!   worker thread; [`position::Position`]: a reading position that survives re-wrapping.
//! - [`tui`]: the terminal UI (an Elm loop: `Action` → `App::update` → `Effect`s, views are
//!   pure); [`cli`]: the subcommands; [`serve`]: the archive as an SSH app.
//! - [`folders`]: where config, data and cache live; [`output::report`]: every message to
//!   stderr, escaped.
//!
//! # Example
//!
//! Open the demo archive, read a cable and print its paragraphs:
//!
//! ```
//! use cables::archive::Archive;
//!
//! let archive = Archive::demo();
//! let i = archive.find("09DUSHANBE1319").expect("a demo cable");
//! let cable = archive.cable(i)?;
//! println!("{} {}", cable.id, cable.subject);
//! for paragraph in &cable.paragraphs {
//!     println!("{}{}", paragraph.lead(), paragraph.text);
//! }
//! # assert_eq!(cable.id, "09DUSHANBE1319");
//! # assert!(cable.paragraphs.len() > 3);
//!
//! // A keyword search lands on paragraphs.
//! let hits = archive.search("trafficking", 5)?;
//! # assert!(!hits.is_empty());
//! for hit in &hits {
//!     println!("{} ¶{}  {}", hit.id, hit.paragraph, hit.snippet);
//! }
//! # Ok::<(), cables::archive::ArchiveError>(())
//! ```

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
