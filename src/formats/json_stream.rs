//! A file of JSON values one after another: JSONL, one pretty-printed object
//! over many lines, or a JSON array. Each value comes with the line it starts on.

use std::path::Path;

use serde_json::Value;

use super::{ImportError, Location};

/// Every top-level JSON value in `text`, with its starting line (1-based).
pub fn json_values(path: &Path, text: &str) -> Result<Vec<(usize, Value)>, ImportError> {
    let mut values = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut previous_end = 0;
    loop {
        let start =
            previous_end + text[previous_end..].len() - text[previous_end..].trim_start().len();
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                values.push((line_of_byte(text, start), value));
                previous_end = stream.byte_offset();
            }
            Some(Err(err)) => {
                let message = err.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(head, _)| head);
                return Err(ImportError::at(
                    Location::line(path, err.line().max(1)),
                    format!(
                        "bad JSON at column {}: {message}{}",
                        err.column(),
                        crate::formats::decode::depth_hint(message)
                    ),
                ));
            }
        }
    }
    Ok(values)
}

/// The 1-based line holding byte `offset`.
pub fn line_of_byte(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// A JSON value's type in words, for messages.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An id that may be a string or an integer, as a string.
pub fn id_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_their_first_line() {
        let text = "{\"a\": 1}\n\n{\n  \"b\": 2\n}\n[3]";
        let values = json_values(Path::new("x.json"), text).unwrap();
        let lines: Vec<usize> = values.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![1, 3, 6]);
        let err = json_values(Path::new("x.json"), "{\"a\": 1}\n{\"b\": }").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.json:2: bad JSON at column 7"),
            "{err}"
        );
    }
}
