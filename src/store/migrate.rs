//! Schema versions. `PRAGMA user_version` is the version; migration runs in one
//! IMMEDIATE transaction on open; a newer file is refused, never guessed at.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Marks a file as a Glossator project ("Glos" in ASCII), in the SQLite header.
pub(super) const APPLICATION_ID: i64 = 0x476c_6f73;

/// The schema version this build writes.
pub const CURRENT_SCHEMA_VERSION: i64 = 6;

/// The version the layers upgrade brought (spans and relations in layers,
/// statuses per layer).
const LAYERS_VERSION: i64 = 3;

/// The oldest version this build reads without upgrading it (read-only opens,
/// `export`, `stats`): the layers upgrade moved every span into a layer, so
/// nothing older reads as it is; the search index and the suggestions table
/// after it are only missing features to a reader (search asks for an
/// upgrade, a project without suggestions has none).
const OLDEST_READABLE_AS_IS: i64 = LAYERS_VERSION;

/// The whole current schema, for a new file.
const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// Upgrades of an existing file: `UPGRADES[i]` brings version `i + 1` to `i + 2`.
/// Each runs inside the migration's transaction, after a backup of the file.
const UPGRADES: &[&str] = &[
    // 1 → 2: an index for status counts and "next unfinished document".
    "CREATE INDEX documents_by_status ON documents (status, sort_order);",
    // 2 → 3: layers (one annotator's annotation of one document), assignments.
    super::upgrade_layers::UPGRADE_LAYERS,
    // 3 → 4: the full-text index of the documents, built from their texts.
    super::upgrade_search::UPGRADE_SEARCH_INDEX,
    // 4 → 5: suggestions (pre-annotation) for each annotator.
    super::upgrade_suggest::ADD_SUGGESTIONS,
    // 5 → 6: curation (provenance of gold, decisions, progress).
    super::upgrade_curation::ADD_CURATION,
];

/// Refuses a file a read-only store cannot read as it is: newer, or older and
/// in need of a migration it may not write.
pub(super) fn check_readable_version(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let version = check_version(conn, path)?;
    if version < OLDEST_READABLE_AS_IS {
        return Err(StoreError::ReadOnly(format!(
            "{} has schema version {version} and needs an upgrade to version {CURRENT_SCHEMA_VERSION}, which a read-only open cannot do; run glossator upgrade on it (or open it in the app) once",
            path.display()
        )));
    }
    Ok(())
}

/// The file's schema version, when it is one this build can open (read it,
/// or upgrade it): not newer, not negative, and not 0 (the version of a file
/// never set up) on a file that already holds tables.
pub(super) fn check_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    check_not_newer(version, path)?;
    let refuse = |reason: String| StoreError::NotAProject {
        path: path.to_path_buf(),
        reason,
    };
    if version < 0 {
        return Err(refuse(format!(
            "its schema version is {version}, which no Glossator writes"
        )));
    }
    if version == 0 {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 {
            return Err(refuse(format!(
                "it has no schema version but holds {tables} tables"
            )));
        }
    }
    Ok(version)
}

fn check_not_newer(version: i64, path: &Path) -> Result<(), StoreError> {
    if version > CURRENT_SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            file_version: version,
            supported: CURRENT_SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Brings the file at `real` (named `path` to the user) to the current
/// version. `annotator` (the app's preferences) names the layer that
/// unattributed work of an older file goes to when the file names no one.
pub(super) fn migrate(
    conn: &mut Connection,
    real: &Path,
    path: &Path,
    annotator: Option<&str>,
) -> Result<(), StoreError> {
    let version = check_version(conn, path)?;
    if version == CURRENT_SCHEMA_VERSION {
        return Ok(());
    }
    // An upgrade rewrites tables the user's work lives in: keep a copy of the
    // file as it was, beside it, readable by the Glossator that wrote it.
    if version > 0 && real != Path::new(":memory:") {
        super::backup::keep_pre_migration_copy(conn, real, version)?;
    }
    // Upgrades rebuild tables (SQLite cannot make a column required in
    // place); with foreign keys on, dropping the old table would delete what
    // refers to it. They are checked as a whole before the commit instead.
    // (The pragma is a no-op inside a transaction: set it before.)
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = run_upgrades(conn, path, annotator);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn run_upgrades(
    conn: &mut Connection,
    path: &Path,
    annotator: Option<&str>,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have upgraded it between the read and the lock.
    let version = check_version(&tx, path)?;
    if version == CURRENT_SCHEMA_VERSION {
        return Ok(());
    }
    if version == 0 {
        tx.execute_batch(SCHEMA_SQL)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    } else {
        // What the upgrades may ask of the app, in a temporary table (gone
        // with the connection, never in the file).
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS upgrade_annotator (name TEXT)")?;
        tx.execute("DELETE FROM temp.upgrade_annotator", [])?;
        tx.execute(
            "INSERT INTO temp.upgrade_annotator (name) VALUES (?1)",
            [annotator.unwrap_or_default()],
        )?;
        let first = usize::try_from(version - 1).unwrap_or(0);
        for upgrade in UPGRADES.iter().skip(first) {
            tx.execute_batch(upgrade)?;
        }
        tx.execute_batch("DROP TABLE temp.upgrade_annotator")?;
        let broken: i64 =
            tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })?;
        if broken > 0 {
            return Err(StoreError::Corrupt(format!(
                "{}: the upgrade to version {CURRENT_SCHEMA_VERSION} left {broken} rows referring to missing rows; nothing was changed",
                path.display()
            )));
        }
    }
    tx.pragma_update(None, "user_version", CURRENT_SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_upgrade_per_version_step() {
        assert_eq!(
            super::UPGRADES.len() as i64,
            super::CURRENT_SCHEMA_VERSION - 1
        );
    }
}
