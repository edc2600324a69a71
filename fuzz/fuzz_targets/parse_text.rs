//! The parser on any bytes, as `cables parse` and the text format read them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cables_fuzz::check(&cables::cable::parse_bytes(data));
});
