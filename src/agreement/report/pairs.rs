//! One pair of annotators, summed over the documents both finished: F1 exact and on
//! overlap (overall and per label) and F1 exact on relations.

use super::layer::{FinishedLayer, RelationKey};
use super::types::{PairLabel, RelationPair, SpanPair};
use crate::agreement::input::AgreementInput;
use crate::agreement::{f1_exact, f1_overlap, ExactCounts, ExactF1, OverlapF1};

pub(super) struct PairTotals {
    /// Indexes into the compared annotators.
    pub a: usize,
    pub b: usize,
    documents: usize,
    exact: ExactF1,
    overlap: OverlapF1,
    relations: ExactCounts,
}

impl PairTotals {
    pub fn new(a: usize, b: usize) -> Self {
        Self {
            a,
            b,
            documents: 0,
            exact: ExactF1::default(),
            overlap: OverlapF1::default(),
            relations: ExactCounts::default(),
        }
    }

    /// Compares the pair's layers of one document; returns that document's exact
    /// counts (for `by_document`).
    pub fn add_document(&mut self, a: &FinishedLayer, b: &FinishedLayer) -> ExactCounts {
        self.documents += 1;
        let exact = f1_exact(&a.set, &b.set);
        self.exact.add(&exact);
        self.overlap.add(&f1_overlap(&a.set, &b.set));
        self.relations
            .add(relation_counts(&a.relations, &b.relations));
        exact.overall
    }

    pub fn label_f1_exact(&self, label: u32) -> Option<f64> {
        self.exact.by_label.get(&label)?.f1()
    }

    pub fn label_f1_overlap(&self, label: u32) -> Option<f64> {
        self.overlap.by_label.get(&label)?.f1()
    }

    pub fn span_pair(
        &self,
        a: String,
        b: String,
        cohen_kappa: Option<f64>,
        labels: &[u32],
        input: &AgreementInput,
    ) -> SpanPair {
        let overall = self.exact.overall;
        SpanPair {
            a,
            b,
            documents: self.documents,
            cohen_kappa,
            f1_exact: overall.f1(),
            f1_overlap: self.overlap.overall.f1(),
            matched: overall.matched,
            only_a: overall.only_a,
            only_b: overall.only_b,
            by_label: labels
                .iter()
                .map(|&label| PairLabel {
                    label: input.labels[label as usize].clone(),
                    f1_exact: self.label_f1_exact(label),
                    f1_overlap: self.label_f1_overlap(label),
                })
                .collect(),
        }
    }

    pub fn relation_pair(&self, a: String, b: String) -> RelationPair {
        RelationPair {
            a,
            b,
            f1_exact: self.relations.f1(),
            matched: self.relations.matched,
            only_a: self.relations.only_a,
            only_b: self.relations.only_b,
        }
    }
}

/// Exact matches of two sorted multisets of relation keys (one merge).
fn relation_counts(a: &[RelationKey], b: &[RelationKey]) -> ExactCounts {
    let mut counts = ExactCounts::default();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                counts.only_a += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                counts.only_b += 1;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                counts.matched += 1;
                i += 1;
                j += 1;
            }
        }
    }
    counts.only_a += a.len() - i;
    counts.only_b += b.len() - j;
    counts
}
