//! Nesting levels: spans that overlap get different levels, so each is drawn
//! with its own underline and all stay visible and clickable.

use crate::model::Span;

/// The level of each span (same order as `spans`): outer spans low, nested
/// and overlapping ones higher; disjoint spans share level 0.
pub fn nesting_levels(spans: &[Span]) -> Vec<u8> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| {
        (
            spans[i].start_char(),
            std::cmp::Reverse(spans[i].end_char()),
        )
    });
    let mut levels = vec![0u8; spans.len()];
    // (end, level) of spans still open at the current start.
    let mut active: Vec<(usize, u8)> = Vec::new();
    for index in order {
        let span = &spans[index];
        active.retain(|&(end, _)| end > span.start_char());
        let mut level = 0u8;
        while active.iter().any(|&(_, used)| used == level) {
            level = level.saturating_add(1);
        }
        active.push((span.end_char(), level));
        levels[index] = level;
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, DocumentId, LabelId, SpanData, SpanId};

    fn span(id: i64, start: usize, end: usize) -> Span {
        Span {
            id: SpanId(id),
            data: SpanData {
                document_id: DocumentId(1),
                start_char: start,
                end_char: end,
                label_id: LabelId(1),
                attributes: Attributes::new(),
                annotator: String::new(),
                note: String::new(),
            },
        }
    }

    #[test]
    fn nested_and_overlapping_spans_get_their_own_levels() {
        let spans = [
            span(1, 0, 20),
            span(2, 2, 5),
            span(3, 4, 10),
            span(4, 25, 30),
            span(5, 2, 5),
        ];
        assert_eq!(nesting_levels(&spans), vec![0, 1, 3, 0, 2]);
    }
}
