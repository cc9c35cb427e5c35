//! The core of the store on both engines (SQLite and PostgreSQL), one set
//! of tests: documents, spans, relations, attributes, notes, statuses, the
//! writes undo and redo make, and a failed write leaving nothing.

mod common;

use common::engines::{fresh_projects, Fresh};
use common::gold_jsonl_line;
use glossator::edit::{Command, History};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{
    Attributes, DocumentId, DocumentStatus, LabelId, LabelKind, RelationData, SpanData, SpanId,
};
use glossator::store::{DocumentQueries, NewDocument, Reader, Store, StoreError};

fn label(store: &Store, kind: LabelKind, name: &str) -> LabelId {
    store
        .schema()
        .unwrap()
        .label_by_name(kind, name)
        .unwrap_or_else(|| panic!("no label {name}"))
        .id
}

fn new_document(store: &mut Store, external_id: &str, text: &str) -> DocumentId {
    let meta = serde_json::Map::from_iter([(
        "source".to_string(),
        serde_json::Value::String("test".into()),
    )]);
    store
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id,
                title: external_id,
                text,
                len_chars: text.chars().count(),
                content_hash: &format!("hash-{external_id}"),
                meta: &meta,
            })
        })
        .unwrap()
}

fn span(document: DocumentId, label: LabelId, start_char: usize, end_char: usize) -> SpanData {
    SpanData {
        document_id: document,
        start_char,
        end_char,
        label_id: label,
        attributes: Attributes::new(),
        annotator: "ana".into(),
        note: String::new(),
    }
}

/// Everything the tests change, read back through the store's reads.
fn contents(store: &Store) -> String {
    let mut out = String::new();
    for id in store.document_ids().unwrap() {
        let document = store.document(id).unwrap().unwrap();
        out += &format!(
            "{} {:?} {:?} {} {:?}\n",
            id, document.external_id, document.title, document.len_chars, document.meta
        );
        for span in store.spans_of(id).unwrap() {
            out += &format!("  {span:?}\n");
        }
        for relation in store.relations_of(id).unwrap() {
            out += &format!("  {relation:?}\n");
        }
        for summary in store.document_summaries("ana").unwrap() {
            if summary.id == id {
                out += &format!("  {:?} {}\n", summary.status, summary.span_count);
            }
        }
    }
    out
}

fn on_each_engine(hint: &str, test: impl Fn(&mut Fresh)) {
    for mut project in fresh_projects(hint) {
        eprintln!("on {:?}", project.engine);
        test(&mut project);
    }
}

#[test]
fn documents_are_stored_read_renamed_found_and_deleted() {
    on_each_engine("documents", |project| {
        let store = &mut project.store;
        let text = "Kabul → Islamabad: «ceasefire» agreed\r\n\tnaïve café 🇦🇫";
        let id = new_document(store, "doc-1", text);
        let other = new_document(store, "doc-2", "Another text");
        assert_eq!(store.document_ids().unwrap(), [id, other]);
        let document = store.document(id).unwrap().unwrap();
        assert_eq!(document.text, text, "text stored exactly as imported");
        assert_eq!(document.len_chars, text.chars().count());
        assert_eq!(document.meta["source"], "test");
        assert_eq!(
            store.document_len_chars(id).unwrap(),
            Some(text.chars().count())
        );
        assert_eq!(store.document_by_hash("hash-doc-2").unwrap(), Some(other));
        assert!(store.external_id_taken("doc-1").unwrap());
        assert!(!store.external_id_taken("doc-3").unwrap());
        assert_eq!(store.documents_containing("CAFÉ").unwrap(), [id]);

        store.write(|tx| tx.rename_document(id, "Renamed")).unwrap();
        assert_eq!(
            store.document_title(id).unwrap().as_deref(),
            Some("Renamed")
        );

        store.write(|tx| tx.delete_document(other)).unwrap();
        assert_eq!(store.document_ids().unwrap(), [id]);
        assert_eq!(store.document(other).unwrap(), None);
        assert_eq!(store.document_title(other).unwrap(), None);
    });
}

#[test]
fn every_span_and_relation_edit_is_stored_and_undone_and_redone() {
    on_each_engine("span_edits", |project| {
        let store = &mut project.store;
        let document = new_document(store, "doc", "Ana met Ben in Kabul on Monday.");
        let event = label(store, LabelKind::Span, "EVENT");
        let actor = label(store, LabelKind::Span, "ACTOR");
        let relation = store.schema().unwrap().relation_labels().next().unwrap().id;
        let before = contents(store);
        let mut history = History::default();

        let mut perform = |store: &mut Store, command: Command| {
            history.perform(store, &command).unwrap();
        };
        perform(
            store,
            Command::AddSpan {
                id: None,
                span: span(document, actor, 0, 3),
                relations: vec![],
            },
        );
        perform(
            store,
            Command::AddSpan {
                id: None,
                span: span(document, event, 4, 7),
                relations: vec![],
            },
        );
        let spans = store.spans_of(document).unwrap();
        assert_eq!(spans.len(), 2);
        let (ana, met) = (spans[0].id, spans[1].id);
        assert_ne!(ana, met);
        perform(
            store,
            Command::MoveSpan {
                id: met,
                start_char: 4,
                end_char: 11,
            },
        );
        perform(
            store,
            Command::SetSpanNote {
                id: ana,
                note: "first «note»".into(),
            },
        );
        let attribute = store
            .schema()
            .unwrap()
            .attributes_of(event)
            .next()
            .map(|a| a.name.clone());
        if let Some(name) = &attribute {
            perform(
                store,
                Command::SetSpanAttribute {
                    id: met,
                    name: name.clone(),
                    value: Some("yes".into()),
                },
            );
        }
        perform(
            store,
            Command::Relabel {
                id: ana,
                label: event,
                attributes: Attributes::new(),
            },
        );
        perform(
            store,
            Command::AddRelation {
                id: None,
                relation: RelationData {
                    document_id: document,
                    from_span: ana,
                    to_span: met,
                    label_id: relation,
                    annotator: "ana".into(),
                    note: String::new(),
                },
                any_labels: true,
            },
        );
        let relations = store.relations_of(document).unwrap();
        assert_eq!(relations.len(), 1);
        let link = relations[0].id;
        assert_eq!(store.relations_touching(met).unwrap().len(), 1);
        assert_eq!(
            store.relation_between(ana, met, relation).unwrap(),
            Some(link)
        );
        perform(
            store,
            Command::SetRelationNote {
                id: link,
                note: "why".into(),
            },
        );
        perform(
            store,
            Command::SetDocumentStatus {
                id: document,
                annotator: "ana".into(),
                status: DocumentStatus::Done,
            },
        );
        // Deleting a span takes its relation with it; undo brings both
        // back under their old ids.
        perform(store, Command::DeleteSpan { id: met });
        assert_eq!(store.relations_of(document).unwrap(), []);
        assert_eq!(store.span(met).unwrap(), None);

        let edited = contents(store);
        let span_of_ana = store.span(ana).unwrap().unwrap();
        assert_eq!(span_of_ana.data.note, "first «note»");
        assert_eq!(span_of_ana.data.label_id, event);
        let summary = &store.document_summaries("ana").unwrap()[0];
        assert_eq!(summary.status, DocumentStatus::Done);

        let mut undone = Vec::new();
        while history.can_undo() {
            history.undo(store).unwrap();
            undone.push(contents(store));
        }
        assert_eq!(
            contents(store),
            before,
            "undoing everything restores the start"
        );
        // The first undo restored the deleted span and its relation.
        let restored = history_state_after_first_undo(&undone);
        assert!(restored.contains(&format!("{}", met.0)));
        while history.can_redo() {
            history.redo(store).unwrap();
        }
        assert_eq!(
            contents(store),
            edited,
            "redoing everything restores the edits"
        );

        // A new span after ids were given back by undo gets a free id.
        let mut history = History::default();
        history
            .perform(
                store,
                &Command::AddSpan {
                    id: None,
                    span: span(document, actor, 24, 30),
                    relations: vec![],
                },
            )
            .unwrap();
        let ids: Vec<SpanId> = store
            .spans_of(document)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids.len(), 2);
        assert_eq!(unique, ids);
    });
}

fn history_state_after_first_undo(undone: &[String]) -> &str {
    undone.first().map(String::as_str).unwrap_or_default()
}

#[test]
fn statuses_and_counts_are_per_layer() {
    on_each_engine("statuses", |project| {
        let store = &mut project.store;
        let first = new_document(store, "a", "one two three");
        let second = new_document(store, "b", "four five six");
        let event = label(store, LabelKind::Span, "EVENT");
        let mut history = History::default();
        for (start, end) in [(0, 3), (4, 7)] {
            history
                .perform(
                    store,
                    &Command::AddSpan {
                        id: None,
                        span: span(first, event, start, end),
                        relations: vec![],
                    },
                )
                .unwrap();
        }
        history
            .perform(
                store,
                &Command::SetDocumentStatus {
                    id: second,
                    annotator: "ana".into(),
                    status: DocumentStatus::InProgress,
                },
            )
            .unwrap();
        let summaries = store.document_summaries("ana").unwrap();
        assert_eq!(summaries[0].span_count, 2);
        assert_eq!(summaries[1].status, DocumentStatus::InProgress);
        let others = store.document_summaries("ben").unwrap();
        assert!(others
            .iter()
            .all(|s| s.status == DocumentStatus::New && s.span_count == 0));
        let weight = store.document_weight(first).unwrap();
        assert_eq!((weight.spans, weight.relations), (2, 0));
        let stats = store.stats().unwrap();
        assert_eq!(stats.documents, 2);
        assert_eq!(stats.spans, 2);
        assert_eq!(stats.annotators, ["ana"]);
        let by_status: Vec<(String, usize)> = stats.documents_by_status.clone();
        assert_eq!(
            by_status,
            [
                ("new".to_string(), 1),
                ("in_progress".to_string(), 1),
                ("done".to_string(), 0)
            ]
        );
    });
}

#[test]
fn a_failed_write_leaves_nothing() {
    on_each_engine("failed_write", |project| {
        let store = &mut project.store;
        let document = new_document(store, "doc", "Some text here");
        let before = contents(store);
        let event = label(store, LabelKind::Span, "EVENT");

        // Work that fails after writing: nothing of it stays.
        let failed: Result<(), StoreError> = store.write(|tx| {
            tx.insert_span(None, &span(document, event, 0, 4))?;
            tx.rename_document(document, "changed")?;
            Err(StoreError::Corrupt("stopped on purpose".into()))
        });
        assert!(failed.is_err());
        assert_eq!(contents(store), before);

        // A statement the database refuses (no such label): the same.
        let refused = store.write(|tx| {
            tx.insert_span(None, &span(document, event, 0, 4))?;
            tx.insert_span(None, &span(document, LabelId(987_654), 5, 9))
        });
        assert!(refused.is_err(), "a span with an unknown label was stored");
        assert_eq!(contents(store), before);

        // And the store goes on working.
        store
            .write(|tx| tx.insert_span(None, &span(document, event, 0, 4)))
            .unwrap();
        assert_eq!(store.spans_of(document).unwrap().len(), 1);
    });
}

#[test]
fn the_gold_sample_imports_and_reads_back_the_same_on_both_engines() {
    let mut read_back = Vec::new();
    for mut project in fresh_projects("gold") {
        let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
        import_documents(&mut project.store, parsed).unwrap();
        let snapshot = project.store.snapshot().unwrap();
        let text = contents(&project.store);
        drop(snapshot);
        read_back.push(text);
    }
    assert!(read_back[0].contains("Span"), "{}", read_back[0]);
    assert_eq!(read_back[0], read_back[1]);
}

/// An import keeps its file's ids when they are free; the ids given after
/// it follow them on both engines (SQLite's AUTOINCREMENT; the server's
/// sequence moved past them), and an undone delete's id is never reused.
#[test]
fn ids_given_after_explicit_ids_follow_them_and_are_never_reused() {
    on_each_engine("explicit_ids", |project| {
        let store = &mut project.store;
        let document = new_document(store, "doc", "one two three four");
        let event = label(store, LabelKind::Span, "EVENT");
        let kept = store
            .write(|tx| tx.insert_span(Some(SpanId(1000)), &span(document, event, 0, 3)))
            .unwrap();
        assert_eq!(kept, SpanId(1000));
        let next = store
            .write(|tx| tx.insert_span(None, &span(document, event, 4, 7)))
            .unwrap();
        assert_eq!(next, SpanId(1001), "on {:?}", project.engine);
        store.write(|tx| tx.delete_span(next)).unwrap();
        let after_delete = store
            .write(|tx| tx.insert_span(None, &span(document, event, 8, 13)))
            .unwrap();
        assert_eq!(after_delete, SpanId(1002), "on {:?}", project.engine);
    });
}
