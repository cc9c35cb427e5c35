//! Layers in the app: whose layers it shows (and says so), my assigned
//! documents first with a toggle for all, the status bar's span count.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::session::Session;
use glossator::store::{OpenMode, Reader, Store};
use glossator::ui::panels::documents::ALL_DOCUMENTS_LABEL;
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

fn three_documents(store: &mut Store) {
    let jsonl = concat!(
        r#"{"id":"a","title":"Alpha","text":"Rebels attacked the town.","spans":[{"start":0,"end":6,"label":"ACTOR","annotator":"ana"}]}"#,
        "\n",
        r#"{"id":"b","title":"Bravo","text":"Talks resumed in Doha."}"#,
        "\n",
        r#"{"id":"c","title":"Charlie","text":"A quiet day."}"#,
        "\n"
    );
    let parsed = parse_jsonl(std::path::Path::new("three.jsonl"), jsonl).unwrap();
    import_documents(store, parsed).unwrap();
}

fn harness(session: Session, annotator: &str) -> Harness<'static, GlossatorApp> {
    let settings = Settings {
        annotator: annotator.into(),
        asked_annotator: true,
        ..Settings::default()
    };
    let app = GlossatorApp::new(&egui::Context::default(), session, settings);
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut GlossatorApp| app.ui_main(ui), app);
    harness.run();
    harness
}

/// A row of the document list, if it is shown.
fn row<'h>(
    harness: &'h Harness<'static, GlossatorApp>,
    title: &'h str,
) -> Option<egui_kittest::Node<'h>> {
    harness.query_by_role_and_label(egui::accesskit::Role::ListBoxOption, title)
}

#[test]
fn my_assigned_documents_come_first_and_a_toggle_shows_all() {
    let mut store = Store::in_memory().unwrap();
    three_documents(&mut store);
    let ids = store.document_ids().unwrap();
    store
        .write(|tx| {
            tx.assign(ids[0], "ana")?;
            tx.assign(ids[2], "ana")?;
            tx.assign(ids[1], "ben")
        })
        .unwrap();
    let mut harness = harness(Session::new(store).unwrap(), "ana");
    assert!(harness.query_by_label("annotating as ana ·").is_some());
    assert!(row(&harness, "Alpha").is_some());
    assert!(row(&harness, "Charlie").is_some());
    assert!(row(&harness, "Bravo").is_none(), "ben's document is hidden");
    harness.get_by_label(ALL_DOCUMENTS_LABEL).click();
    harness.run();
    assert!(row(&harness, "Bravo").is_some());
    // Mine first: Alpha, Charlie, then Bravo.
    let order: Vec<String> = harness
        .state()
        .session()
        .documents()
        .iter()
        .map(|d| d.title.clone())
        .collect();
    assert_eq!(order, ["Alpha", "Charlie", "Bravo"]);
    // The open document shows ana's layer, and the status bar counts it.
    harness
        .get_by_role_and_label(egui::accesskit::Role::ListBoxOption, "Alpha")
        .click();
    harness.run();
    assert_eq!(harness.state().session().open().unwrap().spans.len(), 1);
    assert!(harness.query_by_label("ana's layer: 1 span ·").is_some());
}

#[test]
fn a_package_opens_as_its_annotator_whatever_the_preferences_say() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.sqlite");
    let (mut store, _) = Store::open(&project, OpenMode::CreateIfMissing).unwrap();
    three_documents(&mut store);
    let ids = store.document_ids().unwrap();
    store.write(|tx| tx.assign(ids[0], "ana")).unwrap();
    let package = dir.path().join("ana.sqlite");
    store.write_package("ana", &package).unwrap();
    drop(store);
    let (store, _) = Store::open(&package, OpenMode::Existing).unwrap();
    let mut harness = harness(Session::new(store).unwrap(), "ben");
    assert!(harness.query_by_label("ana's package ·").is_some());
    assert_eq!(harness.state().session().annotator(), "ana");
    harness
        .get_by_role_and_label(egui::accesskit::Role::ListBoxOption, "Alpha")
        .click();
    harness.run();
    assert_eq!(harness.state().session().open().unwrap().spans.len(), 1);
}
