//! The agreement report: every measure of the issue over a project's layers, in one
//! pass over the documents (README, "Agreement", has the definitions).
//!
//! Each document is taken once: its finished layers are sorted, its positions added to
//! the one rating table (κ per pair, α, Fleiss' κ all read it), every pair that
//! finished it compared (F1 exact and overlap, relations, attributes) and summed, and
//! its own αU measured for `by_document`. Documents every compared annotator finished
//! are laid end to end for the overall αU.

mod attributes;
mod error;
mod json;
mod layer;
mod pairs;
mod positions;
mod select;
mod table;
mod types;

pub use error::ReportError;
pub use positions::NO_SPAN;
pub use types::{
    AgreementReport, AttributeAgreement, DocumentAgreement, LabelAgreement, PairLabel,
    RelationPair, SpanAgreement, SpanPair,
};

use attributes::AttributeTally;
use layer::FinishedLayer;
use pairs::PairTotals;
use positions::PositionRows;

use super::input::{AgreementInput, InputDocument, ReportOptions};
use super::{alpha_unitizing, fleiss_kappa, krippendorff_alpha, Continuum, RatingTable, Unit};
use crate::model::DocumentStatus;

/// How often (in documents) the report says how far it is.
const PROGRESS_EVERY: usize = 1024;

/// Measures `input` as `options` ask. `progress(done, total)` is called now and then
/// with documents done (the overall αU is the last step, counted as one document).
pub fn agreement_report(
    input: &AgreementInput,
    options: &ReportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<AgreementReport, ReportError> {
    select::check(input)?;
    let selection = select::select(input, options)?;
    let raters = selection.raters.len();
    let kept = &selection.kept_labels;
    let total_steps = input.documents.len() + 1;

    let mut table = RatingTable::new(raters);
    let mut rows = PositionRows::default();
    let mut stacked = 0;
    let mut pairs: Vec<PairTotals> = pair_indexes(raters)
        .map(|(a, b)| PairTotals::new(a, b))
        .collect();
    let mut attributes = AttributeTally::new(input, kept);
    let mut by_document = Vec::new();
    let mut continuum_units: Vec<Vec<Unit>> = vec![Vec::new(); raters];
    let mut continuum_length: u64 = 0;

    for (index, document) in input.documents.iter().enumerate() {
        if index % PROGRESS_EVERY == 0 {
            progress(index, total_steps);
        }
        let finished = finished_layers(document, &selection.raters, kept)?;
        if finished.len() < 2 {
            continue;
        }
        stacked += rows.add_document(&mut table, &finished)?;
        let mut f1_sum = 0.0;
        let mut f1_count = 0;
        for pair in &mut pairs {
            let (Some(a), Some(b)) = (
                finished.iter().find(|layer| layer.rater == pair.a),
                finished.iter().find(|layer| layer.rater == pair.b),
            ) else {
                continue;
            };
            if let Some(f1) = pair.add_document(a, b).f1() {
                f1_sum += f1;
                f1_count += 1;
            }
            attributes.add_matches(input, a, b);
        }
        let document_units: Vec<Vec<Unit>> = finished.iter().map(|layer| units(layer, 0)).collect();
        let own = alpha_unitizing(
            Continuum {
                begin: 0,
                length: u64::from(document.len_chars),
            },
            &document_units,
        )?;
        by_document.push(DocumentAgreement {
            id: document.id,
            external_id: document.external_id.clone(),
            f1_exact: (f1_count > 0).then(|| f1_sum / f1_count as f64),
            alpha_unitizing: own.alpha,
        });
        if finished.len() == raters {
            for layer in &finished {
                continuum_units[layer.rater].extend(units(layer, continuum_length));
            }
            continuum_length += u64::from(document.len_chars);
        }
    }
    progress(input.documents.len(), total_steps);
    let unitizing = alpha_unitizing(
        Continuum {
            begin: 0,
            length: continuum_length,
        },
        &continuum_units,
    )?;
    drop(continuum_units);
    progress(total_steps, total_steps);

    let name = |rater: usize| input.annotators[selection.raters[rater] as usize].clone();
    let kept_labels: Vec<u32> = (0..input.labels.len() as u32)
        .filter(|&label| kept[label as usize])
        .collect();
    let mut span_pairs = Vec::with_capacity(pairs.len());
    let mut relation_pairs = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let kappa = cohen_kappa_of_pair(&table, pair.a, pair.b);
        span_pairs.push(pair.span_pair(name(pair.a), name(pair.b), kappa, &kept_labels, input));
        relation_pairs.push(pair.relation_pair(name(pair.a), name(pair.b)));
    }
    let by_label = kept_labels
        .iter()
        .map(|&label| {
            let mean = |measure: fn(&PairTotals, u32) -> Option<f64>| {
                mean(pairs.iter().filter_map(|pair| measure(pair, label)))
            };
            LabelAgreement {
                label: input.labels[label as usize].clone(),
                alpha_unitizing: unitizing
                    .by_category
                    .get(&label)
                    .and_then(|measured| measured.alpha),
                f1_exact: mean(PairTotals::label_f1_exact),
                f1_overlap: mean(PairTotals::label_f1_overlap),
            }
        })
        .collect();
    sort_worst_first(&mut by_document);
    Ok(AgreementReport {
        annotators: (0..raters).map(name).collect(),
        documents: by_document.len(),
        spans: SpanAgreement {
            krippendorff_alpha: krippendorff_alpha(&table),
            fleiss_kappa: fleiss_kappa(&table),
            alpha_unitizing: unitizing.alpha,
            positions: table.units(),
            stacked,
            skipped_overlaps: unitizing.skipped_overlaps,
            by_label,
            pairs: span_pairs,
        },
        relations: relation_pairs,
        attributes: attributes.finish(input, kept),
        by_document,
    })
}

/// Every pair (a, b) with a < b, in order.
fn pair_indexes(raters: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..raters).flat_map(move |a| (a + 1..raters).map(move |b| (a, b)))
}

/// The compared annotators' finished layers of a document, in rater order.
fn finished_layers<'a>(
    document: &'a InputDocument,
    raters: &[u32],
    kept: &[bool],
) -> Result<Vec<FinishedLayer<'a>>, ReportError> {
    let mut finished = Vec::with_capacity(raters.len());
    for (rater, annotator) in raters.iter().enumerate() {
        let layer = document
            .layers
            .iter()
            .find(|layer| layer.annotator == *annotator && layer.status == DocumentStatus::Done);
        if let Some(layer) = layer {
            finished.push(FinishedLayer::new(rater, layer, kept)?);
        }
    }
    Ok(finished)
}

/// A layer's kept spans as αU units, shifted by `offset` on the continuum.
fn units(layer: &FinishedLayer, offset: u64) -> Vec<Unit> {
    layer
        .spans
        .iter()
        .map(|span| Unit {
            begin: offset + u64::from(span.start),
            length: u64::from(span.end - span.start),
            category: span.label,
        })
        .collect()
}

/// Cohen's κ of a pair over their units: the positions either of them annotated in
/// documents both finished (rows where both have a value, not both "no span").
fn cohen_kappa_of_pair(table: &RatingTable, a: usize, b: usize) -> Option<f64> {
    let pairs = table.rows().filter_map(|row| {
        let (x, y) = (row[a]?, row[b]?);
        (x != NO_SPAN || y != NO_SPAN).then_some((x, y))
    });
    super::pair_agreement(pairs).cohen_kappa
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), v| (sum + v, count + 1));
    (count > 0).then(|| sum / count as f64)
}

/// Lowest mean F1 first; documents where it is undefined (nobody annotated) last;
/// ties in project order (the sort is stable).
fn sort_worst_first(documents: &mut [DocumentAgreement]) {
    documents.sort_by(|x, y| match (x.f1_exact, y.f1_exact) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

#[cfg(test)]
mod tests;
