//! The invariants every fuzz target checks on what a reader makes of its input, beyond "no
//! panic": no string anywhere in a read cable (every field, as its JSON form shows them)
//! holds a character that is unsafe on a terminal (C0 but tab and newline, DEL, C1, bidi
//! controls, zero-width and invisible formatting), and the id follows the id grammar or is
//! empty (rejected). `tests/hostile_props.rs` checks the same at `cargo test` speed.

use cables::archive::build::parse_raw;
use cables::archive::source::RawCable;
use cables::cable::{Cable, sanitize};

/// Panics (a finding) when `cable` breaks an invariant.
pub fn check(cable: &Cable) {
    if let Some(broken) = sanitize::broken_promise(cable) {
        panic!("{broken}");
    }
}

/// Parses a source's record as the archive does, and checks the cable.
pub fn check_raw(raw: &RawCable) -> Cable {
    let cable = parse_raw(raw);
    check(&cable);
    cable
}
