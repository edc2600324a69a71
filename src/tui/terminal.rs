//! The terminal: raw mode and the alternate screen on, and reliably off again (on quit, on
//! panic through a hook, on signals, around suspend). No terminal queries at start-up.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// The backend of the local terminal: crossterm on stdout, colour codes fitted to 16-colour
/// terminals.
pub type LocalBackend = CrosstermBackend<super::sgr16::Sgr16<Stdout>>;

/// The terminal type the TUI draws on locally.
pub type Term = Terminal<LocalBackend>;

/// True while raw mode and the alternate screen are on (read by the panic hook).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Enter raw mode and the alternate screen; `mouse` turns on mouse capture.
pub fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Leave the alternate screen and raw mode. Safe to call twice; errors are ignored because
/// the terminal may be gone (SIGHUP).
pub fn leave() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        crossterm::terminal::EndSynchronizedUpdate,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restore the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic the archive catches (a corrupt index) is not the end of the session.
        if !crate::archive::guard::is_catching() {
            leave();
        }
        previous(info);
    }));
}

/// Let go of the ratatui terminal without a panic on a dead tty: ratatui shows a hidden
/// cursor when its `Terminal` is dropped and reports a failure with `eprintln!`, which panics
/// when stderr is the same hung-up terminal. The cursor is shown here; if that fails the
/// terminal is gone, and the value is forgotten instead of dropped (the process is ending).
pub fn release(mut term: Term) {
    if term.show_cursor().is_ok() {
        drop(term);
    } else {
        std::mem::forget(term);
    }
}

/// Create the ratatui terminal on stdout; `few_colours`: the terminal shows 16 colours or
/// none, so colour codes are rewritten for it.
pub fn terminal(few_colours: bool) -> io::Result<Term> {
    let out = super::sgr16::Sgr16::new(io::stdout(), few_colours);
    Terminal::new(CrosstermBackend::new(out))
}

/// Draw one frame inside a synchronized update, so slow links never show half a frame.
pub fn draw<B: ratatui::backend::Backend<Error = io::Error> + Write>(
    term: &mut Terminal<B>,
    render: impl FnOnce(&mut ratatui::Frame),
) -> io::Result<()> {
    execute!(
        term.backend_mut(),
        crossterm::terminal::BeginSynchronizedUpdate
    )?;
    let drawn = term.draw(render).map(|_| ());
    execute!(
        term.backend_mut(),
        crossterm::terminal::EndSynchronizedUpdate
    )?;
    drawn
}

/// Restore the terminal, stop the process as SIGTSTP would, and set up again on resume.
pub fn suspend(term: &mut Term, mouse: bool) -> io::Result<()> {
    leave();
    #[cfg(unix)]
    {
        // The default action of SIGTSTP: stop. Returns when SIGCONT arrives.
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    }
    enter(mouse)?;
    full_redraw(term)
}

/// Clear the screen and forget the previous frame, so the next draw repaints every cell.
/// (`Terminal::clear` would query the cursor position, which stalls while the input thread
/// reads stdin; a resize to the current size clears without a query.)
pub fn full_redraw(term: &mut Term) -> io::Result<()> {
    let size = term.size()?;
    term.resize(Rect::new(0, 0, size.width, size.height))
}
