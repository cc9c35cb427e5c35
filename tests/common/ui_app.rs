//! The app in a headless window (egui_kittest), and small projects to open
//! in it, for the UI tests.

use std::path::Path;

use egui_kittest::Harness;
use glossator::session::Session;
use glossator::store::Store;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

/// The app on `store` in a 1400×900 window, after its first frames. With
/// `any_glyphs`, text the test's fonts cannot draw (arrows, flags, which the
/// app takes from the system's fonts) does not fail the test.
pub fn app_harness(store: Store, any_glyphs: bool) -> Harness<'static, GlossatorApp> {
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    );
    window(app, any_glyphs)
}

/// `app` in a 1400×900 window, after its first frames.
pub fn window(app: GlossatorApp, any_glyphs: bool) -> Harness<'static, GlossatorApp> {
    let mut builder = Harness::builder().with_size([1400.0, 900.0]);
    if any_glyphs {
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.run();
    harness
}

/// Tags `start..end` of the open document with the span label `label`
/// through the app (as a label key does); returns the new span, selected.
pub fn tag(
    harness: &mut Harness<'static, GlossatorApp>,
    label: &str,
    start_char: usize,
    end_char: usize,
) -> glossator::model::SpanId {
    let label = harness
        .state()
        .session()
        .schema()
        .label_by_name(glossator::model::LabelKind::Span, label)
        .unwrap()
        .id;
    harness.state_mut().apply_action(
        glossator::session::Edit::CreateSpan {
            start_char,
            end_char,
            label,
        }
        .into(),
    );
    harness.run();
    harness
        .state()
        .article_state()
        .selected_span()
        .unwrap_or_else(|| panic!("{:?}", harness.state().message()))
}

/// Writes `texts` (file name, text) into `dir` and imports them into
/// `store`, one document each, in that order.
pub fn import_texts(store: &mut Store, dir: &Path, texts: &[(&str, &str)]) {
    let mut files = Vec::new();
    for (name, text) in texts {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let (files, notices) = glossator::formats::collect_import_files(&files, None).unwrap();
    glossator::formats::import_files(store, &files, notices, &mut |_, _| true).unwrap();
}
