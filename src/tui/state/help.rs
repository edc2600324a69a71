//! Help: pages the user switches between (`Tab`/`→` and `Shift-Tab`/`←`): every key (from the
//! keymap, so it follows overrides), the filter syntax, the search syntax and the palette's
//! prefixes. Lines are laid out for a width here, so `update` scrolls by the lines the view
//! draws; nothing is cut: a long description wraps under itself.

use crate::tui::keymap::{Context, Keymap};
use crate::tui::wrap::wrap;

/// A page of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Keys,
    Filter,
    Search,
    Palette,
}

impl HelpPage {
    /// Every page, in the order `Tab` walks them.
    pub const ALL: [HelpPage; 4] = [
        HelpPage::Keys,
        HelpPage::Filter,
        HelpPage::Search,
        HelpPage::Palette,
    ];

    /// The page's name in the box's title.
    pub fn name(self) -> &'static str {
        match self {
            HelpPage::Keys => "Keys",
            HelpPage::Filter => "Filter",
            HelpPage::Search => "Search",
            HelpPage::Palette => "Palette",
        }
    }

    /// The next page (`forward`) or the previous one, wrapping around.
    pub fn step(self, forward: bool) -> HelpPage {
        let n = HelpPage::ALL.len();
        let i = HelpPage::ALL.iter().position(|p| *p == self).unwrap_or(0);
        HelpPage::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// The help overlay: its page, the scroll position, and the context it was opened from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpState {
    pub page: HelpPage,
    pub scroll: usize,
    /// The context help was opened from; its keys are listed first.
    pub context: Context,
}

/// One line of a help page: a section title, or a term (keys, syntax) and a line of its
/// description (the term only on the description's first line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Title(String),
    Entry {
        term: String,
        text: String,
    },
    /// A line of a section's introduction, across the whole box.
    Note(String),
    Blank,
}

/// The filter page: `f` in the list, `cables list` and `cables export`.
const FILTER: &[(&str, &str)] = &[
    (
        "# The filter",
        "f in the list (F clears it); the same words after cables list and cables export",
    ),
    (
        "tag:PHUM",
        "cables with that TAGS code; several tags: every one",
    ),
    ("PHUM KTIP", "bare words are tags"),
    (
        "origin:dushanbe",
        "the sending post, any part of its name; several origins: any of them",
    ),
    (
        "origin:buenos_aires",
        "an origin of several words, joined by _ (\"buenos aires\")",
    ),
    ("year:2009", "the year of the cable"),
    ("year:2008-2010", "a range of years (2008..2010 too)"),
    (
        "class:secret",
        "the classification: u, sbu, c, s (confidential, secret...); several: any",
    ),
    (
        "copies:hide",
        "a cable read from several files listed once (only: just those, every copy; all)",
    ),
    ("t: o: y: c:", "short names of tag, origin, year, class"),
    ("", ""),
    ("# While typing", ""),
    (
        "count",
        "how many cables the filter keeps is shown as you type",
    ),
    ("up, down", "the filters entered earlier in this session"),
    (
        "errors",
        "an unknown field or a bad value is named (unknown filter field `foo`)",
    ),
];

/// The search page: the palette's `/`, `*`, `cables search` and `cables export`.
const SEARCH: &[(&str, &str)] = &[
    (
        "# Keyword search",
        "the palette's / mode (/ in the list, : then /), * on a reference or tag, cables search",
    ),
    ("heroin opium", "every word, in the same cable"),
    (
        "\"drug trafficking\"",
        "the exact phrase, inside a paragraph",
    ),
    ("opium OR poppy", "either word"),
    ("-afghanistan", "cables without that word"),
    (
        "traffick*",
        "words starting so; in the palette the last word typed is one too",
    ),
    (
        "field:value",
        "tag, origin, year, class: the filter's fields (see the Filter page)",
    ),
    (
        "origin:\"buenos aires\"",
        "an origin of several words (or buenos_aires)",
    ),
    (
        "ref:09STATE59732",
        "the cables whose REF lines cite that cable",
    ),
    ("", ""),
    ("# Matching", ""),
    ("case, accents", "ignored: elysee finds ÉLYSÉE"),
    ("subject", "searched too, as paragraph 0 (the header)"),
    (
        "order",
        "best cables first (BM25); filters or a prefix alone: newest first",
    ),
    ("", ""),
    ("# Results", ""),
    (
        "enter",
        "opens the cable at its paragraph holding the most words, highlighted",
    ),
    (
        ") (",
        "then walk every cable of the result set, first hit of each",
    ),
    (
        "/ in the reader",
        "searches the open cable; n N walk its hits",
    ),
];

/// The palette page: what its prefixes do.
const PALETTE: &[(&str, &str)] = &[
    (
        "# The palette",
        "ctrl-p or : on any screen; Esc returns exactly where you were",
    ),
    ("(empty)", "the cables you opened recently, newest first"),
    (
        "tip tajik",
        "cables by id, subject, origin and tags, fuzzily; an exact id first",
    ),
    (">sort id", "commands, with their keys; Enter runs one"),
    (
        "#ktip",
        "TAGS codes with their meaning and counts; Enter filters the list",
    ),
    (
        "@dushanbe",
        "sending posts with counts; Enter filters the list",
    ),
    (
        "/victim referral",
        "keyword search of every cable (see the Search page)",
    ),
    (
        "¶12, ¶A, 12",
        "in a cable: the paragraph with that label; Enter jumps there",
    ),
    ("", ""),
    ("# Keys", ""),
    ("up, down, ctrl-p, ctrl-n", "move the selection"),
    (
        "pgup, pgdn",
        "a page at a time; a keyword search loads more as you go",
    ),
    ("enter", "act on the selected row"),
    ("esc, ctrl-c", "close"),
];

impl HelpState {
    /// Help on its first page, opened from `context`.
    pub fn new(context: Context) -> HelpState {
        HelpState {
            page: HelpPage::Keys,
            scroll: 0,
            context,
        }
    }

    /// The lines of the current page for a box `width` columns wide: terms in a column of
    /// [`term_width`] columns, descriptions wrapped in the rest.
    pub fn lines(&self, keymap: &Keymap, width: usize) -> Vec<HelpLine> {
        let text_w = width.saturating_sub(term_width(width) + 1).max(8);
        let mut out = Vec::new();
        let table = match self.page {
            HelpPage::Keys => {
                for (title, keys, desc) in keymap.help_lines(self.context) {
                    match (title, keys.is_empty()) {
                        (true, _) => out.push(HelpLine::Title(keys)),
                        (false, true) => out.push(HelpLine::Blank),
                        (false, false) => entry(&mut out, &keys, &desc, text_w),
                    }
                }
                return out;
            }
            HelpPage::Filter => FILTER,
            HelpPage::Search => SEARCH,
            HelpPage::Palette => PALETTE,
        };
        for (term, text) in table {
            if let Some(title) = term.strip_prefix("# ") {
                out.push(HelpLine::Title(title.to_string()));
                let note = wrap(text, width).into_iter().filter(|r| !r.is_empty());
                out.extend(note.map(|r| HelpLine::Note(text[r].to_string())));
            } else if term.is_empty() {
                out.push(HelpLine::Blank);
            } else {
                entry(&mut out, term, text, text_w);
            }
        }
        out
    }
}

/// A term and its description wrapped at `text_w` columns, the term on the first line.
fn entry(out: &mut Vec<HelpLine>, term: &str, text: &str, text_w: usize) {
    for (i, r) in wrap(text, text_w).into_iter().enumerate() {
        out.push(HelpLine::Entry {
            term: if i == 0 {
                term.to_string()
            } else {
                String::new()
            },
            text: text[r].to_string(),
        });
    }
}

/// Columns of the term column in a box `width` wide.
pub fn term_width(width: usize) -> usize {
    24.min(width / 3)
}
