//! `glossator copy SRC DST`: a whole project into a new one, losslessly and
//! all-or-nothing. Lossless means what a user can see: every export of both
//! ends is the same bytes, and the stats agree.

mod common;

use std::path::{Path, PathBuf};

use common::{fails_with, glossator, gold_jsonl_line, ok, torture_jsonl_line, write};

/// A project with the gold and torture samples in two layers (gold and
/// ana's), assignments, and an edit after the import (a span deleted, so
/// the span ids have a hole and the sequence is past the last id).
fn layered_project(dir: &Path) -> PathBuf {
    let project = dir.join("source.sqlite");
    let samples = [gold_jsonl_line(), torture_jsonl_line()];
    let as_gold: Vec<String> = samples.iter().map(|line| in_gold_layer(line)).collect();
    let gold = write(dir, "gold.jsonl", as_gold.join("\n") + "\n");
    ok(glossator(&[&"import", &project, &gold]));
    let ana = write(dir, "ana.jsonl", samples.join("\n") + "\n");
    ok(glossator(&[
        &"import",
        &project,
        &ana,
        &"--annotator",
        &"ana",
    ]));
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana,ben",
        &"--per-document",
        &"2",
    ]));
    project
}

/// A native JSONL line with every span and relation in the `gold` layer,
/// which is done.
fn in_gold_layer(line: &str) -> String {
    let mut document: serde_json::Value = serde_json::from_str(line).unwrap();
    for key in ["spans", "relations"] {
        if let Some(items) = document[key].as_array_mut() {
            for item in items {
                item["annotator"] = "gold".into();
            }
        }
    }
    document["layers"] = serde_json::json!([{"annotator": "gold", "status": "done"}]);
    document.to_string()
}

/// Every export a user would compare, as bytes, by format.
fn exports(project: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (format, layer) in [
        ("jsonl", "all"),
        ("label-studio", "all"),
        ("csv", "gold"),
        ("conll", "ana"),
        ("doccano", "gold"),
    ] {
        let out = glossator(&[
            &"export",
            &project,
            &"--format",
            &format,
            &"--layer",
            &layer,
        ]);
        assert!(out.status.success(), "{format}: {}", common::stderr(&out));
        all.push((format!("{format} --layer {layer}"), out.stdout));
    }
    // The search index came along (words, a phrase, a prefix).
    for query in [
        "Taliban",
        "\"peace talks\" OR ceasefire",
        "pakist*",
        "label:ACTOR annotator:ana",
    ] {
        let out = glossator(&[&"search", &project, &query]);
        assert!(out.status.success(), "{query}: {}", common::stderr(&out));
        all.push((format!("search {query}"), out.stdout));
    }
    // Everything stats says but where the project is.
    let stats = ok(glossator(&[&"stats", &project]));
    let stats: Vec<&str> = stats
        .lines()
        .filter(|l| !l.starts_with("Project"))
        .collect();
    all.push(("stats".into(), stats.join("\n").into_bytes()));
    all
}

fn assert_same_exports(a: &Path, b: &Path) {
    for ((what, left), (_, right)) in exports(a).into_iter().zip(exports(b)) {
        assert!(
            left == right,
            "{what} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&left),
            String::from_utf8_lossy(&right)
        );
    }
}

#[test]
fn a_copy_exports_the_same_bytes_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let copy = dir.path().join("copy.sqlite");
    let said = ok(glossator(&[&"copy", &source, &copy]));
    assert!(said.contains("2 documents"), "{said}");
    assert_same_exports(&source, &copy);
    // And back again: a copy of the copy is the same project too.
    let again = dir.path().join("again.sqlite");
    ok(glossator(&[&"copy", &copy, &again]));
    assert_same_exports(&source, &again);
    ok(glossator(&[&"check", &again]));
}

#[test]
fn a_copy_keeps_ids_and_hands_out_new_ones_after_them() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let copy = dir.path().join("copy.sqlite");
    ok(glossator(&[&"copy", &source, &copy]));
    let ids = |project: &Path| -> Vec<(i64, i64)> {
        let store = glossator::store::Store::open_read_only(project, "test").unwrap();
        use glossator::store::Reader;
        let mut ids = Vec::new();
        for document in store.document_ids().unwrap() {
            for span in store.spans_of(document).unwrap() {
                ids.push((document.0, span.id.0));
            }
        }
        ids
    };
    assert_eq!(ids(&source), ids(&copy));
}

/// A span deleted before the copy keeps its id out of use in the copy too
/// (undo restores spans under their old ids; merge matches them by id).
#[test]
fn ids_deleted_before_the_copy_are_not_handed_out_again() {
    use glossator::store::{OpenMode, Reader, Store};
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let (mut store, _) = Store::open(&source, OpenMode::Existing).unwrap();
    let mut spans = Vec::new();
    for document in store.document_ids().unwrap() {
        spans.extend(store.spans_of(document).unwrap());
    }
    let last = spans.iter().max_by_key(|s| s.id.0).unwrap().clone();
    store.write(|tx| tx.delete_span(last.id)).unwrap();
    drop(store);
    let copy = dir.path().join("copy.sqlite");
    ok(glossator(&[&"copy", &source, &copy]));
    let (mut store, _) = Store::open(&copy, OpenMode::Existing).unwrap();
    let new = store.write(|tx| tx.insert_span(None, &last.data)).unwrap();
    assert!(new.0 > last.id.0, "{new:?} after {:?}", last.id);
}

#[test]
fn copy_never_writes_into_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let taken = write(dir.path(), "taken.sqlite", "precious");
    fails_with(
        glossator(&[&"copy", &source, &taken]),
        "already holds a file; copy makes a new project there",
    );
    assert_eq!(std::fs::read(&taken).unwrap(), b"precious");
    let other = dir.path().join("other.sqlite");
    ok(glossator(&[&"copy", &source, &other]));
    fails_with(glossator(&[&"copy", &source, &other]), "already holds");
}

#[test]
fn a_failed_copy_leaves_no_project_behind() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_project = write(
        dir.path(),
        "notes.sqlite",
        "not a database at all, just words",
    );
    let dest = dir.path().join("dest.sqlite");
    let out = glossator(&[&"copy", &not_a_project, &dest]);
    assert!(!out.status.success());
    assert!(!dest.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("dest"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
