//! Messages on stderr that never panic and never carry terminal controls from data.
//! (`eprintln!` panics when stderr is a terminal that hung up, as after a dropped SSH link.)

use std::io::Write;

/// Write `line` and a newline to stderr; unsafe characters (from file names, ids, cable
/// text) are shown as escapes, and a failed write is ignored.
pub fn report(line: &str) {
    let safe = crate::cable::sanitize::shown(line);
    let _ = writeln!(std::io::stderr(), "{safe}");
}

/// Redraw a one-line progress report in place on a terminal (carriage return, the line,
/// erase to its end); a failed write is ignored.
pub fn progress_in_place(line: &str) {
    let safe = crate::cable::sanitize::shown(line);
    let _ = write!(std::io::stderr(), "\r{safe}\x1b[K");
}

/// End a line started by [`progress_in_place`].
pub fn end_progress() {
    let _ = writeln!(std::io::stderr());
}
