//! Opening a project file: refuse what is not ours before touching it.
//!
//! Every check (is it a regular SQLite file of ours, sound enough to read,
//! of a version we know) runs on a read-only connection before anything may
//! write: a file that is refused is never changed, and another program's
//! write-ahead log is never folded into its database.

use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, MAIN_DB};

use super::lock::{self, ProjectLock};
use super::snapshot_copy::SnapshotCopy;
use super::{migrate, StoreError};

/// Every SQLite file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A project opened to write.
pub(super) struct Writable {
    pub conn: Connection,
    pub lock: ProjectLock,
}

/// A project opened to read; `copy` holds the private copy it reads when the
/// project's own folder cannot take SQLite's shared-memory file.
pub(super) struct Readable {
    pub conn: Connection,
    pub copy: Option<SnapshotCopy>,
}

/// The file behind `path` as it was checked: its real path (symbolic links
/// resolved, so every name of it meets one lock and one write-ahead log) and
/// its identity, to notice a file replaced while it was being opened.
struct Checked {
    real: PathBuf,
    identity: (u64, u64),
}

/// Opens an existing project to edit it. `Ok(None)` when there is no file.
/// `annotator` names the layer of an older file's unattributed work (see
/// `migrate`).
pub(super) fn open_existing(
    path: &Path,
    annotator: Option<&str>,
) -> Result<Option<Writable>, StoreError> {
    // A file deleted or replaced between the checks and the lock is checked
    // again from the start.
    for _ in 0..3 {
        if !exists(path)? {
            return Ok(None);
        }
        let checked = check_file(path)?;
        // SQLite would open a write-protected file read-only, or fail to open
        // it at all on a read-only filesystem; say which, before SQLite tries.
        if let Some(reason) = write_protection(&checked.real) {
            return Err(StoreError::ReadOnly(reason));
        }
        let probed = match open_read_only_connection(path, &checked.real) {
            Ok(probe) => {
                check_is_project(&probe, path)?;
                migrate::check_version(&probe, path)?;
                true
            }
            // A rollback journal left by a killed writer must be rolled back,
            // which only a writer's connection can do; it checks after that.
            Err(_) if hot_journal(&checked.real) => false,
            Err(err) => return Err(err),
        };
        let lock = acquire_lock(&checked.real)?;
        if identity(&checked.real).ok() != Some(checked.identity) {
            continue;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&checked.real, flags)
            .map_err(|err| open_failure(path, &checked.real, err))?;
        if conn.is_readonly(MAIN_DB)? {
            return Err(StoreError::ReadOnly("the file is write-protected".into()));
        }
        if !probed {
            check_is_project(&conn, path)?;
        }
        configure(&conn).map_err(|err| while_opening(path, err))?;
        migrate::migrate(&mut conn, &checked.real, path, annotator)
            .map_err(|err| while_opening(path, err))?;
        super::staged::remove_leftovers(&checked.real);
        return Ok(Some(Writable { conn, lock }));
    }
    Err(StoreError::CannotOpen {
        path: path.to_path_buf(),
        cause: "another program keeps replacing the file".into(),
    })
}

/// Opens an existing project without changing it: no lock, no migration, no
/// change of journal mode, no checkpoint ([`Store::write`](super::Store::write)
/// refuses). Reads the write-ahead log too, so what it shows is current.
pub(super) fn open_read_only(path: &Path) -> Result<Readable, StoreError> {
    if !exists(path)? {
        return Err(StoreError::NotFound(path.to_path_buf()));
    }
    let checked = check_file(path)?;
    if hot_journal(&checked.real) {
        return Err(StoreError::CannotOpen {
            path: path.to_path_buf(),
            cause: "a program was killed while writing it and left a rollback journal beside it; open it for editing once (the app, or an import) to roll that unfinished change back".into(),
        });
    }
    let (conn, copy) = match open_read_only_connection(path, &checked.real) {
        Ok(conn) => (conn, None),
        Err(StoreError::CannotOpen { .. } | StoreError::ReadOnly(_)) => {
            without_shared_memory(path, &checked.real)?
        }
        Err(other) => return Err(other),
    };
    check_is_project(&conn, path)?;
    reader_settings(&conn)?;
    migrate::check_readable_version(&conn, path)?;
    Ok(Readable { conn, copy })
}

/// A read-only connection that has read the schema: garbage shows now.
fn open_read_only_connection(path: &Path, real: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(real, flags)
        .and_then(|conn| {
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                row.get::<_, i64>(0)
            })?;
            Ok(conn)
        })
        .map_err(|err| open_failure(path, real, err))?;
    Ok(conn)
}

/// SQLite reads a write-ahead log through a shared-memory file beside the
/// project, which a write-protected folder, a read-only filesystem or a full
/// disk will not take. With no log to read, the file alone is the project
/// (`immutable`); with one, a private copy of both is read instead, never the
/// file alone, which would show the project as it was before its last edits.
fn without_shared_memory(
    path: &Path,
    real: &Path,
) -> Result<(Connection, Option<SnapshotCopy>), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !wal_has_frames(real) {
        let conn = Connection::open_with_flags(immutable_uri(real), flags)
            .map_err(|err| open_failure(path, real, err))?;
        return Ok((conn, None));
    }
    let copy = SnapshotCopy::of(real).map_err(|source| StoreError::CannotOpen {
        path: path.to_path_buf(),
        cause: format!(
            "its folder cannot take SQLite's shared-memory file and its unsaved log could not be copied to read it ({source})"
        ),
    })?;
    let conn = open_read_only_connection(path, copy.database())?;
    Ok((conn, Some(copy)))
}

/// Why `path` cannot be written, if it cannot: a write-protected file, or a
/// read-only filesystem. Opening for append changes nothing.
fn write_protection(path: &Path) -> Option<String> {
    match std::fs::OpenOptions::new().append(true).open(path) {
        Ok(_) => None,
        Err(err) if err.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
            Some("it is on a read-only filesystem".into())
        }
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            Some("the file is write-protected".into())
        }
        Err(_) => None,
    }
}

/// `file:` URI of `path` with `immutable=1`, its special characters escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(*byte))
            }
            other => uri += &format!("%{other:02X}"),
        }
    }
    uri + "?immutable=1"
}

/// The writer's lock; a directory we may not write in means a read-only project.
pub(super) fn acquire_lock(real: &Path) -> Result<ProjectLock, StoreError> {
    match lock::acquire(real) {
        Err(StoreError::Io { source, .. })
            if matches!(
                source.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Err(StoreError::ReadOnly(format!(
                "its folder is write-protected ({source})"
            )))
        }
        other => other,
    }
}

/// Refuses what is not a regular SQLite file of ours without opening it as a
/// database (SQLite would happily turn an empty file into one), and a file
/// with several names: SQLite keeps a write-ahead log per name, and a read
/// through one name would fold a stale log into the file the other wrote.
fn check_file(path: &Path) -> Result<Checked, StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let real = path.canonicalize().map_err(io_error)?;
    let meta = std::fs::metadata(&real).map_err(io_error)?;
    if meta.is_dir() {
        return Err(not_a_project(path, "it is a directory"));
    }
    if !meta.is_file() {
        return Err(not_a_project(path, "it is not a regular file"));
    }
    if meta.nlink() > 1 {
        // A new project killed while being put in place has a second name.
        super::staged::remove_leftovers(&real);
        let links = std::fs::metadata(&real).map_err(io_error)?.nlink();
        if links > 1 {
            return Err(StoreError::HardLinked {
                path: path.to_path_buf(),
                links,
            });
        }
    }
    let mut file = std::fs::File::open(&real).map_err(io_error)?;
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(io_error)?;
    if header.is_empty() {
        return Err(not_a_project(path, "the file is empty"));
    }
    if !header.starts_with(SQLITE_HEADER) {
        return Err(not_a_project(path, "it is not an SQLite database"));
    }
    check_length(path, &real, &mut file)?;
    // The application id sits in the header (offset 68); unless a write-ahead
    // log may hold a newer first page, it decides without SQLite.
    if header_is_well_formed(&header) && !wal_has_frames(&real) {
        let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
        if i64::from(application_id) != migrate::APPLICATION_ID {
            return Err(not_a_project(
                path,
                "it is an SQLite database of another program",
            ));
        }
    }
    Ok(Checked {
        identity: (meta.dev(), meta.ino()),
        real,
    })
}

/// A header SQLite itself would accept: a power-of-two page size and the
/// payload fractions every file has (64, 32, 32). Garbage after the magic
/// string is left for SQLite to call damaged.
fn header_is_well_formed(header: &[u8]) -> bool {
    if header.len() < 100 || header[21..24] != [64, 32, 32] {
        return false;
    }
    let page_size = u32::from(u16::from_be_bytes([header[16], header[17]]));
    page_size == 1 || (page_size.is_power_of_two() && (512..=32_768).contains(&page_size))
}

fn identity(path: &Path) -> std::io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.dev(), meta.ino()))
}

/// `project-wal`, beside it.
fn wal_path(real: &Path) -> PathBuf {
    let mut wal = real.as_os_str().to_os_string();
    wal.push("-wal");
    PathBuf::from(wal)
}

/// Whether a rollback journal beside the file may hold an unfinished change.
fn hot_journal(real: &Path) -> bool {
    let mut journal = real.as_os_str().to_os_string();
    journal.push("-journal");
    std::fs::metadata(journal).is_ok_and(|meta| meta.len() > 0)
}

/// Whether a write-ahead log holds more than its 32-byte header.
fn wal_has_frames(real: &Path) -> bool {
    std::fs::metadata(wal_path(real)).is_ok_and(|meta| meta.len() > 32)
}

/// A file cut short (a failed copy, a full disk in another program) has fewer
/// bytes than its header promises. Refuse it before SQLite reads garbage, unless
/// a write-ahead log beside it may still hold the missing pages.
fn check_length(path: &Path, real: &Path, file: &mut std::fs::File) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let length = file.metadata().map_err(io_error)?.len();
    let mut header = [0u8; 100];
    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
    if length < 100 || file.read_exact(&mut header).is_err() {
        return Err(damaged(path, format!("it is cut short: {length} bytes")));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    // The page count is only meaningful when the change counter matches the
    // "version valid for" field (SQLite file format, section 1.3.7).
    let page_count = u64::from(be32(28));
    if be32(24) != be32(92) || page_count == 0 {
        return Ok(());
    }
    let expected = page_count * page_size;
    if length < expected && !wal_has_frames(real) {
        return Err(damaged(
            path,
            format!("it is cut short: {length} bytes where its header promises {expected}"),
        ));
    }
    Ok(())
}

fn damaged(path: &Path, detail: String) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    }
}

/// What an SQLite failure while opening means. Only SQLite's own verdict of
/// corruption calls the file damaged; a folder SQLite cannot create its
/// shared-memory file in, or a full disk, is said as such: the advice to
/// restore a backup would lose every edit since it.
fn open_failure(path: &Path, real: &Path, err: rusqlite::Error) -> StoreError {
    if matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    ) {
        return damaged(path, format!("SQLite cannot read it: {err}"));
    }
    let folder = real.parent().unwrap_or(Path::new("/"));
    if super::disk::free_bytes(folder) == Some(0) {
        return StoreError::CannotOpen {
            path: path.to_path_buf(),
            cause: format!(
                "the disk holding it is full (0 bytes free), and SQLite needs a little room beside it to open it; free some space ({err})"
            ),
        };
    }
    if !super::disk::writable(folder) {
        // SQLite must create its shared-memory file beside the project.
        return StoreError::ReadOnly(format!("its folder {} is not writable", folder.display()));
    }
    StoreError::CannotOpen {
        path: path.to_path_buf(),
        cause: err.to_string(),
    }
}

/// An error while setting up or upgrading a file that passed every check:
/// a full disk is said as such, not as a lost edit.
fn while_opening(path: &Path, err: StoreError) -> StoreError {
    match err {
        StoreError::WriteFailed(detail) => StoreError::CannotOpen {
            path: path.to_path_buf(),
            cause: format!("it could not be prepared for writing (the disk is full, or an I/O error: {detail}); it was not changed"),
        },
        other => other,
    }
}

fn check_is_project(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|err| damaged(path, format!("SQLite cannot read it: {err}")))?;
    if application_id != migrate::APPLICATION_ID {
        return Err(not_a_project(
            path,
            "it is an SQLite database of another program",
        ));
    }
    Ok(())
}

fn not_a_project(path: &Path, reason: &str) -> StoreError {
    StoreError::NotAProject {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

pub(super) fn exists(path: &Path) -> Result<bool, StoreError> {
    path.try_exists().map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// SQLite re-plans a cached statement when a bound value could change its
/// plan, which it judged true for `WHERE s.document_id = ?1` joins: every
/// `spans_of` was parsed and planned anew (43% of a 100,000-document export).
/// Our queries have one good plan each; keep it.
fn stable_plans(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// Settings every connection needs, readers too: foreign keys enforced,
/// stable plans, a wait instead of an error when another process holds the
/// write lock for a moment.
fn reader_settings(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "foreign_keys", true)?;
    stable_plans(conn)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(())
}

/// A writer's settings: a reader's, WAL, and commits that reach the disk.
pub(super) fn configure(conn: &Connection) -> Result<(), StoreError> {
    reader_settings(conn)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // FULL: a committed edit survives a power cut, not only a killed process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A large transaction (an import, a curation run) changes more pages
    // than SQLite's default 2 MB cache holds; past it, pages spill to the
    // WAL in the middle of the transaction and are read back. 64 MB, taken
    // only as pages are used.
    conn.pragma_update(None, "cache_size", -65_536)?;
    Ok(())
}
