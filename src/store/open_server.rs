//! Opening a project on a PostgreSQL server: connect (TLS and password as
//! the URL and the environment say), then check that the database holds a
//! Glossator project of this build's schema version.

use super::engine::{Connector, Db, OptionalExtension};
use super::server::{EARLIER_SERVER_VERSION, SCHEMA_VERSION_KEY, SERVER_SCHEMA_VERSION};
use super::{Store, StoreError};

impl Store {
    /// Opens the server project at `url` (`postgres://user@host/database`).
    /// The annotator is the role the URL logs in as.
    pub fn open_server(url: &str) -> Result<Self, StoreError> {
        Self::open_server_with_password(url, None)
    }

    /// [`Store::open_server`] with a password typed apart from the URL
    /// (kept in memory only, for this run's other connections to the URL).
    pub fn open_server_with_password(
        url: &str,
        password: Option<&str>,
    ) -> Result<Self, StoreError> {
        let (db, shown) = connect_server(url, password)?;
        check_server_version(&db, &shown)?;
        Ok(Self::from_server(db))
    }

    /// The URL of a server project, without its password.
    pub fn server_url(&self) -> Option<&str> {
        self.db.connector().map(Connector::shown)
    }

    /// The role a server project is edited as (its annotator's name).
    pub fn server_user(&self) -> Option<&str> {
        self.db.connector().map(Connector::user)
    }

    /// Whether this session may write gold: always on a file; on a server,
    /// when the role is in the project's curators group (row-level security
    /// would refuse a curation's writes otherwise, with a raw policy error).
    pub fn may_curate(&self) -> Result<bool, StoreError> {
        if self.db.connector().is_none() {
            return Ok(true);
        }
        // A project without team.pg.sql (no roles installed) has no policies.
        let has_policies: bool = self.db.query_row(
            "SELECT to_regproc('glossator_is_curator') IS NOT NULL",
            [],
            |row| row.get(0),
        )?;
        if !has_policies {
            return Ok(true);
        }
        Ok(self
            .db
            .query_row("SELECT glossator_is_curator()", [], |row| row.get(0))?)
    }
}

/// A connection to the server at `url` (with a password typed apart from
/// it, if any), and the URL as it may be shown (without a password); a
/// failure says why in the user's words. Whatever the database holds.
pub(super) fn connect_server(
    url: &str,
    password: Option<&str>,
) -> Result<(Db, String), StoreError> {
    let mut connector = Connector::from_url(url)?;
    if let Some(password) = password {
        connector = connector.with_password(password);
    }
    let shown = connector.shown().to_string();
    let db = Db::connect(connector).map_err(|err| StoreError::CannotConnect {
        url: shown.clone(),
        cause: err.connection_cause(),
    })?;
    Ok((db, shown))
}

/// Refuses a database without a project, or with one of another version;
/// one set up by an earlier Glossator is refused with the way to upgrade it.
fn check_server_version(db: &Db, shown: &str) -> Result<(), StoreError> {
    match server_schema_version(db, shown)? {
        SERVER_SCHEMA_VERSION => Ok(()),
        EARLIER_SERVER_VERSION => Err(StoreError::ServerLayout {
            url: shown.to_string(),
        }),
        found => Err(StoreError::ServerVersion {
            url: shown.to_string(),
            found,
            supported: SERVER_SCHEMA_VERSION,
        }),
    }
}

/// The schema version of the server project `db` holds; a database without
/// a project is refused.
pub(super) fn server_schema_version(db: &Db, shown: &str) -> Result<i64, StoreError> {
    // Two statements: a query naming a missing table fails before it runs.
    let has_meta: bool = db.query_row(
        "SELECT to_regclass('project_meta') IS NOT NULL",
        [],
        |row| row.get(0),
    )?;
    let not_initialised = |reason: &str| StoreError::NotInitialised {
        url: shown.to_string(),
        reason: reason.to_string(),
    };
    if !has_meta {
        return Err(not_initialised("it has no project_meta table"));
    }
    let version: Option<String> = db
        .query_row(
            "SELECT value FROM project_meta WHERE key = ?1",
            [SCHEMA_VERSION_KEY],
            |row| row.get(0),
        )
        .optional()?;
    let Some(version) = version else {
        return Err(not_initialised("it has no schema version"));
    };
    version.trim().parse().map_err(|_| {
        StoreError::Corrupt(format!(
            "{shown}: schema version {version:?} is not a number"
        ))
    })
}
