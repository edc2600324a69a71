//! Keys and mouse events from the bytes a client's terminal sends over the channel.
//!
//! The bytes are parsed by `terminput`, a library port of crossterm's own escape-sequence
//! parser (the one the local TUI reads its keys with), so a key arrives as the same crossterm
//! event whether it came from the local terminal or an SSH channel. This module only cuts
//! the stream into events (an Esc alone versus the start of a sequence) and translates the
//! types.

use crate::tui::event::Event;
use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

/// The longest escape sequence kept while waiting for its end: past this the bytes are
/// garbage and dropped (a client cannot grow the buffer without bound).
const MAX_PENDING: usize = 64;

/// Turns the channel's bytes into events; keeps an unfinished sequence between packets.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

impl InputParser {
    /// A parser with nothing pending.
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// The events in `bytes` (one packet from the client), in order. An Esc followed by more
    /// bytes of the same packet starts a sequence; an Esc at a packet's end is the Esc key
    /// (as crossterm decides on a local terminal). Bytes that are no event are dropped.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, &byte) in bytes.iter().enumerate() {
            // Inside `ESC [` or `ESC O` only printable ASCII can follow: any other byte ends
            // a broken sequence (dropped) and is read afresh, so keys are never swallowed.
            if matches!(self.pending.as_slice(), [0x1b, b'[' | b'O', ..])
                && !(0x20..0x7f).contains(&byte)
            {
                self.pending.clear();
            }
            self.pending.push(byte);
            let more = i + 1 < bytes.len();
            if self.pending == [0x1b] && more {
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    self.pending.clear();
                    events.extend(translate(event));
                }
                Ok(None) if self.pending.len() < MAX_PENDING => {}
                Ok(None) | Err(_) => self.pending.clear(),
            }
        }
        events
    }
}

/// The crossterm event for a parsed one; `None` for what the TUI does not use (focus,
/// paste, key releases, media and modifier keys).
fn translate(event: terminput::Event) -> Option<Event> {
    match event {
        terminput::Event::Key(key) => key_event(key).map(Event::Key),
        terminput::Event::Mouse(mouse) => mouse_event(mouse).map(Event::Mouse),
        _ => None,
    }
}

fn modifiers(m: terminput::KeyModifiers) -> KeyModifiers {
    let mut out = KeyModifiers::NONE;
    for (from, to) in [
        (terminput::KeyModifiers::SHIFT, KeyModifiers::SHIFT),
        (terminput::KeyModifiers::CTRL, KeyModifiers::CONTROL),
        (terminput::KeyModifiers::ALT, KeyModifiers::ALT),
        (terminput::KeyModifiers::SUPER, KeyModifiers::SUPER),
        (terminput::KeyModifiers::HYPER, KeyModifiers::HYPER),
        (terminput::KeyModifiers::META, KeyModifiers::META),
    ] {
        if m.contains(from) {
            out |= to;
        }
    }
    out
}

fn key_event(key: terminput::KeyEvent) -> Option<KeyEvent> {
    use terminput::KeyCode as K;
    let kind = match key.kind {
        terminput::KeyEventKind::Press => KeyEventKind::Press,
        terminput::KeyEventKind::Repeat => KeyEventKind::Repeat,
        terminput::KeyEventKind::Release => return None,
    };
    let mods = modifiers(key.modifiers);
    let code = match key.code {
        K::Backspace => KeyCode::Backspace,
        K::Enter => KeyCode::Enter,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        // crossterm reads `ESC [ Z` as BackTab (with Shift); terminput as Shift-Tab.
        K::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        K::Tab => KeyCode::Tab,
        K::Delete => KeyCode::Delete,
        K::Insert => KeyCode::Insert,
        K::F(n) => KeyCode::F(n),
        K::Char(c) => KeyCode::Char(c),
        K::Esc => KeyCode::Esc,
        _ => return None,
    };
    Some(KeyEvent {
        code,
        modifiers: mods,
        kind,
        state: KeyEventState::NONE,
    })
}

fn button(b: terminput::MouseButton) -> MouseButton {
    match b {
        terminput::MouseButton::Right => MouseButton::Right,
        terminput::MouseButton::Middle => MouseButton::Middle,
        terminput::MouseButton::Left | terminput::MouseButton::Unknown => MouseButton::Left,
    }
}

fn mouse_event(mouse: terminput::MouseEvent) -> Option<MouseEvent> {
    use terminput::MouseEventKind as M;
    use terminput::ScrollDirection as S;
    let kind = match mouse.kind {
        M::Down(b) => MouseEventKind::Down(button(b)),
        M::Up(b) => MouseEventKind::Up(button(b)),
        M::Drag(b) => MouseEventKind::Drag(button(b)),
        M::Moved => MouseEventKind::Moved,
        M::Scroll(S::Up) => MouseEventKind::ScrollUp,
        M::Scroll(S::Down) => MouseEventKind::ScrollDown,
        M::Scroll(S::Left) => MouseEventKind::ScrollLeft,
        M::Scroll(S::Right) => MouseEventKind::ScrollRight,
    };
    Some(MouseEvent {
        kind,
        column: mouse.column,
        row: mouse.row,
        modifiers: modifiers(mouse.modifiers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(parser: &mut InputParser, bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        parser
            .feed(bytes)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn plain_keys_control_keys_and_sequences() {
        let mut p = InputParser::new();
        let got = keys(&mut p, b"jG\x04\r\x1b[B\x1b[6~\x1b[Z\x7f");
        assert_eq!(
            got,
            vec![
                (KeyCode::Char('j'), KeyModifiers::NONE),
                (KeyCode::Char('G'), KeyModifiers::SHIFT),
                (KeyCode::Char('d'), KeyModifiers::CONTROL),
                (KeyCode::Enter, KeyModifiers::NONE),
                (KeyCode::Down, KeyModifiers::NONE),
                (KeyCode::PageDown, KeyModifiers::NONE),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Backspace, KeyModifiers::NONE),
            ]
        );
    }

    #[test]
    fn an_esc_alone_is_the_esc_key_and_a_split_sequence_waits() {
        let mut p = InputParser::new();
        assert_eq!(
            keys(&mut p, b"\x1b"),
            vec![(KeyCode::Esc, KeyModifiers::NONE)]
        );
        assert_eq!(keys(&mut p, b"\x1b[1"), vec![]);
        assert_eq!(
            keys(&mut p, b";5A"),
            vec![(KeyCode::Up, KeyModifiers::CONTROL)]
        );
        let utf8 = "é".as_bytes();
        assert_eq!(keys(&mut p, &utf8[..1]), vec![]);
        assert_eq!(
            keys(&mut p, &utf8[1..]),
            vec![(KeyCode::Char('é'), KeyModifiers::NONE)]
        );
    }

    #[test]
    fn garbage_never_panics_and_never_piles_up() {
        let mut p = InputParser::new();
        let mut bytes = b"\x1b[".to_vec();
        bytes.extend(std::iter::repeat_n(b'1', 10_000));
        p.feed(&bytes);
        assert!(p.pending.len() < MAX_PENDING);
        let mut seed = 7u32;
        for _ in 0..2_000 {
            let chunk: Vec<u8> = (0..17)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                })
                .collect();
            p.feed(&chunk);
            assert!(p.pending.len() < MAX_PENDING);
        }
        // Still in step afterwards: a plain key after the garbage is read.
        p.feed(b"\x1b");
        assert_eq!(
            keys(&mut p, b"q"),
            vec![(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
    }

    #[test]
    fn mouse_reports_are_read() {
        let mut p = InputParser::new();
        let events = p.feed(b"\x1b[<64;10;5M");
        assert!(matches!(
            events.as_slice(),
            [Event::Mouse(MouseEvent {
                kind: MouseEventKind::ScrollUp,
                column: 9,
                row: 4,
                ..
            })]
        ));
    }
}
