//! `glossator upgrade URL`: a server project set up by an earlier Glossator
//! (no `server_layout` row) brought to the current layout in one
//! transaction, by the database's owner: the search index becomes
//! search.pg.sql's table of words (filled from every document's text), and
//! a span's four foreign keys give way to span_checks.pg.sql's triggers (a
//! relation's two that its layer implies go too). Everything else, and
//! every row, stays as it is.

use super::engine::{params, Connector, Db, Value};
use super::open_server::server_layout;
use super::read::Conn;
use super::search_words::{index_words, write_server_words};
use super::{server, Store, StoreError, CURRENT_SCHEMA_VERSION};

/// What the earlier layout has that the current one has not.
const DROP_EARLIER_LAYOUT: &str = "
    DROP INDEX IF EXISTS documents_fts;
    DROP FUNCTION IF EXISTS glossator_search_vector(TEXT);
    DROP TEXT SEARCH CONFIGURATION IF EXISTS glossator_search;
    ALTER TABLE spans
        DROP CONSTRAINT IF EXISTS spans_document_id_fkey,
        DROP CONSTRAINT IF EXISTS spans_annotator_id_fkey,
        DROP CONSTRAINT IF EXISTS spans_label_id_fkey,
        DROP CONSTRAINT IF EXISTS spans_document_id_annotator_id_fkey;
    ALTER TABLE relations
        DROP CONSTRAINT IF EXISTS relations_document_id_fkey,
        DROP CONSTRAINT IF EXISTS relations_annotator_id_fkey;";

/// Documents whose words are written at a time.
const DOCUMENTS_PER_BATCH: i64 = 500;

/// How an upgrade went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerUpgrade {
    /// The project had the current layout already: nothing changed.
    AlreadyCurrent,
    /// Upgraded; this many documents' words were indexed.
    Upgraded { documents: usize },
}

/// Upgrades the server project at `url` to the current layout; all of it,
/// or on any error nothing. The connected role must own the tables (or be
/// a superuser).
pub fn upgrade_server(url: &str) -> Result<ServerUpgrade, StoreError> {
    let connector = Connector::from_url(url)?;
    let shown = connector.shown().to_string();
    let db = Db::connect(connector).map_err(|err| StoreError::CannotConnect {
        url: shown.clone(),
        cause: err.connection_cause(),
    })?;
    let mut store = Store::from_server(db);
    store.write(|tx| {
        let db = tx.conn();
        // Installs and upgrades of one database wait for each other.
        db.query_row(
            "SELECT pg_advisory_xact_lock(?1)",
            [server::INSTALL_LOCK],
            |_| Ok(()),
        )?;
        check_version(db, &shown)?;
        if server_layout(db)?.as_deref() == Some(server::SERVER_LAYOUT) {
            return Ok(ServerUpgrade::AlreadyCurrent);
        }
        db.execute_batch(DROP_EARLIER_LAYOUT)?;
        db.execute_batch(server::SPAN_CHECKS_PG_SQL)?;
        db.execute_batch(server::SEARCH_PG_SQL)?;
        grant_to_team(db)?;
        let documents = index_every_document(db)?;
        db.execute(
            "INSERT INTO project_meta (key, value) VALUES (?1, ?2)",
            params![server::SERVER_LAYOUT_KEY, server::SERVER_LAYOUT],
        )?;
        Ok(ServerUpgrade::Upgraded { documents })
    })
}

/// Refuses a database without a project, or with another schema version
/// (what `glossator upgrade` does for a file, a server does not).
fn check_version(db: &Db, shown: &str) -> Result<(), StoreError> {
    let version: Option<String> = db.query_row(
        "SELECT (SELECT value FROM project_meta WHERE key = ?1)
         WHERE to_regclass('project_meta') IS NOT NULL",
        [server::SCHEMA_VERSION_KEY],
        |row| row.get(0),
    )?;
    match version.and_then(|v| v.trim().parse::<i64>().ok()) {
        Some(found) if found == CURRENT_SCHEMA_VERSION => Ok(()),
        Some(found) => Err(StoreError::ServerVersion {
            url: shown.to_string(),
            found,
            supported: CURRENT_SCHEMA_VERSION,
        }),
        None => Err(StoreError::NotInitialised {
            url: shown.to_string(),
            reason: "it has no schema version".into(),
        }),
    }
}

/// The team's rights on the new table, as `init-server` grants them on
/// every table (when it has made the team's group role).
fn grant_to_team(db: &Db) -> Result<(), StoreError> {
    let grant: Option<String> = db.query_row(
        "SELECT (SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON documents_fts TO %I', value)
                 FROM project_meta
                 WHERE key = ?1 AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = value))",
        [server::TEAM_ROLE_KEY],
        |row| row.get(0),
    )?;
    if let Some(grant) = grant {
        db.execute_batch(&grant)?;
    }
    Ok(())
}

/// Every document's words into the new table, a batch at a time (in id
/// order, so memory stays bounded); returns how many documents.
fn index_every_document(db: &Db) -> Result<usize, StoreError> {
    let mut after = 0_i64;
    let mut indexed = 0;
    loop {
        let batch: Vec<(i64, String)> = {
            let mut statement = db.prepare_cached(
                "SELECT id, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?;
            let rows = statement.query_map(
                params![Value::Integer(after), Value::Integer(DOCUMENTS_PER_BATCH)],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let Some(&(last, _)) = batch.last() else {
            return Ok(indexed);
        };
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let words = batch.iter().map(|(_, text)| index_words(text)).collect();
        write_server_words(db, &ids, words)?;
        indexed += batch.len();
        after = last;
    }
}
