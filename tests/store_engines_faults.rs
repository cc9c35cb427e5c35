//! Faults on a server project, at the store: the server stopping or
//! restarting mid-session fails the write in flight with a typed error
//! (nothing of it stays, nothing saved before is lost) and the next use
//! connects again; two windows of one annotator editing one layer lose no
//! update.

mod common;

use common::engines::{fresh_project_on, fresh_server_project};
use common::pg_server::private_server;
use glossator::edit::{Command, History};
use glossator::model::{Attributes, DocumentId, LabelKind, SpanData};
use glossator::store::{NewDocument, Reader, Store, StoreError};

fn document(store: &mut Store, text: &str) -> DocumentId {
    let meta = serde_json::Map::new();
    store
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id: "doc",
                title: "doc",
                text,
                len_chars: text.chars().count(),
                content_hash: "hash",
                meta: &meta,
            })
        })
        .unwrap()
}

fn add_span(store: &mut Store, document: DocumentId, start: usize) -> Result<(), StoreError> {
    let label = store
        .schema()?
        .label_by_name(LabelKind::Span, "EVENT")
        .expect("EVENT")
        .id;
    let command = Command::AddSpan {
        id: None,
        span: SpanData {
            document_id: document,
            start_char: start,
            end_char: start + 1,
            label_id: label,
            attributes: Attributes::new(),
            annotator: "ana".into(),
            note: String::new(),
        },
        relations: vec![],
    };
    History::default()
        .perform(store, &command)
        .map(|_| ())
        .map_err(|err| StoreError::Corrupt(err.to_string()))
}

fn write_span(store: &mut Store, document: DocumentId, start: usize) -> Result<(), StoreError> {
    let label = store
        .schema()?
        .label_by_name(LabelKind::Span, "EVENT")
        .expect("EVENT")
        .id;
    store
        .write(|tx| {
            tx.insert_span(
                None,
                &SpanData {
                    document_id: document,
                    start_char: start,
                    end_char: start + 1,
                    label_id: label,
                    attributes: Attributes::new(),
                    annotator: "ana".into(),
                    note: String::new(),
                },
            )
        })
        .map(|_| ())
}

#[test]
fn a_stopped_server_fails_the_write_with_disconnected_and_the_next_use_reconnects() {
    let server = private_server();
    let mut project = fresh_project_on(&server, "faults_stop");
    let store = &mut project.store;
    let doc = document(store, "abcdefghij");
    write_span(store, doc, 0).unwrap();

    server.stop_immediate();
    let err = write_span(store, doc, 1).unwrap_err();
    assert!(matches!(err, StoreError::Disconnected(_)), "{err:?}");
    assert!(err.to_string().contains("not saved"), "{err}");
    // Still down: still the same typed error, never a panic.
    let err = write_span(store, doc, 2).unwrap_err();
    assert!(matches!(err, StoreError::Disconnected(_)), "{err:?}");

    server.start_again();
    write_span(store, doc, 3).unwrap();
    let starts: Vec<usize> = store
        .spans_of(doc)
        .unwrap()
        .iter()
        .map(|s| s.start_char())
        .collect();
    assert_eq!(
        starts,
        [0, 3],
        "what was saved stays; the failed writes left nothing"
    );
}

/// A restart between two edits (the app idle meanwhile): the next edit
/// connects again by itself and is saved.
#[test]
fn an_edit_after_a_server_restart_is_saved() {
    let server = private_server();
    let mut project = fresh_project_on(&server, "faults_restart");
    let store = &mut project.store;
    let doc = document(store, "abcdefghij");
    add_span(store, doc, 0).unwrap();
    // (PgServer::restart hangs: pg_ctl's restarted server keeps the pipe
    // `output()` reads open; a stop and a start are the same to us.)
    server.stop_immediate();
    server.start_again();
    add_span(store, doc, 1).unwrap();
    assert_eq!(store.spans_of(doc).unwrap().len(), 2);
}

/// The server dies inside a write transaction: the write fails, nothing
/// of it stays, and the store works once the server is back.
#[test]
fn a_server_lost_mid_transaction_leaves_nothing_of_the_write() {
    let server = private_server();
    let mut project = fresh_project_on(&server, "faults_mid");
    let store = &mut project.store;
    let doc = document(store, "abcdefghij");
    let label = store.schema().unwrap().span_labels().next().unwrap().id;
    let span = |start: usize| SpanData {
        document_id: doc,
        start_char: start,
        end_char: start + 1,
        label_id: label,
        attributes: Attributes::new(),
        annotator: "ana".into(),
        note: String::new(),
    };
    let result = store.write(|tx| {
        tx.insert_span(None, &span(0))?;
        server.stop_immediate();
        tx.insert_span(None, &span(1))
    });
    let err = result.unwrap_err();
    assert!(matches!(err, StoreError::Disconnected(_)), "{err:?}");
    server.start_again();
    assert_eq!(store.spans_of(doc).unwrap(), []);
    store.write(|tx| tx.insert_span(None, &span(2))).unwrap();
    assert_eq!(store.spans_of(doc).unwrap().len(), 1);
}

/// Two windows of one annotator add spans to one layer at the same time:
/// every span is stored (the layer row, the annotator row and the spans
/// are written one transaction at a time, never last-writer-wins).
#[test]
fn two_windows_of_one_annotator_lose_no_update() {
    let mut project = fresh_server_project("two_windows");
    let doc = document(&mut project.store, &"x".repeat(400));
    let second = project.open_again();
    let third = project.open_again();
    let first = std::mem::replace(&mut project.store, third);
    let edits_each = 60;
    let windows: Vec<_> = [(first, 0), (second, 1)]
        .into_iter()
        .map(|(mut store, window)| {
            std::thread::spawn(move || {
                for n in 0..edits_each {
                    add_span(&mut store, doc, n * 2 + window).unwrap();
                }
            })
        })
        .collect();
    for window in windows {
        window.join().unwrap();
    }
    let spans = project.store.spans_of(doc).unwrap();
    assert_eq!(spans.len(), 2 * edits_each);
    let summary = &project.store.document_summaries("ana").unwrap()[0];
    assert_eq!(summary.span_count, 2 * edits_each);
}
