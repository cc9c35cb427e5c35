//! Relation candidates in curation progress (issue 19): a document's
//! undecided count holds the relation candidates whose two ends are in
//! gold, the same whether `glossator curate` stored it or the view works it
//! out; and gold holding one type between two ends decides the other types
//! voted there, for the view and a strategy run alike
//! (tests/data/handmade/curation-relations/relations.jsonl).

mod common;

use common::*;
use glossator::curate::{curation_progress, span_candidates, CandidateState};
use glossator::model::{LabelKind, RelationKey, SpanKey};
use glossator::session::{Edit, Session};
use glossator::store::{CurationReads as _, OpenMode, Reader as _, Store};
use serde_json::Value;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let project = dir.join("p.sqlite");
    let input = data_dir().join("handmade/curation-relations/relations.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    project
}

fn curate(project: &std::path::Path, strategy: &str) -> Value {
    let out = ok(glossator(&[
        &"curate",
        &project,
        &"--strategy",
        &strategy,
        &"--json",
    ]));
    serde_json::from_str(&out).unwrap()
}

/// A session curating r1, its four agreed spans accepted into gold (Ctrl+A).
fn spans_accepted(project: &std::path::Path) -> (Session, glossator::model::DocumentId) {
    let mut session = Session::open_project(project).unwrap();
    session
        .set_annotator(Some(glossator::model::GOLD_LAYER.into()))
        .unwrap();
    let r1 = session.documents()[0].id;
    session.open_document(r1).unwrap();
    session.apply(Edit::AcceptAllAgreed).unwrap();
    session.load_curation().unwrap();
    (session, r1)
}

/// The undecided count `curate` stored for each document, and the one
/// worked out afresh from the layers (what the view shows).
fn stored_and_fresh(project: &std::path::Path) -> Vec<(usize, usize)> {
    let (store, _) = Store::open(project, OpenMode::Existing).unwrap();
    let stored = store.stored_curation_progress().unwrap();
    let documents = store.document_ids().unwrap();
    store
        .curation_layers(&documents)
        .unwrap()
        .iter()
        .map(|layers| {
            (
                stored[&layers.document],
                span_candidates(layers, None).undecided(),
            )
        })
        .collect()
}

/// threshold on r1: its four spans, `agent` attacked → Rebels (3 votes) and
/// `target` attacked → police (2 of 3) go into gold; `agent` attacked →
/// police is decided by the target there; `agent` arrested → police (one
/// vote) is left: one undecided, stored and fresh alike.
#[test]
fn curate_stores_the_relation_candidates_left_as_the_view_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let report = curate(&project, "threshold");
    assert_eq!(report["relations_accepted"], 2);
    assert_eq!(stored_and_fresh(&project), [(1, 1), (0, 0), (0, 0)]);
    // The project's count (stored rows as they are) says the same.
    let (store, _) = Store::open(&project, OpenMode::Existing).unwrap();
    let r1 = store.document_ids().unwrap()[0];
    assert_eq!(curation_progress(&store).unwrap()[&r1], 1);
}

/// With only span candidates decided by hand and no strategy run, the
/// relation candidates between them are what is left.
#[test]
fn accepted_ends_make_their_relations_undecided() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let (session, r1) = spans_accepted(&project);
    let curation = session.curation().unwrap();
    assert_eq!(curation.candidates.relations.len(), 4);
    assert_eq!(curation.candidates.undecided(), 4);
    drop(session);
    let (store, _) = Store::open(&project, OpenMode::Existing).unwrap();
    assert_eq!(curation_progress(&store).unwrap()[&r1], 4);
}

/// A curator put `agent` attacked → police into gold; `target` there wins
/// the vote, but a run keeping what curators decided leaves it out (as
/// another label at a span's place), and the view shows it decided.
#[test]
fn another_type_in_gold_between_the_same_ends_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let (mut session, r1) = spans_accepted(&project);
    let schema = session.schema().clone();
    let id = |kind, name| schema.label_by_name(kind, name).unwrap().id;
    let end = |start, end, name| SpanKey {
        start_char: start,
        end_char: end,
        label: id(LabelKind::Span, name),
    };
    let between = |name| RelationKey {
        label: id(LabelKind::Relation, name),
        from: end(7, 15, "EVENT"),
        to: end(29, 35, "ACTOR"),
    };
    session
        .apply(Edit::AcceptRelationCandidate {
            key: between("agent"),
            label: None,
        })
        .unwrap();
    session.load_curation().unwrap();
    let state = |session: &Session, key| {
        session
            .curation()
            .unwrap()
            .candidates
            .relations
            .iter()
            .find(|c| c.key == key)
            .unwrap()
            .state
    };
    assert_eq!(state(&session, between("agent")), CandidateState::Accepted);
    assert_eq!(state(&session, between("target")), CandidateState::Rejected);
    drop(session);

    // agent attacked → Rebels goes in; target attacked → police is kept out.
    let report = curate(&project, "threshold");
    assert_eq!(report["relations_accepted"], 1, "{report}");
    assert_eq!(report["relations_kept"], 1, "{report}");
    let (store, _) = Store::open(&project, OpenMode::Existing).unwrap();
    let layers = store.curation_layers(&[r1]).unwrap().remove(0);
    let gold: Vec<_> = layers
        .gold
        .relations
        .iter()
        .map(|r| schema.label_name(r.data.label_id).to_string())
        .collect();
    assert_eq!(
        gold,
        ["agent", "agent"],
        "no target beside the curator's agent"
    );
    assert_eq!(stored_and_fresh(&project)[0], (1, 1));
}

/// A relation of another layer is refused, with what was wrong; nothing is
/// written.
#[test]
fn only_gold_relations_are_accepted_into_gold() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let (session, r1) = spans_accepted(&project);
    let curation = session.curation().unwrap();
    let candidate = curation.candidates.relations[0].key;
    let Some(glossator::edit::Command::AcceptRelationCandidate {
        key,
        mut relation,
        provenance,
    }) = glossator::curate::accept_relation_candidate(
        &curation.layers,
        &curation.candidates,
        candidate,
        None,
        1,
    )
    else {
        panic!("an accept command");
    };
    relation.annotator = "ana".into();
    drop(session);
    let (mut store, _) = Store::open(&project, OpenMode::Existing).unwrap();
    let refused = glossator::edit::apply(
        &mut store,
        &glossator::edit::Command::AcceptRelationCandidate {
            key,
            relation,
            provenance,
        },
    );
    let Err(error) = refused else {
        panic!("accepted a relation of ana's layer into gold");
    };
    assert_eq!(
        error.to_string(),
        "only a relation of the gold layer can be accepted into gold (this one is in ana's layer)"
    );
    assert_eq!(store.relation_decision(r1, key).unwrap(), None);
}
