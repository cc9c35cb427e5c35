//! Walking an input folder: entries in name order, symlinked folders
//! followed once (a link back to a parent is a loop, skipped and reported),
//! anything that is not a regular file (a FIFO, a device, a socket) skipped
//! and reported rather than opened.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::decode::special_file_kind;
use super::{ImportError, Location, Notice};

/// Every file under `root` in name order (folders in place, depth first),
/// each passed to `found`. A path whose metadata cannot be read (a dangling
/// symlink) is passed on too: the reader names the error if it matters.
pub fn walk_files(
    root: &Path,
    notices: &mut Vec<Notice>,
    found: &mut dyn FnMut(PathBuf),
) -> Result<(), ImportError> {
    let mut visited = HashSet::new();
    if let Ok(metadata) = std::fs::metadata(root) {
        visited.insert(identity(&metadata));
    }
    walk(root, &mut visited, notices, found)
}

/// A folder's identity: two paths to it (through a symlink) share it.
#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino())
}

/// Without inodes, no loop is detected; the OS's own limit on path length ends one.
#[cfg(not(unix))]
fn identity(_metadata: &std::fs::Metadata) -> (u64, u64) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    (
        u64::MAX,
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    )
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<(u64, u64)>,
    notices: &mut Vec<Notice>,
    found: &mut dyn FnMut(PathBuf),
) -> Result<(), ImportError> {
    let io_error = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io_error)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_error)?;
    entries.sort();
    for path in entries {
        let Ok(metadata) = std::fs::metadata(&path) else {
            found(path);
            continue;
        };
        let skip = |notices: &mut Vec<Notice>, why: String| {
            notices.push(Notice {
                location: Location::file(&path),
                message: format!("skipped: {why}"),
            })
        };
        if metadata.is_dir() {
            if visited.insert(identity(&metadata)) {
                walk(&path, visited, notices, found)?;
            } else {
                skip(
                    notices,
                    "a link to a folder already read (a loop, or a second path to it)".into(),
                );
            }
        } else if let Some(kind) = special_file_kind(&metadata.file_type()) {
            skip(notices, format!("not a regular file ({kind})"));
        } else {
            found(path);
        }
    }
    Ok(())
}
