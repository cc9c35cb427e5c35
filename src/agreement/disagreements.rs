//! Where the compared annotators differ in one document: the spans to step through
//! with N / Shift+N after opening a document from the agreement report.

/// One span of one compared annotator, as the open document has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerSpan {
    /// Index into the compared annotators.
    pub annotator: usize,
    pub start: usize,
    pub end: usize,
    pub label: u32,
}

/// The indexes of the spans (into `spans`) that some compared annotator does not have:
/// another annotator has no span of the same label at exactly those offsets (they lack
/// it, or labelled it differently). In text order (start, end, then index).
pub fn disagreements(spans: &[LayerSpan], annotators: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].annotator < annotators)
        .collect();
    let key = |i: usize| (spans[i].start, spans[i].end, spans[i].label);
    order.sort_by_key(|&i| (key(i), i));
    let mut differing = Vec::new();
    let mut first = 0;
    while first < order.len() {
        let group_key = key(order[first]);
        let count = order[first..]
            .iter()
            .take_while(|&&i| key(i) == group_key)
            .count();
        let group = &order[first..first + count];
        let mut has = vec![false; annotators];
        for &i in group {
            has[spans[i].annotator] = true;
        }
        if has.iter().any(|present| !present) {
            differing.extend_from_slice(group);
        }
        first += count;
    }
    differing.sort_by_key(|&i| (spans[i].start, spans[i].end, i));
    differing
}

/// The next (or previous, `forward` false) disagreement after the one at `current`
/// (an index into `spans`), wrapping round; the first (last) when nothing is current.
pub fn step(
    differing: &[usize],
    spans: &[LayerSpan],
    current: Option<usize>,
    forward: bool,
) -> Option<usize> {
    let position = |i: usize| (spans[i].start, spans[i].end, i);
    let current = current.map(position);
    let found = if forward {
        differing
            .iter()
            .find(|&&i| current.is_none_or(|c| position(i) > c))
            .or(differing.first())
    } else {
        differing
            .iter()
            .rev()
            .find(|&&i| current.is_none_or(|c| position(i) < c))
            .or(differing.last())
    };
    found.copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(annotator: usize, start: usize, end: usize, label: u32) -> LayerSpan {
        LayerSpan {
            annotator,
            start,
            end,
            label,
        }
    }

    #[test]
    fn spans_some_annotator_lacks_or_labels_differently() {
        let spans = [
            span(0, 0, 5, 0),   // 0: both have it: agreed
            span(1, 0, 5, 0),   // 1
            span(0, 6, 9, 1),   // 2: ben labels it 0: both differ
            span(1, 6, 9, 0),   // 3
            span(1, 10, 12, 0), // 4: only ben
            span(2, 13, 14, 0), // 5: annotator 2 is not compared
        ];
        assert_eq!(disagreements(&spans, 2), [2, 3, 4]);
    }

    #[test]
    fn stepping_wraps_round_both_ways() {
        let spans = [span(0, 0, 2, 0), span(0, 4, 6, 0), span(0, 8, 9, 0)];
        let differing = disagreements(&spans, 2);
        assert_eq!(step(&differing, &spans, None, true), Some(0));
        assert_eq!(step(&differing, &spans, Some(0), true), Some(1));
        assert_eq!(step(&differing, &spans, Some(2), true), Some(0));
        assert_eq!(step(&differing, &spans, None, false), Some(2));
        assert_eq!(step(&differing, &spans, Some(0), false), Some(2));
        assert_eq!(step(&[], &spans, None, true), None);
    }
}
