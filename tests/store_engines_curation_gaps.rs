//! What the curation view's relation keys and the document list's mark
//! read and write, on both engines (a project file and a server project
//! holding the same import): which documents are ready to curate (one
//! query), and a relation candidate accepted into gold, rejected, and each
//! undone (tests/data/handmade/curation-relations/relations.jsonl).

mod common;

use std::collections::HashSet;

use common::engines::fresh_server_project;
use common::{data_dir, glossator, ok};
use glossator::curate::{
    accept_all_agreed, accept_relation_candidate, agreed_relations, reject_relation_candidate,
};
use glossator::curate::{span_candidates, CandidateState};
use glossator::edit::History;
use glossator::model::{Verdict, GOLD_LAYER};
use glossator::store::{CurationReads, LayerReads, OpenMode, Reader, Store};

fn locations(folder: &tempfile::TempDir, hint: &str) -> Vec<String> {
    let server = fresh_server_project(hint).location.clone();
    let file = folder.path().join("p.sqlite").display().to_string();
    vec![file, server]
}

fn imported(location: &str) -> Store {
    let fixture = data_dir().join("handmade/curation-relations/relations.jsonl");
    ok(glossator(&[&"import", &location, &fixture]));
    if location.starts_with("postgres") {
        Store::open_server(location).unwrap_or_else(|e| panic!("{e}"))
    } else {
        Store::open(std::path::Path::new(location), OpenMode::Existing)
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }
}

/// A document's layers as curation reads them, and its candidates.
fn read_candidates(
    store: &Store,
    document: glossator::model::DocumentId,
) -> (
    glossator::model::DocumentLayers,
    glossator::curate::DocumentCandidates,
) {
    let layers = store.curation_layers(&[document]).unwrap().remove(0);
    let candidates = span_candidates(&layers, None);
    (layers, candidates)
}

/// r1 and r2 are finished by two annotators or more; r3 by ana alone.
#[test]
fn documents_ready_to_curate_on_both_engines() {
    let folder = tempfile::tempdir().unwrap();
    for location in locations(&folder, "ready_to_curate") {
        let store = imported(&location);
        let ids = store.document_ids().unwrap();
        let ready = store.documents_ready_to_curate().unwrap();
        assert_eq!(ready, HashSet::from([ids[0], ids[1]]), "{location}");
    }
}

/// On r1, its spans accepted: a relation candidate accepted into gold and
/// one rejected, each stored and each undone, the same on both engines.
#[test]
fn relation_candidates_decided_and_undone_on_both_engines() {
    let folder = tempfile::tempdir().unwrap();
    for location in locations(&folder, "relation_candidates") {
        let mut store = imported(&location);
        let schema = store.schema().unwrap();
        let r1 = store.document_ids().unwrap()[0];
        let read = |store: &Store| read_candidates(store, r1);
        let mut history = History::default();
        let (layers, candidates) = read(&store);
        let spans = accept_all_agreed(&schema, &layers, &candidates, 1).unwrap();
        history.perform(&mut store, &spans).unwrap();

        let (layers, candidates) = read(&store);
        assert_eq!(candidates.relations.len(), 4, "{location}");
        let first = candidates.relations[0].key;
        let accept = accept_relation_candidate(&layers, &candidates, first, None, 2).unwrap();
        history
            .perform(&mut store, &accept)
            .unwrap_or_else(|e| panic!("{location}: accept: {e}"));
        let last = candidates.relations[3].key;
        history
            .perform(&mut store, &reject_relation_candidate(&layers, last, 3))
            .unwrap_or_else(|e| panic!("{location}: reject: {e}"));
        let (_, after) = read(&store);
        assert_eq!(
            after.relations[0].state,
            CandidateState::Accepted,
            "{location}"
        );
        assert_eq!(
            after.relations[3].state,
            CandidateState::Rejected,
            "{location}"
        );
        assert_eq!(store.layer_relations_of(r1, GOLD_LAYER).unwrap().len(), 1);
        let verdict =
            |store: &Store, key| store.relation_decision(r1, key).unwrap().map(|d| d.verdict);
        assert_eq!(
            verdict(&store, first),
            Some(Verdict::Accepted),
            "{location}"
        );
        assert_eq!(verdict(&store, last), Some(Verdict::Rejected), "{location}");

        history.undo(&mut store).unwrap();
        history.undo(&mut store).unwrap();
        assert_eq!(verdict(&store, first), None, "{location}");
        assert_eq!(verdict(&store, last), None, "{location}");
        assert!(store.layer_relations_of(r1, GOLD_LAYER).unwrap().is_empty());
        let (_, undone) = read(&store);
        assert_eq!(undone.undecided(), 4, "{location}");
    }
}

/// Ctrl+A: the spans all agree on first; once none is left, the relations
/// all agree on between them, as one more undo step.
#[test]
fn accept_all_agreed_takes_the_agreed_relations_once_their_spans_are_in_gold() {
    let folder = tempfile::tempdir().unwrap();
    for location in locations(&folder, "agreed_relations") {
        let mut store = imported(&location);
        let schema = store.schema().unwrap();
        let r1 = store.document_ids().unwrap()[0];
        let read = |store: &Store| read_candidates(store, r1);
        let mut history = History::default();
        let (layers, candidates) = read(&store);
        assert!(candidates.relations.is_empty(), "no end in gold yet");
        let spans = accept_all_agreed(&schema, &layers, &candidates, 1).unwrap();
        history.perform(&mut store, &spans).unwrap();

        let (layers, candidates) = read(&store);
        let agreed: Vec<_> = agreed_relations(&candidates).collect();
        assert!(!agreed.is_empty(), "{location}: {:?}", candidates.relations);
        assert!(
            agreed.len() < candidates.relations.len(),
            "{location}: the fixture also has relations not all agree on"
        );
        let relations = accept_all_agreed(&schema, &layers, &candidates, 2).unwrap();
        history.perform(&mut store, &relations).unwrap();
        let (_, after) = read(&store);
        for key in &agreed {
            let state = after
                .relations
                .iter()
                .find(|c| c.key == *key)
                .unwrap()
                .state;
            assert_eq!(state, CandidateState::Accepted, "{location}");
        }
        assert_eq!(
            store.layer_relations_of(r1, GOLD_LAYER).unwrap().len(),
            agreed.len(),
            "{location}"
        );
        let (layers, candidates) = read(&store);
        assert!(
            accept_all_agreed(&schema, &layers, &candidates, 3).is_none(),
            "{location}: nothing all agree on is left"
        );

        history.undo(&mut store).unwrap();
        assert!(store.layer_relations_of(r1, GOLD_LAYER).unwrap().is_empty());
        assert!(!store.layer_spans_of(r1, GOLD_LAYER).unwrap().is_empty());
    }
}
