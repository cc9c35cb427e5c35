//! Issue 16, bug 6 in the window: pressing a label key while an import runs
//! froze the window for the busy wait, then said "database is locked", and
//! "Imported …" replaced that. Now the edit is refused at once with a lasting
//! message, and a note typed meanwhile is saved when the import ends.

mod common;

use std::sync::mpsc::{channel, Sender};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::model::DocumentStatus;
use glossator::session::Edit;
use glossator::store::{OpenMode, Reader, Store, StoreError};
use glossator::ui::panels::note::NOTE_SAVE_DELAY_S;
use glossator::ui::panels::status::Message;
use glossator::ui::GlossatorApp;

const PAUSED: &str = "editing is paused while “Importing more.txt” runs";

/// Holds the project's write lock from another connection, as a long import
/// does, until the sender is used or dropped.
fn hold_the_write_lock(path: &std::path::Path) -> Sender<()> {
    let (tell_held, held) = channel();
    let (release, wait_release) = channel::<()>();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let (mut other, _) = Store::open(&path, OpenMode::Existing).unwrap();
        let _ = other.write(|tx| {
            tx.set_project_meta("held by", "test")?;
            tell_held.send(()).unwrap();
            let _ = wait_release.recv();
            Ok::<_, StoreError>(())
        });
    });
    held.recv().unwrap();
    release
}

#[test]
fn edits_during_an_import_are_refused_at_once_and_notes_wait_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.sqlite");
    let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let mut harness = common::ui_app::app_harness(store, false);
    let span = common::ui_app::tag(&mut harness, "EVENT", 2, 12);
    let document = harness.state().session().open_id().unwrap();

    let more = dir.path().join("more.txt");
    std::fs::write(&more, "Another text.").unwrap();
    let release = hold_the_write_lock(&path);
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::Import(vec![more]));
    harness.step();
    assert!(harness.state().job_running());

    // Mark done: refused at once, the status unchanged.
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.step();
    let Message::Error(shown) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(shown.starts_with(PAUSED), "{shown}");
    let status = |harness: &Harness<'_, GlossatorApp>| {
        let session = harness.state().session();
        glossator::store::LayerReads::layer_status(session.store(), document, session.annotator())
            .unwrap()
            .unwrap_or(DocumentStatus::New)
    };
    assert_eq!(status(&harness), DocumentStatus::InProgress);

    // A note typed now is kept and saved when the import ends.
    harness.get_by_label("Span note").click();
    harness.step();
    harness
        .get_by_label("Span note")
        .type_text("typed during the import");
    harness.step();
    harness.key_press_modifiers(Modifiers::NONE, Key::Enter);
    let frames = (NOTE_SAVE_DELAY_S * 60.0) as usize + 4;
    for _ in 0..frames {
        harness.step();
    }
    drop(release);
    harness.state_mut().wait_for_job();
    harness.run();
    let store = harness.state().session().store();
    assert_eq!(
        store.span(span).unwrap().unwrap().data.note,
        "typed during the import"
    );
    // The refusal is still what the status line shows, not "Imported …".
    assert!(matches!(harness.state().message(), Message::Error(e) if e.starts_with(PAUSED)));
    // Edits work again.
    harness
        .state_mut()
        .apply_action(Edit::SetDocumentStatus(DocumentStatus::Done).into());
    assert_eq!(status(&harness), DocumentStatus::Done);
    // …and the refusal, now stale, goes with the first edit that works.
    assert!(!matches!(harness.state().message(), Message::Error(e) if e.starts_with(PAUSED)));
}
