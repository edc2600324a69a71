//! A cable site's HTML page, decoded from bytes as the archive decodes a file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = cables::cable::sanitize::decode(data);
    if let Ok(raw) = cables::archive::source::html::raw_cable(&page) {
        cables_fuzz::check_raw(&raw);
    }
});
