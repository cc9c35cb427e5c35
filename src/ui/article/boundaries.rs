//! Moving a selected span's start or end without deleting it: by key
//! (Shift+←/→ the end, Alt+Shift+←/→ the start; with Ctrl by word) or by
//! dragging its edge. Each move is one `Edit::MoveSpan`, one undo step; the
//! span keeps its label, attributes, note and relations.

use crate::model::words::{
    ceil_boundary, floor_boundary, next_word_boundary, next_word_end, previous_word_boundary,
    previous_word_end,
};
use crate::model::{Span, SpanId, TextDirection};
use crate::session::{Edit, OpenDocument};
use crate::ui::article::bidi_order::{levels, needs_bidi};
use crate::ui::command::UiCommand;

/// Which end of a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanEdge {
    Start,
    End,
}

/// The article's boundary commands, most modifiers first: Alt+Shift+→ must
/// not be taken for Shift+→ (egui ignores an extra Alt when matching).
pub const BOUNDARY_COMMANDS: [UiCommand; 4] = [
    UiCommand::SpanStartEarlier,
    UiCommand::SpanStartLater,
    UiCommand::SpanEndEarlier,
    UiCommand::SpanEndLater,
];

/// The edge a boundary command moves, and whether to the right.
fn edge_of(command: UiCommand) -> Option<(SpanEdge, bool)> {
    match command {
        UiCommand::SpanStartEarlier => Some((SpanEdge::Start, false)),
        UiCommand::SpanStartLater => Some((SpanEdge::Start, true)),
        UiCommand::SpanEndEarlier => Some((SpanEdge::End, false)),
        UiCommand::SpanEndLater => Some((SpanEdge::End, true)),
        _ => None,
    }
}

/// Whether `span` starts in text drawn right to left (its first code point
/// has an odd bidi level in its paragraph).
fn runs_right_to_left(open: &OpenDocument, span: &Span) -> bool {
    let chars = &open.chars[..];
    let start = span.start_char().min(chars.len());
    let first = chars[..start]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let last = chars[start..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| start + i);
    let paragraph = &chars[first..last];
    if !needs_bidi(paragraph) && open.direction != TextDirection::RightToLeft {
        return false;
    }
    let text: String = paragraph.iter().collect();
    let (_, levels) = levels(&text, open.direction);
    levels
        .get(start - first)
        .is_some_and(|level| level % 2 == 1)
}

/// The edit a boundary command makes of `span`: its edge moved by one
/// grapheme cluster, or by a word; None when it cannot move that way (the
/// span would be empty, or the text ends there).
pub fn boundary_edit(
    command: UiCommand,
    by_word: bool,
    open: &OpenDocument,
    span: SpanId,
) -> Option<Edit> {
    let (edge, rightwards) = edge_of(command)?;
    let span = open.span(span)?;
    // On screen, as the caret: in right-to-left text → goes back through it.
    let forward = rightwards != runs_right_to_left(open, span);
    let (chars, graphemes) = (&open.chars[..], &open.graphemes[..]);
    let from = match edge {
        SpanEdge::Start => span.start_char(),
        SpanEdge::End => span.end_char(),
    };
    let to = match (by_word, forward, edge) {
        (false, true, _) => ceil_boundary(graphemes, (from + 1).min(chars.len())),
        (false, false, _) => floor_boundary(graphemes, from.saturating_sub(1)),
        (true, true, SpanEdge::Start) => next_word_boundary(chars, graphemes, from),
        (true, false, SpanEdge::Start) => previous_word_boundary(chars, graphemes, from),
        (true, true, SpanEdge::End) => next_word_end(chars, graphemes, from),
        (true, false, SpanEdge::End) => previous_word_end(chars, graphemes, from),
    };
    moved_to(span, edge, to)
}

/// `span` with `edge` at `offset`, when that leaves it a span with another
/// range than it has.
pub fn moved_to(span: &Span, edge: SpanEdge, offset: usize) -> Option<Edit> {
    let (start_char, end_char) = match edge {
        SpanEdge::Start => (offset, span.end_char()),
        SpanEdge::End => (span.start_char(), offset),
    };
    let changed = (start_char, end_char) != (span.start_char(), span.end_char());
    (start_char < end_char && changed).then_some(Edit::MoveSpan {
        span: span.id,
        start_char,
        end_char,
    })
}
