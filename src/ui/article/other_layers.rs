//! Other annotators' layers drawn on the article, read-only (View › Layers):
//! each span a thin outline in its annotator's colour, with its label's name
//! under it (one line per annotator). Each annotator's outlines sit a little further
//! out than the previous one's, so two layers marking the same words stay
//! apart, and never look like the editable spans (which are filled).

use std::sync::Arc;

use egui::{pos2, vec2, Color32, FontId, Painter, Pos2, Rect, Stroke};

use super::layout::ArticleLayout;
use super::ArticleView;
use crate::model::{Schema, Span};

/// One other annotator's layer of the open document.
#[derive(Clone, Debug)]
pub struct ShownLayer {
    pub annotator: String,
    pub color: Color32,
    /// In text order.
    pub spans: Vec<Span>,
}

/// What the article shows of other layers this frame.
#[derive(Clone, Debug, Default)]
pub struct LayerOverlay {
    pub layers: Arc<[ShownLayer]>,
}

impl ArticleView {
    /// The other layers to draw from the next frame on.
    pub fn show_layers(&mut self, overlay: LayerOverlay) {
        self.other_layers = overlay;
    }
}

/// Paints the other layers' spans that reach into the visible characters.
pub(super) fn paint(
    painter: &Painter,
    layout: &ArticleLayout,
    schema: &Schema,
    overlay: &LayerOverlay,
    origin: Pos2,
    viewport: Rect,
) {
    if overlay.layers.is_empty() {
        return;
    }
    let Some((from_char, to_char)) = layout.visible_chars(viewport) else {
        return;
    };
    let font = FontId::proportional(layout.tag_font_size * 0.8);
    let line = layout.tag_font_size * 0.8 + 1.0;
    for (index, layer) in overlay.layers.iter().enumerate() {
        let out = 2.0 + 2.5 * index as f32;
        let stroke = Stroke::new(1.3, layer.color);
        for span in layer
            .spans
            .iter()
            .filter(|s| s.start_char() < to_char && s.end_char() > from_char)
        {
            let rects: Vec<Rect> = layout
                .range_rects(span.start_char(), span.end_char())
                .into_iter()
                .map(|r| r.translate(origin.to_vec2()).expand2(vec2(out, out * 0.5)))
                .collect();
            for rect in &rects {
                painter.rect_stroke(*rect, 2.0, stroke, egui::StrokeKind::Outside);
            }
            // The label under the span, one line per annotator, so the
            // names of layers marking the same words never sit on each other
            // (the colour says whose; the legend names the colours).
            if let Some(rect) = rects.first() {
                painter.text(
                    pos2(rect.left(), rect.bottom() + 1.0 + line * index as f32),
                    egui::Align2::LEFT_TOP,
                    schema.label_name(span.label_id()),
                    font.clone(),
                    layer.color,
                );
            }
        }
    }
}
