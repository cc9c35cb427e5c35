//! The article laid out once per (document, font, width): one galley per
//! paragraph, stacked. Spans are painted over it each frame, so an edit never
//! lays the text out again. Coordinates here are relative to the content's
//! top-left corner.
//!
//! Every paragraph is measured once, top to bottom, a slice a frame (the
//! first frame measures what it shows): a 1 MB article opens at once and the
//! view keeps drawing while the rest is measured. Until then a paragraph's
//! height is estimated from its length; as measuring goes from the top, what
//! is on screen never moves. Only the galleys near the viewport and the caret
//! are kept: a galley holds a mesh per glyph, and a 1 MB article's galleys
//! would take 175 MB.

use std::cell::RefCell;
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
    pub height: f32,
    /// Laid out while near the viewport or the caret; None otherwise.
    galley: RefCell<Option<Arc<Galley>>>,
}

impl Paragraph {
    pub fn end_char(&self) -> usize {
        self.start_char + self.len_chars
    }

    pub fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// The galley, if [`ArticleLayout::keep_laid_out`] laid it out.
    pub fn galley(&self) -> Option<Arc<Galley>> {
        self.galley.borrow().clone()
    }
}

/// Paragraphs beyond the needed ones whose galleys are kept, each side, so
/// that scrolling back and forth does not lay out the same text every frame.
const KEPT_AROUND: usize = 6;

pub struct ArticleLayout {
    pub key: LayoutKey,
    pub paragraphs: Vec<Paragraph>,
    pub size: Vec2,
    pub font_size: f32,
    /// Height of the band above and below the text in each row, where label
    /// tags (above) and nesting underlines (below) are drawn.
    pub band: f32,
    pub tag_font_size: f32,
    /// Height of one level of relation arcs and their labels, in the room
    /// above each row's tag band (see [`RELATION_LEVELS`]).
    pub relation_pitch: f32,
    format: TextFormat,
    /// Paragraphs `..measured` have their real height; the rest an estimate.
    measured: usize,
    /// The paragraphs whose galleys are laid out.
    held: RefCell<Vec<usize>>,
}

/// Characters measured per frame once the visible part is done: about 5 ms.
const MEASURE_CHARS_PER_FRAME: usize = 40_000;

/// Extra space between paragraphs, in multiples of the font size.
const PARAGRAPH_GAP: f32 = 0.45;

/// Levels of relation arcs each row has room for above its tags: two, so an
/// arc can pass over a shorter one and its label never sits on the text.
pub const RELATION_LEVELS: usize = 2;

impl ArticleLayout {
    pub fn tag_font_size(font_size: f32) -> f32 {
        (font_size * 0.6).max(9.0)
    }

    /// A relation label's chip is as tall as a tag's; a level is that and a gap.
    fn relation_pitch(tag_font_size: f32) -> f32 {
        tag_font_size + 4.0
    }

    /// A row: the text, a band above (tags) and below (nesting underlines),
    /// and the relation levels. The galley centres the text in it.
    fn line_height(font_size: f32, band: f32, relation_pitch: f32) -> f32 {
        font_size * 1.3 + 2.0 * band + RELATION_LEVELS as f32 * relation_pitch
    }

    /// Paragraphs with estimated heights; [`Self::measure`] makes them real.
    pub fn build(key: LayoutKey, chars: &[char]) -> Self {
        let font_size = key.font_size;
        let tag_font_size = Self::tag_font_size(font_size);
        let band = tag_font_size + 5.0;
        let relation_pitch = Self::relation_pitch(tag_font_size);
        let line_height = Self::line_height(font_size, band, relation_pitch);
        let format = TextFormat {
            font_id: FontId::new(font_size, key.family.clone()),
            // Drawn with the theme's text colour, so a theme change needs no relayout.
            color: Color32::PLACEHOLDER,
            line_height: Some(line_height),
            ..Default::default()
        };
        // An estimate until measured: an average glyph is about half the font
        // size wide.
        let chars_per_row = (key.wrap_width / (font_size * 0.5)).max(1.0);
        let mut paragraphs = Vec::new();
        let mut start_char = 0;
        for line in chars.split(|&c| c == '\n') {
            let rows = (line.len() as f32 / chars_per_row).ceil().max(1.0);
            paragraphs.push(Paragraph {
                start_char,
                len_chars: line.len(),
                top: 0.0,
                height: rows * line_height,
                galley: RefCell::new(None),
            });
            start_char += line.len() + 1;
        }
        let mut layout = Self {
            key,
            paragraphs,
            size: Vec2::ZERO,
            font_size,
            band,
            tag_font_size,
            relation_pitch,
            format,
            measured: 0,
            held: RefCell::new(Vec::new()),
        };
        layout.restack(0);
        layout
    }

    /// Whether every paragraph has its real height.
    pub fn fully_measured(&self) -> bool {
        self.measured == self.paragraphs.len()
    }

    /// Measures paragraphs from the first unmeasured one: through height
    /// `through_y` and paragraph `through_paragraph` (what is about to be
    /// shown), then a slice more.
    pub fn measure(
        &mut self,
        through_y: f32,
        through_paragraph: usize,
        chars: &[char],
        fonts: &mut egui::epaint::text::FontsView<'_>,
    ) {
        let first = self.measured;
        let mut budget = MEASURE_CHARS_PER_FRAME;
        while let Some(paragraph) = self.paragraphs.get(self.measured) {
            let must = self.measured <= through_paragraph || paragraph.top <= through_y;
            if !must && budget == 0 {
                break;
            }
            budget = budget.saturating_sub(paragraph.len_chars + 1);
            let galley = fonts.layout_job(paragraph_job(
                paragraph_text(chars, paragraph),
                &self.format,
                self.key.wrap_width,
            ));
            let height = galley.size().y;
            self.paragraphs[self.measured].height = height;
            self.measured += 1;
            // The next paragraph starts where this one really ends, so that
            // what must be measured is judged on real positions.
            let bottom =
                self.paragraphs[self.measured - 1].bottom() + self.font_size * PARAGRAPH_GAP;
            if let Some(next) = self.paragraphs.get_mut(self.measured) {
                next.top = bottom;
            }
        }
        if self.measured > first {
            self.restack(first);
        }
    }

    /// Recomputes the tops from paragraph `from` on, and the total size.
    fn restack(&mut self, from: usize) {
        let gap = self.font_size * PARAGRAPH_GAP;
        let mut top = match from.checked_sub(1).and_then(|i| self.paragraphs.get(i)) {
            Some(before) => before.bottom() + gap,
            None => 0.0,
        };
        for paragraph in &mut self.paragraphs[from..] {
            paragraph.top = top;
            top += paragraph.height + gap;
        }
        self.size = vec2(self.key.wrap_width, top);
    }

    /// Lays out the galleys of `needed` and `also` (paragraph indices) that
    /// are missing, and drops those far from them. Touches only the galleys
    /// it holds, not every paragraph.
    pub fn keep_laid_out(
        &self,
        needed: std::ops::Range<usize>,
        also: &[usize],
        chars: &[char],
        fonts: &mut egui::epaint::text::FontsView<'_>,
    ) {
        let around = |index: usize| index.saturating_sub(KEPT_AROUND)..index + KEPT_AROUND + 1;
        let near = |index: usize| {
            (needed.start.saturating_sub(KEPT_AROUND)..needed.end + KEPT_AROUND).contains(&index)
                || also.iter().any(|&a| around(a).contains(&index))
        };
        let wanted = needed
            .clone()
            .chain(also.iter().copied())
            .filter(|&index| index < self.paragraphs.len());
        let mut held = self.held.borrow_mut();
        held.retain(|&index| {
            let keep = near(index);
            if !keep {
                *self.paragraphs[index].galley.borrow_mut() = None;
            }
            keep
        });
        for index in wanted {
            let paragraph = &self.paragraphs[index];
            let mut galley = paragraph.galley.borrow_mut();
            if galley.is_none() {
                let text = paragraph_text(chars, paragraph);
                *galley =
                    Some(fonts.layout_job(paragraph_job(text, &self.format, self.key.wrap_width)));
                held.push(index);
            }
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
        let Some(galley) = paragraph.galley() else {
            // Not near the view: its start is as near as we know.
            return paragraph.start_char;
        };
        let cursor = galley.cursor_from_pos(pos - vec2(0.0, paragraph.top));
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
        let rect = match paragraph.galley() {
            Some(galley) => galley.pos_from_cursor(CCursor::new(local)),
            // Not near the view: the paragraph's first row stands in.
            None => Rect::from_min_size(
                pos2(0.0, 0.0),
                vec2(0.0, paragraph.height.min(self.row_height())),
            ),
        };
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
        let Some(galley) = paragraph.galley() else {
            // Not near the view (a relation's far end): the whole paragraph.
            let rect = Rect::from_min_size(
                pos2(0.0, paragraph.top),
                vec2(self.size.x, paragraph.height),
            );
            rects.push(self.text_band(rect));
            return;
        };
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

    /// The height of one row of text with its bands.
    pub fn row_height(&self) -> f32 {
        Self::line_height(self.font_size, self.band, self.relation_pitch)
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

fn paragraph_job(text: String, format: &TextFormat, wrap_width: f32) -> LayoutJob {
    let mut job = LayoutJob::single_section(text, format.clone());
    job.wrap.max_width = wrap_width;
    job
}

/// A paragraph's text for layout. A CR shows as a space: one glyph per code
/// point keeps offsets exact.
fn paragraph_text(chars: &[char], paragraph: &Paragraph) -> String {
    chars[paragraph.start_char..paragraph.end_char()]
        .iter()
        .map(|&c| if c == '\r' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(len_chars: usize) -> LayoutKey {
        LayoutKey {
            document: DocumentId(1),
            len_chars,
            font_size: 16.0,
            family: FontFamily::Proportional,
            wrap_width: 500.0,
        }
    }

    /// Measuring a slice a frame ends where measuring at once does, and what
    /// was measured first never moves.
    #[test]
    fn progressive_measuring_matches_measuring_at_once() {
        let text: String = (0..2_000)
            .map(|i| format!("Paragraph {i}: {}\r\n", "word “quoted” 😀 ".repeat(i % 40)))
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let mut at_once = ArticleLayout::build(key(chars.len()), &chars);
        ctx.fonts_mut(|fonts| at_once.measure(0.0, usize::MAX, &chars, fonts));
        assert!(at_once.fully_measured());

        let mut sliced = ArticleLayout::build(key(chars.len()), &chars);
        ctx.fonts_mut(|fonts| sliced.measure(900.0, 0, &chars, fonts));
        assert!(!sliced.fully_measured(), "one slice measures part of it");
        let first_tops: Vec<f32> = sliced.paragraphs[..sliced.measured]
            .iter()
            .map(|p| p.top)
            .collect();
        let mut frames = 1;
        while !sliced.fully_measured() {
            ctx.fonts_mut(|fonts| sliced.measure(900.0, 0, &chars, fonts));
            frames += 1;
        }
        assert!(frames > 2);
        for (i, top) in first_tops.iter().enumerate() {
            assert_eq!(sliced.paragraphs[i].top, *top, "paragraph {i} moved");
        }
        for (a, b) in sliced.paragraphs.iter().zip(&at_once.paragraphs) {
            assert_eq!((a.top, a.height), (b.top, b.height));
        }
        assert_eq!(sliced.size, at_once.size);
    }

    /// Only galleys near what is needed are kept.
    #[test]
    fn galleys_far_from_the_view_are_dropped() {
        let text = "A paragraph of text.\n".repeat(500);
        let chars: Vec<char> = text.chars().collect();
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let mut layout = ArticleLayout::build(key(chars.len()), &chars);
        ctx.fonts_mut(|fonts| {
            layout.measure(0.0, usize::MAX, &chars, fonts);
            layout.keep_laid_out(0..10, &[400], &chars, fonts);
        });
        let kept = |layout: &ArticleLayout| {
            layout
                .paragraphs
                .iter()
                .filter(|p| p.galley().is_some())
                .count()
        };
        assert_eq!(kept(&layout), 11);
        ctx.fonts_mut(|fonts| layout.keep_laid_out(200..210, &[], &chars, fonts));
        assert_eq!(kept(&layout), 10, "the earlier ones are gone");
        assert!(layout.paragraphs[205].galley().is_some());
    }
}
