//! Curation candidates drawn on the article: a bar in the colour of the
//! candidate's state over its words (between the gold span's tag and the
//! text), a strike through a rejected one, and a frame around the current
//! one. The article knows only where and in which colour: what the states
//! mean (and the legend naming the colours) is the curation view's.

use std::sync::Arc;

use egui::{pos2, vec2, Color32, Painter, Pos2, Rect, Stroke};

use super::layout::ArticleLayout;
use super::ArticleView;
use crate::model::{LabelId, SpanId};

/// One candidate as the article draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateMark {
    pub start_char: usize,
    pub end_char: usize,
    pub color: Color32,
    /// Struck through: rejected, it is not proposed again here.
    pub struck: bool,
}

/// A relation candidate as the article draws it: a dashed arc between two
/// spans of the layer shown (gold), routed with its relations.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateArc {
    pub from: SpanId,
    pub to: SpanId,
    /// Its type, named on the arc.
    pub label: LabelId,
    pub color: Color32,
    /// Struck through: rejected, it is not proposed again here.
    pub struck: bool,
    /// The one the keys act on: drawn heavier, its name framed.
    pub current: bool,
}

/// What the article shows of curation this frame (empty outside curation).
#[derive(Clone, Debug, Default)]
pub struct CandidateOverlay {
    /// In text order.
    pub marks: Arc<[CandidateMark]>,
    /// The one the keys act on, by its place in `marks`.
    pub current: Option<usize>,
    /// Relation candidates between gold spans.
    pub arcs: Arc<[CandidateArc]>,
}

impl ArticleView {
    /// The candidates to draw from the next frame on.
    pub fn show_candidates(&mut self, overlay: CandidateOverlay) {
        self.candidates = overlay;
    }
}

const BAR: f32 = 3.0;

/// Paints the candidates that reach into the visible characters.
pub(super) fn paint(
    painter: &Painter,
    layout: &ArticleLayout,
    overlay: &CandidateOverlay,
    origin: Pos2,
    viewport: Rect,
) {
    if overlay.marks.is_empty() {
        return;
    }
    let Some((from_char, to_char)) = layout.visible_chars(viewport) else {
        return;
    };
    for (index, mark) in overlay
        .marks
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start_char < to_char && m.end_char > from_char)
    {
        let current = overlay.current == Some(index);
        for rect in layout.range_rects(mark.start_char, mark.end_char) {
            let rect = rect.translate(origin.to_vec2());
            // Just above the text: the gold span's own tag sits higher up,
            // the annotators' outlines and names around and under it.
            let bar = Rect::from_min_max(
                pos2(rect.left(), rect.top() - BAR - 1.0),
                pos2(rect.right(), rect.top() - 1.0),
            );
            painter.rect_filled(bar, 1.0, mark.color);
            if mark.struck {
                let y = rect.center().y;
                painter.line_segment(
                    [pos2(rect.left(), y), pos2(rect.right(), y)],
                    Stroke::new(1.5, mark.color),
                );
            }
            if current {
                painter.rect_stroke(
                    rect.expand2(vec2(3.0, BAR + 2.0)),
                    3.0,
                    Stroke::new(2.0, mark.color),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}
