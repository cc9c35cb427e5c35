//! Schema versions. `PRAGMA user_version` is the version; migration runs in one
//! IMMEDIATE transaction on open; a newer file is refused, never guessed at.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Marks a file as a Glossator project ("Glos" in ASCII), in the SQLite header.
pub(super) const APPLICATION_ID: i64 = 0x476c_6f73;

/// The schema version this build writes.
pub const CURRENT_SCHEMA_VERSION: i64 = 1;

/// The whole current schema, for a new file.
const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// Upgrades of an existing file: `UPGRADES[i]` brings version `i + 1` to `i + 2`.
/// Empty while there is only version 1.
const UPGRADES: &[&str] = &[];

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > CURRENT_SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            file_version: version,
            supported: CURRENT_SCHEMA_VERSION,
        });
    }
    if version == CURRENT_SCHEMA_VERSION {
        return Ok(());
    }
    if version == 0 {
        tx.execute_batch(SCHEMA_SQL)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    } else {
        for upgrade in &UPGRADES[(version - 1) as usize..] {
            tx.execute_batch(upgrade)?;
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
