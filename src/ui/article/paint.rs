//! Drawing the visible part of the article: span backgrounds, the selection,
//! the text, nesting underlines, label tags and the caret.

use std::collections::HashMap;

use egui::{pos2, vec2, Color32, FontId, Painter, Pos2, Rect, Stroke};

use super::layout::ArticleLayout;
use crate::model::{Schema, Span, SpanId};
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

pub fn paint(painter: &Painter, input: &PaintInput<'_>) {
    let layout = input.layout;
    let visible = layout.visible(
        input.viewport.top() - layout.band,
        input.viewport.bottom() + layout.band,
    );
    let Some(first) = layout.paragraphs.get(visible.start) else {
        return;
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
    for paragraph in &layout.paragraphs[visible.clone()] {
        painter.galley(
            input.origin + vec2(0.0, paragraph.top),
            paragraph.galley.clone(),
            input.text_color,
        );
    }
    let mut tag_cursor: HashMap<u32, f32> = HashMap::new();
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
            paint_tag(
                painter,
                input,
                span,
                *first_rect,
                color,
                selected,
                &mut tag_cursor,
            );
        }
    }
    if let Some(caret) = input.caret {
        let rect = layout.caret_rect(caret);
        painter.line_segment(
            [rect.left_top() + offset, rect.left_bottom() + offset],
            Stroke::new(1.5, input.text_color),
        );
    }
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

/// The label's name in a small coloured box above the span's first character.
/// Tags that would overlap on a row are moved right.
fn paint_tag(
    painter: &Painter,
    input: &PaintInput<'_>,
    span: &Span,
    text_rect: Rect,
    color: Color32,
    selected: bool,
    tag_cursor: &mut HashMap<u32, f32>,
) {
    let layout = input.layout;
    let text = tag_text(input.schema.label_name(span.label_id()));
    let font = FontId::proportional(layout.tag_font_size);
    let galley = painter.layout_no_wrap(text, font, theme::text_on(color));
    let top = layout.tag_top(text_rect);
    let row_key = top.to_bits();
    let min_x = tag_cursor.get(&row_key).copied().unwrap_or(f32::MIN);
    let left = text_rect.left().max(min_x);
    let size = galley.size() + vec2(6.0, 0.0);
    let rect = Rect::from_min_size(pos2(left, top), vec2(size.x, layout.tag_font_size + 2.0));
    tag_cursor.insert(row_key, rect.right() + 2.0);
    let rect = rect.translate(input.origin.to_vec2());
    painter.rect_filled(rect, 3.0, color);
    if selected {
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(1.5, input.text_color),
            egui::StrokeKind::Outside,
        );
    }
    let text_pos = rect.center() - galley.size() / 2.0;
    painter.galley(text_pos, galley, Color32::PLACEHOLDER);
    // A stem from the tag down to the text.
    let stem_x = text_rect.left() + input.origin.x;
    if (rect.left() - stem_x).abs() > 1.0 {
        painter.line_segment(
            [
                pos2(stem_x, rect.bottom()),
                pos2(stem_x, text_rect.top() + input.origin.y),
            ],
            Stroke::new(1.0, color),
        );
    }
}

/// Long label names (brat corpora use 300-character cluster ids) are cut.
fn tag_text(name: &str) -> String {
    const MAX_CHARS: usize = 16;
    if name.chars().count() <= MAX_CHARS {
        name.to_string()
    } else {
        let head: String = name.chars().take(MAX_CHARS - 1).collect();
        format!("{head}…")
    }
}
