//! `glossator copy` between a project file and a PostgreSQL server, both
//! ways: lossless (every export of the file the server copy comes back as is
//! the same bytes as the original's) and all-or-nothing (a failed copy
//! leaves the database without a project).

mod common;

use std::path::{Path, PathBuf};

use common::pg_server::server;
use common::{fails_with, glossator, gold_jsonl_line, ok, torture_jsonl_line, write};
use glossator::store::{OpenMode, Reader, Store};

/// The gold and torture samples in a `gold` layer (done) and ana's, with
/// assignments and one deleted span (a hole in the ids).
fn layered_project(dir: &Path) -> PathBuf {
    let project = dir.join("source.sqlite");
    let samples = [gold_jsonl_line(), torture_jsonl_line()];
    let as_gold: Vec<String> = samples.iter().map(|line| in_gold_layer(line)).collect();
    ok(glossator(&[
        &"import",
        &project,
        &write(dir, "gold.jsonl", as_gold.join("\n") + "\n"),
    ]));
    ok(glossator(&[
        &"import",
        &project,
        &write(dir, "ana.jsonl", samples.join("\n") + "\n"),
        &"--annotator",
        &"ana",
    ]));
    ok(glossator(&[
        &"assign",
        &project,
        &"--annotators",
        &"ana,ben",
        &"--per-document",
        &"2",
    ]));
    let (mut store, _) = Store::open(&project, OpenMode::Existing).unwrap();
    let last = store
        .document_ids()
        .unwrap()
        .into_iter()
        .flat_map(|d| store.spans_of(d).unwrap())
        .max_by_key(|s| s.id.0)
        .unwrap();
    store.write(|tx| tx.delete_span(last.id)).unwrap();
    project
}

fn in_gold_layer(line: &str) -> String {
    let mut document: serde_json::Value = serde_json::from_str(line).unwrap();
    for key in ["spans", "relations"] {
        if let Some(items) = document[key].as_array_mut() {
            for item in items {
                item["annotator"] = "gold".into();
            }
        }
    }
    document["layers"] = serde_json::json!([{"annotator": "gold", "status": "done"}]);
    document.to_string()
}

/// Every export a user would compare, and the stats, as bytes.
fn exports(project: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for (format, layer) in [
        ("jsonl", "all"),
        ("label-studio", "all"),
        ("csv", "gold"),
        ("conll", "ana"),
        ("doccano", "gold"),
        ("brat", "gold"),
    ] {
        let out_dir = tempfile::tempdir().unwrap();
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"export",
            &project,
            &"--format",
            &format,
            &"--layer",
            &layer,
        ];
        let folder = out_dir.path().join("brat");
        if format == "brat" {
            args.extend([&"-o" as &dyn AsRef<std::ffi::OsStr>, &folder]);
        }
        let out = glossator(&args);
        assert!(out.status.success(), "{format}: {}", common::stderr(&out));
        let mut bytes = out.stdout;
        if format == "brat" {
            let mut names: Vec<_> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            names.sort();
            for name in names {
                bytes.extend(name.file_name().unwrap().as_encoded_bytes());
                bytes.extend(std::fs::read(&name).unwrap());
            }
        }
        all.push((format!("{format} --layer {layer}"), bytes));
    }
    let stats = ok(glossator(&[&"stats", &project, &"--json"]));
    let mut stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    stats.as_object_mut().unwrap().remove("project");
    all.push(("stats".into(), stats.to_string().into_bytes()));
    all
}

fn assert_same_exports(a: &Path, b: &Path) {
    for ((what, left), (_, right)) in exports(a).into_iter().zip(exports(b)) {
        assert!(
            left == right,
            "{what} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&left),
            String::from_utf8_lossy(&right)
        );
    }
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
