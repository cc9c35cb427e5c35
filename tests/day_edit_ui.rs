//! Issue 16 in the window (egui_kittest, no display): notes are saved as they
//! are typed, Enter commits, Shift+Enter is a newline, Esc keeps the text.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::model::{LabelKind, SpanId};
use glossator::session::Edit;
use glossator::store::{Reader, Store};
use glossator::ui::panels::note::NOTE_SAVE_DELAY_S;
use glossator::ui::GlossatorApp;

const SPAN_NOTE: &str = "Span note";

/// The app on `store`, after its first frames.
fn harness_on(store: Store) -> Harness<'static, GlossatorApp> {
    common::ui_app::app_harness(store, false)
}

/// The sample article, with "cease-fire" (2..12) tagged EVENT and selected.
fn harness_with_span() -> (Harness<'static, GlossatorApp>, SpanId) {
    let mut store = Store::in_memory().unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let mut harness = harness_on(store);
    let span = common::ui_app::tag(&mut harness, "EVENT", 2, 12);
    (harness, span)
}

fn stored_note(harness: &Harness<'_, GlossatorApp>, span: SpanId) -> String {
    let store = harness.state().session().store();
    store.span(span).unwrap().unwrap().data.note
}

fn type_note(harness: &mut Harness<'_, GlossatorApp>, text: &str) {
    harness.get_by_label(SPAN_NOTE).click();
    harness.run();
    harness.get_by_label(SPAN_NOTE).type_text(text);
    harness.step();
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Enough frames (of the harness's simulated time) for the pause to pass.
fn wait_past_the_save_delay(harness: &mut Harness<'_, GlossatorApp>) {
    let frames = (NOTE_SAVE_DELAY_S * 60.0 * 2.0) as usize + 2;
    harness.run_steps(frames);
}

/// Bug 7: the window showed a note the project did not hold while the field
/// had focus (killing the app lost it). A pause in typing saves it.
#[test]
fn a_note_is_saved_while_the_field_keeps_focus() {
    let (mut harness, span) = harness_with_span();
    type_note(&mut harness, "check the date");
    assert_eq!(stored_note(&harness, span), "", "saved before the pause");
    wait_past_the_save_delay(&mut harness);
    assert_eq!(stored_note(&harness, span), "check the date");
    assert!(harness.get_by_label(SPAN_NOTE).is_focused());
}

/// Bug 7: Enter stored a newline; it commits now, and Shift+Enter is the
/// newline.
#[test]
fn enter_commits_the_note_and_shift_enter_is_a_newline() {
    let (mut harness, span) = harness_with_span();
    type_note(&mut harness, "first");
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    harness.get_by_label(SPAN_NOTE).type_text("second");
    harness.step();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(stored_note(&harness, span), "first\nsecond");
    assert!(!harness.get_by_label(SPAN_NOTE).is_focused());
}

/// Bug 7: Esc threw away the note being typed.
#[test]
fn esc_keeps_the_note_being_typed() {
    let (mut harness, span) = harness_with_span();
    type_note(&mut harness, "keep me");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(stored_note(&harness, span), "keep me");
}

/// A note typed with pauses is saved several times but undone in one step.
#[test]
fn a_note_typed_with_pauses_is_one_undo_step() {
    let (mut harness, span) = harness_with_span();
    type_note(&mut harness, "one");
    wait_past_the_save_delay(&mut harness);
    harness.get_by_label(SPAN_NOTE).type_text(" two");
    harness.step();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(stored_note(&harness, span), "one two");
    harness.state_mut().apply_action(Edit::Undo.into());
    harness.run();
    assert_eq!(stored_note(&harness, span), "");
    // The span itself is still there: the undo took back the note only.
    assert!(harness
        .state()
        .session()
        .store()
        .span(span)
        .unwrap()
        .is_some());
}

/// A project file in `dir` holding the sample, and the app on it.
fn file_harness(dir: &std::path::Path) -> (Harness<'static, GlossatorApp>, std::path::PathBuf) {
    let path = dir.join("project.sqlite");
    let (mut store, _) = Store::open(&path, glossator::store::OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    (harness_on(store), path)
}

fn document_count(path: &std::path::Path) -> usize {
    Store::open_read_only(path, "test")
        .unwrap()
        .document_ids()
        .unwrap()
        .len()
}

/// Bug 16: Save a copy as… onto another project replaced it without a word.
#[test]
fn a_copy_over_another_project_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, _) = file_harness(dir.path());
    let other = dir.path().join("other.sqlite");
    drop(Store::open(&other, glossator::store::OpenMode::CreateIfMissing).unwrap());
    assert_eq!(document_count(&other), 0);
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SaveCopy(other.clone()));
    harness.run();
    assert!(!harness.state().job_running());
    assert_eq!(document_count(&other), 0, "replaced before asking");
    harness
        .get_by_label(glossator::ui::windows::replace_copy::REPLACE_LABEL)
        .click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    assert_eq!(document_count(&other), 1);
}

/// Cancel leaves the other file as it was.
#[test]
fn cancelling_the_question_keeps_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, _) = file_harness(dir.path());
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "mine").unwrap();
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SaveCopy(other.clone()));
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");
    assert!(harness
        .query_by_label(glossator::ui::windows::replace_copy::REPLACE_LABEL)
        .is_none());
}

/// Bug 16: a copy onto the project itself says plainly why not.
#[test]
fn a_copy_over_the_project_itself_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = file_harness(dir.path());
    // Another spelling of the same file.
    let same = dir.path().join(".").join("project.sqlite");
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SaveCopy(same.clone()));
    harness.run();
    assert_eq!(
        harness.state().message(),
        glossator::ui::panels::status::Message::Error(format!(
            "{} is this project's own file: a copy cannot replace the file it is made from; choose another name",
            same.display()
        ))
    );
    assert!(!harness.state().job_running());
    assert_eq!(document_count(&path), 1);
}

/// Bug 20: on close the project file alone holds every edit (and a note
/// still being typed).
#[test]
fn closing_leaves_everything_in_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = file_harness(dir.path());
    let document = harness.state().session().documents()[0].id;
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::OpenDocument(document));
    harness.run();
    common::ui_app::tag(&mut harness, "ACTOR", 2, 12);
    type_note(&mut harness, "typed, not yet saved");
    harness.state_mut().close_project();
    let alone = dir.path().join("alone.sqlite");
    std::fs::copy(&path, &alone).unwrap();
    let store = Store::open_read_only(&alone, "test").unwrap();
    let spans = store.spans_of(document).unwrap();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].data.note, "typed, not yet saved");
}

/// Bug 9: after a relabel the inspector names the relations the rules no
/// longer allow and deletes them, as one step, when asked.
#[test]
fn the_inspector_offers_to_delete_relations_a_relabel_left_off_schema() {
    let (mut harness, event_span) = harness_with_span();
    let session = harness.state().session();
    let schema = session.schema();
    let actor = schema.label_by_name(LabelKind::Span, "ACTOR").unwrap().id;
    let participant = schema
        .label_by_name(LabelKind::Relation, "participant")
        .unwrap()
        .id;
    harness.state_mut().apply_action(
        Edit::CreateSpan {
            start_char: 26,
            end_char: 37,
            label: actor,
        }
        .into(),
    );
    harness.run();
    let actor_span = harness.state().article_state().selected_span().unwrap();
    harness.state_mut().apply_action(
        Edit::CreateRelation {
            from: event_span,
            to: actor_span,
            label: participant,
            any_labels: false,
        }
        .into(),
    );
    harness.run();
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SelectSpan {
            span: Some(event_span),
            scroll: false,
        });
    harness.run();
    let delete = glossator::ui::panels::inspector::DELETE_OFF_SCHEMA_LABEL;
    assert!(
        harness.query_by_label(delete).is_none(),
        "nothing off the schema yet"
    );
    harness.state_mut().apply_action(
        Edit::RelabelSpan {
            span: event_span,
            label: actor,
        }
        .into(),
    );
    harness.run();
    let relations = |harness: &Harness<'_, GlossatorApp>| {
        let store = harness.state().session().store();
        store.relations_touching(event_span).unwrap().len()
    };
    assert_eq!(relations(&harness), 1, "kept until the user chooses");
    harness.get_by_label(delete).click();
    harness.run();
    assert_eq!(relations(&harness), 0);
    assert!(harness.query_by_label(delete).is_none());
    harness.state_mut().apply_action(Edit::Undo.into());
    harness.run();
    assert_eq!(relations(&harness), 1);
}
