//! Issue 16, the editing semantics of an annotator's day: duplicate relations,
//! relabelling, removing labels, notes, saving a copy and the WAL checkpoint.

mod common;

use common::*;
use glossator::edit::{apply, Command, EditError};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::model::{DocumentId, RelationData};
use glossator::session::schema::{SchemaChange, SchemaError};
use glossator::session::{Edit, Session};
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

/// The gold span "cease-fire": EVENT, type=Ceasefire, realis=actual, the
/// `from` of two participant relations (EVENT › ACTOR).
fn ceasefire(session: &Session) -> glossator::model::Span {
    let open = session.open().unwrap();
    open.spans
        .iter()
        .find(|s| s.start_char() == 2 && s.end_char() == 12)
        .unwrap()
        .clone()
}

fn span_label(session: &Session, name: &str) -> glossator::model::LabelId {
    session
        .schema()
        .label_by_name(glossator::model::LabelKind::Span, name)
        .unwrap()
        .id
}

/// Bug 9: EVENT→ACTOR kept `type=Ceasefire` (shown `ACTOR·Ceasefire`) and
/// `realis`, and kept relations the rules forbid without a word.
#[test]
fn relabel_sets_the_new_labels_defaults_and_reports_relations_off_schema() {
    let mut session = gold_session();
    let before = ceasefire(&session);
    let actor = span_label(&session, "ACTOR");
    let outcome = session
        .apply(Edit::RelabelSpan {
            span: before.id,
            label: actor,
        })
        .unwrap();
    let after = ceasefire(&session);
    assert_eq!(after.label_id(), actor);
    let expected: glossator::model::Attributes = [("type".to_string(), "State".to_string())]
        .into_iter()
        .collect();
    assert_eq!(after.data.attributes, expected);
    // Both participant relations now join ACTOR › ACTOR: kept, and said.
    let off_schema = session.relations_off_schema(before.id);
    assert_eq!(off_schema.len(), 2, "{off_schema:?}");
    let message = outcome.message.unwrap();
    assert!(
        message.contains("2 relations the schema no longer allows: kept"),
        "{message}"
    );
    assert_eq!(
        session.store().relations_touching(before.id).unwrap().len(),
        2
    );

    // Undo restores the old label and values.
    session.undo().unwrap().unwrap();
    assert_eq!(ceasefire(&session).data, before.data);
    assert!(session.relations_off_schema(before.id).is_empty());

    // Deleting them is one step, undone as one.
    session.redo().unwrap().unwrap();
    session.apply(Edit::DeleteRelations(off_schema)).unwrap();
    assert!(session
        .store()
        .relations_touching(before.id)
        .unwrap()
        .is_empty());
    session.undo().unwrap().unwrap();
    assert_eq!(
        session.store().relations_touching(before.id).unwrap().len(),
        2
    );
}

/// A value the new label also offers under the same name is kept.
#[test]
fn relabel_keeps_a_value_the_new_label_offers() {
    let mut session = gold_session();
    let span = ceasefire(&session).id;
    session
        .apply(Edit::SetSpanAttribute {
            span,
            name: "type".into(),
            value: Some("Other".into()),
        })
        .unwrap();
    let actor = span_label(&session, "ACTOR");
    session.relabel_span(span, actor).unwrap();
    assert_eq!(ceasefire(&session).data.attributes["type"], "Other");
}

/// Bug 9: `glossator check` said ok of a project whose annotations the
/// schema does not allow.
#[test]
fn check_reports_attribute_values_and_relations_that_contradict_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    {
        let (mut store, _) =
            Store::open(&path, glossator::store::OpenMode::CreateIfMissing).unwrap();
        let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
        import_documents(&mut store, parsed).unwrap();
        assert_eq!(store.schema_contradictions().unwrap(), Vec::<String>::new());
    }
    ok(glossator(&[&"check", &path]));
    {
        let (store, _) = Store::open(&path, glossator::store::OpenMode::Existing).unwrap();
        let mut session = Session::new(store).unwrap();
        let document = session.documents()[0].id;
        session.open_document(document).unwrap();
        let span = ceasefire(&session).id;
        // A hand-set value outside the new label's (a dev tool, an old build).
        session
            .perform(Command::Relabel {
                id: span,
                label: span_label(&session, "ACTOR"),
                attributes: [("realis".to_string(), "actual".to_string())]
                    .into_iter()
                    .collect(),
            })
            .unwrap();
    }
    // Listed; the file is sound, so only --strict fails on them.
    let listed = ok(glossator(&[&"check", &path]));
    assert!(
        listed
            .contains("ok (the file is sound); 3 annotation(s) above contradict the label schema"),
        "{listed}"
    );
    fails_with(
        glossator(&[&"check", &"--strict", &path]),
        "the file is sound, but 3 annotation(s) contradict the label schema",
    );
    assert!(
        listed.contains(r#"(ACTOR): realis="actual", but ACTOR has no attribute "realis""#),
        "{listed}"
    );
    assert!(
        listed.contains(r#"the schema does not allow "participant" from ACTOR to ACTOR"#),
        "{listed}"
    );
}

fn relation_type(session: &Session, name: &str) -> glossator::model::LabelId {
    session
        .schema()
        .label_by_name(glossator::model::LabelKind::Relation, name)
        .unwrap()
        .id
}

/// Bug 10: removing EVENT "relabel as CLAIM" left EVENT's `type` and
/// `realis` on the spans (hidden, but exported), and deleted every rule that
/// named EVENT, so `agent` (EVENT › ACTOR only) joined anything.
#[test]
fn removing_a_label_as_another_maps_attributes_and_rewrites_rules() {
    let mut session = gold_session();
    let (event, claim) = (span_label(&session, "EVENT"), span_label(&session, "CLAIM"));
    let agent = relation_type(&session, "agent");
    let relations_before = session
        .store()
        .relations_of(session.open_id().unwrap())
        .unwrap();
    session
        .change_schema_by(SchemaChange::Remove(event, Some(claim)))
        .unwrap();
    let span = ceasefire(&session);
    assert_eq!(span.label_id(), claim);
    let expected: glossator::model::Attributes = [("stance".to_string(), "asserted".to_string())]
        .into_iter()
        .collect();
    assert_eq!(span.data.attributes, expected);

    let schema = session.schema();
    let actor = span_label(&session, "ACTOR");
    assert!(schema.relation_fits(agent, claim, actor));
    assert!(
        !schema.relation_fits(agent, actor, actor),
        "agent joins anything now"
    );
    // about: CLAIM › EVENT became CLAIM › CLAIM.
    assert!(schema.relation_fits(relation_type(&session, "about"), claim, claim));
    let relations_after = session
        .store()
        .relations_of(session.open_id().unwrap())
        .unwrap();
    assert_eq!(relations_after.len(), relations_before.len());
    assert_eq!(
        session.store().schema_contradictions().unwrap(),
        Vec::<String>::new()
    );
}

/// Merging one relation type into another with rules keeps what the first
/// allowed; merging into a type without rules leaves it joining anything.
#[test]
fn removing_a_relation_type_as_another_keeps_its_pairs() {
    let mut session = gold_session();
    let (about, source) = (
        relation_type(&session, "about"),
        relation_type(&session, "source"),
    );
    session
        .change_schema_by(SchemaChange::Remove(about, Some(source)))
        .unwrap();
    let (claim, event, actor) = (
        span_label(&session, "CLAIM"),
        span_label(&session, "EVENT"),
        span_label(&session, "ACTOR"),
    );
    let schema = session.schema();
    assert!(schema.relation_fits(source, claim, event));
    assert!(schema.relation_fits(source, claim, actor));
    assert!(!schema.relation_fits(source, actor, actor));
    assert_eq!(
        session.store().schema_contradictions().unwrap(),
        Vec::<String>::new()
    );
}

/// Removing an unused label that a relation type's every rule names would
/// leave that type without rules, joining anything: refused, saying which.
#[test]
fn removing_the_only_label_a_relation_type_allows_is_refused() {
    let mut session = gold_session();
    session
        .change_schema_by(SchemaChange::Add(glossator::model::LabelKind::Span))
        .unwrap();
    session
        .change_schema_by(SchemaChange::Add(glossator::model::LabelKind::Relation))
        .unwrap();
    let (new_label, new_type) = (
        span_label(&session, "LABEL1"),
        relation_type(&session, "relation1"),
    );
    let actor = span_label(&session, "ACTOR");
    session
        .change_schema_by(SchemaChange::AddRule(new_type, new_label, actor))
        .unwrap();
    let before = session.schema().clone();
    let refused = session
        .change_schema_by(SchemaChange::Remove(new_label, None))
        .unwrap_err();
    assert!(
        matches!(refused, SchemaError::OnlyRulesName { .. }),
        "{refused:?}"
    );
    assert_eq!(
        refused.to_string(),
        "\"relation1\" may only join LABEL1 spans; without LABEL1 it would join anything. Change its pairs or remove it first, or move LABEL1's annotations to another label"
    );
    assert_eq!(session.schema(), &before);
    // Once the type is gone, the label goes too.
    session
        .change_schema_by(SchemaChange::Remove(new_type, None))
        .unwrap();
    session
        .change_schema_by(SchemaChange::Remove(new_label, None))
        .unwrap();
}

/// A copy replacing a project takes that project's log of recent commits
/// away with it: SQLite would replay an old `-wal` into the new file.
#[test]
fn a_copy_replacing_a_project_removes_its_old_log() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = gold_store();
    let other = dir.path().join("other.sqlite");
    let wal = dir.path().join("other.sqlite-wal");
    // A real log of the other database, as a crash leaves it.
    let kept_log = {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(100000));",
        )
        .unwrap();
        std::fs::read(&wal).unwrap()
    };
    std::fs::write(&wal, kept_log).unwrap();
    store.save_copy(&other).unwrap();
    assert!(!wal.exists());
    let copy = Store::open_read_only(&other, "test").unwrap();
    assert_eq!(copy.document_ids().unwrap().len(), 1);
    assert!(copy.check_integrity().unwrap().is_empty());
}

/// The spans a copy of just the `.sqlite` file (no `-wal`) holds.
fn spans_in_the_file_alone(project: &std::path::Path, dir: &std::path::Path) -> usize {
    let alone = dir.join("alone.sqlite");
    std::fs::copy(project, &alone).unwrap();
    let store = Store::open_read_only(&alone, "test").unwrap();
    let count = store
        .document_ids()
        .unwrap()
        .iter()
        .map(|&d| store.spans_of(d).unwrap().len())
        .sum();
    drop(store);
    std::fs::remove_file(&alone).unwrap();
    count
}

/// Bug 20: while the app ran, the `.sqlite` held 4 KB and every edit sat in
/// the `-wal`; a user who copied just the file copied an empty project.
#[test]
fn after_a_pause_the_project_file_alone_holds_every_edit() {
    use glossator::session::{IdleCheckpoint, IDLE_BEFORE_CHECKPOINT};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    let (mut store, _) = Store::open(&path, glossator::store::OpenMode::CreateIfMissing).unwrap();
    let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
    import_documents(&mut store, parsed).unwrap();
    let mut session = Session::new(store).unwrap();
    let document = session.documents()[0].id;
    session.open_document(document).unwrap();
    let mut idle = IdleCheckpoint::default();
    let start = std::time::Instant::now();
    assert_eq!(
        idle.tick(&session, start).unwrap(),
        None,
        "nothing changed yet"
    );
    let gold_spans = session.open().unwrap().spans.len();
    session
        .create_span(0, 1, span_label(&session, "ACTOR"))
        .unwrap();
    assert!(spans_in_the_file_alone(&path, dir.path()) < gold_spans + 1);

    // Still editing: not yet.
    let wait = idle.tick(&session, start).unwrap().unwrap();
    assert!(wait <= IDLE_BEFORE_CHECKPOINT);
    assert!(idle
        .tick(&session, start + IDLE_BEFORE_CHECKPOINT / 2)
        .unwrap()
        .is_some());
    assert!(spans_in_the_file_alone(&path, dir.path()) < gold_spans + 1);
    // A pause: the file takes in the log.
    assert_eq!(
        idle.tick(&session, start + IDLE_BEFORE_CHECKPOINT).unwrap(),
        None
    );
    assert_eq!(spans_in_the_file_alone(&path, dir.path()), gold_spans + 1);
}
