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
use glossator::ui::curation::CurationMark;
use glossator::ui::panels::documents::STATUS_FILTER_LABEL;
use glossator::ui::GlossatorApp;

use common::curation_ui::{app_as_ana, imported, press, start_curating};

const FIXTURE: &str = "curation-relations/relations.jsonl";

/// The app on the project in `dir` as ana, with r2 ("Talks resumed")
/// open and the list's counts counted.
fn harness(project: &std::path::Path) -> Harness<'static, GlossatorApp> {
    let mut harness = app_as_ana(project, false);
    let r2 = harness.state().session().documents()[1].id;
    harness.state_mut().apply_action(Action::OpenDocument(r2));
    harness.run();
    assert_eq!(harness.state().session().open_id(), Some(r2));
    counted(&mut harness);
    harness
}

fn counted(harness: &mut Harness<'_, GlossatorApp>) {
    harness.run();
    harness.state_mut().wait_for_curation_progress();
    harness.run();
}

/// r2's one candidate accepted with Tab, A.
fn curate_r2(harness: &mut Harness<'_, GlossatorApp>) {
    start_curating(harness);
    press(harness, Modifiers::NONE, Key::Tab);
    press(harness, Modifiers::NONE, Key::A);
    counted(harness);
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
    let mut harness = harness(&imported(dir.path(), FIXTURE));
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

    curate_r2(&mut harness);
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
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    counted(&mut harness);
    assert_eq!(marks(&harness)[1], Some(CurationMark::Left(1)));
    assert!(harness.query_by_label("2 of 3").is_some());
}

/// The marks come from the project: a new window shows the same, and a
/// layer marked done makes a document ready.
#[test]
fn the_marks_survive_reopening_and_follow_the_layers_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let project = imported(dir.path(), FIXTURE);
    {
        let mut harness = harness(&project);
        curate_r2(&mut harness);
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
