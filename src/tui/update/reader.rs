//! `update` for the reader pane's commands (split from `update/mod.rs` to keep files small).

use super::App;
use crate::tui::action::{Command, LoadPurpose};
use crate::tui::clipboard;
use crate::tui::effect::Effect;
use crate::tui::layout::Pane;
use crate::tui::state::{HeaderLink, Overlay, PromptPurpose, PromptState, ReferencesState};

/// Apply a reader command.
pub fn command(app: &mut App, c: Command) -> Vec<Effect> {
    let archive = std::sync::Arc::clone(&app.archive);
    let Some(r) = app.reader.as_mut() else {
        return Vec::new();
    };
    let page = r.page();
    match c {
        Command::MoveDown => r.scroll(1),
        Command::MoveUp => r.scroll(-1),
        Command::PageDown => r.scroll(page),
        Command::PageUp => r.scroll(-page),
        Command::HalfPageDown => r.scroll((r.rows / 2).max(1) as isize),
        Command::HalfPageUp => r.scroll(-((r.rows / 2).max(1) as isize)),
        Command::Top => r.to_edge(false),
        Command::Bottom => r.to_edge(true),
        Command::NextParagraph => r.jump_paragraph(true),
        Command::PrevParagraph => r.jump_paragraph(false),
        Command::ToggleRecipients => r.toggle_recipients(),
        Command::ToggleOriginal => {
            let said = if r.original.is_some() {
                r.show_original(None);
                Ok("the reflowed cable")
            } else {
                archive
                    .source_text(r.index)
                    .map(|text| {
                        r.show_original(Some(text));
                        "the original, as read from the source (o: back to the reflowed cable)"
                    })
                    .map_err(|e| format!("cannot read the original: {e}"))
            };
            match said {
                Ok(m) => app.say(m, false),
                Err(m) => app.say(m, true),
            }
        }
        Command::NextCopy => {
            let copies = archive.copies_of(r.index);
            if copies.len() < 2 {
                app.say("this cable is in one file only", false);
                return Vec::new();
            }
            let at = copies.iter().position(|&c| c == r.index).unwrap_or(0);
            let next = copies[(at + 1) % copies.len()];
            app.pending_anchor = Some(r.anchor());
            let info = archive.copy_info(next);
            app.say(
                format!(
                    "copy {} of {}: {}",
                    (at + 1) % copies.len() + 1,
                    copies.len(),
                    info.describe()
                ),
                false,
            );
            return vec![app.load(next, LoadPurpose::Copy)];
        }
        Command::DiffCopies => {
            let copies = archive.copies_of(r.index);
            // The open copy against the best one; the best against the next.
            let other = match copies.as_slice() {
                [best, next, ..] if *best == r.index => Some(*next),
                [best, ..] if *best != r.index => Some(*best),
                _ => None,
            };
            let Some(other) = other else {
                app.say(
                    "this cable is in one file only: no other copy to compare",
                    false,
                );
                return Vec::new();
            };
            let (a, b) = if other == copies[0] {
                (other, r.index)
            } else {
                (r.index, other)
            };
            match archive.diff(a, b) {
                Ok(d) => {
                    let state = crate::tui::state::diff::DiffState::new(d);
                    app.overlays.push(Overlay::Diff(Box::new(state)));
                }
                Err(e) => app.say(format!("cannot compare the copies: {e}"), true),
            }
        }
        Command::Thread => {
            let thread = crate::tui::state::thread::ThreadState::of(&archive, r.index);
            if thread.rows.len() < 2 {
                app.say("this cable cites none and no cable cites it", false);
            } else {
                app.overlays.push(Overlay::Thread(thread));
            }
        }
        Command::PrevInPost | Command::NextInPost => {
            let forward = c == Command::NextInPost;
            return match archive.post_neighbour(r.index, forward) {
                Some(index) => vec![app.load(index, LoadPurpose::Turn)],
                None => {
                    let (edge, post) = match &r.post {
                        Some(p) => (if forward { "last" } else { "first" }, p.origin.clone()),
                        None => ("only", "its post (it names none)".to_string()),
                    };
                    app.say(format!("the {edge} cable from {post}"), false);
                    Vec::new()
                }
            };
        }
        Command::Search => {
            let text = r
                .search
                .as_ref()
                .map(|s| s.query.clone())
                .unwrap_or_default();
            let history = app.prompt_history(PromptPurpose::Search);
            app.overlays.push(Overlay::Prompt(PromptState::new(
                PromptPurpose::Search,
                &text,
                history,
            )));
        }
        Command::NextHit | Command::PrevHit => match &r.search {
            Some(s) if !s.hits.is_empty() => {
                let forward = c == Command::NextHit;
                if r.step_hit(forward) {
                    app.say(
                        if forward {
                            "search hit bottom, continuing at top"
                        } else {
                            "search hit top, continuing at bottom"
                        },
                        false,
                    );
                }
            }
            Some(s) => {
                let q = s.query.clone();
                app.say(format!("not found: {q}"), true);
            }
            None => app.say("no search: press / to search this cable", true),
        },
        Command::References | Command::SearchArchive => {
            let links: Vec<HeaderLink> = r
                .referenced_ids()
                .into_iter()
                .map(|id| {
                    let found = archive.find(&id);
                    HeaderLink::Reference { id, found }
                })
                .chain(r.cable.tags.iter().cloned().map(HeaderLink::Tag))
                .collect();
            if links.is_empty() {
                app.say("this cable has no references and no tags", false);
            } else {
                app.overlays.push(Overlay::References(ReferencesState {
                    items: links,
                    selected: 0,
                }));
            }
        }
        Command::SelectParagraphs => {
            if r.selection.take().is_some() {
                app.say("selection dropped", false);
            } else if let Some(n) = r.current_paragraph() {
                r.selection = Some(n);
                app.say(
                    "selecting paragraphs: move down or up, y copies them, v or Esc drops them",
                    false,
                );
            } else {
                app.say("no paragraph on screen to select", true);
            }
        }
        Command::Copy => return copy(app),
        Command::Back if r.selection.is_some() => {
            r.selection = None;
            app.say("selection dropped", false);
        }
        Command::Back => {
            if let Some(entry) = app.history.pop() {
                app.pending_anchor = Some(entry.anchor);
                return vec![app.load(entry.index, LoadPurpose::Return)];
            }
            close(app);
        }
        Command::Close => close(app),
        _ => {}
    }
    Vec::new()
}

/// `y`: the paragraph on top, or the selection, with its citation, to the clipboard.
fn copy(app: &mut App) -> Vec<Effect> {
    let Some(r) = app.reader.as_mut() else {
        return Vec::new();
    };
    if !app.clipboard {
        app.say(
            "copying is turned off (clipboard = false in config.toml)",
            true,
        );
        return Vec::new();
    }
    if r.original.is_some() {
        app.say("o first: y copies paragraphs of the reflowed cable", true);
        return Vec::new();
    }
    let range = r
        .selected_paragraphs()
        .or_else(|| r.current_paragraph().map(|n| (n, n)));
    let text = range.and_then(|(first, last)| {
        clipboard::quote(&r.cable, first, last, app.archive.name()).map(|t| (first, last, t))
    });
    let Some((first, last, text)) = text else {
        app.say("no paragraph on screen to copy", true);
        return Vec::new();
    };
    if text.len() > clipboard::MAX_BYTES {
        let kb = text.len() / 1000;
        app.say(
            format!("not copied: {kb} kB is more than a terminal takes at once (select fewer paragraphs)"),
            true,
        );
        return Vec::new();
    }
    r.selection = None;
    let name = |n: u32| {
        let label = r.cable.paragraphs.iter().find(|p| p.n == n);
        crate::citation::paragraph_ref(n, label.and_then(|p| p.label.as_deref()))
    };
    let what = if first == last {
        name(first)
    } else {
        format!("{} to {}", name(first), name(last))
    };
    let id = r.cable.id.clone();
    app.say(
        format!(
            "copied {what} of {id} with its citation ({} characters) to the clipboard",
            text.chars().count()
        ),
        false,
    );
    vec![Effect::Copy(text)]
}

/// Leave the reader for the list, its cursor on the cable left (when the list shows it); the
/// cable stays open (Tab returns to it).
fn close(app: &mut App) {
    app.history.clear();
    if let Some(r) = &app.reader {
        app.list.select_cable(r.index);
    }
    app.focus = Pane::List;
    app.fit();
}
