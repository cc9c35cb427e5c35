//! Suggestions drawn on the article: a dashed outline in the label's colour
//! around each, with the label name and score under it; the one the keys
//! would accept (under the caret) drawn bolder.

use std::sync::Arc;

use egui::{pos2, vec2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke};

use super::layout::ArticleLayout;
use super::ArticleView;
use crate::model::{Schema, Suggestion, SuggestionId};
use crate::ui::theme;

/// What the article shows of the open document's suggestions this frame.
#[derive(Clone, Debug, Default)]
pub struct SuggestionOverlay {
    /// Pending, in text order.
    pub suggestions: Arc<[Suggestion]>,
    /// The one Enter, A or X acts on.
    pub current: Option<SuggestionId>,
}

impl ArticleView {
    /// The suggestions to draw from the next frame on.
    pub fn show_suggestions(&mut self, overlay: SuggestionOverlay) {
        self.suggestions = overlay;
    }
}

const DASH: f32 = 4.0;
const GAP: f32 = 3.0;

/// Paints the suggestions that reach into the visible characters
/// `from_char..to_char`.
pub(super) fn paint(
    painter: &Painter,
    layout: &ArticleLayout,
    schema: &Schema,
    overlay: &SuggestionOverlay,
    origin: Pos2,
    viewport: Rect,
) {
    let Some((from_char, to_char)) = layout.visible_chars(viewport) else {
        return;
    };
    let font = FontId::proportional(layout.tag_font_size);
    for suggestion in overlay
        .suggestions
        .iter()
        .filter(|s| s.start_char < to_char && s.end_char > from_char)
    {
        let color = schema
            .label(suggestion.label_id)
            .map_or(Color32::GRAY, theme::label_color);
        let current = overlay.current == Some(suggestion.id);
        let stroke = Stroke::new(if current { 2.5 } else { 1.2 }, color);
        let rects: Vec<Rect> = layout
            .range_rects(suggestion.start_char, suggestion.end_char)
            .into_iter()
            .map(|r| r.translate(origin.to_vec2()).expand2(vec2(1.5, 1.0)))
            .collect();
        for rect in &rects {
            painter.extend(dashed_outline(*rect, stroke));
        }
        if let Some(last_rect) = rects.last() {
            let text = format!(
                "{} {:.2}",
                schema.label_name(suggestion.label_id),
                suggestion.score
            );
            painter.text(
                pos2(last_rect.left(), last_rect.bottom() + 1.0),
                egui::Align2::LEFT_TOP,
                text,
                font.clone(),
                color,
            );
        }
    }
}

fn dashed_outline(rect: Rect, stroke: Stroke) -> Vec<Shape> {
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    Shape::dashed_line(&corners, stroke, DASH, GAP)
}
