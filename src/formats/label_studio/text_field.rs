//! Which of a task's `data` fields is the document's text. Label Studio ties a
//! region to its text by `to_name` (the name of the `<Text>` tag, usually the
//! data key); taking the first string field put spans on the wrong characters
//! when a task also has a title.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::formats::ImportSpan;
use crate::model::CharIndex;

/// The chosen field: its key, and whether the choice was a guess worth a note.
pub struct TextField<'d> {
    pub key: &'d str,
    pub text: &'d str,
    pub guessed: bool,
}

/// Picks the text field of `data` for regions naming `to_names` with `spans`
/// (offsets and `value.text` as the file gives them). An error says why no
/// field can be trusted.
pub fn text_field<'d>(
    data: &'d Map<String, Value>,
    to_names: &BTreeSet<String>,
    spans: &[ImportSpan],
) -> Result<TextField<'d>, String> {
    let strings: Vec<(&'d str, &'d str)> = data
        .iter()
        .filter_map(|(key, value)| Some((key.as_str(), value.as_str()?)))
        .collect();
    let names = || {
        strings
            .iter()
            .map(|(key, _)| *key)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if strings.is_empty() {
        return Err("\"data\" holds no text (no string field)".into());
    }
    if to_names.len() > 1 {
        return Err(format!(
            "its regions are on several text fields (to_name {}); Glossator keeps one text per \
             document: split the task, one per field",
            to_names.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    let found = |key: &str| strings.iter().find(|(k, _)| *k == key).copied();
    if let Some((key, text)) = to_names.first().and_then(|name| found(name)) {
        return Ok(TextField {
            key,
            text,
            guessed: false,
        });
    }
    if let [(key, text)] = strings.as_slice() {
        return Ok(TextField {
            key,
            text,
            guessed: false,
        });
    }
    if spans.is_empty() {
        // Nothing to check against: "text" by convention, else the longest field.
        let (key, text) = found("text").unwrap_or_else(|| {
            strings
                .iter()
                .copied()
                .max_by_key(|(_, text)| text.len())
                .unwrap_or(strings[0])
        });
        return Ok(TextField {
            key,
            text,
            guessed: key != "text",
        });
    }
    let fitting: Vec<(&'d str, &'d str)> = strings
        .iter()
        .copied()
        .filter(|(_, text)| spans_fit(text, spans))
        .collect();
    let has_texts = spans.iter().any(|span| span.text.is_some());
    match fitting.as_slice() {
        [(key, text)] if has_texts => Ok(TextField {
            key,
            text,
            guessed: false,
        }),
        _ => Err(format!(
            "cannot tell which data field ({}) its regions are on: {} and the regions' \
             value.text {}; name the field in to_name",
            names(),
            match to_names.first() {
                Some(name) => format!("to_name {name:?} is not a data field"),
                None => "they have no to_name".to_string(),
            },
            if has_texts {
                format!("fits {} fields", fitting.len())
            } else {
                "is missing".to_string()
            }
        )),
    }
}

/// Every span lies inside `text` and, where it says its text, says it right.
fn spans_fit(text: &str, spans: &[ImportSpan]) -> bool {
    let index = CharIndex::new(text);
    spans.iter().all(|span| {
        let (Ok(start), Ok(end)) = (usize::try_from(span.start), usize::try_from(span.end)) else {
            return false;
        };
        match index.slice(start, end) {
            Some(actual) => span.text.as_deref().is_none_or(|claimed| claimed == actual),
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn span(start: i64, end: i64, text: Option<&str>) -> ImportSpan {
        ImportSpan {
            key: None,
            start,
            end,
            label: "X".into(),
            text: text.map(String::from),
            attributes: Vec::new(),
            annotator: None,
            note: String::new(),
        }
    }

    fn names(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn to_name_picks_the_field_whatever_the_order() {
        let data = json!({"title": "Short", "article": "A long article"});
        let data = data.as_object().unwrap();
        let field = text_field(data, &names(&["article"]), &[span(2, 6, None)]).unwrap();
        assert_eq!(field.key, "article");
    }

    #[test]
    fn value_text_decides_when_to_name_is_a_tag_name() {
        let data = json!({"title": "Kabul talks", "article": "Talks in Doha"});
        let data = data.as_object().unwrap();
        let field = text_field(data, &names(&["body"]), &[span(9, 13, Some("Doha"))]).unwrap();
        assert_eq!(field.key, "article");
        let err = text_field(data, &names(&["body"]), &[span(0, 4, None)])
            .err()
            .unwrap();
        assert!(err.contains("cannot tell which data field"), "{err}");
        let err = text_field(data, &names(&["title", "article"]), &[])
            .err()
            .unwrap();
        assert!(err.contains("several text fields"), "{err}");
    }
}
