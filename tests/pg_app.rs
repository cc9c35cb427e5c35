//! The app on a server project: the session's annotator is the login role
//! (row-level security lets a role write only its own layer), whatever the
//! preferences say; a curator curates into gold, an annotator is told why
//! they cannot.

mod common;

use common::pg_server::server;
use common::ui_app::{tag, window};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use glossator::formats::export::ExportFormat;
use glossator::model::GOLD_LAYER;
use glossator::session::Session;
use glossator::store::{LayerReads, Reader, Store};
use glossator::ui::action::Action;
use glossator::ui::command::UiCommand;
use glossator::ui::panels::search::SEARCH_LABEL;
use glossator::ui::panels::status::Message;
use glossator::ui::settings::Settings;
use glossator::ui::windows::preferences::{server_name_note, SERVER_BACKUPS_NOTE};
use glossator::ui::windows::server_project::{OPEN_LABEL, PASSWORD_LABEL, URL_LABEL};
use glossator::ui::GlossatorApp;

const PASSWORD: &str = "app-secret";

const CMD_SHIFT: Modifiers = Modifiers {
    command: true,
    ctrl: true,
    shift: true,
    ..Modifiers::NONE
};

/// A team project of its own for each test; returns the URLs of annotator
/// `ana_<test>` and curator `cy_<test>`.
fn team_project(test: &str) -> (String, String) {
    common::pg_server::team_project(test, PASSWORD, &["Talks resumed in Doha."])
}

/// The app on `url` with "someone else" as the preferences' name.
fn app_on(url: &str) -> Harness<'static, GlossatorApp> {
    let store = Store::open_server(url).unwrap();
    let mut session = Session::new(store).unwrap();
    let first = session.documents()[0].id;
    session.open_document(first).unwrap();
    let settings = Settings {
        annotator: "someone_else".into(),
        ..Settings::default()
    };
    let app = GlossatorApp::new(&egui::Context::default(), session, settings);
    window(app, true)
}

#[test]
fn on_a_server_the_annotator_is_the_login_role_whatever_the_preferences_say() {
    let (ana_url, _) = team_project("app_role");
    let mut harness = app_on(&ana_url);
    assert_eq!(harness.state().session().annotator(), "ana_app_role");
    // Changing the name in Preferences does not move the session off its role.
    harness.state_mut().settings_mut().annotator = "ben".into();
    harness.state_mut().apply_action(Action::SwitchAnnotator);
    harness.run();
    assert_eq!(harness.state().session().annotator(), "ana_app_role");
    // The Preferences window says its name does not apply here.
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Preferences));
    harness.run();
    harness.get_by_label(&server_name_note("ana_app_role"));
    // An edit lands in the role's own layer (row-level security allows it).
    tag(&mut harness, "EVENT", 0, 5);
    let open = harness.state().session().open_id().unwrap();
    let layers = Store::open_server(&ana_url)
        .unwrap()
        .layers_of(open)
        .unwrap();
    assert!(
        layers.iter().any(|l| l.annotator == "ana_app_role"),
        "{layers:?}"
    );
    assert!(
        !matches!(harness.state().message(), Message::Error(_)),
        "{:?}",
        harness.state().message()
    );
}

/// The first start asks for the annotator's name, which a server project
/// does not use: not there.
#[test]
fn a_server_project_does_not_ask_for_a_name() {
    let (ana_url, _) = team_project("app_no_name");
    let store = Store::open_server(&ana_url).unwrap();
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        Settings::default(),
    );
    let mut harness = window(app, true);
    harness.state_mut().ask_annotator_once();
    harness.run();
    assert!(harness.query_by_label("Annotator name").is_none());
}

#[test]
fn a_curator_curates_into_gold_on_a_server() {
    let (_, cy_url) = team_project("app_curator");
    let mut harness = app_on(&cy_url);
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Curate));
    harness.run();
    assert!(harness.state().is_curating());
    assert_eq!(harness.state().session().annotator(), GOLD_LAYER);
    tag(&mut harness, "EVENT", 0, 5);
    assert!(
        !matches!(harness.state().message(), Message::Error(_)),
        "{:?}",
        harness.state().message()
    );
    let open = harness.state().session().open_id().unwrap();
    let layers = Store::open_server(&cy_url)
        .unwrap()
        .layers_of(open)
        .unwrap();
    assert!(
        layers.iter().any(|l| l.annotator == GOLD_LAYER),
        "{layers:?}"
    );
}

#[test]
fn an_annotator_asking_to_curate_is_told_only_curators_write_gold() {
    let (ana_url, _) = team_project("app_not_curator");
    let mut harness = app_on(&ana_url);
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Curate));
    harness.run();
    assert!(!harness.state().is_curating());
    assert_eq!(harness.state().session().annotator(), "ana_app_not_curator");
    match harness.state().message() {
        Message::Error(text) => assert!(
            text.contains("only the project's curators write gold")
                && text.contains("ana_app_not_curator"),
            "{text}"
        ),
        other => panic!("expected an error, got {other:?}"),
    }
}

/// File › Export… on a server project: the job opens the project again by
/// its URL (the password typed in it kept in memory only), not by a file.
#[test]
fn export_from_the_app_on_a_server_writes_the_file() {
    let (ana_url, _) = team_project("app_export");
    let mut harness = app_on(&ana_url);
    tag(&mut harness, "EVENT", 0, 5);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    harness.state_mut().apply_action(Action::Export {
        path: out.clone(),
        format: ExportFormat::Jsonl,
    });
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    let Message::Info(news) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(news.contains("out.jsonl"), "{news}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("Talks resumed in Doha."), "{written}");
    assert!(written.contains("ana_app_export"), "{written}");
}

/// Ctrl+Shift+F on a server project searches in the background (a second
/// connection by the URL), as on a file, and finds the document.
#[test]
fn a_corpus_search_on_a_server_runs_in_the_background_and_finds() {
    let (ana_url, _) = team_project("app_search");
    let mut harness = app_on(&ana_url);
    harness.key_press_modifiers(CMD_SHIFT, Key::F);
    harness.run_steps(4);
    harness.get_by_label(SEARCH_LABEL).type_text("doha");
    harness.run();
    harness.key_press(Key::Enter);
    harness.step();
    assert!(
        harness.state().search_panel().is_running(),
        "the corpus search ran in the frame: the window would freeze on a large corpus"
    );
    for _ in 0..2000 {
        harness.step();
        if !harness.state().search_panel().is_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.run();
    let hits = harness.state().search_panel().hits().to_vec();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].start, hits[0].end), (17, 21));
}

/// The app on an in-memory project, to open a server project from.
fn app_elsewhere() -> Harness<'static, GlossatorApp> {
    std::env::remove_var("PGPASSWORD");
    common::ui_app::app_harness(Store::in_memory().unwrap(), true)
}

/// File › Open server project…, `url` typed, Open clicked.
fn open_from_window(harness: &mut Harness<'static, GlossatorApp>, url: &str) {
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::OpenServerProject));
    harness.run();
    harness.get_by_label(URL_LABEL).type_text(url);
    harness.run();
    harness.get_by_label(OPEN_LABEL).click();
    harness.run();
}

fn without_password(url: &str) -> String {
    url.replace(&format!(":{PASSWORD}@"), "@")
}

fn no_error_in_status(harness: &Harness<'static, GlossatorApp>) {
    assert!(
        !matches!(harness.state().message(), Message::Error(_)),
        "shown twice: {:?}",
        harness.state().message()
    );
}

#[test]
fn open_server_project_opens_the_url_and_remembers_it_without_the_password() {
    let (ana_url, _) = team_project("app_open");
    let mut harness = app_elsewhere();
    open_from_window(&mut harness, &ana_url);
    let app = harness.state();
    assert_eq!(app.session().annotator(), "ana_app_open");
    assert_eq!(app.session().documents().len(), 1);
    let recent = app.settings().recent_projects[0].display().to_string();
    assert_eq!(recent, without_password(&ana_url));
    assert!(!recent.contains(PASSWORD));
}

#[test]
fn a_server_that_wants_a_password_gets_it_asked_once_a_wrong_one_said_in_the_window() {
    let (ana_url, _) = team_project("app_password");
    let mut harness = app_elsewhere();
    open_from_window(&mut harness, &without_password(&ana_url));
    harness.get_by_label(PASSWORD_LABEL);
    harness.get_by_label_contains("asks for a password, and none was found");
    no_error_in_status(&harness);
    assert_ne!(harness.state().session().annotator(), "ana_app_password");

    harness.get_by_label(PASSWORD_LABEL).type_text("wrong");
    harness.run();
    harness.get_by_label(OPEN_LABEL).click();
    harness.run();
    harness.get_by_label_contains("password authentication failed");
    no_error_in_status(&harness);

    harness.get_by_label(PASSWORD_LABEL).type_text(PASSWORD);
    harness.run();
    harness.get_by_label(OPEN_LABEL).click();
    harness.run();
    assert_eq!(harness.state().session().annotator(), "ana_app_password");
    assert!(
        harness.query_by_label(URL_LABEL).is_none(),
        "the window closed"
    );
    // Export reopens the project: the typed password is still known.
    let dir = tempfile::tempdir().unwrap();
    harness.state_mut().apply_action(Action::Export {
        path: dir.path().join("out.jsonl"),
        format: ExportFormat::Jsonl,
    });
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    assert!(
        matches!(harness.state().message(), Message::Info(_)),
        "{:?}",
        harness.state().message()
    );
}

#[test]
fn a_recent_server_project_asks_for_the_password_only_when_none_is_found() {
    let (ana_url, cy_url) = team_project("app_recent");
    let mut harness = app_elsewhere();
    // ana's was never opened here and no PGPASSWORD or ~/.pgpass gives it:
    // the window asks, with the URL filled in.
    harness
        .state_mut()
        .apply_action(Action::OpenProject(without_password(&ana_url).into()));
    harness.run();
    harness.get_by_label(PASSWORD_LABEL).type_text(PASSWORD);
    harness.run();
    harness.get_by_label(OPEN_LABEL).click();
    harness.run();
    assert_eq!(harness.state().session().annotator(), "ana_app_recent");
    // cy's URL was opened with its password in this process: it is known.
    harness
        .state_mut()
        .apply_action(Action::OpenProject(without_password(&cy_url).into()));
    harness.run();
    assert_eq!(harness.state().session().annotator(), "cy_app_recent");
    assert!(harness.query_by_label(PASSWORD_LABEL).is_none());
}

#[test]
fn a_database_without_a_project_is_said_once_in_the_window() {
    let server = server();
    let database = server.create_database("app_empty");
    let mut harness = app_elsewhere();
    open_from_window(&mut harness, &server.superuser_url(&database));
    harness.get_by_label_contains("holds no Glossator project");
    assert!(harness.query_by_label(PASSWORD_LABEL).is_none());
    no_error_in_status(&harness);
}

/// File › Save a copy as… on a server project writes a project file (a
/// `glossator copy` of what the login role sees), and replaces an existing
/// one only when whole; Back up now says where a server project's backups
/// are made instead of doing nothing, and Preferences says the same.
#[test]
fn save_a_copy_of_a_server_project_writes_a_project_file_and_backups_point_to_the_server() {
    let (ana_url, _) = team_project("app_save_copy");
    let mut harness = app_on(&ana_url);
    tag(&mut harness, "EVENT", 0, 5);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.sqlite");
    std::fs::write(&copy, "an older file the user chose to replace").unwrap();
    harness
        .state_mut()
        .apply_action(Action::ReplaceWithCopy(copy.clone()));
    harness.step();
    harness.state_mut().wait_for_job();
    harness.run();
    let Message::Info(news) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(news.contains("copy.sqlite"), "{news}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("copy.sqlite")]);
    let copied = Store::open_read_only(&copy, "checking").unwrap();
    let document = copied.document_ids().unwrap()[0];
    let spans = copied
        .layer_spans_of(document, "ana_app_save_copy")
        .unwrap();
    assert_eq!(spans.len(), 1, "{spans:?}");

    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::BackUpNow));
    harness.run();
    let Message::Error(why) = harness.state().message() else {
        panic!("{:?}", harness.state().message());
    };
    assert!(why.contains("pg_dump"), "{why}");
    harness
        .state_mut()
        .apply_action(Action::Command(UiCommand::Preferences));
    harness.run();
    harness.get_by_label(SERVER_BACKUPS_NOTE);
}
