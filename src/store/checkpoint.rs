//! Folding the write-ahead log into the project file. In WAL mode SQLite
//! keeps recent commits in `NAME.sqlite-wal` until a checkpoint copies them
//! into the file; SQLite does so every 1,000 pages, so after a day of small
//! edits the `.sqlite` alone can hold a nearly empty project. A user who
//! copies just that file (to a colleague, a USB stick) must get everything.

use super::{Store, StoreError};

/// How hard a checkpoint tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckpointMode {
    /// Copies what it can without waiting for anyone: for idle moments, so
    /// the window never waits on a reader (a backup, an export).
    Passive,
    /// Copies everything and empties the log, waiting for readers up to the
    /// busy timeout: on close.
    Truncate,
}

/// What a checkpoint did, in pages (frames) of the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpointed {
    /// Another connection kept it from finishing.
    pub busy: bool,
    pub log_frames: i64,
    pub copied_frames: i64,
}

impl Checkpointed {
    /// Whether the project file now holds every commit.
    pub fn complete(&self) -> bool {
        !self.busy && self.copied_frames >= self.log_frames
    }
}

impl Store {
    /// Folds the log into the project file. A read-only store leaves that to
    /// the writer and reports nothing done.
    pub fn checkpoint(&self, mode: CheckpointMode) -> Result<Checkpointed, StoreError> {
        // A server keeps its own log: nothing to fold in.
        let Some(conn) = self.db.as_sqlite().filter(|_| self.read_only.is_none()) else {
            return Ok(Checkpointed {
                busy: false,
                log_frames: 0,
                copied_frames: 0,
            });
        };
        let sql = match mode {
            CheckpointMode::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
            CheckpointMode::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
        };
        Ok(conn.query_row(sql, [], |row| {
            Ok(Checkpointed {
                busy: row.get::<_, i64>(0)? != 0,
                log_frames: row.get(1)?,
                copied_frames: row.get(2)?,
            })
        })?)
    }
}
