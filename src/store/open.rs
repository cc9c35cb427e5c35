//! Opening a project file: refuse what is not ours before touching it.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::lock::{self, ProjectLock};
use super::{migrate, OpenMode, StoreError};

/// Every SQLite file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn open_project_file(
    path: &Path,
    mode: OpenMode,
) -> Result<(Connection, bool, ProjectLock), StoreError> {
    if !exists(path)? {
        return match mode {
            OpenMode::Existing => Err(StoreError::NotFound(path.to_path_buf())),
            OpenMode::CreateIfMissing => create(path).map(|(conn, lock)| (conn, true, lock)),
        };
    }
    check_header(path)?;
    // SQLite would open a write-protected file read-only, or fail to open it at
    // all on a read-only filesystem; say which, before SQLite tries.
    if let Some(reason) = write_protection(path) {
        return Err(StoreError::ReadOnly(reason));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    check_is_project(&conn, path)?;
    if conn.is_readonly(MAIN_DB)? {
        return Err(StoreError::ReadOnly("the file is write-protected".into()));
    }
    let lock = acquire_lock(path)?;
    configure(&conn)?;
    migrate::migrate(&mut conn, path)?;
    Ok((conn, false, lock))
}

/// Opens an existing project without changing it: no lock, no migration, no
/// change of journal mode ([`Store::write`](super::Store::write) refuses). The
/// connection itself may write, so that the last one to close folds the
/// write-ahead log back and removes it, as a writer would.
pub(super) fn open_project_file_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !exists(path)? {
        return Err(StoreError::NotFound(path.to_path_buf()));
    }
    check_header(path)?;
    let conn = match write_protection(path) {
        None => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        // SQLite cannot create the shared-memory file of a WAL database it may
        // not write; "immutable" reads the file as it is, which is all a
        // write-protected project can be.
        Some(_) => Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
    };
    check_is_project(&conn, path)?;
    reader_settings(&conn)?;
    migrate::check_readable_version(&conn, path)?;
    Ok(conn)
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
fn acquire_lock(path: &Path) -> Result<ProjectLock, StoreError> {
    match lock::acquire(path) {
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

fn create(path: &Path) -> Result<(Connection, ProjectLock), StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let lock = acquire_lock(path)?;
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate::migrate(&mut conn, path)?;
    Ok((conn, lock))
}

/// Refuses empty, short and non-SQLite files without opening them as databases
/// (SQLite would happily turn an empty file into a database).
fn check_header(path: &Path) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    if file.metadata().map_err(io_error)?.is_dir() {
        return Err(not_a_project(path, "it is a directory"));
    }
    let mut header = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut header)
        .map_err(io_error)?;
    if header.is_empty() {
        return Err(not_a_project(path, "the file is empty"));
    }
    if header != SQLITE_HEADER {
        return Err(not_a_project(path, "it is not an SQLite database"));
    }
    check_length(path, &mut file)
}

/// A file cut short (a failed copy, a full disk in another program) has fewer
/// bytes than its header promises. Refuse it before SQLite reads garbage, unless
/// a write-ahead log beside it may still hold the missing pages.
fn check_length(path: &Path, file: &mut std::fs::File) -> Result<(), StoreError> {
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
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let wal_has_pages = std::fs::metadata(&wal).is_ok_and(|meta| meta.len() > 32);
    if length < expected && !wal_has_pages {
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
    // Reading the table list parses the schema page: garbage there shows now,
    // before anything is written.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|err| damaged(path, format!("SQLite cannot read it: {err}")))?;
    Ok(())
}

fn not_a_project(path: &Path, reason: &str) -> StoreError {
    StoreError::NotAProject {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn exists(path: &Path) -> Result<bool, StoreError> {
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
    Ok(())
}
