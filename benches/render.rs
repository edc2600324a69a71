//! Render benchmark: the reader pane at 120x40 with the longest demo cable.
//! Frame time in microseconds while scrolling (no re-wrap), the cost of a re-wrap (a resize),
//! and a list frame. Run: `cargo bench --bench render`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a measurement tool, not the program: a failure stops it loudly"
)]

use cables::archive::Archive;
use cables::tui::action::{Action, Command};
use cables::tui::harness::Harness;
use cables::tui::theme::Theme;
use cables::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn stats(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let n = samples.len();
    let mean = samples.iter().map(|d| us(*d)).sum::<f64>() / n as f64;
    println!(
        "{name:<40} n={n:<6} mean {mean:>8.1} µs  median {:>8.1} µs  p99 {:>8.1} µs  max {:>8.1} µs",
        us(samples[n / 2]),
        us(samples[n * 99 / 100]),
        us(samples[n - 1]),
    );
}

fn main() {
    let archive = Archive::demo();
    let longest = (0..archive.len())
        .max_by_key(|&i| {
            archive
                .cable(i)
                .map(|c| c.paragraphs.iter().map(|p| p.text.len()).sum::<usize>())
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let cable = archive.cable(longest).unwrap_or_default();
    let chars: usize = cable.paragraphs.iter().map(|p| p.text.len()).sum();
    let mut h = Harness::new(Archive::demo(), Theme::ansi(), 120, 40);
    h.open_cable(longest, cable, cables::tui::action::LoadPurpose::Open);
    let lines = h.app.reader.as_ref().map_or(0, |r| r.wrapped.lines.len());
    println!(
        "longest demo cable: {} ({chars} bytes of paragraphs, {lines} lines at 120 columns)",
        archive.meta(longest).source
    );
    let mut term = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };

    // Scrolling: one line per frame, down to the bottom and back, many times.
    let mut samples = Vec::new();
    for round in 0..40u32 {
        let step = if round.is_multiple_of(2) {
            Command::MoveDown
        } else {
            Command::MoveUp
        };
        for _ in 0..lines {
            h.apply(Action::Command(step));
            let t = Instant::now();
            let _ = term.draw(|f| view::render(&h.app, f));
            samples.push(t.elapsed());
        }
    }
    stats("reader frame 120x40, scrolling", samples);

    // The view alone (no diff, no backend): render into the frame's buffer.
    let mut samples = Vec::new();
    for round in 0..40u32 {
        let step = if round.is_multiple_of(2) {
            Command::MoveDown
        } else {
            Command::MoveUp
        };
        for _ in 0..lines {
            h.apply(Action::Command(step));
            term.current_buffer_mut().reset();
            let t = Instant::now();
            let mut frame = term.get_frame();
            view::render(&h.app, &mut frame);
            samples.push(t.elapsed());
        }
    }
    stats("reader view only 120x40, scrolling", samples);

    // Same with a search active (hit highlighting on every line).
    h.apply(Action::Command(Command::Top));
    if let Some(r) = h.app.reader.as_mut() {
        r.set_search("the");
    }
    let mut samples = Vec::new();
    for _ in 0..2000 {
        h.apply(Action::Command(Command::NextHit));
        let t = Instant::now();
        let _ = term.draw(|f| view::render(&h.app, f));
        samples.push(t.elapsed());
    }
    stats("reader frame 120x40, search hits", samples);

    // update() for a scroll key: no re-wrap.
    let mut samples = Vec::new();
    for i in 0..20000 {
        let c = if (i / lines).is_multiple_of(2) {
            Command::MoveDown
        } else {
            Command::MoveUp
        };
        let t = Instant::now();
        h.apply(Action::Command(c));
        samples.push(t.elapsed());
    }
    stats("update: scroll one line", samples);

    // A resize re-wraps the whole cable once.
    let mut samples = Vec::new();
    for i in 0..2000u32 {
        let w = if i.is_multiple_of(2) { 119 } else { 120 };
        let t = Instant::now();
        h.apply(Action::Resize(w, 40));
        samples.push(t.elapsed());
    }
    stats("update: resize (re-wrap whole cable)", samples);

    // The list pane with facets.
    let mut h = Harness::new(Archive::demo(), Theme::ansi(), 120, 40);
    h.apply(Action::Resize(120, 40));
    let mut samples = Vec::new();
    for i in 0..5000 {
        let c = if i % 8 < 4 {
            Command::MoveDown
        } else {
            Command::MoveUp
        };
        h.apply(Action::Command(c));
        let t = Instant::now();
        let _ = term.draw(|f| view::render(&h.app, f));
        samples.push(t.elapsed());
    }
    stats("list frame 120x40 with facets", samples);
}
