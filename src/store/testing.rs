//! Damage and fixtures for tests: files no real user action produces.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// Writes an SQLite database of "another program": a table, no Glossator marks.
pub fn write_foreign_sqlite_file(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open(path)?;
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")?;
    Ok(())
}

/// Sets `PRAGMA user_version`, to play a file written by another version.
pub fn set_schema_version(path: &Path, version: i64) -> Result<(), StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "user_version", version)?;
    Ok(())
}

/// Removes the full-text index and its triggers: a project as an older
/// Glossator wrote it, for the search benchmark's "without the index"
/// baseline (its import time and file size).
pub fn drop_search_index(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open(path)?;
    conn.execute_batch(
        "DROP TRIGGER documents_fts_delete;
         DROP TRIGGER documents_fts_update;
         DROP TABLE documents_fts;",
    )?;
    Ok(())
}
