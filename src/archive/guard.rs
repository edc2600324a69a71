//! A panic inside a dependency (tantivy reading a corrupt index file) caught at the archive's
//! boundary and turned into an error, without the panic message reaching the terminal.
//!
//! The process-wide panic hook is wrapped once: while a thread is inside [`catch`], its panics
//! are recorded instead of printed (other threads' panics are reported as before).

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// True while this thread runs inside [`catch`]: a panic hook should stay quiet (the TUI's
/// hook must not leave the terminal for a panic that is caught).
pub fn is_catching() -> bool {
    CATCHING.with(Cell::get)
}

/// Run `f`; a panic becomes `Err` with its message (and where it happened).
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install();
    let was = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        MESSAGE
            .with(|m| m.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if is_catching() {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let text = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_string());
                MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{text}{at}")));
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let caught = catch(|| -> u32 { panic!("range end index 9 out of range") });
        let Err(message) = caught else {
            panic!("not caught: {caught:?}");
        };
        assert!(message.contains("range end index 9"), "{message}");
        assert!(!is_catching());
        assert_eq!(catch(|| 7), Ok(7));
    }
}
