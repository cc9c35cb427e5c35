//! Schema v3 (layers): the upgrade from version-2 files written by the
//! version-2 build (tests/data/handmade/layers/, made from the .jsonl beside
//! them), and the shape of the new tables.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use glossator::model::DocumentStatus;
use glossator::store::{LayerReads, OpenMode, Reader, Store, CURRENT_SCHEMA_VERSION};

/// A copy of a version-2 fixture in `dir`.
fn v2_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(data_dir().join("handmade/layers").join(name), &path).unwrap();
    path
}

fn version(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

/// (document external id, annotator, status) of every layer.
fn layers(store: &Store) -> Vec<(String, String, DocumentStatus)> {
    let mut all = Vec::new();
    for id in store.document_ids().unwrap() {
        let document = store.document(id).unwrap().unwrap();
        for layer in store.layers_of(id).unwrap() {
            all.push((document.external_id.clone(), layer.annotator, layer.status));
        }
    }
    all
}

/// (text, annotator) of every span, in project order.
fn span_owners(store: &Store) -> Vec<(usize, usize, String)> {
    let mut all = Vec::new();
    for id in store.document_ids().unwrap() {
        for span in store.spans_of(id).unwrap() {
            all.push((span.start_char(), span.end_char(), span.data.annotator));
        }
    }
    all
}

#[test]
fn a_project_with_one_annotator_moves_everything_into_their_layers() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2_copy(dir.path(), "v2-one.sqlite");
    assert_eq!(version(&path), 2);
    let (store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(version(&path), CURRENT_SCHEMA_VERSION);
    assert!(store.check_integrity().unwrap().is_empty());
    use DocumentStatus::*;
    assert_eq!(
        layers(&store),
        [
            ("d1".into(), "ana".into(), Done),
            ("d2".into(), "ana".into(), InProgress),
        ],
        "the new document d3 gets no layer"
    );
    assert_eq!(
        span_owners(&store),
        [
            (0, 15, "ana".into()),
            (25, 29, "ana".into()),
            (0, 9, "ana".into())
        ]
    );
    let d1 = store.document_ids().unwrap()[0];
    let relations = store.relations_of(d1).unwrap();
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].data.annotator, "ana");
    assert_eq!(relations[0].data.note, "where");
    let spans = store.spans_of(d1).unwrap();
    assert_eq!(spans[0].data.note, "main event");
    assert_eq!(spans[0].data.attributes["type"], "Meeting");
    // The file as it was is kept beside it, still version 2.
    let backup = dir.path().join("v2-one.v2-backup.sqlite");
    assert_eq!(version(&backup), 2);
}

#[test]
fn unattributed_work_goes_to_the_preferences_name_else_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let named = v2_copy(dir.path(), "v2-none.sqlite");
    let (store, _) = Store::open_as(&named, OpenMode::Existing, Some("pia")).unwrap();
    assert_eq!(
        layers(&store),
        [("e1".into(), "pia".into(), DocumentStatus::InProgress)]
    );
    assert!(span_owners(&store).iter().all(|(_, _, a)| a == "pia"));
    let e1 = store.document_ids().unwrap()[0];
    assert_eq!(store.relations_of(e1).unwrap()[0].data.annotator, "pia");
    drop(store);

    let other = tempfile::tempdir().unwrap();
    let anonymous = v2_copy(other.path(), "v2-none.sqlite");
    let (store, _) = Store::open(&anonymous, OpenMode::Existing).unwrap();
    assert_eq!(
        layers(&store),
        [("e1".into(), "unknown".into(), DocumentStatus::InProgress)]
    );
}

#[test]
fn with_several_annotators_each_keeps_theirs_and_the_status_goes_to_every_layer() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2_copy(dir.path(), "v2-two.sqlite");
    // Two annotators: the preferences' name takes the unattributed span.
    let (store, _) = Store::open_as(&path, OpenMode::Existing, Some("cy")).unwrap();
    assert_eq!(
        span_owners(&store),
        [
            (0, 6, "ana".into()),
            (7, 15, "ben".into()),
            (16, 24, "cy".into())
        ]
    );
    use DocumentStatus::Done;
    assert_eq!(
        layers(&store),
        [
            ("t1".into(), "ana".into(), Done),
            ("t1".into(), "ben".into(), Done),
            ("t1".into(), "cy".into(), Done),
        ]
    );
    assert_eq!(store.layer_names().unwrap(), ["ana", "ben", "cy"]);
}

#[test]
fn a_read_only_open_of_a_version_2_file_says_how_to_upgrade_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2_copy(dir.path(), "v2-one.sqlite");
    let before = std::fs::read(&path).unwrap();
    let Err(err) = Store::open_read_only(&path, "test") else {
        panic!("opened as it is")
    };
    assert!(err.to_string().contains("glossator upgrade"), "{err}");
    fails_with(glossator(&[&"export", &path]), "glossator upgrade");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_layer_tables_are_plain_and_per_layer_reads_use_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2_copy(dir.path(), "v2-two.sqlite");
    drop(Store::open(&path, OpenMode::Existing).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    // What a user types in the sqlite3 shell.
    let rows: Vec<(String, String, i64)> = conn
        .prepare(
            "SELECT a.name, l.status, l.revision FROM layers l
             JOIN annotators a ON a.id = l.annotator_id ORDER BY a.name",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|(_, status, _)| status == "done"));
    let times: i64 = conn
        .query_row(
            "SELECT MIN(MIN(created_at), MIN(updated_at)) FROM spans",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(
        times > 1_700_000_000_000,
        "times are UTC milliseconds: {times}"
    );
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT * FROM spans
             WHERE document_id = 1 AND annotator_id = 2 ORDER BY start_char, end_char",
        )
        .unwrap()
        .query_map([], |row| row.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        plan.iter().any(|step| step.contains("spans_by_layer")),
        "{plan:?}"
    );
    // Foreign keys hold: every span's layer exists.
    let broken: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn gold_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.txt", "Some text.");
    let project = dir.path().join("p.sqlite");
    fails_with(
        glossator(&[&"import", &project, &input, &"--annotator", &"gold"]),
        "reserved for the curated layer",
    );
    assert!(!project.exists());
}

#[test]
fn glossator_upgrade_upgrades_with_the_named_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let path = v2_copy(dir.path(), "v2-none.sqlite");
    let out = ok(glossator(&[&"upgrade", &path, &"--annotator", &"pia"]));
    assert!(out.contains("schema version"), "{out}");
    assert_eq!(version(&path), CURRENT_SCHEMA_VERSION);
    let documents = exported_documents(&path);
    assert_eq!(documents[0]["layers"][0]["annotator"], "pia");
    assert_eq!(documents[0]["spans"][0]["annotator"], "pia");
    // Again: nothing to do, no second backup.
    ok(glossator(&[&"upgrade", &path]));
    assert!(!dir.path().join("v2-none.v2-backup-2.sqlite").exists());
}
