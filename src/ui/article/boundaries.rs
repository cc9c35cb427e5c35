//! Moving a selected span's start or end without deleting it: by key
//! (Shift+←/→ the end, Alt+Shift+←/→ the start; with Ctrl by word) or by
//! dragging its edge. Each move is one `Edit::MoveSpan`, one undo step; the
//! span keeps its label, attributes, note and relations.

use crate::model::words::{
    ceil_boundary, floor_boundary, next_word_boundary, next_word_end, previous_word_boundary,
    previous_word_end,
};
use crate::model::{Span, SpanId};
use crate::session::{Edit, OpenDocument};
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

/// The edit a boundary command makes of `span`: its edge moved by one
/// grapheme cluster, or by a word; None when it cannot move that way (the
/// span would be empty, or the text ends there).
pub fn boundary_edit(
    command: UiCommand,
    by_word: bool,
    open: &OpenDocument,
    span: SpanId,
) -> Option<Edit> {
    let (edge, forward) = edge_of(command)?;
    let span = open.span(span)?;
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
