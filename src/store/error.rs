use std::path::PathBuf;

/// What can go wrong with a project file. Messages are written for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("project file {} does not exist", .0.display())]
    NotFound(PathBuf),
    #[error("{} is not a Glossator project: {reason}", path.display())]
    NotAProject { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer Glossator (schema version {file_version}; this build reads up to version {supported}); update Glossator to open it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        file_version: i64,
        supported: i64,
    },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the project holds bad data: {0}")]
    Corrupt(String),
}
