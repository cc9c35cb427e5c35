//! The curation view's tests: a project imported from a hand-made fixture,
//! the app on it as ana, curation mode turned on, keys pressed.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::session::Session;
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

use super::{data_dir, glossator, ok};

/// A project in `dir` imported from tests/data/handmade/`fixture`.
pub fn imported(dir: &Path, fixture: &str) -> PathBuf {
    let project = dir.join("p.sqlite");
    let input = data_dir().join("handmade").join(fixture);
    ok(glossator(&[&"import", &project, &input]));
    project
}

/// The app on `project` as ana (its first document open, as the app opens
/// it). With `any_glyphs`, text the test's fonts cannot draw (an arrow)
/// does not fail the test.
pub fn app_as_ana(project: &Path, any_glyphs: bool) -> Harness<'static, GlossatorApp> {
    let settings = Settings {
        annotator: "ana".into(),
        asked_annotator: true,
        ..Settings::default()
    };
    let mut session = Session::open_project(project).unwrap();
    session.set_annotator(Some("ana".into())).unwrap();
    let app = GlossatorApp::new(&egui::Context::default(), session, settings);
    super::ui_app::window(app, any_glyphs)
}

/// Project › Curate… on the open document, and the keys to the article.
pub fn start_curating(harness: &mut Harness<'_, GlossatorApp>) {
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Curate));
    harness.run();
    assert!(harness.state().is_curating());
    harness
        .get_by_label(glossator::ui::article::ARTICLE_LABEL)
        .click();
    harness.run();
}

pub fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}
