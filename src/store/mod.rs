//! The only place with SQL. A [`Store`] is one open project file.
//!
//! Reads go through the [`Reader`] trait, implemented by the store and by a write
//! transaction alike, so validation inside a transaction sees its own writes.
//! Writes happen only inside [`Store::write`]: one IMMEDIATE transaction, committed
//! before it returns.

mod agreement_read;
mod backup;
mod check;
mod check_schema;
mod checkpoint;
mod copy;
mod curation;
mod disk;
mod documents;
pub mod engine;
mod error;
mod fts_match;
mod guard;
mod install;
mod layer_view;
mod layers;
mod location;
pub mod lock;
mod merge_copy;
mod migrate;
mod open;
mod open_server;
mod package;
mod read;
mod schema_edit;
mod search;
mod search_words;
pub mod server;
mod snapshot_copy;
mod staged;
mod suggestions;
#[doc(hidden)]
pub mod testing;
mod upgrade_search;
mod upgrade_server;

mod upgrade_curation;
mod upgrade_suggest;

mod upgrade_layers;
mod write;
mod write_batch;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use engine::Db;

pub use agreement_read::{read_agreement_input, read_spans_created_per_day};
pub(crate) use backup::civil_from_days;
pub use backup::{backups_folder, list_backups, write_periodic_backup, DEFAULT_BACKUPS_KEPT};
pub use checkpoint::{CheckpointMode, Checkpointed};
pub use copy::{copy_project, CopySummary};
pub use curation::{CurationReads, GoldProvenance, ReviewMark};
pub use documents::{DocumentQueries, DocumentWeight};
pub use error::StoreError;
pub use guard::{refuse_project_output, resolve};
pub use layer_view::LayerView;
pub use layers::{now_ms, LayerReads, LayerStats, PACKAGE_ANNOTATOR_KEY};
pub use location::{shown as shown_location, ProjectLocation};
pub use merge_copy::AttachedPackage;
pub use migrate::CURRENT_SCHEMA_VERSION;
pub use package::{PackageSummary, PACKAGE_ID_RANGE};
pub use read::{LabelCount, ProjectStats, Reader, Snapshot};
pub use schema_edit::{LabelUsage, SchemaQueries};
pub use search::{Candidate, DocumentFilter, SearchQueries, SpanCondition, HIGHLIGHT_MARKS};
pub use staged::{Opening, StagedProject};
pub use suggestions::{StoredSuggestions, SuggestionQueries};
pub use upgrade_server::{upgrade_server, ServerUpgrade};
pub use write::{NewDocument, Tx};
pub use write_batch::{BatchDocument, IdRun, IdTable, ImportBatch, ImportMemo};

/// One open project file.
pub struct Store {
    db: Db,
    /// Where the file is; None for an in-memory project (tests) and a
    /// server project ([`Store::server_url`]).
    path: Option<PathBuf>,
    /// Why this store may not write (open elsewhere, a read-only file); None
    /// for a writer.
    read_only: Option<String>,
    /// A writer's hold on the project; None for readers and in-memory stores.
    _lock: Option<lock::ProjectLock>,
    /// The private copy a reader reads when the project cannot be read in
    /// place; removed after the connection (declared before it) closes.
    _copy: Option<snapshot_copy::SnapshotCopy>,
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
    /// Opens a project file to edit it. Returns the store and whether the file
    /// was created now. Fails with [`StoreError::Locked`] when another process
    /// edits it, and [`StoreError::ReadOnly`] when the file cannot be written:
    /// [`Store::open_read_only`] opens it then.
    /// A new project appears whole (with the default schema) or not at all.
    pub fn open(path: &Path, mode: OpenMode) -> Result<(Self, bool), StoreError> {
        Self::open_or_create(path, mode, None)
    }

    /// [`Store::open`] for the app: upgrading a file older than layers, its
    /// work without an annotator goes to `annotator` (the preferences' name)
    /// when the file itself names no one.
    pub fn open_as(
        path: &Path,
        mode: OpenMode,
        annotator: Option<&str>,
    ) -> Result<(Self, bool), StoreError> {
        Self::open_or_create(path, mode, annotator)
    }

    fn from_writable(path: &Path, opened: open::Writable) -> Self {
        Self::from_parts(opened.conn, path, Some(opened.lock))
    }

    fn from_parts(conn: Connection, path: &Path, lock: Option<lock::ProjectLock>) -> Self {
        Self {
            db: Db::from_sqlite(conn),
            path: Some(path.to_path_buf()),
            read_only: None,
            _lock: lock,
            _copy: None,
        }
    }

    /// A server project's store: no path, no file lock (the server's
    /// transactions do that work), writable unless the role may not.
    fn from_server(db: Db) -> Self {
        Self {
            db,
            path: None,
            read_only: None,
            _lock: None,
            _copy: None,
        }
    }

    /// A fresh project in memory with the default schema (tests, benchmarks).
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        open::configure(&conn)?;
        migrate::migrate(
            &mut conn,
            Path::new(":memory:"),
            Path::new(":memory:"),
            None,
        )?;
        let mut store = Self {
            db: Db::from_sqlite(conn),
            path: None,
            read_only: None,
            _lock: None,
            _copy: None,
        };
        store.write(|tx| tx.install_schema(&crate::model::schema::default_schema_file()))?;
        Ok(store)
    }

    /// Opens an existing project to read it, beside a writer in another
    /// process if there is one; every write fails with [`StoreError::ReadOnly`]
    /// giving `reason`. Never changes the file, not even to upgrade it.
    pub fn open_read_only(path: &Path, reason: &str) -> Result<Self, StoreError> {
        if let Some(url) = location::server_url(path) {
            let mut store = Self::open_server(url)?;
            store.read_only = Some(reason.to_string());
            return Ok(store);
        }
        let opened = open::open_read_only(path)?;
        Ok(Self {
            db: Db::from_sqlite(opened.conn),
            path: Some(path.to_path_buf()),
            read_only: Some(reason.to_string()),
            _lock: None,
            _copy: opened.copy,
        })
    }

    /// Opens to edit, or read-only when another process edits the project or
    /// the file is write-protected; the second value says why it is read-only.
    pub fn open_or_read_only(path: &Path) -> Result<(Self, Option<String>), StoreError> {
        Self::open_or_read_only_as(path, None)
    }

    /// [`Store::open_or_read_only`]; an upgrade from before layers gives
    /// unattributed work to `annotator` (see [`Store::open_as`]).
    pub fn open_or_read_only_as(
        path: &Path,
        annotator: Option<&str>,
    ) -> Result<(Self, Option<String>), StoreError> {
        match Self::open_as(path, OpenMode::Existing, annotator) {
            Ok((store, _)) => Ok((store, None)),
            Err(err) => {
                Self::read_only_instead(path, err).map(|(store, reason)| (store, Some(reason)))
            }
        }
    }

    /// After [`Store::open`] failed with `err`: the project read-only, with
    /// the reason, when `err` says another process edits it or the file is
    /// write-protected; otherwise `err` itself.
    pub fn read_only_instead(path: &Path, err: StoreError) -> Result<(Self, String), StoreError> {
        let reason = match err {
            StoreError::Locked {
                holder: Some(pid), ..
            } => format!("open in another Glossator, process {pid}"),
            StoreError::Locked { holder: None, .. } => "open in another Glossator".to_string(),
            StoreError::ReadOnly(why) => why,
            other => return Err(other),
        };
        let store = Self::open_read_only(path, &reason)?;
        Ok((store, reason))
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why this store may not write, if it may not.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// How long a write waits for another connection's write to finish
    /// before failing with [`StoreError::Busy`] (2 s unless set). The app
    /// sets it short: a window must never freeze behind a long import.
    pub fn set_write_wait(&self, wait: std::time::Duration) -> Result<(), StoreError> {
        self.db.set_write_wait(wait)?;
        Ok(())
    }

    /// Runs `work` in one IMMEDIATE transaction and commits it; nothing is
    /// written when `work` fails.
    pub fn write<T, E>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly(reason.clone()).into());
        }
        let tx = Tx::begin(&self.db)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

impl Store {
    /// The SQLite connection, for what only a project file has; on a
    /// server project, [`StoreError::NotOnServer`] saying `what` cannot be
    /// done and what to use `instead`.
    pub(crate) fn sqlite(
        &self,
        what: &'static str,
        instead: &'static str,
    ) -> Result<&Connection, StoreError> {
        self.db
            .as_sqlite()
            .ok_or(StoreError::NotOnServer { what, instead })
    }

    /// Which engine holds the project.
    pub fn engine(&self) -> engine::Engine {
        self.db.engine()
    }
}

impl read::Connected for Store {
    fn connection(&self, _: read::Inside) -> &Db {
        &self.db
    }
}

impl Reader for Store {}
