//! Parameters: one value type that either engine can bind. On PostgreSQL a
//! value is written as the type the server expects for that parameter (an
//! integer into a BIGINT, INTEGER or BOOLEAN column alike), as SQLite's
//! dynamic typing would have taken it.

use std::borrow::Cow;
use std::error::Error as StdError;

use postgres::types::{IsNull, ToSql as PgToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// One bound value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
    /// A whole column of integers in one parameter (`BIGINT[]`): a server
    /// takes a batch of rows as one statement (`UNNEST`, `= ANY`). SQLite
    /// has no arrays; the store binds the elements one by one there.
    Integers(Cow<'a, [i64]>),
    /// [`Value::Integers`] of text (`TEXT[]`).
    Texts(Vec<Cow<'a, str>>),
}

/// A Rust value the store binds as a parameter.
pub trait ToSql {
    fn to_value(&self) -> Value<'_>;
}

impl ToSql for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Value::Text(text) => Value::Text(Cow::Borrowed(text)),
            Value::Blob(blob) => Value::Blob(Cow::Borrowed(blob)),
            Value::Null => Value::Null,
            Value::Integer(n) => Value::Integer(*n),
            Value::Real(x) => Value::Real(*x),
            Value::Integers(numbers) => Value::Integers(Cow::Borrowed(numbers)),
            Value::Texts(texts) => {
                Value::Texts(texts.iter().map(|t| Cow::Borrowed(t.as_ref())).collect())
            }
        }
    }
}

macro_rules! integer_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Integer(i64::from(*self))
            }
        }
    )*};
}
integer_to_sql!(i64, i32, u32, i16, u16, u8, bool);

impl ToSql for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToSql for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToSql for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToSql for Cow<'_, str> {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToSql for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}

impl ToSql for Vec<u8> {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToSql::to_value)
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(n) => ValueRef::Integer(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(blob) => ValueRef::Blob(blob),
            Value::Integers(_) | Value::Texts(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "SQLite has no array parameters: bind the elements one by one".into(),
                ))
            }
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

fn mismatch(value: &Value<'_>, ty: &Type) -> BoxError {
    // An array may hold a batch of documents: named, not printed.
    match value {
        Value::Integers(numbers) => {
            format!(
                "cannot bind an array of {} integers to a parameter of type {ty}",
                numbers.len()
            )
        }
        Value::Texts(texts) => {
            format!(
                "cannot bind an array of {} texts to a parameter of type {ty}",
                texts.len()
            )
        }
        _ => format!("cannot bind {value:?} to a parameter of type {ty}"),
    }
    .into()
}

impl PgToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => {
                    n.to_string().as_str().to_sql(&Type::TEXT, out)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => {
                    x.to_string().as_str().to_sql(&Type::TEXT, out)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::Text(text) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    text.as_ref().to_sql(&Type::TEXT, out)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::Blob(blob) => match *ty {
                Type::BYTEA => blob.as_ref().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            // The array's `to_sql` panics on a type that is not an array:
            // the element type is checked first.
            Value::Integers(numbers) => match *ty {
                Type::INT8_ARRAY => numbers.as_ref().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Texts(texts) => match *ty {
                Type::TEXT_ARRAY | Type::VARCHAR_ARRAY => texts
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<&str>>()
                    .to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Every type: `to_sql` converts to the one the server asks for, or
        // says why it cannot.
        true
    }

    postgres::types::to_sql_checked!();
}

/// The parameters of one statement, whatever shape the caller wrote them in:
/// `[]`, `[a, b]` of one type, `params![a, b, c]`, or a list built at run
/// time ([`params_from_iter`]).
pub trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl Params for [&dyn ToSql; 0] {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

impl Params for () {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

impl Params for &[&dyn ToSql] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|value| value.to_value()).collect()
    }
}

impl<const N: usize> Params for &[&dyn ToSql; N] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|value| value.to_value()).collect()
    }
}

macro_rules! array_params {
    ($($n:literal),*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(ToSql::to_value).collect()
            }
        }
    )*};
}
array_params!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

/// Parameters built at run time (rusqlite's `params_from_iter`).
pub struct ParamsFromIter<'a>(Vec<Value<'a>>);

impl Params for ParamsFromIter<'_> {
    fn values(&self) -> Vec<Value<'_>> {
        self.0.iter().map(ToSql::to_value).collect()
    }
}

pub fn params_from_iter<'a, I>(values: I) -> ParamsFromIter<'a>
where
    I: IntoIterator<Item = Value<'a>>,
{
    ParamsFromIter(values.into_iter().collect())
}

/// rusqlite's `params!`: a list of values of different types.
#[macro_export]
macro_rules! sql_params {
    () => {
        &[] as &[&dyn $crate::store::engine::ToSql]
    };
    ($($value:expr),+ $(,)?) => {
        &[$(&$value as &dyn $crate::store::engine::ToSql),+] as &[&dyn $crate::store::engine::ToSql]
    };
}
