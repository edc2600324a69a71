//! A whole file of any format, as an archive's walk meets it: detected by its content,
//! scanned for cables (with the record cap and the resynchronisation of csv and JSON lines),
//! and each cable read again from where the scan located it, as the reader does when a
//! cable is opened. Beyond the invariants of every cable: what the reader reads again is the
//! cable the scan found.
#![no_main]
use cables::archive::source;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Ok(format) = source::detect_bytes(data) else {
        return;
    };
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if file.write_all(data).and_then(|()| file.flush()).is_err() {
        return;
    }
    let path = file.path();
    let mut found = Vec::new();
    let _ = source::scan(path, format, &mut |loc, raw| found.push((loc, raw)), &mut |_, _| {});
    for (loc, raw) in found {
        let cable = cables_fuzz::check_raw(&raw);
        let again = source::read(path, format, loc)
            .unwrap_or_else(|e| panic!("a cable the scan found at {loc:?} cannot be read again: {e}"));
        let cable_again = cables_fuzz::check_raw(&again);
        assert_eq!(cable.id, cable_again.id, "read again at {loc:?}");
    }
});
