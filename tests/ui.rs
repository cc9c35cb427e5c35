//! The annotator window, driven through the accessibility tree and simulated
//! input (egui_kittest; no display, no GPU). Each test checks the store.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::jsonl::parse_jsonl;
use glossator::formats::{import_documents, ImportDocument, Location, ParsedInput};
use glossator::model::{DocumentStatus, LabelKind, Span};
use glossator::session::Session;
use glossator::store::{LayerReads, Reader, Store};
use glossator::ui::article::ARTICLE_LABEL;
use glossator::ui::panels::inspector::palette_button_label;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

/// Ctrl as a real keyboard reports it on Linux and Windows (ctrl and command).
const CMD: Modifiers = Modifiers {
    ctrl: true,
    command: true,
    ..Modifiers::NONE
};

/// The sample article plus a second, short document, in memory.
fn app() -> GlossatorApp {
    let mut store = Store::in_memory().unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let mut second = ImportDocument::plain(
        Location::file(std::path::Path::new("second.txt")),
        "Second text, about Doha.".into(),
    );
    second.title = Some("second".into());
    import_documents(
        &mut store,
        ParsedInput {
            documents: vec![second],
            ..ParsedInput::default()
        },
    )
    .unwrap();
    GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    )
}

fn harness(app: GlossatorApp) -> Harness<'static, GlossatorApp> {
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.run();
    harness
}

/// Types `path` into the open path dialog, confirms with `confirm` and waits
/// for the background job that starts.
fn run_path_dialog_job(
    harness: &mut Harness<'_, GlossatorApp>,
    path: &std::path::Path,
    confirm: &str,
) {
    harness
        .get_by_label(glossator::ui::windows::path_dialog::PATH_LABEL)
        .click();
    harness.run();
    // The dialog suggests a path: select it all, then type over it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label(glossator::ui::windows::path_dialog::PATH_LABEL)
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label(confirm).click();
    // One frame starts the job; run() would keep stepping while the worker
    // asks for repaints, and can exceed the harness's step limit under load.
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
}

/// (start, end, label) of the open document's spans, from the store.
fn stored_spans(harness: &Harness<'_, GlossatorApp>) -> Vec<(usize, usize, String)> {
    let session = harness.state().session();
    let id = session.open_id().unwrap();
    let schema = session.store().schema().unwrap();
    session
        .store()
        .spans_of(id)
        .unwrap()
        .iter()
        .map(|s: &Span| {
            (
                s.start_char(),
                s.end_char(),
                schema.label_name(s.label_id()).to_string(),
            )
        })
        .collect()
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Selects `start..end` with the keyboard: Home, then arrows.
fn select_by_keyboard(harness: &mut Harness<'_, GlossatorApp>, start: usize, end: usize) {
    harness.state_mut().article_state_mut().collapse_to(0);
    for _ in 0..start {
        press(harness, Modifiers::NONE, Key::ArrowRight);
    }
    for _ in start..end {
        press(harness, Modifiers::SHIFT, Key::ArrowRight);
    }
}

/// Drags the mouse from the character at `from` to the one at `to`.
fn drag(harness: &mut Harness<'_, GlossatorApp>, from: usize, to: usize) {
    let start = harness.state().article().screen_pos(from).unwrap();
    let end = harness.state().article().screen_pos(to).unwrap();
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(start + (end - start) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(end);
    harness.run();
}

#[test]
fn the_sample_opens_with_the_article_focused() {
    let harness = harness(app());
    let session = harness.state().session();
    assert_eq!(
        session.open().unwrap().document.title,
        "Afghanistan and Pakistan cease-fire"
    );
    harness.get_by_label(ARTICLE_LABEL);
    harness.get_by_label(&palette_button_label("EVENT"));
    assert!(harness.get_by_label(ARTICLE_LABEL).is_focused());
}

#[test]
fn select_with_the_keyboard_and_press_a_label_key_then_relabel_delete_undo_redo() {
    let mut harness = harness(app());
    // "A cease-fire announced": a word by Ctrl+Shift+→ from offset 2 (the
    // hyphen does not stop it).
    select_by_keyboard(&mut harness, 2, 2);
    press(
        &mut harness,
        Modifiers::CTRL | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((2, 13))
    );
    press(&mut harness, Modifiers::NONE, Key::Num1);
    // Snapping trims the trailing space: "cease-fire".
    assert_eq!(stored_spans(&harness), vec![(2, 12, "EVENT".into())]);
    let open = harness.state().session().open().unwrap();
    assert_eq!(open.status, DocumentStatus::InProgress);
    let span = &open.spans[0];
    assert_eq!(
        span.data.attributes.get("type").map(String::as_str),
        Some("Conflict"),
        "default attribute"
    );

    // The new span is selected: a label key relabels it.
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(stored_spans(&harness), vec![(2, 12, "ACTOR".into())]);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(stored_spans(&harness), vec![]);

    press(&mut harness, CMD, Key::Z);
    assert_eq!(stored_spans(&harness), vec![(2, 12, "ACTOR".into())]);
    press(&mut harness, CMD, Key::Z);
    assert_eq!(stored_spans(&harness), vec![(2, 12, "EVENT".into())]);
    press(&mut harness, CMD, Key::Z);
    assert_eq!(stored_spans(&harness), vec![]);
    assert_eq!(
        harness.state().session().open().unwrap().status,
        DocumentStatus::New
    );
    press(&mut harness, CMD | Modifiers::SHIFT, Key::Z);
    assert_eq!(stored_spans(&harness), vec![(2, 12, "EVENT".into())]);
    press(&mut harness, CMD, Key::Y);
    assert_eq!(stored_spans(&harness), vec![(2, 12, "ACTOR".into())]);
}

#[test]
fn dragging_across_text_selects_and_snaps_to_words_on_punctuation() {
    let mut harness = harness(app());
    // From inside "Afghanistan" (26..37) to just past "Pakistan," (42..50).
    drag(&mut harness, 29, 51);
    assert_eq!(
        harness.state().article_state().selected_range(),
        Some((26, 50))
    );
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(stored_spans(&harness), vec![(26, 50, "ACTOR".into())]);
    let open = harness.state().session().open().unwrap();
    assert_eq!(open.slice(26, 50), "Afghanistan and Pakistan");
}

#[test]
fn without_snapping_the_selection_is_kept_as_dragged() {
    let mut app = app();
    app.settings_mut().snap_to_words = false;
    let mut harness = harness(app);
    drag(&mut harness, 29, 35);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    assert_eq!(stored_spans(&harness), vec![(29, 35, "ACTOR".into())]);
}

#[test]
fn clicking_the_palette_tags_the_selection_and_sticky_mode_tags_every_selection() {
    let mut harness = harness(app());
    drag(&mut harness, 2, 12);
    harness.get_by_label(&palette_button_label("EVENT")).click();
    harness.run();
    assert_eq!(stored_spans(&harness), vec![(2, 12, "EVENT".into())]);

    harness.get_by_label("Sticky ACTOR").click();
    harness.run();
    drag(&mut harness, 27, 30);
    drag(&mut harness, 43, 45);
    assert_eq!(
        stored_spans(&harness),
        vec![
            (2, 12, "EVENT".into()),
            (26, 37, "ACTOR".into()),
            (42, 50, "ACTOR".into())
        ]
    );
    // Shift+key toggles sticky mode off again.
    press(&mut harness, Modifiers::SHIFT, Key::Num2);
    assert_eq!(harness.state().article_state().sticky_label(), None);
}

#[test]
fn clicking_a_span_selects_it_and_tab_moves_between_spans() {
    let mut harness = harness(app());
    for (start, end, key) in [(2, 12, Key::Num1), (26, 37, Key::Num2), (42, 50, Key::Num2)] {
        select_by_keyboard(&mut harness, start, end);
        press(&mut harness, Modifiers::NONE, key);
    }
    let spans = harness.state().session().open().unwrap().spans.clone();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().article_state().selected_span(), None);

    let pos = harness.state().article().screen_pos(30).unwrap();
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run();
    assert_eq!(
        harness.state().article_state().selected_span(),
        Some(spans[1].id)
    );
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        harness.state().article_state().selected_span(),
        Some(spans[2].id)
    );
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(
        harness.state().article_state().selected_span(),
        Some(spans[0].id)
    );
}

#[test]
fn the_span_list_selects_spans() {
    let mut harness = harness(app());
    select_by_keyboard(&mut harness, 26, 37);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("ACTOR: Afghanistan").click();
    harness.run();
    let id = harness.state().session().open().unwrap().spans[0].id;
    assert_eq!(harness.state().article_state().selected_span(), Some(id));
}

#[test]
fn switching_documents_and_marking_done() {
    let mut harness = harness(app());
    harness.get_by_label("second").click();
    harness.run();
    assert_eq!(
        harness.state().session().open().unwrap().document.title,
        "second"
    );
    press(&mut harness, Modifiers::ALT, Key::ArrowUp);
    assert_eq!(
        harness.state().session().open().unwrap().document.title,
        "Afghanistan and Pakistan cease-fire"
    );
    press(&mut harness, Modifiers::ALT, Key::ArrowDown);
    assert_eq!(
        harness.state().session().open().unwrap().document.title,
        "second"
    );

    // Ctrl+Enter: done, then the next unfinished document.
    press(&mut harness, CMD, Key::Enter);
    let session = harness.state().session();
    assert_eq!(
        session.open().unwrap().document.title,
        "Afghanistan and Pakistan cease-fire"
    );
    let second = session
        .documents()
        .iter()
        .find(|d| d.title == "second")
        .unwrap()
        .id;
    assert_eq!(
        session
            .store()
            .layer_status(second, session.annotator())
            .unwrap(),
        Some(DocumentStatus::Done)
    );
    // Undo brings the status back, in the document where it changed.
    press(&mut harness, CMD, Key::Z);
    let session = harness.state().session();
    assert_eq!(session.open().unwrap().document.title, "second");
    assert_eq!(
        session
            .store()
            .layer_status(second, session.annotator())
            .unwrap(),
        None,
        "the layer the status made is gone with it: the document is new again"
    );
}

#[test]
fn the_filter_box_narrows_the_list() {
    let mut harness = harness(app());
    harness
        .get_by_label(glossator::ui::panels::documents::FILTER_LABEL)
        .click();
    harness.run();
    harness
        .get_by_label(glossator::ui::panels::documents::FILTER_LABEL)
        .type_text("seco");
    harness.run();
    assert!(harness
        .query_by_role_and_label(
            egui::accesskit::Role::ListBoxOption,
            "Afghanistan and Pakistan cease-fire"
        )
        .is_none());
    assert!(harness
        .query_by_role_and_label(egui::accesskit::Role::ListBoxOption, "second")
        .is_some());
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        harness.state().session().open().unwrap().document.title,
        "second"
    );
}

#[test]
fn attributes_are_set_from_the_inspector() {
    let mut harness = harness(app());
    select_by_keyboard(&mut harness, 2, 12);
    press(&mut harness, Modifiers::NONE, Key::Num1);
    harness.get_by_label("type").click();
    harness.run();
    harness.get_by_label("Agreement").click();
    harness.run();
    let span = harness.state().session().open().unwrap().spans[0].clone();
    assert_eq!(
        span.data.attributes.get("type").map(String::as_str),
        Some("Agreement")
    );
    let stored = harness
        .state()
        .session()
        .store()
        .span(span.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.data.attributes.get("type").map(String::as_str),
        Some("Agreement")
    );
}

#[test]
fn importing_through_the_dialog_runs_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let session = Session::new(glossator::project::open_for_app(&project, false).unwrap()).unwrap();
    let mut harness = harness(GlossatorApp::new(
        &egui::Context::default(),
        session,
        Settings::default(),
    ));
    assert!(harness.state().session().documents().is_empty());
    press(&mut harness, CMD, Key::I);
    let input = common::write(dir.path(), "gold.jsonl", common::gold_jsonl_line());
    run_path_dialog_job(&mut harness, &input, "Import");
    let session = harness.state().session();
    assert_eq!(session.documents().len(), 1);
    assert_eq!(session.open().unwrap().spans.len(), 30);
    match harness.state().message() {
        glossator::ui::panels::status::Message::Info(text) => {
            assert!(text.contains("Imported 1 document"), "{text}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_edit_is_in_the_file_as_soon_as_it_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let mut store = glossator::project::open_for_app(&project, false).unwrap();
    import_documents(
        &mut store,
        parse_jsonl(std::path::Path::new("g.jsonl"), &common::gold_jsonl_line()).unwrap(),
    )
    .unwrap();
    let mut harness = harness(GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    ));
    select_by_keyboard(&mut harness, 54, 60);
    press(&mut harness, Modifiers::NONE, Key::Num3);
    // A second connection, as a new process would have after a crash.
    let (other, _) = Store::open(&project, glossator::store::OpenMode::Existing).unwrap();
    let id = other.document_ids().unwrap()[0];
    let claim = other
        .schema()
        .unwrap()
        .label_by_name(LabelKind::Span, "CLAIM")
        .unwrap()
        .id;
    assert!(other
        .spans_of(id)
        .unwrap()
        .iter()
        .any(|s| s.start_char() == 54 && s.end_char() == 60 && s.label_id() == claim));
}

/// Tags `start..end` with the label key `key` (keyboard selection).
fn tag(
    harness: &mut Harness<'_, GlossatorApp>,
    start: usize,
    end: usize,
    key: Key,
) -> glossator::model::SpanId {
    select_by_keyboard(harness, start, end);
    press(harness, Modifiers::NONE, key);
    harness.state().article_state().selected_span().unwrap()
}

/// A relation as (type, from (start, end), to (start, end)).
type RelationTuple = (String, (usize, usize), (usize, usize));

/// The open document's stored relations.
fn stored_relations(harness: &Harness<'_, GlossatorApp>) -> Vec<RelationTuple> {
    let session = harness.state().session();
    let id = session.open_id().unwrap();
    let schema = session.store().schema().unwrap();
    let spans = session.store().spans_of(id).unwrap();
    let at = |span| {
        spans
            .iter()
            .find(|s| s.id == span)
            .map(|s| (s.start_char(), s.end_char()))
            .unwrap()
    };
    session
        .store()
        .relations_of(id)
        .unwrap()
        .iter()
        .map(|r| {
            (
                schema.label_name(r.data.label_id).to_string(),
                at(r.data.from_span),
                at(r.data.to_span),
            )
        })
        .collect()
}

#[test]
fn a_relation_by_keyboard_r_then_tab_then_enter_then_a_type_key() {
    let mut harness = harness(app());
    let event = tag(&mut harness, 2, 12, Key::Num1);
    tag(&mut harness, 26, 37, Key::Num2);
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SelectSpan {
            span: Some(event),
            scroll: false,
        });
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::R);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    // EVENT → ACTOR allows five types: the picker asks; 3 is "participant".
    harness.get_by_label("Relation type participant");
    press(&mut harness, Modifiers::NONE, Key::Num3);
    assert_eq!(
        stored_relations(&harness),
        vec![("participant".to_string(), (2, 12), (26, 37))]
    );

    // Selected now: Delete removes it, undo brings it back.
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert!(stored_relations(&harness).is_empty());
    press(&mut harness, CMD, Key::Z);
    assert_eq!(stored_relations(&harness).len(), 1);
}

#[test]
fn a_relation_with_one_allowed_type_asks_nothing() {
    let mut harness = harness(app());
    let claim = tag(&mut harness, 2, 12, Key::Num3);
    tag(&mut harness, 26, 37, Key::Num2);
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SelectSpan {
            span: Some(claim),
            scroll: false,
        });
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::R);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        stored_relations(&harness),
        vec![("source".to_string(), (2, 12), (26, 37))]
    );
}

#[test]
fn a_relation_by_ctrl_dragging_from_span_to_span() {
    let mut harness = harness(app());
    tag(&mut harness, 2, 12, Key::Num1);
    tag(&mut harness, 42, 50, Key::Num2);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    let start = harness.state().article().screen_pos(5).unwrap();
    let end = harness.state().article().screen_pos(45).unwrap();
    harness.hover_at(start);
    harness.run();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: start,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: CMD,
        },
        CMD,
    );
    harness.run();
    for step in 1..=4 {
        harness.event_modifiers(
            egui::Event::PointerMoved(start + (end - start) * (step as f32 / 4.0)),
            CMD,
        );
        harness.run();
    }
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: end,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: CMD,
        },
        CMD,
    );
    harness.run();
    harness.get_by_label("Relation type agent").click();
    harness.run();
    assert_eq!(
        stored_relations(&harness),
        vec![("agent".to_string(), (2, 12), (42, 50))]
    );
    // No text was selected by the drag.
    assert_eq!(harness.state().article_state().selected_range(), None);
}

#[test]
fn deleting_a_span_with_relations_and_undoing_brings_both_back() {
    let mut harness = harness(app());
    let claim = tag(&mut harness, 2, 12, Key::Num3);
    let actor = tag(&mut harness, 26, 37, Key::Num2);
    let source = label_id(&harness, "source");
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::Edit(
            glossator::session::Edit::CreateRelation {
                from: claim,
                to: actor,
                label: source,
                any_labels: false,
            },
        ));
    harness.run();
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SelectSpan {
            span: Some(actor),
            scroll: false,
        });
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(
        (
            stored_spans(&harness).len(),
            stored_relations(&harness).len()
        ),
        (1, 0)
    );
    press(&mut harness, CMD, Key::Z);
    assert_eq!(
        (
            stored_spans(&harness).len(),
            stored_relations(&harness).len()
        ),
        (2, 1)
    );
}

fn label_id(harness: &Harness<'_, GlossatorApp>, name: &str) -> glossator::model::LabelId {
    let schema = harness.state().session().schema();
    schema
        .label_by_name(LabelKind::Relation, name)
        .or_else(|| schema.label_by_name(LabelKind::Span, name))
        .unwrap()
        .id
}

#[test]
fn alt_digit_cycles_an_attribute_and_the_note_is_saved() {
    let mut harness = harness(app());
    let event = tag(&mut harness, 2, 12, Key::Num1);
    let attribute = |harness: &Harness<'_, GlossatorApp>, name: &str| {
        harness
            .state()
            .session()
            .store()
            .span(event)
            .unwrap()
            .unwrap()
            .data
            .attributes
            .get(name)
            .cloned()
    };
    assert_eq!(attribute(&harness, "type").as_deref(), Some("Conflict"));
    press(&mut harness, Modifiers::ALT, Key::Num1);
    assert_eq!(attribute(&harness, "type").as_deref(), Some("Attack"));
    press(&mut harness, Modifiers::ALT, Key::Num2);
    assert_eq!(attribute(&harness, "realis").as_deref(), Some("planned"));
    // Alt+digit is not a label key: still one span.
    assert_eq!(stored_spans(&harness).len(), 1);

    harness.get_by_label("Span note").click();
    harness.run();
    harness
        .get_by_label("Span note")
        .type_text("check the date");
    harness.run();
    harness.get_by_label(ARTICLE_LABEL).click();
    harness.run();
    let note = harness
        .state()
        .session()
        .store()
        .span(event)
        .unwrap()
        .unwrap()
        .data
        .note;
    assert_eq!(note, "check the date");
}

fn open_schema_editor(harness: &mut Harness<'_, GlossatorApp>) {
    harness
        .state_mut()
        .apply_action(glossator::ui::command::UiCommand::LabelSchema.into());
    harness.run();
}

#[test]
fn renaming_a_label_in_the_schema_editor_renames_it_everywhere() {
    let mut harness = harness(app());
    tag(&mut harness, 26, 37, Key::Num2);
    open_schema_editor(&mut harness);
    harness.get_by_label("Name of ACTOR").click();
    harness.run();
    press(&mut harness, CMD, Key::A);
    harness.get_by_label("Name of ACTOR").type_text("PARTY");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(stored_spans(&harness), vec![(26, 37, "PARTY".into())]);
    harness.get_by_label(&palette_button_label("PARTY"));
}

#[test]
fn removing_a_used_label_says_how_many_and_relabels_them() {
    let mut harness = harness(app());
    tag(&mut harness, 26, 37, Key::Num3);
    tag(&mut harness, 42, 50, Key::Num3);
    open_schema_editor(&mut harness);
    harness.get_by_label("Remove CLAIM").click();
    harness.run();
    assert!(harness
        .query_by_label_contains("CLAIM is used by 2 annotations")
        .is_some());
    // Cancel keeps everything.
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(stored_spans(&harness).len(), 2);
    harness.get_by_label("Remove CLAIM").click();
    harness.run();
    harness.get_by_label("Relabel as").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "ACTOR")
        .click();
    harness.run();
    harness.get_by_label("Relabel and remove").click();
    harness.run();
    assert_eq!(
        stored_spans(&harness),
        vec![(26, 37, "ACTOR".into()), (42, 50, "ACTOR".into())]
    );
    assert!(harness
        .state()
        .session()
        .schema()
        .label_by_name(LabelKind::Span, "CLAIM")
        .is_none());
}

#[test]
fn a_shortcut_that_clashes_is_refused() {
    let mut harness = harness(app());
    open_schema_editor(&mut harness);
    harness.get_by_label("Key of CLAIM").click();
    harness.run();
    press(&mut harness, CMD, Key::A);
    harness.get_by_label("Key of CLAIM").type_text("2");
    harness.run();
    match harness.state().message() {
        glossator::ui::panels::status::Message::Error(text) => {
            assert_eq!(text, "key \"2\" already tags ACTOR")
        }
        other => panic!("{other:?}"),
    }
    let claim = harness
        .state()
        .session()
        .schema()
        .label_by_name(LabelKind::Span, "CLAIM")
        .unwrap()
        .clone();
    assert_eq!(claim.shortcut.as_deref(), Some("3"));
}

/// A project another process edits opens read-only: the status bar says so,
/// and an edit is refused with a message instead of being lost or interleaved.
#[test]
fn a_project_edited_elsewhere_opens_read_only_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let input = common::write(dir.path(), "gold.jsonl", common::gold_jsonl_line());
    common::ok(common::glossator(&[&"import", &project, &input]));
    let mut writer = common::busy_writer(&project);

    let store = glossator::project::open_for_app(&project, false).unwrap();
    let mut harness = harness(GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    ));
    let status = format!(
        "⚠ read-only: open in another Glossator, process {}",
        writer.id()
    );
    harness.get_by_label(&status);
    select_by_keyboard(&mut harness, 54, 60);
    press(&mut harness, Modifiers::NONE, Key::Num3);
    match harness.state().message() {
        glossator::ui::panels::status::Message::Error(text) => {
            assert!(text.contains("read-only"), "{text}")
        }
        other => panic!("{other:?}"),
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
}

#[test]
fn save_a_copy_and_back_up_now_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let session = Session::new(glossator::project::open_for_app(&project, true).unwrap()).unwrap();
    let mut harness = harness(GlossatorApp::new(
        &egui::Context::default(),
        session,
        Settings::default(),
    ));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save a copy as… Ctrl+Shift+S").click();
    harness.run();
    let copy = dir.path().join("copy.sqlite");
    run_path_dialog_job(&mut harness, &copy, "Save copy");
    let copied = Store::open_read_only(&copy, "test").unwrap();
    assert_eq!(copied.document_ids().unwrap().len(), 1);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Back up now").click();
    for _ in 0..500 {
        harness.step();
        if !glossator::store::list_backups(&project).is_empty()
            && matches!(harness.state().message(), glossator::ui::panels::status::Message::Info(t) if t.starts_with("Backed up"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(glossator::store::list_backups(&project).len(), 1);
}
