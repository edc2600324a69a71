//! Colour codes a 16-colour terminal understands. crossterm writes even the 16 named colours
//! in their 256-colour form (`ESC[38;5;3m` for dark yellow) and ratatui resets the underline
//! colour (`ESC[59m`); a Linux console or an old xterm shows these wrong or not at all. On a
//! 16-colour terminal the output goes through [`Sgr16`], which rewrites every SGR sequence:
//! `38;5;N`/`48;5;N` with N < 16 become `3N`/`9N` and `4N`/`10N`, other extended colours the
//! default colour, and underline colours are dropped.

use std::io::{self, Write};

/// A writer that downgrades SGR colour codes to the 16-colour set when `active`, and passes
/// everything through unchanged otherwise. Bytes are held until `flush` (ratatui flushes after
/// every frame), so a sequence split across writes is rewritten whole.
#[derive(Debug)]
pub struct Sgr16<W: Write> {
    inner: W,
    active: bool,
    pending: Vec<u8>,
}

impl<W: Write> Sgr16<W> {
    /// Wrap `inner`; `active`: rewrite for a 16-colour terminal.
    pub fn new(inner: W, active: bool) -> Sgr16<W> {
        Sgr16 {
            inner,
            active,
            pending: Vec::new(),
        }
    }

    /// The writer underneath (bytes held for rewriting are not in it until a flush).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }
}

impl<W: Write> Write for Sgr16<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.active {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.active && !self.pending.is_empty() {
            let (done, rest) = rewrite(&self.pending);
            self.inner.write_all(&done)?;
            self.pending = rest;
        }
        self.inner.flush()
    }
}

/// Rewrite every complete SGR sequence of `bytes`; returns the output and an unfinished
/// escape sequence at the end, kept for the next flush.
pub fn rewrite(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            // A CSI sequence: parameters and intermediates, then a final byte in 0x40..=0x7e.
            let body = i + 2;
            let end = bytes[body..]
                .iter()
                .position(|b| (0x40..=0x7e).contains(b))
                .map(|p| body + p);
            let Some(end) = end else {
                return (out, bytes[i..].to_vec());
            };
            let params = &bytes[body..end];
            if bytes[end] == b'm' && params.iter().all(|b| b.is_ascii_digit() || *b == b';') {
                let kept = downgrade(params);
                if !kept.is_empty() || params.is_empty() {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(kept.as_bytes());
                    out.push(b'm');
                }
            } else {
                out.extend_from_slice(&bytes[i..=end]);
            }
            i = end + 1;
        } else if bytes[i] == 0x1b && i + 1 == bytes.len() {
            return (out, vec![0x1b]);
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    (out, Vec::new())
}

/// The parameters of one SGR sequence in their 16-colour form (empty: nothing left to send).
fn downgrade(params: &[u8]) -> String {
    let text = String::from_utf8_lossy(params);
    let numbers: Vec<u32> = text.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut kept: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let n = numbers[i];
        match n {
            38 | 48 | 58 => {
                // Extended colour: `5;N` (indexed) or `2;R;G;B` (RGB).
                let (index, used) = match numbers.get(i + 1) {
                    Some(5) => (numbers.get(i + 2).copied(), 3),
                    Some(2) => (None, 5),
                    _ => (None, 1),
                };
                i += used;
                if n == 58 {
                    continue; // underline colours: not in the 16-colour set
                }
                let base = if n == 38 { 30 } else { 40 };
                let code = match index {
                    Some(c) if c < 8 => base + c,
                    Some(c) if c < 16 => base + 60 + c - 8,
                    _ => base + 9, // the default colour
                };
                kept.push(code.to_string());
            }
            59 => i += 1,
            n => {
                kept.push(n.to_string());
                i += 1;
            }
        }
    }
    kept.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(active: bool, chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = Sgr16::new(Vec::new(), active);
        for c in chunks {
            w.write_all(c).expect("write");
        }
        w.flush().expect("flush");
        w.inner
    }

    #[test]
    fn named_colours_in_256_form_become_16_colour_codes() {
        let out = through(
            true,
            &[b"\x1b[38;5;3;49mA\x1b[38;5;12;48;5;1mB\x1b[59m\x1b[0m"],
        );
        assert_eq!(out, b"\x1b[33;49mA\x1b[94;41mB\x1b[0m");
    }

    #[test]
    fn extended_colours_fall_back_to_the_default_and_underline_colours_go() {
        let out = through(true, &[b"\x1b[38;5;196;58;5;3;4mX\x1b[48;2;1;2;3mY"]);
        assert_eq!(out, b"\x1b[39;4mX\x1b[49mY");
    }

    #[test]
    fn a_sequence_split_across_writes_is_rewritten_whole() {
        let out = through(true, &[b"a\x1b[38;", b"5;", b"2m", b"b\x1b[?1049h"]);
        assert_eq!(out, b"a\x1b[32mb\x1b[?1049h");
    }

    #[test]
    fn inactive_passes_everything_through() {
        let out = through(false, &[b"\x1b[38;5;3;49m\x1b[59m"]);
        assert_eq!(out, b"\x1b[38;5;3;49m\x1b[59m");
    }
}
