//! doccano JSONL, both shapes: sequence labelling (`label: [[start, end, L]]`)
//! and relations (`entities` + `relations`). doccano counts offsets in UTF-16
//! code units (its editor is JavaScript); they are converted here, at the edge.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::bundle::for_each_document;
use super::json_stream::{id_string, json_type, json_values};
use super::jsonl::ExportSummary;
use super::losses::{Drops, Losses};
use super::{
    ExportError, ImportDocument, ImportError, ImportRelation, ImportSpan, Location, Notice,
    ParsedInput,
};
use crate::model::text::{char_offset_from_utf16, utf16_offsets};
use crate::model::SpanId;

/// Keys doccano (and its import samples) use for the text and the labels.
const TEXT_KEYS: [&str; 3] = ["text", "data", "column_data"];
const LABEL_KEYS: [&str; 3] = ["label", "labels", "column_label"];

/// doccano's label ids and their names, from the label config doccano
/// exports (`[{"id": 3, "text": "PER", …}]`) or a plain `{"3": "PER"}`.
pub type LabelMap = BTreeMap<String, String>;

pub fn parse_doccano(path: &Path, text: &str) -> Result<ParsedInput, ImportError> {
    parse_doccano_with(path, text, None)
}

/// Reads `--doccano-labels FILE`.
pub fn read_label_map(path: &Path) -> Result<LabelMap, ImportError> {
    let bytes = crate::formats::decode::read_file(path)?;
    let (text, _) = crate::formats::decode::decode_utf8(path, bytes)?;
    let at = |message: String| ImportError::at(Location::file(path), message);
    let value: Value = serde_json::from_str(&text).map_err(|err| {
        ImportError::at(
            Location::line(path, err.line().max(1)),
            format!("bad JSON at column {}: {err}", err.column()),
        )
    })?;
    let mut map = LabelMap::new();
    match value {
        Value::Array(labels) => {
            for (n, label) in labels.iter().enumerate() {
                let id = label.get("id").and_then(id_string);
                let name = label
                    .get("text")
                    .or_else(|| label.get("name"))
                    .and_then(Value::as_str);
                let (Some(id), Some(name)) = (id, name) else {
                    return Err(at(format!(
                        "label {}: expected {{\"id\": 3, \"text\": \"PER\"}} (doccano's exported label config)",
                        n + 1
                    )));
                };
                map.insert(id, name.to_string());
            }
        }
        Value::Object(pairs) => {
            for (id, name) in pairs {
                let name = name
                    .as_str()
                    .ok_or_else(|| at(format!("label id {id:?}: the name must be a string")))?;
                map.insert(id, name.to_string());
            }
        }
        other => {
            return Err(at(format!(
                "expected doccano's label config (a list of {{\"id\", \"text\"}}), found {}",
                json_type(&other)
            )))
        }
    }
    Ok(map)
}

/// Reads doccano JSONL; numeric label ids are named by `labels` when given.
pub fn parse_doccano_with(
    path: &Path,
    text: &str,
    labels: Option<&LabelMap>,
) -> Result<ParsedInput, ImportError> {
    let mut parsed = ParsedInput::default();
    let mut ignored: BTreeSet<String> = BTreeSet::new();
    let mut classification_labels = 0usize;
    let mut unnamed_ids: BTreeSet<String> = BTreeSet::new();
    for (line, value) in json_values(path, text)? {
        let location = Location::line(path, line);
        let at = |message: String| ImportError::at(location.clone(), message);
        let Value::Object(object) = value else {
            return Err(at(format!(
                "expected a JSON object, found {}",
                json_type(&value)
            )));
        };
        let text_key = TEXT_KEYS.iter().find(|k| object.contains_key(**k));
        let Some(Value::String(document_text)) = text_key.and_then(|k| object.get(*k)) else {
            return Err(at("missing \"text\" (a string)".into()));
        };
        let mut line_reader = LineReader {
            at: &at,
            table: utf16_offsets(document_text),
            labels,
            unnamed_ids: &mut unnamed_ids,
        };
        let mut document = ImportDocument::plain(location.clone(), document_text.clone());
        document.external_id = object.get("id").and_then(id_string);
        if let Some(Value::Object(meta)) = object.get("meta") {
            document.meta = meta.clone();
        }
        for key in object.keys() {
            if !TEXT_KEYS.contains(&key.as_str())
                && !LABEL_KEYS.contains(&key.as_str())
                && !["id", "meta", "entities", "relations", "annotations"].contains(&key.as_str())
            {
                ignored.insert(key.clone());
            }
        }
        if let Some(labels) = LABEL_KEYS.iter().find_map(|k| object.get(*k)) {
            let Value::Array(labels) = labels else {
                return Err(at(format!(
                    "\"label\" must be a list, not {}",
                    json_type(labels)
                )));
            };
            for (n, label) in labels.iter().enumerate() {
                match label {
                    Value::Array(_) => document
                        .spans
                        .push(line_reader.triple(label, &format!("label {}", n + 1))?),
                    Value::String(_) | Value::Number(_) => classification_labels += 1,
                    other => {
                        return Err(at(format!(
                            "label {}: expected [start, end, \"LABEL\"], found {}",
                            n + 1,
                            json_type(other)
                        )))
                    }
                }
            }
        }
        if let Some(entities) = object.get("entities") {
            let Value::Array(entities) = entities else {
                return Err(at("\"entities\" must be a list".into()));
            };
            for (n, entity) in entities.iter().enumerate() {
                let context = format!("entity {}", n + 1);
                let span = match entity {
                    // doccano's own example files: [[0, 26, "City"], …].
                    Value::Array(_) => line_reader.triple(entity, &context)?,
                    _ => line_reader.entity(entity, &context, "id")?,
                };
                document.spans.push(span);
            }
        }
        if let Some(annotations) = object.get("annotations") {
            // doccano 1.0: [{"label": 3, "start_offset", "end_offset", "user"}].
            let Value::Array(annotations) = annotations else {
                return Err(at("\"annotations\" must be a list".into()));
            };
            for (n, annotation) in annotations.iter().enumerate() {
                if annotation.get("start_offset").is_none() && annotation.get("label").is_some() {
                    classification_labels += 1;
                    continue;
                }
                let context = format!("annotation {}", n + 1);
                document
                    .spans
                    .push(line_reader.entity(annotation, &context, "")?);
            }
        }
        if let Some(relations) = object.get("relations") {
            let Value::Array(relations) = relations else {
                return Err(at("\"relations\" must be a list".into()));
            };
            for (n, relation) in relations.iter().enumerate() {
                let end = |key: &str| {
                    relation.get(key).and_then(id_string).ok_or_else(|| {
                        at(format!(
                            "relation {}: missing {key:?} (an entity id)",
                            n + 1
                        ))
                    })
                };
                let label = relation
                    .get("type")
                    .and_then(Value::as_str)
                    .ok_or_else(|| at(format!("relation {}: missing \"type\"", n + 1)))?;
                document.relations.push(ImportRelation {
                    key: relation.get("id").and_then(id_string),
                    from: end("from_id")?,
                    to: end("to_id")?,
                    label: label.to_string(),
                    annotator: None,
                    note: String::new(),
                });
            }
        }
        parsed.documents.push(document);
    }
    if classification_labels > 0 {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!("skipped {classification_labels} document-level (classification) labels: Glossator keeps span labels"),
        });
    }
    if !unnamed_ids.is_empty() {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "labels given by doccano id ({}) are named by their ids; name them with \
                 --doccano-labels FILE (the label config doccano exports)",
                unnamed_ids.into_iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    if !ignored.is_empty() {
        parsed.notices.push(Notice {
            location: Location::file(path),
            message: format!(
                "ignored keys Glossator does not use: {}",
                ignored.into_iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(parsed)
}

/// Reads one record's spans, every message naming its line.
struct LineReader<'a, F: Fn(String) -> ImportError> {
    at: &'a F,
    table: Vec<usize>,
    labels: Option<&'a LabelMap>,
    unnamed_ids: &'a mut BTreeSet<String>,
}

impl<F: Fn(String) -> ImportError> LineReader<'_, F> {
    /// A UTF-16 offset as a code point offset.
    fn offset(&self, value: &Value, what: &str) -> Result<i64, ImportError> {
        let at = self.at;
        let table = &self.table;
        let units = value.as_u64().ok_or_else(|| {
            at(format!(
                "{what} must be a whole number, not {}",
                json_type(value)
            ))
        })?;
        let units = usize::try_from(units).unwrap_or(usize::MAX);
        match char_offset_from_utf16(table, units) {
            Some(chars) => Ok(chars as i64),
            None if units > *table.last().unwrap_or(&0) => Err(at(format!(
                "{what} {units} is past the end of the text ({} UTF-16 units)",
                table.last().unwrap_or(&0)
            ))),
            None => Err(at(format!(
                "{what} {units} falls inside a character (doccano offsets count UTF-16 units)"
            ))),
        }
    }

    /// A label by name, or by doccano's numeric id (named through the map).
    fn label(&mut self, value: &Value, context: &str) -> Result<String, ImportError> {
        match value {
            Value::String(name) => Ok(name.clone()),
            Value::Number(_) => {
                let id = id_string(value).ok_or_else(|| {
                    (self.at)(format!("{context}: label id {value} is not a whole number"))
                })?;
                match self.labels {
                    Some(map) => map.get(&id).cloned().ok_or_else(|| {
                        (self.at)(format!(
                            "{context}: label id {id} is not in the --doccano-labels file"
                        ))
                    }),
                    None => {
                        self.unnamed_ids.insert(id.clone());
                        Ok(id)
                    }
                }
            }
            other => Err((self.at)(format!(
                "{context}: the label must be a name or a doccano label id, not {}",
                json_type(other)
            ))),
        }
    }

    /// `[start, end, "LABEL"]`.
    fn triple(&mut self, item: &Value, context: &str) -> Result<ImportSpan, ImportError> {
        let Some([start, end, label]) = item.as_array().map(Vec::as_slice).and_then(|items| {
            <&[Value; 3]>::try_from(items)
                .ok()
                .map(|[a, b, c]| [a, b, c])
        }) else {
            return Err((self.at)(format!(
                "{context}: expected [start, end, \"LABEL\"]"
            )));
        };
        let label = self.label(label, context)?;
        Ok(span(
            self.offset(start, "start")?,
            self.offset(end, "end")?,
            &label,
            None,
        ))
    }

    /// `{"id", "start_offset", "end_offset", "label", "user"}`; `id_key` empty
    /// when the shape has no id (doccano 1.0's annotations).
    fn entity(
        &mut self,
        entity: &Value,
        context: &str,
        id_key: &str,
    ) -> Result<ImportSpan, ImportError> {
        let field = |key: &str| {
            entity
                .get(key)
                .ok_or_else(|| (self.at)(format!("{context}: missing {key:?}")))
        };
        let label = field("label")?.clone();
        let start = self.offset(field("start_offset")?, "start_offset")?;
        let end = self.offset(field("end_offset")?, "end_offset")?;
        let key = if id_key.is_empty() {
            None
        } else {
            Some(id_string(field(id_key)?).ok_or_else(|| {
                (self.at)(format!("{context}: \"id\" must be a number or a string"))
            })?)
        };
        let label = self.label(&label, context)?;
        let mut span = span(start, end, &label, key);
        span.annotator = entity.get("user").and_then(id_string);
        Ok(span)
    }
}

fn span(start: i64, end: i64, label: &str, key: Option<String>) -> ImportSpan {
    ImportSpan {
        key,
        start,
        end,
        label: label.to_string(),
        text: None,
        attributes: Vec::new(),
        annotator: None,
        note: String::new(),
    }
}

/// Which doccano shape to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoccanoShape {
    /// `{"text", "label": [[start, end, L]]}`
    SequenceLabeling,
    /// `{"text", "entities": [...], "relations": [...]}`
    Relations,
}

/// What doccano's sequence-labelling shape has no place for.
const SEQUENCE_DROPS: Drops = Drops {
    title: true,
    meta: false,
    status: true,
    span_attributes: true,
    span_notes: true,
    span_annotators: true,
    relations: true,
    relation_notes: true,
    relation_annotators: true,
    documents_without_spans: false,
};

/// The relations shape keeps relations, not their notes or annotators.
const RELATION_DROPS: Drops = Drops {
    relations: false,
    ..SEQUENCE_DROPS
};

/// One record per document: doccano's `id` (our document id) and `meta`
/// beside the text and its labels; offsets in UTF-16 code units. Labels,
/// entities and relations are written one at a time, so memory stays that of
/// the document, not of a JSON tree of it.
pub fn export_doccano(
    store: &impl crate::store::Reader,
    shape: DoccanoShape,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut losses = Losses::default();
    for_each_document(store, progress, |bundle| {
        let document = &bundle.document;
        let table = utf16_offsets(&document.text);
        let units = |chars: usize| table.get(chars).copied().unwrap_or(0);
        out.write_all(b"{\"id\":")?;
        json(out, &document.external_id)?;
        out.write_all(b",\"text\":")?;
        json(out, &document.text)?;
        match shape {
            DoccanoShape::SequenceLabeling => {
                out.write_all(b",\"label\":")?;
                json_list(
                    out,
                    bundle.spans.iter().map(|s| {
                        (
                            units(s.start_char()),
                            units(s.end_char()),
                            bundle.label_name(s),
                        )
                    }),
                )?;
                losses.count(&bundle, SEQUENCE_DROPS);
            }
            DoccanoShape::Relations => {
                out.write_all(b",\"entities\":")?;
                json_list(
                    out,
                    bundle.spans.iter().enumerate().map(|(n, s)| Entity {
                        id: n,
                        start_offset: units(s.start_char()),
                        end_offset: units(s.end_char()),
                        label: bundle.label_name(s),
                    }),
                )?;
                // Entity numbers by span id: one lookup per relation end, not a scan.
                let positions: HashMap<SpanId, usize> = bundle
                    .spans
                    .iter()
                    .enumerate()
                    .map(|(n, s)| (s.id, n))
                    .collect();
                let mut written = 0;
                out.write_all(b",\"relations\":")?;
                json_list(
                    out,
                    bundle.relations.iter().filter_map(|r| {
                        let relation = RelationRecord {
                            id: written,
                            from_id: *positions.get(&r.data.from_span)?,
                            to_id: *positions.get(&r.data.to_span)?,
                            kind: bundle.schema.label_name(r.data.label_id),
                        };
                        written += 1;
                        Some(relation)
                    }),
                )?;
                summary.relations += written;
                losses.count(&bundle, RELATION_DROPS);
            }
        }
        out.write_all(b",\"meta\":")?;
        json(out, &document.meta)?;
        out.write_all(b"}\n")?;
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        Ok(())
    })?;
    out.flush()?;
    summary.notices = losses.notices(match shape {
        DoccanoShape::SequenceLabeling => "doccano (sequence labelling)",
        DoccanoShape::Relations => "doccano (relations)",
    });
    Ok(summary)
}

#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    start_offset: usize,
    end_offset: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct RelationRecord<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
}

fn json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), ExportError> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)?;
    Ok(())
}

/// `[a,b,…]`, one item serialised at a time.
fn json_list<T: Serialize>(
    out: &mut dyn Write,
    items: impl Iterator<Item = T>,
) -> Result<(), ExportError> {
    out.write_all(b"[")?;
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        json(out, &item)?;
    }
    out.write_all(b"]")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_become_code_points() {
        let parsed = parse_doccano(
            Path::new("d.jsonl"),
            r#"{"text": "😀 Doha", "label": [[3, 7, "GPE"]]}"#,
        )
        .unwrap();
        assert_eq!(
            (
                parsed.documents[0].spans[0].start,
                parsed.documents[0].spans[0].end
            ),
            (2, 6)
        );
        let err = parse_doccano(
            Path::new("d.jsonl"),
            r#"{"text": "😀 Doha", "label": [[1, 7, "GPE"]]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("falls inside a character"),
            "{err}"
        );
    }
}
