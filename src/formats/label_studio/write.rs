//! Label Studio JSON out: tasks its server imports and its converter
//! (JSON-MIN, CSV, CONLL2003) reads. Each task has a numeric `id` (the
//! converter's `task["id"]`), our document id in `data.doc_id`, the title in
//! `data.title`, the document's meta in the task's `meta`, and one annotation
//! per layer (`completed_by` its annotator's name, as Label Studio exports
//! several annotators; the `predictions` layer as a prediction) with `labels`
//! regions (`from_name` "label", `to_name` "text") and `relation` items. A span's note is the region's `meta.text`, as Label
//! Studio's editor writes it.
//!
//! Results are written one at a time, so memory stays that of one region,
//! not of a whole task's JSON tree.

use std::io::Write;

use serde::Serialize;

use crate::formats::bundle::{for_each_document, Bundle};
use crate::formats::jsonl::ExportSummary;
use crate::formats::losses::{Drops, Losses};
use crate::formats::ExportError;
use crate::model::{CharIndex, PREDICTIONS_LAYER};

/// What Label Studio JSON has no place for.
const DROPS: Drops = Drops {
    title: false,
    meta: false,
    status: true,
    span_attributes: true,
    span_notes: false,
    span_annotators: false,
    relations: false,
    relation_notes: true,
    relation_annotators: false,
    documents_without_spans: false,
};

#[derive(Serialize)]
struct TaskData<'a> {
    text: &'a str,
    title: &'a str,
    doc_id: &'a str,
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: RegionValue<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<RegionMeta<'a>>,
}

#[derive(Serialize)]
struct RegionValue<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct RegionMeta<'a> {
    text: [&'a str; 1],
}

#[derive(Serialize)]
struct RelationItem<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
}

pub fn export_label_studio(
    store: &impl crate::store::Reader,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut losses = Losses::default();
    out.write_all(b"[\n")?;
    for_each_document(store, progress, |bundle| {
        if summary.documents > 0 {
            out.write_all(b",\n")?;
        }
        // Label Studio numbers tasks from 1; the converter needs an id.
        write_task(out, summary.documents + 1, &bundle)?;
        losses.count(&bundle, DROPS);
        summary.documents += 1;
        summary.spans += bundle.spans.len();
        summary.relations += bundle.relations.len();
        Ok(())
    })?;
    out.write_all(b"\n]\n")?;
    out.flush()?;
    summary.notices = losses.notices("Label Studio JSON");
    Ok(summary)
}

fn write_task(out: &mut dyn Write, task_id: usize, bundle: &Bundle<'_>) -> Result<(), ExportError> {
    let document = &bundle.document;
    write!(out, "{{\"id\":{task_id},\"data\":")?;
    json(
        out,
        &TaskData {
            text: &document.text,
            title: &document.title,
            doc_id: &document.external_id,
        },
    )?;
    out.write_all(b",\"meta\":")?;
    json(out, &document.meta)?;
    let index = CharIndex::new(&document.text);
    // Layers with a status but no span still get their (empty) annotation.
    let mut annotators: Vec<&str> = bundle
        .layers
        .iter()
        .map(|l| l.annotator.as_str())
        .chain(bundle.spans.iter().map(|s| s.data.annotator.as_str()))
        .collect();
    annotators.sort_unstable();
    annotators.dedup();
    let (predictions, people): (Vec<&str>, Vec<&str>) = annotators
        .into_iter()
        .partition(|name| *name == PREDICTIONS_LAYER);
    out.write_all(b",\"annotations\":[")?;
    for (n, annotator) in people.iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"{\"completed_by\":")?;
        json(out, annotator)?;
        out.write_all(b",\"result\":[")?;
        write_results(out, bundle, &index, annotator)?;
        out.write_all(b"]}")?;
    }
    out.write_all(b"]")?;
    if !predictions.is_empty() {
        out.write_all(b",\"predictions\":[{\"model_version\":\"glossator\",\"result\":[")?;
        write_results(out, bundle, &index, PREDICTIONS_LAYER)?;
        out.write_all(b"]}]")?;
    }
    out.write_all(b"}")?;
    Ok(())
}

/// The regions and relations of `annotator`'s layer.
fn write_results(
    out: &mut dyn Write,
    bundle: &Bundle<'_>,
    index: &CharIndex<'_>,
    annotator: &str,
) -> Result<(), ExportError> {
    let mut first = true;
    let mut separator = |out: &mut dyn Write| -> std::io::Result<()> {
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        Ok(())
    };
    for span in bundle
        .spans
        .iter()
        .filter(|s| s.data.annotator == annotator)
    {
        separator(out)?;
        let note = span.data.note.as_str();
        json(
            out,
            &Region {
                id: format!("s{}", span.id),
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: RegionValue {
                    start: span.start_char(),
                    end: span.end_char(),
                    text: bundle.span_text(index, span)?,
                    labels: [bundle.label_name(span)],
                },
                meta: (!note.is_empty()).then_some(RegionMeta { text: [note] }),
            },
        )?;
    }
    for relation in bundle
        .relations
        .iter()
        .filter(|r| r.data.annotator == annotator)
    {
        separator(out)?;
        json(
            out,
            &RelationItem {
                from_id: format!("s{}", relation.data.from_span),
                to_id: format!("s{}", relation.data.to_span),
                kind: "relation",
                direction: "right",
                labels: [bundle.schema.label_name(relation.data.label_id)],
            },
        )?;
    }
    Ok(())
}

fn json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), ExportError> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)?;
    Ok(())
}
