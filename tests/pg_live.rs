//! The live listener: a change committed by one session reaches another
//! session's listener within 1 s, described well enough to refresh the right
//! thing; the listener survives the server restarting or crashing and says so.

mod common;

use std::time::{Duration, Instant};

use common::pg_server::{private_server, server, PgServer};
use glossator::store::server::install_schema;
use glossator::store::server::live::{ChangeKind, Connect, LiveEvent, LiveListener};
use glossator::store::server::ServerError;
use postgres::{Client, GenericClient};

fn connect(url: &str) -> Client {
    Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn connector(url: String) -> Connect {
    Box::new(move || Ok(Client::connect(&url, postgres::NoTls)?))
}

/// A project database on `server` and a listener on it.
fn project(server: &PgServer, hint: &str) -> (String, LiveListener) {
    let database = server.create_database(hint);
    let url = server.superuser_url(&database);
    install_schema(&mut connect(&url)).unwrap();
    let listener = LiveListener::start(connector(url.clone()), Box::new(|| {})).unwrap();
    (url, listener)
}

/// The next change event within `timeout`, skipping nothing else.
fn next_event(listener: &LiveListener, timeout: Duration) -> LiveEvent {
    listener
        .wait(timeout)
        .unwrap_or_else(|| panic!("no event within {timeout:?}"))
}

fn seed(client: &mut Client) -> (i64, i64, i64) {
    let document: i64 = client
        .query_one(
            "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
             VALUES ('d1', 'd1', 'Kabul talks resume.', 19, 'h1', 1) RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let annotator: i64 = client
        .query_one(
            "INSERT INTO annotators (name) VALUES ('ana') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let label: i64 = client
        .query_one(
            "INSERT INTO labels (kind, name, color, sort_order) VALUES ('span', 'EVENT', '#ff0000', 1) RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    client
        .execute(
            "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ($1, $2, 0)",
            &[&document, &annotator],
        )
        .unwrap();
    (document, annotator, label)
}

fn insert_span(client: &mut impl GenericClient, (document, annotator, label): (i64, i64, i64)) {
    client
        .execute(
            "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
             VALUES ($1, 0, 5, $2, $3, 0, 0)",
            &[&document, &label, &annotator],
        )
        .unwrap();
}

/// Drains what the seeding sent.
fn drain(listener: &LiveListener) {
    while listener.wait(Duration::from_millis(300)).is_some() {}
}

#[test]
fn a_span_committed_by_one_session_reaches_the_other_within_a_second() {
    let (url, listener) = project(server(), "live_span");
    let mut writer = connect(&url);
    let ids = seed(&mut writer);
    drain(&listener);
    let committed = Instant::now();
    insert_span(&mut writer, ids);
    let event = next_event(&listener, Duration::from_secs(1));
    let heard_after = committed.elapsed();
    let LiveEvent::Changed(change) = event else {
        panic!("expected a change, got {event:?}");
    };
    assert_eq!(change.kind, ChangeKind::Layer);
    assert_eq!(change.table, "spans");
    assert_eq!(change.change, "insert");
    assert_eq!(change.document_id, Some(ids.0));
    assert_eq!(change.annotator_id, Some(ids.1));
    let writer_pid: i32 = writer
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    assert_eq!(change.sender_pid, writer_pid);
    assert!(heard_after < Duration::from_secs(1), "{heard_after:?}");
}

#[test]
fn a_rolled_back_change_is_never_heard_and_a_bulk_write_is_one_event() {
    let (url, listener) = project(server(), "live_rollback");
    let mut writer = connect(&url);
    let ids = seed(&mut writer);
    drain(&listener);
    let mut tx = writer.transaction().unwrap();
    insert_span(&mut tx, ids);
    drop(tx);
    assert_eq!(listener.wait(Duration::from_millis(500)), None);

    // 150 documents, each with a layer, in one statement each.
    writer
        .batch_execute(&format!(
            "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
             SELECT 'bulk' || n, 't', 'x', 1, 'hash' || n, n + 10 FROM generate_series(1, 150) n;
             INSERT INTO layers (document_id, annotator_id, updated_at)
             SELECT id, {}, 0 FROM documents WHERE external_id LIKE 'bulk%';",
            ids.1
        ))
        .unwrap();
    let mut events = Vec::new();
    while let Some(event) = listener.wait(Duration::from_millis(500)) {
        events.push(event);
    }
    let changes: Vec<_> = events
        .iter()
        .map(|event| match event {
            LiveEvent::Changed(change) => (change.table.as_str(), change.document_id),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(changes, vec![("documents", None), ("layers", None)]);
}

#[test]
fn a_schema_change_is_heard_as_one() {
    let (url, listener) = project(server(), "live_schema");
    let mut curator = connect(&url);
    seed(&mut curator);
    drain(&listener);
    curator
        .execute("UPDATE labels SET color = '#00ff00'", &[])
        .unwrap();
    let LiveEvent::Changed(change) = next_event(&listener, Duration::from_secs(1)) else {
        panic!("expected a change");
    };
    assert_eq!(
        (change.kind, change.table.as_str()),
        (ChangeKind::Schema, "labels")
    );
}

/// The listener says the connection broke, then that it is back.
fn loses_and_finds_the_server(listener: &LiveListener) {
    let lost = next_event(listener, Duration::from_secs(10));
    assert!(matches!(lost, LiveEvent::Disconnected { .. }), "{lost:?}");
    assert_eq!(
        next_event(listener, Duration::from_secs(10)),
        LiveEvent::Reconnected
    );
}

/// A span committed on a new connection reaches the listener within 1 s.
fn hears_a_new_span(listener: &LiveListener, url: &str, ids: (i64, i64, i64)) {
    insert_span(&mut connect(url), ids);
    let heard = next_event(listener, Duration::from_secs(1));
    assert!(matches!(heard, LiveEvent::Changed(_)), "{heard:?}");
}

#[test]
fn the_listener_says_it_lost_the_server_reconnects_and_hears_again() {
    let server = private_server();
    let (url, listener) = project(&server, "live_restart");
    let mut writer = connect(&url);
    let ids = seed(&mut writer);
    drain(&listener);

    server.restart();
    loses_and_finds_the_server(&listener);
    hears_a_new_span(&listener, &url, ids);

    // A crash, and the server away for a while: the listener keeps trying.
    server.stop_immediate();
    let lost = next_event(&listener, Duration::from_secs(10));
    assert!(matches!(lost, LiveEvent::Disconnected { .. }), "{lost:?}");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(listener.wait(Duration::from_millis(100)), None);
    server.start_again();
    assert_eq!(
        next_event(&listener, Duration::from_secs(10)),
        LiveEvent::Reconnected
    );
    hears_a_new_span(&listener, &url, ids);
}

#[test]
fn a_listener_that_cannot_connect_says_why() {
    let server = server();
    let url = server.url("postgres", "wrong-password", "postgres");
    let Err(error) = LiveListener::start(connector(url), Box::new(|| {})) else {
        panic!("a wrong password must fail");
    };
    assert!(matches!(error, ServerError::Postgres(_)));
    assert!(error.to_string().contains("password"), "{error}");
}
