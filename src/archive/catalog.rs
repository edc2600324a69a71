//! The in-memory catalog: sort, filter and facet counts over every cable's metadata.
