//! Issue 16: removing a label used by a million spans took 1.2 s on the
//! window's thread. Past a threshold it runs in the background with
//! progress; edits wait for it as for an import.

mod common;

use std::path::Path;

use glossator::model::LabelKind;
use glossator::session::label_removal::BACKGROUND_REMOVAL_ANNOTATIONS;
use glossator::session::schema::SchemaChange;
use glossator::store::{OpenMode, Reader, Store};
use glossator::ui::action::Action;
use glossator::ui::panels::status::Message;

/// A project at `path` with one document holding `spans` one-letter EVENT spans.
fn project_with_events(dir: &Path, spans: usize) -> std::path::PathBuf {
    let text = "a ".repeat(spans);
    let list: Vec<serde_json::Value> = (0..spans)
        .map(|i| serde_json::json!({"start": 2 * i, "end": 2 * i + 1, "label": "EVENT"}))
        .collect();
    let line = serde_json::json!({"id": "many", "text": text, "spans": list});
    let jsonl = dir.join("many.jsonl");
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let path = dir.join("p.sqlite");
    let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    let (files, notices) = glossator::formats::collect_import_files(&[jsonl], None).unwrap();
    glossator::formats::import_files(&mut store, &files, notices, &mut |_, _| true).unwrap();
    path
}

#[test]
fn a_label_on_many_spans_is_removed_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let spans = BACKGROUND_REMOVAL_ANNOTATIONS + 1;
    let path = project_with_events(dir.path(), spans);
    let (store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let mut harness = common::ui_app::app_harness(store, false);
    let schema = harness.state().session().schema().clone();
    let event = schema.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
    let claim = schema.label_by_name(LabelKind::Span, "CLAIM").unwrap().id;

    harness
        .state_mut()
        .apply_action(Action::ChangeSchema(SchemaChange::Remove(
            event,
            Some(claim),
        )));
    // The frame returns at once, the work goes on beside it.
    assert!(harness.state().job_running());
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();

    let session = harness.state().session();
    assert!(session
        .schema()
        .label_by_name(LabelKind::Span, "EVENT")
        .is_none());
    let stats = session.store().stats().unwrap();
    assert_eq!(stats.spans, spans);
    let document = session.documents()[0].id;
    assert!(session
        .store()
        .spans_of(document)
        .unwrap()
        .iter()
        .all(|s| s.label_id() == claim));
    let Message::Info(news) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(
        news.starts_with("Removed EVENT: its ") && news.ends_with("are now CLAIM"),
        "{news}"
    );
    assert!(!session.history().can_undo());
}

/// The store tells how far a removal is, up to the whole.
#[test]
fn removal_reports_progress_up_to_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_with_events(dir.path(), 60_000);
    let (mut store, _) = Store::open(&path, OpenMode::Existing).unwrap();
    let schema = store.schema().unwrap();
    let event = schema.label_by_name(LabelKind::Span, "EVENT").unwrap().id;
    let claim = schema.label_by_name(LabelKind::Span, "CLAIM").unwrap().id;
    let mut reports = Vec::new();
    store
        .write(|tx| {
            tx.remove_label_with_progress(event, Some(claim), &mut |done, total| {
                reports.push((done, total))
            })
        })
        .unwrap();
    assert!(reports.len() >= 4, "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0), "{reports:?}");
    let (done, total) = *reports.last().unwrap();
    assert_eq!(done, total);
}
