//! Copying to the user's own clipboard from a terminal that may be at the far end of an SSH
//! link: the OSC 52 escape sequence (`ESC ] 52 ; c ; BASE64 BEL`), which the terminal
//! emulator on the user's machine turns into a clipboard write. tmux passes it on with
//! `set -g set-clipboard on`. The text is base64-encoded, so nothing in it can act on the
//! terminal; it is cable text, sanitized at ingest, plus its citation.

use crate::cable::{Cable, Paragraph};
use crate::citation::Citation;

/// The most text one copy sends (bytes before encoding): terminals drop longer OSC 52
/// sequences (xterm and tmux accept about 100 kB of base64, some far less).
pub const MAX_BYTES: usize = 74_000;

/// The OSC 52 sequence that puts `text` on the clipboard (`c`), terminated by BEL (the
/// terminator xterm, tmux, kitty, iTerm2, WezTerm, foot and Windows Terminal all accept).
pub fn osc52(text: &str) -> Vec<u8> {
    let mut out = b"\x1b]52;c;".to_vec();
    out.extend_from_slice(base64(text.as_bytes()).as_bytes());
    out.push(0x07);
    out
}

/// Standard base64 with padding (RFC 4648), as OSC 52 expects.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One paragraph as the reader shows it: `4. (C) text`.
fn paragraph_text(p: &Paragraph) -> String {
    format!("{}{}", p.lead(), p.text)
}

/// What `y` copies: the paragraphs with ordinals `first..=last` of `cable`, a blank line
/// between them, then a blank line and their citation (naming `archive`). `None` when no
/// paragraph has such an ordinal.
pub fn quote(cable: &Cable, first: u32, last: u32, archive: &str) -> Option<String> {
    let (first, last) = (first.min(last), first.max(last));
    let paragraphs: Vec<&Paragraph> = cable
        .paragraphs
        .iter()
        .filter(|p| (first..=last).contains(&p.n))
        .collect();
    let (head, tail) = (paragraphs.first()?, paragraphs.last()?);
    let mut citation = Citation::of(cable)
        .paragraph(head.n, head.label.as_deref())
        .in_archive(archive);
    if head.n != tail.n {
        let end = Citation::of(cable).paragraph(tail.n, tail.label.as_deref());
        if let (Some(from), Some(to)) = (&citation.paragraph, &end.paragraph) {
            citation.paragraph = Some(format!("{from}–{}", to.trim_start_matches('¶')));
        }
    }
    let mut out: Vec<String> = paragraphs.iter().map(|p| paragraph_text(p)).collect();
    out.push(citation.text());
    Some(out.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64("¶4".as_bytes()), "wrY0");
    }

    #[test]
    fn osc52_wraps_the_base64_of_the_text() {
        assert_eq!(osc52("hi\n"), b"\x1b]52;c;aGkK\x07".to_vec());
    }
}
