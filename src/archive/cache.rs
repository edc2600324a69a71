//! The on-disk cache: versioned, fingerprinted, locked.
