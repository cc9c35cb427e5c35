//! Issue 16, the document tools at the store and session: rename (undoable,
//! titles checked), find by a piece of text, delete with what it loses,
//! the next and previous unfinished document.

mod common;

use glossator::model::{DocumentId, DocumentStatus, LabelKind};
use glossator::session::{Edit, Session};
use glossator::store::{DocumentQueries, DocumentWeight, Reader, Store};

/// A project of three text documents: "a.txt", "b.txt", "c.txt".
fn three_documents() -> (Session, Vec<DocumentId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::in_memory().unwrap();
    common::ui_app::import_texts(
        &mut store,
        dir.path(),
        &[
            ("a.txt", "Talks in Doha."),
            ("b.txt", "L'été à Kaboul fut ÉPROUVANT."),
            ("c.txt", "A ceasefire in Doha held."),
        ],
    );
    let session = Session::new(store).unwrap();
    let ids = session.documents().iter().map(|d| d.id).collect();
    (session, ids)
}

#[test]
fn a_substring_finds_documents_ignoring_case_beyond_ascii() {
    let (session, ids) = three_documents();
    let store = session.store();
    assert_eq!(
        store.documents_containing("doha").unwrap(),
        vec![ids[0], ids[2]]
    );
    assert_eq!(store.documents_containing("ÉTÉ").unwrap(), vec![ids[1]]);
    assert_eq!(
        store.documents_containing("éprouvant").unwrap(),
        vec![ids[1]]
    );
    assert!(store.documents_containing("Paris").unwrap().is_empty());
}

#[test]
fn rename_is_one_undoable_step_and_titles_are_checked() {
    let (mut session, ids) = three_documents();
    let before = session.documents()[1].title.clone();
    session
        .apply(Edit::RenameDocument {
            document: ids[1],
            title: "  Kabul, summer  ".into(),
        })
        .unwrap();
    assert_eq!(session.documents()[1].title, "Kabul, summer");
    assert_eq!(
        session.store().document_title(ids[1]).unwrap().unwrap(),
        "Kabul, summer"
    );
    session.apply(Edit::Undo).unwrap();
    assert_eq!(session.documents()[1].title, before);
    for (typed, expected) in [
        ("   ", "a document title cannot be empty"),
        (
            "two\nlines",
            "a document title is one line: it cannot hold a line break, tab or other control character",
        ),
    ] {
        let error = session
            .apply(Edit::RenameDocument {
                document: ids[1],
                title: typed.into(),
            })
            .unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
    assert_eq!(
        session.store().document_title(ids[1]).unwrap().unwrap(),
        before
    );
}

#[test]
fn deleting_says_what_it_loses_and_opens_the_next_document() {
    let (mut session, ids) = three_documents();
    session.open_document(ids[1]).unwrap();
    let label = session
        .schema()
        .label_by_name(LabelKind::Span, "ACTOR")
        .unwrap()
        .id;
    session
        .apply(Edit::CreateSpan {
            start_char: 9,
            end_char: 15,
            label,
        })
        .unwrap();
    assert_eq!(
        session.document_weight(ids[1]).unwrap(),
        DocumentWeight {
            spans: 1,
            relations: 0
        }
    );
    let lost = session.delete_document(ids[1]).unwrap();
    assert_eq!(lost.spans, 1);
    assert_eq!(
        session.store().document_ids().unwrap(),
        vec![ids[0], ids[2]]
    );
    assert_eq!(session.documents().len(), 2);
    assert_eq!(session.open_id(), Some(ids[2]));
    // Nothing left to undo that could name the deleted spans.
    assert!(!session.history().can_undo());
    // The last one deleted: the one before it opens.
    session.delete_document(ids[2]).unwrap();
    assert_eq!(session.open_id(), Some(ids[0]));
}

#[test]
fn the_next_and_previous_unfinished_skip_done_documents_and_wrap() {
    let (mut session, ids) = three_documents();
    session.open_document(ids[0]).unwrap();
    session
        .apply(Edit::SetDocumentStatus(DocumentStatus::Done))
        .unwrap();
    session.open_document(ids[1]).unwrap();
    session
        .apply(Edit::SetDocumentStatus(DocumentStatus::Done))
        .unwrap();
    session.open_document(ids[2]).unwrap();
    // From c, forward and back: only c is unfinished, and it is open.
    assert_eq!(session.unfinished_neighbour(1), None);
    // Reopen b (status menu): now both ways find it.
    session.open_document(ids[1]).unwrap();
    session
        .apply(Edit::SetDocumentStatus(DocumentStatus::InProgress))
        .unwrap();
    session.open_document(ids[2]).unwrap();
    assert_eq!(session.unfinished_neighbour(1), Some(ids[1]));
    assert_eq!(session.unfinished_neighbour(-1), Some(ids[1]));
    session.open_document(ids[0]).unwrap();
    assert_eq!(session.unfinished_neighbour(1), Some(ids[1]));
    assert_eq!(session.unfinished_neighbour(-1), Some(ids[2]));
}
