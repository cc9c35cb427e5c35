//! Issue 16, the editing semantics of an annotator's day: duplicate relations,
//! relabelling, removing labels, notes, saving a copy and the WAL checkpoint.

mod common;

use common::*;
use glossator::edit::{apply, Command, EditError};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{DocumentId, RelationData};
use glossator::session::Session;
use glossator::store::{Reader, Store};

/// An in-memory project holding the gold sample.
fn gold_store() -> (Store, DocumentId) {
    let mut store = Store::in_memory().unwrap();
    let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
    import_documents(&mut store, parsed).unwrap();
    let id = store.document_ids().unwrap()[0];
    (store, id)
}

/// A session on the gold sample with its document open.
fn gold_session() -> Session {
    let (store, document) = gold_store();
    let mut session = Session::new(store).unwrap();
    session.open_document(document).unwrap();
    session
}

/// Bug 12: the same relation (from, to, type) twice was stored silently,
/// through the app's path and the dev tools' alike.
#[test]
fn a_duplicate_relation_is_refused_with_a_message() {
    let (mut store, document) = gold_store();
    let existing = store.relations_of(document).unwrap()[0].clone();
    let before = store.relations_of(document).unwrap().len();
    for any_labels in [false, true] {
        let again = Command::AddRelation {
            id: None,
            relation: RelationData {
                annotator: None,
                note: String::new(),
                ..existing.data.clone()
            },
            any_labels,
        };
        let refused = apply(&mut store, &again).unwrap_err();
        assert!(
            matches!(refused, EditError::DuplicateRelation { existing: id, .. } if id == existing.id),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("already linked"), "{refused}");
    }
    assert_eq!(store.relations_of(document).unwrap().len(), before);

    let mut session = gold_session();
    let data = &existing.data;
    let refused = session
        .create_relation(data.from_span, data.to_span, data.label_id, true)
        .unwrap_err();
    assert!(
        matches!(refused, EditError::DuplicateRelation { .. }),
        "{refused:?}"
    );

    // The other direction, or another type, is a different statement.
    let other_type = session
        .schema()
        .relation_labels()
        .map(|l| l.id)
        .find(|&id| id != data.label_id)
        .unwrap();
    session
        .create_relation(data.from_span, data.to_span, other_type, true)
        .unwrap();
    session
        .create_relation(data.to_span, data.from_span, data.label_id, true)
        .unwrap();
    // Deleting the original and undoing that restores it (the check is for new relations).
    session
        .perform(Command::DeleteRelation { id: existing.id })
        .unwrap();
    session.undo().unwrap().unwrap();
    session.redo().unwrap().unwrap();
    session.undo().unwrap().unwrap();
    assert!(session.store().relation(existing.id).unwrap().is_some());
}
