//! The PostgreSQL schema (src/store/engine/schema.pg.sql) installs into an
//! empty database in one transaction and holds the same tables, columns,
//! NOT NULLs and indexes as schema.sql at the current version.

mod common;

use std::collections::BTreeSet;

use common::pg_server::server;
use glossator::store::server::SERVER_SCHEMA_VERSION;
use glossator::store::server::{install_schema, installed_version, ServerError};

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// A fresh database of the shared test server with the schema installed.
fn installed(hint: &str) -> postgres::Client {
    let server = server();
    let database = server.create_database(hint);
    let mut client = connect(&server.superuser_url(&database));
    install_schema(&mut client).expect("the schema installs into an empty database");
    client
}

/// (table, column, NOT NULL) of SQLite's schema.sql, without the FTS5 table
/// (a server has its own documents_fts, left out on its side).
fn sqlite_columns() -> BTreeSet<(String, String, bool)> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(include_str!("../schema.sql")).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT m.name, c.name, c.\"notnull\" OR c.pk
             FROM sqlite_schema m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'documents_fts%'
               AND m.name NOT LIKE 'sqlite_%'",
        )
        .unwrap();
    let rows = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn sqlite_indexes() -> BTreeSet<String> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(include_str!("../schema.sql")).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index'
             AND name NOT LIKE 'sqlite_autoindex%'",
        )
        .unwrap();
    let rows = statement.query_map([], |row| row.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn the_server_schema_has_the_tables_columns_and_indexes_of_schema_sql() {
    let mut client = installed("schema_same_tables");
    let pg_columns: BTreeSet<(String, String, bool)> = client
        .query(
            "SELECT table_name::text, column_name::text, is_nullable = 'NO'
             FROM information_schema.columns WHERE table_schema = 'public'
               AND table_name <> 'documents_fts'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    assert_eq!(pg_columns, sqlite_columns());

    let pg_indexes: BTreeSet<String> = client
        .query(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'
             AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut expected = sqlite_indexes();
    // The search index: FTS5's virtual table on SQLite; here a table of
    // each document's words (tests/search_words_engines.rs) with a GIN
    // index, and an index of the documents too rich in words for it.
    expected.insert("documents_fts_words".to_string());
    expected.insert("documents_fts_unindexed".to_string());
    assert_eq!(pg_indexes, expected);
}

#[test]
fn every_integer_column_is_bigint() {
    let mut client = installed("schema_bigint");
    let narrow: Vec<String> = client
        .query(
            "SELECT table_name || '.' || column_name FROM information_schema.columns
             WHERE table_schema = 'public' AND data_type IN ('integer', 'smallint', 'real', 'numeric')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        narrow.is_empty(),
        "not BIGINT / DOUBLE PRECISION: {narrow:?}"
    );
}

#[test]
fn the_version_is_a_project_meta_row_and_a_second_install_is_refused_whole() {
    let mut client = installed("schema_version_row");
    assert_eq!(
        installed_version(&mut client).unwrap(),
        Some(SERVER_SCHEMA_VERSION)
    );
    let again = install_schema(&mut client);
    assert!(
        matches!(again, Err(ServerError::OtherVersion { found, .. }) if found == SERVER_SCHEMA_VERSION),
        "{again:?}"
    );
}

#[test]
fn an_empty_database_has_no_version() {
    let server = server();
    let database = server.create_database("schema_empty");
    let mut client = connect(&server.superuser_url(&database));
    assert_eq!(installed_version(&mut client).unwrap(), None);
}

#[test]
fn a_failed_install_leaves_nothing_behind() {
    let server = server();
    let database = server.create_database("schema_failed");
    // A table in the way: the install fails at `CREATE TABLE spans`, after
    // a dozen tables were made; none of them may stay.
    server.psql(&database, "CREATE TABLE spans (x bigint)");
    let mut client = connect(&server.superuser_url(&database));
    let error = install_schema(&mut client).unwrap_err();
    assert!(error.to_string().contains("spans"), "{error}");
    let tables: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "only the table that was there before");
}

#[test]
fn explicit_ids_insert_and_default_ids_follow() {
    let mut client = installed("schema_ids");
    client
        .batch_execute(
            "INSERT INTO annotators (id, name) VALUES (40, 'ana');
             INSERT INTO annotators (name) VALUES ('ben');",
        )
        .unwrap();
    let ids: Vec<i64> = client
        .query("SELECT id FROM annotators ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ids, vec![40, 1]);
}
