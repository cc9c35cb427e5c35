//! The app on a server project hears other sessions' commits: within 1 s the
//! document list, the statuses and the open document's layers show them,
//! and the selection and the undo history are as they were.

mod common;

use std::time::{Duration, Instant};

use common::ui_app::{tag, window};
use egui_kittest::Harness;
use glossator::model::{Attributes, DocumentStatus, LabelKind, SpanData};
use glossator::session::Session;
use glossator::store::{NewDocument, Store};
use glossator::ui::settings::Settings;
use glossator::ui::GlossatorApp;

const PASSWORD: &str = "live-app-secret";

/// A team project of its own for each test; returns the URLs of annotator
/// `ana_<test>` and curator `cy_<test>`.
fn team_project(test: &str) -> (String, String) {
    common::pg_server::team_project(
        test,
        PASSWORD,
        &["Talks resumed in Doha.", "The ceasefire held."],
    )
}

/// The app on the server project at `url`, working as the role the URL
/// logs in as (on a server the annotator is the role).
fn app_on(url: &str) -> Harness<'static, GlossatorApp> {
    let store = Store::open_server(url).unwrap();
    let role = store.server_user().unwrap().to_string();
    let settings = Settings {
        annotator: role,
        ..Settings::default()
    };
    let app = GlossatorApp::new(
        &egui::Context::default(),
        Session::new(store).unwrap(),
        settings,
    );
    window(app, true)
}

/// Runs frames until `done` holds, for at most 1 s; how long it took.
fn frames_until(
    harness: &mut Harness<'static, GlossatorApp>,
    done: impl Fn(&GlossatorApp) -> bool,
) -> Duration {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "not shown within 1 s; status: {:?}",
            harness.state().message()
        );
        std::thread::sleep(Duration::from_millis(10));
        harness.run();
    }
    started.elapsed()
}

#[test]
fn a_span_from_another_window_shows_without_touching_selection_or_undo() {
    let (ana_url, _) = team_project("live_app_span");
    let mut harness = app_on(&ana_url);
    let selected = tag(&mut harness, "EVENT", 0, 5);
    let next_undo = format!("{:?}", harness.state().session().history().next_undo());
    let open = harness.state().session().open_id().unwrap();
    let label = harness
        .state()
        .session()
        .schema()
        .label_by_name(LabelKind::Span, "ACTOR")
        .unwrap()
        .id;
    let annotator = harness.state().session().annotator().to_string();

    // The same annotator in a second window.
    let mut other = Store::open_server(&ana_url).unwrap();
    other
        .write(|tx| {
            tx.insert_span(
                None,
                &SpanData {
                    document_id: open,
                    start_char: 17,
                    end_char: 21,
                    label_id: label,
                    attributes: Attributes::default(),
                    annotator: annotator.clone(),
                    note: String::new(),
                },
            )
        })
        .unwrap();
    frames_until(&mut harness, |app| {
        app.session().open().is_some_and(|o| o.spans.len() == 2)
    });
    let app = harness.state();
    assert_eq!(app.article_state().selected_span(), Some(selected));
    assert_eq!(
        format!("{:?}", app.session().history().next_undo()),
        next_undo
    );
    let row = app
        .session()
        .documents()
        .iter()
        .find(|d| d.id == open)
        .unwrap();
    assert_eq!(row.span_count, 2);
}

#[test]
fn a_status_and_a_new_document_from_elsewhere_reach_the_list() {
    let (ana_url, cy_url) = team_project("live_app_list");
    let mut harness = app_on(&ana_url);
    let second = harness.state().session().documents()[1].id;
    let annotator = harness.state().session().annotator().to_string();
    let mut other = Store::open_server(&ana_url).unwrap();
    other
        .write(|tx| tx.set_layer_status(second, &annotator, DocumentStatus::Done))
        .unwrap();
    frames_until(&mut harness, |app| {
        app.session().documents()[1].status == DocumentStatus::Done
    });

    let mut curator = Store::open_server(&cy_url).unwrap();
    curator
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id: "doc-new",
                title: "doc-new",
                text: "A third text.",
                len_chars: 13,
                content_hash: "doc-new",
                meta: &serde_json::Map::new(),
            })
        })
        .unwrap();
    frames_until(&mut harness, |app| app.session().documents().len() == 3);
}
