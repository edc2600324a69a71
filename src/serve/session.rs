//! One SSH session: its own App (state, palette worker, terminal size) on the archive every
//! session shares, run by the TUI's loop on a thread of its own, drawing into the channel;
//! saved when it ends, however it ends (quit, idle, shutdown, a dropped client).

use super::Shared;
use super::limits::Ticket;
use super::terminal::{ChannelWriter, screen};
use crate::tui::action::{Action, PaletteAction};
use crate::tui::event::Event;
use crate::tui::frontend::Frontend;
use crate::tui::{TuiOptions, build_app_shared, runtime};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use russh::ChannelId;
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

/// What the client asked for before its shell request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The user the key names.
    pub user: String,
    /// The client's TERM (from the pty request).
    pub term: String,
    /// The window size, already clamped to the limits.
    pub size: (u16, u16),
    /// The environment variables the client sent that the server reads (NO_COLOR, COLORTERM).
    pub env: Vec<(String, String)>,
}

/// Start the session's loop on a thread; it ends the channel when the loop ends.
pub fn spawn(
    shared: Arc<Shared>,
    request: Request,
    ssh: russh::server::Handle,
    channel: ChannelId,
    events: (Sender<Event>, Receiver<Event>),
    ticket: Ticket,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Handle::current();
    std::thread::Builder::new()
        .name(format!("session-{}", ticket.id))
        .spawn(move || {
            let writer = ChannelWriter::new(runtime, ssh, channel, Arc::clone(&shared.stopping));
            run(&shared, &request, writer, events, &ticket);
            drop(ticket);
        })?;
    Ok(())
}

fn run(
    shared: &Shared,
    request: &Request,
    writer: ChannelWriter,
    (tx, rx): (Sender<Event>, Receiver<Event>),
    ticket: &Ticket,
) {
    let user_dir = super::users::user_dir(&shared.data_dir, &request.user);
    let options = TuiOptions {
        theme: shared.theme.clone(),
        color: shared.color.clone(),
        data_dir: Some(user_dir),
        ..TuiOptions::default()
    };
    let env = |name: &str| match name {
        "TERM" => Some(request.term.clone()),
        _ => request
            .env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone()),
    };
    let closer = writer.closer();
    let mut app = build_app_shared(Arc::clone(&shared.archive), &options, &env);
    let mut screen = match screen(writer, request.size, app.few_colours) {
        Ok(s) => s,
        Err(e) => {
            crate::output::report(&format!("cables serve: {}: no terminal: {e}", request.user));
            closer.close(1);
            return;
        }
    };
    // The palette's lists are built once for every session; its matcher is the session's.
    let lists = Action::Palette(PaletteAction::Lists(shared.lists.clone()));
    let _ = tx.send(Event::Action(lists));
    let _ = tx.send(Event::Action(Action::CopiesCounted(shared.copies)));
    let sink_tx = tx.clone();
    let palette = crate::palette::PaletteWorker::spawn_with_sink(
        1,
        Box::new(move |update| {
            let action = Action::Palette(PaletteAction::Matched(update));
            let _ = sink_tx.send(Event::Action(action));
        }),
    );
    let workers = match palette {
        Ok(palette) => runtime::Workers::spawn(&tx, Some(palette)),
        Err(_) => runtime::Workers::spawn(&tx, None),
    };
    drop(tx);
    let backend = screen.terminal().backend_mut();
    let entered = execute!(backend, EnterAlternateScreen, cursor::Hide).and_then(|()| {
        if app.mouse {
            execute!(backend, EnableMouseCapture)
        } else {
            Ok(())
        }
    });
    // The loop ends once the saves made at quitting are done; without its workers (no
    // thread could be started) it performs every effect itself.
    let workers = workers.unwrap_or_else(|_| runtime::Workers::inline());
    if entered.is_ok() {
        let _ = runtime::run(&mut app, &rx, &workers, || {}, &mut screen);
    } else {
        runtime::finish(&mut app);
    }
    drop(workers);
    for problem in &app.exit_problems {
        crate::output::report(&format!("cables serve: {}: {problem}", request.user));
    }
    let backend = screen.terminal().backend_mut();
    let _ = execute!(
        backend,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let why = ticket.ending.lock().map(|w| w.clone()).unwrap_or_default();
    if let Some(why) = why {
        let _ = write!(backend, "cables: {why}\r\n");
    }
    let _ = backend.flush();
    drop(screen);
    closer.close(0);
}
