//! One connection to a project, on SQLite (a file) or PostgreSQL (a team
//! server), with the part of rusqlite's API the store uses: `execute`,
//! `execute_batch`, `query_row`, `prepare`/`prepare_cached` with `query`,
//! `query_map` and `query_row`, `Row::get::<_, T>(i)`, `.optional()` and a
//! `params!` macro. A store file moves onto it by changing its `use` lines.
//!
//! SQL is written once, with `?1` placeholders and portable SQL (`ON
//! CONFLICT`, `RETURNING`, `COALESCE`, `CAST`); where the engines must
//! differ, the store matches on [`Db::engine`] in one place.

mod connect;
mod error;
mod pg;
mod placeholders;
mod row;
mod statement;
mod value;

pub(crate) use pg::is_connection_lost;

pub use connect::{is_server_url, redact, BadUrl, Connector, TlsMode};
pub use error::{Error, OptionalExtension, Result};
pub use row::{FromSql, Row, RowIndex};
pub use statement::{MappedRows, Rows, Statement};
pub use value::{params_from_iter, Params, ToSql, Value};

/// rusqlite's `params!` for the engine: `params![a, b, c]`.
pub use crate::sql_params as params;

/// Which database holds the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open connection to a project.
pub struct Db {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<pg::PgConn>),
}

impl Db {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Self {
        Self {
            inner: Inner::Sqlite(conn),
        }
    }

    /// Connects to a server project.
    pub fn connect(connector: Connector) -> Result<Self> {
        Ok(Self {
            inner: Inner::Postgres(Box::new(pg::PgConn::connect(connector)?)),
        })
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (backups, PRAGMAs,
    /// ATTACH); None on a server.
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(conn) => Some(conn),
            Inner::Postgres(_) => None,
        }
    }

    /// The SQLite connection itself (to close it and see the error).
    pub fn into_sqlite(self) -> Option<rusqlite::Connection> {
        match self.inner {
            Inner::Sqlite(conn) => Some(conn),
            Inner::Postgres(_) => None,
        }
    }

    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.inner {
            Inner::Sqlite(conn) => Some(conn),
            Inner::Postgres(_) => None,
        }
    }

    /// The server's connection settings; None for a file.
    pub fn connector(&self) -> Option<&Connector> {
        match &self.inner {
            Inner::Sqlite(_) => None,
            Inner::Postgres(pg) => Some(pg.connector()),
        }
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(Statement::Sqlite(conn.prepare(sql)?)),
            Inner::Postgres(pg) => Ok(Statement::Postgres {
                pg,
                sql: sql.to_string(),
                statement: pg.prepare(sql, false)?,
            }),
        }
    }

    /// A statement kept prepared for the connection's life.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(Statement::SqliteCached(conn.prepare_cached(sql)?)),
            Inner::Postgres(pg) => Ok(Statement::Postgres {
                pg,
                sql: sql.to_string(),
                statement: pg.prepare(sql, true)?,
            }),
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    pub fn query_row<P, F, T>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Runs several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Inner::Postgres(pg) => pg.batch_execute(sql),
        }
    }

    /// The id the last INSERT gave its row (PostgreSQL: `lastval()`, the
    /// last value a sequence gave this session). Prefer `RETURNING id`.
    pub fn last_insert_rowid(&self) -> Result<i64> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.last_insert_rowid()),
            Inner::Postgres(_) => self.query_row("SELECT lastval()", [], |row| row.get(0)),
        }
    }

    /// How long a write waits for another connection's write.
    pub fn set_write_wait(&self, wait: std::time::Duration) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.busy_timeout(wait)?),
            Inner::Postgres(pg) => {
                pg.set_write_wait_ms(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
                Ok(())
            }
        }
    }

    /// Opens the one write transaction: SQLite's IMMEDIATE (the write lock
    /// now, not at the first write); on PostgreSQL the project's write lock.
    pub(crate) fn begin_write(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("BEGIN IMMEDIATE")?),
            Inner::Postgres(pg) => pg.begin_write(),
        }
    }

    /// Ends the write transaction: commits, or rolls back.
    pub(crate) fn end_write(&self, commit: bool) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => {
                if conn.is_autocommit() {
                    // SQLite rolled it back itself (a full disk, an I/O error).
                    return Ok(());
                }
                Ok(conn.execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })?)
            }
            Inner::Postgres(pg) => pg.end(commit),
        }
    }

    /// Starts a consistent read: an SQLite savepoint (it nests inside a
    /// write), a REPEATABLE READ READ ONLY transaction on PostgreSQL.
    pub(crate) fn begin_snapshot(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("SAVEPOINT glossator_snapshot")?),
            Inner::Postgres(pg) => pg.begin_snapshot(),
        }
    }

    pub(crate) fn end_snapshot(&self) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(conn) => Ok(conn.execute_batch("RELEASE glossator_snapshot")?),
            Inner::Postgres(pg) => pg.end(true),
        }
    }
}
