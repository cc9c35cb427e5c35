//! One writer per project file across processes.
//!
//! SQLite alone would let two Glossator windows interleave their edits (each
//! with its own undo history and stale view of the other's spans). A writer
//! holds an exclusive advisory lock on `<project>.lock` for as long as its
//! store is open; a second process is told who holds it and may open the
//! project read-only. Inside one process, stores on the same file share the
//! lock (the app's import job runs beside the window's own store) and SQLite's
//! own locking orders their transactions.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
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

/// `project.sqlite` → `project.sqlite.lock`, beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    project.with_file_name(name)
}

/// Takes the writer's lock on `project`, or says which process holds it.
pub(super) fn acquire(project: &Path) -> Result<ProjectLock, StoreError> {
    let path = lock_path(project);
    let key = canonical_key(&path);
    let mut held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let held = held.get_or_insert_with(HashMap::new);
    if let Some(file) = held.get(&key).and_then(Weak::upgrade) {
        return Ok(ProjectLock { _file: file });
    }
    let io_error = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(StoreError::Locked {
                path: project.to_path_buf(),
                holder: read_holder(&mut file),
            })
        }
        Err(TryLockError::Error(source)) => return Err(io_error(source)),
    }
    // Best effort: the pid only makes the message to a second process clearer.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| write!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
    let file = Arc::new(file);
    held.retain(|_, weak| weak.strong_count() > 0);
    held.insert(key, Arc::downgrade(&file));
    Ok(ProjectLock { _file: file })
}

fn read_holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// The same file reached by two spellings of its path must share one lock.
fn canonical_key(lock: &Path) -> PathBuf {
    let parent = lock.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    match (parent.canonicalize(), lock.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => lock.to_path_buf(),
    }
}
