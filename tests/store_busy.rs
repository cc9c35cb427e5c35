//! Issue 16, bug 6 at the store: a write while another connection holds the
//! project's write lock (the app's import job) fails with a typed, plain
//! error after the wait the caller chose, changes nothing, and the next write
//! after the lock is gone works.

use std::sync::mpsc::channel;
use std::time::Duration;

use glossator::model::DocumentStatus;
use glossator::store::{LayerReads, OpenMode, Reader, Store, StoreError};

#[test]
fn a_write_behind_a_held_write_transaction_fails_plainly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    let (mut window, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut window).unwrap();
    let document = window.document_ids().unwrap()[0];
    window.set_write_wait(Duration::from_millis(20)).unwrap();

    // The import job: its own connection, holding one write transaction.
    let (held, release) = (channel(), channel::<()>());
    let (tell_held, wait_held) = held;
    let (do_release, wait_release) = release;
    let importer = std::thread::spawn(move || {
        let (mut job, _) = Store::open(&path, OpenMode::Existing).unwrap();
        job.write(|tx| {
            tx.set_layer_status(document, "unknown", DocumentStatus::Done)?;
            tell_held.send(()).unwrap();
            wait_release.recv().unwrap();
            Ok::<_, StoreError>(())
        })
        .unwrap();
    });
    wait_held.recv().unwrap();

    let refused =
        window.write(|tx| tx.set_layer_status(document, "unknown", DocumentStatus::InProgress));
    let error = refused.unwrap_err();
    assert!(matches!(error, StoreError::Busy), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the project is busy: another connection is writing to it (an import?); this change was not made, try again when it has finished"
    );
    do_release.send(()).unwrap();
    importer.join().unwrap();
    // The job's write stands; the window's next write goes through.
    assert_eq!(
        window.layer_status(document, "unknown").unwrap().unwrap(),
        DocumentStatus::Done
    );
    window
        .write(|tx| tx.set_layer_status(document, "unknown", DocumentStatus::InProgress))
        .unwrap();
    assert_eq!(
        window.layer_status(document, "unknown").unwrap().unwrap(),
        DocumentStatus::InProgress
    );
}
