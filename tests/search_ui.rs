//! Issue 20 in the window (egui_kittest, no display): the Search panel
//! (Ctrl+F, Ctrl+Shift+F in the background, F3 / Shift+F3, Enter) and Tag
//! all occurrences (preview, one undo).

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::model::LabelKind;
use glossator::session::Session;
use glossator::store::{OpenMode, Reader, Store};
use glossator::ui::panels::search::SEARCH_LABEL;
use glossator::ui::settings::Settings;
use glossator::ui::windows::tag_all::TAG_BUTTON_LABEL;
use glossator::ui::GlossatorApp;

const CMD: Modifiers = Modifiers {
    ctrl: true,
    command: true,
    ..Modifiers::NONE
};
const CMD_SHIFT: Modifiers = Modifiers {
    ctrl: true,
    command: true,
    shift: true,
    ..Modifiers::NONE
};

/// The sample article and two more documents, in a project file (so that a
/// corpus search runs in the background, on its own connection).
fn app(dir: &std::path::Path) -> GlossatorApp {
    let project = dir.join("p.sqlite");
    let (mut store, _) = Store::open(&project, OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let input = dir.join("more.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"two\", \"text\": \"The Taliban met in Doha.\"}\n\
         {\"id\": \"three\", \"text\": \"No one here.\"}\n",
    )
    .unwrap();
    let (files, notices) = glossator::formats::collect_import_files(&[input], None).unwrap();
    glossator::formats::import_files(&mut store, &files, notices, &mut |_, _| true).unwrap();
    GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    )
}

fn harness(app: GlossatorApp) -> Harness<'static, GlossatorApp> {
    common::ui_app::window(app, false)
}

/// A key, then frames enough for the article and the hit list to finish
/// scrolling to the hit (they animate).
fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(12);
}

fn search_for(harness: &mut Harness<'_, GlossatorApp>, query: &str) {
    harness.get_by_label(SEARCH_LABEL).type_text(query);
    harness.run();
    press(harness, Modifiers::NONE, Key::Enter);
}

/// Frames until the background search has answered.
fn wait_for_search(harness: &mut Harness<'_, GlossatorApp>) {
    for _ in 0..2000 {
        harness.step();
        if !harness.state().search_panel().is_running() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the search never finished");
}

fn selected_text(harness: &Harness<'_, GlossatorApp>) -> String {
    let app = harness.state();
    let (start, end) = app.article_state().selected_range().expect("a selection");
    app.session().open().unwrap().slice(start, end)
}

#[test]
fn ctrl_f_finds_in_the_document_and_f3_steps_through_the_hits() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(app(dir.path()));
    let sample = harness.state().session().open_id();
    press(&mut harness, CMD, Key::F);
    search_for(&mut harness, "taliban");
    let hits = harness.state().search_panel().hits().to_vec();
    assert!(hits.len() > 3, "{hits:?}");
    assert!(hits.iter().all(|h| Some(h.document_id) == sample));
    // Enter opened the first hit: its text is selected in the article.
    let first = (hits[0].start, hits[0].end);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some(first)
    );
    assert_eq!(selected_text(&harness), "Taliban");
    press(&mut harness, Modifiers::NONE, Key::F3);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((hits[1].start, hits[1].end))
    );
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    let last = hits.last().unwrap();
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((last.start, last.end)),
        "Shift+F3 from the first wraps to the last"
    );
}

#[test]
fn ctrl_shift_f_searches_every_document_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(app(dir.path()));
    press(&mut harness, CMD_SHIFT, Key::F);
    search_for(&mut harness, "taliban doha");
    wait_for_search(&mut harness);
    let hits = harness.state().search_panel().hits().to_vec();
    let documents: Vec<&str> = hits.iter().map(|h| h.document.as_str()).collect();
    assert!(documents.contains(&"two"), "{documents:?}");
    assert!(!documents.contains(&"three"));
    // Enter on the same query opens the next hit (the first, here).
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let open = harness.state().session().open().unwrap();
    assert_eq!(open.document.id, hits[0].document_id);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((hits[0].start, hits[0].end))
    );
}

#[test]
fn a_bad_query_is_explained_in_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(app(dir.path()));
    press(&mut harness, CMD, Key::F);
    search_for(&mut harness, "\"unclosed");
    harness.get_by_label("character 1 of the query: this quote is never closed");
    assert!(harness.state().search_panel().hits().is_empty());
}

#[test]
fn tag_all_occurrences_previews_then_tags_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let (open, actor) = {
        let session = app.session();
        let actor = session
            .schema()
            .label_by_name(LabelKind::Span, "ACTOR")
            .unwrap()
            .id;
        (session.open().unwrap(), actor)
    };
    // "Afghanistan" tagged ACTOR once by hand (the new span is selected).
    let document = open.document.id;
    let first = open.document.text.find("Afghanistan").unwrap();
    let start_char = open.document.text[..first].chars().count();
    let occurrences = open.document.text.match_indices("Afghanistan").count();
    assert!(occurrences > 2);
    let mut harness = harness(app);
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::Edit(
            glossator::session::Edit::CreateSpan {
                start_char,
                end_char: start_char + 11,
                label: actor,
            },
        ));
    harness.run();
    let before = harness
        .state()
        .session()
        .store()
        .spans_of(document)
        .unwrap()
        .len();
    press(&mut harness, CMD_SHIFT, Key::T);
    harness.get_by_label(TAG_BUTTON_LABEL).click();
    harness.run();
    let after = harness
        .state()
        .session()
        .store()
        .spans_of(document)
        .unwrap();
    let tagged = after.len() - before;
    assert!(
        tagged > 0 && tagged < occurrences,
        "{tagged} of {occurrences}"
    );
    // Every occurrence now lies inside an ACTOR span.
    let text = &harness.state().session().open().unwrap().document.text;
    for (byte, _) in text.match_indices("Afghanistan") {
        let start = text[..byte].chars().count();
        assert!(
            after.iter().any(|s| s.label_id() == actor
                && s.start_char() <= start
                && start + 11 <= s.end_char()),
            "at {start}"
        );
    }
    press(&mut harness, CMD, Key::Z);
    assert_eq!(
        harness
            .state()
            .session()
            .store()
            .spans_of(document)
            .unwrap()
            .len(),
        before,
        "one undo removes them all"
    );
}

#[test]
fn tag_all_without_a_selected_span_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(app(dir.path()));
    press(&mut harness, CMD_SHIFT, Key::T);
    assert_eq!(
        harness.state().message(),
        glossator::ui::panels::status::Message::Error(
            "select a span first (click it): Tag all occurrences tags its text with its label"
                .into()
        )
    );
    assert!(harness.query_by_label(TAG_BUTTON_LABEL).is_none());
}

/// Seen in a hands-on check: with "Snap selections to words" on, the hit
/// "Taliban" inside "Tehrik-i-Taliban" was shown (and would be tagged) as
/// the whole compound. A hit is tagged exactly as found.
#[test]
fn a_hit_inside_a_longer_word_is_tagged_as_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(app(dir.path()));
    harness
        .state_mut()
        .article_state_mut()
        .set_snap_to_words(true);
    press(&mut harness, CMD, Key::F);
    search_for(&mut harness, "taliban");
    let open = harness.state().session().open().unwrap();
    let text: String = open.chars.iter().collect();
    let hits = harness.state().search_panel().hits().to_vec();
    let inside = hits
        .iter()
        .position(|h| {
            let before: String = open.chars[h.start.saturating_sub(9)..h.start]
                .iter()
                .collect();
            before.ends_with("Tehrik-i-")
        })
        .unwrap_or_else(|| panic!("no hit inside Tehrik-i-Taliban in {text:?}"));
    for _ in 0..inside {
        press(&mut harness, Modifiers::NONE, Key::F3);
    }
    let hit = (hits[inside].start, hits[inside].end);
    let app = harness.state();
    let open = app.session().open().unwrap();
    assert_eq!(app.article_state().range_to_tag(open), Some(hit));
}
