//! Installing the project schema (`schema.pg.sql`) into a database.

use postgres::Client;

use super::ServerError;
use crate::store::CURRENT_SCHEMA_VERSION;

/// The tables of a project on a server (the same as schema.sql's).
pub const SCHEMA_PG_SQL: &str = include_str!("../engine/schema.pg.sql");

/// Row-level security and the NOTIFY triggers, installed with the tables:
/// every server project has them, whether or not `init-server` made its
/// roles yet (the owner and superusers bypass row-level security).
pub const TEAM_PG_SQL: &str = include_str!("../engine/team.pg.sql");

/// The checks of a span's layer and label, a statement at a time.
pub const SPAN_CHECKS_PG_SQL: &str = include_str!("../engine/span_checks.pg.sql");

/// The search index (`documents_fts`), after team.pg.sql: its policies call
/// the team's functions.
pub const SEARCH_PG_SQL: &str = include_str!("../engine/search.pg.sql");

/// A server project's SQL, in the order it installs.
pub const INSTALL_PG_SQL: [&str; 4] = [
    SCHEMA_PG_SQL,
    TEAM_PG_SQL,
    SPAN_CHECKS_PG_SQL,
    SEARCH_PG_SQL,
];

/// The `project_meta` key holding the schema version on a server (SQLite
/// keeps it in `PRAGMA user_version`).
pub const SCHEMA_VERSION_KEY: &str = "schema_version";

/// A server project's `schema_version`: schema.sql's version with the
/// server's own changes since. 7 is schema.sql's 6 with search.pg.sql's
/// table of words and span_checks.pg.sql's triggers. A server at
/// [`EARLIER_SERVER_VERSION`] was set up by an earlier Glossator and is
/// brought to 7 by `glossator upgrade URL`; a Glossator that knows only 6
/// refuses a 7, as it must (it would add documents without their words).
pub const SERVER_SCHEMA_VERSION: i64 = 7;

/// The server version of schema.sql's 6 before search.pg.sql and
/// span_checks.pg.sql (an expression search index, a span's foreign keys).
pub const EARLIER_SERVER_VERSION: i64 = 6;

// When schema.sql's version changes, so does the server's (and its upgrade).
const _: () = assert!(CURRENT_SCHEMA_VERSION == 6 && SERVER_SCHEMA_VERSION == 7);

/// The `project_meta` rows an install writes: the server's schema version.
pub fn install_meta_rows() -> [(&'static str, String); 1] {
    [(SCHEMA_VERSION_KEY, SERVER_SCHEMA_VERSION.to_string())]
}

/// Any number, the same in every Glossator: installs of one database wait for
/// each other instead of failing half-way on "table exists".
pub(crate) const INSTALL_LOCK: i64 = 0x476c_6f73_0001;

/// Installs the project tables at [`SERVER_SCHEMA_VERSION`], with their
/// row-level security and triggers, into the connected database, in one
/// transaction: the database has the whole schema
/// afterwards, or (on any error) nothing of it. The database must hold no
/// project yet (see [`installed_version`]); the connected role needs the
/// right to create tables in its `public` schema (the database owner has it).
pub fn install_schema(client: &mut Client) -> Result<(), ServerError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INSTALL_LOCK])?;
    if let Some(found) = version_in(&mut tx)? {
        return Err(ServerError::OtherVersion {
            found,
            supported: SERVER_SCHEMA_VERSION,
        });
    }
    install_schema_in(&mut tx)?;
    tx.commit()?;
    Ok(())
}

/// The tables, their security and triggers, and the version row, inside the
/// caller's transaction.
pub(super) fn install_schema_in(tx: &mut postgres::Transaction<'_>) -> Result<(), ServerError> {
    for sql in INSTALL_PG_SQL {
        tx.batch_execute(sql)?;
    }
    for (key, value) in install_meta_rows() {
        tx.execute(
            "INSERT INTO project_meta (key, value) VALUES ($1, $2)",
            &[&key, &value],
        )?;
    }
    Ok(())
}

/// The schema version of the project in the connected database, or None
/// when the database holds no Glossator project (no `project_meta` table in
/// the search path).
pub fn installed_version(client: &mut Client) -> Result<Option<i64>, ServerError> {
    let mut tx = client.transaction()?;
    let version = version_in(&mut tx)?;
    tx.commit()?;
    Ok(version)
}

pub(super) fn version_in(tx: &mut postgres::Transaction<'_>) -> Result<Option<i64>, ServerError> {
    let has_meta: bool = tx
        .query_one("SELECT to_regclass('project_meta') IS NOT NULL", &[])?
        .get(0);
    if !has_meta {
        return Ok(None);
    }
    let row = tx.query_opt(
        "SELECT value FROM project_meta WHERE key = $1",
        &[&SCHEMA_VERSION_KEY],
    )?;
    let Some(row) = row else {
        return Ok(None);
    };
    let value: String = row.get(0);
    value
        .parse::<i64>()
        .map(Some)
        .map_err(|_| ServerError::BadVersion(value))
}
