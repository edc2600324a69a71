//! The reading-quality measure over a folder of sources: every cable read as the archive reads
//! it (source readers, `parse_raw`, plain texts that are not cables left out), checked with
//! [`crate::cable::quality::defects`].

use super::build::parse_raw;
use super::source::{self, Format, walk};
use crate::cable::quality::{self, Defect};
use std::collections::BTreeMap;
use std::path::Path;

/// One cable of the measure.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The first folder under the root (`cablegate-html-2011`), or the file name.
    pub folder: String,
    /// Path under the root plus the row suffix (`cables-csv-by-origin/Embassy_Sanaa#row3`).
    pub source: String,
    /// The cable's id as the archive lists it.
    pub id: String,
    pub defects: Vec<Defect>,
    /// The opening words of the numbered paragraphs lost (see [`quality::lost_openings`]).
    pub lost: Vec<String>,
    /// For each furniture or residue class: the start of the first paragraph showing it.
    pub evidence: Vec<(Defect, String)>,
}

/// Counts for one folder.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub cables: usize,
    /// Cables with no defect at all.
    pub clean: usize,
    /// Cables per class, in [`Defect::ALL`] order.
    pub counts: [usize; Defect::ALL.len()],
}

/// Every cable under `root`, with its defects.
pub fn measure(root: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    for f in walk::walk(root, &mut |_, _| {}) {
        let Ok(format) = source::detect(&f.path) else {
            continue;
        };
        let folder = f.rel.split(['/', '\\']).next().unwrap_or("").to_string();
        let mut raws = Vec::new();
        let _ = source::scan(
            &f.path,
            format,
            &mut |_, raw| raws.push(raw),
            &mut |_, _| {},
        );
        for raw in raws {
            let cable = parse_raw(&raw);
            if format == Format::Text && !cable.looks_like_cable() {
                continue;
            }
            out.push(Entry {
                folder: folder.clone(),
                source: format!("{}{}", f.rel, raw.suffix),
                id: cable.id.clone(),
                defects: quality::defects(&raw.text, &cable),
                lost: quality::lost_openings(&raw.text, &cable),
                evidence: quality::shown_defects(&raw.text, &cable)
                    .into_iter()
                    .map(|(d, i)| {
                        let text = &cable.paragraphs[i].text;
                        let end = text.floor_char_boundary(240);
                        (d, text[..end].to_string())
                    })
                    .collect(),
            });
        }
    }
    out
}

/// Counts per folder (the key `""` holds the whole).
pub fn tally(entries: &[Entry]) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for e in entries {
        for key in [String::new(), e.folder.clone()] {
            let t = out.entry(key).or_default();
            t.cables += 1;
            if e.defects.is_empty() {
                t.clean += 1;
            }
            for d in &e.defects {
                if let Some(i) = Defect::ALL.iter().position(|a| a == d) {
                    t.counts[i] += 1;
                }
            }
        }
    }
    out
}
