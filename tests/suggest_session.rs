//! Issue 20, suggestions in the app's session: accepting and rejecting are
//! undoable steps, through the same edit path as every other change.

mod common;

use common::*;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::{Edit, Session};
use glossator::store::{Reader, Store, SuggestionQueries};
use glossator::suggest::{run_source, DocumentFilter, SourceConfig};

const TEXT: &str = "The Taliban met in Kabul; peace talks on a ceasefire follow. The Taliban left.";

/// A session on one document with the dictionary's suggestions for "ana".
fn session() -> Session {
    let mut store = Store::in_memory().unwrap();
    let line = serde_json::json!({"id": "d1", "text": TEXT}).to_string();
    import_documents(
        &mut store,
        parse_jsonl(std::path::Path::new("t.jsonl"), &line).unwrap(),
    )
    .unwrap();
    let config = SourceConfig::Dictionary {
        path: data_dir().join("handmade/suggest/actors.tsv"),
        match_case: false,
    };
    run_source(
        &mut store,
        &config,
        &DocumentFilter::All,
        Some("ana"),
        &mut |_, _| true,
    )
    .unwrap();
    let mut session = Session::new(store).unwrap();
    session.set_annotator(Some("ana".into())).unwrap();
    let first = session.documents()[0].id;
    session.open_document(first).unwrap();
    session
}

#[test]
fn accepting_is_one_undoable_step_and_undo_brings_the_suggestion_back() {
    let mut session = session();
    let pending = session.pending_suggestions().unwrap();
    assert_eq!(pending.len(), 3);
    let ids: Vec<_> = pending.iter().map(|s| s.id).collect();
    let outcome = session.apply(Edit::AcceptSuggestions(ids)).unwrap();
    assert_eq!(
        outcome.message.as_deref(),
        Some("Accepted 3 suggestions (Ctrl+Z takes them back)")
    );
    let open = session.open().unwrap();
    assert_eq!(open.spans.len(), 3);
    assert!(open.spans.iter().all(|s| s.data.annotator == "ana"));
    assert!(session.pending_suggestions().unwrap().is_empty());
    assert_eq!(
        session.history().next_undo().unwrap().0.undone_action(),
        "accept suggestion"
    );

    session.apply(Edit::Undo).unwrap();
    assert!(session.open().unwrap().spans.is_empty());
    assert_eq!(session.pending_suggestions().unwrap().len(), 3);
    session.apply(Edit::Redo).unwrap();
    assert_eq!(session.open().unwrap().spans.len(), 3);
}

#[test]
fn a_rejected_suggestion_stays_rejected_through_a_new_run_unless_undone() {
    let mut session = session();
    let first = session.pending_suggestions().unwrap()[0].clone();
    let outcome = session.apply(Edit::RejectSuggestion(first.id)).unwrap();
    assert!(outcome
        .message
        .unwrap()
        .starts_with("Rejected “Taliban” as ACTOR: not suggested again"),);
    assert_eq!(session.pending_suggestions().unwrap().len(), 2);
    let tally = &session.store().suggestion_tallies(Some("ana")).unwrap()[0];
    assert_eq!((tally.rejected, tally.pending), (1, 2));
    assert_eq!(
        session.history().next_undo().unwrap().0.undone_action(),
        "reject suggestion"
    );
    session.apply(Edit::Undo).unwrap();
    assert_eq!(session.pending_suggestions().unwrap().len(), 3);
}

#[test]
fn a_span_tagged_by_hand_hides_the_same_suggestion() {
    let mut session = session();
    let first = session.pending_suggestions().unwrap()[0].clone();
    session
        .apply(Edit::CreateSpan {
            start_char: first.start_char,
            end_char: first.end_char,
            label: first.label_id,
        })
        .unwrap();
    assert!(session
        .pending_suggestions()
        .unwrap()
        .iter()
        .all(|s| s.id != first.id));
    // Accepting it anyway makes no second span.
    session
        .apply(Edit::AcceptSuggestions(vec![first.id]))
        .unwrap();
    assert_eq!(
        session.store().spans_of(first.document_id).unwrap().len(),
        1
    );
}
