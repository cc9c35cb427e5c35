//! One writer per project file across processes.
//!
//! SQLite alone would let two Glossator windows interleave their edits (each
//! with its own undo history and stale view of the other's spans). A writer
//! holds an exclusive advisory lock on `<project>.lock` for as long as its
//! store is open; a second process is told who holds it and may open the
//! project read-only. Inside one process, stores on the same file share the
//! lock (the app's import job runs beside the window's own store) and SQLite's
//! own locking orders their transactions.
//!
//! The lock file sits beside the project's real path (symbolic links
//! resolved by the caller), so every name of one file meets the same lock; a
//! file with several hard links is refused before this (see `open.rs`). The
//! lock file is opened without following a symbolic link and written only
//! when it is ours: a regular file with one name that holds at most a
//! process id. Anything else at that name is left as it is.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use super::StoreError;

/// Held while a writer has the project open; dropping the last one in this
/// process releases the lock.
#[derive(Clone)]
pub struct ProjectLock {
    _file: Arc<File>,
}

static HELD: Mutex<Option<HashMap<PathBuf, Weak<File>>>> = Mutex::new(None);

/// Longest content a lock file of ours can have: a process id and a newline.
const MAX_LOCK_BYTES: u64 = 32;

/// `project.sqlite` → `project.sqlite.lock`, beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    project.with_file_name(name)
}

/// Takes the writer's lock on the project whose real (canonical) path is
/// `project`, or says which process holds it.
pub(super) fn acquire(project: &Path) -> Result<ProjectLock, StoreError> {
    let path = lock_path(project);
    let mut held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let held = held.get_or_insert_with(HashMap::new);
    if let Some(file) = held.get(&path).and_then(Weak::upgrade) {
        return Ok(ProjectLock { _file: file });
    }
    let io_error = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let mut file = open_lock_file(&path)?;
    check_is_lock_file(&path, &file)?;
    let mut waited_ms = 0;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            // Our own id, yet no store of ours holds it: a child this process
            // is starting (fork, then exec) shares the descriptor of a store
            // just closed until its exec, a moment away.
            Err(TryLockError::WouldBlock)
                if read_holder(&mut file) == Some(std::process::id()) && waited_ms < 2000 =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
                waited_ms += 10;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: project.to_path_buf(),
                    holder: read_holder(&mut file),
                })
            }
            Err(TryLockError::Error(source)) => return Err(io_error(source)),
        }
    }
    // Checked again under the lock: what it holds decides whether it is ours.
    let holder = read_lock_text(&path, &mut file)?;
    if !holder.trim().bytes().all(|b| b.is_ascii_digit()) {
        return Err(foreign(&path, "it holds something other than a process id"));
    }
    // Best effort: the pid only makes the message to a second process clearer.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| write!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
    let file = Arc::new(file);
    held.retain(|_, weak| weak.strong_count() > 0);
    held.insert(path, Arc::downgrade(&file));
    Ok(ProjectLock { _file: file })
}

/// Creates the lock file, or opens the one there, never through a symbolic
/// link; non-blocking, so a FIFO put there cannot hang the open.
fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let flags = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;
    // Another process may delete the file between the two opens; try again.
    for _ in 0..3 {
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o644)
            .custom_flags(flags)
            .open(path)
        {
            Ok(file) => return Ok(file),
            Err(err) if err.kind() == ErrorKind::AlreadyExists => {}
            Err(err) => return Err(io_error(err)),
        }
        match OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(flags)
            .open(path)
        {
            Ok(file) => return Ok(file),
            Err(err) if err.kind() == ErrorKind::NotFound => continue,
            Err(err) if err.raw_os_error() == Some(libc::ELOOP) => {
                return Err(foreign(path, "it is a symbolic link"))
            }
            Err(err) => return Err(io_error(err)),
        }
    }
    Err(io_error(std::io::Error::other(
        "it keeps disappearing while being opened",
    )))
}

/// A lock file of ours is a small regular file with one name.
fn check_is_lock_file(path: &Path, file: &File) -> Result<(), StoreError> {
    let meta = file.metadata().map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Err(foreign(path, "it is not a regular file"));
    }
    if meta.nlink() > 1 {
        return Err(foreign(path, "it is a hard link to another file"));
    }
    if meta.len() > MAX_LOCK_BYTES {
        return Err(foreign(path, "it is too long to be one"));
    }
    Ok(())
}

fn read_lock_text(path: &Path, file: &mut File) -> Result<String, StoreError> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))
        .and_then(|_| {
            Read::by_ref(file)
                .take(MAX_LOCK_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_LOCK_BYTES {
        return Err(foreign(path, "it is too long to be one"));
    }
    String::from_utf8(bytes).map_err(|_| foreign(path, "it is not text"))
}

fn foreign(path: &Path, reason: &str) -> StoreError {
    StoreError::ForeignLockFile {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn read_holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    Read::by_ref(file)
        .take(MAX_LOCK_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    text.trim().parse().ok()
}
