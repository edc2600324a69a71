//! One line of a JSON-lines dump.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = cables::archive::source::json::parse_line(data) {
        cables_fuzz::check_raw(&raw);
    }
});
