//! Curating a project: a strategy over every chosen document, in one
//! transaction (all or nothing), for `glossator curate` and the app alike.

use std::collections::{BTreeMap, HashMap};

use super::candidates::{span_candidates, span_key};
use super::plan::{plan_document, DocumentPlan, Tally};
use super::strategy::Strategy;
use crate::model::{
    Decision, DocumentId, DocumentLayers, Origin, RelationData, Span, SpanKey, Verdict, GOLD_LAYER,
};
use crate::store::{CurationReads, LayerReads, Reader, Store, StoreError, Tx};

/// Documents read (and planned) at once: memory stays bounded on any project.
const CHUNK_DOCUMENTS: usize = 2_000;

/// What happens to gold that is already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GoldMode {
    /// Never touch what a curator (or an earlier run) put in or removed.
    #[default]
    KeepExisting,
    /// Rebuild gold of the chosen documents from the votes alone.
    Replace,
}

/// What to curate, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct CurateOptions {
    pub strategy: Strategy,
    /// Who votes; every layer but gold and predictions when None.
    pub annotators: Option<Vec<String>>,
    /// Which documents; every document when None.
    pub documents: Option<Vec<DocumentId>>,
    pub mode: GoldMode,
    /// The time the run's provenance and decisions carry (ms since 1970 UTC).
    pub at_ms: i64,
}

/// What a run did, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CurationReport {
    pub strategy: String,
    /// Documents looked at.
    pub documents: usize,
    /// Documents finished by at least two of the chosen annotators.
    pub curated: usize,
    /// Gold spans and relations `--replace` removed first.
    pub removed: usize,
    #[serde(flatten)]
    pub spans: Tally,
    /// Gold spans whose attribute vote tied (their provenance says which).
    pub needs_review: usize,
    pub relations_accepted: usize,
    pub relations_kept: usize,
    pub relations_without_ends: usize,
    /// By span label name, in schema order.
    pub labels: Vec<LabelTally>,
}

/// One span label's share of a [`CurationReport`].
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LabelTally {
    pub label: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// Why a run was refused or stopped. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CurateError {
    #[error("--annotators: the project has no annotator {name:?} (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("--annotators: {GOLD_LAYER} is the curated layer; it does not vote")]
    GoldVotes,
    #[error("--annotators: curation needs at least two annotators, {0} given")]
    TooFewAnnotators(usize),
    #[error("--min-votes must be at least 1, found {0}")]
    BadMinVotes(usize),
    #[error("--min-confidence must be a number from 0 to 1, found {0}")]
    BadMinConfidence(f64),
    #[error("curation was cancelled; nothing was changed")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Curates `options.documents` with `options.strategy`, in one transaction:
/// on any error, or when `progress(done, total)` returns false, nothing is
/// written. Running it twice with the same inputs changes nothing the
/// second time.
pub fn curate(
    store: &mut Store,
    options: &CurateOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<CurationReport, CurateError> {
    check_options(store, options)?;
    store.write(|tx| curate_in(tx, options, progress))
}

fn check_options(reader: &impl Reader, options: &CurateOptions) -> Result<(), CurateError> {
    if let Strategy::Threshold {
        min_votes,
        min_confidence,
    } = options.strategy
    {
        if min_votes == 0 {
            return Err(CurateError::BadMinVotes(min_votes));
        }
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(CurateError::BadMinConfidence(min_confidence));
        }
    }
    let Some(names) = &options.annotators else {
        return Ok(());
    };
    let known = reader.layer_names()?;
    for name in names {
        if name == GOLD_LAYER {
            return Err(CurateError::GoldVotes);
        }
        if !known.contains(name) {
            let known: Vec<&str> = known
                .iter()
                .map(String::as_str)
                .filter(|n| *n != GOLD_LAYER)
                .collect();
            return Err(CurateError::UnknownAnnotator {
                name: name.clone(),
                known: if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                },
            });
        }
    }
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 {
        return Err(CurateError::TooFewAnnotators(distinct.len()));
    }
    Ok(())
}

fn curate_in(
    tx: &Tx<'_>,
    options: &CurateOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<CurationReport, CurateError> {
    let schema = tx.schema()?;
    let documents = match &options.documents {
        Some(documents) => documents.clone(),
        None => tx.document_ids()?,
    };
    let mut report = CurationReport {
        strategy: options.strategy.name().to_string(),
        documents: documents.len(),
        ..CurationReport::default()
    };
    if options.mode == GoldMode::Replace {
        report.removed = tx.remove_gold(&documents)?;
    }
    let annotators = options.annotators.as_deref();
    // What every candidate this run puts into gold is recorded as.
    let accepted = Decision {
        verdict: Verdict::Accepted,
        at_ms: options.at_ms,
        by: Origin::Strategy(options.strategy.name().to_string()),
    };
    let mut by_label: BTreeMap<crate::model::LabelId, Tally> = BTreeMap::new();
    // The gold annotator's row, made when the first document gets gold.
    let mut gold: Option<i64> = None;
    let mut done = 0;
    for chunk in documents.chunks(CHUNK_DOCUMENTS) {
        for mut layers in tx.curation_layers(chunk)? {
            let plan = plan_document(
                &options.strategy,
                &schema,
                &layers,
                annotators,
                options.at_ms,
            );
            if plan.ready {
                report.curated += 1;
                write_plan(tx, &mut gold, &mut layers, &plan, &accepted)?;
            }
            for (label, tally) in &plan.tally {
                by_label.entry(*label).or_default().add(tally);
            }
            report.needs_review += plan
                .spans
                .iter()
                .filter(|(_, p)| p.review.is_some())
                .count();
            report.relations_accepted += plan.relations.len();
            report.relations_kept += plan.relations_kept;
            report.relations_without_ends += plan.relations_without_ends;
            // Progress as the document list counts it (every annotator
            // votes): the plan's own count when it was made that way.
            let undecided = match annotators {
                None => plan.undecided,
                Some(_) => span_candidates(&layers, None).undecided(),
            };
            tx.set_curation_progress(layers.document, undecided)?;
        }
        done += chunk.len();
        if !progress(done, documents.len()) {
            return Err(CurateError::Cancelled);
        }
    }
    for label in schema.span_labels() {
        let tally = by_label.remove(&label.id).unwrap_or_default();
        report.spans.add(&tally);
        if tally != Tally::default() {
            report.labels.push(LabelTally {
                label: label.name.clone(),
                tally,
            });
        }
    }
    Ok(report)
}

/// Writes one document's plan, and keeps `layers` as the store now has it
/// (gold and decisions) for the progress count.
fn write_plan(
    tx: &Tx<'_>,
    gold: &mut Option<i64>,
    layers: &mut DocumentLayers,
    plan: &DocumentPlan,
    accepted: &Decision,
) -> Result<(), StoreError> {
    if plan.spans.is_empty() && plan.relations.is_empty() {
        return Ok(());
    }
    let document = layers.document;
    let mut gold_ids: HashMap<SpanKey, crate::model::SpanId> = layers
        .gold
        .spans
        .iter()
        .map(|s| (span_key(s), s.id))
        .collect();
    let gold = match *gold {
        Some(id) => id,
        None => *gold.insert(tx.annotator_row(GOLD_LAYER)?),
    };
    tx.ensure_layer_of(document, gold)?;
    let now = (accepted.at_ms, accepted.at_ms);
    for (span, provenance) in &plan.spans {
        let id = tx.insert_span_in_layer(gold, None, span, now)?;
        tx.set_span_provenance(id, Some(provenance))?;
        let key = SpanKey {
            start_char: span.start_char,
            end_char: span.end_char,
            label: span.label_id,
        };
        tx.set_span_decision(document, key, Some(accepted))?;
        gold_ids.insert(key, id);
        layers.gold.spans.push(Span {
            id,
            data: span.clone(),
        });
        layers.span_decisions.insert(key, accepted.clone());
    }
    for relation in &plan.relations {
        let (Some(from), Some(to)) = (
            gold_ids.get(&relation.key.from),
            gold_ids.get(&relation.key.to),
        ) else {
            continue;
        };
        let id = tx.insert_relation(
            None,
            &RelationData {
                document_id: document,
                from_span: *from,
                to_span: *to,
                label_id: relation.key.label,
                annotator: GOLD_LAYER.to_string(),
                note: relation.note.clone(),
            },
        )?;
        tx.set_relation_provenance(id, Some(&relation.provenance))?;
        tx.set_relation_decision(document, relation.key, Some(accepted))?;
    }
    tx.touch_layer_of(document, gold)
}
