//! Issue 16, bug 18: the F1 list is read from the command table, lists
//! every key (R, Ctrl+drag, Alt+digit, deleting relations), and F1 or Esc
//! closes it; the File menu shows its shortcuts.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::store::Store;
use glossator::ui::command::{help_rows, UiCommand};
use glossator::ui::windows::shortcuts::SHORTCUTS_TITLE;
use glossator::ui::GlossatorApp;

fn harness() -> Harness<'static, GlossatorApp> {
    let mut store = Store::in_memory().unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    // The arrows come from the system's fonts, which the test does not load.
    let mut harness = common::ui_app::app_harness(store, true);
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
    harness
}

fn press(harness: &mut Harness<'_, GlossatorApp>, key: Key) {
    harness.key_press_modifiers(Modifiers::NONE, key);
    harness.run();
}

fn list_open(harness: &Harness<'_, GlossatorApp>) -> bool {
    harness.query_by_label(SHORTCUTS_TITLE).is_some()
}

/// The list lacked R, Ctrl+drag, Alt+digit and deleting relations.
#[test]
fn the_list_names_every_key_the_article_and_the_commands_answer_to() {
    let rows = help_rows();
    let row = |keys: &str| {
        rows.iter()
            .find(|(k, _)| k == keys)
            .unwrap_or_else(|| panic!("no row for {keys}: {rows:?}"))
            .1
    };
    assert!(row("R").contains("relation"));
    assert!(row("Ctrl+drag from span to span").contains("relation"));
    assert!(row("Alt+1, Alt+2 …").contains("attribute"));
    assert!(row("Delete or Backspace").contains("relation"));
    assert!(row("Ctrl+Q").contains("quit"));
    let mut harness = harness();
    press(&mut harness, Key::F1);
    for (keys, what) in &rows {
        harness.get_by_label(keys);
        harness.get_by_label(what);
    }
}

/// Neither F1 nor Esc closed the list.
#[test]
fn f1_again_or_esc_closes_the_list() {
    let mut harness = harness();
    press(&mut harness, Key::F1);
    assert!(list_open(&harness));
    press(&mut harness, Key::F1);
    assert!(!list_open(&harness));
    press(&mut harness, Key::F1);
    assert!(list_open(&harness));
    // Esc closes the list and leaves the article's selection alone.
    harness
        .state_mut()
        .article_state_mut()
        .set_selected_range(2, 12);
    press(&mut harness, Key::Escape);
    assert!(!list_open(&harness));
    assert!(harness.state().article_state().selected_range().is_some());
}

/// The File menu showed no shortcuts where the others did.
#[test]
fn the_file_menu_shows_its_shortcuts() {
    let mut harness = harness();
    harness.get_by_label("File").click();
    harness.run();
    for command in [
        UiCommand::NewProject,
        UiCommand::OpenProject,
        UiCommand::Import,
        UiCommand::Export,
        UiCommand::SaveCopy,
        UiCommand::Quit,
    ] {
        // The item reads its text and its keys, as the Edit menu's do.
        let keys = command.keys_text().unwrap();
        harness.get_by_label(&format!("{} {keys}", command.menu_text()));
    }
}

/// The merge of two areas left two "Project" menus (agreement's and
/// suggestions'); there is one, holding both.
#[test]
fn the_menu_bar_has_one_project_menu() {
    let mut harness = harness();
    assert_eq!(harness.query_all_by_label("Project").count(), 1);
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label_contains("Agreement");
    harness.get_by_label_contains("Suggestions");
}

/// The list is taller than a 900-pixel window: it scrolls inside a window
/// that leaves the menu bar visible.
#[test]
fn the_list_fits_the_window() {
    let mut harness = harness();
    press(&mut harness, Key::F1);
    assert!(list_open(&harness));
    let window = harness.get_by_label(SHORTCUTS_TITLE).rect();
    let screen = harness.ctx.content_rect();
    assert!(
        window.height() < screen.height(),
        "{window:?} in {screen:?}"
    );
}
