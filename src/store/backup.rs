//! Copies of a project through SQLite's online backup API: "Save a copy as…",
//! the periodic backups, and the copy kept before a migration. A server
//! project's "Save a copy as…" is a `glossator copy` into a new file.
//!
//! The API copies a consistent snapshot page by page while the project stays
//! open and edited (in WAL mode a reader does not block the writer), which a
//! plain file copy of a live database does not.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use super::{Store, StoreError};

/// Periodic backups kept per project when the settings say nothing.
pub const DEFAULT_BACKUPS_KEPT: usize = 5;

/// What a file backup is called when a server project refuses it.
const BACKUP: &str = "a backup copy of the project file";
const USE_PG_DUMP: &str = "back the server database up with pg_dump";

impl Store {
    /// Writes a complete copy of the project to `dest`. The copy appears whole
    /// or not at all; an existing `dest` is replaced only on success. Never
    /// onto the project itself, its log, lock or backups folder.
    ///
    /// Replacing another project: refused while another Glossator edits it
    /// (it would go on writing into a file no longer there), and its log of
    /// recent commits goes with it (SQLite would replay an old `-wal` into
    /// the new file and garble it).
    pub fn save_copy(&self, dest: &Path) -> Result<(), StoreError> {
        self.refuse_as_output(dest)?;
        let real_dest = super::guard::resolve(dest).unwrap_or_else(|| dest.to_path_buf());
        // Every writer creates the lock file: with none, nobody edits `dest`.
        let _editing = if super::lock::lock_path(&real_dest).exists() {
            Some(super::lock::acquire(&real_dest)?)
        } else {
            None
        };
        let temp = match self.db.as_sqlite() {
            Some(conn) => write_partial(conn, dest)?,
            None => self.copy_to_partial(dest)?,
        };
        for suffix in ["-wal", "-shm"] {
            let mut log = real_dest.clone().into_os_string();
            log.push(suffix);
            match std::fs::remove_file(&log) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    let _ = std::fs::remove_file(&temp);
                    return Err(io_error(Path::new(&log), err));
                }
                _ => {}
            }
        }
        put_in_place(&temp, dest)
    }

    /// A server project's copy (`glossator copy` into a new file) beside
    /// `dest`, under a name of its own until it is whole.
    fn copy_to_partial(&self, dest: &Path) -> Result<PathBuf, StoreError> {
        let folder = folder_of(dest);
        let name = dest.file_name().unwrap_or_default();
        crate::scratch::remove_stale(folder, name, PARTIAL);
        let temp = folder.join(crate::scratch::unique_name(name, PARTIAL));
        super::copy::copy_project(self, &super::ProjectLocation::File(temp.clone()))?;
        // The copy's writer is closed: its lock file, named after the
        // temporary name, would stay behind.
        let _ = std::fs::remove_file(super::lock::lock_path(&temp));
        Ok(temp)
    }

    /// Whether `path` names this project's own file (a copy cannot replace
    /// the file it is read from).
    pub fn is_own_file(&self, path: &Path) -> bool {
        self.path()
            .is_some_and(|project| super::guard::same_file(project, path))
    }
}

/// Copies the database behind `source` to `dest` through a temporary file in
/// the same folder, synced and renamed into place.
pub(super) fn backup_connection(source: &Connection, dest: &Path) -> Result<(), StoreError> {
    let temp = write_partial(source, dest)?;
    put_in_place(&temp, dest)
}

/// Renames a whole copy onto `dest` and syncs the folder (the temporary
/// file is removed if that fails).
fn put_in_place(temp: &Path, dest: &Path) -> Result<(), StoreError> {
    std::fs::rename(temp, dest).map_err(|err| {
        let _ = std::fs::remove_file(temp);
        io_error(dest, err)
    })?;
    sync_folder(dest);
    Ok(())
}

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn sync_folder(path: &Path) {
    if let Ok(dir) = std::fs::File::open(folder_of(path)) {
        let _ = dir.sync_all();
    }
}

/// Writes a whole, synced copy of `source` to a new temporary file beside
/// `dest` (`DEST.partial-PID-…`) and returns its path; partial copies that
/// killed runs left for `dest` are removed first.
fn write_partial(source: &Connection, dest: &Path) -> Result<PathBuf, StoreError> {
    let folder = folder_of(dest);
    let name = dest.file_name().unwrap_or_default();
    crate::scratch::remove_stale(folder, name, PARTIAL);
    let temp = folder.join(crate::scratch::unique_name(name, PARTIAL));
    let result = (|| {
        let mut target = Connection::open(&temp)?;
        {
            let backup = Backup::new(source, &mut target)?;
            // -1: every page in one step, so the copy is one consistent
            // snapshot even while another connection writes; a busy source
            // (a writer checkpointing) is retried for up to ten seconds.
            let mut attempts = 0;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    _ if attempts < 200 => {
                        attempts += 1;
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => {
                        return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            Some("the project stayed busy for ten seconds".into()),
                        )))
                    }
                }
            }
        }
        target.close().map_err(|(_, err)| err)?;
        std::fs::File::open(&temp)
            .and_then(|file| file.sync_all())
            .map_err(|err| io_error(&temp, err))?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(err) => {
            let _ = std::fs::remove_file(&temp);
            Err(err)
        }
    }
}

/// The tag of a copy being written: `DEST.partial-PID-…`.
const PARTIAL: &str = "partial";

/// Keeps a copy of the project at `real` as it is at `version`, before an
/// upgrade: `notes.v1-backup.sqlite`. A migration interrupted and tried again
/// finds its copy already there (the backup API writes the same bytes for the
/// same database) and keeps that one, instead of one copy per try.
pub(super) fn keep_pre_migration_copy(
    source: &Connection,
    real: &Path,
    version: i64,
) -> Result<(), StoreError> {
    let first = pre_migration_path(real, version, 1);
    let temp = write_partial(source, &first)?;
    let identical = (1..)
        .map(|n| pre_migration_path(real, version, n))
        .take_while(|path| path.exists())
        .any(|path| same_bytes(&path, &temp));
    if identical {
        let _ = std::fs::remove_file(&temp);
        return Ok(());
    }
    let dest = (1..)
        .map(|n| pre_migration_path(real, version, n))
        .find(|path| !path.exists())
        .unwrap_or(first);
    std::fs::rename(&temp, &dest).map_err(|err| {
        let _ = std::fs::remove_file(&temp);
        io_error(&dest, err)
    })?;
    sync_folder(&dest);
    Ok(())
}

/// `notes.sqlite` at version 1 → `notes.v1-backup.sqlite` for `n` = 1, then
/// `notes.v1-backup-2.sqlite`, … so an earlier backup is never replaced.
fn pre_migration_path(project: &Path, version: i64, n: usize) -> PathBuf {
    let stem = project.file_stem().unwrap_or_default().to_string_lossy();
    match n {
        1 => project.with_file_name(format!("{stem}.v{version}-backup.sqlite")),
        n => project.with_file_name(format!("{stem}.v{version}-backup-{n}.sqlite")),
    }
}

/// Whether two files hold the same bytes (read in blocks, never whole).
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    if fa.metadata().map(|m| m.len()).ok() != fb.metadata().map(|m| m.len()).ok() {
        return false;
    }
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = match ra.read(&mut ba) {
            Ok(0) => return rb.read(&mut bb).is_ok_and(|m| m == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Where the periodic backups of `project` go: `notes.sqlite.backups/`.
pub fn backups_folder(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    project.with_file_name(name)
}

/// Writes a timestamped backup of the project file at `project` into its
/// backups folder, from a read-only store of its own, so it can run on a
/// worker thread while the app edits.
pub fn write_periodic_backup(project: &Path, keep: usize) -> Result<PathBuf, StoreError> {
    Store::open_read_only(project, "a backup reads only")?.write_periodic_backup(keep)
}

impl Store {
    /// Writes a timestamped copy into the project's backups folder and deletes
    /// the oldest beyond `keep`.
    pub fn write_periodic_backup(&self, keep: usize) -> Result<PathBuf, StoreError> {
        let source = self.sqlite(BACKUP, USE_PG_DUMP)?;
        let Some(project) = self.path() else {
            return Err(StoreError::NoBackupsFolder);
        };
        let folder = backups_folder(project);
        std::fs::create_dir_all(&folder).map_err(|source| StoreError::Io {
            path: folder.clone(),
            source,
        })?;
        let stem = project.file_stem().unwrap_or_default().to_string_lossy();
        let stamp = utc_stamp(SystemTime::now());
        // Two backups in one second (tests, "back up now" twice) get a number.
        let dest = std::iter::once(folder.join(format!("{stem}-{stamp}.sqlite")))
            .chain((2..).map(|n| folder.join(format!("{stem}-{stamp}-{n}.sqlite"))))
            .find(|path| !path.exists())
            .unwrap_or_default();
        // Room first: a killed run's partial copy can be as big as the project.
        remove_stale_partials(&folder);
        backup_connection(source, &dest)?;
        prune_backups(&folder, &stem, keep.max(1))?;
        Ok(dest)
    }
}

/// The periodic backups of a project, oldest first (their names sort by time).
pub fn list_backups(project: &Path) -> Vec<PathBuf> {
    let folder = backups_folder(project);
    let stem = project.file_stem().unwrap_or_default().to_string_lossy();
    backups_in(&folder, &stem)
}

fn backups_in(folder: &Path, stem: &str) -> Vec<PathBuf> {
    let prefix = format!("{stem}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".sqlite")
        })
        .collect();
    found.sort();
    found
}

/// Deletes the oldest backups beyond `keep`, and the partial copies of killed
/// runs (any name with `.partial-PID`, this version's or an older one's).
fn prune_backups(folder: &Path, stem: &str, keep: usize) -> Result<(), StoreError> {
    remove_stale_partials(folder);
    let found = backups_in(folder, stem);
    let excess = found.len().saturating_sub(keep);
    for old in &found[..excess] {
        std::fs::remove_file(old).map_err(|source| StoreError::Io {
            path: old.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Removes `*.partial-PID…` files in the backups folder whose process is gone.
fn remove_stale_partials(folder: &Path) {
    let marker = format!(".{PARTIAL}-");
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(at) = name.rfind(&marker) else {
            continue;
        };
        let digits: String = name[at + marker.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits
            .parse()
            .is_ok_and(|pid| !crate::scratch::process_runs(pid))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `20261124-153000`, UTC; sorts by time as text.
fn utc_stamp(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_calendar_dates() {
        let at = |s: u64| utc_stamp(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(at(0), "19700101-000000");
        assert_eq!(at(951_782_400), "20000229-000000");
        assert_eq!(at(1_795_530_645), "20261124-143045");
    }
}
