//! A private copy of a project and its write-ahead log, read where SQLite
//! cannot read the project in place (its folder takes no shared-memory file:
//! write-protected, a read-only filesystem, a full disk). The copy is current,
//! unlike the file alone, and it is removed when the store closes.

use std::path::{Path, PathBuf};

/// A folder in the system's temporary folder holding the copy; removed on drop.
pub struct SnapshotCopy {
    folder: PathBuf,
    database: PathBuf,
}

impl SnapshotCopy {
    /// Copies `real` and `real-wal` (a log being written is copied as far as it
    /// goes: SQLite ignores a torn last frame, as after a crash).
    pub fn of(real: &Path) -> std::io::Result<Self> {
        let folder = std::env::temp_dir().join(crate::scratch::unique_name(
            std::ffi::OsStr::new(".glossator"),
            "snapshot",
        ));
        std::fs::create_dir(&folder)?;
        let copy = Self {
            database: folder.join("project.sqlite"),
            folder,
        };
        // The log first: frames committed after the main file was copied are
        // in it too, and pages the log holds win over the file's.
        let mut wal = real.as_os_str().to_os_string();
        wal.push("-wal");
        let mut wal_copy = copy.database.as_os_str().to_os_string();
        wal_copy.push("-wal");
        std::fs::copy(&wal, &wal_copy)?;
        std::fs::copy(real, &copy.database)?;
        Ok(copy)
    }

    pub fn database(&self) -> &Path {
        &self.database
    }
}

impl Drop for SnapshotCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
