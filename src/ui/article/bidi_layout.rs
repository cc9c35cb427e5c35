//! A paragraph with right-to-left text, laid out by us rather than by
//! egui (which places runs left to right in logical order, and whose glyph
//! list for a right-to-left run no longer matches its characters): the
//! paragraph is cut into pieces of one direction ([`super::bidi_order`]),
//! each shaped by egui on its own (so Arabic letters join), broken into rows
//! in logical order, and each row's pieces put in visual order. Every code
//! point gets the box of its grapheme on screen; hit testing, the caret and
//! range rectangles all read those boxes, so they agree with what is drawn.
//! Coordinates are relative to the paragraph's top-left corner.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::{FontsView, Glyph};
use egui::text::{LayoutJob, TextFormat};
use egui::{pos2, vec2, Color32, Galley, Painter, Pos2, Rect, Vec2};
use unicode_segmentation::UnicodeSegmentation;

use super::bidi_order::{self, Piece, TextDirection};

/// Where a code point is drawn: its grapheme's box on a row.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CharBox {
    row: u32,
    left: f32,
    right: f32,
}

/// A shaped piece placed on a row.
struct PlacedPiece {
    x: f32,
    galley: Arc<Galley>,
}

struct Row {
    /// Code points on the row, in logical order (rows are logical ranges).
    chars: Range<usize>,
    pieces: Vec<PlacedPiece>,
}

pub struct BidiParagraph {
    rows: Vec<Row>,
    boxes: Vec<CharBox>,
    /// Per code point: whether it runs right to left (odd level).
    rtl: Vec<bool>,
    base_rtl: bool,
    row_height: f32,
    width: f32,
}

/// Pieces already shaped, by text and how they were shaped: words repeat
/// (Zipf), and a repeated word is not shaped again. Belongs to one layout
/// (font, size): the article's layout owns it and drops it with itself.
#[derive(Default)]
pub struct PieceCache {
    pieces: HashMap<(String, bool, bool), Arc<Measured>>,
}

/// Distinct pieces kept: a galley per word is a few KB; past this many the
/// cache starts again rather than grow with a whole corpus's vocabulary.
const MAX_CACHED_PIECES: usize = 20_000;

/// A piece measured: its galley (none for spaces, which draw nothing),
/// width, and each code point's box from the piece's left edge.
pub struct Measured {
    galley: Option<Arc<Galley>>,
    width: f32,
    boxes: Vec<(f32, f32)>,
}

impl BidiParagraph {
    /// Lays out `chars` (one paragraph, no '\n') in rows of at most
    /// `wrap_width`; a piece wider than that gets a row of its own.
    pub fn build(
        chars: &[char],
        format: &TextFormat,
        wrap_width: f32,
        direction: TextDirection,
        fonts: &mut FontsView<'_>,
        cache: &mut PieceCache,
    ) -> Self {
        let cut = bidi_order::pieces(chars, direction);
        let base_rtl = cut.base_level % 2 == 1;
        let row_height = format.line_height.unwrap_or(format.font_id.size * 1.3);
        let measured: Vec<Arc<Measured>> = cut
            .pieces
            .iter()
            .map(|piece| cache.measure(chars, piece, format, fonts))
            .collect();
        let mut rtl = vec![base_rtl; chars.len()];
        for piece in &cut.pieces {
            for flag in &mut rtl[piece.chars.clone()] {
                *flag = piece.is_rtl();
            }
        }
        let mut paragraph = Self {
            rows: Vec::new(),
            boxes: vec![
                CharBox {
                    row: 0,
                    left: 0.0,
                    right: 0.0
                };
                chars.len()
            ],
            rtl,
            base_rtl,
            row_height,
            width: wrap_width,
        };
        for row_pieces in break_rows(&cut.pieces, &measured, wrap_width) {
            paragraph.place_row(&cut.pieces, &measured, row_pieces, cut.base_level);
        }
        if paragraph.rows.is_empty() {
            paragraph.rows.push(Row {
                chars: 0..0,
                pieces: Vec::new(),
            });
        }
        paragraph
    }

    /// Puts one row's pieces in visual order, right-aligned in a
    /// right-to-left paragraph.
    fn place_row(
        &mut self,
        pieces: &[Piece],
        measured: &[Arc<Measured>],
        range: Range<usize>,
        base_level: u8,
    ) {
        let row_index = self.rows.len() as u32;
        let line = &pieces[range.clone()];
        let order = bidi_order::visual_order(line, base_level);
        let total: f32 = measured[range.clone()].iter().map(|m| m.width).sum();
        let mut x = if self.base_rtl {
            self.width - total
        } else {
            0.0
        };
        let mut placed = Vec::with_capacity(order.len());
        for index in order {
            let piece = &line[index];
            let m = &measured[range.start + index];
            for (offset, (left, right)) in piece.chars.clone().zip(&m.boxes) {
                self.boxes[offset] = CharBox {
                    row: row_index,
                    left: x + left,
                    right: x + right,
                };
            }
            if let Some(galley) = &m.galley {
                placed.push(PlacedPiece {
                    x,
                    galley: galley.clone(),
                });
            }
            x += m.width;
        }
        let chars = match (line.first(), line.last()) {
            (Some(first), Some(last)) => first.chars.start..last.chars.end,
            _ => 0..0,
        };
        self.rows.push(Row {
            chars,
            pieces: placed,
        });
    }

    pub fn height(&self) -> f32 {
        self.rows.len() as f32 * self.row_height
    }

    fn row_rect(&self, row: u32, left: f32, right: f32) -> Rect {
        let top = row as f32 * self.row_height;
        Rect::from_x_y_ranges(left..=right, top..=top + self.row_height)
    }

    fn row_at(&self, y: f32) -> usize {
        let row = (y / self.row_height).floor().max(0.0) as usize;
        row.min(self.rows.len().saturating_sub(1))
    }

    /// The graphemes' code points that share the box of `offset`.
    fn grapheme_of(&self, offset: usize) -> Range<usize> {
        let this = self.boxes[offset];
        let mut start = offset;
        while start > 0 && self.boxes[start - 1] == this {
            start -= 1;
        }
        let mut end = offset + 1;
        while end < self.boxes.len() && self.boxes[end] == this {
            end += 1;
        }
        start..end
    }

    /// The code point drawn at or nearest to `pos` on its row, if the row
    /// has any.
    fn nearest_char(&self, pos: Vec2) -> Option<usize> {
        let row = self.rows.get(self.row_at(pos.y))?;
        let distance = |b: &CharBox| {
            if pos.x < b.left {
                b.left - pos.x
            } else if pos.x >= b.right {
                pos.x - b.right + if b.right > b.left { 0.0 } else { 0.01 }
            } else {
                0.0
            }
        };
        row.chars
            .clone()
            .min_by(|&a, &b| distance(&self.boxes[a]).total_cmp(&distance(&self.boxes[b])))
    }

    /// The code point under `pos` (the first of its grapheme).
    pub fn char_under(&self, pos: Vec2) -> usize {
        self.nearest_char(pos)
            .map_or(0, |offset| self.grapheme_of(offset).start)
    }

    /// The boundary nearest to `pos`: before or after the grapheme there,
    /// by which half of it `pos` is in and which way it runs.
    pub fn char_at(&self, pos: Vec2) -> usize {
        let Some(offset) = self.nearest_char(pos) else {
            return 0;
        };
        let grapheme = self.grapheme_of(offset);
        let b = self.boxes[offset];
        let in_right_half = pos.x >= (b.left + b.right) / 2.0;
        if in_right_half != self.rtl[offset] {
            grapheme.end
        } else {
            grapheme.start
        }
    }

    /// The caret before code point `offset` (after the last one at the
    /// end): the leading edge of the character it precedes.
    pub fn caret_rect(&self, offset: usize) -> Rect {
        let (row, x) = if let Some(b) = self.boxes.get(offset) {
            (b.row, if self.rtl[offset] { b.right } else { b.left })
        } else if let Some(last) = offset.checked_sub(1).and_then(|o| self.boxes.get(o)) {
            let rtl = self.rtl[offset - 1];
            (last.row, if rtl { last.left } else { last.right })
        } else {
            (0, if self.base_rtl { self.width } else { 0.0 })
        };
        self.row_rect(row, x, x)
    }

    /// Whether the paragraph's base direction is right to left.
    pub fn is_rtl(&self) -> bool {
        self.base_rtl
    }

    /// The caret position next to `offset` on screen, to the right or to
    /// the left on the same row (←/→ move visually); None at the row's edge.
    pub fn visual_step(&self, offset: usize, rightwards: bool) -> Option<usize> {
        let here = self.caret_rect(offset);
        let row = self.rows.get(self.row_at(here.center().y))?;
        // Caret positions on this row: grapheme starts, and the row's end.
        let starts = row
            .chars
            .clone()
            .filter(|&o| o == 0 || self.boxes[o - 1] != self.boxes[o]);
        let mut best: Option<(usize, f32)> = None;
        for candidate in starts.chain(std::iter::once(row.chars.end)) {
            let rect = self.caret_rect(candidate);
            if candidate == offset || (rect.center().y - here.center().y).abs() > 0.5 {
                continue;
            }
            let x = rect.left();
            let ahead = if rightwards {
                x > here.left() + 0.5
            } else {
                x < here.left() - 0.5
            };
            let nearer =
                best.is_none_or(|(_, b)| (x - here.left()).abs() < (b - here.left()).abs());
            if ahead && nearer {
                best = Some((candidate, x));
            }
        }
        best.map(|(candidate, _)| candidate)
    }

    /// Rectangles covering code points `start..end`, full row height: on
    /// each row, one per visually contiguous stretch (a range crossing a
    /// direction change is several). Within a row the stretch holding the
    /// earliest code point comes first, so a span's first rectangle holds
    /// its start.
    pub fn range_rects(&self, start: usize, end: usize, rects: &mut Vec<Rect>) {
        let end = end.min(self.boxes.len());
        let mut row_start = start;
        while row_start < end {
            let row = self.boxes[row_start].row;
            let mut row_end = row_start;
            let mut pieces: Vec<(f32, f32, usize)> = Vec::new();
            while row_end < end && self.boxes[row_end].row == row {
                let b = self.boxes[row_end];
                if b.right > b.left {
                    pieces.push((b.left, b.right, row_end));
                }
                row_end += 1;
            }
            pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f32, f32, usize)> = Vec::new();
            for (left, right, first) in pieces {
                match merged.last_mut() {
                    Some(last) if left <= last.1 + 0.5 => {
                        last.1 = last.1.max(right);
                        last.2 = last.2.min(first);
                    }
                    _ => merged.push((left, right, first)),
                }
            }
            merged.sort_by_key(|m| m.2);
            rects.extend(
                merged
                    .into_iter()
                    .map(|(left, right, _)| self.row_rect(row, left, right)),
            );
            row_start = row_end;
        }
    }

    pub fn paint(&self, painter: &Painter, top_left: Pos2, color: Color32) {
        for (index, row) in self.rows.iter().enumerate() {
            let top = index as f32 * self.row_height;
            for piece in &row.pieces {
                painter.galley(top_left + vec2(piece.x, top), piece.galley.clone(), color);
            }
        }
    }

    /// The glyphs drawn, each with its box: what the user sees, for tests.
    pub fn drawn_glyphs(&self) -> Vec<(char, Rect)> {
        let mut drawn = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            let top = index as f32 * self.row_height;
            for piece in &row.pieces {
                for glyph in piece.galley.rows.iter().flat_map(|r| &r.glyphs) {
                    if glyph.advance_width > 0.0 {
                        drawn.push((
                            glyph.chr,
                            Rect::from_min_size(
                                pos2(piece.x + glyph.pos.x, top),
                                vec2(glyph.advance_width, self.row_height),
                            ),
                        ));
                    }
                }
            }
        }
        drawn
    }
}

/// Rows as ranges of pieces: greedy, breaking after spaces; a word wider
/// than the row is broken between its pieces; spaces at a row's end hang
/// over its edge.
fn break_rows(pieces: &[Piece], measured: &[Arc<Measured>], wrap_width: f32) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    // Where the current row could end: after its last space.
    let mut last_break: Option<usize> = None;
    let mut index = 0;
    while index < pieces.len() {
        let w = measured[index].width;
        if pieces[index].is_space {
            width += w;
            last_break = Some(index + 1);
            index += 1;
            continue;
        }
        if width + w > wrap_width && index > start {
            let end = last_break.filter(|&b| b > start).unwrap_or(index);
            rows.push(start..end);
            start = end;
            width = measured[start..index].iter().map(|m| m.width).sum();
            last_break = None;
            continue;
        }
        width += w;
        index += 1;
    }
    if start < pieces.len() {
        rows.push(start..pieces.len());
    }
    rows
}

impl PieceCache {
    /// The piece as shaped before, or shaped now and kept.
    fn measure(
        &mut self,
        chars: &[char],
        piece: &Piece,
        format: &TextFormat,
        fonts: &mut FontsView<'_>,
    ) -> Arc<Measured> {
        let key = (
            chars[piece.chars.clone()].iter().collect::<String>(),
            piece.shaped_rtl,
            piece.is_rtl(),
        );
        if let Some(measured) = self.pieces.get(&key) {
            return measured.clone();
        }
        if self.pieces.len() >= MAX_CACHED_PIECES {
            self.pieces.clear();
        }
        let measured = Arc::new(measure(chars, piece, format, fonts));
        self.pieces.insert(key, measured.clone());
        measured
    }
}

/// Shapes one piece and finds each code point's box in it.
fn measure(
    chars: &[char],
    piece: &Piece,
    format: &TextFormat,
    fonts: &mut FontsView<'_>,
) -> Measured {
    let piece_chars = &chars[piece.chars.clone()];
    if piece_chars.iter().all(|&c| c == ' ') {
        // Spaces (a piece of their own between any two words) are not
        // shaped: half the pieces of a paragraph, and nothing to draw.
        let each = fonts.glyph_width(&format.font_id, ' ');
        return Measured {
            galley: None,
            width: each * piece_chars.len() as f32,
            boxes: (0..piece_chars.len())
                .map(|i| (i as f32 * each, (i + 1) as f32 * each))
                .collect(),
        };
    }
    let text: String = piece_chars.iter().collect();
    // Brackets at a right-to-left level show mirrored; one character for
    // another, so offsets do not move.
    let shown = if piece.is_rtl() && !piece.shaped_rtl {
        text.chars().map(bidi_order::mirrored).collect()
    } else {
        text.clone()
    };
    let mut job = LayoutJob::single_section(shown, format.clone());
    job.wrap.max_width = f32::INFINITY;
    let galley = fonts.layout_job(job);
    let glyphs: &[Glyph] = galley.rows.first().map_or(&[], |r| &r.glyphs);
    let width = glyphs
        .iter()
        .map(|g| g.pos.x + g.advance_width)
        .fold(0.0, f32::max);
    let graphemes = grapheme_ranges(&text);
    let grapheme_boxes = if piece.shaped_rtl {
        rtl_grapheme_boxes(glyphs, &graphemes, chars, piece.chars.start, width)
    } else {
        ltr_grapheme_boxes(glyphs, &graphemes, width)
    };
    let mut boxes = Vec::with_capacity(piece.chars.len());
    for (range, b) in graphemes.iter().zip(grapheme_boxes) {
        boxes.extend(std::iter::repeat_n(b, range.len()));
    }
    Measured {
        galley: Some(galley),
        width,
        boxes,
    }
}

fn grapheme_ranges(text: &str) -> Vec<Range<usize>> {
    let mut start = 0;
    text.graphemes(true)
        .map(|g| {
            let len = g.chars().count();
            start += len;
            start - len..start
        })
        .collect()
}

/// Left to right, egui keeps one glyph per code point in order: a
/// grapheme's box spans its glyphs.
fn ltr_grapheme_boxes(glyphs: &[Glyph], graphemes: &[Range<usize>], width: f32) -> Vec<(f32, f32)> {
    let chars: usize = graphemes.last().map_or(0, |g| g.end);
    if glyphs.len() != chars {
        return even_boxes(graphemes.len(), width, false);
    }
    graphemes
        .iter()
        .map(|g| {
            let left = glyphs[g.start].pos.x;
            let right = glyphs[g.clone()]
                .iter()
                .map(|glyph| glyph.pos.x + glyph.advance_width)
                .fold(left, f32::max);
            (left, right)
        })
        .collect()
}

/// Right to left, the shaper's glyphs come in visual order, each naming the
/// first character of its cluster; a ligature (lam-alef) covers several
/// graphemes, which share its width. Marks have no advance and stay with
/// their letter. Returns boxes per grapheme in logical order.
fn rtl_grapheme_boxes(
    glyphs: &[Glyph],
    graphemes: &[Range<usize>],
    chars: &[char],
    piece_start: usize,
    width: f32,
) -> Vec<(f32, f32)> {
    let n = graphemes.len();
    // Graphemes in visual order (left to right): the logical ones reversed.
    let first_char = |visual: usize| chars[piece_start + graphemes[n - 1 - visual].start];
    let mut widths = vec![0.0_f32; n];
    let mut next = 0;
    let mut last = None;
    for glyph in glyphs.iter().filter(|g| g.advance_width > 0.0) {
        match (next..n).find(|&j| first_char(j) == glyph.chr) {
            Some(j) => {
                let share = glyph.advance_width / (j - next + 1) as f32;
                for w in &mut widths[next..=j] {
                    *w += share;
                }
                next = j + 1;
                last = Some(j);
            }
            None => match last {
                Some(j) => widths[j] += glyph.advance_width,
                // Glyphs we cannot read: spread the width evenly.
                None => return even_boxes(n, width, true),
            },
        }
    }
    let mut boxes = vec![(0.0, 0.0); n];
    let mut x = 0.0;
    for (visual, w) in widths.into_iter().enumerate() {
        boxes[n - 1 - visual] = (x, x + w);
        x += w;
    }
    boxes
}

/// Equal boxes, in logical order, when glyphs cannot be matched.
fn even_boxes(n: usize, width: f32, rtl: bool) -> Vec<(f32, f32)> {
    let each = width / n.max(1) as f32;
    (0..n)
        .map(|i| {
            let visual = if rtl { n - 1 - i } else { i };
            (visual as f32 * each, (visual + 1) as f32 * each)
        })
        .collect()
}
