//! Before PostgreSQL 15 every role may create objects in schema `public`,
//! which belongs to the bootstrap superuser. An annotator who may create
//! there can define `public.pg_has_role` (or an operator) and, with
//! `SET search_path = public, pg_catalog`, make the row-level security
//! policies call it: `glossator_is_curator()` says true and every layer is
//! theirs. `init-server` takes the privilege back; where it cannot (a
//! database owner who does not own `public`), or where a member already
//! made something there, it refuses and changes nothing. On 15 and later each test first sets `public` up as 13 and 14
//! have it, so the tests mean the same on every version.

mod common;

use common::pg_server::{server, SUPERUSER};
use common::{fails_with, glossator, ok};
use postgres::Client;

const PASSWORD: &str = "public-secret";

fn connect(url: &str) -> Client {
    Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn count(url: &str, sql: &str) -> i64 {
    connect(url).query_one(sql, &[]).unwrap().get(0)
}

/// Tables in `public`: a refused setup must leave none.
const PUBLIC_TABLES: &str = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'";

/// Gives a role made by `init-server` (no password) one; returns its URL.
fn login_url(role: &str, database: &str) -> String {
    let server = server();
    server.psql(
        "postgres",
        &format!("ALTER ROLE \"{role}\" PASSWORD '{PASSWORD}'"),
    );
    server.url(role, PASSWORD, database)
}

fn init(url: &str, annotator: &str) -> std::process::Output {
    glossator(&[&"init-server", &url, &"--annotators", &annotator])
}

/// A new database whose `public` schema is as PostgreSQL 13 and 14 make it:
/// owned by the superuser, every role may create in it.
fn database_as_before_15(hint: &str) -> String {
    let server = server();
    let database = server.create_database(hint);
    server.psql(
        &database,
        &format!(
            "ALTER SCHEMA public OWNER TO {SUPERUSER}; GRANT USAGE, CREATE ON SCHEMA public TO PUBLIC"
        ),
    );
    database
}

/// What a hostile annotator tries: a function of their own named as the
/// one the curator check calls, first in their search path; a schema of
/// their own; a temporary table shadowing `pg_roles`, which the check reads
/// unqualified (functions are never looked up in `pg_temp`, tables are).
/// Asserts the server refused what it must; returns whether the policies
/// then took them for a curator.
fn annotator_passes_for_curator(url: &str) -> bool {
    let mut annotator = connect(url);
    for (attempt, refusal) in [
        (
            "CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean
             LANGUAGE sql AS 'SELECT true'",
            "permission denied for schema public",
        ),
        ("CREATE SCHEMA mine", "permission denied for database"),
    ] {
        let error = annotator
            .batch_execute(attempt)
            .expect_err("an annotator must not create this");
        let message = error.as_db_error().map(|db| db.message().to_string());
        assert!(
            message.as_deref().is_some_and(|m| m.starts_with(refusal)),
            "{attempt}: {error:?}"
        );
    }
    annotator
        .batch_execute(
            "CREATE TEMP TABLE pg_roles (rolname name);
             INSERT INTO pg_roles SELECT value FROM public.project_meta WHERE key = 'curators_role';
             SET search_path = pg_temp, public, pg_catalog",
        )
        .unwrap();
    annotator
        .query_one("SELECT glossator_is_curator()", &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_superusers_init_server_closes_public_to_annotators() {
    let server = server();
    let database = database_as_before_15("public_superuser");
    ok(init(&server.superuser_url(&database), "ana_public_su"));
    let ana = login_url("ana_public_su", &database);
    assert!(!annotator_passes_for_curator(&ana));
}

#[test]
fn an_owner_who_cannot_close_public_is_refused_until_a_superuser_gives_it_to_them() {
    let server = server();
    server.create_role("owner_public", PASSWORD);
    server.psql("postgres", "ALTER ROLE owner_public CREATEROLE");
    let database = database_as_before_15("public_owner");
    server.psql(
        "postgres",
        &format!("ALTER DATABASE \"{database}\" OWNER TO owner_public"),
    );
    let url = server.url("owner_public", PASSWORD, &database);

    let error = fails_with(
        init(&url, "ana_public_owner"),
        "ana_public_owner may create objects in schema public",
    );
    assert!(error.contains("only its owner, postgres,"), "{error}");
    assert!(error.contains("Nothing was changed"), "{error}");
    assert!(
        error.contains("ALTER SCHEMA public OWNER TO \"owner_public\";"),
        "{error}"
    );
    let admin = server.superuser_url(&database);
    assert_eq!(count(&admin, PUBLIC_TABLES), 0, "tables left behind");
    let roles = count(
        &admin,
        "SELECT COUNT(*) FROM pg_roles WHERE rolname = 'ana_public_owner'",
    );
    assert_eq!(roles, 0, "the refused setup left a role behind");

    // The message's advice, then the owner's setup goes through.
    server.psql(&database, "ALTER SCHEMA public OWNER TO owner_public");
    let out = ok(init(&url, "ana_public_owner"));
    assert!(out.contains("project tables installed"), "{out}");
    let ana = login_url("ana_public_owner", &database);
    assert!(!annotator_passes_for_curator(&ana));
}

#[test]
fn what_an_annotator_made_in_public_while_it_was_open_is_named_and_the_setup_refused() {
    let server = server();
    let database = database_as_before_15("public_planted");
    server.create_role("ana_public_planted", PASSWORD);
    let ana = server.url("ana_public_planted", PASSWORD, &database);
    // Before the project is set up, public still open: the REVOKE to come
    // would not remove what she made.
    connect(&ana)
        .batch_execute(
            "CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean
             LANGUAGE sql AS 'SELECT true';
             CREATE FUNCTION public.always(name, name) RETURNS boolean
             LANGUAGE sql AS 'SELECT true';
             CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = name, FUNCTION = public.always)",
        )
        .unwrap();
    let admin = server.superuser_url(&database);

    let error = fails_with(
        init(&admin, "ana_public_planted"),
        "members of the team own objects in schema public",
    );
    for object in [
        "function public.always(name, name)",
        "function public.pg_has_role(name, text, text)",
        "operator public.=(name, name)",
    ] {
        assert!(
            error.contains(&format!("{object} (ana_public_planted)")),
            "{error}"
        );
    }
    assert!(error.contains("Nothing was changed"), "{error}");
    assert_eq!(count(&admin, PUBLIC_TABLES), 0, "tables left behind");

    // The message's advice, then the setup goes through and holds.
    server.psql(
        &database,
        "DROP FUNCTION public.pg_has_role(name, text, text);
         DROP FUNCTION public.always(name, name) CASCADE",
    );
    ok(init(&admin, "ana_public_planted"));
    assert!(!annotator_passes_for_curator(&ana));
}
