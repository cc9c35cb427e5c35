//! F1 between two annotators' spans: on exact matches and on overlap, overall and per
//! label.

use std::collections::BTreeMap;

use super::{AgreementError, Category};

/// One span of one annotator: code point offsets, end-exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelledSpan {
    pub document: u32,
    pub start: u32,
    pub end: u32,
    pub label: Category,
}

impl LabelledSpan {
    /// The order a [`SpanSet`] keeps: by document and label, then by position. Exact
    /// matching only needs some total order; overlap needs each (document, label) run
    /// sorted by start.
    fn key(&self) -> (u32, Category, u32, u32) {
        (self.document, self.label, self.start, self.end)
    }
}

/// One annotator's spans (a multiset), sorted once so that every comparison with
/// another set is a merge.
#[derive(Debug, Clone, Default)]
pub struct SpanSet {
    spans: Vec<LabelledSpan>,
    /// `max_end[i]`: the largest end among spans of the same (document, label) up to
    /// and including `i`, so "does any span starting before x end after y" is one
    /// binary search.
    max_end: Vec<u32>,
}

impl SpanSet {
    /// Sorts the spans; a span must cover at least one code point.
    pub fn new(mut spans: Vec<LabelledSpan>) -> Result<Self, AgreementError> {
        if let Some((index, span)) = spans.iter().enumerate().find(|(_, s)| s.end <= s.start) {
            return Err(AgreementError::EmptySpan {
                index,
                document: span.document,
                start: span.start,
                end: span.end,
            });
        }
        spans.sort_unstable_by_key(LabelledSpan::key);
        let mut max_end = Vec::with_capacity(spans.len());
        for (i, span) in spans.iter().enumerate() {
            let same_run = i > 0 && same_run(&spans[i - 1], span);
            let before = if same_run { max_end[i - 1] } else { 0 };
            max_end.push(before.max(span.end));
        }
        Ok(Self { spans, max_end })
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The spans, sorted by document, label, start, end.
    pub fn spans(&self) -> &[LabelledSpan] {
        &self.spans
    }

    /// The index range of the spans of one (document, label).
    fn runs(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let first = self.spans.get(start)?;
            let length = self.spans[start..]
                .iter()
                .take_while(|span| same_run(first, span))
                .count();
            let run = start..start + length;
            start += length;
            Some(run)
        })
    }
}

fn same_run(a: &LabelledSpan, b: &LabelledSpan) -> bool {
    a.document == b.document && a.label == b.label
}

/// Exact matches between A and B: a span of A matches one equal span of B (same
/// document, offsets and label), each used once (multisets).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExactCounts {
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
}

impl ExactCounts {
    /// F1 = 2·|A ∩ B| / (|A| + |B|); `None` when both are empty.
    pub fn f1(&self) -> Option<f64> {
        let total = 2 * self.matched + self.only_a + self.only_b;
        (total > 0).then(|| (2 * self.matched) as f64 / total as f64)
    }

    /// Adds another comparison's counts (the report sums documents).
    pub fn add(&mut self, other: ExactCounts) {
        self.matched += other.matched;
        self.only_a += other.only_a;
        self.only_b += other.only_b;
    }
}

/// F1 on exact matches, overall and for each label either side used (sorted by label).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExactF1 {
    pub overall: ExactCounts,
    pub by_label: BTreeMap<Category, ExactCounts>,
}

impl ExactF1 {
    /// Adds another comparison (of other documents): overall and label by label.
    pub fn add(&mut self, other: &ExactF1) {
        self.overall.add(other.overall);
        for (label, counts) in &other.by_label {
            self.by_label.entry(*label).or_default().add(*counts);
        }
    }
}

/// Compares A and B as multisets of (document, start, end, label): one merge of the two
/// sorted sets.
pub fn f1_exact(a: &SpanSet, b: &SpanSet) -> ExactF1 {
    let (a, b) = (&a.spans, &b.spans);
    let mut result = ExactF1::default();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.key().cmp(&y.key()),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (label, counts) = match order {
            std::cmp::Ordering::Less => {
                i += 1;
                (
                    a[i - 1].label,
                    ExactCounts {
                        only_a: 1,
                        ..Default::default()
                    },
                )
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (
                    b[j - 1].label,
                    ExactCounts {
                        only_b: 1,
                        ..Default::default()
                    },
                )
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (
                    a[i - 1].label,
                    ExactCounts {
                        matched: 1,
                        ..Default::default()
                    },
                )
            }
        };
        result.overall.add(counts);
        result.by_label.entry(label).or_default().add(counts);
    }
    result
}

/// Overlap counts: how many of A's spans overlap a B span of the same label, and the
/// reverse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OverlapCounts {
    pub a_spans: usize,
    /// A's spans that share at least one code point with a B span of the same label
    /// in the same document.
    pub a_overlapping: usize,
    pub b_spans: usize,
    pub b_overlapping: usize,
}

impl OverlapCounts {
    /// p = share of A's spans that overlap a B span; `None` when A has none.
    pub fn precision(&self) -> Option<f64> {
        (self.a_spans > 0).then(|| self.a_overlapping as f64 / self.a_spans as f64)
    }

    /// r = share of B's spans that overlap an A span; `None` when B has none.
    pub fn recall(&self) -> Option<f64> {
        (self.b_spans > 0).then(|| self.b_overlapping as f64 / self.b_spans as f64)
    }

    /// F1 = 2pr / (p + r); 0 when p = r = 0; `None` when p or r is undefined.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        })
    }

    /// Adds another comparison's counts (the report sums documents).
    pub fn add(&mut self, other: OverlapCounts) {
        self.a_spans += other.a_spans;
        self.a_overlapping += other.a_overlapping;
        self.b_spans += other.b_spans;
        self.b_overlapping += other.b_overlapping;
    }
}

/// F1 on overlap, overall and for each label either side used (sorted by label).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverlapF1 {
    pub overall: OverlapCounts,
    pub by_label: BTreeMap<Category, OverlapCounts>,
}

impl OverlapF1 {
    /// Adds another comparison (of other documents): overall and label by label.
    pub fn add(&mut self, other: &OverlapF1) {
        self.overall.add(other.overall);
        for (label, counts) in &other.by_label {
            self.by_label.entry(*label).or_default().add(*counts);
        }
    }
}

/// Counts, for each span of A, whether a B span of the same document and label shares a
/// code point with it, and the reverse: per (document, label) run, a binary search in
/// the other side's run (n log n, no pairs of spans).
pub fn f1_overlap(a: &SpanSet, b: &SpanSet) -> OverlapF1 {
    let mut result = OverlapF1::default();
    let mut b_runs = b.runs().peekable();
    let mut a_runs = a.runs().peekable();
    loop {
        let order = match (a_runs.peek(), b_runs.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) => run_key(a, x).cmp(&run_key(b, y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        // Exactly one side advances unless both have this (document, label).
        let (a_run, b_run) = match order {
            std::cmp::Ordering::Less => (a_runs.next(), None),
            std::cmp::Ordering::Greater => (None, b_runs.next()),
            std::cmp::Ordering::Equal => (a_runs.next(), b_runs.next()),
        };
        let label = match (&a_run, &b_run) {
            (Some(run), _) => a.spans[run.start].label,
            (None, Some(run)) => b.spans[run.start].label,
            (None, None) => break,
        };
        let a_run = a_run.unwrap_or(0..0);
        let b_run = b_run.unwrap_or(0..0);
        let counts = OverlapCounts {
            a_spans: a_run.len(),
            a_overlapping: overlapping(a, a_run.clone(), b, b_run.clone()),
            b_spans: b_run.len(),
            b_overlapping: overlapping(b, b_run, a, a_run),
        };
        result.overall.add(counts);
        result.by_label.entry(label).or_default().add(counts);
    }
    result
}

fn run_key(set: &SpanSet, run: &std::ops::Range<usize>) -> (u32, Category) {
    let first = &set.spans[run.start];
    (first.document, first.label)
}

/// How many spans of `mine[run]` overlap some span of `theirs[their_run]` (one run of
/// the same document and label each).
fn overlapping(
    mine: &SpanSet,
    run: std::ops::Range<usize>,
    theirs: &SpanSet,
    their_run: std::ops::Range<usize>,
) -> usize {
    if their_run.is_empty() {
        return 0;
    }
    let their_spans = &theirs.spans[their_run.clone()];
    let their_max_end = &theirs.max_end[their_run];
    mine.spans[run]
        .iter()
        .filter(|span| {
            // Their spans starting before my end; one of them reaches past my start?
            let before_my_end = their_spans.partition_point(|their| their.start < span.end);
            before_my_end > 0 && their_max_end[before_my_end - 1] > span.start
        })
        .count()
}
