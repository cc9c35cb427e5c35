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

use egui::text::TextFormat;
use egui::{pos2, vec2, Color32, FontFamily, FontId, Rect, Vec2};

use super::bidi_layout::PieceCache;
use super::bidi_order::TextDirection;
use super::laid::LaidParagraph;
use crate::model::DocumentId;

/// What the layout depends on; any change lays the text out again.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutKey {
    pub document: DocumentId,
    pub len_chars: usize,
    pub font_size: f32,
    pub family: FontFamily,
    pub wrap_width: f32,
    /// View › Text direction for this document.
    pub direction: TextDirection,
}

pub struct Paragraph {
    /// Code point offset of the paragraph's first character in the document.
    pub start_char: usize,
    /// Characters in the paragraph, without its closing '\n'.
    pub len_chars: usize,
    pub top: f32,
    pub height: f32,
    /// Laid out while near the viewport or the caret; None otherwise.
    laid: RefCell<Option<Arc<LaidParagraph>>>,
}

impl Paragraph {
    pub fn end_char(&self) -> usize {
        self.start_char + self.len_chars
    }

    pub fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// The laid-out text, if [`ArticleLayout::keep_laid_out`] laid it out.
    pub fn laid(&self) -> Option<Arc<LaidParagraph>> {
        self.laid.borrow().clone()
    }

    /// egui's galley, if the paragraph is laid out and egui laid it out
    /// (text that runs left to right only); None for right-to-left text.
    pub fn galley(&self) -> Option<Arc<egui::Galley>> {
        match self.laid()?.as_ref() {
            LaidParagraph::Plain(galley) => Some(galley.clone()),
            LaidParagraph::Bidi(_) => None,
        }
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
    /// Words of right-to-left paragraphs already shaped, for this font.
    pieces: RefCell<PieceCache>,
}

/// Characters measured per frame once the visible part is done: about 5 ms.
const MEASURE_CHARS_PER_FRAME: usize = 40_000;

/// What a character of a paragraph with right-to-left text costs to measure,
/// against one laid out by egui alone: each word is shaped on its own.
const BIDI_MEASURE_COST: usize = 4;

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
                laid: RefCell::new(None),
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
            pieces: RefCell::new(PieceCache::default()),
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
            let laid = self.lay_out(paragraph, chars, fonts);
            let cost = match laid {
                LaidParagraph::Plain(_) => 1,
                LaidParagraph::Bidi(_) => BIDI_MEASURE_COST,
            };
            budget = budget.saturating_sub((paragraph.len_chars + 1) * cost);
            let height = laid.height();
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
                *self.paragraphs[index].laid.borrow_mut() = None;
            }
            keep
        });
        for index in wanted {
            let paragraph = &self.paragraphs[index];
            let mut galley = paragraph.laid.borrow_mut();
            if galley.is_none() {
                *galley = Some(Arc::new(self.lay_out(paragraph, chars, fonts)));
                held.push(index);
            }
        }
    }

    fn lay_out(
        &self,
        paragraph: &Paragraph,
        chars: &[char],
        fonts: &mut egui::epaint::text::FontsView<'_>,
    ) -> LaidParagraph {
        LaidParagraph::new(
            &paragraph_text(chars, paragraph),
            &self.format,
            self.key.wrap_width,
            self.key.direction,
            fonts,
            &mut self.pieces.borrow_mut(),
        )
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

    /// The characters of the paragraphs in `viewport` and a band around it,
    /// as `from_char..to_char` (one past the last paragraph's end): what the
    /// overlays over the text draw.
    pub fn visible_chars(&self, viewport: egui::Rect) -> Option<(usize, usize)> {
        let visible = self.visible(viewport.top() - self.band, viewport.bottom() + self.band);
        let first = self.paragraphs.get(visible.start)?;
        let last = self
            .paragraphs
            .get(visible.end.saturating_sub(1).max(visible.start))?;
        Some((first.start_char, last.end_char() + 1))
    }

    /// The code point offset nearest to `pos`.
    pub fn char_at(&self, pos: Vec2) -> usize {
        let Some(paragraph) = self.paragraphs.get(self.paragraph_at_y(pos.y)) else {
            return 0;
        };
        let Some(galley) = paragraph.laid() else {
            // Not near the view: its start is as near as we know.
            return paragraph.start_char;
        };
        paragraph.start_char + galley.char_at(pos - vec2(0.0, paragraph.top), paragraph.len_chars)
    }

    /// The character under `pos` (not the boundary nearest to it).
    pub fn char_under(&self, pos: Vec2) -> usize {
        let Some(paragraph) = self.paragraphs.get(self.paragraph_at_y(pos.y)) else {
            return 0;
        };
        let Some(galley) = paragraph.laid() else {
            return paragraph.start_char;
        };
        paragraph.start_char
            + galley.char_under(pos - vec2(0.0, paragraph.top), paragraph.len_chars)
    }

    /// A zero-width rectangle at `offset_chars`, the height of its row's text.
    pub fn caret_rect(&self, offset_chars: usize) -> Rect {
        let Some(paragraph) = self.paragraphs.get(self.paragraph_at_char(offset_chars)) else {
            return Rect::NOTHING;
        };
        let local = offset_chars
            .saturating_sub(paragraph.start_char)
            .min(paragraph.len_chars);
        let rect = match paragraph.laid() {
            Some(galley) => galley.caret_rect(local),
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
        let Some(galley) = paragraph.laid() else {
            // Not near the view (a relation's far end): the whole paragraph.
            let rect = Rect::from_min_size(
                pos2(0.0, paragraph.top),
                vec2(self.size.x, paragraph.height),
            );
            rects.push(self.text_band(rect));
            return;
        };
        let mut row_rects = Vec::new();
        galley.range_rects(start, end, &mut row_rects);
        rects.extend(
            row_rects
                .into_iter()
                .map(|rect| self.text_band(rect.translate(vec2(0.0, paragraph.top)))),
        );
    }

    /// Whether the paragraph holding `offset_chars` runs right to left.
    pub fn is_rtl_at(&self, offset_chars: usize) -> bool {
        self.paragraphs
            .get(self.paragraph_at_char(offset_chars))
            .and_then(Paragraph::laid)
            .is_some_and(|laid| laid.is_rtl())
    }

    /// ←/→: the caret position right or left of `offset_chars` on screen, on
    /// its row; None where the logical neighbour is right (left-to-right
    /// text, a row's edge).
    pub fn visual_step(&self, offset_chars: usize, rightwards: bool) -> Option<usize> {
        let paragraph = self.paragraphs.get(self.paragraph_at_char(offset_chars))?;
        let local = offset_chars.checked_sub(paragraph.start_char)?;
        let step = paragraph.laid()?.visual_step(local, rightwards)?;
        Some(paragraph.start_char + step)
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

    /// The glyphs drawn for paragraph `index` (when laid out), each with its
    /// box in content coordinates: what the user sees, for tests.
    pub fn drawn_glyphs(&self, index: usize) -> Vec<(char, Rect)> {
        let Some(paragraph) = self.paragraphs.get(index) else {
            return Vec::new();
        };
        paragraph.laid().map_or_else(Vec::new, |galley| {
            galley
                .drawn_glyphs()
                .into_iter()
                .map(|(c, rect)| (c, rect.translate(vec2(0.0, paragraph.top))))
                .collect()
        })
    }

    /// A point in the content, for tests and scrolling.
    pub fn content_pos(&self, offset_chars: usize) -> egui::Pos2 {
        let rect = self.caret_rect(offset_chars);
        // Just inside the character's leading edge: its right edge when it
        // runs right to left.
        let inward = match self.range_rects(offset_chars, offset_chars + 1).first() {
            Some(glyph)
                if (glyph.right() - rect.left()).abs() < (glyph.left() - rect.left()).abs() =>
            {
                -1.0
            }
            _ => 1.0,
        };
        pos2(rect.left() + inward, rect.center().y)
    }
}

/// A paragraph's text for layout. A CR shows as a space: one glyph per code
/// point keeps offsets exact.
fn paragraph_text(chars: &[char], paragraph: &Paragraph) -> Vec<char> {
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
            direction: TextDirection::Auto,
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

    /// Issue 16 bug 3: on a line holding Arabic script, the box drawn for a
    /// Latin character (and the character a click there picks) must be
    /// where that character's glyph is drawn.
    #[test]
    fn latin_after_arabic_is_hit_where_it_is_drawn() {
        let text = "Pashto: پښتو ژبه is spoken on both sides of the Durand Line.";
        let chars: Vec<char> = text.chars().collect();
        let ctx = crate::ui::article::test_fonts::context_with_rtl_fonts();
        let mut layout = ArticleLayout::build(key(chars.len()), &chars);
        ctx.fonts_mut(|fonts| {
            layout.measure(0.0, usize::MAX, &chars, fonts);
            layout.keep_laid_out(0..1, &[], &chars, fonts);
        });
        let drawn = layout.drawn_glyphs(0);
        let durand = text
            .find("Durand")
            .map(|b| text[..b].chars().count())
            .unwrap();
        for (i, expected) in "Durand".chars().enumerate() {
            let offset = durand + i;
            let rect = layout.range_rects(offset, offset + 1)[0];
            let glyph = drawn
                .iter()
                .find(|(_, glyph)| {
                    glyph.center().x > rect.left() && glyph.center().x < rect.right()
                })
                .map(|(c, _)| *c);
            assert_eq!(
                glyph,
                Some(expected),
                "the box of {expected:?} covers {glyph:?}"
            );
            let centre = rect.center().to_vec2();
            assert_eq!(layout.char_under(centre), offset, "a click on {expected:?}");
        }
    }

    /// Unbalanced direction controls (an RLE never closed, a PDI with no
    /// isolate, an RLO over Latin letters), a word of Arabic wider than the
    /// column and Hebrew niqqud: laid out, every character hit and boxed
    /// where it is drawn, nothing panics.
    #[test]
    fn hostile_bidi_text_is_laid_out_and_every_character_is_reachable() {
        let word = "بسم".repeat(400);
        let text =
            format!("\u{202B}abc \u{2069}قال\u{202E}xyz (1) שָׁלוֹם {word} end\u{202C}\u{200F}");
        let chars: Vec<char> = text.chars().collect();
        let boundaries = crate::model::words::grapheme_boundaries(&text);
        let ctx = crate::ui::article::test_fonts::context_with_rtl_fonts();
        let mut layout = ArticleLayout::build(key(chars.len()), &chars);
        ctx.fonts_mut(|fonts| {
            layout.measure(0.0, usize::MAX, &chars, fonts);
            layout.keep_laid_out(0..1, &[], &chars, fonts);
        });
        for offset in 0..=chars.len() {
            let caret = layout.caret_rect(offset);
            assert!(
                caret.left().is_finite() && caret.top().is_finite(),
                "{offset}"
            );
        }
        for (offset, c) in chars.iter().enumerate() {
            let rects = layout.range_rects(offset, offset + 1);
            if c.is_alphabetic() {
                assert_eq!(rects.len(), 1, "{c:?} at {offset} has a box");
                // A click picks the grapheme: a point picks its letter.
                let under = layout.char_under(rects[0].center().to_vec2());
                let grapheme = crate::model::words::floor_boundary(&boundaries, offset);
                assert_eq!(under, grapheme, "a click on {c:?} at {offset}");
            }
        }
        let bottom = layout.size.y;
        for x in (-50..1_500).step_by(25) {
            for y in [0.0, bottom / 2.0, bottom + 40.0] {
                assert!(layout.char_at(vec2(x as f32, y)) <= chars.len());
            }
        }
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
                .filter(|p| p.laid().is_some())
                .count()
        };
        assert_eq!(kept(&layout), 11);
        ctx.fonts_mut(|fonts| layout.keep_laid_out(200..210, &[], &chars, fonts));
        assert_eq!(kept(&layout), 10, "the earlier ones are gone");
        assert!(layout.paragraphs[205].laid().is_some());
    }
}
