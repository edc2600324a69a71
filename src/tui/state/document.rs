//! A cable laid out for reading: header fields and paragraphs as blocks of display text
//! with their highlight spans. Independent of the width; `Wrapped` does the lines.

use crate::cable::spans::{self, Span};
use crate::cable::{Cable, ParagraphKind, tags};
use crate::tui::layout::GUTTER;
use crate::tui::theme::Role;
use crate::tui::wrap::{Wrapped, width};

/// Columns of the label of a header field (`References `).
pub const FIELD_LABEL: u16 = 12;

/// Between items of a header list: the no-break space keeps the dot with the item before,
/// so a wrapped line never starts with a separator.
const SEP: &str = "\u{a0}· ";

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A header field with its label (`Date`).
    Field(&'static str),
    /// Body paragraph with this ordinal (`Paragraph::n`), and whether it is a heading.
    Paragraph { n: u32, heading: bool },
    /// An empty line between blocks.
    Gap,
    /// A line of the source text as read (the original view, `o`).
    Source,
}

/// One block of display text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Shown in the gutter on the first line (`¶5`).
    pub gutter: String,
    pub text: String,
    /// The base role of the text.
    pub role: Role,
    /// Highlights over `text`, ordered by start.
    pub spans: Vec<Span>,
}

impl Block {
    /// Columns before the text.
    pub fn indent(&self) -> u16 {
        match self.kind {
            BlockKind::Field(_) => FIELD_LABEL,
            _ => GUTTER,
        }
    }
}

/// The blocks of one cable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

fn field(label: &'static str, text: String, role: Role, spans: Vec<Span>) -> Block {
    Block {
        kind: BlockKind::Field(label),
        gutter: String::new(),
        text,
        role,
        spans,
    }
}

fn gap() -> Block {
    Block {
        kind: BlockKind::Gap,
        gutter: String::new(),
        text: String::new(),
        role: Role::Text,
        spans: Vec::new(),
    }
}

/// Recipients on one line, or every one when `expanded`.
fn recipients(cable: &Cable, expanded: bool) -> String {
    let all: Vec<&str> = cable
        .to
        .iter()
        .chain(cable.info.iter())
        .map(String::as_str)
        .collect();
    match all.split_first() {
        None => "—".to_string(),
        Some((first, rest)) if !expanded && !rest.is_empty() => {
            format!("{first}{SEP}+{} more (e to expand)", rest.len())
        }
        _ => {
            let to = cable.to.join(SEP);
            if cable.info.is_empty() {
                to
            } else {
                format!("{to}{SEP}info: {}", cable.info.join(SEP))
            }
        }
    }
}

impl Document {
    /// The source text as read, one block per line (blank lines kept), for the original view.
    pub fn source(text: &str) -> Document {
        let blocks = text
            .lines()
            .map(|l| Block {
                kind: BlockKind::Source,
                gutter: String::new(),
                text: l.trim_end().to_string(),
                role: Role::Text,
                spans: Vec::new(),
            })
            .collect();
        Document { blocks }
    }

    /// Lay out `cable`; `expanded` shows every recipient; `extra` fields (label, text) come
    /// after the cable's own header.
    pub fn new(cable: &Cable, expanded: bool, extra: &[(&'static str, String)]) -> Document {
        let mut blocks = Vec::new();
        let id = if cable.id.is_empty() {
            "(no id)"
        } else {
            &cable.id
        };
        blocks.push(field("Cable", id.to_string(), Role::Title, Vec::new()));
        let mut date = cable
            .date
            .map(|d| format!("{} {:02}:{:02}Z", d.iso_date(), d.hour, d.minute))
            .unwrap_or_else(|| "unknown date".into());
        if let Some(p) = &cable.precedence {
            date.push_str(SEP);
            date.push_str(&p.name);
        }
        blocks.push(field("Date", date, Role::Text, Vec::new()));
        let mut class = cable.classification.as_str().to_string();
        for c in &cable.caveats {
            class.push_str(SEP);
            class.push_str(c);
        }
        blocks.push(field(
            "Class",
            class,
            Role::of_class(cable.classification),
            Vec::new(),
        ));
        let origin = if cable.origin.is_empty() {
            cable.from.clone()
        } else {
            cable.origin.clone()
        };
        if !origin.is_empty() {
            blocks.push(field("From", origin, Role::Text, Vec::new()));
        }
        blocks.push(field(
            "To",
            recipients(cable, expanded),
            Role::Text,
            Vec::new(),
        ));
        if !cable.tags.is_empty() {
            let mut text = String::new();
            let mut spans_out = Vec::new();
            for (i, t) in cable.tags.iter().enumerate() {
                if i > 0 {
                    text.push_str(SEP);
                }
                let start = text.len();
                text.push_str(t);
                spans_out.push(Span {
                    range: start..text.len(),
                    kind: spans::SpanKind::Tag,
                });
                if let Some(m) = tags::meaning(t) {
                    text.push(' ');
                    text.push_str(m);
                }
            }
            blocks.push(field("Tags", text, Role::Text, spans_out));
        }
        blocks.push(field(
            "Subject",
            cable.subject.clone(),
            Role::Title,
            Vec::new(),
        ));
        if !cable.references.is_empty() {
            let text = cable.references.join(SEP);
            let spans_out = ref_spans(&text, &cable.references);
            blocks.push(field("References", text, Role::Text, spans_out));
        }
        if !cable.classified_by.is_empty() {
            blocks.push(field(
                "Class. by",
                cable.classified_by.clone(),
                Role::Text,
                Vec::new(),
            ));
        }
        for (label, text) in extra {
            blocks.push(field(label, text.clone(), Role::Muted, Vec::new()));
        }
        for p in &cable.paragraphs {
            blocks.push(gap());
            let heading = p.kind == ParagraphKind::Heading;
            let mut text = String::new();
            if let Some(m) = &p.marking {
                text.push('(');
                text.push_str(m);
                text.push_str(") ");
            }
            text.push_str(&p.text);
            let mut spans_out = spans::paragraph_spans(&text, &cable.tags);
            if let Some(m) = &p.marking {
                // The parser's marking is authoritative even when the text form is unusual.
                spans_out.retain(|s| s.range.start > m.len() + 1);
                let level = spans::marking_level(m).unwrap_or(cable.classification);
                spans_out.insert(
                    0,
                    Span {
                        range: 0..m.len() + 2,
                        kind: spans::SpanKind::Marking(level),
                    },
                );
            }
            let gutter = match &p.label {
                Some(l) => format!("¶{l}"),
                None => String::new(),
            };
            blocks.push(Block {
                kind: BlockKind::Paragraph { n: p.n, heading },
                gutter,
                text,
                role: if heading { Role::Title } else { Role::Text },
                spans: spans_out,
            });
        }
        Document { blocks }
    }

    /// Wrap every block for a pane `pane_width` columns wide.
    pub fn wrap(&self, pane_width: u16) -> Wrapped {
        let text_w = crate::tui::layout::text_width(pane_width);
        Wrapped::new(
            self.blocks.iter().map(|b| {
                let w = (text_w + GUTTER).saturating_sub(b.indent()).max(1);
                (b.text.as_str(), w)
            }),
            pane_width,
        )
    }

    /// Index of paragraph blocks, in order.
    pub fn paragraph_blocks(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b.kind {
                BlockKind::Paragraph { n, .. } => Some((i, n)),
                _ => None,
            })
    }

    /// Display width of the widest gutter label.
    pub fn gutter_width(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| width(&b.gutter))
            .max()
            .unwrap_or(0)
    }
}

fn ref_spans(text: &str, refs: &[String]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    for r in refs {
        if let Some(at) = text.get(from..).and_then(|t| t.find(r.as_str())) {
            let start = from + at;
            out.push(Span {
                range: start..start + r.len(),
                kind: spans::SpanKind::Reference,
            });
            from = start + r.len();
        }
    }
    out
}
