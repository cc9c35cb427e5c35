//! `glossator copy` of a large project, both ways. A server project is
//! copied out a page of rows at a time (a cursor, so that a table of a
//! million spans is never held in memory at once): a table of more rows
//! than a page must come back whole, with no row lost or repeated where one
//! page ends and the next begins. Into a server, the foreign keys and
//! indexes are made after the rows (each one pass instead of a check per
//! row): the project must end with exactly the constraints and indexes a
//! project installed from schema.pg.sql has.

mod common;

use common::engines::fresh_server_project;
use common::snapshot;
use glossator::formats::{collect_import_files, import_files};
use glossator::store::{copy_project, OpenMode, ProjectLocation, Reader, Store};

#[test]
fn a_server_project_of_more_rows_than_a_page_copies_to_a_file_whole() {
    let folder = tempfile::tempdir().unwrap();
    let corpus = folder.path().join("corpus.jsonl");
    let mut out = std::fs::File::create(&corpus).unwrap();
    // 1,100 documents of 10 spans each: 11,000 spans, two pages and part
    // of a third.
    glossator::bench_corpus::write_corpus(&mut out, 7, 1_100).unwrap();
    drop(out);
    let mut server = fresh_server_project("copy_pages");
    let (files, notices) = collect_import_files(&[corpus], None).unwrap();
    import_files(&mut server.store, &files, notices, &mut |_, _| true).unwrap();
    let stats = server.store.stats().unwrap();
    assert_eq!(stats.spans, 11_000, "{stats:?}");

    let back = folder.path().join("back.sqlite");
    let summary = copy_project(&server.store, &ProjectLocation::File(back.clone())).unwrap();
    assert_eq!(summary.rows_of("spans"), 11_000);
    let (file, _) = Store::open(&back, OpenMode::Existing).unwrap();
    assert_eq!(file.stats().unwrap(), stats);
    assert_eq!(snapshot(&file), snapshot(&server.store));
}

/// Every constraint and index of a database's project, as the server
/// describes them.
fn constraints_and_indexes(database: &str) -> String {
    common::pg_server::server().psql(
        database,
        "SELECT string_agg(d, E'\\n' ORDER BY d) FROM (
           SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d
           FROM pg_constraint WHERE connamespace = 'public'::regnamespace
           UNION ALL
           SELECT pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           WHERE t.relnamespace = 'public'::regnamespace) all_of_them",
    )
}

#[test]
fn a_project_copied_to_a_server_has_the_constraints_and_indexes_of_one_installed() {
    let folder = tempfile::tempdir().unwrap();
    let project = common::copy_samples::layered_project(folder.path());
    let installed = fresh_server_project("copy_constraints_installed");
    let server = common::pg_server::server();
    let copied = server.create_database("copy_constraints_copied");
    let source = Store::open_read_only(&project, "the copy reads it").unwrap();
    copy_project(
        &source,
        &ProjectLocation::Server(server.superuser_url(&copied)),
    )
    .unwrap();
    let database_of = |url: &str| {
        url.rsplit('/')
            .next()
            .and_then(|rest| rest.split('?').next())
            .unwrap()
            .to_string()
    };
    let expected = constraints_and_indexes(&database_of(&installed.location));
    assert!(expected.contains("FOREIGN KEY"), "{expected}");
    assert!(expected.contains("USING gin"), "{expected}");
    assert_eq!(constraints_and_indexes(&copied), expected);
}

/// A copy leaves a server's sequences set to hand out the next id
/// (`setval(s, n, false)`), which `pg_sequence_last_value` reads as never
/// used. Restoring a deleted span under its old id (undo) must not move the
/// sequence back to it: the next new span would get an id that is taken.
#[test]
fn restoring_a_span_id_on_a_copied_server_project_leaves_the_sequence_ahead() {
    let folder = tempfile::tempdir().unwrap();
    let project = common::copy_samples::layered_project(folder.path());
    let server = common::pg_server::server();
    let database = server.create_database("copy_restore_id");
    let url = server.superuser_url(&database);
    let source = Store::open_read_only(&project, "the copy reads it").unwrap();
    copy_project(&source, &ProjectLocation::Server(url.clone())).unwrap();
    drop(source);
    let mut on_server = Store::open_server(&url).unwrap();
    let document = on_server.document_ids().unwrap()[0];
    let first = on_server.spans_of(document).unwrap()[0].clone();
    let highest: i64 = server
        .psql(&database, "SELECT MAX(id) FROM spans")
        .trim()
        .parse()
        .unwrap();
    on_server
        .write(|tx| {
            tx.delete_span(first.id)?;
            tx.insert_span(Some(first.id), &first.data)
        })
        .unwrap();
    let new = on_server
        .write(|tx| tx.insert_span(None, &first.data))
        .unwrap_or_else(|e| panic!("a new span after the restored one: {e}"));
    assert!(new.0 > highest, "{new:?} after {highest}");
}
