//! One result row of either engine, read by column index into Rust types
//! (rusqlite's `row.get::<_, T>(i)`). On PostgreSQL a column is decoded
//! from whatever type the server sent: an `EXISTS` (BOOLEAN) reads as a bool
//! as SQLite's 0/1 does, a `SELECT 1` (INTEGER) as an i64.

use std::error::Error as StdError;

use postgres::types::{FromSql as PgFromSql, Type};

use super::error::{Error, Result};

/// A row of a result.
#[derive(Clone, Copy)]
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

/// A column index (only numbers: the store reads columns by position).
pub trait RowIndex {
    fn index(&self) -> usize;
}

impl RowIndex for usize {
    fn index(&self) -> usize {
        *self
    }
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromSql>(&self, index: I) -> Result<T> {
        let index = index.index();
        match self {
            Row::Sqlite(row) => Ok(row.get::<_, T>(index)?),
            Row::Postgres(row) => {
                let raw: Raw<'_> = row.try_get(index)?;
                T::from_pg(&raw).map_err(|expected| Error::Decode {
                    column: index,
                    expected,
                    found: raw.describe(),
                })
            }
        }
    }
}

/// A PostgreSQL column as it came: its type and its bytes (None for NULL).
pub struct Raw<'a> {
    ty: Type,
    bytes: Option<&'a [u8]>,
}

impl<'a> PgFromSql<'a> for Raw<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw {
            ty: ty.clone(),
            bytes: Some(raw),
        })
    }

    fn from_sql_null(ty: &Type) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(Raw {
            ty: ty.clone(),
            bytes: None,
        })
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl Raw<'_> {
    fn describe(&self) -> String {
        match self.bytes {
            None => format!("NULL ({})", self.ty),
            Some(_) => format!("a value of type {}", self.ty),
        }
    }

    fn decode<'s, T: PgFromSql<'s>>(&'s self) -> Option<T> {
        T::from_sql(&self.ty, self.bytes?).ok()
    }

    fn integer(&self) -> Option<i64> {
        match self.ty {
            Type::INT8 => self.decode::<i64>(),
            Type::INT4 => self.decode::<i32>().map(i64::from),
            Type::INT2 => self.decode::<i16>().map(i64::from),
            Type::BOOL => self.decode::<bool>().map(i64::from),
            _ => None,
        }
    }
}

/// A Rust type a column can be read into, on both engines.
pub trait FromSql: rusqlite::types::FromSql + Sized {
    /// The value, or what was expected instead (for the error).
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str>;
}

impl FromSql for i64 {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        raw.integer().ok_or("an integer")
    }
}

impl FromSql for i32 {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        raw.integer()
            .and_then(|n| i32::try_from(n).ok())
            .ok_or("a 32-bit integer")
    }
}

impl FromSql for u32 {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        raw.integer()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or("a non-negative 32-bit integer")
    }
}

impl FromSql for bool {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        raw.integer().map(|n| n != 0).ok_or("a flag (0 or 1)")
    }
}

impl FromSql for f64 {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        match raw.ty {
            Type::FLOAT8 => raw.decode::<f64>(),
            Type::FLOAT4 => raw.decode::<f32>().map(f64::from),
            _ => raw.integer().map(|n| n as f64),
        }
        .ok_or("a number")
    }
}

impl FromSql for String {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        match raw.ty {
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                raw.decode::<&str>().map(str::to_string)
            }
            _ => None,
        }
        .ok_or("text")
    }
}

impl FromSql for Vec<u8> {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        match raw.ty {
            Type::BYTEA => raw.decode::<&[u8]>().map(<[u8]>::to_vec),
            _ => None,
        }
        .ok_or("bytes")
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_pg(raw: &Raw<'_>) -> Result<Self, &'static str> {
        match raw.bytes {
            None => Ok(None),
            Some(_) => T::from_pg(raw).map(Some),
        }
    }
}
