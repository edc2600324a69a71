//! The seam between the App loop and a terminal, so that more than one front end can drive
//! the same [`App`](super::update::App): the local terminal (crossterm on stdin/stdout,
//! [`LocalTerminal`] and [`CrosstermInput`]), or, for a server, a network channel that writes
//! the frames' bytes and feeds the keys it reads.
//!
//! A front end is two halves:
//! - an [`EventSource`]: a thread that turns what the user does into [`Event`]s on the loop's
//!   channel (keys, mouse, resizes, and [`Event::InputClosed`] when its input ends). Workers
//!   and the signal thread send on the same channel.
//! - a [`Frontend`]: a ratatui [`Terminal`] over a backend that is also a byte sink
//!   (`Backend + Write`, e.g. `CrosstermBackend<W>` for any writer `W`), which the loop draws
//!   frames on and writes terminal modes to (mouse capture, synchronized updates), plus the
//!   few things only the front end knows: the screen size and how to suspend.
//!
//! [`super::runtime::run`] is generic over both; nothing in `update`, `state` or `view`
//! knows which front end is in use. A second front end implements the two traits, or uses
//! [`FixedTerminal`] (a fixed viewport of the client's window size, a `suspend` that says it
//! cannot; `cables serve` draws into SSH channels with it), and calls `run` with the App it
//! built by [`super::build_app_shared`].

use super::event::Event;
use super::terminal;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Write};
use std::sync::mpsc::Sender;

/// Where the loop draws: a ratatui terminal over a `Backend + Write`, and the screen.
pub trait Frontend {
    /// The backend frames are drawn with; also written to for terminal modes.
    type Backend: Backend<Error = io::Error> + Write;

    /// The terminal frames are drawn on.
    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;

    /// The screen's size (columns, rows) now.
    fn size(&mut self) -> io::Result<(u16, u16)>;

    /// The screen became `w` x `h` (a resize event): a front end with a fixed viewport
    /// resizes it here; a full-screen terminal follows by itself.
    fn resized(&mut self, _w: u16, _h: u16) -> io::Result<()> {
        Ok(())
    }

    /// Ctrl-Z: give the terminal back and stop until continued, then set it up again (with
    /// mouse capture if `mouse`). A front end that cannot stop (a network session) returns
    /// `Ok(false)` and the loop carries on.
    fn suspend(&mut self, mouse: bool) -> io::Result<bool>;

    /// Turn mouse capture on or off.
    fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        let out = self.terminal().backend_mut();
        if on {
            crossterm::execute!(out, EnableMouseCapture)
        } else {
            crossterm::execute!(out, DisableMouseCapture)
        }
    }

    /// Put `text` on the user's clipboard: the OSC 52 sequence written between frames
    /// ([`super::clipboard::osc52`]), which reaches the user's own terminal through SSH and
    /// tmux. A front end with another way to the client's clipboard overrides this.
    fn copy(&mut self, text: &str) -> io::Result<()> {
        let out = self.terminal().backend_mut();
        out.write_all(&super::clipboard::osc52(text))?;
        Write::flush(out)
    }

    /// Clear the screen and forget the previous frame, so the next draw repaints every cell.
    /// (`Terminal::clear` would query the cursor position, which stalls while the input
    /// thread reads; a resize to the current size clears without a query.)
    fn full_redraw(&mut self) -> io::Result<()> {
        let (width, height) = self.size()?;
        self.terminal().resize(Rect::new(0, 0, width, height))
    }
}

/// A source of terminal events for the loop: started once, it sends on `tx` until its input
/// ends (then [`Event::InputClosed`]) or the loop has gone (a failed send).
pub trait EventSource {
    /// Start reading on a thread of its own.
    fn spawn(self, tx: Sender<Event>) -> io::Result<()>;
}

/// The local terminal: crossterm on stdout, colour codes fitted to 16-colour terminals.
pub struct LocalTerminal {
    term: terminal::Term,
}

impl LocalTerminal {
    /// The ratatui terminal on stdout (raw mode and the alternate screen are entered by
    /// [`terminal::enter`]); `few_colours`: the terminal shows 16 colours or none.
    pub fn new(few_colours: bool) -> io::Result<LocalTerminal> {
        Ok(LocalTerminal {
            term: terminal::terminal(few_colours)?,
        })
    }

    /// Let go of the terminal without a panic on a dead tty ([`terminal::release`]).
    pub fn release(self) {
        terminal::release(self.term);
    }
}

impl Frontend for LocalTerminal {
    type Backend = terminal::LocalBackend;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.term
    }

    fn size(&mut self) -> io::Result<(u16, u16)> {
        let size = self.term.size()?;
        Ok((size.width, size.height))
    }

    fn suspend(&mut self, mouse: bool) -> io::Result<bool> {
        terminal::suspend(&mut self.term, mouse)?;
        Ok(true)
    }
}

/// A front end on any byte sink with a fixed viewport of the client's size, which cannot
/// suspend: a network session (the SSH channel of `cables serve`), or memory in tests.
pub struct FixedTerminal<W: Write> {
    term: Terminal<CrosstermBackend<W>>,
    size: (u16, u16),
}

impl<W: Write> FixedTerminal<W> {
    /// A terminal of `size` (columns, rows) drawing into `out`.
    pub fn new(out: W, size: (u16, u16)) -> io::Result<FixedTerminal<W>> {
        let viewport = Viewport::Fixed(Rect::new(0, 0, size.0, size.1));
        let term =
            Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport })?;
        Ok(FixedTerminal { term, size })
    }
}

impl<W: Write> Frontend for FixedTerminal<W> {
    type Backend = CrosstermBackend<W>;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.term
    }

    fn size(&mut self) -> io::Result<(u16, u16)> {
        Ok(self.size)
    }

    fn resized(&mut self, w: u16, h: u16) -> io::Result<()> {
        self.size = (w, h);
        self.term.resize(Rect::new(0, 0, w, h))
    }

    fn suspend(&mut self, _mouse: bool) -> io::Result<bool> {
        Ok(false)
    }
}

/// Terminal input read by crossterm from the process's terminal.
pub struct CrosstermInput;

impl EventSource for CrosstermInput {
    fn spawn(self, tx: Sender<Event>) -> io::Result<()> {
        use crossterm::event::{self, Event as Term};
        std::thread::Builder::new()
            .name("input".into())
            .spawn(move || {
                loop {
                    let event = match event::read() {
                        Ok(Term::Key(k)) => Event::Key(k),
                        Ok(Term::Mouse(m)) => Event::Mouse(m),
                        Ok(Term::Resize(w, h)) => Event::Resize(w, h),
                        Ok(_) => continue,
                        Err(_) => {
                            let _ = tx.send(Event::InputClosed);
                            break;
                        }
                    };
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::tui::keymap::Keymap;
    use crate::tui::update::App;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::sync::{Arc, mpsc};

    /// Bytes written, shared with the test.
    #[derive(Clone, Default)]
    struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if let Ok(mut held) = self.0.lock() {
                held.extend_from_slice(buf);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn key(c: char, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
    }

    /// Run `events` through the app loop of a front end writing to memory; the bytes written.
    fn run_in_memory(app: &mut App, events: Vec<Event>) -> Vec<u8> {
        let sink = Sink::default();
        let Ok(mut bytes) = FixedTerminal::new(sink.clone(), (80, 24)) else {
            panic!("a terminal over memory");
        };
        let (tx, rx) = mpsc::channel();
        for event in events {
            tx.send(event).ok();
        }
        let workers = crate::tui::runtime::Workers::inline();
        let ran = crate::tui::runtime::run(app, &rx, &workers, || {}, &mut bytes);
        assert!(ran.is_ok(), "{ran:?}");
        sink.0.lock().map(|b| b.clone()).unwrap_or_default()
    }

    #[test]
    fn a_second_front_end_drives_the_same_app_loop() {
        let archive = Arc::new(Archive::demo());
        let first = archive.id(0).to_string();
        let mut app = App::new(archive, Keymap::defaults(), Vec::new());
        // A front end writing to memory, as a network session writes to its channel.
        let held = run_in_memory(
            &mut app,
            vec![
                key('j', KeyModifiers::NONE),
                Event::Resize(100, 30),
                key('z', KeyModifiers::CONTROL),
                key('W', KeyModifiers::NONE),
                key('Q', KeyModifiers::NONE),
            ],
        );
        assert!(!app.running);
        assert_eq!((app.size.width, app.size.height), (100, 30));
        assert_eq!(app.list.selected, 1);
        let out = String::from_utf8_lossy(&held);
        // Frames inside synchronized updates, the list drawn, mouse capture turned on.
        assert!(out.contains("\u{1b}[?2026h") && out.contains("\u{1b}[?2026l"));
        assert!(out.contains(&first), "no {first} in the frame");
        assert!(out.contains("\u{1b}[?1000h"));
    }

    #[test]
    fn y_writes_the_paragraph_and_its_citation_as_osc_52_through_the_front_end() {
        let archive = Arc::new(Archive::demo());
        let mut app = App::new(archive, Keymap::defaults(), Vec::new());
        let held = run_in_memory(
            &mut app,
            vec![
                Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
                key('y', KeyModifiers::NONE),
                key('Q', KeyModifiers::NONE),
            ],
        );
        let text = "1. SUMMARY: Tajikistan has made significant progress on combating \
            trafficking-in-persons (TIP) violations, but efforts remain hindered by lack of \
            extradition agreements, ineffective coordination, and deep-rooted social issues. \
            The government and the International Organization for Migration (IOM) -the leading \
            the NGO in Tajikistan on TIP issues-drafted a national plan to combat TIP through \
            2010. The Ministry for Internal Affairs (MOI) hopes to increase TIP staff and shift \
            its focus to trafficking for slavery purposes; and the IOM has plans to create a \
            coordination center and build a new shelter for TIP victims, all through the help \
            of U.S. funds. END SUMMARY.\n\nCable 06DUSHANBE50, Embassy Dushanbe, \
            \"TAJIKISTAN STRENGTHENS ANTI-TIP EFFORTS WITH U.S. ASSISTANCE\", ¶1 (archive: demo)";
        let mut expected = b"\x1b]52;c;".to_vec();
        expected.extend_from_slice(crate::tui::clipboard::base64(text.as_bytes()).as_bytes());
        expected.push(0x07);
        let found = held
            .windows(expected.len())
            .filter(|w| *w == expected)
            .count();
        assert_eq!(found, 1, "the OSC 52 sequence is not in the bytes written");
    }
}
