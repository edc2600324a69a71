//! Source formats, detected by content: CSV, site HTML, JSON lines, JSONP, plain text, demo.
