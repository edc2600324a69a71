//! Events: what the terminal, the signal thread or a worker said. All arrive on one channel.

use super::action::Action;
use crossterm::event::{KeyEvent, MouseEvent};

/// A signal the loop reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM, SIGINT: save and quit.
    Terminate,
    /// SIGHUP: the terminal is gone; save and quit without drawing.
    Hangup,
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-Z.
    Suspend,
    /// SIGCONT: we were continued; redraw.
    Continue,
}

/// One input to the loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Signal(Signal),
    /// A worker finished: its result as an action.
    Action(Action),
    /// The terminal's input ended (hang-up, closed pipe).
    InputClosed,
}
