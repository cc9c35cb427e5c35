//! Opening a project file: refuse what is not ours before touching it.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{migrate, OpenMode, StoreError};

/// Every SQLite file starts with these 16 bytes.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn open_project_file(
    path: &Path,
    mode: OpenMode,
) -> Result<(Connection, bool), StoreError> {
    let exists = path.try_exists().map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !exists {
        return match mode {
            OpenMode::Existing => Err(StoreError::NotFound(path.to_path_buf())),
            OpenMode::CreateIfMissing => create(path).map(|conn| (conn, true)),
        };
    }
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    check_is_project(&conn, path)?;
    configure(&conn)?;
    migrate::migrate(&mut conn, path)?;
    Ok((conn, false))
}

fn create(path: &Path) -> Result<Connection, StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate::migrate(&mut conn, path)?;
    Ok(conn)
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
    Ok(())
}

fn check_is_project(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|err| not_a_project(path, &format!("SQLite cannot read it ({err})")))?;
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

/// Settings every connection needs: foreign keys enforced, WAL, a wait instead
/// of an error when another process holds the write lock for a moment.
pub(super) fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "foreign_keys", true)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // FULL: a committed edit survives a power cut, not only a killed process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(())
}
