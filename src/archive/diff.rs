//! What changed between two copies of a cable: the metadata that differs, then the
//! paragraphs aligned (equal paragraphs anchor the alignment; the ones between are paired in
//! order) and marked word by word, so a redaction (`XXXXXXXXXXXX` in the 2010 site release
//! against the names in cables.csv) shows as the words it replaced.

use super::Archive;
use super::ArchiveError;
use super::copies::CopyInfo;
use crate::cable::{Cable, Paragraph};
use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

/// A field whose value differs between the two copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub a: String,
    pub b: String,
}

/// How a stretch of words of a paragraph compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Same,
    /// Only in the first copy.
    Removed,
    /// Only in the second copy.
    Added,
}

/// A run of text with one mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub mark: Mark,
    pub text: String,
}

/// One aligned paragraph: in both copies (changed or the same), or in one only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphDiff {
    /// The paragraph's label in the first copy (`5`, `#3` without one), else in the second.
    pub label: String,
    /// Its text as pieces: all `Same` when both copies agree.
    pub pieces: Vec<Piece>,
}

impl ParagraphDiff {
    /// True when the two copies differ here.
    pub fn changed(&self) -> bool {
        self.pieces.iter().any(|p| p.mark != Mark::Same)
    }
}

/// Two copies of a cable compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyDiff {
    pub id: String,
    pub a: CopyInfo,
    pub b: CopyInfo,
    /// Date, classification, subject... where they differ.
    pub fields: Vec<FieldChange>,
    /// Every paragraph, in the order of the text.
    pub paragraphs: Vec<ParagraphDiff>,
}

impl CopyDiff {
    /// The paragraphs that differ, in the order of the text.
    pub fn changed(&self) -> impl Iterator<Item = &ParagraphDiff> {
        self.paragraphs.iter().filter(|p| p.changed())
    }
}

impl Archive {
    /// Compare cables `a` and `b` (two copies of one cable, as [`Archive::copies_of`] lists
    /// them), each read again from its source.
    pub fn diff(&self, a: usize, b: usize) -> Result<CopyDiff, ArchiveError> {
        let (x, y) = (self.cable(a)?, self.cable(b)?);
        let mut diff = diff_cables(&x, &y);
        diff.a = self.copy_info(a);
        diff.b = self.copy_info(b);
        Ok(diff)
    }
}

/// The label of a paragraph as the reader shows it.
fn label(p: &Paragraph) -> String {
    p.label.clone().unwrap_or_else(|| format!("#{}", p.n))
}

/// A paragraph's text as read: its marking, then its words.
fn text(p: &Paragraph) -> String {
    match &p.marking {
        Some(m) => format!("({m}) {}", p.text),
        None => p.text.clone(),
    }
}

/// Compare two parsed cables (the copies' sources are left empty).
pub fn diff_cables(x: &Cable, y: &Cable) -> CopyDiff {
    let mut fields = Vec::new();
    let date = |c: &Cable| c.date.map(|d| d.to_string()).unwrap_or_default();
    let pairs: [(&'static str, String, String); 7] = [
        ("date", date(x), date(y)),
        (
            "classification",
            x.classification.to_string(),
            y.classification.to_string(),
        ),
        ("caveats", x.caveats.join(", "), y.caveats.join(", ")),
        ("origin", x.origin.clone(), y.origin.clone()),
        ("subject", x.subject.clone(), y.subject.clone()),
        ("tags", x.tags.join(", "), y.tags.join(", ")),
        (
            "references",
            x.references.join(", "),
            y.references.join(", "),
        ),
    ];
    for (field, a, b) in pairs {
        if a != b {
            fields.push(FieldChange { field, a, b });
        }
    }
    let (xs, ys): (Vec<String>, Vec<String>) = (
        x.paragraphs.iter().map(text).collect(),
        y.paragraphs.iter().map(text).collect(),
    );
    let (xl, yl): (Vec<String>, Vec<String>) = (
        x.paragraphs.iter().map(label).collect(),
        y.paragraphs.iter().map(label).collect(),
    );
    // (label, text) of paragraphs `start..start + len` of one copy.
    let part = |labels: &[String], texts: &[String], start: usize, len: usize| {
        let range = start..start + len;
        let labels = labels.get(range.clone()).unwrap_or_default().to_vec();
        let texts = texts.get(range).unwrap_or_default().to_vec();
        labels
            .into_iter()
            .zip(texts)
            .collect::<Vec<(String, String)>>()
    };
    let piece = |mark: Mark, t: &str| {
        vec![Piece {
            mark,
            text: t.to_string(),
        }]
    };
    let mut paragraphs = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Patience, &xs, &ys) {
        let (a, b) = match op {
            DiffOp::Equal { old_index, len, .. } => {
                for (label, t) in part(&xl, &xs, old_index, len) {
                    paragraphs.push(ParagraphDiff {
                        label,
                        pieces: piece(Mark::Same, &t),
                    });
                }
                continue;
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => (part(&xl, &xs, old_index, old_len), Vec::new()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (Vec::new(), part(&yl, &ys, new_index, new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                part(&xl, &xs, old_index, old_len),
                part(&yl, &ys, new_index, new_len),
            ),
        };
        // Paired in order; what is left over is in one copy only.
        let mut b = b.into_iter();
        for (label, t) in a {
            let pieces = match b.next() {
                Some((_, u)) => words(&t, &u),
                None => piece(Mark::Removed, &t),
            };
            paragraphs.push(ParagraphDiff { label, pieces });
        }
        for (label, u) in b {
            paragraphs.push(ParagraphDiff {
                label,
                pieces: piece(Mark::Added, &u),
            });
        }
    }
    let none = CopyInfo {
        source: String::new(),
        format: "",
        released: None,
        partial: false,
        redacted: false,
    };
    CopyDiff {
        id: x.id.clone(),
        a: none.clone(),
        b: none,
        fields,
        paragraphs,
    }
}

/// Two texts marked word by word (runs of one mark merged).
fn words(a: &str, b: &str) -> Vec<Piece> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(a, b);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let mark = match change.tag() {
            ChangeTag::Equal => Mark::Same,
            ChangeTag::Delete => Mark::Removed,
            ChangeTag::Insert => Mark::Added,
        };
        match pieces.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(change.value()),
            _ => pieces.push(Piece {
                mark,
                text: change.value().to_string(),
            }),
        }
    }
    pieces
}

/// A paragraph's pieces as plain text with wdiff's marks: `[-removed-]{+added+}`.
pub fn marked(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        let (open, close) = match p.mark {
            Mark::Same => {
                out.push_str(&p.text);
                continue;
            }
            Mark::Removed => ("[-", "-]"),
            Mark::Added => ("{+", "+}"),
        };
        out.push_str(open);
        out.push_str(p.text.trim_end());
        out.push_str(close);
        if p.text.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cable(paragraphs: &[&str], subject: &str) -> Cable {
        Cable {
            id: "09X1".into(),
            subject: subject.into(),
            paragraphs: paragraphs
                .iter()
                .enumerate()
                .map(|(n, t)| Paragraph {
                    n: n as u32 + 1,
                    label: Some((n + 1).to_string()),
                    text: t.to_string(),
                    marking: None,
                    kind: crate::cable::ParagraphKind::Numbered,
                })
                .collect(),
            ..Cable::default()
        }
    }

    #[test]
    fn a_redaction_shows_as_the_words_it_replaced() {
        let a = cable(
            &[
                "Talks resumed.",
                "State Secretary Ola Hansen told us so.",
                "End.",
            ],
            "TALKS",
        );
        let b = cable(
            &["Talks resumed.", "XXXXXXXXXXXX told us so.", "End."],
            "TALKS",
        );
        let d = diff_cables(&a, &b);
        assert!(d.fields.is_empty());
        assert_eq!(d.paragraphs.len(), 3);
        let changed: Vec<&ParagraphDiff> = d.changed().collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].label, "2");
        assert_eq!(
            marked(&changed[0].pieces),
            "[-State Secretary Ola Hansen-]{+XXXXXXXXXXXX+} told us so."
        );
    }

    #[test]
    fn paragraphs_in_one_copy_only_and_metadata_are_listed() {
        let a = cable(&["One.", "Two.", "Three."], "OLD SUBJECT");
        let b = cable(&["One.", "Three.", "Four."], "NEW SUBJECT");
        let d = diff_cables(&a, &b);
        assert_eq!(
            d.fields,
            [FieldChange {
                field: "subject",
                a: "OLD SUBJECT".into(),
                b: "NEW SUBJECT".into()
            }]
        );
        let marks: Vec<(String, String)> = d
            .paragraphs
            .iter()
            .map(|p| (p.label.clone(), marked(&p.pieces)))
            .collect();
        assert_eq!(
            marks,
            [
                ("1".to_string(), "One.".to_string()),
                ("2".to_string(), "[-Two.-]".to_string()),
                ("3".to_string(), "Three.".to_string()),
                ("3".to_string(), "{+Four.+}".to_string()),
            ]
        );
        // The same cable twice: nothing changed.
        assert_eq!(diff_cables(&a, &a).changed().count(), 0);
    }
}
