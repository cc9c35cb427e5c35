use std::path::PathBuf;

use rusqlite::ErrorCode;

/// What can go wrong with a project file. Messages are written for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("project file {} does not exist", .0.display())]
    NotFound(PathBuf),
    #[error("{} is not a Glossator project: {reason}", path.display())]
    NotAProject { path: PathBuf, reason: String },
    #[error(
        "{} is damaged ({detail}); it was not changed. Restore a copy from its .backups folder, or run `glossator check` on it",
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{} was written by a newer Glossator (schema version {file_version}; this build reads up to version {supported}); update Glossator to open it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        file_version: i64,
        supported: i64,
    },
    #[error(
        "{} is open in another Glossator{}; close it there first, or open it read-only",
        path.display(),
        holder.map(|pid| format!(" (process {pid})")).unwrap_or_default()
    )]
    Locked { path: PathBuf, holder: Option<u32> },
    #[error(
        "{} has {links} names (hard links); SQLite would keep a separate log for each and lose edits. Copy it to a file of its own (cp), or remove the other names",
        path.display()
    )]
    HardLinked { path: PathBuf, links: u64 },
    #[error(
        "{} is not a Glossator lock file ({reason}); it was left as it is. Move it away, then try again",
        path.display()
    )]
    ForeignLockFile { path: PathBuf, reason: String },
    #[error("cannot open {}: {cause}", path.display())]
    CannotOpen { path: PathBuf, cause: String },
    #[error(
        "{} is {what} of the project {}; choose another output",
        output.display(),
        project.display()
    )]
    OutputIsProject {
        output: PathBuf,
        project: PathBuf,
        what: &'static str,
    },
    #[error("this project is open read-only ({0}); nothing was changed")]
    ReadOnly(String),
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the project file could not be written (the disk is full, or an I/O error): the last change was not saved; everything saved before it is kept ({0})")]
    WriteFailed(String),
    #[error("the project file is damaged: {0}. Restore a copy from its .backups folder")]
    DamagedWhileOpen(String),
    /// Another connection (an import running in the background, another
    /// process's write) holds the project's write lock.
    #[error("the project is busy: another connection is writing to it (an import?); this change was not made, try again when it has finished")]
    Busy,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("the project holds bad data: {0}")]
    Corrupt(String),
    /// A server handed out ids of `table` that an import had counted on
    /// (another connection drew from its sequence meanwhile).
    #[error("another connection took new {table} ids while this import ran; nothing was imported, try again")]
    IdsTaken { table: &'static str },
    #[error("the label is used by {spans} spans and {relations} relations; relabel them first")]
    LabelInUse { spans: usize, relations: usize },
    #[error("an in-memory project has no backups folder")]
    NoBackupsFolder,
    /// A schema file that slipped past its checks (they run before installing).
    #[error("bad schema file: {0}")]
    BadSchemaFile(String),
    /// A package cannot be made as asked (no such annotator, nothing assigned, output taken).
    #[error("no package was written: {0}")]
    Package(String),
    /// `glossator copy` makes a new project: it never writes into one.
    #[error("{target} already holds {holds}; copy makes a new project there: remove it, or name another")]
    CopyTargetTaken { target: String, holds: String },
    /// What only a project file has (its lock, WAL checkpoints, file
    /// backups, snapshot copies) asked of a server project.
    #[error("{what} is not possible on a server project; {instead}")]
    NotOnServer {
        what: &'static str,
        instead: &'static str,
    },
    /// A `postgres://` URL that cannot be used as it is.
    #[error("bad server URL: {0}")]
    BadUrl(#[from] super::engine::BadUrl),
    /// The server could not be reached, or refused the login.
    #[error("cannot connect to {url}: {cause}")]
    CannotConnect { url: String, cause: String },
    /// The server database holds no Glossator project.
    #[error(
        "{url} holds no Glossator project ({reason}); create it with `glossator init-server {url}`"
    )]
    NotInitialised { url: String, reason: String },
    /// The server database holds a project of another schema version.
    #[error("{url} holds a project of schema version {found}; this Glossator works with version {supported}: use the Glossator that matches the server")]
    ServerVersion {
        url: String,
        found: i64,
        supported: i64,
    },
    /// The server's project was set up by an earlier Glossator (server
    /// schema version 6, server::EARLIER_SERVER_VERSION): its owner
    /// upgrades it once.
    #[error("{url} was set up by an earlier Glossator (its search index and the checks of its spans are of an older kind): the database's owner upgrades it once with `glossator upgrade {url}`, then everyone opens it as before")]
    ServerLayout { url: String },
    /// The connection to the server broke (the server restarted, the
    /// network dropped): the change in flight was rolled back.
    #[error("the connection to the server was lost ({0}); this change was not saved, everything saved before it is kept. Glossator connects again on the next change")]
    Disconnected(String),
    /// The server refused the statement for the role's rights (row-level
    /// security: another annotator's layer, a curator's table).
    #[error("the server refused this change: {0}")]
    Forbidden(String),
    /// Any other error the server reported.
    #[error("database server error: {}", describe_server_error(.0))]
    Server(postgres::Error),
}

/// The server's own message and detail (postgres::Error's Display says
/// only "db error").
fn describe_server_error(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_string();
            if let Some(detail) = db.detail() {
                text += &format!(" ({detail})");
            }
            text
        }
        None => match std::error::Error::source(err) {
            Some(source) => format!("{err}: {source}"),
            None => err.to_string(),
        },
    }
}

impl StoreError {
    /// Whether the server refused the login for want of the right password
    /// (none found, or a wrong one): the app then asks for it. The driver
    /// gives these only as text ("password missing" from the client, SQLSTATE
    /// 28P01's "password authentication failed" from the server).
    pub fn wants_password(&self) -> bool {
        self.password_missing()
            || matches!(self, Self::CannotConnect { cause, .. } if cause.contains("password authentication failed"))
    }

    /// Whether the server wants a password and none was found (in the URL,
    /// PGPASSWORD or the password file): a question to ask, not a fault.
    pub fn password_missing(&self) -> bool {
        matches!(self, Self::CannotConnect { cause, .. } if cause.contains("password missing"))
    }
}

impl From<super::engine::Error> for StoreError {
    fn from(err: super::engine::Error) -> Self {
        use super::engine::Error;
        match err {
            Error::Sqlite(err) => err.into(),
            Error::NoRows => Self::Sqlite(rusqlite::Error::QueryReturnedNoRows),
            Error::Decode {
                column,
                expected,
                found,
            } => Self::Corrupt(format!(
                "column {column}: expected {expected}, found {found}"
            )),
            Error::Postgres(err) => from_postgres(err),
            Error::TlsSetup(cause) => Self::CannotConnect {
                url: "the server".into(),
                cause,
            },
            Error::Disconnected(cause) => Self::Disconnected(cause),
        }
    }
}

/// The server failures a user can act on, said as such.
fn from_postgres(err: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    // The engine's own test, so a store error and the engine's reconnecting
    // agree on what a lost connection is (a client-side error such as a
    // parameter of the wrong type is not one).
    if super::engine::is_connection_lost(&err) {
        return StoreError::Disconnected(describe_server_error(&err));
    }
    let Some(code) = err.code() else {
        return StoreError::Server(err);
    };
    if [
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
    ]
    .contains(code)
    {
        return StoreError::Busy;
    }
    if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        return StoreError::Forbidden(describe_server_error(&err));
    }
    if *code == SqlState::DISK_FULL {
        return StoreError::WriteFailed(describe_server_error(&err));
    }
    StoreError::Server(err)
}

/// Turns the SQLite failures a user can act on into messages that say what to
/// do; the rest stay database errors.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            // A full disk is SQLITE_FULL; a file-size limit (EFBIG) or a failed
            // fsync comes back as an I/O error: the user's remedy is the same.
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
                Self::WriteFailed(err.to_string())
            }
            Some(ErrorCode::ReadOnly) => Self::ReadOnly(err.to_string()),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Self::DamagedWhileOpen(err.to_string())
            }
            _ => Self::Sqlite(err),
        }
    }
}
