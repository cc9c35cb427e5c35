//! What a query can fail with, on either engine, before the store says it
//! in the user's words ([`crate::store::StoreError`]).

/// A failed query.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Postgres(#[from] postgres::Error),
    /// `query_row` found nothing (rusqlite's `QueryReturnedNoRows`);
    /// [`OptionalExtension::optional`] turns it into `None`.
    #[error("the query returned no rows")]
    NoRows,
    /// A column holds a value the Rust type cannot take.
    #[error("column {column}: expected {expected}, found {found}")]
    Decode {
        column: usize,
        expected: &'static str,
        found: String,
    },
    /// TLS could not be set up (an unreadable `sslrootcert`).
    #[error("TLS could not be set up: {0}")]
    TlsSetup(String),
    /// The connection to the server broke earlier and has not been made
    /// again yet (see `Db::reconnect`).
    #[error("the connection to the server was lost: {0}")]
    Disconnected(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// rusqlite's `.optional()`, for the engine's results.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl Error {
    /// Why a connection failed, in the user's words: the server's own
    /// message, or the client error with each of its causes
    /// (postgres::Error's text alone is often only "db error" or "error
    /// connecting to server").
    pub fn connection_cause(&self) -> String {
        match self {
            Error::Postgres(pg) => match pg.as_db_error() {
                Some(db) => db.message().to_string(),
                None => {
                    let mut text = pg.to_string();
                    let mut source = std::error::Error::source(pg);
                    while let Some(inner) = source {
                        text += &format!(": {inner}");
                        source = inner.source();
                    }
                    text
                }
            },
            other => other.to_string(),
        }
    }
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoRows) | Err(Error::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => {
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }
}
