//! Output files are written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output file could not be put in place (what `write` itself fails
/// with is its own error).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is not a file name", .0.display())]
    NotAFileName(PathBuf),
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

/// Writes to a temporary file beside `path`, syncs it, then renames it over
/// `path`: a failed or cancelled export leaves the old file (or none), never a
/// half-written one. `E` is the caller's error, which can hold a [`WriteError`].
pub fn write_atomically<T, E: From<WriteError>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| WriteError::NotAFileName(path.to_path_buf()))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(file_name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp_path = dir.join(temp_name);
    let written = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let result = (|| {
        let file = std::fs::File::create(&temp_path).map_err(|source| WriteError::Create {
            path: temp_path.clone(),
            source,
        })?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|err| written(err.into_error()))?;
        file.sync_all().map_err(written)?;
        std::fs::rename(&temp_path, path).map_err(written)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    result
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
