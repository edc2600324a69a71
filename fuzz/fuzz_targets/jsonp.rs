//! A JSONP page of cables (`cablegrab({"items": [...]})`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for raw in cables::archive::source::json::parse_jsonp(data).unwrap_or_default() {
        cables_fuzz::check_raw(&raw);
    }
});
