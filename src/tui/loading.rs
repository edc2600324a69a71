//! The first open of a big archive: the archive is opened (and its cache built, about a
//! minute for 251k cables) on a worker thread. As soon as the worker hands over a first
//! preview (the cables read so far), the TUI starts on it and the build goes on behind it
//! ([`Opened::Building`]); until then a progress screen shows how far it is and answers `q`,
//! Esc and Ctrl-C (quit) and resizes. An open that finishes within [`QUIET`] (a warm cache)
//! shows nothing at all.

use super::terminal;
use crate::archive::{Archive, ArchiveError, Progress};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long an open may take before the progress screen appears.
pub const QUIET: Duration = Duration::from_millis(300);

/// What the worker sends while it opens the archive.
pub enum Message {
    Progress(Progress),
    /// The cables read so far ([`Archive::is_building`]).
    Preview(Box<Archive>),
    /// The finished archive, or why it failed.
    Done(Box<Result<Archive, ArchiveError>>),
}

/// How the open ended: the archive (or why it failed), a preview while the build goes on
/// (its later messages come on the receiver), or the user quit while it was built.
pub enum Opened {
    Archive(Box<Result<Archive, ArchiveError>>),
    Building(Box<Archive>, Receiver<Message>),
    Quit,
}

/// How long a build runs before its first preview.
pub const FIRST_PREVIEW: Duration = Duration::from_millis(500);

/// The worker stopped without an answer (it panicked).
fn lost() -> std::io::Error {
    std::io::Error::other("the thread opening the archive stopped")
}

/// Run `open` on a worker thread; when it takes longer than [`QUIET`], show its progress on
/// the terminal (alternate screen) until it is done or the user quits. `name` is the archive.
/// `open` gets a progress sink and a preview sink (see [`crate::archive::Preview`]).
pub fn open_with_progress<F>(name: &str, open: F) -> std::io::Result<Opened>
where
    F: FnOnce(&mut dyn FnMut(&Progress), &mut dyn FnMut(Archive)) -> Result<Archive, ArchiveError>
        + Send
        + 'static,
{
    let (tx, rx) = mpsc::channel();
    let (progress_tx, preview_tx) = (tx.clone(), tx.clone());
    std::thread::Builder::new()
        .name("open-archive".into())
        .spawn(move || {
            let result = open(
                &mut |p| {
                    let _ = progress_tx.send(Message::Progress(*p));
                },
                &mut |archive| {
                    let _ = preview_tx.send(Message::Preview(Box::new(archive)));
                },
            );
            let _ = tx.send(Message::Done(Box::new(result)));
        })?;
    let deadline = Instant::now() + QUIET;
    let mut latest = None;
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Message::Done(result)) => return Ok(Opened::Archive(result)),
            Ok(Message::Progress(p)) => latest = Some(p),
            Ok(Message::Preview(archive)) => return Ok(Opened::Building(archive, rx)),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Err(lost()),
        }
    }
    terminal::install_panic_hook();
    // SIGTERM, SIGINT and SIGHUP quit from the screen, restoring the terminal.
    let (signal_tx, signals) = mpsc::channel();
    #[cfg(unix)]
    let handle = super::signals::spawn(signal_tx)?;
    #[cfg(not(unix))]
    drop(signal_tx);
    terminal::enter(false)?;
    let shown = show(name, &rx, &signals, latest);
    terminal::leave();
    #[cfg(unix)]
    handle.close();
    Ok(match shown? {
        Shown::Opened(opened) => opened,
        Shown::Preview(archive) => Opened::Building(archive, rx),
    })
}

/// How the progress screen ended.
enum Shown {
    Opened(Opened),
    Preview(Box<Archive>),
}

/// The progress screen's loop: draw, wait for a key (100 ms at most), take the messages
/// and the signals.
fn show(
    name: &str,
    rx: &Receiver<Message>,
    signals: &Receiver<super::event::Event>,
    latest: Option<Progress>,
) -> std::io::Result<Shown> {
    let mut term = terminal::terminal(false)?;
    let shown = show_on(&mut term, name, rx, signals, latest);
    terminal::release(term);
    shown
}

fn show_on(
    term: &mut terminal::Term,
    name: &str,
    rx: &Receiver<Message>,
    signals: &Receiver<super::event::Event>,
    mut latest: Option<Progress>,
) -> std::io::Result<Shown> {
    use super::event::{Event as TuiEvent, Signal};
    loop {
        if signals.try_iter().any(|e| {
            matches!(
                e,
                TuiEvent::Signal(Signal::Terminate) | TuiEvent::Signal(Signal::Hangup)
            )
        }) {
            return Ok(Shown::Opened(Opened::Quit));
        }
        loop {
            match rx.try_recv() {
                Ok(Message::Done(result)) => return Ok(Shown::Opened(Opened::Archive(result))),
                Ok(Message::Progress(p)) => latest = Some(p),
                Ok(Message::Preview(archive)) => return Ok(Shown::Preview(archive)),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return Err(lost()),
            }
        }
        terminal::draw(term, |f| render(f, name, latest.as_ref()))?;
        if crossterm::event::poll(Duration::from_millis(100))?
            && let Event::Key(key) = crossterm::event::read()?
            && key.kind == KeyEventKind::Press
        {
            let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL;
            if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                return Ok(Shown::Opened(Opened::Quit));
            }
        }
    }
}

/// One line of figures: cables, MB done of total, MB/s, time left.
pub fn figures(p: &Progress) -> String {
    let left = p
        .time_left()
        .map_or("?".to_string(), |d| format!("{:.0} s", d.as_secs_f64()));
    format!(
        "{} cables, {:.0}/{:.0} MB, {:.1} MB/s, {} left",
        p.cables,
        p.bytes_done as f64 / 1e6,
        p.bytes_total as f64 / 1e6,
        p.mb_per_s(),
        left
    )
}

/// Draw the progress screen: a box in the middle with the archive, a gauge and the figures.
pub fn render(frame: &mut Frame, name: &str, progress: Option<&Progress>) {
    let area = frame.area();
    let width = area.width.min(72);
    let height = area.height.min(8);
    let boxed = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" cables: building the index (first open) ");
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .split(inner);
    let ratio = progress.map_or(0.0, |p| {
        (p.bytes_done as f64 / p.bytes_total.max(1) as f64).clamp(0.0, 1.0)
    });
    let text = progress.map_or("reading the files…".to_string(), figures);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let parts: [(usize, Paragraph); 3] = [
        (0, Paragraph::new(Line::from(name.to_string()))),
        (3, Paragraph::new(Line::from(text))),
        (
            4,
            Paragraph::new(Line::from("q quits (the build starts again next time)")).style(dim),
        ),
    ];
    for (row, paragraph) in parts {
        if let Some(&r) = rows.get(row) {
            frame.render_widget(paragraph, r);
        }
    }
    if let Some(&r) = rows.get(2) {
        let gauge = Gauge::default()
            .ratio(ratio)
            .gauge_style(Style::default().add_modifier(Modifier::REVERSED));
        frame.render_widget(gauge, r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(width: u16, height: u16, progress: Option<&Progress>) -> String {
        let mut term = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        term.draw(|f| render(f, "/data/cables.csv", progress))
            .expect("draw");
        let buffer = term.backend().buffer();
        buffer
            .content()
            .chunks(width as usize)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_quick_open_shows_nothing_and_hands_the_archive_over() {
        let opened = open_with_progress("demo", |_, _| Ok(Archive::demo())).expect("opens");
        match opened {
            Opened::Archive(result) => assert!(result.is_ok_and(|a| !a.is_empty())),
            _ => panic!("expected the archive"),
        }
        let failed = open_with_progress("x", |_, _| Err(ArchiveError::NotFound("x".into())));
        assert!(matches!(failed, Ok(Opened::Archive(r)) if r.is_err()));
    }

    #[test]
    fn the_screen_shows_the_archive_the_gauge_and_the_figures() {
        let p = Progress {
            cables: 1200,
            bytes_done: 500_000_000,
            bytes_total: 2_000_000_000,
            elapsed: Duration::from_secs(50),
        };
        let text = screen(80, 24, Some(&p));
        assert!(text.contains("/data/cables.csv"), "{text}");
        assert!(text.contains("25%"), "{text}");
        assert!(
            text.contains("1200 cables, 500/2000 MB, 10.0 MB/s, 150 s left"),
            "{text}"
        );
        assert!(text.contains("q quits"), "{text}");
        assert!(screen(80, 24, None).contains("reading the files"));
        // Tiny terminals do not panic.
        for (w, h) in [(1, 1), (10, 3), (0, 0)] {
            let _ = screen(w.max(1), h.max(1), Some(&p));
        }
    }
}
