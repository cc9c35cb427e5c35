//! The relation layout of one frame (`ui::article::relation_layout`) on a
//! crowded screen: 30 rows of text, 6 spans a row, and N relations between
//! spans at most three rows apart (a third within one row), all on screen.
//! Deterministic; prints the median and the worst of 200 layouts per N.
//!
//!     cargo bench --bench relation_layout

use std::time::{Duration, Instant};

use egui::{pos2, vec2, Rect};
use glossator::model::RelationId;
use glossator::ui::article::relation_layout::{layout_relations, RelationEnds, RelationRoom};

const ROWS: usize = 30;
const SPANS_PER_ROW: usize = 6;
/// Row height and text width of the view at its default 16-point font.
const ROW: f32 = 77.0;
const WIDTH: f32 = 704.0;
const RUNS: usize = 200;

fn main() {
    let room = RelationRoom {
        pitch: 13.6,
        levels: 2,
        gutter_x: -6.0,
        gutter_step: 4.0,
        gutter_min_x: -300.0,
        left: 0.0,
        right: WIDTH,
        view: Rect::from_min_size(pos2(0.0, 0.0), vec2(WIDTH, ROWS as f32 * ROW)),
    };
    // The text of each row, and each span's tag, as the view passes them.
    let mut obstacles = Vec::new();
    for row in 0..ROWS {
        let top = row as f32 * ROW + 40.0;
        obstacles.push(Rect::from_min_max(pos2(0.0, top), pos2(WIDTH, top + 34.0)));
        for span in 0..SPANS_PER_ROW {
            let x = anchor_x(span) - 20.0;
            obstacles.push(Rect::from_min_size(pos2(x, top - 14.0), vec2(40.0, 11.6)));
        }
    }
    for relations in [10, 50, 100, 200] {
        let ends = crowd(relations);
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let routes = layout_relations(&ends, &obstacles, &room);
                let elapsed = started.elapsed();
                assert_eq!(routes.len(), relations);
                elapsed
            })
            .collect();
        times.sort();
        println!(
            "{relations:>4} relations on screen: median {:.3} ms, worst {:.3} ms",
            times[RUNS / 2].as_secs_f64() * 1e3,
            times[RUNS - 1].as_secs_f64() * 1e3
        );
    }
}

fn anchor_x(span: usize) -> f32 {
    40.0 + span as f32 * (WIDTH - 80.0) / (SPANS_PER_ROW - 1) as f32
}

/// `n` relations, spread over the rows by a fixed sequence.
fn crowd(n: usize) -> Vec<RelationEnds> {
    let mut seed = 42u64;
    let mut next = |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % below
    };
    (0..n)
        .map(|i| {
            let from_row = next(ROWS);
            let to_row = if i % 3 == 0 {
                from_row
            } else {
                (from_row + next(4)).min(ROWS - 1)
            };
            let (from_span, mut to_span) = (next(SPANS_PER_ROW), next(SPANS_PER_ROW));
            if to_row == from_row && to_span == from_span {
                to_span = (to_span + 1) % SPANS_PER_ROW;
            }
            let anchor = |row: usize, span: usize| pos2(anchor_x(span), row as f32 * ROW + 26.0);
            RelationEnds {
                id: RelationId(i as i64),
                from: anchor(from_row, from_span),
                to: anchor(to_row, to_span),
                label_size: vec2(40.0 + (i % 4) as f32 * 12.0, 11.6),
                from_seen: true,
                to_seen: true,
            }
        })
        .collect()
}
