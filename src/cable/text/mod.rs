//! The text stage: what is done to the whole text before any field is read, and the line
//! tools every later stage uses.
//!
//! - [`sanitize`]: bytes decoded, control, bidi and zero-width characters out (first and last
//!   step of `parse`).
//! - [`relines`]: line breaks put back into texts a dump collapsed onto one line.
//! - `linesplit`: line splitting with one SIMD scan.
//! - `markup`: conversion artifacts on a line (markdown links, LaTeX marks, `\$`).
//! - `pagebreak`: page-break lines and repeated banners, furniture for the header, the body and
//!   the signer.

pub(crate) mod linesplit;
pub(crate) mod markup;
pub(crate) mod pagebreak;
pub mod relines;
pub mod sanitize;
