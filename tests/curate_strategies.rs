//! The merge strategies on hand-made cases, through the engine the CLI and
//! the app share, including INCEpTION's ThresholdBasedMergeStrategyTest.

mod curate_support;

use curate_support::{add_document, finish, label, relation, set_status, span};
use glossator::curate::{
    curate, reject_candidate, CurateOptions, CurationReport, GoldMode, Strategy,
};
use glossator::edit::apply;
use glossator::model::{DocumentId, DocumentStatus, SpanKey, GOLD_LAYER};
use glossator::store::{CurationReads, LayerReads, Store};

fn threshold(min_votes: usize, min_confidence: f64) -> Strategy {
    Strategy::Threshold {
        min_votes,
        min_confidence,
    }
}

fn run(store: &mut Store, strategy: Strategy) -> CurationReport {
    let options = CurateOptions {
        strategy,
        annotators: None,
        documents: None,
        mode: GoldMode::KeepExisting,
        at_ms: 42,
    };
    curate(store, &options, &mut |_, _| true).unwrap()
}

/// One document; each (annotator, label) puts that label on 0..5.
fn votes(votes: &[(&str, &str)]) -> (Store, DocumentId) {
    let mut store = Store::in_memory().unwrap();
    let doc = add_document(&mut store, 1, 20);
    for (who, name) in votes {
        span(&mut store, doc, who, (0, 5, name), &[], "");
    }
    let mut names: Vec<&str> = votes.iter().map(|(who, _)| *who).collect();
    names.dedup();
    for who in names {
        finish(&mut store, doc, who);
    }
    (store, doc)
}

fn gold_labels(store: &Store, doc: DocumentId) -> Vec<String> {
    let schema = glossator::store::Reader::schema(store).unwrap();
    store
        .layer_spans_of(doc, GOLD_LAYER)
        .unwrap()
        .iter()
        .map(|s| schema.label_name(s.data.label_id).to_string())
        .collect()
}

// INCEpTION ThresholdBasedMergeStrategyTest, confidence 0.5.
#[test]
fn threshold_two_against_one_accepts_the_two() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "EVENT"), ("C", "ACTOR")]);
    let report = run(&mut store, threshold(1, 0.5));
    assert_eq!(gold_labels(&store, doc), ["EVENT"]);
    assert_eq!((report.spans.accepted, report.spans.disputed), (1, 0));
}

#[test]
fn threshold_one_against_one_accepts_nothing() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "ACTOR")]);
    let report = run(&mut store, threshold(1, 0.5));
    assert!(gold_labels(&store, doc).is_empty());
    assert_eq!(report.spans.disputed, 2);
}

#[test]
fn threshold_two_labels_passing_is_a_dispute() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "EVENT"), ("C", "ACTOR")]);
    let report = run(&mut store, threshold(1, 0.3));
    assert!(gold_labels(&store, doc).is_empty());
    assert_eq!(report.spans.disputed, 2);
}

#[test]
fn threshold_counts_votes_against_those_who_finished() {
    // 2 of 3 finished: 2/3 ≥ 0.6 passes; 2/3 < 0.7 does not.
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "EVENT"), ("C", "CLAIM")]);
    let cut = SpanKey {
        start_char: 0,
        end_char: 5,
        label: label(&store, "CLAIM"),
    };
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    // C's CLAIM rejected by a curator stays out, and does not stop EVENT.
    apply(&mut store, &reject_candidate(&layers, cut, 1)).unwrap();
    run(&mut store, threshold(2, 0.7));
    assert!(gold_labels(&store, doc).is_empty());
    run(&mut store, threshold(2, 0.6));
    assert_eq!(gold_labels(&store, doc), ["EVENT"]);
}

#[test]
fn unfinished_layers_never_vote() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "ACTOR")]);
    span(&mut store, doc, "C", (0, 5, "EVENT"), &[], "");
    set_status(&mut store, doc, "C", DocumentStatus::InProgress);
    // A and B finished: EVENT has one vote of two, with or without C's.
    let report = run(&mut store, threshold(2, 0.5));
    assert!(gold_labels(&store, doc).is_empty());
    assert_eq!(report.spans.accepted, 0);
    finish(&mut store, doc, "C");
    run(&mut store, threshold(2, 0.5));
    assert_eq!(gold_labels(&store, doc), ["EVENT"]);
    let gold = store.layer_spans_of(doc, GOLD_LAYER).unwrap();
    assert_eq!(
        store.span_provenance(gold[0].id).unwrap().unwrap().voters,
        ["A", "C"]
    );
}

#[test]
fn a_document_finished_by_one_annotator_is_not_curated() {
    let (mut store, doc) = votes(&[("A", "EVENT")]);
    let report = run(&mut store, Strategy::Incomplete);
    assert_eq!(report.curated, 0);
    assert!(gold_labels(&store, doc).is_empty());
}

#[test]
fn relations_only_between_accepted_spans() {
    let mut store = Store::in_memory().unwrap();
    let doc = add_document(&mut store, 1, 30);
    for who in ["A", "B"] {
        let event = span(&mut store, doc, who, (0, 5, "EVENT"), &[], "");
        let actor = span(&mut store, doc, who, (10, 15, "ACTOR"), &[], "");
        // The second actor: A and B disagree on its label.
        let other = if who == "A" { "ACTOR" } else { "CLAIM" };
        let second = span(&mut store, doc, who, (20, 25, other), &[], "");
        relation(&mut store, doc, who, event, actor, "agent");
        relation(&mut store, doc, who, event, second, "target");
        finish(&mut store, doc, who);
    }
    // Incomplete: each `target` is its only annotator's at its ends, so the
    // strategy passes both; their far ends (ACTOR vs CLAIM) are not gold.
    let report = run(&mut store, Strategy::Incomplete);
    assert_eq!(gold_labels(&store, doc), ["EVENT", "ACTOR"]);
    assert_eq!(report.relations_without_ends, 2);
    let relations = store.layer_relations_of(doc, GOLD_LAYER).unwrap();
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].data.label_id, label(&store, "agent"));
    assert_eq!(report.relations_accepted, 1);
    assert!(store
        .relation_provenance(relations[0].id)
        .unwrap()
        .is_some());
}

#[test]
fn cancelling_writes_nothing() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "EVENT")]);
    let options = CurateOptions {
        strategy: Strategy::Complete,
        annotators: None,
        documents: None,
        mode: GoldMode::KeepExisting,
        at_ms: 1,
    };
    let cancelled = curate(&mut store, &options, &mut |_, _| false);
    assert!(matches!(
        cancelled,
        Err(glossator::curate::CurateError::Cancelled)
    ));
    assert!(gold_labels(&store, doc).is_empty());
}

/// The counts a run stores for the document list are the ones the
/// candidates give when computed afresh.
#[test]
fn a_run_stores_the_progress_the_candidates_give() {
    let (mut store, doc) = votes(&[("A", "EVENT"), ("B", "EVENT"), ("C", "ACTOR")]);
    span(&mut store, doc, "A", (8, 12, "CLAIM"), &[], "");
    run(&mut store, threshold(2, 0.5));
    let stored = store.stored_curation_progress().unwrap();
    // ACTOR lost to EVENT at 0..5 (decided); A's lone CLAIM is undecided.
    assert_eq!(stored[&doc], 1);
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    assert_eq!(
        glossator::curate::span_candidates(&layers, None).undecided(),
        1
    );
}
