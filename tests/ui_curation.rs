//! Issue 19, the curation view: Project › Curate… makes gold the layer the
//! article edits, Tab / Shift+Tab step through the undecided candidates, A
//! accepts, X rejects, a label's key accepts as that label, Ctrl+A accepts
//! what every annotator agrees on; each undoes; the keys keep their old
//! meaning outside curation and while typing; the document list counts
//! what is left and filters what needs curation; all of it is in the
//! project file (tests/data/handmade/curation-ui/three-annotators.jsonl).

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::curate::CandidateState;
use glossator::model::{DocumentId, LabelKind, SpanKey, GOLD_LAYER};
use glossator::session::Session;
use glossator::store::{CurationReads as _, LayerReads as _};
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::panels::documents::{FILTER_LABEL, STATUS_FILTER_LABEL};
use glossator::ui::GlossatorApp;

/// c1 "Rebels attacked the town and police arrested two men": Rebels ACTOR
/// and attacked EVENT by all three (all agree), police ACTOR by ana and
/// ben (some agree), arrested EVENT by ana and CLAIM by ben (disagree), two
/// men ACTOR by cy (only one). c2: one candidate ana and ben agree on. c3:
/// only ana finished it (nothing to curate).
const REBELS: (usize, usize) = (0, 6);
const ATTACKED: (usize, usize) = (7, 15);
const POLICE: (usize, usize) = (29, 35);

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    common::curation_ui::imported(dir, "curation-ui/three-annotators.jsonl")
}

/// The app on `project` as ana, with c1 (the first document) open.
fn harness(project: &std::path::Path) -> Harness<'static, GlossatorApp> {
    common::curation_ui::app_as_ana(project, false)
}

fn curate(harness: &mut Harness<'_, GlossatorApp>) {
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Curate));
    harness.run();
    assert!(harness.state().is_curating());
    assert_eq!(harness.state().session().annotator(), GOLD_LAYER);
    focus_article(harness);
}

fn focus_article(harness: &mut Harness<'_, GlossatorApp>) {
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn open_id(harness: &Harness<'_, GlossatorApp>) -> DocumentId {
    harness.state().session().open_id().unwrap()
}

/// Gold's spans of the open document, as (start, end, label name).
fn gold(harness: &Harness<'_, GlossatorApp>) -> Vec<(usize, usize, String)> {
    let session = harness.state().session();
    let mut spans: Vec<_> = session
        .store()
        .layer_spans_of(open_id(harness), GOLD_LAYER)
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                s.start_char(),
                s.end_char(),
                session.schema().label_name(s.label_id()).to_string(),
            )
        })
        .collect();
    spans.sort();
    spans
}

fn span(range: (usize, usize), label: &str) -> (usize, usize, String) {
    (range.0, range.1, label.to_string())
}

fn key(harness: &Harness<'_, GlossatorApp>, range: (usize, usize), label: &str) -> SpanKey {
    let label = harness
        .state()
        .session()
        .schema()
        .label_by_name(LabelKind::Span, label)
        .unwrap()
        .id;
    SpanKey {
        start_char: range.0,
        end_char: range.1,
        label,
    }
}

fn selected(harness: &Harness<'_, GlossatorApp>) -> Option<(usize, usize)> {
    harness.state().article_state().selected_range()
}

fn state_of(harness: &Harness<'_, GlossatorApp>, key: SpanKey) -> CandidateState {
    harness
        .state()
        .curation_candidates()
        .iter()
        .find(|c| c.key == key)
        .unwrap()
        .state
}

#[test]
fn tab_selects_undecided_candidates_and_a_accepts_into_gold_x_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate(&mut harness);
    assert_eq!(harness.state().curation_undecided(), 6);
    harness.get_by_label(glossator::ui::curation::CURATION_BAR_LABEL);

    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness), Some(REBELS));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness), Some(ATTACKED));
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(selected(&harness), Some(REBELS));

    // A: into gold, with the curator's provenance and its three voters;
    // the next undecided candidate is selected.
    press(&mut harness, Modifiers::NONE, Key::A);
    assert_eq!(gold(&harness), [span(REBELS, "ACTOR")]);
    let store = harness.state().session().store();
    let rebels = key(&harness, REBELS, "ACTOR");
    let id = store
        .gold_span_at(open_id(&harness), rebels)
        .unwrap()
        .unwrap();
    let provenance = store.span_provenance(id).unwrap().unwrap();
    assert_eq!(provenance.origin, glossator::model::Origin::Curator);
    assert_eq!(provenance.voters, ["ana", "ben", "cy"]);
    assert_eq!(state_of(&harness, rebels), CandidateState::Accepted);
    assert_eq!(selected(&harness), Some(ATTACKED));

    // X: rejected, not in gold, and Tab never comes back to it.
    press(&mut harness, Modifiers::NONE, Key::X);
    let attacked = key(&harness, ATTACKED, "EVENT");
    assert_eq!(state_of(&harness, attacked), CandidateState::Rejected);
    assert_eq!(gold(&harness), [span(REBELS, "ACTOR")]);
    assert_eq!(harness.state().curation_undecided(), 4);
    for _ in 0..6 {
        press(&mut harness, Modifiers::NONE, Key::Tab);
        assert_ne!(selected(&harness), Some(ATTACKED));
        assert_ne!(selected(&harness), Some(REBELS));
    }

    // Undo takes the rejection back, then the acceptance.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(state_of(&harness, attacked), CandidateState::AllAgree);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(state_of(&harness, rebels), CandidateState::AllAgree);
    assert!(gold(&harness).is_empty());
    assert_eq!(harness.state().curation_undecided(), 6);
}

#[test]
fn a_label_key_accepts_as_that_label_and_ctrl_a_accepts_all_agreed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate(&mut harness);
    while selected(&harness) != Some(POLICE) {
        press(&mut harness, Modifiers::NONE, Key::Tab);
    }
    // 3 is CLAIM's key: police goes into gold as a CLAIM.
    press(&mut harness, Modifiers::NONE, Key::Num3);
    assert_eq!(gold(&harness), [span(POLICE, "CLAIM")]);
    // Ctrl+A: the two candidates all three agree on, as one step.
    press(&mut harness, Modifiers::COMMAND, Key::A);
    assert_eq!(
        gold(&harness),
        [
            span(REBELS, "ACTOR"),
            span(ATTACKED, "EVENT"),
            span(POLICE, "CLAIM")
        ]
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&harness), [span(POLICE, "CLAIM")]);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(gold(&harness).is_empty());
    // The ACTOR candidate there is undecided again.
    assert_eq!(
        state_of(&harness, key(&harness, POLICE, "ACTOR")),
        CandidateState::SomeAgree
    );
}

/// While a text field has the keys, A, X, Tab and Ctrl+A are typing.
#[test]
fn curation_keys_do_nothing_while_typing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness), Some(REBELS));
    harness.get_by_label(FILTER_LABEL).click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::A);
    press(&mut harness, Modifiers::NONE, Key::X);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert!(gold(&harness).is_empty());
    assert_eq!(harness.state().curation_undecided(), 6);
}

/// Outside curation A, X, Ctrl+A and the label keys mean what they meant:
/// nothing goes into gold, Tab selects the next span of my own layer.
#[test]
fn outside_curation_the_keys_keep_their_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    focus_article(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    let mine = harness.state().article_state().selected_span();
    assert!(mine.is_some(), "Tab selects one of ana's spans");
    press(&mut harness, Modifiers::NONE, Key::A);
    press(&mut harness, Modifiers::NONE, Key::X);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    assert!(gold(&harness).is_empty());
    assert_eq!(harness.state().session().annotator(), "ana");
    // Leaving curation brings ana's layer back.
    curate(&mut harness);
    harness
        .get_by_label(glossator::ui::curation::STOP_BUTTON_LABEL)
        .click();
    harness.run();
    assert!(!harness.state().is_curating());
    assert_eq!(harness.state().session().annotator(), "ana");
}

fn wait_for_progress(harness: &mut Harness<'_, GlossatorApp>) {
    harness.run();
    harness.state_mut().wait_for_curation_progress();
    harness.run();
}

#[test]
fn the_list_counts_what_is_left_and_filters_what_needs_curation() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    wait_for_progress(&mut harness);
    let c1 = open_id(&harness);
    // What the list draws beside each title ("6 left").
    assert_eq!(harness.state().curation_progress().left(c1), Some(6));
    curate(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    wait_for_progress(&mut harness);
    assert_eq!(harness.state().curation_progress().left(c1), Some(4));

    harness.get_by_label(STATUS_FILTER_LABEL).click();
    harness.run();
    harness.get_by_label("Needs curation").click();
    harness.run();
    // c1 and c2 have candidates left; c3 was finished by ana alone.
    harness.get_by_label("2 of 3");
}

/// Decisions are in the project: a new window on it shows them, and a
/// rejected candidate is still not proposed.
#[test]
fn curation_survives_closing_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    {
        let mut harness = harness(&project);
        curate(&mut harness);
        press(&mut harness, Modifiers::NONE, Key::Tab);
        press(&mut harness, Modifiers::NONE, Key::A);
        press(&mut harness, Modifiers::NONE, Key::X);
        harness.state_mut().close_project();
    }
    let mut harness = harness(&project);
    curate(&mut harness);
    assert_eq!(gold(&harness), [span(REBELS, "ACTOR")]);
    assert_eq!(
        state_of(&harness, key(&harness, ATTACKED, "EVENT")),
        CandidateState::Rejected
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(selected(&harness), Some(POLICE));
}

/// Merge by strategy… runs `threshold` (2 votes, half the finished
/// annotators) in the background, keeping what the curator decided; replacing
/// gold asks first, naming how many gold annotations go.
#[test]
fn a_strategy_runs_over_the_corpus_and_replacing_asks_first() {
    use glossator::ui::windows::curate::{REPLACE_GOLD_LABEL, RUN_CURATION_LABEL};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate(&mut harness);
    while selected(&harness) != Some(POLICE) {
        press(&mut harness, Modifiers::NONE, Key::Tab);
    }
    press(&mut harness, Modifiers::NONE, Key::Num3);
    harness
        .get_by_label(glossator::ui::curation::MERGE_BUTTON_LABEL)
        .click();
    harness.run();
    // A background job: the window keeps drawing while it runs.
    harness.get_by_label(RUN_CURATION_LABEL).click();
    // One frame applies the click; the progress bar repaints while it runs.
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    // Police stays the curator's CLAIM; arrested (one vote per label) and
    // two men (one vote) stay out.
    assert_eq!(
        gold(&harness),
        [
            span(REBELS, "ACTOR"),
            span(ATTACKED, "EVENT"),
            span(POLICE, "CLAIM")
        ]
    );

    harness
        .get_by_label("Replace gold: rebuild it from the votes alone (asks first)")
        .click();
    harness.run();
    harness.get_by_label(RUN_CURATION_LABEL).click();
    harness.run();
    assert!(!harness.state().job_running(), "nothing runs before a yes");
    // c1's three and c2's one.
    assert!(harness
        .query_by_label_contains("removes its 4 annotations")
        .is_some());
    harness.get_by_label(REPLACE_GOLD_LABEL).click();
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    assert_eq!(
        gold(&harness),
        [
            span(REBELS, "ACTOR"),
            span(ATTACKED, "EVENT"),
            span(POLICE, "ACTOR")
        ]
    );
}

/// Closing View › Preferences while curating (it re-reads the name) once
/// took gold away from under the curator.
#[test]
fn closing_the_preferences_keeps_curating() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&project(dir.path()));
    curate(&mut harness);
    harness.state_mut().apply_action(Action::SwitchAnnotator);
    harness.run();
    assert!(harness.state().is_curating());
    assert_eq!(harness.state().session().annotator(), GOLD_LAYER);
}

/// The candidates the view shows are followed edit by edit, not read
/// again; after accepts, a rejection, undo, redo, a gold span deleted and one
/// tagged by hand they equal what a fresh read of the project gives.
#[test]
fn the_followed_candidates_equal_a_fresh_read() {
    let dir = tempfile::tempdir().unwrap();
    let project = project(dir.path());
    let mut harness = harness(&project);
    curate(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::A);
    press(&mut harness, Modifiers::NONE, Key::X);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Y);
    press(&mut harness, Modifiers::COMMAND, Key::A);
    // Gold by hand: delete the span Rebels got, tag "the town".
    let rebels = harness.state().session().open().unwrap().spans[0].id;
    harness
        .state_mut()
        .apply_action(glossator::session::Edit::DeleteSpan(rebels).into());
    common::ui_app::tag(&mut harness, "ACTOR", 16, 24);
    harness.run();

    let followed = harness.state().session().curation().unwrap().clone();
    let mut fresh = Session::open_project(&project).unwrap();
    fresh.set_annotator(Some(GOLD_LAYER.into())).unwrap();
    fresh.open_document(open_id(&harness)).unwrap();
    fresh.load_curation().unwrap();
    let fresh = fresh.curation().unwrap();
    assert_eq!(followed.candidates, fresh.candidates);
    assert_eq!(followed.layers.span_decisions, fresh.layers.span_decisions);
    assert_eq!(
        state_of(&harness, key(&harness, REBELS, "ACTOR")),
        CandidateState::Rejected
    );
}
