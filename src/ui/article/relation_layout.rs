//! Where relation arcs run and where their labels sit, worked out without
//! painting so that a test can check it: no label covers the text, a tag,
//! another label or another relation's line, and no two lines run on top of
//! each other.
//!
//! Each row has [`RELATION_LEVELS`](super::layout::RELATION_LEVELS) levels
//! above its tags. A relation between two spans of one row rises from both
//! to a level and runs across it (brat's arcs); one between rows runs along
//! a level of the first row to a lane in the gutter left of the text, down
//! that lane and along a level of the other row. The label sits on the
//! line, in a gap, at the first level and place where it is free; short arcs
//! go first, so longer ones pass over them.

use egui::{pos2, Pos2, Rect, Vec2};

use crate::model::RelationId;

/// One relation to place, in content coordinates.
#[derive(Clone, Copy, Debug)]
pub struct RelationEnds {
    pub id: RelationId,
    /// Where the line leaves the source span (the top of its tag).
    pub from: Pos2,
    /// Where the arrow meets the target span.
    pub to: Pos2,
    /// The label's size with its chip's padding.
    pub label_size: Vec2,
    /// Whether each end is on screen: the label goes where it can be seen.
    pub from_seen: bool,
    pub to_seen: bool,
}

/// The room the layout works in, in content coordinates.
#[derive(Clone, Copy, Debug)]
pub struct RelationRoom {
    /// Height of one level (a label's chip and a gap).
    pub pitch: f32,
    pub levels: usize,
    /// The gutter lane nearest the text, and how far apart lanes are.
    pub gutter_x: f32,
    pub gutter_step: f32,
    /// The leftmost lane; lanes beyond it are reused.
    pub gutter_min_x: f32,
    /// Labels stay between these.
    pub left: f32,
    pub right: f32,
    /// What is on screen: where the label of a relation whose ends are both
    /// off screen goes.
    pub view: Rect,
}

/// A placed relation: its line as axis-aligned segments, its label's chip and
/// the point its arrow touches.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationRoute {
    pub id: RelationId,
    pub segments: Vec<[Pos2; 2]>,
    pub label: Rect,
    pub head: Pos2,
}

/// How far apart candidate label positions are along a line.
const SLIDE_STEP: f32 = 4.0;
/// How far a label slides from where it belongs, in steps: a label far from
/// its line would be read as another's, and a crowded row stays quick.
const MAX_SLIDE_STEPS: i32 = 60;
/// Space kept around labels.
const CLEARANCE: f32 = 1.5;

/// Places every relation: routes and labels, in the order given back.
/// `obstacles` are what labels must never cover (the text's rows, tags).
pub fn layout_relations(
    relations: &[RelationEnds],
    obstacles: &[Rect],
    room: &RelationRoom,
) -> Vec<RelationRoute> {
    let lanes = gutter_lanes(relations, room);
    // Arcs within a row first, shortest first; then those between rows.
    let mut order: Vec<usize> = (0..relations.len()).collect();
    order.sort_by(|&i, &j| {
        let key = |r: &RelationEnds| (!same_row(r), (r.from.x - r.to.x).abs());
        let (a, b) = (key(&relations[i]), key(&relations[j]));
        a.0.cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
    let mut placed = Placed::default();
    let mut routes: Vec<Option<RelationRoute>> = vec![None; relations.len()];
    for index in order {
        let relation = &relations[index];
        let route = place(relation, lanes[index], obstacles, room, &placed);
        placed.labels.push(route.label);
        placed.segments.extend(route.segments.iter().copied());
        routes[index] = Some(route);
    }
    routes.into_iter().flatten().collect()
}

fn same_row(relation: &RelationEnds) -> bool {
    (relation.from.y - relation.to.y).abs() < 1.0
}

/// What earlier relations took.
#[derive(Default)]
struct Placed {
    labels: Vec<Rect>,
    segments: Vec<[Pos2; 2]>,
}

/// A gutter lane for each relation between rows (None for arcs within a
/// row): relations whose vertical runs overlap get different lanes.
fn gutter_lanes(relations: &[RelationEnds], room: &RelationRoom) -> Vec<Option<f32>> {
    let max_lanes = (((room.gutter_x - room.gutter_min_x) / room.gutter_step).floor() as usize) + 1;
    let mut taken: Vec<(f32, f32, usize)> = Vec::new();
    let mut order: Vec<usize> = (0..relations.len())
        .filter(|&i| !same_row(&relations[i]))
        .collect();
    order.sort_by(|&i, &j| {
        let span = |r: &RelationEnds| (r.from.y - r.to.y).abs();
        span(&relations[i]).total_cmp(&span(&relations[j]))
    });
    let mut lanes = vec![None; relations.len()];
    for index in order {
        let r = &relations[index];
        let (top, bottom) = (r.from.y.min(r.to.y), r.from.y.max(r.to.y));
        let lane = (0..max_lanes.max(1))
            .find(|&lane| {
                !taken
                    .iter()
                    .any(|&(t, b, l)| l == lane && t <= bottom && top <= b)
            })
            .unwrap_or(index % max_lanes.max(1));
        taken.push((top, bottom, lane));
        lanes[index] = Some(room.gutter_x - lane as f32 * room.gutter_step);
    }
    lanes
}

/// The height of level `level` above a row whose tags start at `anchor_y`.
fn level_y(anchor_y: f32, level: usize, room: &RelationRoom) -> f32 {
    anchor_y - 1.0 - room.pitch * (level as f32 + 0.5)
}

/// How strictly a place must be free.
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    /// Nothing touched: no line through a label, no line along another.
    Clear,
    /// Labels stay clear of text, tags and labels; lines may cross labels.
    LabelsClear,
}

fn place(
    relation: &RelationEnds,
    lane: Option<f32>,
    obstacles: &[Rect],
    room: &RelationRoom,
    placed: &Placed,
) -> RelationRoute {
    // Only what lies where this relation can run is looked at, so a frame
    // with many relations stays quick.
    let (obstacles, placed) = &nearby(relation, obstacles, placed, room);
    for strictness in [Strictness::Clear, Strictness::LabelsClear] {
        let found = match lane {
            None => place_arc(relation, obstacles, room, placed, strictness),
            Some(gutter) => place_route(relation, gutter, obstacles, room, placed, strictness),
        };
        if let Some(route) = found {
            return route;
        }
    }
    // Nowhere free: the first place, as brat would draw it.
    let first = |room: &RelationRoom| match lane {
        None => arc(relation, 0, None, room),
        Some(gutter) => gutter_route(relation, gutter, (0, 0), None, room),
    };
    first(room)
}

/// The obstacles, labels and lines near where `relation` can run: the
/// levels above each of its rows, and the gutter.
fn nearby(
    relation: &RelationEnds,
    obstacles: &[Rect],
    placed: &Placed,
    room: &RelationRoom,
) -> (Vec<Rect>, Placed) {
    let band = |anchor: Pos2| {
        let top = level_y(anchor.y, room.levels.saturating_sub(1), room) - room.pitch;
        Rect::from_x_y_ranges(f32::NEG_INFINITY..=f32::INFINITY, top..=anchor.y + 1.0)
    };
    let gutter = Rect::from_x_y_ranges(
        f32::NEG_INFINITY..=room.left,
        f32::NEG_INFINITY..=f32::INFINITY,
    );
    // A relation seen only in between has its label in the view.
    let between = if relation.from_seen || relation.to_seen {
        Rect::NOTHING
    } else {
        room.view
    };
    let areas = [band(relation.from), band(relation.to), gutter, between];
    let near = |rect: &Rect| areas.iter().any(|area| area.intersects(*rect));
    let segment_near = |s: &[Pos2; 2]| near(&Rect::from_two_pos(s[0], s[1]));
    (
        obstacles.iter().filter(|r| near(r)).copied().collect(),
        Placed {
            labels: placed.labels.iter().filter(|r| near(r)).copied().collect(),
            segments: placed
                .segments
                .iter()
                .filter(|s| segment_near(s))
                .copied()
                .collect(),
        },
    )
}

/// An arc within one row: every level, then every place along it.
fn place_arc(
    relation: &RelationEnds,
    obstacles: &[Rect],
    room: &RelationRoom,
    placed: &Placed,
    strictness: Strictness,
) -> Option<RelationRoute> {
    let centre = (relation.from.x + relation.to.x) / 2.0;
    (0..room.levels).find_map(|level| {
        // The arc itself (its first three segments) does not move with its
        // label: judged once a level.
        let arc_alone = arc(relation, level, None, room);
        if !lines_fit(&arc_alone.segments[..3], placed, strictness) {
            return None;
        }
        slide(centre, relation.label_size.x, room).find_map(|x| {
            let route = arc(relation, level, Some(x), room);
            let fits = label_fits(&route, obstacles, placed, strictness)
                && lines_fit(&route.segments[3..], placed, strictness);
            fits.then_some(route)
        })
    })
}

/// A route between rows: every pair of levels, the label along the seen end.
fn place_route(
    relation: &RelationEnds,
    gutter: f32,
    obstacles: &[Rect],
    room: &RelationRoom,
    placed: &Placed,
    strictness: Strictness,
) -> Option<RelationRoute> {
    let levels = (0..room.levels).flat_map(|a| (0..room.levels).map(move |b| (a, b)));
    for pair in levels {
        // The lines do not move with the label: judged once a pair.
        let lines = gutter_route(relation, gutter, pair, None, room).segments;
        if !lines_fit(&lines, placed, strictness) {
            continue;
        }
        // Near its anchor, on the side of the gutter.
        let anchor_x = if relation.from_seen || !relation.to_seen {
            relation.from.x
        } else {
            relation.to.x
        };
        let start = anchor_x - relation.label_size.x / 2.0 - 4.0;
        let found = if relation.from_seen || relation.to_seen {
            slide_left(start, gutter, relation.label_size.x).find_map(|x| {
                let route = gutter_route(relation, gutter, pair, Some(x), room);
                label_fits(&route, obstacles, placed, strictness).then_some(route)
            })
        } else {
            // Neither end on screen: just right of the lane, between rows,
            // near the middle of the view (the margin may be too narrow).
            slide_down(room, relation).find_map(|y| {
                let mut route = gutter_route(relation, gutter, pair, None, room);
                route.label = Rect::from_min_size(pos2(gutter + 3.0, y), relation.label_size);
                label_fits(&route, obstacles, placed, strictness).then_some(route)
            })
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Label centres from `centre` outwards, both ways, within the room.
fn slide(centre: f32, width: f32, room: &RelationRoom) -> impl Iterator<Item = f32> {
    let (low, high) = (room.left + width / 2.0, room.right - width / 2.0);
    let steps = (((room.right - room.left) / SLIDE_STEP).ceil() as i32).min(MAX_SLIDE_STEPS);
    (0..=steps)
        .flat_map(|n| [n, -n])
        .skip(1)
        .map(move |n| centre + n as f32 * SLIDE_STEP)
        .filter(move |x| (low..=high).contains(x))
}

/// Label centres from `start` leftwards until the label meets the gutter lane.
fn slide_left(start: f32, gutter: f32, width: f32) -> impl Iterator<Item = f32> {
    let steps = (((start - gutter) / SLIDE_STEP).max(0.0) as i32).min(2 * MAX_SLIDE_STEPS);
    (0..=steps)
        .map(move |n| start - n as f32 * SLIDE_STEP)
        .filter(move |x| x - width / 2.0 > gutter + 2.0)
}

/// Label tops from the middle of the view down, then up, within the route.
fn slide_down(room: &RelationRoom, relation: &RelationEnds) -> impl Iterator<Item = f32> {
    let (top, bottom) = (
        relation.from.y.min(relation.to.y).max(room.view.top()),
        relation.from.y.max(relation.to.y).min(room.view.bottom()),
    );
    let middle = room.view.center().y.clamp(top, bottom);
    let steps = ((bottom - top) / SLIDE_STEP).ceil() as i32;
    (0..=steps)
        .flat_map(|n| [n, -n])
        .skip(1)
        .map(move |n| middle + n as f32 * SLIDE_STEP)
        .filter(move |y| (top..=bottom).contains(y))
}

/// The arc at `level` with its label centred at `label_x` (the middle when
/// None); a label beyond an end is reached by running the line on to it.
fn arc(
    relation: &RelationEnds,
    level: usize,
    label_x: Option<f32>,
    room: &RelationRoom,
) -> RelationRoute {
    let (a, b) = (relation.from, relation.to);
    let y = level_y(a.y, level, room);
    let label_x = label_x.unwrap_or((a.x + b.x) / 2.0);
    let (left, right) = (a.x.min(b.x), a.x.max(b.x));
    let label = Rect::from_center_size(pos2(label_x, y), relation.label_size);
    let mut segments = vec![
        [a, pos2(a.x, y)],
        [pos2(left, y), pos2(right, y)],
        [pos2(b.x, y), b],
    ];
    if label.right() < left {
        segments.push([pos2(label.right(), y), pos2(left, y)]);
    } else if label.left() > right {
        segments.push([pos2(right, y), pos2(label.left(), y)]);
    }
    RelationRoute {
        id: relation.id,
        segments,
        label,
        head: b,
    }
}

/// The route through the gutter lane at `gutter`, at `levels` (the source's
/// row, the target's); the label on the seen end's row, centred at `label_x`.
fn gutter_route(
    relation: &RelationEnds,
    gutter: f32,
    levels: (usize, usize),
    label_x: Option<f32>,
    room: &RelationRoom,
) -> RelationRoute {
    let (a, b) = (relation.from, relation.to);
    let (ay, by) = (level_y(a.y, levels.0, room), level_y(b.y, levels.1, room));
    let segments = vec![
        [a, pos2(a.x, ay)],
        [pos2(gutter, ay), pos2(a.x, ay)],
        [pos2(gutter, ay.min(by)), pos2(gutter, ay.max(by))],
        [pos2(gutter, by), pos2(b.x, by)],
        [pos2(b.x, by), b],
    ];
    let on_target = !relation.from_seen && relation.to_seen;
    let label_y = if on_target { by } else { ay };
    let label_x = label_x.unwrap_or((gutter + if on_target { b.x } else { a.x }) / 2.0);
    RelationRoute {
        id: relation.id,
        segments,
        label: Rect::from_center_size(pos2(label_x, label_y), relation.label_size),
        head: b,
    }
}

/// Whether a route's label is clear of the text, tags and labels (and,
/// strictly, of lines); its own rising lines stay out of it.
fn label_fits(
    route: &RelationRoute,
    obstacles: &[Rect],
    placed: &Placed,
    strictness: Strictness,
) -> bool {
    let label = route.label.expand(CLEARANCE);
    if obstacles.iter().any(|o| o.intersects(label)) {
        return false;
    }
    if placed.labels.iter().any(|l| l.intersects(label)) {
        return false;
    }
    // Its own rising lines stay out of its label (a short arc's label is
    // moved along until both ends show).
    let rises = route
        .segments
        .iter()
        .filter(|s| s[0].x == s[1].x && s[0].y != s[1].y);
    if rises.clone().any(|s| crosses(s, label)) {
        return false;
    }
    if strictness == Strictness::LabelsClear {
        return true;
    }
    !placed.segments.iter().any(|s| crosses(s, label))
}

/// Whether lines cross no label placed before and run along no line.
fn lines_fit(segments: &[[Pos2; 2]], placed: &Placed, strictness: Strictness) -> bool {
    if strictness == Strictness::LabelsClear {
        return true;
    }
    let labels_hit = segments.iter().any(|s| {
        placed
            .labels
            .iter()
            .any(|l| crosses(s, l.expand(CLEARANCE)))
    });
    let runs_along = segments.iter().any(|s| {
        placed
            .segments
            .iter()
            .any(|other| collinear_overlap(s, other))
    });
    !labels_hit && !runs_along
}

/// Whether an axis-aligned segment passes through a rectangle.
fn crosses(segment: &[Pos2; 2], rect: Rect) -> bool {
    Rect::from_two_pos(segment[0], segment[1]).intersects(rect)
}

/// Whether two axis-aligned segments run on top of each other for a stretch
/// (two that rise from one anchor do not count).
fn collinear_overlap(a: &[Pos2; 2], b: &[Pos2; 2]) -> bool {
    let horizontal = |s: &[Pos2; 2]| (s[0].y - s[1].y).abs() < 0.5;
    let vertical = |s: &[Pos2; 2]| (s[0].x - s[1].x).abs() < 0.5;
    let overlap = |a0: f32, a1: f32, b0: f32, b1: f32| {
        a0.min(a1).max(b0.min(b1)) + 1.0 < a0.max(a1).min(b0.max(b1))
    };
    if horizontal(a) && horizontal(b) && (a[0].y - b[0].y).abs() < 2.0 {
        return overlap(a[0].x, a[1].x, b[0].x, b[1].x);
    }
    // Arcs from one span rise from one point: that stretch they share.
    let foot = |s: &[Pos2; 2]| s[0].y.max(s[1].y);
    let same_foot = (foot(a) - foot(b)).abs() < 0.5;
    if vertical(a) && vertical(b) && (a[0].x - b[0].x).abs() < 2.0 && !same_foot {
        return overlap(a[0].y, a[1].y, b[0].y, b[1].y);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    const ROW: f32 = 100.0;

    fn room() -> RelationRoom {
        RelationRoom {
            pitch: 14.0,
            levels: 2,
            gutter_x: -6.0,
            gutter_step: 4.0,
            gutter_min_x: -30.0,
            left: 0.0,
            right: 600.0,
            view: Rect::from_min_max(pos2(0.0, 0.0), pos2(600.0, 1000.0)),
        }
    }

    fn ends(id: i64, from: (f32, f32), to: (f32, f32), width: f32) -> RelationEnds {
        RelationEnds {
            id: RelationId(id),
            from: pos2(from.0, from.1),
            to: pos2(to.0, to.1),
            label_size: vec2(width, 12.0),
            from_seen: true,
            to_seen: true,
        }
    }

    /// The rows' text, as the view would pass it: below each row's anchors.
    fn text_rows() -> Vec<Rect> {
        (0..5)
            .map(|row| {
                let top = row as f32 * ROW + 2.0;
                Rect::from_min_max(pos2(0.0, top + 16.0), pos2(600.0, top + 40.0))
            })
            .collect()
    }

    fn assert_clear(routes: &[RelationRoute], obstacles: &[Rect]) {
        for route in routes {
            for obstacle in obstacles {
                assert!(
                    !route.label.intersects(*obstacle),
                    "{:?} on the text",
                    route.id
                );
            }
            for other in routes.iter().filter(|other| other.id != route.id) {
                assert!(
                    !route.label.intersects(other.label),
                    "{:?} on {:?}",
                    route.id,
                    other.id
                );
                let through = other.segments.iter().any(|s| crosses(s, route.label));
                assert!(!through, "{:?}'s line through {:?}", other.id, route.id);
            }
        }
    }

    /// Issue 16 bug 14: two arcs from one span, one inside the other, and a
    /// short arc with a label wider than itself.
    #[test]
    fn arcs_from_one_span_stack_and_short_arcs_show_their_ends() {
        let relations = [
            ends(1, (100.0, ROW), (300.0, ROW), 70.0),
            ends(2, (100.0, ROW), (160.0, ROW), 70.0),
            ends(3, (400.0, ROW), (420.0, ROW), 60.0),
        ];
        let routes = layout_relations(&relations, &text_rows(), &room());
        assert_eq!(routes.len(), 3);
        assert_clear(&routes, &text_rows());
        // The outer arc passes over the inner one.
        let top = |r: &RelationRoute| r.segments[1][0].y;
        assert!(top(&routes[0]) < top(&routes[1]));
        // The short arc's label is beside both its rising ends, not on them.
        let short = &routes[2];
        for x in [400.0, 420.0] {
            assert!(
                !short.label.x_range().contains(x),
                "label covers the end at {x}"
            );
        }
    }

    /// Relations between rows take their own gutter lanes and levels: no two
    /// run along one line, no line crosses another's label.
    #[test]
    fn routes_between_rows_never_coincide() {
        let relations = [
            ends(1, (200.0, ROW), (250.0, 3.0 * ROW), 60.0),
            ends(2, (300.0, ROW), (100.0, 2.0 * ROW), 60.0),
            ends(3, (120.0, 2.0 * ROW), (200.0, 2.0 * ROW), 50.0),
            ends(4, (500.0, 2.0 * ROW), (50.0, 4.0 * ROW), 60.0),
        ];
        let routes = layout_relations(&relations, &text_rows(), &room());
        assert_clear(&routes, &text_rows());
        for (i, a) in routes.iter().enumerate() {
            for b in &routes[i + 1..] {
                for s in &a.segments {
                    for t in &b.segments {
                        assert!(!collinear_overlap(s, t), "{:?} runs along {:?}", a.id, b.id);
                    }
                }
            }
        }
    }

    /// Issue 16 bug 15: with both ends off screen the label is still in view.
    #[test]
    fn a_relation_seen_only_in_between_keeps_its_label_in_view() {
        let mut relation = ends(1, (200.0, -500.0), (250.0, 2000.0), 60.0);
        relation.from_seen = false;
        relation.to_seen = false;
        let routes = layout_relations(&[relation], &text_rows(), &room());
        let label = routes[0].label;
        assert!(room().view.y_range().contains(label.center().y));
        assert!(
            label.left() > room().gutter_x,
            "right of its lane, on screen"
        );
        assert!(text_rows().iter().all(|row| !row.intersects(label)));
    }
}
