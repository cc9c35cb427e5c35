//! The numbers the Statistics window charts and `glossator stats --json` prints,
//! counted from the same layers the agreement report reads (so that only the store's
//! one reader knows what a layer is).

use crate::agreement::input::AgreementInput;
use crate::model::DocumentStatus;

/// At most this many bars in a histogram; the bin width grows to fit.
pub const MAX_BINS: usize = 20;

/// Counts of values in bins of equal width: bin `i` holds [i·width, (i + 1)·width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    pub bin_width: u64,
    pub counts: Vec<u64>,
}

impl Histogram {
    /// Bins from 0 to the largest value, at most [`MAX_BINS`]; empty with no values.
    pub fn of(values: &[u64]) -> Self {
        let Some(&largest) = values.iter().max() else {
            return Self {
                bin_width: 1,
                counts: Vec::new(),
            };
        };
        let bin_width = (largest + 1).div_ceil(MAX_BINS as u64).max(1);
        let mut counts = vec![0; (largest / bin_width + 1) as usize];
        for value in values {
            counts[(value / bin_width) as usize] += 1;
        }
        Self { bin_width, counts }
    }
}

/// Per annotator: (day as `YYYY-MM-DD`, spans created that day), sorted by day.
pub type CreatedPerDay = Vec<(String, Vec<(String, u64)>)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectCharts {
    pub annotators: Vec<String>,
    /// Span labels in schema order.
    pub labels: Vec<String>,
    /// `[annotator][label]`: spans.
    pub spans_per_label: Vec<Vec<u64>>,
    /// `[annotator][status]` in [`DocumentStatus::ALL`] order: that annotator's layers.
    pub documents_by_status: Vec<[u64; 3]>,
    /// Spans of all layers per document.
    pub spans_per_document: Histogram,
    /// Span length in characters.
    pub span_length_chars: Histogram,
    /// Spans created per day per annotator, from the spans' `created_at`
    /// (`store::read_spans_created_per_day`); `None` when not read.
    pub spans_created_per_day: Option<CreatedPerDay>,
}

pub fn project_charts(input: &AgreementInput) -> ProjectCharts {
    let annotators = input.annotators.len();
    let mut spans_per_label = vec![vec![0; input.labels.len()]; annotators];
    let mut documents_by_status = vec![[0; 3]; annotators];
    let mut per_document = Vec::with_capacity(input.documents.len());
    let mut lengths = Vec::new();
    for document in &input.documents {
        let mut spans = 0;
        for layer in &document.layers {
            let Some(counts) = spans_per_label.get_mut(layer.annotator as usize) else {
                continue;
            };
            let status = DocumentStatus::ALL
                .iter()
                .position(|s| *s == layer.status)
                .unwrap_or(0);
            documents_by_status[layer.annotator as usize][status] += 1;
            for span in &layer.spans {
                if let Some(count) = counts.get_mut(span.label as usize) {
                    *count += 1;
                }
                lengths.push(u64::from(span.end.saturating_sub(span.start)));
            }
            spans += layer.spans.len() as u64;
        }
        per_document.push(spans);
    }
    ProjectCharts {
        annotators: input.annotators.clone(),
        labels: input.labels.clone(),
        spans_per_label,
        documents_by_status,
        spans_per_document: Histogram::of(&per_document),
        span_length_chars: Histogram::of(&lengths),
        spans_created_per_day: None,
    }
}

impl ProjectCharts {
    /// `charts` in `glossator stats --json`: objects keyed by annotator, label and
    /// status; histograms as bins `{from, to, count}` with `to` exclusive.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let by_annotator = |row: &dyn Fn(usize) -> Value| -> Map<String, Value> {
            self.annotators
                .iter()
                .enumerate()
                .map(|(index, name)| (name.clone(), row(index)))
                .collect()
        };
        let histogram = |h: &Histogram| -> Value {
            h.counts
                .iter()
                .enumerate()
                .map(|(i, count)| {
                    json!({"from": i as u64 * h.bin_width, "to": (i as u64 + 1) * h.bin_width, "count": count})
                })
                .collect()
        };
        json!({
            "spans_per_label": by_annotator(&|a| {
                self.labels
                    .iter()
                    .zip(&self.spans_per_label[a])
                    .map(|(label, count)| (label.clone(), json!(count)))
                    .collect::<Map<_, _>>()
                    .into()
            }),
            "documents_by_status": by_annotator(&|a| {
                DocumentStatus::ALL
                    .iter()
                    .zip(self.documents_by_status[a])
                    .map(|(status, count)| (status.as_str().to_string(), json!(count)))
                    .collect::<Map<_, _>>()
                    .into()
            }),
            "spans_per_document": histogram(&self.spans_per_document),
            "span_length_chars": histogram(&self.span_length_chars),
            "spans_created_per_day": self.spans_created_per_day.as_ref().map(|per| {
                per.iter()
                    .map(|(annotator, days)| {
                        (annotator.clone(), days.iter().map(|(day, n)| (day.clone(), json!(n))).collect::<Map<_, _>>().into())
                    })
                    .collect::<Map<String, Value>>()
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_cover_zero_to_the_largest_value_in_at_most_twenty_bins() {
        // 0..=19 fits 20 bins of width 1; 0..=20 needs width 2 (21 values / 20 → 2).
        assert_eq!(Histogram::of(&[0, 19]).bin_width, 1);
        assert_eq!(Histogram::of(&[0, 19]).counts.len(), 20);
        let wide = Histogram::of(&[0, 1, 2, 20]);
        assert_eq!(wide.bin_width, 2);
        assert_eq!(wide.counts, {
            let mut c = vec![0; 11];
            c[0] = 2; // 0 and 1
            c[1] = 1; // 2
            c[10] = 1; // 20
            c
        });
        assert!(Histogram::of(&[]).counts.is_empty());
    }
}
