//! Label Studio JSON: a list of tasks with `data.text` and annotation results
//! (`labels` regions and `relation` items). Offsets are code points; a
//! region's `value.text` must equal `text[start:end]`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use super::bundle::for_each_document;
use super::json_stream::{id_string, json_type, json_values};
use super::jsonl::ExportSummary;
use super::{
    ExportError, ImportDocument, ImportError, ImportRelation, ImportSpan, Location, Notice,
    ParsedInput,
};
use crate::model::CharIndex;

pub fn parse_label_studio(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    let mut parsed = ParsedInput::default();
    let mut skipped_types: BTreeMap<String, usize> = BTreeMap::new();
    let mut from_predictions = 0;
    for (line, value) in json_values(path, text)? {
        let tasks = match value {
            Value::Array(tasks) => tasks,
            Value::Object(_) => vec![value],
            other => {
                return Err(ImportError::at(
                    Location::line(path, line),
                    format!("expected a list of tasks, found {}", json_type(&other)),
                ))
            }
        };
        for (n, task) in tasks.iter().enumerate() {
            let location = Location::line(path, line).with_item(format!("task {}", n + 1));
            let at = |message: String| ImportError::at(location.clone(), message);
            let data = task
                .get("data")
                .and_then(Value::as_object)
                .ok_or_else(|| at("missing \"data\" (an object)".into()))?;
            let document_text = match data.get("text") {
                Some(Value::String(text)) => text,
                _ => data
                    .values()
                    .find_map(Value::as_str)
                    .ok_or_else(|| at("\"data\" holds no text".into()))?,
            };
            let mut document = ImportDocument::plain(location.clone(), document_text.to_string());
            document.external_id = task.get("id").and_then(id_string);
            document.title = data.get("title").and_then(Value::as_str).map(String::from);
            let results = task_results(task, &mut from_predictions);
            for item in results {
                match item.get("type").and_then(Value::as_str) {
                    Some("relation") => document.relations.push(relation(item).map_err(&at)?),
                    _ if item.pointer("/value/labels").is_some()
                        && item.pointer("/value/start").is_some() =>
                    {
                        document.spans.extend(spans(item).map_err(&at)?);
                    }
                    other => {
                        *skipped_types
                            .entry(other.unwrap_or("(no type)").to_string())
                            .or_default() += 1
                    }
                }
            }
            parsed.documents.push(document);
        }
    }
    if from_predictions > 0 {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "{from_predictions} task(s) had no annotations: their predictions were imported"
            ),
        });
    }
    for (kind, count) in skipped_types {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "skipped {count} result(s) of type {kind:?}: not text spans or relations"
            ),
        });
    }
    Ok(parsed)
}

/// The results of a task's first annotation that was not cancelled, else of
/// its first prediction.
fn task_results<'a>(task: &'a Value, from_predictions: &mut usize) -> &'a [Value] {
    let first_result = |key: &str| {
        task.get(key)?
            .as_array()?
            .iter()
            .find(|a| {
                !a.get("was_cancelled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })?
            .get("result")?
            .as_array()
            .map(Vec::as_slice)
    };
    if let Some(results) = first_result("annotations") {
        return results;
    }
    match first_result("predictions") {
        Some(results) => {
            *from_predictions += 1;
            results
        }
        None => &[],
    }
}

fn spans(item: &Value) -> Result<Vec<ImportSpan>, String> {
    let value = &item["value"];
    let number = |key: &str| {
        value.get(key).and_then(Value::as_i64).ok_or_else(|| {
            format!(
                "region {:?}: \"{key}\" must be a whole number",
                item.get("id")
            )
        })
    };
    let (start, end) = (number("start")?, number("end")?);
    let labels = value["labels"]
        .as_array()
        .ok_or("\"labels\" must be a list")?;
    let id = item.get("id").and_then(id_string);
    labels
        .iter()
        .enumerate()
        .map(|(n, label)| {
            let label = label.as_str().ok_or("a label must be a string")?;
            // One region with several labels becomes one span per label; relations
            // refer to the first.
            let key = id.as_ref().map(|id| {
                if n == 0 {
                    id.clone()
                } else {
                    format!("{id}#{}", n + 1)
                }
            });
            Ok(ImportSpan {
                key,
                start,
                end,
                label: label.to_string(),
                text: value.get("text").and_then(Value::as_str).map(String::from),
                attributes: Vec::new(),
                annotator: None,
                note: String::new(),
            })
        })
        .collect()
}

fn relation(item: &Value) -> Result<ImportRelation, String> {
    let end = |key: &str| {
        item.get(key)
            .and_then(id_string)
            .ok_or_else(|| format!("relation: missing {key:?}"))
    };
    let (mut from, mut to) = (end("from_id")?, end("to_id")?);
    if item.get("direction").and_then(Value::as_str) == Some("left") {
        std::mem::swap(&mut from, &mut to);
    }
    let label = item
        .get("labels")
        .and_then(Value::as_array)
        .and_then(|labels| labels.first())
        .and_then(Value::as_str)
        .unwrap_or("related");
    Ok(ImportRelation {
        key: None,
        from,
        to,
        label: label.to_string(),
        annotator: None,
        note: String::new(),
    })
}

/// Tasks Label Studio imports: `data.text`, one annotation with `labels`
/// regions (`from_name` "label", `to_name` "text") and `relation` items.
pub fn export_label_studio(
    store: &impl crate::store::Reader,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut first = true;
    out.write_all(b"[\n")?;
    for_each_document(store, progress, |bundle| {
        let index = CharIndex::new(&bundle.document.text);
        let mut result = Vec::new();
        for span in &bundle.spans {
            result.push(json!({
                "id": format!("s{}", span.id),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": span.start_char(),
                    "end": span.end_char(),
                    "text": bundle.span_text(&index, span)?,
                    "labels": [bundle.label_name(span)],
                },
            }));
        }
        for relation in &bundle.relations {
            result.push(json!({
                "from_id": format!("s{}", relation.data.from_span),
                "to_id": format!("s{}", relation.data.to_span),
                "type": "relation",
                "direction": "right",
                "labels": [bundle.schema.label_name(relation.data.label_id)],
            }));
        }
        let task = json!({
            "data": {"text": bundle.document.text, "title": bundle.document.title, "doc_id": bundle.document.external_id},
            "annotations": [{"result": result}],
        });
        if !first {
            out.write_all(b",\n")?;
        }
        first = false;
        serde_json::to_writer(&mut *out, &task).map_err(std::io::Error::from)?;
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        summary.relations += bundle.relations.len();
        Ok(())
    })?;
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(summary)
}
