//! The store and the edit path: migration, validation, undo/redo of every command.

mod common;

use std::path::Path;

use common::*;
use glossator::edit::{apply, Command, EditError, History};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{
    Attributes, DocumentId, DocumentStatus, LabelKind, RelationData, SpanData, SpanId,
};
use glossator::store::{OpenMode, Reader, Store, StoreError, CURRENT_SCHEMA_VERSION};

/// An in-memory project holding the gold sample.
fn gold_store() -> (Store, DocumentId) {
    let mut store = Store::in_memory().unwrap();
    let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
    import_documents(&mut store, parsed).unwrap();
    let id = store.document_ids().unwrap()[0];
    (store, id)
}

fn label(store: &Store, kind: LabelKind, name: &str) -> glossator::model::LabelId {
    store
        .schema()
        .unwrap()
        .label_by_name(kind, name)
        .unwrap()
        .id
}

/// The span covering exactly start..end.
fn span_at(store: &Store, document: DocumentId, start: usize, end: usize) -> SpanId {
    store
        .spans_of(document)
        .unwrap()
        .into_iter()
        .find(|s| s.start_char() == start && s.end_char() == end)
        .unwrap()
        .id
}

#[test]
fn a_new_file_is_migrated_to_the_current_version_with_the_default_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/new.sqlite");
    let (store, created) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    assert!(created);
    let names: Vec<String> = store
        .schema()
        .unwrap()
        .span_labels()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(names, ["EVENT", "ACTOR", "CLAIM"]);
    drop(store);
    let (_, created_again) = Store::open(&path, OpenMode::Existing).unwrap();
    assert!(!created_again);
}

/// tests/fixtures/project-v1.sqlite was written by the version-1 build (the
/// two gold documents). Opening it upgrades it to the current version after
/// keeping a copy as it was; every span and relation is kept (each now in a
/// layer) and the copy is unchanged.
#[test]
fn a_version_1_file_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project-v1.sqlite"),
        &path,
    )
    .unwrap();
    let version = |path: &Path| -> i64 {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap()
    };
    // The annotations as rows, read with SQLite itself (no Glossator reads a
    // version-1 file as it is since layers).
    let rows = |path: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut statement = conn
            .prepare(
                "SELECT 's' || document_id || ':' || start_char || '-' || end_char || ':' || label_id || ':' || note FROM spans
                 UNION ALL
                 SELECT 'r' || from_span_id || '-' || to_span_id || ':' || label_id FROM relations
                 ORDER BY 1",
            )
            .unwrap();
        let rows = statement.query_map([], |row| row.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(version(&path), 1);
    let before = rows(&path);
    assert!(!before.is_empty());
    // A read-only open cannot upgrade, and says how to.
    let Err(err) = Store::open_read_only(&path, "test") else {
        panic!("a version-1 file opened read-only as it is")
    };
    assert!(err.to_string().contains("glossator upgrade"), "{err}");
    assert_eq!(version(&path), 1);

    let (store, created) = Store::open(&path, OpenMode::Existing).unwrap();
    assert!(!created);
    assert!(store.check_integrity().unwrap().is_empty());
    drop(store);
    assert_eq!(version(&path), CURRENT_SCHEMA_VERSION);
    assert_eq!(rows(&path), before, "migration kept every annotation");

    let backup = dir.path().join("old.v1-backup.sqlite");
    assert_eq!(version(&backup), 1, "the backup is the file as it was");
    assert_eq!(rows(&backup), before);

    // Opening again neither migrates nor backs up again.
    drop(Store::open(&path, OpenMode::Existing).unwrap());
    assert!(!dir.path().join("old.v1-backup-2.sqlite").exists());
}

#[test]
fn a_newer_file_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    drop(Store::open(&path, OpenMode::CreateIfMissing).unwrap());
    glossator::store::testing::set_schema_version(&path, CURRENT_SCHEMA_VERSION + 1).unwrap();
    let before = std::fs::read(&path).unwrap();
    let Err(err) = Store::open(&path, OpenMode::Existing) else {
        panic!("a newer file opened")
    };
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                file_version,
                supported: CURRENT_SCHEMA_VERSION,
                ..
            } if file_version == CURRENT_SCHEMA_VERSION + 1
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_default_project_is_seeded_once_and_never_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("default.sqlite");
    let store = glossator::project::open_for_app(&path, true).unwrap();
    let documents = store.document_summaries("unknown").unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].title, "Afghanistan and Pakistan cease-fire");
    let text = store.document(documents[0].id).unwrap().unwrap().text;
    assert_eq!(
        text.as_bytes(),
        std::fs::read(sample("afghanistan-pakistan-ceasefire.txt")).unwrap()
    );
    let mut store = store;
    store
        .write(|tx| tx.delete_document(documents[0].id))
        .unwrap();
    drop(store);
    let store = glossator::project::open_for_app(&path, true).unwrap();
    assert!(store.document_summaries("unknown").unwrap().is_empty());
    // A project named on the command line starts empty.
    let other = glossator::project::open_for_app(&dir.path().join("mine.sqlite"), false).unwrap();
    assert!(other.document_summaries("unknown").unwrap().is_empty());
}

/// Every kind of command, applied then undone, leaves the project as before;
/// redone, as after.
#[test]
fn undo_and_redo_of_every_command_kind_restore_the_same_state() {
    let (mut store, document) = gold_store();
    let actor = label(&store, LabelKind::Span, "ACTOR");
    let claim = label(&store, LabelKind::Span, "CLAIM");
    let agent = label(&store, LabelKind::Relation, "agent");
    let cease_fire = span_at(&store, document, 2, 12);
    let afghanistan = span_at(&store, document, 26, 37);
    let claim_span = span_at(&store, document, 2243, 2276);
    let some_relation = store.relations_of(document).unwrap()[0].id;

    let commands = vec![
        Command::AddSpan {
            id: None,
            span: SpanData {
                document_id: document,
                start_char: 60,
                end_char: 66,
                label_id: actor,
                attributes: Attributes::from([("type".into(), "Person".into())]),
                annotator: "ana".into(),
                note: "who?".into(),
            },
            relations: vec![],
        },
        // Deleting a span with relations: undo must bring them back too.
        Command::DeleteSpan { id: cease_fire },
        Command::DeleteSpan { id: claim_span },
        Command::Relabel {
            id: afghanistan,
            label: claim,
            attributes: Attributes::new(),
        },
        Command::SetSpanAttribute {
            id: afghanistan,
            name: "type".into(),
            value: Some("Government".into()),
        },
        Command::SetSpanAttribute {
            id: afghanistan,
            name: "type".into(),
            value: None,
        },
        Command::SetSpanNote {
            id: afghanistan,
            note: "check".into(),
        },
        Command::AddRelation {
            id: None,
            relation: RelationData {
                document_id: document,
                from_span: cease_fire,
                to_span: afghanistan,
                label_id: agent,
                // The spans were imported without a name: `unknown`'s layer.
                annotator: "unknown".into(),
                note: String::new(),
            },
            any_labels: true,
        },
        Command::DeleteRelation { id: some_relation },
        Command::RetypeRelation {
            id: some_relation,
            label: agent,
        },
        Command::SetRelationNote {
            id: some_relation,
            note: "unsure".into(),
        },
        Command::SetDocumentStatus {
            id: document,
            annotator: "ana".into(),
            status: DocumentStatus::Done,
        },
        Command::Batch(vec![
            Command::SetDocumentStatus {
                id: document,
                annotator: "ana".into(),
                status: DocumentStatus::InProgress,
            },
            Command::DeleteSpan { id: afghanistan },
        ]),
    ];
    for command in commands {
        let before = snapshot(&store);
        let mut history = History::default();
        history
            .perform(&mut store, &command)
            .unwrap_or_else(|e| panic!("{command:?}: {e}"));
        let after = snapshot(&store);
        assert_ne!(before, after, "{command:?} changed nothing");
        history.undo(&mut store).unwrap().unwrap();
        assert_eq!(snapshot(&store), before, "undo of {command:?}");
        history.redo(&mut store).unwrap().unwrap();
        assert_eq!(snapshot(&store), after, "redo of {command:?}");
        history.undo(&mut store).unwrap().unwrap();
        assert_eq!(snapshot(&store), before, "second undo of {command:?}");
    }
}

#[test]
fn a_long_history_undoes_back_to_the_start() {
    let (mut store, document) = gold_store();
    let start = snapshot(&store);
    let event = label(&store, LabelKind::Span, "EVENT");
    let mut history = History::default();
    let spans = store.spans_of(document).unwrap();
    for span in spans.iter().take(10) {
        history
            .perform(&mut store, &Command::DeleteSpan { id: span.id })
            .unwrap();
    }
    for offset in 0..20 {
        let add = Command::AddSpan {
            id: None,
            span: SpanData {
                document_id: document,
                start_char: offset,
                end_char: offset + 3,
                label_id: event,
                attributes: Attributes::new(),
                annotator: "unknown".into(),
                note: String::new(),
            },
            relations: vec![],
        };
        let created = history
            .perform(&mut store, &add)
            .unwrap()
            .created_span()
            .unwrap();
        history
            .perform(
                &mut store,
                &Command::Relabel {
                    id: created,
                    label: event,
                    attributes: Attributes::from([("realis".into(), "planned".into())]),
                },
            )
            .unwrap();
    }
    let end = snapshot(&store);
    while history.can_undo() {
        history.undo(&mut store).unwrap();
    }
    assert_eq!(snapshot(&store), start);
    while history.can_redo() {
        history.redo(&mut store).unwrap();
    }
    assert_eq!(snapshot(&store), end);
}

#[test]
fn invalid_edits_are_refused_and_change_nothing() {
    let (mut store, document) = gold_store();
    let before = snapshot(&store);
    let actor = label(&store, LabelKind::Span, "ACTOR");
    let agent = label(&store, LabelKind::Relation, "agent");
    let len = store.document_len_chars(document).unwrap().unwrap();
    let span = |start: usize, end: usize, label_id| Command::AddSpan {
        id: None,
        span: SpanData {
            document_id: document,
            start_char: start,
            end_char: end,
            label_id,
            attributes: Attributes::new(),
            annotator: "unknown".into(),
            note: String::new(),
        },
        relations: vec![],
    };
    let cases: Vec<(Command, &str)> = vec![
        (span(5, 5, actor), "start 5 is not before end 5"),
        (span(len - 1, len + 1, actor), "is past the end of the text"),
        (
            span(0, 3, agent),
            "label \"agent\" is a relation label; a span label is needed here",
        ),
        (
            Command::DeleteSpan {
                id: SpanId(999_999),
            },
            "span 999999 does not exist",
        ),
        (
            Command::Batch(vec![
                Command::SetDocumentStatus {
                    id: document,
                    annotator: "ana".into(),
                    status: DocumentStatus::Done,
                },
                Command::DeleteSpan {
                    id: SpanId(999_999),
                },
            ]),
            "span 999999 does not exist",
        ),
    ];
    for (command, expected) in cases {
        let err: EditError = apply(&mut store, &command).unwrap_err();
        assert!(err.to_string().contains(expected), "{err} for {command:?}");
        assert_eq!(snapshot(&store), before, "{command:?} left changes");
    }
}

#[test]
fn a_relation_may_not_join_spans_of_two_documents() {
    let mut store = Store::in_memory().unwrap();
    let two = format!("{}\n{}", gold_jsonl_line(), torture_jsonl_line());
    import_documents(
        &mut store,
        parse_jsonl(std::path::Path::new("two.jsonl"), &two).unwrap(),
    )
    .unwrap();
    let ids = store.document_ids().unwrap();
    let first = store.spans_of(ids[0]).unwrap()[0].id;
    let second = store.spans_of(ids[1]).unwrap()[0].id;
    let agent = label(&store, LabelKind::Relation, "agent");
    let err = apply(
        &mut store,
        &Command::AddRelation {
            id: None,
            relation: RelationData {
                document_id: ids[0],
                from_span: first,
                to_span: second,
                label_id: agent,
                annotator: "unknown".into(),
                note: String::new(),
            },
            any_labels: true,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, EditError::RelationAcrossDocuments(id) if id == second),
        "{err}"
    );
}

#[test]
fn relation_types_join_only_the_labels_their_rules_allow_unless_overridden() {
    let (mut store, document) = gold_store();
    let agent = label(&store, LabelKind::Relation, "agent");
    let cease_fire = span_at(&store, document, 2, 12); // EVENT
    let afghanistan = span_at(&store, document, 26, 37); // ACTOR
    let add = |from, to, any_labels| Command::AddRelation {
        id: None,
        relation: RelationData {
            document_id: document,
            from_span: from,
            to_span: to,
            label_id: agent,
            annotator: "unknown".into(),
            note: String::new(),
        },
        any_labels,
    };
    apply(&mut store, &add(cease_fire, afghanistan, false)).unwrap();
    let before = snapshot(&store);
    let err = apply(&mut store, &add(afghanistan, cease_fire, false)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a \"agent\" relation may not join \"ACTOR\" to \"EVENT\" (the schema's rules); choose another type or override"
    );
    assert_eq!(snapshot(&store), before);
    apply(&mut store, &add(afghanistan, cease_fire, true)).unwrap();
}

#[test]
fn schema_edits_rename_relabel_on_removal_and_refuse_removing_a_used_label() {
    use glossator::store::SchemaQueries;
    let (mut store, document) = gold_store();
    let actor = label(&store, LabelKind::Span, "ACTOR");
    let claim = label(&store, LabelKind::Span, "CLAIM");
    store.write(|tx| tx.rename_label(actor, "PARTY")).unwrap();
    let names: Vec<String> = store
        .spans_of(document)
        .unwrap()
        .iter()
        .map(|s| store.schema().unwrap().label_name(s.label_id()).to_string())
        .collect();
    assert_eq!(names.iter().filter(|n| *n == "PARTY").count(), 12);
    assert_eq!(store.label_usage(claim).unwrap().spans, 7);
    let refused = store.write(|tx| tx.remove_label(claim, None)).unwrap_err();
    assert!(refused.to_string().contains("used by 7 spans"), "{refused}");
    store
        .write(|tx| tx.remove_label(claim, Some(actor)))
        .unwrap();
    assert_eq!(store.label_usage(actor).unwrap().spans, 19);
    assert!(store
        .schema()
        .unwrap()
        .label_by_name(LabelKind::Span, "CLAIM")
        .is_none());
    // Relations whose rules named CLAIM are still there, now from PARTY spans.
    assert_eq!(store.relations_of(document).unwrap().len(), 13);
}

/// After every edit, undo and redo the session updates only what the edit
/// touched; the result must equal a full re-read from the store.
#[test]
fn in_place_updates_after_edits_match_a_full_reload() {
    use glossator::bench_corpus::Random;
    use glossator::edit::Command;
    let mut store = Store::in_memory().unwrap();
    import_documents(
        &mut store,
        parse_jsonl(Path::new("g.jsonl"), &gold_jsonl_line()).unwrap(),
    )
    .unwrap();
    let mut session = glossator::session::Session::new(store).unwrap();
    let id = session.documents()[0].id;
    session.open_document(id).unwrap();
    let labels: Vec<_> = session.schema().span_labels().map(|l| l.id).collect();
    let relation_labels: Vec<_> = session.schema().relation_labels().map(|l| l.id).collect();
    let mut random = Random::new(3);
    for step in 0..400 {
        let open = session.open().unwrap();
        let len = open.chars.len();
        let spans: Vec<_> = open.spans.iter().map(|s| s.id).collect();
        let pick = |random: &mut Random| spans[random.below(spans.len())];
        let _ = match random.below(8) {
            0 | 1 => {
                let start = random.below(len - 5);
                session
                    .create_span(
                        start,
                        start + 1 + random.below(4),
                        labels[random.below(labels.len())],
                    )
                    .map(drop)
            }
            2 => session
                .relabel_span(pick(&mut random), labels[random.below(labels.len())])
                .map(drop),
            3 => session
                .perform(Command::DeleteSpan {
                    id: pick(&mut random),
                })
                .map(drop),
            4 => {
                let (from, to) = (pick(&mut random), pick(&mut random));
                session
                    .create_relation(
                        from,
                        to,
                        relation_labels[random.below(relation_labels.len())],
                        true,
                    )
                    .map(drop)
            }
            5 | 6 => session.undo().map(drop),
            _ => session.redo().map(drop),
        };
        let open = session.open().unwrap();
        let stored_spans = session.store().spans_of(id).unwrap();
        let stored_relations = session.store().relations_of(id).unwrap();
        assert_eq!(open.spans, stored_spans, "spans after step {step}");
        assert_eq!(
            open.relations, stored_relations,
            "relations after step {step}"
        );
    }
}
