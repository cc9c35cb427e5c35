//! Project › Agreement… and Project › Statistics… in the app: computed in the
//! background, a document opened from the report, N / Shift+N through its
//! disagreements (tests/data/handmade/agreement/three-annotators.jsonl).

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::session::Session;
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::panels::status::Message;
use glossator::ui::settings::Settings;
use glossator::ui::windows::agreement::document_button_label;
use glossator::ui::GlossatorApp;

use common::*;

fn harness(dir: &std::path::Path) -> Harness<'static, GlossatorApp> {
    let project = dir.join("p.sqlite");
    let input = data_dir()
        .join("handmade")
        .join("agreement")
        .join("three-annotators.jsonl");
    ok(glossator(&[&"import", &project, &input]));
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::open_project(&project).unwrap(),
        Settings::default(),
    );
    common::ui_app::window(app, false)
}

/// Runs frames until the background work is done (the window keeps drawing meanwhile).
fn wait_for_reports(harness: &mut Harness<'_, GlossatorApp>) {
    for _ in 0..500 {
        // The spinner repaints every frame while the work runs: one step at a time.
        harness.step();
        if !harness.state().reports_running() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the report never finished");
}

fn selected_span_text(harness: &Harness<'_, GlossatorApp>) -> Option<(usize, usize, String)> {
    // Since layers, the article shows one layer: another annotator's span under
    // review is a selected range, and the status line names whose it is.
    let app = harness.state();
    app.session().open()?;
    let (start, end) = app.article_state().selected_range()?;
    let Message::Info(message) = app.message() else {
        return None;
    };
    let who = message.split(": ").nth(1)?.split("'s ").next()?.to_string();
    Some((start, end, who))
}

#[test]
fn the_report_opens_a_document_and_n_steps_through_its_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    // N means nothing before a document is opened from the report.
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(selected_span_text(&harness), None);

    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Agreement));
    wait_for_reports(&mut harness);
    let report = harness.state().agreement_report().expect("a report");
    assert_eq!(report.annotators, ["ana", "ben", "cy"]);
    assert_eq!(report.by_document[0].external_id, "d2");
    // The pair matrix and the documents, worst first.
    harness.get_by_label("Agreement");
    // F1 exact in the matrix: ana·ben and ben·cy 0.400, each shown both ways round.
    assert_eq!(harness.query_all_by_label("0.400").count(), 4);
    harness.get_by_label("Cohen's κ").click();
    harness.run();
    assert_eq!(harness.query_all_by_label("-0.091").count(), 4);
    harness.get_by_label(&document_button_label("d2")).click();
    harness.run();
    let app = harness.state();
    let open = app.session().open().expect("a document is open");
    assert_eq!(open.document.external_id, "d2");
    // d2: ana and cy have EVENT[2,4), ben nothing: both spans are disagreements.
    assert_eq!(selected_span_text(&harness), Some((2, 4, "ana".into())));
    assert_eq!(
        harness.state().message(),
        Message::Info(
            "Disagreement 1 of 2: ana's EVENT span [2, 4) (N next, Shift+N previous)".into()
        )
    );
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(selected_span_text(&harness), Some((2, 4, "cy".into())));
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(selected_span_text(&harness), Some((2, 4, "ana".into())));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::N);
    harness.run();
    assert_eq!(selected_span_text(&harness), Some((2, 4, "cy".into())));

    // Another project: the report and the review were this one's.
    let other = dir.path().join("other.sqlite");
    let input = data_dir()
        .join("handmade")
        .join("agreement")
        .join("unassigned.jsonl");
    ok(glossator(&[&"import", &other, &input]));
    harness.state_mut().apply_action(Action::OpenProject(other));
    harness.run();
    assert!(
        harness.state().agreement_report().is_none(),
        "{:?}",
        harness.state().message()
    );
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(selected_span_text(&harness), None);
}

#[test]
fn statistics_are_counted_in_the_background_and_charted() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Statistics));
    wait_for_reports(&mut harness);
    let charts = harness.state().project_charts().expect("the charts");
    assert_eq!(charts.annotators, ["ana", "ben", "cy"]);
    assert_eq!(charts.spans_per_label[0], [3, 1, 0]);
    harness.get_by_label("Statistics");
    harness.get_by_label("Spans per label, by annotator");
}
