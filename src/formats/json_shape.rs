//! The shape of a file's first JSON value (a list, or an object and its
//! keys), read from a stream without keeping the values: format detection
//! must not hold a 4 GB file in memory to learn it starts with `{"text"`.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What the first value of a JSON file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonShape {
    /// A list (`[...]`).
    Array,
    /// An object, with the keys seen before the value ended or the input did.
    Object(Vec<String>),
    /// Anything else, or no JSON at all.
    Other,
}

/// The first value's shape. Values are skipped as they stream past (serde
/// ignores a string without buffering it); when the input ends inside the
/// object (a bounded read), the keys seen so far are the answer.
pub fn first_value_shape(reader: impl std::io::Read) -> JsonShape {
    let shape = RefCell::new(JsonShape::Other);
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    // Errors are expected (a list's items are not read; the read may stop
    // mid-value): what was recorded before them stands.
    let _ = ShapeSeed(&shape).deserialize(&mut deserializer);
    shape.into_inner()
}

struct ShapeSeed<'a>(&'a RefCell<JsonShape>);

impl<'de> DeserializeSeed<'de> for ShapeSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ShapeSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _items: A) -> Result<(), A::Error> {
        *self.0.borrow_mut() = JsonShape::Array;
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        *self.0.borrow_mut() = JsonShape::Object(Vec::new());
        while let Some(key) = map.next_key::<String>()? {
            if let JsonShape::Object(keys) = &mut *self.0.borrow_mut() {
                keys.push(key);
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_a_cut_object_are_kept() {
        let shape =
            first_value_shape(&b"{\"text\": \"abc\", \"entities\": [[0, 1, \"X\"]], \"lab"[..]);
        assert_eq!(
            shape,
            JsonShape::Object(vec!["text".into(), "entities".into()])
        );
        assert_eq!(
            first_value_shape(&b"[{\"data\": 1}, 2"[..]),
            JsonShape::Array
        );
        assert_eq!(first_value_shape(&b"\0\0\0"[..]), JsonShape::Other);
    }
}
