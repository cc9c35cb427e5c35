//! The annotator's day (issue 16): the article view and the document list,
//! driven like tests/ui.rs (egui_kittest, no display). Each test failed
//! before its fix.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::{import_documents, ImportDocument, Location, ParsedInput};
use glossator::session::Session;
use glossator::store::{OpenMode, Store};
use glossator::ui::action::Action;
use glossator::ui::settings::{Settings, ThemeChoice};
use glossator::ui::GlossatorApp;

fn store_with(store: &mut Store, documents: &[(&str, &str)]) {
    let documents = documents
        .iter()
        .map(|(title, text)| {
            let mut document =
                ImportDocument::plain(Location::file(Path::new("day.txt")), (*text).into());
            document.title = Some((*title).into());
            document
        })
        .collect();
    import_documents(
        store,
        ParsedInput {
            documents,
            ..ParsedInput::default()
        },
    )
    .unwrap();
}

fn app_with(documents: &[(&str, &str)]) -> GlossatorApp {
    let mut store = Store::in_memory().unwrap();
    store_with(&mut store, documents);
    GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    )
}

/// A project file holding `documents`.
fn project_file(dir: &Path, name: &str, documents: &[(&str, &str)]) -> PathBuf {
    let path = dir.join(name);
    let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    store_with(&mut store, documents);
    path
}

fn harness(app: GlossatorApp) -> Harness<'static, GlossatorApp> {
    harness_sized(app, [1400.0, 900.0])
}

fn harness_sized(app: GlossatorApp, size: [f32; 2]) -> Harness<'static, GlossatorApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        // Frames as a screen shows them: two clicks a few frames apart are
        // a double click (kittest's default step is a quarter second).
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.run();
    harness
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// The galley the article holds for its first paragraph.
fn first_galley(harness: &Harness<'_, GlossatorApp>) -> Arc<egui::Galley> {
    let layout = harness.state().article().layout().unwrap();
    layout.paragraphs[0].galley().unwrap()
}

/// Bug 1: a theme switch makes egui rebuild its glyph atlas; a galley laid
/// out before points at glyphs that are gone (wrong or missing letters).
#[test]
fn a_theme_switch_lays_the_article_out_again() {
    let mut harness = harness(app_with(&[("one", "Some words to draw.")]));
    harness.state_mut().settings_mut().theme = ThemeChoice::Dark;
    harness.run();
    let before = first_galley(&harness);
    harness.run();
    assert!(
        Arc::ptr_eq(&before, &first_galley(&harness)),
        "with nothing changed the galley is kept"
    );
    harness.state_mut().settings_mut().theme = ThemeChoice::Light;
    harness.run();
    assert!(
        !Arc::ptr_eq(&before, &first_galley(&harness)),
        "the galley from the dark theme's atlas is still drawn"
    );
}

/// Bug 2 and bug 20 (scroll): another project whose document has the same
/// id and length draws its own text, from its own top.
#[test]
fn opening_another_project_resets_the_article_view() {
    let dir = tempfile::tempdir().unwrap();
    let alpha = "Alpha line.\n".repeat(300);
    let bravo = "Bravo line.\n".repeat(300);
    let first = project_file(dir.path(), "first.sqlite", &[("alpha", &alpha)]);
    let second = project_file(dir.path(), "second.sqlite", &[("bravo", &bravo)]);
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(Store::open(&first, OpenMode::Existing).unwrap().0).unwrap(),
        Settings::default(),
    );
    let mut harness = harness(app);
    let top = harness.state().article().screen_pos(0).unwrap();
    harness
        .state_mut()
        .article_state_mut()
        .scroll_to(alpha.chars().count() - 5);
    harness.run();
    let scrolled = harness.state().article().screen_pos(0).unwrap();
    assert!(
        scrolled.y < top.y - 500.0,
        "the first project scrolled down"
    );

    harness
        .state_mut()
        .apply_action(Action::OpenProject(second));
    harness.run();
    assert!(first_galley(&harness).job.text.starts_with("Bravo"));
    let reopened = harness.state().article().screen_pos(0).unwrap();
    assert_eq!(reopened, top, "the other project opens at its top");
}

/// The label whose shortcut is `key`, from the open project's schema.
fn label_with_key(harness: &Harness<'_, GlossatorApp>, key: &str) -> glossator::model::LabelId {
    let schema = harness.state().session().schema();
    let label = schema
        .span_labels()
        .find(|l| l.shortcut.as_deref() == Some(key));
    label.unwrap().id
}

/// Bug 8: Shift+1 on a US layout arrives as "!" (a key of its own in egui),
/// Shift+2 as the key 2; both make their label sticky.
#[test]
fn shift_digit_turns_on_sticky_whatever_the_layout_makes_of_it() {
    let mut harness = harness(app_with(&[("one", "Some words to tag.")]));
    let first = label_with_key(&harness, "1");
    harness.event(egui::Event::Key {
        key: Key::Exclamationmark,
        physical_key: Some(Key::Num1),
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    });
    harness.run();
    assert_eq!(harness.state().article_state().sticky_label(), Some(first));
    press(&mut harness, Modifiers::SHIFT, Key::Num1);
    assert_eq!(
        harness.state().article_state().sticky_label(),
        None,
        "Shift+1 again stops"
    );
}

/// Presses and releases the primary button at `pos`, a frame each.
fn click_at(harness: &mut Harness<'_, GlossatorApp>, pos: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
}

/// What the article shows selected, and a label key would tag.
fn selected(harness: &Harness<'_, GlossatorApp>) -> Option<(usize, usize)> {
    let open = harness.state().session().open().unwrap();
    harness.state().article_state().range_to_tag(open)
}

/// Bug 4: 👨‍👩‍👧 (code points 3..8 here) is one grapheme: a double click on
/// 👩 takes all of it, Ctrl+→ jumps over it, a click never lands inside it.
#[test]
fn a_zwj_family_is_never_split() {
    let mut harness = harness(app_with(&[("one", "we 👨‍👩‍👧 go")]));
    harness.state_mut().article_state_mut().collapse_to(0);
    press(&mut harness, Modifiers::CTRL, Key::ArrowRight);
    assert_eq!(harness.state().article_state().caret(), 9, "Ctrl+→ to “go”");
    press(&mut harness, Modifiers::CTRL, Key::ArrowLeft);
    assert_eq!(harness.state().article_state().caret(), 0);

    // The middle of 👩, code point 5.
    let woman = harness.state().article().screen_pos(5).unwrap() + egui::vec2(2.0, 0.0);
    click_at(&mut harness, woman);
    click_at(&mut harness, woman);
    harness.run();
    assert_eq!(selected(&harness), Some((3, 8)));

    // A caret put inside the sequence by hand moves to its edge.
    harness.state_mut().article_state_mut().collapse_to(5);
    harness.run();
    assert_eq!(harness.state().article_state().caret(), 3);
}

/// Bug 5: End stops before the CR of a CRLF; End then Shift+Home selects the
/// line without it; what is shown selected (snapped to words: the full stop
/// goes) is what the label key tags.
#[test]
fn the_caret_never_sits_inside_a_crlf() {
    let text = "First line, with words.\r\nSecond line.";
    let mut harness = harness(app_with(&[("crlf", text)]));
    harness.state_mut().article_state_mut().collapse_to(3);
    press(&mut harness, Modifiers::NONE, Key::End);
    assert_eq!(harness.state().article_state().caret(), 23, "before the CR");
    press(&mut harness, Modifiers::SHIFT, Key::Home);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((0, 23))
    );
    assert_eq!(selected(&harness), Some((0, 22)));
    press(&mut harness, Modifiers::NONE, Key::Num1);
    let open = harness.state().session().open().unwrap();
    let spans: Vec<_> = open
        .spans
        .iter()
        .map(|s| (s.start_char(), s.end_char()))
        .collect();
    assert_eq!(spans, vec![(0, 22)]);

    // → from before the CR goes past the whole line break; ← comes back.
    harness.state_mut().article_state_mut().collapse_to(23);
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(harness.state().article_state().caret(), 25);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(harness.state().article_state().caret(), 23);
    // Shift+End from the line's start never ends between CR and LF.
    harness.state_mut().article_state_mut().collapse_to(24);
    harness.run();
    assert_eq!(harness.state().article_state().caret(), 23);
}

fn open_title(harness: &Harness<'_, GlossatorApp>) -> String {
    let open = harness.state().session().open().unwrap();
    open.document.title.clone()
}

fn list_shows(harness: &Harness<'_, GlossatorApp>, title: &str) -> bool {
    harness
        .query_by_role_and_label(egui::accesskit::Role::ListBoxOption, title)
        .is_some()
}

/// Bug 19: ↓ in the filter box opens the next match and leaves the typing
/// there; the count says how many match; Alt+↓ scrolls the list along.
#[test]
fn the_document_filter_keeps_focus_counts_matches_and_the_list_follows() {
    // Each its own text: an import takes a text it already has only once.
    let titles: Vec<String> = (0..80).map(|i| format!("doc {i:02}")).collect();
    let mut documents: Vec<(&str, &str)> =
        titles.iter().map(|t| (t.as_str(), t.as_str())).collect();
    documents.push(("other", "other"));
    let mut harness = harness(app_with(&documents));
    let filter = glossator::ui::panels::documents::FILTER_LABEL;
    assert!(harness.query_by_label("81").is_some(), "all counted");
    harness.get_by_label(filter).click();
    harness.run();
    harness.get_by_label(filter).type_text("doc 1");
    harness.run();
    assert!(
        harness.query_by_label("10 of 81").is_some(),
        "the count follows the filter"
    );

    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        open_title(&harness),
        "doc 11",
        "the second ↓ went down the list too"
    );
    assert!(
        harness.ctx.text_edit_focused(),
        "the typing stays in the filter"
    );
}

/// Bug 19: Alt+↓ far down the list scrolls the list along with it.
#[test]
fn the_document_list_follows_alt_down() {
    let titles: Vec<String> = (0..80).map(|i| format!("doc {i:02}")).collect();
    let documents: Vec<(&str, &str)> = titles.iter().map(|t| (t.as_str(), t.as_str())).collect();
    let mut harness = harness(app_with(&documents));
    assert!(list_shows(&harness, "doc 00"));
    for _ in 0..60 {
        press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    }
    assert_eq!(open_title(&harness), "doc 60");
    assert!(
        list_shows(&harness, "doc 60"),
        "the open document is out of view"
    );
    assert!(!list_shows(&harness, "doc 00"));
}

fn article_rect(harness: &Harness<'_, GlossatorApp>) -> egui::Rect {
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .rect()
}

/// Tags `start..end` with the label on key "1" and returns the new span.
fn tag(
    harness: &mut Harness<'_, GlossatorApp>,
    start_char: usize,
    end_char: usize,
) -> glossator::model::SpanId {
    let label = label_with_key(harness, "1");
    harness
        .state_mut()
        .apply_action(Action::Edit(glossator::session::Edit::CreateSpan {
            start_char,
            end_char,
            label,
        }));
    harness.run();
    harness.state().article_state().selected_span().unwrap()
}

/// Bug 13: pressing R on a span with a long text, and selecting a relation
/// whose ends are long, leave the header, the article and the inspector
/// where they were; the hint is in the status line.
#[test]
fn hints_and_long_relation_ends_never_move_the_layout() {
    let long = "an extraordinarily long-winded stretch of words that goes on and on";
    let text = format!("{long}, then {long} again.");
    let mut harness = harness_sized(
        app_with(&[("A title of some length too", &text)]),
        [1000.0, 700.0],
    );
    let before = article_rect(&harness);
    let done = harness.get_by_label("Done ✔ next").rect();

    let from = tag(&mut harness, 0, 68);
    press(&mut harness, Modifiers::NONE, Key::R);
    assert!(harness.state().article_state().relation_from().is_some());
    assert_eq!(
        article_rect(&harness),
        before,
        "the R hint moved the article"
    );
    assert_eq!(harness.get_by_label("Done ✔ next").rect(), done);
    assert!(harness
        .query_by_label_contains("Tab or click the target")
        .is_some());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Escape);

    let to = tag(&mut harness, 75, 143);
    let relation_label = harness
        .state()
        .session()
        .schema()
        .relation_labels()
        .next()
        .unwrap()
        .id;
    harness
        .state_mut()
        .apply_action(Action::Edit(glossator::session::Edit::CreateRelation {
            from,
            to,
            label: relation_label,
            any_labels: true,
        }));
    harness.run();
    let relation = harness.state().article_state().selected_relation();
    assert!(relation.is_some(), "the new relation is selected");
    assert_eq!(article_rect(&harness), before, "the inspector widened");
    harness
        .state_mut()
        .apply_action(Action::SelectRelation(None));
    harness.run();
    assert_eq!(article_rect(&harness), before);
}

/// Bug 20: "1 spans". One of a thing is singular in the inspector, the
/// status line and the schema editor.
#[test]
fn one_of_a_thing_is_singular() {
    let mut harness = harness(app_with(&[("one", "a bc")]));
    harness
        .state_mut()
        .article_state_mut()
        .set_selected_range(0, 1);
    harness.run();
    // The inspector and the status line.
    assert_eq!(harness.query_all_by_label_contains("(1 char)").count(), 2);
    assert!(harness.query_by_label_contains("1 chars").is_none());
    tag(&mut harness, 2, 4);
    harness.state_mut().apply_action(Action::Command(
        glossator::ui::command::UiCommand::LabelSchema,
    ));
    harness.run();
    assert!(
        harness.query_by_label("1 span").is_some(),
        "the schema editor counts one span"
    );
    assert!(harness.query_by_label_contains("1 spans").is_none());
}
