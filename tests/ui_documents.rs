//! Issue 16, the document tools in the window: filter by status and by a
//! piece of text, rename (F2, undoable), delete after a question naming the
//! spans lost, reopen a done document from its status menu, and the next
//! or previous unfinished document (Alt+Shift+↓ / ↑).

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::model::{DocumentId, DocumentStatus};
use glossator::session::Edit;
use glossator::store::{LayerReads, Reader, Store};
use glossator::ui::action::Action;
use glossator::ui::panels::documents::{STATUS_FILTER_LABEL, TEXT_FILTER_LABEL};
use glossator::ui::windows::document_tools::{DELETE_LABEL, TITLE_LABEL};
use glossator::ui::GlossatorApp;

const ALT_SHIFT: Modifiers = Modifiers {
    alt: true,
    shift: true,
    ..Modifiers::NONE
};

/// Three documents ("Talks in Doha.", "Kabul in summer.", "A ceasefire in
/// Doha held."), the first open.
fn harness() -> (Harness<'static, GlossatorApp>, Vec<DocumentId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::in_memory().unwrap();
    common::ui_app::import_texts(
        &mut store,
        dir.path(),
        &[
            ("a.txt", "Talks in Doha."),
            ("b.txt", "Kabul in summer."),
            ("c.txt", "A ceasefire in Doha held."),
        ],
    );
    let harness = common::ui_app::app_harness(store, true);
    let ids = harness
        .state()
        .session()
        .documents()
        .iter()
        .map(|d| d.id)
        .collect();
    (harness, ids)
}

fn title(harness: &Harness<'_, GlossatorApp>, id: DocumentId) -> String {
    let session = harness.state().session();
    session
        .documents()
        .iter()
        .find(|d| d.id == id)
        .unwrap()
        .title
        .clone()
}

fn status(harness: &Harness<'_, GlossatorApp>, id: DocumentId) -> DocumentStatus {
    let session = harness.state().session();
    session
        .store()
        .layer_status(id, session.annotator())
        .unwrap()
        .unwrap_or(DocumentStatus::New)
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn focus_article(harness: &mut Harness<'_, GlossatorApp>) {
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
}

#[test]
fn the_list_filters_by_status_and_by_text() {
    let (mut harness, ids) = harness();
    harness
        .state_mut()
        .apply_action(Edit::SetDocumentStatus(DocumentStatus::Done).into());
    harness.run();
    harness.get_by_label(STATUS_FILTER_LABEL).click();
    harness.run();
    harness.get_by_label("Unfinished").click();
    harness.run();
    harness.get_by_label("2 of 3");
    assert!(harness
        .query_by_role_and_label(Role::ListBoxOption, &title(&harness, ids[0]))
        .is_none());

    harness.get_by_label(TEXT_FILTER_LABEL).click();
    harness.run();
    harness.get_by_label(TEXT_FILTER_LABEL).type_text("DOHA");
    harness.run();
    // Doha is in a (done: hidden) and c.
    harness.get_by_label("1 of 3");
    harness.get_by_role_and_label(Role::ListBoxOption, &title(&harness, ids[2]));
}

#[test]
fn f2_renames_the_open_document_and_undo_brings_the_title_back() {
    let (mut harness, ids) = harness();
    let before = title(&harness, ids[0]);
    focus_article(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::F2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label(TITLE_LABEL)
        .type_text("Doha talks, day one");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(title(&harness, ids[0]), "Doha talks, day one");
    assert!(harness.query_by_label(TITLE_LABEL).is_none());
    focus_article(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(title(&harness, ids[0]), before);
}

#[test]
fn delete_asks_naming_the_spans_lost_then_opens_the_next() {
    let (mut harness, ids) = harness();
    common::ui_app::tag(&mut harness, "ACTOR", 9, 13);
    harness
        .get_by_role_and_label(Role::ListBoxOption, &title(&harness, ids[0]))
        .click_secondary();
    harness.run();
    harness.get_by_label("Delete document…").click();
    harness.run();
    let question = format!(
        "Delete “{}” from the project? Its 1 span will be lost. This cannot be undone (the undo history is cleared too); a backup or an export keeps a copy.",
        title(&harness, ids[0])
    );
    harness.get_by_label(&question);
    // Cancel keeps it.
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().session().documents().len(), 3);
    harness
        .state_mut()
        .apply_action(Action::AskDeleteDocument(ids[0]));
    harness.run();
    harness.get_by_label(DELETE_LABEL).click();
    harness.run();
    let store = harness.state().session().store();
    assert_eq!(store.document_ids().unwrap(), vec![ids[1], ids[2]]);
    assert_eq!(harness.state().session().open_id(), Some(ids[1]));
}

#[test]
fn a_done_document_reopens_from_its_status_menu() {
    let (mut harness, ids) = harness();
    harness
        .state_mut()
        .apply_action(Edit::SetDocumentStatus(DocumentStatus::Done).into());
    harness.run();
    harness
        .get_by_role_and_label(Role::ListBoxOption, &title(&harness, ids[0]))
        .click_secondary();
    harness.run();
    harness.get_by_label("In progress").click();
    harness.run();
    assert_eq!(status(&harness, ids[0]), DocumentStatus::InProgress);
}

#[test]
fn alt_shift_arrows_go_to_the_next_and_previous_unfinished() {
    let (mut harness, ids) = harness();
    // b is done: from a, the next unfinished is c; from c, the previous is a.
    harness
        .state_mut()
        .apply_action(Action::SetStatusOf(ids[1], DocumentStatus::Done));
    harness
        .state_mut()
        .apply_action(Action::OpenDocument(ids[0]));
    harness.run();
    focus_article(&mut harness);
    press(&mut harness, ALT_SHIFT, Key::ArrowDown);
    assert_eq!(harness.state().session().open_id(), Some(ids[2]));
    focus_article(&mut harness);
    press(&mut harness, ALT_SHIFT, Key::ArrowUp);
    assert_eq!(harness.state().session().open_id(), Some(ids[0]));
}
