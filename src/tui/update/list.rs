//! `update` for the list pane's commands (split from `update/mod.rs` to keep files small).

use super::App;
use crate::archive::catalog::SortKey;
use crate::tui::action::{Command, LoadPurpose};
use crate::tui::effect::Effect;
use crate::tui::state::list::{ListState, SortJob};
use crate::tui::state::{Overlay, PromptPurpose, PromptState, filter};
use std::sync::Arc;

/// Apply a list command.
pub fn command(app: &mut App, c: Command) -> Vec<Effect> {
    let archive = Arc::clone(&app.archive);
    let page = app.list.height.max(1) as isize;
    match c {
        Command::MoveDown => app.list.move_by(1),
        Command::MoveUp => app.list.move_by(-1),
        Command::PageDown => app.list.move_by(page),
        Command::PageUp => app.list.move_by(-page),
        Command::HalfPageDown => app.list.move_by(page / 2),
        Command::HalfPageUp => app.list.move_by(-page / 2),
        Command::Top => app.list.to_edge(false),
        Command::Bottom => app.list.to_edge(true),
        Command::Open => {
            return match app.list.selected_index() {
                Some(index) => vec![app.load(index, LoadPurpose::Open)],
                None => {
                    app.say("no cable selected", true);
                    Vec::new()
                }
            };
        }
        Command::Close => return app.quit(),
        Command::SortNext => return sorted(app, |list| list.sort_next(&archive)),
        Command::SortReverse => app.list.reverse(),
        Command::SortDate => return sort_by(app, SortKey::Date),
        Command::SortId => return sort_by(app, SortKey::Id),
        Command::SortOrigin => return sort_by(app, SortKey::Origin),
        Command::SortClassification => return sort_by(app, SortKey::Classification),
        Command::SortCited => return sort_by(app, SortKey::Cited),
        Command::EditFilter => {
            let history = app.prompt_history(PromptPurpose::Filter);
            app.overlays.push(Overlay::Prompt(PromptState::new(
                PromptPurpose::Filter,
                &filter::describe(&app.list.filter),
                history,
            )));
            app.preview_filter();
            return Vec::new();
        }
        Command::SearchKeywords => return app.open_palette("/"),
        Command::ClearFilter => {
            return sorted(app, |list| list.set_filter(&archive, Default::default()));
        }
        Command::ToggleFacets => {
            app.list.show_facets = !app.list.show_facets;
            app.list.facets_chosen = true;
            app.fit();
        }
        _ => return Vec::new(),
    }
    app.preview()
}

/// Sort the list by `key` (see [`sorted`]).
fn sort_by(app: &mut App, key: SortKey) -> Vec<Effect> {
    let archive = Arc::clone(&app.archive);
    sorted(app, |list| list.sort_by(&archive, key))
}

/// Start a sort (or a new filter) with `start`: a long list's goes to a worker (its rows
/// stay until the sorted ones come); the preview follows the new selection either way.
pub(super) fn sorted(
    app: &mut App,
    start: impl FnOnce(&mut ListState) -> Option<SortJob>,
) -> Vec<Effect> {
    let job = start(&mut app.list);
    let mut effects: Vec<Effect> = job.map(Effect::SortRows).into_iter().collect();
    if app.list.sorting.is_none() {
        effects.extend(app.preview());
    }
    effects
}
