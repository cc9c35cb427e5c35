//! The curator's edits (issue 19): accept, accept with another label,
//! reject, accept all agreed; each undone exactly (gold, provenance,
//! decisions), and the progress count that follows them.

mod curate_support;

use curate_support::{add_document, finish, label, span};
use glossator::curate::{
    accept_all_agreed, accept_candidate, curation_progress, reject_candidate, span_candidates,
    CandidateState,
};
use glossator::edit::History;
use glossator::model::{DocumentId, Origin, SpanKey, GOLD_LAYER};
use glossator::store::{CurationReads, LayerReads, Reader, Store};

/// Three finished annotators on one document: EVENT 0..5 by all three,
/// ACTOR 10..15 by ana and ben with CLAIM there by cy, CLAIM 20..25 by ana.
fn project() -> (Store, DocumentId) {
    let mut store = Store::in_memory().unwrap();
    let doc = add_document(&mut store, 1, 40);
    for who in ["ana", "ben", "cy"] {
        let realis = if who == "cy" { "planned" } else { "actual" };
        span(
            &mut store,
            doc,
            who,
            (0, 5, "EVENT"),
            &[("realis", realis)],
            &format!("{who} saw it"),
        );
    }
    span(&mut store, doc, "ana", (10, 15, "ACTOR"), &[], "");
    span(&mut store, doc, "ben", (10, 15, "ACTOR"), &[], "");
    span(&mut store, doc, "cy", (10, 15, "CLAIM"), &[], "");
    span(&mut store, doc, "ana", (20, 25, "CLAIM"), &[], "");
    for who in ["ana", "ben", "cy"] {
        finish(&mut store, doc, who);
    }
    (store, doc)
}

fn key(store: &Store, start: usize, end: usize, name: &str) -> SpanKey {
    SpanKey {
        start_char: start,
        end_char: end,
        label: label(store, name),
    }
}

/// Everything curation writes for a document, to compare before and after.
fn state(store: &Store, doc: DocumentId) -> String {
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let provenance = store.gold_provenance_of(doc).unwrap();
    let mut provenance: Vec<_> = provenance.spans.into_iter().collect();
    provenance.sort_by_key(|(id, _)| *id);
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        layers.gold,
        layers.span_decisions,
        provenance,
        store
            .layers_of(doc)
            .unwrap()
            .iter()
            .map(|l| &l.annotator)
            .collect::<Vec<_>>()
    )
}

#[test]
fn candidates_carry_voters_and_states() {
    let (store, doc) = project();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    assert_eq!(candidates.finished, ["ana", "ben", "cy"]);
    let states: Vec<_> = candidates
        .candidates
        .iter()
        .map(|c| (c.key.start_char, c.voters.len(), c.state))
        .collect();
    assert_eq!(
        states,
        [
            (0, 3, CandidateState::AllAgree),
            (10, 2, CandidateState::Disagree),
            (10, 1, CandidateState::Disagree),
            (20, 1, CandidateState::OnlyOne),
        ]
    );
    assert_eq!(candidates.undecided(), 4);
}

#[test]
fn accept_puts_gold_in_with_provenance_and_undo_takes_it_all_back() {
    let (mut store, doc) = project();
    let before = state(&store, doc);
    let schema = store.schema().unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    let event = key(&store, 0, 5, "EVENT");
    let command = accept_candidate(&schema, &layers, &candidates, event, None, 1_000).unwrap();
    let mut history = History::default();
    history.perform(&mut store, &command).unwrap();

    let gold = store.layer_spans_of(doc, GOLD_LAYER).unwrap();
    assert_eq!(gold.len(), 1);
    // realis: actual 2 votes, planned 1; notes side by side.
    assert_eq!(
        gold[0].data.attributes.get("realis").map(String::as_str),
        Some("actual")
    );
    assert_eq!(
        gold[0].data.note,
        "ana: ana saw it\nben: ben saw it\ncy: cy saw it"
    );
    let provenance = store.span_provenance(gold[0].id).unwrap().unwrap();
    assert_eq!(provenance.origin, Origin::Curator);
    assert_eq!(provenance.voters, ["ana", "ben", "cy"]);
    assert_eq!(provenance.at_ms, 1_000);
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let after = span_candidates(&layers, None);
    assert_eq!(after.candidates[0].state, CandidateState::Accepted);
    assert_eq!(after.undecided(), 3);

    history.undo(&mut store).unwrap();
    assert_eq!(state(&store, doc), before);
    history.redo(&mut store).unwrap();
    let gold = store.layer_spans_of(doc, GOLD_LAYER).unwrap();
    assert_eq!(
        store.span_provenance(gold[0].id).unwrap().unwrap().voters,
        ["ana", "ben", "cy"]
    );
}

#[test]
fn deleting_a_gold_span_and_undoing_brings_its_provenance_back() {
    let (mut store, doc) = project();
    let schema = store.schema().unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    let event = key(&store, 0, 5, "EVENT");
    let mut history = History::default();
    history
        .perform(
            &mut store,
            &accept_candidate(&schema, &layers, &candidates, event, None, 5).unwrap(),
        )
        .unwrap();
    let accepted = state(&store, doc);
    let id = store.layer_spans_of(doc, GOLD_LAYER).unwrap()[0].id;
    history
        .perform(&mut store, &glossator::edit::Command::DeleteSpan { id })
        .unwrap();
    // Accepted then removed: decided, not proposed again.
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    assert_eq!(
        span_candidates(&layers, None).candidates[0].state,
        CandidateState::Rejected
    );
    history.undo(&mut store).unwrap();
    assert_eq!(state(&store, doc), accepted);
}

#[test]
fn accept_with_another_label_decides_the_position() {
    let (mut store, doc) = project();
    let schema = store.schema().unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    let claim = key(&store, 10, 15, "CLAIM");
    let actor = label(&store, "ACTOR");
    let command = accept_candidate(&schema, &layers, &candidates, claim, Some(actor), 7).unwrap();
    glossator::edit::apply(&mut store, &command).unwrap();
    let gold = store.layer_spans_of(doc, GOLD_LAYER).unwrap();
    assert_eq!(gold[0].data.label_id, actor);
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let states: Vec<_> = span_candidates(&layers, None)
        .candidates
        .iter()
        .map(|c| c.state)
        .collect();
    assert_eq!(
        states[1..3],
        [CandidateState::Accepted, CandidateState::Rejected]
    );
}

#[test]
fn reject_is_kept_and_undone() {
    let (mut store, doc) = project();
    let before = state(&store, doc);
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let lone = key(&store, 20, 25, "CLAIM");
    let mut history = History::default();
    history
        .perform(&mut store, &reject_candidate(&layers, lone, 9))
        .unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    assert_eq!(candidates.candidates[3].state, CandidateState::Rejected);
    assert_eq!(curation_progress(&store).unwrap()[&doc], 3);
    history.undo(&mut store).unwrap();
    assert_eq!(state(&store, doc), before);
    assert_eq!(curation_progress(&store).unwrap()[&doc], 4);
}

#[test]
fn accept_all_agreed_is_one_undo_step() {
    let (mut store, doc) = project();
    let other = add_document(&mut store, 2, 30);
    for who in ["ana", "ben"] {
        span(&mut store, other, who, (1, 4, "ACTOR"), &[], "");
        finish(&mut store, other, who);
    }
    let before = state(&store, doc);
    let schema = store.schema().unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    let command = accept_all_agreed(&schema, &layers, &candidates, 3).unwrap();
    let mut history = History::default();
    history.perform(&mut store, &command).unwrap();
    assert_eq!(store.layer_spans_of(doc, GOLD_LAYER).unwrap().len(), 1);
    assert_eq!(
        history.next_undo().unwrap().0.undone_action(),
        "accept into gold"
    );
    // Progress of both documents, stored then read again.
    let progress = curation_progress(&store).unwrap();
    assert_eq!((progress[&doc], progress[&other]), (3, 1));
    glossator::curate::store_curation_progress(&mut store, &progress).unwrap();
    assert_eq!(store.stored_curation_progress().unwrap().len(), 2);
    history.undo(&mut store).unwrap();
    assert_eq!(state(&store, doc), before);
    // The undo changed the gold layer: the stored count went with it.
    assert_eq!(curation_progress(&store).unwrap()[&doc], 4);
}

#[test]
fn only_gold_spans_are_accepted_into_gold() {
    let (mut store, doc) = project();
    let schema = store.schema().unwrap();
    let layers = store.curation_layers(&[doc]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    let event = key(&store, 0, 5, "EVENT");
    let Some(glossator::edit::Command::AcceptCandidate {
        mut span,
        provenance,
    }) = accept_candidate(&schema, &layers, &candidates, event, None, 1)
    else {
        panic!("an accept command");
    };
    span.annotator = "ana".into();
    let refused = glossator::edit::apply(
        &mut store,
        &glossator::edit::Command::AcceptCandidate { span, provenance },
    );
    assert!(
        matches!(refused, Err(glossator::edit::EditError::NotGold(ref who)) if who == "ana"),
        "{refused:?}"
    );
    assert!(store.layer_spans_of(doc, GOLD_LAYER).unwrap().is_empty());
}

/// A project of schema version 5 (before curation) gets the curation tables
/// when opened to edit, and curates.
#[test]
fn a_version_5_project_is_upgraded_for_curation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite");
    {
        let (mut store, _) =
            Store::open(&path, glossator::store::OpenMode::CreateIfMissing).unwrap();
        let doc = add_document(&mut store, 1, 20);
        for who in ["ana", "ben"] {
            span(&mut store, doc, who, (0, 5, "EVENT"), &[], "");
            finish(&mut store, doc, who);
        }
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER curation_progress_layer_insert;
         DROP TRIGGER curation_progress_layer_update;
         DROP TRIGGER curation_progress_layer_delete;
         DROP TABLE curation_progress; DROP TABLE curation_span_decisions;
         DROP TABLE curation_relation_decisions; DROP TABLE gold_span_provenance;
         DROP TABLE gold_relation_provenance; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    let (mut store, _) = Store::open(&path, glossator::store::OpenMode::Existing).unwrap();
    let options = glossator::curate::CurateOptions {
        strategy: glossator::curate::Strategy::Complete,
        annotators: None,
        documents: None,
        mode: glossator::curate::GoldMode::KeepExisting,
        at_ms: 1,
    };
    let report = glossator::curate::curate(&mut store, &options, &mut |_, _| true).unwrap();
    assert_eq!(report.spans.accepted, 1);
    drop(store);
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, glossator::store::CURRENT_SCHEMA_VERSION);
}

/// A label merged into another changes spans without changing their layers:
/// the stored counts go, and the next count sees the merged labels.
#[test]
fn merging_a_label_drops_the_stored_progress() {
    let (mut store, doc) = project();
    let progress = curation_progress(&store).unwrap();
    assert_eq!(progress[&doc], 4);
    glossator::curate::store_curation_progress(&mut store, &progress).unwrap();
    let (claim, actor) = (label(&store, "CLAIM"), label(&store, "ACTOR"));
    store
        .write(|tx| tx.remove_label(claim, Some(actor)))
        .unwrap();
    assert!(store.stored_curation_progress().unwrap().is_empty());
    // Doha is ACTOR for all three now, and ana's lone CLAIM an ACTOR.
    assert_eq!(curation_progress(&store).unwrap()[&doc], 3);
}
