//! `update` for the palette (Ctrl-P or `:` over any screen): typing sends the needle to the
//! matcher as an effect, answers come back as actions, Enter acts on the selected row and
//! Esc closes the overlay, leaving every screen as it was. Also `)`/`(`: walking the last
//! keyword result set cable by cable.

use super::App;
use crate::palette::Mode;
use crate::tui::action::{Action, LoadPurpose, PaletteAction};
use crate::tui::effect::Effect;
use crate::tui::input::{Edit, LineInput};
use crate::tui::layout::Pane;
use crate::tui::state::Overlay;
use crate::tui::state::palette::{PaletteLists, PaletteState, ResultWalk, Target, target_at};
use crate::tui::state::reader::Anchor;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

/// How many recent cables are remembered.
const RECENT: usize = 50;

/// The palette's own keys (the rest edit its input line).
pub fn key(event: &KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let a = match event.code {
        KeyCode::Enter => PaletteAction::Accept,
        KeyCode::Esc => PaletteAction::Cancel,
        KeyCode::Char('c') if ctrl => PaletteAction::Cancel,
        KeyCode::Up => PaletteAction::Move(-1),
        KeyCode::Down => PaletteAction::Move(1),
        KeyCode::Char('p') if ctrl => PaletteAction::Move(-1),
        KeyCode::Char('n') if ctrl => PaletteAction::Move(1),
        KeyCode::PageUp => PaletteAction::Page(false),
        KeyCode::PageDown => PaletteAction::Page(true),
        _ => return None,
    };
    Some(Action::Palette(a))
}

/// Open the palette over whatever is showing (the lists are normally built in the
/// background at start; until they come it matches the commands alone, and keyword searches
/// run at once; without a thread building them, they are built now).
pub fn open(app: &mut App) -> Vec<Effect> {
    open_with(app, "")
}

/// Open the palette with `input` already typed (e.g. `/tag:ktip` from `*` on a tag).
pub fn open_with(app: &mut App, input: &str) -> Vec<Effect> {
    if matches!(app.overlays.last(), Some(Overlay::Palette(_))) {
        return Vec::new();
    }
    let lists = match &app.palette.lists {
        Some(lists) => Arc::clone(lists),
        // Building them here would hold the keys for seconds at 2.7M cables.
        None if app.palette.lists_coming => Arc::new(PaletteLists::commands_only(&app.keymap)),
        None => Arc::clone(
            app.palette
                .lists
                .insert(Arc::new(PaletteLists::build(&app.archive, &app.keymap))),
        ),
    };
    let in_cable = app.focus == Pane::Reader && app.reader.is_some();
    let mut state = PaletteState::new(lists, app.palette.recent.clone(), in_cable);
    state.input = LineInput::new(input);
    if let Some(r) = app.reader.as_ref().filter(|_| in_cable) {
        state.labels = r
            .cable
            .paragraphs
            .iter()
            .filter_map(|p| Some((p.label.clone()?, p.n)))
            .collect();
    }
    app.overlays.push(Overlay::Palette(Box::new(state)));
    requery(app)
}

fn state(app: &mut App) -> Option<&mut PaletteState> {
    match app.overlays.last_mut() {
        Some(Overlay::Palette(p)) => Some(p),
        _ => None,
    }
}

/// Parse the input again and ask for matches.
fn requery(app: &mut App) -> Vec<Effect> {
    app.palette.generation += 1;
    let generation = app.palette.generation;
    let Some(p) = state(app) else {
        return Vec::new();
    };
    p.query = crate::palette::Query::parse(p.input.text(), p.in_cable);
    p.generation = generation;
    p.selected = 0;
    p.done = false;
    p.accept_when_done = false;
    p.error = None;
    let needle = p.query.needle.clone();
    if let Some(list) = p.lists.list(p.query.mode) {
        return vec![Effect::PaletteMatch {
            generation,
            list: list.clone(),
            needle,
        }];
    }
    if p.query.mode == Mode::Keyword && !p.query.is_empty() {
        p.loading_more = false;
        return vec![Effect::PaletteKeyword {
            generation,
            needle: p.query.keyword_needle(),
            offset: 0,
        }];
    }
    if p.query.mode == Mode::Paragraph
        && let Some(wanted) = p.query.paragraph()
        && p.paragraph_target().is_none()
    {
        p.error = Some(match (p.labels.first(), p.labels.last()) {
            (Some((first, _)), Some((last, _))) => {
                format!("no ¶{wanted} in this cable (its labels run ¶{first} to ¶{last})")
            }
            _ => format!("no ¶{wanted}: this cable's paragraphs have no labels"),
        });
    }
    p.hits.clear();
    p.done = true;
    Vec::new()
}

/// Edit the input line; a changed text is matched again.
pub fn edit(app: &mut App, edit: Edit) -> Vec<Effect> {
    let changed = state(app).is_some_and(|p| p.input.apply(edit));
    if changed { requery(app) } else { Vec::new() }
}

/// Apply a palette action.
pub fn update(app: &mut App, action: PaletteAction) -> Vec<Effect> {
    let page = app.overlay_boxes().palette_rows().max(1) as i64;
    if matches!(
        action,
        PaletteAction::Found { .. } | PaletteAction::Walk { .. }
    ) {
        // A search that found the keyword index broken rebuilt it: say so.
        for w in app.archive.take_index_news() {
            app.say(format!("{}: {}", w.source, w.reason), true);
        }
    }
    match action {
        PaletteAction::Move(n) => {
            move_by(app, i64::from(n));
            return more_hits(app, page as usize);
        }
        PaletteAction::Page(down) => {
            move_by(app, if down { page } else { -page });
            return more_hits(app, page as usize);
        }
        PaletteAction::Cancel => {
            app.overlays.pop();
        }
        PaletteAction::Accept => return accept(app),
        PaletteAction::Matched(update) => {
            if let Some(p) = state(app)
                && p.generation == update.generation
            {
                p.ranking = update.ranking;
                p.done = update.done;
                p.selected = p.selected.min(p.len().saturating_sub(1));
                if p.done && p.accept_when_done {
                    return accept(app);
                }
            }
        }
        PaletteAction::Lists(lists) => {
            // Newer lists come with each archive handed over by a build behind the TUI; the
            // longest (the newest archive's) wins whatever order the threads finish in.
            let shorter =
                |held: &std::sync::Arc<PaletteLists>| held.cables.0.len() <= lists.0.cables.0.len();
            if app.palette.lists.as_ref().is_none_or(shorter) {
                app.palette.lists = Some(Arc::clone(&lists.0));
                // An open palette matches the new lists (unless the user is moving through
                // its results), and a keyword search refused during the build runs again.
                if let Some(p) = state(app)
                    && (p.selected == 0 || p.error.is_some())
                {
                    p.lists = lists.0;
                    return requery(app);
                }
            }
        }
        PaletteAction::Found {
            generation,
            offset,
            page: found,
        } => {
            if let Some(p) = state(app)
                && p.generation == generation
            {
                match found {
                    // The first page replaces the hits; a later one extends them.
                    Ok(found) if offset == 0 => {
                        p.hits = found.hits;
                        p.total = found.total;
                        p.selected = 0;
                    }
                    Ok(found) if offset == p.hits.len() => {
                        p.hits.extend(found.hits);
                        p.total = found.total;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        p.hits.clear();
                        p.total = 0;
                        p.error = Some(e);
                        p.selected = 0;
                    }
                }
                p.loading_more = false;
                p.done = true;
                if p.accept_when_done {
                    return accept(app);
                }
            }
            // The rows on screen may reach past the hits loaded: ask for the next page.
            return more_hits(app, page as usize);
        }
        PaletteAction::Walk { query, stops } => match (stops, app.palette.results.as_mut()) {
            (Ok(stops), Some(walk)) if walk.query == query && !stops.is_empty() => {
                walk.replace_stops(stops);
            }
            (Err(e), _) => app.say(
                format!("the keyword results could not be walked: {e}"),
                true,
            ),
            _ => {}
        },
    }
    Vec::new()
}

/// In keyword mode, when the selection comes within a page of the last hit loaded and there
/// are more: ask for the next page.
fn more_hits(app: &mut App, page: usize) -> Vec<Effect> {
    let Some(p) = state(app) else {
        return Vec::new();
    };
    let more = p.query.mode == Mode::Keyword
        && p.done
        && !p.loading_more
        && p.error.is_none()
        && p.hits.len() < p.total
        && p.selected + page >= p.hits.len();
    if !more {
        return Vec::new();
    }
    p.loading_more = true;
    vec![Effect::PaletteKeyword {
        generation: p.generation,
        needle: p.query.keyword_needle(),
        offset: p.hits.len(),
    }]
}

fn move_by(app: &mut App, n: i64) {
    if let Some(p) = state(app) {
        let last = p.len().saturating_sub(1) as i64;
        p.selected = (p.selected as i64 + n).clamp(0, last.max(0)) as usize;
    }
}

/// Enter: act on the selected row and close the palette.
fn accept(app: &mut App) -> Vec<Effect> {
    let Some(Overlay::Palette(p)) = app.overlays.last() else {
        return Vec::new();
    };
    let Some(target) = target_at(p, p.selected) else {
        // Typed and Enter at once, on a big archive: the results are not there yet.
        let pending = !p.done && (p.query.mode != Mode::Keyword || !p.query.is_empty());
        match (pending, state(app)) {
            (true, Some(p)) => p.accept_when_done = true,
            _ => app.say("nothing selected", true),
        }
        return Vec::new();
    };
    // The search as run (the last word a prefix), and the words as typed for highlighting.
    let (needle, typed) = (p.query.keyword_needle(), p.query.needle.clone());
    let hits = p.hits.clone();
    app.overlays.pop();
    match target {
        Target::Cable(index) => {
            return vec![app.load(index, LoadPurpose::Open)];
        }
        Target::Tag(code) => return app.filter_by_tag(code),
        Target::Origin(origin) => {
            let said = format!("filtered by origin {origin} (F clears)");
            let filter = crate::archive::catalog::Filter {
                origins: vec![origin],
                ..Default::default()
            };
            return app.filter_list(filter, said);
        }
        Target::Command(c) => return app.update(Action::Command(c), app.moment),
        Target::Hit(hit) => {
            // The hits loaded so far at once; the whole result set when it comes.
            app.palette.results = Some(ResultWalk::new(&needle, &hits, &hit));
            app.palette.pending_jump = Some((hit.paragraph, typed));
            return vec![
                app.load(hit.cable, LoadPurpose::Open),
                Effect::ResultSet { query: needle },
            ];
        }
        Target::Paragraph(n) => {
            if !jump_to_paragraph(app, n) {
                app.say(format!("no paragraph {n} in this cable"), true);
            }
        }
    }
    Vec::new()
}

/// Scroll the reader to paragraph `n`; false when there is none.
fn jump_to_paragraph(app: &mut App, n: u32) -> bool {
    let Some(r) = app.reader.as_mut() else {
        return false;
    };
    let Some((block, _)) = r.doc.paragraph_blocks().find(|(_, p)| *p == n) else {
        return false;
    };
    r.go_to(Anchor {
        block: block as u32,
        offset: 0,
    });
    true
}

/// After every action: remember opened cables; land a keyword hit on its paragraph.
pub fn after_update(app: &mut App, loaded: Option<LoadPurpose>) {
    let Some(purpose) = loaded else { return };
    if purpose == LoadPurpose::Preview {
        return;
    }
    if let Some(index) = app.reader.as_ref().map(|r| r.index) {
        app.palette.recent.retain(|&i| i != index);
        app.palette.recent.insert(0, index);
        app.palette.recent.truncate(RECENT);
    }
    if purpose == LoadPurpose::Open
        && let Some((paragraph, words)) = app.palette.pending_jump.take()
    {
        // The subject (paragraph 0) and a stop of a whole result set (`FIRST_HIT`) start at
        // the top; the words' first hit is shown from there.
        if !jump_to_paragraph(app, paragraph)
            && let Some(r) = app.reader.as_mut()
        {
            r.to_edge(false);
        }
        // A search of filters only (`tag:KTIP`) has no words to highlight.
        if let Some(r) = app.reader.as_mut()
            && !crate::cable::spans::search_needles(&words).is_empty()
        {
            r.set_search(&words);
        }
    }
}

/// `)` / `(`: the next or previous cable of the last keyword search, at its first hit.
pub fn walk(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(results) = app.palette.results.as_mut() else {
        app.say("no keyword results: press : then /words to search", true);
        return Vec::new();
    };
    let query = results.query.clone();
    let total = results.stops.len();
    let Some(((index, paragraph), wrapped)) = results.step(forward) else {
        app.say("the keyword search found nothing", true);
        return Vec::new();
    };
    let at = results.current + 1;
    let note = if wrapped { " (wrapped)" } else { "" };
    app.say(format!("result {at}/{total}: /{query}{note}"), false);
    app.palette.pending_jump = Some((paragraph, query));
    vec![app.load(index, LoadPurpose::Open)]
}
