//! Issue 16, bug 20 (the rest): an error goes once the same kind of thing
//! works, and the status line says when the document's flag emoji cannot be
//! drawn as flags.

mod common;

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::export::ExportFormat;
use glossator::store::{OpenMode, Store};
use glossator::ui::action::Action;
use glossator::ui::panels::status::{Message, FLAGS_NOTE};
use glossator::ui::GlossatorApp;

fn harness_on(store: Store) -> Harness<'static, GlossatorApp> {
    common::ui_app::app_harness(store, true)
}

fn export(harness: &mut Harness<'_, GlossatorApp>, path: std::path::PathBuf) {
    harness.state_mut().apply_action(Action::Export {
        path,
        format: ExportFormat::Jsonl,
    });
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
}

/// A failed export's error stayed after the next export worked.
#[test]
fn an_error_goes_once_the_same_thing_works() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) =
        Store::open(&dir.path().join("p.sqlite"), OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    let mut harness = harness_on(store);
    export(
        &mut harness,
        dir.path().join("no-such-folder").join("out.jsonl"),
    );
    assert!(matches!(harness.state().message(), Message::Error(_)));
    export(&mut harness, dir.path().join("out.jsonl"));
    let Message::Info(news) = harness.state().message() else {
        panic!("stale: {:?}", harness.state().message());
    };
    assert!(news.contains("out.jsonl"), "{news}");
}

/// Flags showed as letters without a word.
#[test]
fn a_document_with_flags_says_they_show_as_letters() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::in_memory().unwrap();
    common::ui_app::import_texts(
        &mut store,
        dir.path(),
        &[("flags.txt", "Talks in Doha 🇶🇦 between 🇦🇫 and 🇵🇰.")],
    );
    let harness = harness_on(store);
    harness.get_by_label("⚑ flags show as letters");

    let mut plain = Store::in_memory().unwrap();
    glossator::project::seed_sample(&mut plain).unwrap();
    let harness = harness_on(plain);
    assert!(harness.query_by_label("⚑ flags show as letters").is_none());
    assert!(FLAGS_NOTE.contains("exports keep the flags"));
}
