//! The invariants every fuzz target checks on what a reader makes of its input, beyond "no
//! panic": no string anywhere in a read cable (every field, as its JSON form shows them)
//! holds a character that is unsafe on a terminal (C0 but tab and newline, DEL, C1, bidi
//! controls, zero-width and invisible formatting), and the id follows the id grammar or is
//! empty (rejected). `tests/hostile_props.rs` checks the same at `cargo test` speed.

use cables::archive::build::parse_raw;
use cables::archive::source::RawCable;
use cables::cable::{Cable, ids, sanitize};

/// Panics (a finding) when `cable` breaks an invariant.
pub fn check(cable: &Cable) {
    let value = serde_json::to_value(cable).expect("a cable serializes");
    let mut strings = Vec::new();
    collect(&value, &mut strings);
    for s in strings {
        assert!(
            !s.chars().any(sanitize::is_unsafe_char),
            "unsafe character in {s:?}"
        );
    }
    assert!(
        cable.id.is_empty() || ids::is_valid_id(&cable.id),
        "id {:?} is not an id",
        cable.id
    );
}

/// Parses a source's record as the archive does, and checks the cable.
pub fn check_raw(raw: &RawCable) -> Cable {
    let cable = parse_raw(raw);
    check(&cable);
    cable
}

fn collect<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, i)| {
            out.push(k);
            collect(i, out)
        }),
        _ => {}
    }
}
