//! The PostgreSQL side of a [`super::Db`]: one client, its prepared
//! statements (rewritten from `?1` to `$1` once, then cached), and the
//! transaction depth, which decides whether a lost connection may be made
//! again (between transactions) or must fail the work in flight (inside one).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::connect::Connector;
use super::error::{Error, Result};
use super::placeholders::to_dollar_placeholders;
use super::value::Value;

pub struct PgConn {
    /// None after the connection broke, until the next use between
    /// transactions makes it again.
    client: RefCell<Option<postgres::Client>>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    connector: Connector,
    /// Open transaction levels: a write, a snapshot, snapshots nested in those.
    depth: Cell<u32>,
    /// The write transaction's wait for another writer (`lock_timeout`).
    write_wait_ms: Cell<u64>,
}

impl PgConn {
    pub fn connect(connector: Connector) -> Result<Self> {
        let client = connector.connect()?;
        Ok(Self {
            client: RefCell::new(Some(client)),
            statements: RefCell::new(HashMap::new()),
            connector,
            depth: Cell::new(0),
            write_wait_ms: Cell::new(2_000),
        })
    }

    pub fn connector(&self) -> &Connector {
        &self.connector
    }

    pub fn set_write_wait_ms(&self, wait_ms: u64) {
        self.write_wait_ms.set(wait_ms.max(1));
    }

    /// Runs `work` on the client, making the connection again first when
    /// it broke and no transaction is open (an open one died with it).
    fn with_client<T>(
        &self,
        work: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        let mut slot = self.client.borrow_mut();
        if slot.as_ref().is_none_or(postgres::Client::is_closed) {
            *slot = None;
            if self.depth.get() > 0 {
                return Err(Error::Disconnected(
                    "the server went away inside a transaction; it was rolled back".into(),
                ));
            }
            self.statements.borrow_mut().clear();
            *slot = Some(self.connector.connect()?);
        }
        let Some(client) = slot.as_mut() else {
            unreachable!("the slot was filled above")
        };
        let result = work(client);
        if let Err(err) = &result {
            if client.is_closed() || is_connection_lost(err) {
                *slot = None;
                self.statements.borrow_mut().clear();
            }
        }
        Ok(result?)
    }

    pub fn prepare(&self, sql: &str, cached: bool) -> Result<postgres::Statement> {
        if cached {
            if let Some(statement) = self.statements.borrow().get(sql) {
                return Ok(statement.clone());
            }
        }
        let rewritten = to_dollar_placeholders(sql);
        let statement = self.with_client(|client| client.prepare(&rewritten))?;
        if cached {
            self.statements
                .borrow_mut()
                .insert(sql.to_string(), statement.clone());
        }
        Ok(statement)
    }

    /// Runs a prepared statement. Outside a transaction, a connection
    /// found broken (the server restarted since the last use) is made again
    /// and the statement prepared and run once more: a statement outside a
    /// transaction is a read, so running it again changes nothing.
    fn run<T>(
        &self,
        sql: &str,
        statement: &postgres::Statement,
        work: impl Fn(&mut postgres::Client, &postgres::Statement) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        let first = self.with_client(|client| work(client, statement));
        match &first {
            Err(Error::Postgres(err))
                if self.depth.get() == 0
                    && self.client.borrow().is_none()
                    && is_connection_lost(err) =>
            {
                let statement = self.prepare(sql, true)?;
                self.with_client(|client| work(client, &statement))
            }
            _ => first,
        }
    }

    pub fn execute(
        &self,
        sql: &str,
        statement: &postgres::Statement,
        values: &[Value<'_>],
    ) -> Result<u64> {
        let params = as_pg_params(values);
        self.run(sql, statement, |client, statement| {
            client.execute(statement, &params)
        })
    }

    pub fn query(
        &self,
        sql: &str,
        statement: &postgres::Statement,
        values: &[Value<'_>],
    ) -> Result<Vec<postgres::Row>> {
        let params = as_pg_params(values);
        self.run(sql, statement, |client, statement| {
            client.query(statement, &params)
        })
    }

    pub fn batch_execute(&self, sql: &str) -> Result<()> {
        self.with_client(|client| client.batch_execute(sql))
    }

    /// Opens the write transaction: one writer at a time, as SQLite's
    /// IMMEDIATE transaction (a transaction-scoped advisory lock, so two
    /// windows editing one layer never both read-modify-write it), waiting
    /// at most the write wait for another writer.
    pub fn begin_write(&self) -> Result<()> {
        self.begin(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED;
             SET LOCAL lock_timeout = {};
             SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY});",
            self.write_wait_ms.get()
        ))
    }

    /// A consistent read: a REPEATABLE READ READ ONLY transaction at the
    /// outermost level; inside a transaction already, nothing more.
    pub fn begin_snapshot(&self) -> Result<()> {
        if self.depth.get() > 0 {
            self.depth.set(self.depth.get() + 1);
            return Ok(());
        }
        self.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    /// Opens a transaction. A connection found broken here (the server
    /// restarted since the last use) is made again and the BEGIN tried
    /// once more: nothing of the work was sent yet, so nothing is lost
    /// or done twice.
    fn begin(&self, sql: &str) -> Result<()> {
        let first = self.batch_execute(sql);
        if let Err(Error::Postgres(err)) = &first {
            if self.client.borrow().is_none() && is_connection_lost(err) {
                self.batch_execute(sql)?;
                self.depth.set(self.depth.get() + 1);
                return Ok(());
            }
        }
        first?;
        self.depth.set(self.depth.get() + 1);
        Ok(())
    }

    /// Ends the innermost level: the outermost commits (or rolls back).
    pub fn end(&self, commit: bool) -> Result<()> {
        let depth = self.depth.get();
        if depth > 1 {
            self.depth.set(depth - 1);
            return Ok(());
        }
        // The level is gone whatever the server answers: a broken
        // connection took the transaction with it.
        let result = if self.client.borrow().is_none() {
            Err(Error::Disconnected(
                "the server went away inside a transaction; it was rolled back".into(),
            ))
        } else {
            self.batch_execute(if commit { "COMMIT" } else { "ROLLBACK" })
        };
        self.depth.set(0);
        result
    }
}

/// The key of the project's write lock (pg_advisory_xact_lock): "Glos".
const WRITE_LOCK_KEY: i64 = 0x476c_6f73;

fn as_pg_params<'a>(values: &'a [Value<'_>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|value| value as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// Whether `err` is the connection failing (no SQLSTATE: closed, I/O) or
/// the server saying it shut down.
pub(crate) fn is_connection_lost(err: &postgres::Error) -> bool {
    let io = std::error::Error::source(err).is_some_and(|source| source.is::<std::io::Error>());
    err.is_closed() || io || is_connection_failure(err)
}

/// Whether `err` says the connection itself failed (the server shut down,
/// an administrator ended the session), not the statement.
fn is_connection_failure(err: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    err.code().is_some_and(|code| {
        code.code().starts_with("08")
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
    })
}
