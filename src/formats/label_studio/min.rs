//! Label Studio's JSON-MIN export: one flat object per annotation, the task's
//! data fields beside the results of each control tag (listed under its
//! `from_name`) and `annotator`, `annotation_id`, `created_at`, `lead_time`.

use serde_json::{Map, Value};

use super::read::person;
use super::regions::{spans, Results};

/// Keys JSON-MIN adds beside the data fields.
const BOOKKEEPING: &[&str] = &[
    "id",
    "annotator",
    "annotation_id",
    "created_at",
    "updated_at",
    "lead_time",
    "agreement",
    "history",
];

/// A task without `data` that has JSON-MIN's own keys or a list of regions.
pub fn is_json_min(task: &Map<String, Value>) -> bool {
    task.contains_key("annotation_id")
        || task.contains_key("lead_time")
        || task.values().any(is_region_list)
}

/// `[{"start", "end", "text", "labels"}, …]`: a `Labels` tag's regions.
fn is_region_list(value: &Value) -> bool {
    value.as_array().is_some_and(|items| {
        !items.is_empty()
            && items.iter().all(|item| {
                item.get("start").is_some()
                    && item.get("end").is_some()
                    && item.get("labels").is_some()
            })
    })
}

/// A JSON-MIN record split into its data fields and its results.
pub struct Record {
    pub data: Map<String, Value>,
    pub results: Results,
}

pub fn read_record(task: &Map<String, Value>) -> Result<Record, String> {
    let annotator = task.get("annotator").and_then(person);
    let mut record = Record {
        data: Map::new(),
        results: Results::default(),
    };
    for (key, value) in task {
        if BOOKKEEPING.contains(&key.as_str()) {
            continue;
        }
        if value.as_array().is_some_and(Vec::is_empty) {
            // A tag with no results in this annotation.
        } else if is_region_list(value) {
            for region in value.as_array().into_iter().flatten() {
                // JSON-MIN keeps only the value: wrap it as a full result.
                let item = serde_json::json!({"value": region});
                record
                    .results
                    .spans
                    .extend(spans(&item, annotator.as_deref())?);
            }
        } else if value.is_array() || value.is_object() {
            // Choices, text areas and other tags, prettified: not spans.
            *record.results.skipped_types.entry(key.clone()).or_default() += 1;
        } else {
            record.data.insert(key.clone(), value.clone());
        }
    }
    Ok(record)
}
