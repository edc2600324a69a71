//! The demo archive: five cables embedded in the binary, indexed in RAM in milliseconds.

use super::fulltext::TextIndex;
use super::lazy_index::LazyIndex;
use super::source::Locator;
use super::table::{TableBuilder, Traits};
use super::{Archive, CableMeta, Warning};
use crate::cable::Cable;
use std::sync::OnceLock;

/// The demo cables, embedded in the binary: (file name, text).
pub const DEMO: &[(&str, &str)] = &[
    (
        "09DUSHANBE1319.txt",
        include_str!("../../demo_data/09DUSHANBE1319.txt"),
    ),
    (
        "09STATE60639.txt",
        include_str!("../../demo_data/09STATE60639.txt"),
    ),
    (
        "06DUSHANBE50.txt",
        include_str!("../../demo_data/06DUSHANBE50.txt"),
    ),
    (
        "07DUSHANBE1057.txt",
        include_str!("../../demo_data/07DUSHANBE1057.txt"),
    ),
    (
        "10DUSHANBE170.txt",
        include_str!("../../demo_data/10DUSHANBE170.txt"),
    ),
];

/// Parse a demo cable; its file name is its canonical id, which gives the year a text
/// without a date-time group lacks.
pub(super) fn parse_demo(name: &str, text: &str) -> Cable {
    let mut cable = crate::cable::parse(text);
    cable.apply_id_hint(name);
    cable
}

impl Archive {
    /// The embedded demo archive (in-RAM index, built in milliseconds).
    pub fn demo() -> Archive {
        #[allow(
            clippy::expect_used,
            reason = "an in-RAM index over a fixed schema needs no input and no I/O: failing is a bug"
        )]
        let index = TextIndex::in_ram().expect("an in-RAM index can always be created");
        let mut archive = Archive::empty("demo", Vec::new(), LazyIndex::Open(index));
        let mut table = TableBuilder::default();
        let built = (|| {
            let index = archive.index.get()?;
            let writer = index.writer(1, 15_000_000)?;
            for (n, (name, text)) in DEMO.iter().enumerate() {
                let cable = parse_demo(name, text);
                index.add_cable(&writer, 0, n as u32, Locator::Demo(n as u32), &cable)?;
                let traits = Traits {
                    partial: cable.partial.is_some(),
                    redacted: text.contains(Traits::REDACTION),
                    release: 0,
                };
                let meta = CableMeta::of(&cable, "");
                table.push(
                    &meta,
                    name,
                    Locator::Demo(n as u32),
                    traits,
                    &cable.references,
                );
            }
            index.commit(writer)
        })();
        if let Err(e) = built {
            archive.warnings.push(Warning::new("demo", e.to_string()));
        }
        archive.len = table.len();
        // One shelf, named `demo:`, whose documents have key 0.
        archive.firsts = vec![0];
        archive.shown = OnceLock::from(vec![OnceLock::from("demo:".to_string())]);
        archive.tables = OnceLock::from(table.finish());
        archive.by_key = OnceLock::from(rustc_hash::FxHashMap::from_iter([(0, 0)]));
        archive
    }
}
