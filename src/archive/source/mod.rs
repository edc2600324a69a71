//! Source formats, detected by content: cables.csv rows, cablegate site pages, mongoexport
//! JSON lines, the JSONP API response, plain text files, and the embedded demo.

pub mod html;
