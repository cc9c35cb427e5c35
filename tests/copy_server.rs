//! `glossator copy` between a project file and a PostgreSQL server, both
//! ways: lossless (every export of the file the server copy comes back as is
//! the same bytes as the original's) and all-or-nothing (a failed copy
//! leaves the database without a project).

mod common;

use std::path::{Path, PathBuf};

use common::copy_samples::{self, assert_same_exports};
use common::pg_server::server;
use common::{fails_with, glossator, ok};
use glossator::store::{OpenMode, Reader, Store};

/// The copy samples with a hole at the end of the span ids.
fn layered_project(dir: &Path) -> PathBuf {
    let project = copy_samples::layered_project(dir);
    copy_samples::delete_last_span(&project);
    project
}

/// Whether the database holds any table of ours (a failed copy leaves none).
fn tables_in(database: &str) -> String {
    server()
        .psql(
            database,
            "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'",
        )
        .trim()
        .to_string()
}

#[test]
fn a_file_copied_to_a_server_and_back_exports_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let database = server().create_database("copy_round_trip");
    let url = server().superuser_url(&database);
    let said = ok(glossator(&[&"copy", &source, &url]));
    assert!(said.contains("2 documents"), "{said}");
    assert!(
        !said.contains(common::pg_server::SUPERUSER_PASSWORD),
        "{said}"
    );

    // The server project reads as the file does, through the same store API.
    let on_server = Store::open_server(&url).unwrap();
    let (file, _) = Store::open(&source, OpenMode::Existing).unwrap();
    assert_eq!(common::snapshot(&on_server), common::snapshot(&file));
    assert_eq!(on_server.stats().unwrap(), file.stats().unwrap());
    drop((on_server, file));

    let back = dir.path().join("back.sqlite");
    ok(glossator(&[&"copy", &url, &back]));
    assert_same_exports(&source, &back);
    ok(glossator(&[&"check", &back]));

    // Ids the source had handed out (the deleted span's) stay unused on
    // the server and in the file that came back.
    let (mut store, _) = Store::open(&back, OpenMode::Existing).unwrap();
    let mut on_server = Store::open_server(&url).unwrap();
    let document = store.document_ids().unwrap()[0];
    let span = store.spans_of(document).unwrap()[0].clone();
    let max_before = server().psql(&database, "SELECT MAX(id) FROM spans");
    let max_before: i64 = max_before.trim().parse().unwrap();
    let new_on_server = on_server
        .write(|tx| tx.insert_span(None, &span.data))
        .unwrap();
    let new_in_file = store.write(|tx| tx.insert_span(None, &span.data)).unwrap();
    assert!(new_on_server.0 > max_before + 1, "{new_on_server:?}");
    assert_eq!(new_on_server, new_in_file);
}

#[test]
fn copy_never_writes_into_a_database_that_holds_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let database = server().create_database("copy_taken");
    let url = server().superuser_url(&database);
    ok(glossator(&[&"copy", &source, &url]));
    let before = server().psql(&database, "SELECT COUNT(*) FROM spans");
    let message = fails_with(
        glossator(&[&"copy", &source, &url]),
        "already holds a Glossator project; copy makes a new project there",
    );
    assert!(!message.contains(common::pg_server::SUPERUSER_PASSWORD));
    assert_eq!(
        server().psql(&database, "SELECT COUNT(*) FROM spans"),
        before
    );
}

/// A row the server refuses (here a span the file's checks were switched
/// off for) fails the copy after most rows went in: nothing stays, not even
/// the tables.
#[test]
fn a_copy_that_fails_half_way_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let source = layered_project(dir.path());
    let conn = rusqlite::Connection::open(&source).unwrap();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE spans SET end_char = start_char WHERE id = (SELECT MAX(id) FROM spans);",
    )
    .unwrap();
    drop(conn);
    let database = server().create_database("copy_fails");
    let url = server().superuser_url(&database);
    let out = glossator(&[&"copy", &source, &url]);
    assert!(!out.status.success());
    let message = common::stderr(&out);
    assert!(message.contains("check constraint"), "{message}");
    assert_eq!(tables_in(&database), "");
}
