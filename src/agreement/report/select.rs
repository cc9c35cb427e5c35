//! Which annotators and labels a report compares, and the check that the input keeps
//! its contract (offsets inside documents, indexes that exist) before any measure.

use super::ReportError;
use crate::agreement::input::{AgreementInput, ReportOptions};

/// The compared annotators (indexes into the input's) and the kept labels.
pub(super) struct Selection {
    pub raters: Vec<u32>,
    /// By label index: whether its spans are compared.
    pub kept_labels: Vec<bool>,
}

pub(super) fn select(
    input: &AgreementInput,
    options: &ReportOptions,
) -> Result<Selection, ReportError> {
    let raters = match &options.annotators {
        None => (0..input.annotators.len() as u32).collect(),
        Some(names) => {
            let mut raters: Vec<u32> = Vec::with_capacity(names.len());
            for name in names {
                let index = input
                    .annotators
                    .iter()
                    .position(|known| known == name)
                    .ok_or_else(|| ReportError::UnknownAnnotator {
                        name: name.clone(),
                        known: known_names(&input.annotators),
                    })? as u32;
                if raters.contains(&index) {
                    return Err(ReportError::AnnotatorTwice { name: name.clone() });
                }
                raters.push(index);
            }
            if raters.len() < 2 {
                return Err(ReportError::TooFewAnnotators {
                    given: raters.len(),
                });
            }
            raters
        }
    };
    let kept_labels = match &options.labels {
        None => vec![true; input.labels.len()],
        Some(names) => {
            let mut kept = vec![false; input.labels.len()];
            for name in names {
                let index = input
                    .labels
                    .iter()
                    .position(|known| known == name)
                    .ok_or_else(|| ReportError::UnknownLabel {
                        name: name.clone(),
                        known: known_names(&input.labels),
                    })?;
                kept[index] = true;
            }
            kept
        }
    };
    Ok(Selection {
        raters,
        kept_labels,
    })
}

fn known_names(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// Refuses input the measures cannot take, naming the document, layer and item.
pub(super) fn check(input: &AgreementInput) -> Result<(), ReportError> {
    for document in &input.documents {
        let mut seen = vec![false; input.annotators.len()];
        for layer in &document.layers {
            let annotator = match input.annotators.get(layer.annotator as usize) {
                Some(name) => name,
                None => {
                    return Err(ReportError::NoSuchAnnotator {
                        document: document.external_id.clone(),
                        annotator: layer.annotator,
                        annotators: input.annotators.len(),
                    })
                }
            };
            if std::mem::replace(&mut seen[layer.annotator as usize], true) {
                return Err(ReportError::LayerTwice {
                    document: document.external_id.clone(),
                    annotator: annotator.clone(),
                });
            }
            for (index, span) in layer.spans.iter().enumerate() {
                if span.start >= span.end || span.end > document.len_chars {
                    return Err(ReportError::SpanOutsideDocument {
                        document: document.external_id.clone(),
                        annotator: annotator.clone(),
                        index,
                        start: span.start,
                        end: span.end,
                        len_chars: document.len_chars,
                    });
                }
                if span.label as usize >= input.labels.len() {
                    return Err(ReportError::NoSuchLabel {
                        document: document.external_id.clone(),
                        annotator: annotator.clone(),
                        index,
                        label: span.label,
                        labels: input.labels.len(),
                    });
                }
            }
            let spans = layer.spans.len();
            for (index, relation) in layer.relations.iter().enumerate() {
                if relation.from as usize >= spans
                    || relation.to as usize >= spans
                    || relation.label as usize >= input.relation_labels.len()
                {
                    return Err(ReportError::BrokenRelation {
                        document: document.external_id.clone(),
                        annotator: annotator.clone(),
                        index,
                    });
                }
            }
        }
    }
    Ok(())
}
