//! Attribute agreement: over the exactly matched span pairs of every pair of
//! annotators, how often the two spans carry the same value of each attribute.

use std::collections::HashMap;

use super::layer::FinishedLayer;
use crate::agreement::input::{AgreementInput, InputSpan};
use crate::agreement::report::types::AttributeAgreement;
use crate::agreement::{pair_agreement, Category};

/// The value of a span that does not carry the attribute: a category of its own, so
/// "set" against "not set" is a disagreement.
const UNSET: Category = Category::MAX;

pub(super) struct AttributeTally {
    /// By label index: the attributes (indexes into `input.attributes`) it defines.
    by_label: Vec<Vec<usize>>,
    /// Per attribute: how often each (value of A, value of B) occurred.
    pairs: Vec<HashMap<(Category, Category), u64>>,
    /// Per attribute: value text → category.
    values: Vec<HashMap<String, Category>>,
}

impl AttributeTally {
    pub fn new(input: &AgreementInput, kept_labels: &[bool]) -> Self {
        let mut by_label = vec![Vec::new(); input.labels.len()];
        for (index, key) in input.attributes.iter().enumerate() {
            if kept_labels.get(key.label as usize) == Some(&true) {
                by_label[key.label as usize].push(index);
            }
        }
        Self {
            by_label,
            pairs: vec![HashMap::new(); input.attributes.len()],
            values: vec![HashMap::new(); input.attributes.len()],
        }
    }

    fn any(&self) -> bool {
        self.by_label
            .iter()
            .any(|attributes| !attributes.is_empty())
    }

    /// Pairs A's and B's spans of one document that are exactly equal (offsets and
    /// label), each span used once, and counts their attribute values.
    pub fn add_matches(&mut self, input: &AgreementInput, a: &FinishedLayer, b: &FinishedLayer) {
        if !self.any() {
            return;
        }
        let a_spans = self.with_attributes(a);
        let b_spans = self.with_attributes(b);
        let (mut i, mut j) = (0, 0);
        while i < a_spans.len() && j < b_spans.len() {
            match position(a_spans[i]).cmp(&position(b_spans[j])) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    self.count(input, a_spans[i], b_spans[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
    }

    /// A layer's spans whose label has attributes, by position then attribute values
    /// (so that of duplicates at one position, equal values pair first).
    fn with_attributes<'a>(&self, layer: &FinishedLayer<'a>) -> Vec<&'a InputSpan> {
        let mut spans: Vec<&InputSpan> = layer
            .spans
            .iter()
            .copied()
            .filter(|span| !self.by_label[span.label as usize].is_empty())
            .collect();
        spans.sort_unstable_by(|x, y| {
            position(x)
                .cmp(&position(y))
                .then_with(|| x.attributes.cmp(&y.attributes))
        });
        spans
    }

    fn count(&mut self, input: &AgreementInput, a: &InputSpan, b: &InputSpan) {
        for &attribute in &self.by_label[a.label as usize] {
            let name = &input.attributes[attribute].name;
            let values = &mut self.values[attribute];
            let mut category = |span: &InputSpan| match span.attributes.get(name) {
                None => UNSET,
                Some(value) => {
                    let next = values.len() as Category;
                    *values.entry(value.clone()).or_insert(next)
                }
            };
            let pair = (category(a), category(b));
            *self.pairs[attribute].entry(pair).or_default() += 1;
        }
    }

    /// Percent agreement and Cohen's κ per attribute, in the schema's order.
    pub fn finish(self, input: &AgreementInput, kept_labels: &[bool]) -> Vec<AttributeAgreement> {
        input
            .attributes
            .iter()
            .zip(self.pairs)
            .filter(|(key, _)| kept_labels.get(key.label as usize) == Some(&true))
            .map(|(key, pairs)| {
                let measured = pair_agreement(
                    pairs
                        .into_iter()
                        .flat_map(|(pair, count)| std::iter::repeat_n(pair, count as usize)),
                );
                AttributeAgreement {
                    key: format!("{}.{}", input.labels[key.label as usize], key.name),
                    pairs: measured.units,
                    percent_agreement: measured.percent_agreement,
                    cohen_kappa: measured.cohen_kappa,
                }
            })
            .collect()
    }
}

fn position(span: &InputSpan) -> (u32, u32, u32) {
    (span.start, span.end, span.label)
}
