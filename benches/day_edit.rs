//! Issue 16's editing semantics at corpus scale, on the release build:
//! `glossator check`'s schema pass, and removing a label "relabel as"
//! another (every span moved, its attributes mapped: one transaction on the
//! window's thread).
//!
//!     cargo bench --bench day_edit              # 100,000 documents, 1,000,000 spans
//!     cargo bench --bench day_edit -- --small   # 2,000 documents

use std::time::{Duration, Instant};

use glossator::model::LabelKind;
use glossator::session::schema::SchemaChange;
use glossator::session::Session;
use glossator::store::{CheckpointMode, OpenMode, Store};

const RUNS: usize = 3;

#[path = "common/imported_corpus.rs"]
mod imported_corpus;
use imported_corpus::imported_corpus;

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    let documents = if small { 2_000 } else { 100_000 };
    let project = imported_corpus("day-edit", documents);
    let dir = project.parent().unwrap().to_path_buf();
    let spans = {
        let store = Store::open_read_only(&project, "bench").unwrap();
        glossator::store::Reader::stats(&store).unwrap().spans
    };
    println!("{documents} documents, {spans} spans");

    let check = measure(|| {
        let store = Store::open_read_only(&project, "bench").unwrap();
        let started = Instant::now();
        let found = store.schema_contradictions().unwrap();
        let took = started.elapsed();
        assert!(found.is_empty(), "{:?}", &found[..found.len().min(3)]);
        took
    });
    report("schema pass of `glossator check`", check);

    let remove = measure(|| {
        let copy = dir.join("copy.sqlite");
        std::fs::copy(&project, &copy).unwrap();
        let (store, _) = Store::open(&copy, OpenMode::Existing).unwrap();
        let mut session = Session::new(store).unwrap();
        let schema = session.schema();
        let event = schema.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
        let claim = schema.label_by_name(LabelKind::Span, "CLAIM").unwrap().id;
        let started = Instant::now();
        session
            .change_schema_by(SchemaChange::Remove(event, Some(claim)))
            .unwrap();
        let took = started.elapsed();
        session
            .store()
            .checkpoint(CheckpointMode::Truncate)
            .unwrap();
        drop(session);
        std::fs::remove_file(&copy).unwrap();
        took
    });
    report("remove EVENT, relabelling its spans as CLAIM", remove);

    // The app's way since (issue 16, day-ui): the window's thread only
    // counts the label's annotations and starts a job; the job moves them in
    // chunks on its own connection, reporting progress.
    let window_thread = measure(|| {
        let (store, _) = Store::open(&project, OpenMode::Existing).unwrap();
        let session = Session::new(store).unwrap();
        let event = session
            .schema()
            .label_by_name(LabelKind::Span, "EVENT")
            .unwrap()
            .id;
        let started = Instant::now();
        // Only the full corpus passes the background threshold; the
        // smoke run (--small) times the same decision.
        let long = session.label_removal_is_long(event).unwrap();
        assert!(long || small, "the full corpus must go to the background");
        session.check_label_removal(event, None).unwrap();
        started.elapsed()
    });
    report(
        "remove EVENT in the app: the window thread's share",
        window_thread,
    );
    let job = measure(|| {
        let copy = dir.join("copy.sqlite");
        std::fs::copy(&project, &copy).unwrap();
        let schema =
            glossator::store::Reader::schema(&Store::open_read_only(&copy, "bench").unwrap())
                .unwrap();
        let event = schema.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
        let claim = schema.label_by_name(LabelKind::Span, "CLAIM").unwrap().id;
        let mut reports = 0;
        let started = Instant::now();
        glossator::session::label_removal::remove_label_in_file(
            &copy,
            event,
            Some(claim),
            &mut |_, _| reports += 1,
        )
        .unwrap();
        let took = started.elapsed();
        println!("  {reports} progress reports");
        std::fs::remove_file(&copy).unwrap();
        took
    });
    report(
        "remove EVENT in the app: the background job, in chunks",
        job,
    );
}

fn measure(mut run: impl FnMut() -> Duration) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    times.sort();
    times
}

fn report(what: &str, times: Vec<Duration>) {
    println!(
        "{what}: median {:.0} ms, worst {:.0} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}
