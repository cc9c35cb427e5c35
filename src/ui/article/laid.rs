//! One paragraph laid out, whichever way: egui's own galley for text that
//! runs left to right only (its glyph `i` is code point `i`), or our bidi
//! layout for anything holding right-to-left text. The article asks both
//! the same questions. Coordinates are relative to the paragraph's top-left
//! corner; offsets are code points in the paragraph.

use std::sync::Arc;

use egui::epaint::text::FontsView;
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{vec2, Color32, Galley, Painter, Pos2, Rect, Vec2};

use super::bidi_layout::{BidiParagraph, PieceCache};
use super::bidi_order::{needs_bidi, TextDirection};

pub enum LaidParagraph {
    Plain(Arc<Galley>),
    Bidi(BidiParagraph),
}

impl LaidParagraph {
    /// Lays out one paragraph's text (no '\n'; a CR already shown as a space).
    pub fn new(
        chars: &[char],
        format: &TextFormat,
        wrap_width: f32,
        direction: TextDirection,
        fonts: &mut FontsView<'_>,
        cache: &mut PieceCache,
    ) -> Self {
        if direction == TextDirection::RightToLeft || needs_bidi(chars) {
            return Self::Bidi(BidiParagraph::build(
                chars, format, wrap_width, direction, fonts, cache,
            ));
        }
        let mut job = LayoutJob::single_section(chars.iter().collect(), format.clone());
        job.wrap.max_width = wrap_width;
        Self::Plain(fonts.layout_job(job))
    }

    pub fn height(&self) -> f32 {
        match self {
            Self::Plain(galley) => galley.size().y,
            Self::Bidi(paragraph) => paragraph.height(),
        }
    }

    /// The boundary nearest to `pos`, at most `len_chars`.
    pub fn char_at(&self, pos: Vec2, len_chars: usize) -> usize {
        match self {
            Self::Plain(galley) => galley.cursor_from_pos(pos).index.0.min(len_chars),
            Self::Bidi(paragraph) => paragraph.char_at(pos).min(len_chars),
        }
    }

    /// The code point under `pos` (not the boundary nearest to it).
    pub fn char_under(&self, pos: Vec2, len_chars: usize) -> usize {
        match self {
            Self::Plain(_) => {
                let boundary = self.char_at(pos, len_chars);
                if boundary > 0 && pos.x < self.caret_rect(boundary).left() {
                    boundary - 1
                } else {
                    boundary
                }
            }
            Self::Bidi(paragraph) => paragraph.char_under(pos).min(len_chars),
        }
    }

    /// A zero-width rectangle, the height of the row, where the caret
    /// before `offset` is drawn.
    pub fn caret_rect(&self, offset: usize) -> Rect {
        match self {
            Self::Plain(galley) => galley.pos_from_cursor(CCursor::new(offset)),
            Self::Bidi(paragraph) => paragraph.caret_rect(offset),
        }
    }

    /// Rectangles (full row height) covering `start..end`.
    pub fn range_rects(&self, start: usize, end: usize, rects: &mut Vec<Rect>) {
        match self {
            Self::Plain(galley) => plain_range_rects(galley, start, end, rects),
            Self::Bidi(paragraph) => paragraph.range_rects(start, end, rects),
        }
    }

    /// Whether the paragraph runs right to left (its base direction).
    pub fn is_rtl(&self) -> bool {
        matches!(self, Self::Bidi(paragraph) if paragraph.is_rtl())
    }

    /// ←/→ on screen: the caret position right or left of `offset` on its
    /// row. None where that is simply the next or previous grapheme in
    /// logical order (left-to-right text) or at the row's edge.
    pub fn visual_step(&self, offset: usize, rightwards: bool) -> Option<usize> {
        match self {
            Self::Plain(_) => None,
            Self::Bidi(paragraph) => paragraph.visual_step(offset, rightwards),
        }
    }

    pub fn paint(&self, painter: &Painter, top_left: Pos2, color: Color32) {
        match self {
            Self::Plain(galley) => painter.galley(top_left, galley.clone(), color),
            Self::Bidi(paragraph) => paragraph.paint(painter, top_left, color),
        }
    }

    /// The glyphs drawn, each with its box: what the user sees, for tests.
    pub fn drawn_glyphs(&self) -> Vec<(char, Rect)> {
        match self {
            Self::Plain(galley) => galley
                .rows
                .iter()
                .flat_map(|row| {
                    row.glyphs
                        .iter()
                        .filter(|g| g.advance_width > 0.0)
                        .map(move |g| {
                            let rect = Rect::from_min_size(
                                row.pos + vec2(g.pos.x, 0.0),
                                vec2(g.advance_width, row.size.y),
                            );
                            (g.chr, rect)
                        })
                })
                .collect(),
            Self::Bidi(paragraph) => paragraph.drawn_glyphs(),
        }
    }
}

/// One rectangle per row that `start..end` covers in a left-to-right galley.
fn plain_range_rects(galley: &Galley, start: usize, end: usize, rects: &mut Vec<Rect>) {
    let from = galley.layout_from_cursor(CCursor {
        index: start.into(),
        prefer_next_row: true,
    });
    let to = galley.layout_from_cursor(CCursor {
        index: end.into(),
        prefer_next_row: false,
    });
    for row_index in from.row..=to.row {
        let Some(row) = galley.rows.get(row_index) else {
            break;
        };
        let row_rect = row.rect();
        let left = if row_index == from.row {
            galley.pos_from_layout_cursor(&from).left()
        } else {
            row_rect.left()
        };
        let right = if row_index == to.row {
            galley.pos_from_layout_cursor(&to).left()
        } else {
            row_rect.right()
        };
        if right > left || start == end {
            rects.push(Rect::from_x_y_ranges(left..=right, row_rect.y_range()));
        }
    }
}
