//! Output files are written whole or not at all.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use crate::scratch;
use crate::store::resolve;

/// Why an output file could not be put in place (what `write` itself fails
/// with is its own error).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is not a file name", .0.display())]
    NotAFileName(PathBuf),
    /// A folder, a socket or a block device: nothing an export may replace.
    #[error("{} is {kind}; choose a file to write", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("cannot create {}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The tag of an output being written: `.NAME.tmp-PID-…` beside it.
const TEMP_TAG: &str = "tmp";

/// Writes to a temporary file beside `path`, syncs it, then renames it over
/// `path`: a failed or cancelled export leaves the old file (or none), never a
/// half-written one. A symbolic link is followed (its target is replaced, the
/// link stays); a character device (`/dev/null`) or a FIFO is written to
/// directly, as the shell's `>` would, never replaced by a regular file.
/// `E` is the caller's error, which can hold a [`WriteError`].
pub fn write_atomically<T, E: From<WriteError>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let target = resolve(path).unwrap_or_else(|| path.to_path_buf());
    if let Ok(meta) = std::fs::metadata(&target) {
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_fifo() {
            return write_directly(path, &target, write);
        }
        if !kind.is_file() {
            return Err(WriteError::NotAFile {
                path: path.to_path_buf(),
                kind: describe(kind),
            }
            .into());
        }
    }
    remove_stale_temporaries(&target);
    let (_, temp_path) = temp_beside(&target)?;
    let written = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
            .map_err(|source| WriteError::Create {
                path: temp_path.clone(),
                source,
            })?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|err| written(err.into_error()))?;
        file.sync_all().map_err(written)?;
        std::fs::rename(&temp_path, &target).map_err(written)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    result
}

/// A device or FIFO: no temporary, no rename, no truncation.
fn write_directly<T, E: From<WriteError>>(
    path: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let written = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(written)?;
    let mut out = std::io::BufWriter::new(file);
    let value = write(&mut out)?;
    out.flush().map_err(written)?;
    Ok(value)
}

/// What an output that is not a regular file is, in the words imports use.
fn describe(kind: std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    super::decode::special_file_kind(&kind).unwrap_or("not a regular file")
}

/// `.NAME` for the temporaries of `target`.
fn temp_base(target: &Path) -> Result<OsString, WriteError> {
    let file_name = target
        .file_name()
        .ok_or_else(|| WriteError::NotAFileName(target.to_path_buf()))?;
    let mut base = OsString::from(".");
    base.push(file_name);
    Ok(base)
}

/// The folder of `target` and a fresh temporary name in it, no other
/// write's (a killed run's leftover with the same process id included).
pub fn temp_beside(target: &Path) -> Result<(&Path, PathBuf), WriteError> {
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = scratch::unique_name(&temp_base(target)?, TEMP_TAG);
    Ok((dir, dir.join(name)))
}

/// Removes the temporaries that killed runs left beside `target`.
pub fn remove_stale_temporaries(target: &Path) {
    if let (Ok(base), Some(dir)) = (temp_base(target), target.parent()) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        scratch::remove_stale(dir, &base, TEMP_TAG);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "old").unwrap();
        let result: Result<(), WriteError> = write_atomically(&path, |out| {
            out.write_all(b"half of the new").unwrap();
            Err(WriteError::Write {
                path: path.clone(),
                source: std::io::ErrorKind::StorageFull.into(),
            })
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, |out| {
            out.write_all(b"new").map_err(|source| WriteError::Write {
                path: path.clone(),
                source,
            })
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
