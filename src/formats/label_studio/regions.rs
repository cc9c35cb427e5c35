//! One annotation's results as spans and relations: `labels` regions (one
//! span per label), `relation` items, and what is neither (counted by type).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::formats::json_stream::id_string;
use crate::formats::{ImportRelation, ImportSpan};

/// A result that marks text: it has `value.start`, `value.end` and `value.labels`.
pub fn is_text_region(item: &Value) -> bool {
    item.pointer("/value/labels").is_some() && item.pointer("/value/start").is_some()
}

/// The spans and relations of one annotation (or prediction, or JSON-MIN
/// record), and the result types left out.
#[derive(Default)]
pub struct Results {
    pub spans: Vec<ImportSpan>,
    pub relations: Vec<ImportRelation>,
    /// Result type ("choices", "textarea", …) → how many were left out.
    pub skipped_types: BTreeMap<String, usize>,
    /// How many annotations were appended ([`Results::append_apart`]).
    sources: usize,
}

impl Results {
    /// Reads `items` (full results with `type`, `value`, `id`); `annotator`
    /// becomes every span's and relation's annotator.
    pub fn read(items: &[Value], annotator: Option<&str>) -> Result<Self, String> {
        let mut results = Self::default();
        let mut per_region = Vec::new();
        for item in items {
            match item.get("type").and_then(Value::as_str) {
                Some("relation") => results.relations.push(relation(item, annotator)?),
                _ if is_text_region(item) => results.spans.extend(spans(item, annotator)?),
                Some("choices") if item.get("id").is_some() => per_region.push(item),
                other => {
                    *results
                        .skipped_types
                        .entry(other.unwrap_or("(no type)").to_string())
                        .or_default() += 1
                }
            }
        }
        for item in per_region {
            if !results.attach_choices(item) {
                *results.skipped_types.entry("choices".into()).or_default() += 1;
            }
        }
        Ok(results)
    }

    /// Adds another annotation's results. Label Studio copies region ids
    /// from a prediction into the annotation made from it: ids this
    /// document already has are renamed (`id#2`) in `other`, its relations
    /// with them, so each annotation keeps its own regions.
    pub fn append_apart(&mut self, mut other: Results) {
        let taken: std::collections::HashSet<String> =
            self.spans.iter().filter_map(|s| s.key.clone()).collect();
        if other
            .spans
            .iter()
            .any(|s| s.key.as_ref().is_some_and(|key| taken.contains(key)))
        {
            let suffix = format!("#{}", self.sources + 1);
            for span in &mut other.spans {
                if let Some(key) = &mut span.key {
                    key.push_str(&suffix);
                }
            }
            for relation in &mut other.relations {
                relation.from.push_str(&suffix);
                relation.to.push_str(&suffix);
            }
        }
        self.sources += 1;
        self.spans.append(&mut other.spans);
        self.relations.append(&mut other.relations);
        for (kind, count) in other.skipped_types {
            *self.skipped_types.entry(kind).or_default() += count;
        }
    }

    /// A per-region `Choices` result (`perRegion="true"`: same `id` as its
    /// region) becomes an attribute of the region's spans, named by its
    /// `from_name`. False when no region has that id.
    fn attach_choices(&mut self, item: &Value) -> bool {
        let (Some(id), Some(name)) = (
            item.get("id").and_then(id_string),
            item.get("from_name").and_then(Value::as_str),
        ) else {
            return false;
        };
        let choices: Vec<&str> = item
            .pointer("/value/choices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if choices.is_empty() {
            return false;
        }
        let value = choices.join(", ");
        let mut attached = false;
        for span in &mut self.spans {
            let region = span
                .key
                .as_deref()
                .map(|key| key.split('#').next().unwrap_or(key));
            if region == Some(id.as_str()) {
                span.attributes.push((name.to_string(), value.clone()));
                attached = true;
            }
        }
        attached
    }
}

/// One span per label of a region. A region's per-region note (`meta.text`,
/// what Label Studio's editor writes) becomes the span's note.
pub fn spans(item: &Value, annotator: Option<&str>) -> Result<Vec<ImportSpan>, String> {
    let value = &item["value"];
    let id = item.get("id").and_then(id_string);
    let number = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_i64)
            .ok_or_else(|| match &id {
                Some(id) => format!("region {id:?}: \"{key}\" must be a whole number"),
                None => format!("a region's \"{key}\" must be a whole number"),
            })
    };
    let (start, end) = (number("start")?, number("end")?);
    let labels = value["labels"]
        .as_array()
        .ok_or("\"labels\" must be a list")?;
    let note = region_note(item);
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
                annotator: annotator.map(String::from),
                note: note.clone(),
            })
        })
        .collect()
}

/// `meta: {"text": ["…"]}` on a result, lines joined.
fn region_note(item: &Value) -> String {
    match item.pointer("/meta/text") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(lines)) => lines
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn relation(item: &Value, annotator: Option<&str>) -> Result<ImportRelation, String> {
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
        annotator: annotator.map(String::from),
        note: region_note(item),
    })
}
