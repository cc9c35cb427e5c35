//! `glossator copy SRC DST`: a whole project into a new one, losslessly and
//! all-or-nothing. Lossless means what a user can see: every export of both
//! ends is the same bytes, and the stats agree.

mod common;

use std::path::Path;

use common::copy_samples::{assert_same_exports, layered_project};
use common::{fails_with, glossator, ok, write};

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
    use glossator::store::{OpenMode, Store};
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let last = common::copy_samples::delete_last_span(&source);
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
