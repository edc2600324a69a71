//! One cables.csv row, as the archive reads a row again from its span.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = cables::archive::source::csv::parse_row(data) {
        cables_fuzz::check_raw(&raw);
    }
});
