//! JSON parsed into serde_json's `Value`, refusing what `Value` accepts in
//! silence: a key repeated in one object (serde_json keeps the last; other
//! readers keep the first, so the file means two things) and an escaped NUL
//! (`\u0000`) in any string or key (text never holds NUL: the project's own
//! brat and CoNLL exports would be refused as binary). Errors name the field.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a line's JSON was refused.
#[derive(Debug)]
pub enum StrictJsonError {
    /// Not JSON (serde_json's error, with its column).
    Syntax(serde_json::Error),
    /// A key used twice in one object; `field` is the object's path.
    DuplicateKey { field: String, key: String },
    /// `\u0000` in the string or key at `field`.
    Nul { field: String },
}

impl fmt::Display for StrictJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(err) => write!(f, "{err}"),
            Self::DuplicateKey { field, key } => write!(
                f,
                "key {key:?} appears twice in {field}; JSON readers disagree on which value counts, so neither is taken"
            ),
            Self::Nul { field } => write!(
                f,
                "{field} holds an escaped NUL (\\u0000); text never holds NUL"
            ),
        }
    }
}

/// Parses `text` as one JSON value under the rules above.
pub fn parse_strict(text: &str) -> Result<Value, StrictJsonError> {
    let problem = RefCell::new(None);
    let path = RefCell::new(Vec::new());
    let seed = StrictSeed {
        problem: &problem,
        path: &path,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (value, problem.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(problem)) => Err(problem),
        (Err(err), None) => Err(StrictJsonError::Syntax(err)),
    }
}

/// One step of a field's path: a key or a list position.
enum Step {
    Key(String),
    Index(usize),
}

/// `spans[2].note`, or `the document` for the top level.
fn render(path: &[Step]) -> String {
    if path.is_empty() {
        return "the document".into();
    }
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    format!("field {out:?}")
}

#[derive(Clone, Copy)]
struct StrictSeed<'a> {
    problem: &'a RefCell<Option<StrictJsonError>>,
    path: &'a RefCell<Vec<Step>>,
}

impl StrictSeed<'_> {
    /// Records the problem and returns the error that stops the parse.
    fn refuse<E: serde::de::Error>(&self, problem: StrictJsonError) -> E {
        let message = problem.to_string();
        *self.problem.borrow_mut() = Some(problem);
        E::custom(message)
    }

    fn string<E: serde::de::Error>(&self, text: &str) -> Result<(), E> {
        if text.contains('\0') {
            let field = render(&self.path.borrow());
            return Err(self.refuse(StrictJsonError::Nul { field }));
        }
        Ok(())
    }

    /// Runs `inner` with `step` on the path.
    fn at<T>(&self, step: Step, inner: impl FnOnce() -> T) -> T {
        self.path.borrow_mut().push(step);
        let result = inner();
        self.path.borrow_mut().pop();
        result
    }
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Value, E> {
        self.string(value)?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Value, E> {
        self.string(&value)?;
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        loop {
            let next = self.at(Step::Index(values.len()), || items.next_element_seed(self))?;
            match next {
                Some(value) => values.push(value),
                None => return Ok(Value::Array(values)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            if map.contains_key(&key) {
                let field = render(&self.path.borrow());
                let field = if field == "the document" {
                    "the line's object".into()
                } else {
                    field
                };
                return Err(self.refuse(StrictJsonError::DuplicateKey { field, key }));
            }
            let value = self.at(Step::Key(key.clone()), || {
                self.string::<A::Error>(&key)?;
                entries.next_value_seed(self)
            })?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        parse_strict(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_what_serde_json_parses() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "x"], "b": {"c": "é"}}"#;
        assert_eq!(
            parse_strict(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        assert!(matches!(
            parse_strict("{\"a\": 1} x"),
            Err(StrictJsonError::Syntax(_))
        ));
    }

    #[test]
    fn names_the_field_of_a_nul_or_a_repeated_key() {
        assert_eq!(
            refusal(r#"{"text": "a", "spans": [{"label": "X"}, {"note": "n\u0000"}]}"#),
            "field \"spans[1].note\" holds an escaped NUL (\\u0000); text never holds NUL"
        );
        assert!(refusal(r#"{"meta": {"k\u0000": 1}}"#).starts_with("field \"meta.k\\0\""));
        assert!(refusal(r#"{"text": "a", "text": "b"}"#)
            .starts_with("key \"text\" appears twice in the line's object"));
        assert!(refusal(r#"{"spans": [{"label": "A", "label": "B"}]}"#)
            .starts_with("key \"label\" appears twice in field \"spans[0]\""));
    }
}
