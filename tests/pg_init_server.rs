//! `glossator init-server URL --annotators .. --curators ..` end to end: it
//! sets a database up as a team project, adds people on a second run without
//! touching the work, and refuses with a clear message (changing nothing)
//! when it cannot: a role that is neither superuser nor owner, a database
//! holding someone else's tables, a name that cannot be a role.

mod common;

use common::pg_server::server;
use common::{fails_with, glossator, ok};
use postgres::Client;

const PASSWORD: &str = "init-secret";

fn connect(url: &str) -> Client {
    Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn init(url: &str, flags: &[&str]) -> std::process::Output {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"init-server", &url];
    for flag in flags {
        args.push(flag);
    }
    glossator(&args)
}

fn count(url: &str, sql: &str) -> i64 {
    connect(url).query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn init_server_makes_the_project_and_its_roles_and_a_second_run_adds_people() {
    let server = server();
    let database = server.create_database("init_twice");
    let admin = server.superuser_url(&database);
    let out = ok(init(
        &admin,
        &["--annotators", "ana_init,ben_init", "--curators", "cy_init"],
    ));
    assert!(out.contains("project tables installed"), "{out}");
    assert!(
        out.contains("roles created (LOGIN, no password yet): ana_init, ben_init, cy_init"),
        "{out}"
    );
    assert!(out.contains("\\password ana_init"), "{out}");
    assert!(
        out.contains(&format!(
            "glossator postgres://ana_init@127.0.0.1:{}/{database}",
            server.port
        )),
        "{out}"
    );

    // Passwords are the administrator's to set; then ana works as herself.
    server.psql(
        "postgres",
        &format!("ALTER ROLE ana_init PASSWORD '{PASSWORD}'"),
    );
    let mut ana = connect(&server.url("ana_init", PASSWORD, &database));
    let me: String = ana
        .query_one("SELECT current_user::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(me, "ana_init");
    connect(&admin)
        .batch_execute(
            "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
             VALUES ('kept', 'kept', 'kept', 4, 'h', 1)",
        )
        .unwrap();

    let out = ok(init(&admin, &["--annotators", "ana_init, dan_init"]));
    assert!(out.contains("the project was already there"), "{out}");
    assert!(
        out.contains("roles created (LOGIN, no password yet): dan_init"),
        "{out}"
    );
    assert!(out.contains("added to the project: ana_init"), "{out}");
    assert_eq!(
        count(&admin, "SELECT COUNT(*) FROM documents"),
        1,
        "the work is kept"
    );
    assert_eq!(
        count(
            &admin,
            "SELECT COUNT(*) FROM annotators WHERE name LIKE '%_init'"
        ),
        4
    );
    // ana's password survived the second run.
    connect(&server.url("ana_init", PASSWORD, &database));
}

#[test]
fn the_owner_with_createrole_may_set_up_their_own_database() {
    let server = server();
    server.create_role("owner_init", PASSWORD);
    server.psql("postgres", "ALTER ROLE owner_init CREATEROLE");
    let database = server.create_database("init_owner");
    server.psql(
        "postgres",
        &format!("ALTER DATABASE \"{database}\" OWNER TO owner_init"),
    );
    // Before PostgreSQL 15 a superuser owns `public` (the owner could not
    // close it to the team: tests/pg_public_schema.rs); give it to the
    // database's owner, as 15 does.
    server.psql(&database, "ALTER SCHEMA public OWNER TO owner_init");
    let url = server.url("owner_init", PASSWORD, &database);
    let out = ok(init(&url, &["--annotators", "eve_init_owner"]));
    assert!(out.contains("project tables installed"), "{out}");
}

#[test]
fn a_role_that_is_neither_superuser_nor_owner_is_refused_and_nothing_changes() {
    let server = server();
    server.create_role("mallory_init", PASSWORD);
    let database = server.create_database("init_not_owner");
    let url = server.url("mallory_init", PASSWORD, &database);
    let err = fails_with(
        init(&url, &["--annotators", "ana_mallory"]),
        "mallory_init may not set up the team project",
    );
    assert!(
        err.contains("a superuser, or the database's owner (postgres)"),
        "{err}"
    );
    assert_eq!(
        count(
            &server.superuser_url(&database),
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        0
    );
    assert_eq!(
        count(
            &server.superuser_url("postgres"),
            "SELECT COUNT(*) FROM pg_roles WHERE rolname = 'ana_mallory'"
        ),
        0
    );
}

#[test]
fn a_database_with_other_tables_is_refused_and_left_as_it_was() {
    let server = server();
    let database = server.create_database("init_foreign");
    server.psql(
        &database,
        "CREATE TABLE invoices (n bigint); CREATE TABLE customers (n bigint)",
    );
    let url = server.superuser_url(&database);
    fails_with(
        init(&url, &["--annotators", "ana_foreign"]),
        &format!("database {database} is not empty and holds no Glossator project (its tables: customers, invoices)"),
    );
    assert_eq!(
        count(
            &url,
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        2
    );
    assert_eq!(
        count(
            &url,
            "SELECT COUNT(*) FROM pg_roles WHERE rolname = 'ana_foreign'"
        ),
        0
    );
}

#[test]
fn a_project_of_another_schema_version_is_refused() {
    let server = server();
    let database = server.create_database("init_version");
    let url = server.superuser_url(&database);
    ok(init(&url, &[]));
    server.psql(
        &database,
        "UPDATE project_meta SET value = '999' WHERE key = 'schema_version'",
    );
    fails_with(
        init(&url, &["--annotators", "ana_version"]),
        "schema version 999",
    );
}

#[test]
fn names_that_cannot_be_annotator_roles_are_refused() {
    let server = server();
    let database = server.create_database("init_names");
    let url = server.superuser_url(&database);
    fails_with(
        init(&url, &["--annotators", "gold"]),
        "\"gold\" is reserved for the curated layer",
    );
    fails_with(
        init(&url, &["--curators", "pg_admin"]),
        "starts with pg_, which PostgreSQL keeps for its own roles",
    );
    let long = "a".repeat(64);
    fails_with(
        init(&url, &["--annotators", &long]),
        "longer than PostgreSQL's 63 bytes",
    );
    assert_eq!(
        count(
            &url,
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        0,
        "nothing was installed"
    );
}

#[test]
fn a_server_that_is_not_there_is_named() {
    let err = fails_with(
        init("postgres://postgres@127.0.0.1:1/nothing", &[]),
        "cannot connect to postgres://postgres@127.0.0.1:1/nothing",
    );
    assert!(!err.contains("secret"));
}
