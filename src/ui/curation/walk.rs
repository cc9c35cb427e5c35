//! The order Tab walks a document's undecided candidates in: by text
//! position, a relation candidate right after the span candidates at its
//! later end. A curator reads the text once, front to back; a relation
//! becomes a candidate only when both its ends are in gold, which is usually
//! the moment its later end was accepted, so Tab offers it then, while both
//! spans are on screen and in mind, instead of sending the curator back
//! through the whole document after the last span.

use crate::curate::{CandidateState, DocumentCandidates, RelationCandidate, SpanCandidate};
use crate::model::{RelationKey, SpanKey};
use crate::ui::article::{ArticleState, Selection};

/// One stop of the walk: a span candidate or a relation candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Span(SpanKey),
    Relation(RelationKey),
}

/// A candidate the keys act on, with its voters and state.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Span(&'a SpanCandidate),
    Relation(&'a RelationCandidate),
}

impl Target<'_> {
    pub fn stop(&self) -> Stop {
        match self {
            Self::Span(c) => Stop::Span(c.key),
            Self::Relation(c) => Stop::Relation(c.key),
        }
    }

    pub fn state(&self) -> CandidateState {
        match self {
            Self::Span(c) => c.state,
            Self::Relation(c) => c.state,
        }
    }

    pub fn voters(&self) -> &[String] {
        match self {
            Self::Span(c) => &c.voters,
            Self::Relation(c) => &c.voters,
        }
    }
}

impl Stop {
    /// Where the walk puts it: (start, end) of the span, or of the
    /// relation's later end; a span before the relations that end there.
    fn order(&self) -> (usize, usize, u8, Option<SpanKey>, Option<RelationKey>) {
        match *self {
            Self::Span(key) => (key.start_char, key.end_char, 0, Some(key), None),
            Self::Relation(key) => {
                let (start, end) = later_end(key);
                (start, end, 1, None, Some(key))
            }
        }
    }

    /// The text offset the walk compares with the caret.
    pub fn start_char(&self) -> usize {
        self.order().0
    }

    /// Whether the article still shows this stop as Tab left it: a span
    /// candidate selected as a range; for a relation candidate, nothing
    /// selected and the caret at its later end (a click or a key elsewhere
    /// moves on from it).
    pub fn is_shown(&self, state: &ArticleState) -> bool {
        match *self {
            Self::Span(key) => state.selected_range() == Some((key.start_char, key.end_char)),
            Self::Relation(key) => {
                state.selected_range().is_none()
                    && state.selection() == Selection::None
                    && state.caret() == later_end(key).0
            }
        }
    }
}

/// The later of a relation's two ends, as (start, end).
pub fn later_end(key: RelationKey) -> (usize, usize) {
    let from = (key.from.start_char, key.from.end_char);
    let to = (key.to.start_char, key.to.end_char);
    from.max(to)
}

/// Every undecided candidate of the document, in walking order.
pub fn undecided_stops(candidates: &DocumentCandidates) -> Vec<Stop> {
    let spans = candidates
        .candidates
        .iter()
        .filter(|c| c.state.is_undecided())
        .map(|c| Stop::Span(c.key));
    let relations = candidates
        .relations
        .iter()
        .filter(|c| c.state.is_undecided())
        .map(|c| Stop::Relation(c.key));
    let mut stops: Vec<Stop> = spans.chain(relations).collect();
    stops.sort_by_key(Stop::order);
    stops
}

/// The place of `stop` among the undecided stops, from 1; None when it is
/// not one of them.
pub fn place(candidates: &DocumentCandidates, stop: Stop) -> Option<usize> {
    let mut before = 0;
    let mut found = false;
    let mut count = |other: Stop| {
        found |= other == stop;
        before += usize::from(other.order() < stop.order());
    };
    for c in candidates
        .candidates
        .iter()
        .filter(|c| c.state.is_undecided())
    {
        count(Stop::Span(c.key));
    }
    for c in candidates
        .relations
        .iter()
        .filter(|c| c.state.is_undecided())
    {
        count(Stop::Relation(c.key));
    }
    found.then_some(before + 1)
}

/// The stop after (before) `from`, or after (before) the caret when there
/// is none; wraps around.
pub fn next_stop(stops: &[Stop], from: Option<Stop>, caret: usize, forward: bool) -> Option<Stop> {
    let next = match (from, forward) {
        (Some(from), true) => stops.iter().find(|s| s.order() > from.order()),
        (Some(from), false) => stops.iter().rev().find(|s| s.order() < from.order()),
        (None, true) => stops.iter().find(|s| s.start_char() >= caret),
        (None, false) => stops.iter().rev().find(|s| s.start_char() < caret),
    };
    let wrapped = if forward { stops.first() } else { stops.last() };
    next.or(wrapped).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelId;

    fn span(start: usize, end: usize) -> SpanKey {
        SpanKey {
            start_char: start,
            end_char: end,
            label: LabelId(1),
        }
    }

    #[test]
    fn a_relation_comes_right_after_the_spans_at_its_later_end() {
        let relation = Stop::Relation(RelationKey {
            label: LabelId(9),
            from: span(10, 15),
            to: span(0, 5),
        });
        let mut stops = vec![
            Stop::Span(span(20, 25)),
            relation,
            Stop::Span(span(10, 15)),
            Stop::Span(span(0, 5)),
        ];
        stops.sort_by_key(Stop::order);
        assert_eq!(
            stops,
            [
                Stop::Span(span(0, 5)),
                Stop::Span(span(10, 15)),
                relation,
                Stop::Span(span(20, 25)),
            ]
        );
        assert_eq!(
            next_stop(&stops, Some(Stop::Span(span(10, 15))), 0, true),
            Some(relation)
        );
        assert_eq!(
            next_stop(&stops, Some(Stop::Span(span(20, 25))), 0, true),
            Some(Stop::Span(span(0, 5))),
            "wraps around"
        );
        assert_eq!(
            next_stop(&stops, Some(Stop::Span(span(20, 25))), 0, false),
            Some(relation)
        );
    }

    #[test]
    fn the_place_counts_what_comes_before_in_walking_order() {
        let undecided = CandidateState::OnlyOne;
        let span_at = |start, end, state| SpanCandidate {
            key: span(start, end),
            voters: Vec::new(),
            state,
        };
        let relation = RelationKey {
            label: LabelId(9),
            from: span(10, 15),
            to: span(0, 5),
        };
        let candidates = DocumentCandidates {
            finished: Vec::new(),
            candidates: vec![
                span_at(0, 5, undecided),
                span_at(10, 15, undecided),
                span_at(12, 13, CandidateState::Rejected),
                span_at(20, 25, undecided),
            ],
            relations: vec![RelationCandidate {
                key: relation,
                voters: Vec::new(),
                state: undecided,
            }],
        };
        assert_eq!(place(&candidates, Stop::Relation(relation)), Some(3));
        assert_eq!(place(&candidates, Stop::Span(span(20, 25))), Some(4));
        assert_eq!(place(&candidates, Stop::Span(span(12, 13))), None);
        assert_eq!(
            undecided_stops(&candidates)
                .iter()
                .position(|s| *s == Stop::Relation(relation)),
            Some(2)
        );
    }
}
