//! The window around the article: the status line keeps errors until they
//! are dismissed, and the F1 list is read from the command table.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::session::Session;
use glossator::store::Store;
use glossator::ui::panels::status::{Message, DISMISS_LABEL};
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const CMD: Modifiers = Modifiers {
    ctrl: true,
    command: true,
    ..Modifiers::NONE
};

fn harness() -> Harness<'static, GlossatorApp> {
    harness_with(Harness::builder())
}

fn harness_with(
    builder: egui_kittest::HarnessBuilder<GlossatorApp>,
) -> Harness<'static, GlossatorApp> {
    let mut store = Store::in_memory().unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    );
    let mut harness = builder
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.run();
    harness
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Once, any later message in the status line replaced an error, seen or
/// not; and "Nothing to undo" read "Nothing to undi".
#[test]
fn an_error_stays_until_dismissed_and_later_news_waits_behind_it() {
    let mut harness = harness();
    // An in-memory project cannot be copied: an error.
    harness
        .state_mut()
        .apply_action(glossator::ui::action::Action::SaveCopy(
            "copy.sqlite".into(),
        ));
    harness.run();
    let error = Message::Error("this project is not saved in a file".into());
    assert_eq!(harness.state().message(), error);
    // Undo with nothing to undo has news; the error is still what shows.
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
    press(&mut harness, CMD, Key::Z);
    assert_eq!(harness.state().message(), error);
    harness.get_by_label(DISMISS_LABEL).click();
    harness.run();
    assert_eq!(
        harness.state().message(),
        Message::Info("Nothing to undo".into())
    );
    assert!(harness.query_by_label(DISMISS_LABEL).is_none());
}

#[test]
fn f1_lists_the_article_keys_and_every_command_shortcut() {
    // The arrows come from the system's fonts, which the test does not load.
    let mut harness = harness_with(Harness::builder().allow_missing_glyphs());
    press(&mut harness, Modifiers::NONE, Key::F1);
    harness.get_by_label("Keyboard shortcuts");
    for (keys, what) in glossator::ui::command::help_rows() {
        harness.get_by_label(&keys);
        harness.get_by_label(what);
    }
}
