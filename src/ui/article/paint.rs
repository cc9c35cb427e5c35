//! Drawing the visible part of the article: span backgrounds, the selection,
//! the text, nesting underlines, label tags and the caret.

use std::collections::HashMap;

use egui::{pos2, vec2, Color32, FontId, Painter, Pos2, Rect, Stroke};

use super::candidates::CandidateArc;
use super::layout::{ArticleLayout, RELATION_LEVELS};
use super::relation_layout::{layout_relations, RelationEnds, RelationRoom};
use crate::model::{Relation, RelationId, Schema, Span, SpanId};
use crate::ui::theme;

/// Everything a frame's painting needs.
pub struct PaintInput<'a> {
    pub layout: &'a ArticleLayout,
    pub spans: &'a [Span],
    pub levels: &'a [u8],
    /// The longest span, in code points: how far back a span can start and
    /// still reach into a paragraph.
    pub longest_span: usize,
    pub schema: &'a Schema,
    pub selected_span: Option<SpanId>,
    pub relations: &'a [Relation],
    /// Curation's relation candidates, drawn dashed beside the relations.
    pub candidate_arcs: &'a [CandidateArc],
    /// Position of each span in `spans`.
    pub span_position: &'a HashMap<SpanId, usize>,
    pub selected_relation: Option<RelationId>,
    /// A relation being drawn with the mouse: its source and the pointer.
    pub pending_relation: Option<(SpanId, Pos2)>,
    pub selection: Option<(usize, usize)>,
    pub caret: Option<usize>,
    pub origin: Pos2,
    /// Visible part of the content, in content coordinates.
    pub viewport: Rect,
    pub dark_mode: bool,
    pub text_color: Color32,
    pub selection_color: Color32,
}

/// Deeper levels share the last underline slot.
const MAX_LEVEL_DRAWN: u8 = 3;
const LEVEL_STEP: f32 = 3.0;

/// Paints the article; returns where each drawn relation's label is, on
/// screen, so a click can select it.
pub fn paint(painter: &Painter, input: &PaintInput<'_>) -> Vec<(RelationId, Rect)> {
    let layout = input.layout;
    let visible = layout.visible(
        input.viewport.top() - layout.band,
        input.viewport.bottom() + layout.band,
    );
    let Some(first) = layout.paragraphs.get(visible.start) else {
        return Vec::new();
    };
    let last = &layout.paragraphs[visible.end.saturating_sub(1).max(visible.start)];
    let (from_char, to_char) = (first.start_char, last.end_char() + 1);
    let spans = visible_spans(input, from_char, to_char);
    let offset = input.origin.to_vec2();
    let at = |rect: Rect| rect.translate(offset);

    // Backgrounds first, so text and lines stay on top.
    for &(index, ref rects) in &spans {
        let color = label_color(input, &input.spans[index]);
        for rect in rects {
            painter.rect_filled(
                at(*rect).expand2(vec2(0.5, 0.0)),
                2.0,
                theme::span_fill(color, input.dark_mode),
            );
        }
    }
    if let Some((start, end)) = input.selection {
        for rect in layout.range_rects(start, end) {
            painter.rect_filled(at(rect), 1.0, input.selection_color);
        }
    }
    for (paragraph, galley) in layout.paragraphs[visible.clone()]
        .iter()
        .filter_map(|p| Some((p, p.laid()?)))
    {
        galley.paint(
            painter,
            input.origin + vec2(0.0, paragraph.top),
            input.text_color,
        );
    }
    let mut tag_cursor: HashMap<u32, TagRow> = HashMap::new();
    let mut tags = Vec::new();
    for &(index, ref rects) in &spans {
        let span = &input.spans[index];
        let color = label_color(input, span);
        let level = input
            .levels
            .get(index)
            .copied()
            .unwrap_or(0)
            .min(MAX_LEVEL_DRAWN);
        let selected = input.selected_span == Some(span.id);
        for rect in rects {
            let y = rect.bottom() + 2.0 + f32::from(level) * LEVEL_STEP;
            let width = if selected { 2.5 } else { 1.8 };
            painter.line_segment(
                [
                    pos2(rect.left(), y) + offset,
                    pos2(rect.right(), y) + offset,
                ],
                Stroke::new(width, color),
            );
            if selected {
                painter.rect_stroke(
                    at(*rect).expand(1.0),
                    2.0,
                    Stroke::new(1.5, input.text_color),
                    egui::StrokeKind::Outside,
                );
            }
        }
        if let Some(first_rect) = rects.first().filter(|_| span.start_char() >= from_char) {
            tags.push(paint_tag(
                painter,
                input,
                span,
                *first_rect,
                color,
                selected,
                &mut tag_cursor,
            ));
        }
    }
    if let Some(caret) = input.caret {
        let rect = layout.caret_rect(caret);
        painter.line_segment(
            [rect.left_top() + offset, rect.left_bottom() + offset],
            Stroke::new(1.5, input.text_color),
        );
    }
    let hits = paint_relations(painter, input, from_char, to_char, &tags);
    if let Some((from, pointer)) = input.pending_relation {
        if let Some(anchor) = anchor_of(input, from) {
            painter.line_segment(
                [anchor + offset, pointer],
                Stroke::new(2.0, input.text_color),
            );
        }
    }
    hits
}

/// Where relation arcs attach to a span: above the middle of its first row.
fn anchor_of(input: &PaintInput<'_>, span: SpanId) -> Option<Pos2> {
    let span = &input.spans[*input.span_position.get(&span)?];
    let rect = *input
        .layout
        .range_rects(span.start_char(), span.end_char())
        .first()?;
    Some(pos2(rect.center().x, input.layout.tag_top(rect)))
}

/// Relations: an arc above the row when both spans share a row (brat-style);
/// otherwise a route through the gutter left of the text, along the relation
/// levels above each row, so no line crosses the text. An arrow marks the
/// target; the type's name sits on the line where nothing else is
/// ([`relation_layout`]). A relation is drawn while any part of it is in
/// view, its ends or the stretch between them.
fn paint_relations(
    painter: &Painter,
    input: &PaintInput<'_>,
    from_char: usize,
    to_char: usize,
    tags: &[Rect],
) -> Vec<(RelationId, Rect)> {
    let offset = input.origin.to_vec2();
    let span_of = |id: SpanId| Some(&input.spans[*input.span_position.get(&id)?]);
    let seen = |span: &Span| span.end_char() > from_char && span.start_char() < to_char;
    let relations = input.relations.iter().map(|relation| {
        let color = input
            .schema
            .label(relation.data.label_id)
            .map_or(Color32::GRAY, theme::label_color);
        let arc = Arc {
            from: relation.data.from_span,
            to: relation.data.to_span,
            label: relation.data.label_id,
            color,
            selected: input.selected_relation == Some(relation.id),
            candidate: None,
        };
        (relation.id, arc)
    });
    // A candidate is no relation yet: a negative id never names a stored
    // one, and its route comes back in its place anyway.
    let candidates = input.candidate_arcs.iter().enumerate().map(|(i, c)| {
        let arc = Arc {
            from: c.from,
            to: c.to,
            label: c.label,
            color: c.color,
            selected: c.current,
            candidate: Some(c.struck),
        };
        (RelationId(-1 - i as i64), arc)
    });
    let mut ends = Vec::new();
    let mut arcs = Vec::new();
    for (id, arc) in relations.chain(candidates) {
        let (Some(from), Some(to)) = (span_of(arc.from), span_of(arc.to)) else {
            continue;
        };
        let first = from.start_char().min(to.start_char());
        let last = from.end_char().max(to.end_char());
        if last <= from_char || first >= to_char {
            continue;
        }
        let (Some(a), Some(b)) = (anchor_of(input, from.id), anchor_of(input, to.id)) else {
            continue;
        };
        let galley = painter.layout_no_wrap(
            input.schema.label_name(arc.label).to_string(),
            FontId::proportional(input.layout.tag_font_size),
            theme::text_on(arc.color),
        );
        ends.push(RelationEnds {
            id,
            from: a,
            to: b,
            label_size: vec2(galley.size().x + 6.0, input.layout.tag_font_size + 2.0),
            from_seen: seen(from),
            to_seen: seen(to),
        });
        arcs.push((arc, galley));
    }
    let room = relation_room(painter, input);
    let mut obstacles = text_rows(input, from_char, to_char);
    obstacles.extend(tags.iter().map(|t| t.translate(-offset)));
    let routes = layout_relations(&ends, &obstacles, &room);
    // Every line first, then every label: where the layout had to let a
    // line cross a label, the label stays readable on top.
    for (route, (arc, _)) in routes.iter().zip(&arcs) {
        let stroke = Stroke::new(if arc.selected { 2.5 } else { 1.4 }, arc.color);
        for segment in &route.segments {
            let points = [segment[0] + offset, segment[1] + offset];
            if arc.candidate.is_some() {
                painter.extend(egui::Shape::dashed_line(&points, stroke, 5.0, 3.0));
            } else {
                painter.line_segment(points, stroke);
            }
        }
        let head = route.head + offset;
        let size = 5.0;
        painter.add(egui::Shape::convex_polygon(
            vec![
                head,
                head + vec2(-size, -size * 1.4),
                head + vec2(size, -size * 1.4),
            ],
            arc.color,
            Stroke::NONE,
        ));
    }
    let mut hits = Vec::with_capacity(routes.len());
    for (route, (arc, galley)) in routes.into_iter().zip(arcs) {
        let label = route.label.translate(offset);
        paint_chip(
            painter,
            label,
            arc.color,
            arc.selected.then_some(input.text_color),
            galley,
        );
        match arc.candidate {
            // A rejected candidate's name is struck through.
            Some(true) => {
                painter.line_segment(
                    [label.left_center(), label.right_center()],
                    Stroke::new(1.5, input.text_color),
                );
            }
            Some(false) => {}
            // Only relations are clicked on (to select them).
            None => hits.push((route.id, label)),
        }
    }
    hits
}

/// One arc to draw: a relation, or a curation candidate for one.
struct Arc {
    from: SpanId,
    to: SpanId,
    label: crate::model::LabelId,
    color: Color32,
    /// The selected relation, or the candidate the keys act on.
    selected: bool,
    /// For a candidate, whether it was rejected; None for a relation.
    candidate: Option<bool>,
}

/// The levels above the rows, the gutter left of the text (as wide as the
/// margin shown), the text's width and the view, in content coordinates.
fn relation_room(painter: &Painter, input: &PaintInput<'_>) -> RelationRoom {
    let layout = input.layout;
    let margin = (input.origin.x - painter.clip_rect().left()).max(12.0);
    RelationRoom {
        pitch: layout.relation_pitch,
        levels: RELATION_LEVELS,
        gutter_x: -6.0,
        gutter_step: 4.0,
        gutter_min_x: -(margin - 6.0).max(6.0),
        left: 0.0,
        right: layout.size.x,
        view: input.viewport,
    }
}

/// The rectangles of the text of every row in `from..to`, with the nesting
/// underlines below it: labels keep off them.
fn text_rows(input: &PaintInput<'_>, from: usize, to: usize) -> Vec<Rect> {
    let layout = input.layout;
    let first = layout.paragraph_at_char(from);
    let last = layout.paragraph_at_char(to.saturating_sub(1).max(from));
    let underlines = 2.0 + f32::from(MAX_LEVEL_DRAWN) * LEVEL_STEP + 2.0;
    layout.paragraphs[first..=last.max(first)]
        .iter()
        .flat_map(|p| layout.range_rects(p.start_char, p.end_char()))
        .map(|row| Rect::from_min_max(row.min, pos2(row.right(), row.bottom() + underlines)))
        .collect()
}

/// Spans reaching into `from..to`, each with its rectangles.
fn visible_spans(input: &PaintInput<'_>, from: usize, to: usize) -> Vec<(usize, Vec<Rect>)> {
    let earliest_start = from.saturating_sub(input.longest_span);
    let first = input
        .spans
        .partition_point(|s| s.start_char() < earliest_start);
    input.spans[first..]
        .iter()
        .enumerate()
        .take_while(|(_, span)| span.start_char() < to)
        .filter(|(_, span)| span.end_char() > from)
        .map(|(offset, span)| {
            (
                first + offset,
                input.layout.range_rects(span.start_char(), span.end_char()),
            )
        })
        .collect()
}

fn label_color(input: &PaintInput<'_>, span: &Span) -> Color32 {
    input
        .schema
        .label(span.label_id())
        .map_or(Color32::GRAY, theme::label_color)
}

/// Where the next tag on a row may go: left-to-right tags are moved right
/// of the last one, right-to-left tags left of it.
struct TagRow {
    next_left: f32,
    next_right: f32,
}

/// The label's name in a small coloured box above the span's first character.
/// Tags that would overlap on a row give way. Returns where it went.
fn paint_tag(
    painter: &Painter,
    input: &PaintInput<'_>,
    span: &Span,
    text_rect: Rect,
    color: Color32,
    selected: bool,
    tag_cursor: &mut HashMap<u32, TagRow>,
) -> Rect {
    let layout = input.layout;
    let text = tag_text(input.schema, span);
    let font = FontId::proportional(layout.tag_font_size);
    let galley = painter.layout_no_wrap(text, font, theme::text_on(color));
    let top = layout.tag_top(text_rect);
    let row_key = top.to_bits();
    let row = tag_cursor.entry(row_key).or_insert(TagRow {
        next_left: f32::MIN,
        next_right: f32::MAX,
    });
    let size = galley.size() + vec2(6.0, 0.0);
    // A span starting in right-to-left text starts at its box's right edge:
    // the tag and its stem go there, and tags on the row give way leftwards.
    let caret = layout.caret_rect(span.start_char());
    let starts_right =
        (caret.left() - text_rect.right()).abs() < (caret.left() - text_rect.left()).abs();
    let (stem_x, left) = if starts_right {
        let right = text_rect.right().min(row.next_right);
        row.next_right = right - size.x - 2.0;
        (text_rect.right(), right - size.x)
    } else {
        let left = text_rect.left().max(row.next_left);
        row.next_left = left + size.x + 2.0;
        (text_rect.left(), left)
    };
    let rect = Rect::from_min_size(pos2(left, top), vec2(size.x, layout.tag_font_size + 2.0));
    let rect = rect.translate(input.origin.to_vec2());
    paint_chip(
        painter,
        rect,
        color,
        selected.then_some(input.text_color),
        galley,
    );
    // A stem from the tag down to the text, when the tag was moved.
    let stem_x = stem_x + input.origin.x;
    if (rect.left() - stem_x).abs() > 1.0 && (rect.right() - stem_x).abs() > 1.0 {
        painter.line_segment(
            [
                pos2(stem_x, rect.bottom()),
                pos2(stem_x, text_rect.top() + input.origin.y),
            ],
            Stroke::new(1.0, color),
        );
    }
    rect
}

/// The label's name, then each attribute that differs from its default
/// ("EVENT·planned", "CLAIM·denied"), so they show without hovering, and ✏
/// when the span has a note.
fn tag_text(schema: &Schema, span: &Span) -> String {
    let mut text = short_name(schema.label_name(span.label_id()));
    for definition in schema.attributes_of(span.label_id()) {
        let Some(value) = span.data.attributes.get(&definition.name) else {
            continue;
        };
        match definition.kind {
            crate::model::AttributeKind::Choice if definition.values.first() != Some(value) => {
                text.push('·');
                text.push_str(&short_name(value));
            }
            crate::model::AttributeKind::Flag if value == "true" => {
                text.push('·');
                text.push_str(&short_name(&definition.name));
            }
            _ => {}
        }
    }
    // A span with a note says so (in the default fonts, unlike ✎).
    if !span.data.note.trim().is_empty() {
        text.push_str(" ✏");
    }
    text
}

/// Long label names (brat corpora use 300-character cluster ids) are cut.
fn short_name(name: &str) -> String {
    const MAX_CHARS: usize = 16;
    if name.chars().count() <= MAX_CHARS {
        name.to_string()
    } else {
        let head: String = name.chars().take(MAX_CHARS - 1).collect();
        format!("{head}…")
    }
}

/// A label's name in a box of its colour, outlined when selected.
fn paint_chip(
    painter: &Painter,
    rect: Rect,
    color: Color32,
    outline: Option<Color32>,
    galley: std::sync::Arc<egui::Galley>,
) {
    painter.rect_filled(rect, 3.0, color);
    if let Some(outline) = outline {
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(1.5, outline),
            egui::StrokeKind::Outside,
        );
    }
    painter.galley(
        rect.center() - galley.size() / 2.0,
        galley,
        Color32::PLACEHOLDER,
    );
}

#[cfg(test)]
mod note_marker_tests {
    use super::tag_text;
    use crate::model::{DocumentId, LabelKind, Span, SpanData, SpanId};
    use crate::store::{Reader, Store};

    /// Issue 16 bug 7: a span with a note looked like one without.
    #[test]
    fn a_span_with_a_note_gets_a_marker() {
        let schema = Store::in_memory().unwrap().schema().unwrap();
        let actor = schema.label_by_name(LabelKind::Span, "ACTOR").unwrap().id;
        let mut span = Span {
            id: SpanId(1),
            data: SpanData {
                document_id: DocumentId(1),
                start_char: 0,
                end_char: 1,
                label_id: actor,
                attributes: schema.default_attributes(actor),
                annotator: String::new(),
                note: String::new(),
            },
        };
        assert_eq!(tag_text(&schema, &span), "ACTOR");
        span.data.note = "check".into();
        assert_eq!(tag_text(&schema, &span), "ACTOR ✏");
    }
}
