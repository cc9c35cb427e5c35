//! Issue 16, bug 17: the path dialogs. Each asks for the right kind of file,
//! Enter confirms, Browse… without a desktop portal says so, a failed import
//! brings the dialog back with its path, and the export format, its
//! extension and the last folder are kept per project.

mod common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::store::{OpenMode, Reader, Store};
use glossator::ui::action::{Action, DialogKind};
use glossator::ui::panels::status::Message;
use glossator::ui::windows::path_dialog::{FORMAT_LABEL, NO_PORTAL_NOTICE, PATH_LABEL};
use glossator::ui::GlossatorApp;

/// The sample project in `dir/project.sqlite`, with no desktop portal (the
/// dialogs take typed paths, as on a bare X server).
fn file_harness(dir: &Path) -> Harness<'static, GlossatorApp> {
    // Every test here sets the same value, so tests running at once agree.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "");
    let path = dir.join("project.sqlite");
    let (mut store, _) = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    glossator::project::seed_sample(&mut store).unwrap();
    common::ui_app::app_harness(store, false)
}

fn show_dialog(harness: &mut Harness<'_, GlossatorApp>, kind: DialogKind) {
    harness.state_mut().apply_action(Action::ShowDialog(kind));
    harness.run();
}

/// What the path field holds.
fn field_value(harness: &Harness<'_, GlossatorApp>) -> String {
    harness.get_by_label(PATH_LABEL).value().unwrap_or_default()
}

/// Replaces what the field holds, as a user would: into the field, Ctrl+A,
/// type.
fn type_path(harness: &mut Harness<'_, GlossatorApp>, path: &str) {
    if !harness.get_by_label(PATH_LABEL).is_focused() {
        harness.get_by_label(PATH_LABEL).focus();
        harness.run();
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(PATH_LABEL).type_text(path);
    harness.run();
}

fn press(harness: &mut Harness<'_, GlossatorApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
}

fn document_count(harness: &Harness<'_, GlossatorApp>) -> usize {
    harness
        .state()
        .session()
        .store()
        .document_ids()
        .unwrap()
        .len()
}

/// Export schema asked for a "Project file (.sqlite)"; Enter in the field
/// inserted a newline instead of confirming.
#[test]
fn export_schema_asks_for_json_and_enter_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = file_harness(dir.path());
    show_dialog(&mut harness, DialogKind::ExportSchema);
    harness.get_by_label("File to write the label schema to (.json):");
    assert!(harness.query_by_label("Project file (.sqlite):").is_none());
    // It suggests a name beside the project.
    let suggested = dir.path().join("project-schema.json");
    assert_eq!(field_value(&harness), suggested.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let written = std::fs::read_to_string(&suggested).unwrap();
    assert!(written.contains("\"labels\""), "{written}");
    assert!(harness.query_by_label(PATH_LABEL).is_none(), "still open");
}

/// In the import list, Shift+Enter starts another line and Enter imports.
#[test]
fn import_takes_lines_with_shift_enter_and_enter_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "First text.").unwrap();
    std::fs::write(&b, "Second text.").unwrap();
    let mut harness = file_harness(dir.path());
    let before = document_count(&harness);
    show_dialog(&mut harness, DialogKind::Import);
    type_path(&mut harness, &a.display().to_string());
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness
        .get_by_label(PATH_LABEL)
        .type_text(&b.display().to_string());
    harness.run();
    assert_eq!(
        field_value(&harness),
        format!("{}\n{}", a.display(), b.display())
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(document_count(&harness), before + 2);
}

/// Browse… did nothing where the desktop has no file-dialog portal.
#[test]
fn browse_without_a_portal_says_so_and_keeps_the_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = file_harness(dir.path());
    show_dialog(&mut harness, DialogKind::OpenProject);
    type_path(&mut harness, "/somewhere/typed.sqlite");
    harness.get_by_label("Browse…").click();
    harness.run();
    harness.get_by_label(NO_PORTAL_NOTICE);
    assert_eq!(field_value(&harness), "/somewhere/typed.sqlite");
}

/// A failed import closed the dialog and lost the path typed.
#[test]
fn a_failed_import_brings_the_dialog_back_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = file_harness(dir.path());
    let missing = dir.path().join("no-such-file.jsonl").display().to_string();
    show_dialog(&mut harness, DialogKind::Import);
    type_path(&mut harness, &missing);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        matches!(harness.state().message(), Message::Error(e) if e.contains("no-such-file.jsonl"))
    );
    assert_eq!(field_value(&harness), missing);
    // Fixed and confirmed again, it works and the dialog goes.
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Some text.").unwrap();
    let before = document_count(&harness);
    type_path(&mut harness, &good.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(document_count(&harness), before + 1);
    assert!(harness.query_by_label(PATH_LABEL).is_none());
}

/// The export format reset every time and its extension was neither added
/// nor checked; the next dialog starts in the folder used last.
#[test]
fn the_export_format_and_folder_are_remembered_and_the_extension_added() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let mut harness = file_harness(dir.path());
    show_dialog(&mut harness, DialogKind::Export);
    harness.get_by_label(FORMAT_LABEL).click();
    harness.run();
    harness.get_by_label("CSV (one row per span)").click();
    harness.run();
    type_path(&mut harness, &exports.join("spans").display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let written: PathBuf = exports.join("spans.csv");
    assert!(written.is_file(), "{:?}", harness.state().message());

    // CSV again, named for the project, in the folder used last.
    show_dialog(&mut harness, DialogKind::Export);
    assert_eq!(
        field_value(&harness),
        exports.join("project.csv").display().to_string()
    );
    let project = dir.path().join("project.sqlite");
    let memory = harness.state().settings().dialog_memory(Some(&project));
    assert_eq!(memory.folder.as_deref(), Some(exports.as_path()));
    assert_eq!(memory.export_format.as_deref(), Some("csv"));
}

/// A name ending in another format's extension is refused before anything
/// is written; choosing the format that fits switches the extension.
#[test]
fn an_export_name_with_another_formats_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = file_harness(dir.path());
    show_dialog(&mut harness, DialogKind::Export);
    let wrong = dir.path().join("out.csv");
    type_path(&mut harness, &wrong.display().to_string());
    harness.get_by_label(
        "“out.csv” ends in .csv, but Native JSONL files end in .jsonl or .ndjson: change the name or the format",
    );
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(!wrong.exists());
    assert!(!harness.state().job_running());
    harness.get_by_label(PATH_LABEL);
    // JSONL's own extension, switched by choosing CSV.
    type_path(
        &mut harness,
        &dir.path().join("out.jsonl").display().to_string(),
    );
    harness.get_by_label(FORMAT_LABEL).click();
    harness.run();
    harness.get_by_label("CSV (one row per span)").click();
    harness.run();
    assert_eq!(field_value(&harness), wrong.display().to_string());
}
