//! Label Studio JSON in: the full export (tasks with `data`, `annotations`,
//! `predictions`, legacy `completions`) and the flat JSON-MIN export.
//!
//! Each annotation that was not cancelled becomes the layer of the annotator
//! who completed it (`completed_by`: an email, a user id, or the name
//! Glossator's own export writes); the first prediction that was not
//! cancelled becomes the layer called `predictions`. What is left out (a
//! cancelled annotation, a second one by the same person, further
//! predictions) is named in a notice, with its id, who made it and how many
//! results it held.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::min;
use super::regions::{is_text_region, Results};
use super::text_field::text_field;
use crate::formats::json_stream::{id_string, json_type, json_values};
use crate::formats::{ImportDocument, ImportError, Location, Notice, ParsedInput};
use crate::model::PREDICTIONS_LAYER;

pub fn parse_label_studio(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    let mut reader = TaskReader {
        path,
        parsed: ParsedInput::default(),
        skipped_types: BTreeMap::new(),
        from_predictions: 0,
        guessed_fields: BTreeSet::new(),
        json_min: 0,
    };
    let mut count = 0;
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
        for task in &tasks {
            count += 1;
            let mut location = Location::line(path, line).with_item(format!("task {count}"));
            let Value::Object(task) = task else {
                return Err(ImportError::at(
                    location,
                    format!("expected a task (an object), found {}", json_type(task)),
                ));
            };
            if let Some(id) = task.get("id").and_then(id_string) {
                location = location.with_item(format!("task {count}, id {id}"));
            }
            let mut document = if task.contains_key("data") {
                reader.task(&location, task)?
            } else if min::is_json_min(task) {
                reader.json_min += 1;
                reader.json_min_task(&location, task)?
            } else {
                return Err(ImportError::at(
                    location,
                    "not a Label Studio task: it has no \"data\" (export from Label Studio as \
                     JSON or JSON-MIN)",
                ));
            };
            // Our data.doc_id, else the task's id, else a number: tasks share
            // their file's line, so the line cannot name them.
            if document.external_id.is_none() {
                document.external_id = task.get("id").and_then(id_string);
            }
            if document.external_id.is_none() {
                let stem = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "task".into());
                document.external_id = Some(format!("{stem}-{count}"));
            }
            reader.parsed.documents.push(document);
        }
    }
    Ok(reader.finish())
}

struct TaskReader<'p> {
    path: &'p Path,
    parsed: ParsedInput,
    skipped_types: BTreeMap<String, usize>,
    from_predictions: usize,
    /// Data fields taken as the text by length alone (no region to check).
    guessed_fields: BTreeSet<String>,
    json_min: usize,
}

impl TaskReader<'_> {
    fn notice(&mut self, location: &Location, message: String) {
        self.parsed.notices.push(Notice {
            location: location.clone(),
            message,
        });
    }

    /// A task of the full export.
    fn task(
        &mut self,
        location: &Location,
        task: &Map<String, Value>,
    ) -> Result<ImportDocument, ImportError> {
        let at = |message: String| ImportError::at(location.clone(), message);
        let data = task
            .get("data")
            .and_then(Value::as_object)
            .ok_or_else(|| at("\"data\" must be an object".into()))?;
        let choice = choose_annotation(task);
        if !choice.skipped.is_empty() {
            let kept: Vec<String> = choice.kept.iter().map(Source::describe).collect();
            let kept = match kept.as_slice() {
                [] => String::new(),
                kept => format!("imported {}; ", kept.join(", ")),
            };
            let skipped: Vec<String> = choice.skipped.iter().map(Source::describe).collect();
            self.notice(
                location,
                format!(
                    "{kept}skipped {} (one layer per annotator and document; cancelled ones are left out)",
                    skipped.join(", ")
                ),
            );
        }
        let mut results = Results::default();
        for kept in &choice.kept {
            if kept.kind == SourceKind::Prediction {
                self.from_predictions += 1;
            }
            let layer = match kept.kind {
                SourceKind::Annotation => kept.annotator.clone(),
                SourceKind::Prediction => Some(PREDICTIONS_LAYER.to_string()),
            };
            let read = Results::read(kept.results, layer.as_deref()).map_err(&at)?;
            results.append_apart(read);
        }
        let to_names: BTreeSet<String> = choice
            .kept
            .iter()
            .flat_map(|kept| kept.results.iter())
            .filter(|item| is_text_region(item))
            .filter_map(|item| item.get("to_name").and_then(Value::as_str))
            .map(String::from)
            .collect();
        let mut document = self.document(location, data, &to_names, results)?;
        if let Some(Value::Object(meta)) = task.get("meta") {
            for (key, value) in meta {
                document.meta.insert(key.clone(), value.clone());
            }
        }
        Ok(document)
    }

    /// A JSON-MIN record: data fields, region lists under their `from_name`,
    /// and the annotator.
    fn json_min_task(
        &mut self,
        location: &Location,
        task: &Map<String, Value>,
    ) -> Result<ImportDocument, ImportError> {
        let at = |message: String| ImportError::at(location.clone(), message);
        let record = min::read_record(task).map_err(&at)?;
        self.document(location, &record.data, &BTreeSet::new(), record.results)
    }

    /// The document from `data` and the kept results: the text field, the
    /// title, our `doc_id`, and the other fields as meta.
    fn document(
        &mut self,
        location: &Location,
        data: &Map<String, Value>,
        to_names: &BTreeSet<String>,
        results: Results,
    ) -> Result<ImportDocument, ImportError> {
        let at = |message: String| ImportError::at(location.clone(), message);
        let field = text_field(data, to_names, &results.spans).map_err(&at)?;
        if field.guessed {
            self.guessed_fields.insert(field.key.to_string());
        }
        for (kind, count) in results.skipped_types {
            *self.skipped_types.entry(kind).or_default() += count;
        }
        let mut document = ImportDocument::plain(location.clone(), field.text.to_string());
        document.spans = results.spans;
        document.relations = results.relations;
        for (key, value) in data {
            match key.as_str() {
                key if key == field.key => {}
                "title" if value.is_string() => {
                    document.title = value.as_str().map(String::from);
                }
                "doc_id" if id_string(value).is_some() => {
                    document.external_id = id_string(value);
                }
                _ => {
                    document.meta.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(document)
    }

    fn finish(mut self) -> ParsedInput {
        let file = Location::file(self.path);
        if self.json_min > 0 {
            self.notice(
                &file,
                format!(
                    "read {} task(s) of a JSON-MIN export: it carries no relations, region \
                     ids or notes (export JSON from Label Studio to keep them)",
                    self.json_min
                ),
            );
        }
        if self.from_predictions > 0 {
            let message = format!(
                "{} task(s) had predictions: each task's first became the layer {PREDICTIONS_LAYER:?}",
                self.from_predictions
            );
            self.notice(&file, message);
        }
        for field in std::mem::take(&mut self.guessed_fields) {
            self.notice(
                &file,
                format!(
                    "tasks with several text fields and no regions: took the longest, {field:?}, as the text"
                ),
            );
        }
        for (kind, count) in std::mem::take(&mut self.skipped_types) {
            self.notice(
                &file,
                format!("skipped {count} result(s) of type {kind:?}: not text spans or relations"),
            );
        }
        self.parsed
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceKind {
    Annotation,
    Prediction,
}

/// One annotation or prediction of a task.
struct Source<'t> {
    kind: SourceKind,
    id: Option<String>,
    /// `completed_by` of an annotation, `model_version` of a prediction.
    annotator: Option<String>,
    cancelled: bool,
    results: &'t [Value],
}

impl Source<'_> {
    fn describe(&self) -> String {
        let mut text = match self.kind {
            SourceKind::Annotation => "annotation".to_string(),
            SourceKind::Prediction => "prediction".to_string(),
        };
        if let Some(id) = &self.id {
            text.push_str(&format!(" {id}"));
        }
        let mut details = Vec::new();
        match (self.kind, &self.annotator) {
            (SourceKind::Annotation, Some(who)) => details.push(format!("completed_by {who}")),
            (SourceKind::Prediction, Some(version)) => {
                details.push(format!("model_version {version:?}"))
            }
            _ => {}
        }
        if self.cancelled {
            details.push("cancelled".into());
        }
        details.push(crate::formats::import::plural(self.results.len(), "result"));
        format!("{text} ({})", details.join(", "))
    }
}

struct Choice<'t> {
    kept: Vec<Source<'t>>,
    skipped: Vec<Source<'t>>,
}

/// Every annotation not cancelled (legacy `completions` are annotations),
/// one per annotator, and the first prediction not cancelled; every other
/// one is listed as skipped.
fn choose_annotation(task: &Map<String, Value>) -> Choice<'_> {
    let annotations = task
        .get("annotations")
        .or_else(|| task.get("completions"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let predictions = task
        .get("predictions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let sources = annotations
        .iter()
        .map(|a| source(a, SourceKind::Annotation))
        .chain(
            predictions
                .iter()
                .map(|p| source(p, SourceKind::Prediction)),
        );
    let mut choice = Choice {
        kept: Vec::new(),
        skipped: Vec::new(),
    };
    for source in sources {
        let taken = choice.kept.iter().any(|kept| {
            kept.kind == source.kind
                && (source.kind == SourceKind::Prediction || kept.annotator == source.annotator)
        });
        if source.cancelled || taken {
            choice.skipped.push(source);
        } else {
            choice.kept.push(source);
        }
    }
    choice
}

fn source(item: &Value, kind: SourceKind) -> Source<'_> {
    let flag = |key: &str| item.get(key).and_then(Value::as_bool).unwrap_or(false);
    let annotator = match kind {
        SourceKind::Annotation => item.get("completed_by").and_then(person),
        SourceKind::Prediction => item
            .get("model_version")
            .and_then(|v| v.as_str().map(String::from).or_else(|| id_string(v))),
    };
    Source {
        kind,
        id: item.get("id").and_then(id_string),
        annotator,
        cancelled: flag("was_cancelled") || flag("skipped"),
        results: item
            .get("result")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default(),
    }
}

/// `completed_by`: a user id, or (some exports) an object with `email` and `id`.
pub(super) fn person(value: &Value) -> Option<String> {
    match value {
        Value::Object(user) => user
            .get("email")
            .and_then(Value::as_str)
            .filter(|email| !email.is_empty())
            .map(String::from)
            .or_else(|| user.get("id").and_then(id_string)),
        other => id_string(other),
    }
}
