//! Issue 19, the document list's curation mark: a document ready to curate
//! (finished by two annotators or more) with nothing left to decide is
//! marked ✔, one with decisions left shows how many, one not ready a quiet
//! "–"; "Needs curation" keeps only those with decisions left
//! (tests/data/handmade/curation-relations/relations.jsonl: r1 and r2 are
//! ready, r3 is finished by ana alone).

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::session::Session;
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::curation::CurationMark;
use glossator::ui::panels::documents::STATUS_FILTER_LABEL;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

use common::*;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let project = dir.join("p.sqlite");
    let input = data_dir().join("handmade/curation-relations/relations.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    project
}

/// The app on `project` as ana, with r2 ("Talks resumed") open.
fn harness(project: &std::path::Path) -> Harness<'static, GlossatorApp> {
    let settings = Settings {
        annotator: "ana".into(),
        asked_annotator: true,
        ..Settings::default()
    };
    let mut session = Session::open_project(project).unwrap();
    session.set_annotator(Some("ana".into())).unwrap();
    let r2 = session.documents()[1].id;
    let app = GlossatorApp::new(&egui::Context::default(), session, settings);
    let mut harness = common::ui_app::window(app, false);
    harness.state_mut().apply_action(Action::OpenDocument(r2));
    harness.run();
    assert_eq!(harness.state().session().open_id(), Some(r2));
    harness.state_mut().wait_for_curation_progress();
    harness.run();
    harness
}

/// The marks the list draws beside r1, r2, r3.
fn marks(harness: &Harness<'_, GlossatorApp>) -> Vec<Option<CurationMark>> {
    let progress = harness.state().curation_progress();
    harness
        .state()
        .session()
        .documents()
        .iter()
        .map(|d| progress.mark(d.id))
        .collect()
}

fn show(harness: &mut Harness<'_, GlossatorApp>, filter: &str) {
    harness.get_by_label(STATUS_FILTER_LABEL).click();
    harness.run();
    harness.get_by_label(filter).click();
    harness.run();
}

/// r2's one candidate accepted: ✔; r3 stays "–" (not ready) whatever
/// happens, and "Needs curation" keeps only r1.
#[test]
fn a_curated_document_is_told_from_one_not_ready() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    assert_eq!(
        marks(&harness),
        [
            Some(CurationMark::Left(4)),
            Some(CurationMark::Left(1)),
            Some(CurationMark::NotReady)
        ]
    );
    show(&mut harness, "Needs curation");
    harness.get_by_label("2 of 3");

    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Curate));
    harness.run();
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::NONE, Key::Tab);
    harness.run();
    harness.key_press_modifiers(Modifiers::NONE, Key::A);
    harness.run();
    harness.state_mut().wait_for_curation_progress();
    harness.run();
    assert_eq!(
        marks(&harness),
        [
            Some(CurationMark::Left(4)),
            Some(CurationMark::Curated),
            Some(CurationMark::NotReady)
        ]
    );
    // The filter follows: only r1 has decisions left.
    assert!(harness.query_by_label("1 of 3").is_some());
    // Undo: r2 has its candidate back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.state_mut().wait_for_curation_progress();
    harness.run();
    assert_eq!(marks(&harness)[1], Some(CurationMark::Left(1)));
    assert!(harness.query_by_label("2 of 3").is_some());
}

/// The marks come from the project: a new window shows the same, and a
/// layer marked done makes a document ready.
#[test]
fn the_marks_survive_reopening_and_follow_the_layers_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    {
        let mut harness = harness(&project);
        harness
            .state_mut()
            .apply_action(Action::Command(UiCommand::Curate));
        harness.run();
        harness
            .get_by_label(glossator::ui::article::ARTICLE_LABEL)
            .click();
        harness.run();
        harness.key_press_modifiers(Modifiers::NONE, Key::Tab);
        harness.run();
        harness.key_press_modifiers(Modifiers::NONE, Key::A);
        harness.run();
        harness.state_mut().close_project();
    }
    // ben finishes r3: two finished layers, one candidate (ana's CLAIM).
    let mut session = Session::open_project(&project).unwrap();
    session.set_annotator(Some("ben".into())).unwrap();
    let r3 = session.documents()[2].id;
    session.open_document(r3).unwrap();
    session
        .apply(glossator::session::Edit::SetDocumentStatus(
            glossator::model::DocumentStatus::Done,
        ))
        .unwrap();
    drop(session);
    let harness = harness(&project);
    assert_eq!(
        marks(&harness),
        [
            Some(CurationMark::Left(4)),
            Some(CurationMark::Curated),
            Some(CurationMark::Left(1))
        ]
    );
}
