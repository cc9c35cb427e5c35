//! `glossator upgrade URL`: a server project set up by an earlier Glossator
//! (server schema version 6) brought to the current one (7) in one
//! transaction: the search index becomes search.pg.sql's table of words
//! (filled from every document's text), and a span's four foreign keys give
//! way to span_checks.pg.sql's triggers (a relation's two that its layer
//! implies go too). Everything else, and every row, stays as it is.

use super::engine::{params, Db, Value};
use super::open_server::{connect_server, server_schema_version};
use super::read::Conn;
use super::search_words::{index_words, write_server_words};
use super::server::{EARLIER_SERVER_VERSION, SERVER_SCHEMA_VERSION};
use super::{server, Store, StoreError};

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

/// Documents whose texts are read at a time, at most, and how many bytes
/// of text (a document may hold 16 million characters).
const DOCUMENTS_PER_BATCH: i64 = 500;
const TEXT_BYTES_PER_BATCH: i64 = 4 << 20;

/// How an upgrade went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerUpgrade {
    /// The project had the current layout already: nothing changed.
    AlreadyCurrent,
    /// Upgraded; this many documents' words were indexed.
    Upgraded { documents: usize },
}

/// Upgrades the server project at `url` to the current version; all of
/// it, or on any error nothing. The connected role must own the tables, or
/// be able to act as their owner (a superuser, a member of the owner's
/// role): what it makes belongs to the tables' owner, as the rest does.
pub fn upgrade_server(url: &str) -> Result<ServerUpgrade, StoreError> {
    let (db, shown) = connect_server(url, None)?;
    let mut store = Store::from_server(db);
    store.write(|tx| {
        let db = tx.conn();
        // Installs and upgrades of one database wait for each other, and
        // an upgrade waits for open apps' writes (not the 2 s an edit waits).
        db.query_row(
            "SELECT pg_advisory_xact_lock(?1)",
            [server::INSTALL_LOCK],
            |_| Ok(()),
        )?;
        db.execute_batch("SET LOCAL lock_timeout = '60s'")?;
        match server_schema_version(db, &shown)? {
            SERVER_SCHEMA_VERSION => return Ok(ServerUpgrade::AlreadyCurrent),
            EARLIER_SERVER_VERSION => {}
            found => {
                return Err(StoreError::ServerVersion {
                    url: shown.clone(),
                    found,
                    supported: SERVER_SCHEMA_VERSION,
                })
            }
        }
        act_as_owner(db)?;
        db.execute_batch(DROP_EARLIER_LAYOUT)?;
        db.execute_batch(server::SPAN_CHECKS_PG_SQL)?;
        db.execute_batch(server::SEARCH_PG_SQL)?;
        grant_to_team(db)?;
        let documents = index_every_document(db)?;
        db.execute(
            "UPDATE project_meta SET value = ?1 WHERE key = ?2",
            params![
                SERVER_SCHEMA_VERSION.to_string(),
                server::SCHEMA_VERSION_KEY
            ],
        )?;
        Ok(ServerUpgrade::Upgraded { documents })
    })
}

/// For the rest of the transaction, the connection acts as the role that
/// owns the project's tables, so that the new table and functions are
/// theirs (a superuser's would lock the owner out of the search table, and
/// run the span checks as a superuser). A role that may not is refused.
fn act_as_owner(db: &Db) -> Result<(), StoreError> {
    let (is_owner, set_role): (bool, String) = db.query_row(
        "SELECT pg_get_userbyid(relowner) = current_user,
                format('SET LOCAL ROLE %I', pg_get_userbyid(relowner))
         FROM pg_class WHERE oid = 'public.spans'::regclass",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if !is_owner {
        db.execute_batch(&set_role)?;
    }
    Ok(())
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
/// order, at most 500 documents or 4 MB of text, so memory stays bounded);
/// returns how many documents.
fn index_every_document(db: &Db) -> Result<usize, StoreError> {
    let mut after = 0_i64;
    let mut indexed = 0;
    loop {
        // The last id that fits (at least the next one), then the texts.
        let last: Option<i64> = db.query_row(
            "SELECT COALESCE(MAX(id) FILTER (WHERE running <= ?3), MIN(id)) FROM
               (SELECT id, SUM(octet_length(text)) OVER (ORDER BY id) AS running
                FROM (SELECT id, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2) next) sized",
            params![
                Value::Integer(after),
                Value::Integer(DOCUMENTS_PER_BATCH),
                Value::Integer(TEXT_BYTES_PER_BATCH)
            ],
            |row| row.get(0),
        )?;
        let Some(last) = last else {
            return Ok(indexed);
        };
        let batch: Vec<(i64, String)> = {
            let mut statement = db.prepare_cached(
                "SELECT id, text FROM documents WHERE id > ?1 AND id <= ?2 ORDER BY id",
            )?;
            let rows = statement.query_map(
                params![Value::Integer(after), Value::Integer(last)],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let words = batch.iter().map(|(_, text)| index_words(text)).collect();
        write_server_words(db, &ids, words)?;
        indexed += batch.len();
        after = last;
    }
}
