//! Paragraph bookmarks: the store (atomic, locked, merged), re-anchoring by fingerprint,
//! and export. Knows nothing of the terminal.
