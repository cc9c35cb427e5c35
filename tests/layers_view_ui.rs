//! Issue 17, View › Layers: other annotators' layers of the open document
//! drawn beside mine as read-only outlines with a legend; on by default,
//! off by default once the project assigns documents (blind annotation).

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::session::Session;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

use common::*;

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    let project = dir.join("p.sqlite");
    let input = data_dir()
        .join("handmade")
        .join("agreement")
        .join("three-annotators.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    project
}

fn assign(project: &std::path::Path, annotators: &str, per_document: &str) {
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &annotators,
        &"--per-document",
        &per_document,
    ]));
}

fn harness_as(project: &std::path::Path, annotator: &str) -> Harness<'static, GlossatorApp> {
    let settings = Settings {
        annotator: annotator.to_string(),
        asked_annotator: true,
        ..Settings::default()
    };
    let mut session = Session::open_project(project).unwrap();
    session.set_annotator(Some(annotator.to_string())).unwrap();
    let first = session.documents()[0].id;
    session.open_document(first).unwrap();
    let app = GlossatorApp::new(&egui::Context::default(), session, settings);
    common::ui_app::window(app, false)
}

#[test]
fn other_layers_are_outlined_with_a_legend_and_never_become_mine() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_as(&project(dir.path()), "ana");
    // d1: ana, ben and cy each have two spans; mine are ana's.
    let open = harness.state().session().open().unwrap();
    assert_eq!(open.annotator, "ana");
    assert_eq!(open.spans.len(), 2);
    harness.get_by_label("Other layers (read-only):");
    harness.get_by_label("ben");
    harness.get_by_label("cy");
    // Turning the view off takes the outlines and the legend away.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Layers").click();
    harness.run();
    harness
        .get_by_label("Show other annotators' layers (read-only)")
        .click();
    harness.run();
    assert!(harness.query_by_label("ben").is_none());
    // Mine never changed.
    assert_eq!(harness.state().session().open().unwrap().spans.len(), 2);
}

#[test]
fn a_project_with_assignments_starts_blind() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    assign(&project, "ana,ben,cy", "2");
    let harness = harness_as(&project, "ana");
    assert!(harness
        .query_by_label("Other layers (read-only):")
        .is_none());
    assert!(harness.query_by_label("ben").is_none());
}

/// A package names its annotator: opening one on a first start does not ask
/// for a name (the hands-on check saw the question over "ana's package").
#[test]
fn a_package_does_not_ask_for_the_annotators_name() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    assign(&project, "ana,ben", "1");
    let package = dir.path().join("ana.sqlite");
    ok(glossator(&[
        &"package",
        &project,
        &"--annotator",
        &"ana",
        &"--output",
        &package,
    ]));
    let open = |path: &std::path::Path| {
        let mut app = GlossatorApp::new(
            &egui::Context::default(),
            Session::open_project(path).unwrap(),
            Settings::default(),
        );
        app.ask_annotator_once();
        common::ui_app::window(app, false)
            .query_by_label("Preferences")
            .is_some()
    };
    assert!(!open(&package), "the package asked for a name");
    assert!(open(&project), "a plain project asks on a first start");
}

/// Opening a document from Project › Agreement… shows the compared layers,
/// even in a project that assigns documents (blind by default).
#[test]
fn a_document_opened_from_the_agreement_report_shows_the_compared_layers() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    assign(&project, "ana,ben,cy", "2");
    let mut harness = harness_as(&project, "ana");
    assert!(harness.query_by_label("ben").is_none());
    let document = harness.state().session().documents()[0].id;
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::ReviewDisagreements {
            document,
            annotators: vec!["ana".into(), "ben".into(), "cy".into()],
        });
    harness.run();
    harness.get_by_label("Other layers (read-only):");
    harness.get_by_label("ben");
}
