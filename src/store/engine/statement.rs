//! A prepared statement of either engine and the rows it returns, shaped
//! like rusqlite's (`execute`, `query`, `query_map`, `query_row`).

use super::error::{Error, Result};
use super::pg::PgConn;
use super::row::Row;
use super::value::Params;

/// A statement prepared on one connection.
pub enum Statement<'c> {
    SqliteCached(rusqlite::CachedStatement<'c>),
    Sqlite(rusqlite::Statement<'c>),
    Postgres {
        pg: &'c PgConn,
        statement: postgres::Statement,
    },
}

impl Statement<'_> {
    /// Runs the statement; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let values = params.values();
        let sqlite_params = rusqlite::params_from_iter(values.iter());
        match self {
            Statement::SqliteCached(statement) => Ok(statement.execute(sqlite_params)?),
            Statement::Sqlite(statement) => Ok(statement.execute(sqlite_params)?),
            Statement::Postgres { pg, statement } => {
                let changed = pg.execute(statement, &values)?;
                Ok(usize::try_from(changed).unwrap_or(usize::MAX))
            }
        }
    }

    /// The rows of the result, read one by one with [`Rows::next`].
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let values = params.values();
        let sqlite_params = rusqlite::params_from_iter(values.iter());
        match self {
            Statement::SqliteCached(statement) => Ok(Rows::Sqlite(statement.query(sqlite_params)?)),
            Statement::Sqlite(statement) => Ok(Rows::Sqlite(statement.query(sqlite_params)?)),
            Statement::Postgres { pg, statement } => Ok(Rows::Postgres {
                rows: pg.query(statement, &values)?,
                next: 0,
            }),
        }
    }

    /// Each row of the result through `f`.
    pub fn query_map<P, F, T>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// The first row through `f`; [`Error::NoRows`] when there is none.
    pub fn query_row<P, F, T>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::NoRows),
        }
    }

    /// Whether the query returns at least one row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a result. On PostgreSQL they are all fetched at once (the
/// connection is free for the next query while they are read).
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres {
        rows: Vec<postgres::Row>,
        next: usize,
    },
}

impl Rows<'_> {
    /// The next row, or None after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres { rows, next } => {
                let row = rows.get(*next);
                *next += 1;
                Ok(row.map(Row::Postgres))
            }
        }
    }
}

/// [`Statement::query_map`]'s iterator.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(err) => Some(Err(err)),
        }
    }
}
