//! The article laid out once per (document, font, width): one galley per
//! paragraph, stacked. Spans are painted over it each frame, so an edit never
//! lays the text out again. Coordinates here are relative to the content's
//! top-left corner.

use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{pos2, vec2, Color32, FontFamily, FontId, Galley, Rect, Vec2};

use crate::model::DocumentId;

/// What the layout depends on; any change lays the text out again.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutKey {
    pub document: DocumentId,
    pub len_chars: usize,
    pub font_size: f32,
    pub family: FontFamily,
    pub wrap_width: f32,
}

pub struct Paragraph {
    /// Code point offset of the paragraph's first character in the document.
    pub start_char: usize,
    /// Characters in the paragraph, without its closing '\n'.
    pub len_chars: usize,
    pub top: f32,
    pub galley: Arc<Galley>,
}

impl Paragraph {
    pub fn end_char(&self) -> usize {
        self.start_char + self.len_chars
    }

    pub fn bottom(&self) -> f32 {
        self.top + self.galley.size().y
    }
}

pub struct ArticleLayout {
    pub key: LayoutKey,
    pub paragraphs: Vec<Paragraph>,
    pub size: Vec2,
    pub font_size: f32,
    /// Height of the band above and below the text in each row, where label
    /// tags (above) and nesting underlines (below) are drawn.
    pub band: f32,
    pub tag_font_size: f32,
}

/// Extra space between paragraphs, in multiples of the font size.
const PARAGRAPH_GAP: f32 = 0.45;

impl ArticleLayout {
    pub fn tag_font_size(font_size: f32) -> f32 {
        (font_size * 0.6).max(9.0)
    }

    pub fn build(
        key: LayoutKey,
        chars: &[char],
        fonts: &mut egui::epaint::text::FontsView<'_>,
    ) -> Self {
        let font_size = key.font_size;
        let tag_font_size = Self::tag_font_size(font_size);
        let band = tag_font_size + 5.0;
        let line_height = font_size * 1.3 + 2.0 * band;
        let format = TextFormat {
            font_id: FontId::new(font_size, key.family.clone()),
            // Drawn with the theme's text colour, so a theme change needs no relayout.
            color: Color32::PLACEHOLDER,
            line_height: Some(line_height),
            ..Default::default()
        };
        let mut paragraphs = Vec::new();
        let mut top = 0.0;
        let mut start_char = 0;
        for line in chars.split(|&c| c == '\n') {
            // A CR shows as a space: one glyph per code point keeps offsets exact.
            let text: String = line
                .iter()
                .map(|&c| if c == '\r' { ' ' } else { c })
                .collect();
            let mut job = LayoutJob::single_section(text, format.clone());
            job.wrap.max_width = key.wrap_width;
            let galley = fonts.layout_job(job);
            let height = galley.size().y;
            paragraphs.push(Paragraph {
                start_char,
                len_chars: line.len(),
                top,
                galley,
            });
            top += height + font_size * PARAGRAPH_GAP;
            start_char += line.len() + 1;
        }
        let size = vec2(key.wrap_width, top);
        Self {
            key,
            paragraphs,
            size,
            font_size,
            band,
            tag_font_size,
        }
    }

    /// The paragraph holding `offset_chars` (a '\n' belongs to the paragraph it ends).
    pub fn paragraph_at_char(&self, offset_chars: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.start_char <= offset_chars)
            .saturating_sub(1)
    }

    /// The paragraph at height `y`, or the nearest one.
    pub fn paragraph_at_y(&self, y: f32) -> usize {
        self.paragraphs
            .partition_point(|p| p.top <= y)
            .saturating_sub(1)
    }

    /// Paragraphs that intersect `top..bottom`.
    pub fn visible(&self, top: f32, bottom: f32) -> std::ops::Range<usize> {
        let first = self.paragraphs.partition_point(|p| p.bottom() < top);
        let last = self.paragraphs.partition_point(|p| p.top <= bottom);
        first..last.max(first)
    }

    /// The code point offset nearest to `pos`.
    pub fn char_at(&self, pos: Vec2) -> usize {
        let Some(paragraph) = self.paragraphs.get(self.paragraph_at_y(pos.y)) else {
            return 0;
        };
        let cursor = paragraph
            .galley
            .cursor_from_pos(pos - vec2(0.0, paragraph.top));
        paragraph.start_char + cursor.index.0.min(paragraph.len_chars)
    }

    /// The character under `pos` (not the boundary nearest to it).
    pub fn char_under(&self, pos: Vec2) -> usize {
        let boundary = self.char_at(pos);
        if boundary > 0 && pos.x < self.caret_rect(boundary).left() {
            boundary - 1
        } else {
            boundary
        }
    }

    /// A zero-width rectangle at `offset_chars`, the height of its row's text.
    pub fn caret_rect(&self, offset_chars: usize) -> Rect {
        let Some(paragraph) = self.paragraphs.get(self.paragraph_at_char(offset_chars)) else {
            return Rect::NOTHING;
        };
        let local = offset_chars
            .saturating_sub(paragraph.start_char)
            .min(paragraph.len_chars);
        let rect = paragraph.galley.pos_from_cursor(CCursor::new(local));
        self.text_band(rect.translate(vec2(0.0, paragraph.top)))
    }

    /// The rectangles covering `start..end`, one per row it spans, each the
    /// height of the text (without the tag and underline bands).
    pub fn range_rects(&self, start_char: usize, end_char: usize) -> Vec<Rect> {
        let mut rects = Vec::new();
        if start_char >= end_char {
            return rects;
        }
        let first = self.paragraph_at_char(start_char);
        let last = self.paragraph_at_char(end_char.saturating_sub(1));
        for paragraph in self.paragraphs.get(first..=last).unwrap_or(&[]) {
            let local_start = start_char
                .saturating_sub(paragraph.start_char)
                .min(paragraph.len_chars);
            let local_end = end_char
                .saturating_sub(paragraph.start_char)
                .min(paragraph.len_chars);
            self.paragraph_rects(paragraph, local_start, local_end, &mut rects);
        }
        rects
    }

    fn paragraph_rects(
        &self,
        paragraph: &Paragraph,
        start: usize,
        end: usize,
        rects: &mut Vec<Rect>,
    ) {
        let galley = &paragraph.galley;
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
                let rect = Rect::from_x_y_ranges(left..=right, row_rect.y_range());
                rects.push(self.text_band(rect.translate(vec2(0.0, paragraph.top))));
            }
        }
    }

    /// Shrinks a full-row rectangle to the text inside it.
    fn text_band(&self, row: Rect) -> Rect {
        let half = self.font_size * 0.66;
        let center = row.center().y;
        Rect::from_x_y_ranges(row.x_range(), (center - half)..=(center + half))
    }

    /// The top of the row band holding a text rectangle: where its tags go.
    pub fn tag_top(&self, text_rect: Rect) -> f32 {
        text_rect.top() - self.band + 1.0
    }

    /// A point in the content, for tests and scrolling.
    pub fn content_pos(&self, offset_chars: usize) -> egui::Pos2 {
        let rect = self.caret_rect(offset_chars);
        pos2(rect.left() + 1.0, rect.center().y)
    }
}
