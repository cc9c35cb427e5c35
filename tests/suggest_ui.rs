//! Issue 20 in the window (egui_kittest, no display): suggestions drawn and
//! counted, A/Enter accepts the one at the caret, X rejects it, Shift+A
//! accepts all above the slider, Project › Suggestions… runs a source.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::Session;
use glossator::store::{OpenMode, Reader, Store, SuggestionQueries};
use glossator::suggest::{run_source, DocumentFilter, SourceConfig};
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::settings::Settings;
use glossator::ui::windows::suggestions::{PATH_LABEL, RUN_LABEL};
use glossator::ui::GlossatorApp;

use common::*;

const TEXT: &str = "The Taliban met in Kabul. A ceasefire holds. The Taliban left.";

/// A project file with one document; with the dictionary's suggestions
/// when `suggest` is set.
fn project(dir: &std::path::Path, suggest: bool) -> std::path::PathBuf {
    let path = dir.join("p.sqlite");
    let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    let line = serde_json::json!({"id": "d1", "text": TEXT}).to_string();
    import_documents(
        &mut store,
        parse_jsonl(std::path::Path::new("t.jsonl"), &line).unwrap(),
    )
    .unwrap();
    if suggest {
        let config = SourceConfig::Dictionary {
            path: data_dir().join("handmade/suggest/actors.tsv"),
            match_case: false,
        };
        run_source(
            &mut store,
            &config,
            &DocumentFilter::All,
            None,
            &mut |_, _| true,
        )
        .unwrap();
    }
    path
}

fn harness(path: &std::path::Path) -> Harness<'static, GlossatorApp> {
    let (store, _) = Store::open(path, OpenMode::Existing).unwrap();
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    );
    common::ui_app::window(app, false)
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn caret_to(harness: &mut Harness<'_, GlossatorApp>, offset: usize) {
    harness.state_mut().article_state_mut().collapse_to(offset);
    harness.run();
}

fn spans(harness: &Harness<'_, GlossatorApp>) -> Vec<(usize, usize)> {
    let open = harness.state().session().open().unwrap();
    open.spans
        .iter()
        .map(|s| (s.start_char(), s.end_char()))
        .collect()
}

#[test]
fn keys_accept_and_reject_the_suggestion_at_the_caret_and_the_status_line_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path(), true));
    // "Taliban" (4..11), "ceasefire" (28..37), "Taliban" (49..56).
    harness.get_by_label("3 suggestions left");

    caret_to(&mut harness, 6);
    press(&mut harness, Modifiers::NONE, Key::A);
    assert_eq!(spans(&harness), vec![(4, 11)]);
    harness.get_by_label("2 suggestions left");

    caret_to(&mut harness, 30);
    press(&mut harness, Modifiers::NONE, Key::X);
    assert_eq!(spans(&harness), vec![(4, 11)], "a rejection makes no span");
    harness.get_by_label("1 suggestion left");
    let store = harness.state().session().store();
    let tally = &store.suggestion_tallies(Some("unknown")).unwrap()[0];
    assert_eq!((tally.accepted, tally.rejected, tally.pending), (1, 1, 1));

    // Ctrl+Z takes back the rejection: the suggestion is there again.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    harness.get_by_label("2 suggestions left");

    // Shift+A: everything scoring at least the slider's 0.50.
    press(&mut harness, Modifiers::SHIFT, Key::A);
    assert_eq!(spans(&harness), vec![(4, 11), (28, 37), (49, 56)]);
    assert!(harness
        .query_by_label_contains("suggestions left")
        .is_none());
}

#[test]
fn with_no_suggestion_at_the_caret_a_and_enter_stay_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path(), true));
    caret_to(&mut harness, 20);
    press(&mut harness, Modifiers::NONE, Key::A);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(spans(&harness).is_empty());
    harness.get_by_label("3 suggestions left");
    // From the menu, it says why nothing happened.
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::AcceptSuggestion));
    harness.run();
    assert_eq!(
        harness.state().message(),
        glossator::ui::panels::status::Message::Error("no suggestion at the caret".into())
    );
}

#[test]
fn the_suggestions_window_runs_a_dictionary_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path(), false));
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Suggestions));
    harness.run();
    let tsv = data_dir().join("handmade/suggest/actors.tsv");
    harness.get_by_label(PATH_LABEL).click();
    harness.run();
    harness
        .get_by_label(PATH_LABEL)
        .type_text(&tsv.display().to_string());
    harness.run();
    harness.get_by_label(RUN_LABEL).click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run_steps(4);
    assert_eq!(
        harness.state().message(),
        glossator::ui::panels::status::Message::Info(
            "dictionary: 3 suggestions in 1 documents".into()
        )
    );
    harness.get_by_label("3 suggestions left");
    // The tallies show the source.
    harness.get_by_label("dictionary");
    assert_eq!(
        harness
            .state()
            .session()
            .store()
            .spans_of(harness.state().session().open_id().unwrap())
            .unwrap()
            .len(),
        0,
        "running a source makes no span"
    );
}
