//! The runtime: the loop that reads events, calls `update`, performs effects and draws when
//! something changed, on any front end ([`super::frontend`]). Effects that produce data
//! (`perform`) are shared with the test harness.

use super::action::{Action, BookmarksAction, LoadPurpose, PaletteAction};
use super::effect::Effect;
use super::event::{Event, Signal};
use super::frontend::{Frontend, LocalTerminal};
use super::update::App;
use super::{terminal, view};
use crate::archive::Archive;
use crate::palette::PaletteWorker;
use std::collections::VecDeque;
use std::sync::mpsc::Receiver;

/// Keyword hits the palette loads at a time (more as the user scrolls).
pub const PAGE: usize = crate::palette::TOP;

/// Perform a data effect against the archive; `None` for terminal effects.
pub fn perform(archive: &Archive, effect: &Effect) -> Option<Action> {
    match effect {
        Effect::LoadCable { index, purpose } => Some(load(archive, *index, *purpose)),
        Effect::OpenId(id) => Some(match archive.find(id) {
            Some(index) => load(archive, index, LoadPurpose::Follow),
            None => Action::Failed(format!("{id} is not in this archive")),
        }),
        Effect::SaveBookmarks(_) | Effect::ReloadBookmarks(_) | Effect::SaveSession(_) => {
            Some(perform_save(effect))
        }
        Effect::ExportBookmarks {
            bookmarks,
            format,
            dir,
        } => {
            let items = crate::bookmarks::resolve_all(archive, bookmarks);
            let now = time::OffsetDateTime::now_utc();
            let stamp = format!(
                "{:04}{:02}{:02}-{:02}{:02}{:02}",
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second()
            );
            let written =
                crate::bookmarks::export::write_new(dir, archive.name(), *format, &items, &stamp);
            Some(Action::Bookmarks(BookmarksAction::Exported {
                count: items.len(),
                format: *format,
                result: written.map_err(|e| e.to_string()),
            }))
        }
        Effect::PaletteMatch {
            generation,
            list,
            needle,
        } => {
            // Synchronous (tests, or no matcher thread): the loop uses the worker instead.
            let ranking = crate::palette::Engine::new(1)
                .rank(&list.0, needle, &|| false, &mut |_| {})
                .unwrap_or_default();
            Some(Action::Palette(PaletteAction::Matched(
                crate::palette::Update {
                    generation: *generation,
                    ranking,
                    done: true,
                },
            )))
        }
        Effect::PaletteKeyword {
            generation,
            needle,
            offset,
        } => {
            let page = crate::archive::query::Query::parse(needle).and_then(|q| {
                archive.search_page(&q, crate::archive::SearchOrder::Relevance, *offset, PAGE)
            });
            Some(Action::Palette(PaletteAction::Found {
                generation: *generation,
                offset: *offset,
                page: page.map_err(|e| e.to_string()),
            }))
        }
        Effect::ResultSet { query } => {
            let stops = crate::archive::query::Query::parse(query)
                .and_then(|q| archive.search_cables(&q, crate::archive::SearchOrder::Relevance));
            Some(Action::Palette(PaletteAction::Walk {
                query: query.clone(),
                stops: stops.map_err(|e| e.to_string()),
            }))
        }
        _ => None,
    }
}

/// Perform a save effect: lock, merge and write the store, and answer with what it holds now.
fn perform_save(effect: &Effect) -> Action {
    let action = match effect {
        Effect::SaveBookmarks(store) => {
            let mut store = store.clone();
            let (notes, error) = match store.save() {
                Ok(notes) => (notes.iter().map(ToString::to_string).collect(), None),
                Err(e) => (Vec::new(), Some(format!("bookmarks not saved: {e}"))),
            };
            BookmarksAction::Saved {
                store,
                notes,
                error,
            }
        }
        Effect::ReloadBookmarks(store) => {
            let mut store = store.clone();
            let notes = store.reload().iter().map(ToString::to_string).collect();
            BookmarksAction::Saved {
                store,
                notes,
                error: None,
            }
        }
        Effect::SaveSession(session) => {
            let mut session = session.clone();
            let error = session
                .save()
                .err()
                .map(|e| format!("reading positions not saved: {e}"));
            BookmarksAction::SessionSaved { session, error }
        }
        _ => return Action::Failed("not a save".into()),
    };
    Action::Bookmarks(action)
}

fn load(archive: &Archive, index: usize, purpose: LoadPurpose) -> Action {
    match archive.cable(index) {
        Ok(cable) => Action::CableLoaded {
            index,
            cable: Box::new(cable),
            purpose,
        },
        Err(e) => Action::Failed(e.to_string()),
    }
}

/// Loop on the local terminal until the app stops running (see [`run`]).
pub fn event_loop(
    app: &mut App,
    rx: &Receiver<Event>,
    palette: Option<&PaletteWorker>,
    after_first_frame: impl FnOnce(),
) -> std::io::Result<()> {
    let mut local = LocalTerminal::new(app.few_colours)?;
    let result = run(app, rx, palette, after_first_frame, &mut local);
    local.release();
    result
}

/// Loop until the app stops running: draw on `frontend` when something changed, then wait
/// for events on `rx` (from the front end's [`super::frontend::EventSource`], the signal
/// thread and workers). `palette` is the matcher thread (its answers arrive as events);
/// without it matching runs inline. Any front end drives the same App this way.
pub fn run<F: Frontend>(
    app: &mut App,
    rx: &Receiver<Event>,
    palette: Option<&PaletteWorker>,
    after_first_frame: impl FnOnce(),
    frontend: &mut F,
) -> std::io::Result<()> {
    let mut after_first_frame = Some(after_first_frame);
    let (width, height) = frontend.size()?;
    let effects = app.update(Action::Resize(width, height));
    run_effects(app, frontend, effects, palette)?;
    let mut dirty = true;
    let mut hung_up = false;
    while app.running {
        if dirty && !hung_up {
            app.settle_filter_preview();
            if let Err(e) = terminal::draw(frontend.terminal(), |f| view::render(app, f)) {
                // The terminal is gone (a dropped link gives EIO before SIGHUP arrives):
                // stop as on a hangup; the caller saves before anything else.
                app.update(Action::Terminate);
                return Err(e);
            }
            dirty = false;
            if let Some(then) = after_first_frame.take() {
                then();
            }
        }
        let Ok(first) = rx.recv() else {
            break;
        };
        // Take every event already waiting before drawing again.
        let mut events = vec![first];
        events.extend(rx.try_iter());
        for event in events {
            match event {
                Event::Signal(Signal::Hangup) | Event::InputClosed => hung_up = true,
                Event::Resize(w, h) => frontend.resized(w, h)?,
                _ => {}
            }
            let effects = app.handle_event(event);
            run_effects(app, frontend, effects, palette)?;
            dirty = true;
            if !app.running {
                break;
            }
        }
    }
    Ok(())
}

fn run_effects<F: Frontend>(
    app: &mut App,
    frontend: &mut F,
    effects: Vec<Effect>,
    palette: Option<&PaletteWorker>,
) -> std::io::Result<()> {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let (
            Effect::PaletteMatch {
                generation,
                list,
                needle,
            },
            Some(worker),
        ) = (&effect, palette)
        {
            worker.submit_as(*generation, std::sync::Arc::clone(&list.0), needle);
            continue;
        }
        if let Some(action) = perform(&app.archive, &effect) {
            queue.extend(app.update(action));
            continue;
        }
        match effect {
            Effect::SetMouse(on) => frontend.set_mouse(on)?,
            Effect::Suspend => {
                if frontend.suspend(app.mouse)? {
                    let (width, height) = frontend.size()?;
                    queue.extend(app.update(Action::Resize(width, height)));
                } else {
                    app.say("this session cannot be suspended", true);
                }
            }
            Effect::Redraw => frontend.full_redraw()?,
            Effect::Copy(text) => frontend.copy(&text)?,
            Effect::Quit => app.running = false,
            Effect::LoadCable { .. }
            | Effect::OpenId(_)
            | Effect::SaveBookmarks(_)
            | Effect::ReloadBookmarks(_)
            | Effect::SaveSession(_)
            | Effect::ExportBookmarks { .. }
            | Effect::PaletteMatch { .. }
            | Effect::PaletteKeyword { .. }
            | Effect::ResultSet { .. } => {}
        }
    }
    Ok(())
}
