//! Signals: a thread turns SIGTERM/SIGINT/SIGHUP (save and quit), SIGTSTP (suspend) and
//! SIGCONT (redraw) into events on the loop's channel.

use super::event::{Event, Signal};
use std::sync::mpsc::Sender;

/// Start the signal thread. Fails only if the handlers cannot be registered.
#[cfg(unix)]
pub fn spawn(tx: Sender<Event>) -> std::io::Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGTSTP, SIGCONT])?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                let signal = match sig {
                    SIGHUP => Signal::Hangup,
                    SIGTSTP => Signal::Suspend,
                    SIGCONT => Signal::Continue,
                    _ => Signal::Terminate,
                };
                if tx.send(Event::Signal(signal)).is_err() {
                    break;
                }
            }
        })?;
    Ok(handle)
}
