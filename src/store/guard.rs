//! Outputs that would destroy the project: an export, a schema file or a
//! copy written onto the project file, its write-ahead log, shared memory,
//! journal or lock, or into its backups folder.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{backups_folder, lock::lock_path, Store, StoreError};

impl Store {
    /// Refuses `output` when writing it would overwrite part of this project.
    /// In-memory projects have no files to protect.
    pub fn refuse_as_output(&self, output: &Path) -> Result<(), StoreError> {
        match self.path() {
            Some(project) => refuse_project_output(project, output),
            None => Ok(()),
        }
    }
}

/// Refuses `output` when it is (after following symbolic links) the project
/// at `project` or one of its files, or lies in its backups folder.
pub fn refuse_project_output(project: &Path, output: &Path) -> Result<(), StoreError> {
    let Ok(real_project) = project.canonicalize() else {
        return Ok(());
    };
    let Some(real_output) = resolve(output) else {
        return Ok(());
    };
    let refuse = |what: &'static str| {
        Err(StoreError::OutputIsProject {
            output: output.to_path_buf(),
            project: project.to_path_buf(),
            what,
        })
    };
    if same_identity(&real_project, &real_output) || real_output == real_project {
        return refuse("the file");
    }
    for (suffix, what) in [
        ("-wal", "the write-ahead log"),
        ("-shm", "the shared-memory file"),
        ("-journal", "the journal"),
    ] {
        let mut name = real_project.as_os_str().to_os_string();
        name.push(suffix);
        if real_output.as_os_str() == name {
            return refuse(what);
        }
    }
    if real_output == lock_path(&real_project) {
        return refuse("the lock file");
    }
    if real_output.starts_with(backups_folder(&real_project)) {
        return refuse("in the backups folder");
    }
    Ok(())
}

/// `path` with every symbolic link resolved, also when the file (or the
/// link's target) does not exist yet: its folder resolved, its name kept.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before giving up (ELOOP).
    for _ in 0..40 {
        if let Ok(real) = path.canonicalize() {
            return Some(real);
        }
        match std::fs::read_link(&path) {
            // A dangling link: follow it by hand, relative to its folder.
            Ok(target) => {
                path = match path.parent() {
                    Some(folder) => folder.join(target),
                    None => target,
                }
            }
            // Nothing there yet: the real folder and this name.
            Err(_) => {
                let name = path.file_name()?;
                let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
                let folder = folder.unwrap_or(Path::new(".")).canonicalize().ok()?;
                return Some(folder.join(name));
            }
        }
    }
    None
}

/// Whether two paths name one file (a link, another spelling).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    same_identity(a, b) || matches!((resolve(a), resolve(b)), (Some(a), Some(b)) if a == b)
}

fn same_identity(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}
