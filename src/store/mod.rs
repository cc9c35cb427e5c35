//! The only place with SQL. A [`Store`] is one open project file.
//!
//! Reads go through the [`Reader`] trait, implemented by the store and by a write
//! transaction alike, so validation inside a transaction sees its own writes.
//! Writes happen only inside [`Store::write`]: one IMMEDIATE transaction, committed
//! before it returns.

mod error;
mod install;
mod migrate;
mod open;
mod read;
mod schema_edit;
#[doc(hidden)]
pub mod testing;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

pub use error::StoreError;
pub use migrate::CURRENT_SCHEMA_VERSION;
pub use read::{LabelCount, ProjectStats, Reader};
pub use schema_edit::{LabelUsage, SchemaQueries};
pub use write::{NewDocument, Tx};

/// One open project file.
pub struct Store {
    conn: Connection,
    /// Where the file is; None for an in-memory project (tests).
    path: Option<PathBuf>,
}

/// Whether opening may create the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Refuse a missing file; never create or change a file that is not a project.
    Existing,
    /// Create the file (and install the default schema) when it does not exist.
    CreateIfMissing,
}

impl Store {
    /// Opens a project file. Returns the store and whether the file was created now.
    pub fn open(path: &Path, mode: OpenMode) -> Result<(Self, bool), StoreError> {
        let (conn, created) = open::open_project_file(path, mode)?;
        let mut store = Self {
            conn,
            path: Some(path.to_path_buf()),
        };
        if created {
            store.write(|tx| tx.install_schema(&crate::model::schema::default_schema_file()))?;
        }
        Ok((store, created))
    }

    /// A fresh project in memory with the default schema (tests, benchmarks).
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        open::configure(&conn)?;
        migrate::migrate(&mut conn, Path::new(":memory:"))?;
        let mut store = Self { conn, path: None };
        store.write(|tx| tx.install_schema(&crate::model::schema::default_schema_file()))?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `work` in one IMMEDIATE transaction and commits it; nothing is
    /// written when `work` fails.
    pub fn write<T, E>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let transaction = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let tx = Tx::new(transaction);
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

impl Reader for Store {
    fn conn(&self) -> &Connection {
        &self.conn
    }
}
