//! Layers through the session and the edit path: whose layer is shown and
//! edited, per-layer status, undo within a layer, stats per layer.

mod common;

use glossator::edit::{apply, Command, EditError};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{DocumentStatus, LabelKind, RelationData};
use glossator::session::{Edit, Session};
use glossator::store::{LayerReads, Reader, Store};

/// A session on an in-memory project with two plain documents.
fn two_documents() -> Session {
    let mut store = Store::in_memory().unwrap();
    let jsonl = concat!(
        r#"{"id":"a","text":"Rebels attacked the town on Monday."}"#,
        "\n",
        r#"{"id":"b","text":"Talks resumed in Doha."}"#,
        "\n"
    );
    let parsed = parse_jsonl(std::path::Path::new("two.jsonl"), jsonl).unwrap();
    import_documents(&mut store, parsed).unwrap();
    Session::new(store).unwrap()
}

fn label(session: &Session, name: &str) -> glossator::model::LabelId {
    session
        .schema()
        .label_by_name(LabelKind::Span, name)
        .unwrap()
        .id
}

#[test]
fn each_annotator_sees_and_edits_only_their_layer() {
    let mut session = two_documents();
    session.set_annotator(Some("ana".into())).unwrap();
    assert_eq!(session.annotator(), "ana");
    let first = session.documents()[0].id;
    session.open_document(first).unwrap();
    let actor = label(&session, "ACTOR");
    session.create_span(0, 6, actor).unwrap();
    assert_eq!(session.open().unwrap().spans.len(), 1);
    assert_eq!(session.open().unwrap().status, DocumentStatus::InProgress);
    assert_eq!(session.documents()[0].status, DocumentStatus::InProgress);
    assert_eq!(session.documents()[0].span_count, 1);

    // Switching annotator switches the layer, and forgets the undo history.
    session.set_annotator(Some("ben".into())).unwrap();
    assert!(!session.history().can_undo());
    let open = session.open().unwrap();
    assert!(open.spans.is_empty(), "ben does not see ana's span");
    assert_eq!(open.status, DocumentStatus::New);
    assert_eq!(session.documents()[0].status, DocumentStatus::New);
    session
        .create_span(7, 15, label(&session, "EVENT"))
        .unwrap();
    session
        .apply(Edit::SetDocumentStatus(DocumentStatus::Done))
        .unwrap();
    assert_eq!(session.documents()[0].status, DocumentStatus::Done);

    // Both layers are in the project, apart.
    let store = session.store();
    assert_eq!(store.layer_spans_of(first, "ana").unwrap().len(), 1);
    assert_eq!(store.layer_spans_of(first, "ben").unwrap().len(), 1);
    assert_eq!(store.spans_of(first).unwrap().len(), 2);
    assert_eq!(
        store.layer_status(first, "ana").unwrap(),
        Some(DocumentStatus::InProgress)
    );
    assert_eq!(
        store.layer_status(first, "ben").unwrap(),
        Some(DocumentStatus::Done)
    );

    // ben's undo undoes ben's work only.
    session.undo().unwrap().unwrap();
    session.undo().unwrap().unwrap();
    assert!(
        session.undo().unwrap().is_none(),
        "nothing of ana's to undo"
    );
    assert_eq!(
        session.store().layer_spans_of(first, "ana").unwrap().len(),
        1
    );
    assert!(session
        .store()
        .layer_spans_of(first, "ben")
        .unwrap()
        .is_empty());
    assert_eq!(session.store().layer_status(first, "ben").unwrap(), None);
}

#[test]
fn every_change_of_a_layer_counts_in_its_revision() {
    let mut session = two_documents();
    session.set_annotator(Some("ana".into())).unwrap();
    let first = session.documents()[0].id;
    session.open_document(first).unwrap();
    let span = session.create_span(0, 6, label(&session, "ACTOR")).unwrap();
    let revision = |session: &Session| session.store().layers_of(first).unwrap()[0].revision;
    let after_create = revision(&session);
    assert!(after_create >= 1);
    session
        .perform(Command::SetSpanNote {
            id: span,
            note: "who?".into(),
        })
        .unwrap();
    assert_eq!(revision(&session), after_create + 1);
    let updated = session.store().layers_of(first).unwrap()[0].updated_at_ms;
    assert!(updated > 1_700_000_000_000);
}

/// Relations across layers, through the one edit function.
#[test]
fn the_edit_path_refuses_a_relation_between_layers() {
    let mut store = Store::in_memory().unwrap();
    let parsed = parse_jsonl(
        std::path::Path::new("x.jsonl"),
        r#"{"id":"a","text":"Rebels attacked the town.","spans":[{"id":"s1","start":0,"end":6,"label":"ACTOR","annotator":"ana"},{"id":"s2","start":7,"end":15,"label":"EVENT","annotator":"ben"}]}"#,
    )
    .unwrap();
    import_documents(&mut store, parsed).unwrap();
    let document = store.document_ids().unwrap()[0];
    let spans = store.spans_of(document).unwrap();
    let agent = store
        .schema()
        .unwrap()
        .label_by_name(LabelKind::Relation, "agent")
        .unwrap()
        .id;
    let before = common::snapshot(&store);
    let err = apply(
        &mut store,
        &Command::AddRelation {
            id: None,
            relation: RelationData {
                document_id: document,
                from_span: spans[1].id,
                to_span: spans[0].id,
                label_id: agent,
                annotator: "ben".into(),
                note: String::new(),
            },
            any_labels: false,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, EditError::RelationAcrossLayers { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("ana's"), "{err}");
    assert_eq!(common::snapshot(&store), before);
}

#[test]
fn stats_count_spans_per_layer() {
    let mut store = Store::in_memory().unwrap();
    let parsed = parse_jsonl(
        std::path::Path::new("x.jsonl"),
        r#"{"id":"a","text":"Rebels attacked the town.","layers":[{"annotator":"ana","status":"done"},{"annotator":"ben","status":"in_progress"}],"spans":[{"id":"s1","start":0,"end":6,"label":"ACTOR","annotator":"ana"},{"id":"s2","start":7,"end":15,"label":"EVENT","annotator":"ben"},{"id":"s3","start":0,"end":6,"label":"ACTOR","annotator":"ben"}]}"#,
    )
    .unwrap();
    import_documents(&mut store, parsed).unwrap();
    let stats = store.stats().unwrap();
    let per: Vec<(String, usize)> = stats
        .layers
        .iter()
        .map(|l| (l.annotator.clone(), l.spans))
        .collect();
    assert_eq!(per, [("ana".into(), 1), ("ben".into(), 2)]);
    assert_eq!(stats.spans, 3);
    // One done layer, one in progress: the document is in progress.
    assert_eq!(stats.documents_by_status[1], ("in_progress".to_string(), 1));
}
