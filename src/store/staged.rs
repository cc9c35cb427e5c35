//! New projects are built under a hidden name and put in place whole.
//!
//! A project created by an import appears only once the import has
//! committed: an import that fails or is killed leaves no project file behind,
//! empty or half-made, and never deletes a file another process may have
//! written (it deletes only its own hidden file). The writer's lock on the
//! final name is held from the start, so a second Glossator is refused
//! instead of creating the same project beside it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::lock::ProjectLock;
use super::{migrate, open, OpenMode, Store, StoreError};

/// The tag of a new project's hidden name: `.NAME.new-PID-…`.
const TAG: &str = "new";

/// A new project under construction; dropped unpublished, it is deleted.
pub struct StagedProject {
    store: Option<Store>,
    temp: PathBuf,
    /// The name the user gave, and the real path it stands for.
    dest: PathBuf,
    real_dest: PathBuf,
    lock: ProjectLock,
    /// Set once the file is at its name: then the hidden name is not ours to delete.
    published: bool,
}

/// What [`Store::open_or_stage`] found.
pub enum Opening {
    Existing(Store),
    New(StagedProject),
}

impl Opening {
    pub fn store_mut(&mut self) -> &mut Store {
        match self {
            Self::Existing(store) => store,
            Self::New(staged) => staged.store_mut(),
        }
    }

    /// The project, put in place if it is new; the flag says it is new.
    pub fn finish(self) -> Result<(Store, bool), StoreError> {
        match self {
            Self::Existing(store) => Ok((store, false)),
            Self::New(staged) => Ok((staged.publish()?, true)),
        }
    }
}

impl Store {
    /// The project at `path` to write into: the existing one, or a new one
    /// (with the default schema) that appears at `path` only when
    /// [`Opening::finish`] is called.
    pub fn open_or_stage(path: &Path) -> Result<Opening, StoreError> {
        Self::open_or_stage_as(path, None)
    }

    /// [`Store::open_or_stage`]; an older file's unattributed work goes to
    /// `annotator`'s layers when the file names no annotator itself.
    pub fn open_or_stage_as(path: &Path, annotator: Option<&str>) -> Result<Opening, StoreError> {
        loop {
            if let Some(opened) = open::open_existing(path, annotator)? {
                return Ok(Opening::Existing(Store::from_writable(path, opened)));
            }
            if let Some(staged) = StagedProject::create(path)? {
                return Ok(Opening::New(staged));
            }
            // Someone put a project there meanwhile: open that one.
        }
    }

    /// Opens `path`, creating it first when `mode` allows; the flag says
    /// whether it was created now.
    pub(super) fn open_or_create(
        path: &Path,
        mode: OpenMode,
        annotator: Option<&str>,
    ) -> Result<(Self, bool), StoreError> {
        match mode {
            OpenMode::CreateIfMissing => Self::open_or_stage_as(path, annotator)?.finish(),
            OpenMode::Existing => match open::open_existing(path, annotator)? {
                Some(opened) => Ok((Store::from_writable(path, opened), false)),
                None => Err(StoreError::NotFound(path.to_path_buf())),
            },
        }
    }
}

impl StagedProject {
    /// `None` when a project appeared at `path` before the lock was taken.
    fn create(path: &Path) -> Result<Option<Self>, StoreError> {
        let io_error = |path: &Path, source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let name = path
            .file_name()
            .ok_or_else(|| io_error(path, std::io::Error::other("that is not a file name")))?;
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        let parent = parent.unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| io_error(parent, source))?;
        let folder = parent
            .canonicalize()
            .map_err(|source| io_error(parent, source))?;
        let real_dest = folder.join(name);
        let lock = open::acquire_lock(&real_dest)?;
        if open::exists(path)? {
            return Ok(None);
        }
        remove_leftovers(&real_dest);
        let temp = folder.join(crate::scratch::unique_name(&hidden(name), TAG));
        let staged = |conn: Connection| -> Result<Store, StoreError> {
            open::configure(&conn)?;
            let mut conn = conn;
            migrate::migrate(&mut conn, &temp, &temp, None)?;
            let mut store = Store::from_parts(conn, &temp, Some(lock.clone()));
            store.write(|tx| tx.install_schema(&crate::model::schema::default_schema_file()))?;
            Ok(store)
        };
        let result = Connection::open(&temp)
            .map_err(StoreError::from)
            .and_then(staged);
        match result {
            Ok(store) => Ok(Some(Self {
                store: Some(store),
                temp,
                dest: path.to_path_buf(),
                real_dest,
                lock,
                published: false,
            })),
            Err(err) => {
                remove_with_logs(&temp);
                Err(err)
            }
        }
    }

    pub fn store_mut(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("a staged project holds its store until it is published or dropped")
    }

    /// Closes the new project, puts it at its name (never over a file that
    /// appeared there meanwhile) and opens it there.
    pub fn publish(mut self) -> Result<Store, StoreError> {
        let io_error = |path: &Path, source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(store) = self.store.take() {
            // The last connection's close folds the log into the file and
            // removes it; the file stays in WAL mode, so opening it at its
            // name changes no journal mode (a kill there would leave a hot
            // rollback journal). Moved without its log, the file must be whole.
            if let Some(conn) = store.db.into_sqlite() {
                conn.close().map_err(|(_, err)| StoreError::from(err))?;
            }
            let mut wal = self.temp.as_os_str().to_os_string();
            wal.push("-wal");
            if std::fs::metadata(&wal).is_ok_and(|meta| meta.len() > 0) {
                return Err(StoreError::CannotOpen {
                    path: self.dest.clone(),
                    cause: "the new project's log could not be folded into it; nothing was put at that name".into(),
                });
            }
        }
        std::fs::File::open(&self.temp)
            .and_then(|file| file.sync_all())
            .map_err(|source| io_error(&self.temp, source))?;
        let linked = self.put_in_place()?;
        self.published = true;
        if linked {
            std::fs::remove_file(&self.temp).map_err(|source| io_error(&self.temp, source))?;
        }
        if let Some(folder) = self.real_dest.parent() {
            if let Ok(dir) = std::fs::File::open(folder) {
                let _ = dir.sync_all();
            }
        }
        // Still holding the lock, so this open shares it.
        let _hold = self.lock.clone();
        let opened = open::open_existing(&self.dest, None)?
            .ok_or_else(|| StoreError::NotFound(self.dest.clone()))?;
        Ok(Store::from_writable(&self.dest, opened))
    }
}

impl StagedProject {
    /// A hard link fails when the name is taken: nothing is ever replaced.
    /// Where the filesystem has no hard links, a rename after a last look.
    /// True when the file got a second name (the hidden one is still there).
    fn put_in_place(&self) -> Result<bool, StoreError> {
        let taken = || {
            StoreError::CannotOpen {
            path: self.dest.clone(),
            cause: "a file appeared at that name while the new project was being made; it was left as it is".into(),
        }
        };
        match std::fs::hard_link(&self.temp, &self.real_dest) {
            Ok(()) => Ok(true),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Unsupported
                ) =>
            {
                if open::exists(&self.real_dest)? {
                    return Err(taken());
                }
                std::fs::rename(&self.temp, &self.real_dest).map_err(|source| StoreError::Io {
                    path: self.dest.clone(),
                    source,
                })?;
                Ok(false)
            }
            Err(source) => Err(StoreError::Io {
                path: self.dest.clone(),
                source,
            }),
        }
    }
}

impl Drop for StagedProject {
    fn drop(&mut self) {
        drop(self.store.take());
        if !self.published {
            remove_with_logs(&self.temp);
        }
    }
}

/// `name` → `.name`.
fn hidden(name: &std::ffi::OsStr) -> OsString {
    let mut hidden = OsString::from(".");
    hidden.push(name);
    hidden
}

fn remove_with_logs(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut file = path.as_os_str().to_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
}

/// Removes the hidden new projects of `real` that killed runs left.
pub(super) fn remove_leftovers(real: &Path) {
    let (Some(folder), Some(name)) = (real.parent(), real.file_name()) else {
        return;
    };
    crate::scratch::remove_stale(folder, &hidden(name), TAG);
}
