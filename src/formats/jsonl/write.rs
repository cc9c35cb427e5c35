use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value};

use super::provenance::{DocumentProvenance, ProvenanceRecord};
use crate::formats::bundle::for_each_document;
use crate::formats::ExportError;
use crate::model::{CharIndex, Schema, GOLD_LAYER};
use crate::store::Reader;

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub documents: usize,
    pub spans: usize,
    pub relations: usize,
    /// What the format could not hold, for the user.
    pub notices: Vec<String>,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    meta: &'a Map<String, Value>,
    status: &'a str,
    /// Each annotator's layer and its status; the spans and relations name
    /// their annotator.
    layers: Vec<LayerRecord<'a>>,
    spans: Vec<SpanRecord<'a>>,
    relations: Vec<RelationRecord<'a>>,
}

#[derive(Serialize)]
struct LayerRecord<'a> {
    annotator: &'a str,
    status: &'a str,
}

#[derive(Serialize)]
struct SpanRecord<'a> {
    id: String,
    start: usize,
    end: usize,
    text: &'a str,
    label: &'a str,
    attributes: Map<String, Value>,
    /// Whose layer the span belongs to (never null: Arrow, in Hugging Face
    /// `datasets`, infers a column's type from the first rows).
    annotator: &'a str,
    note: &'a str,
    /// Gold spans only: how each got into gold, who voted, when.
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<ProvenanceRecord>,
}

#[derive(Serialize)]
struct RelationRecord<'a> {
    id: String,
    from: String,
    to: String,
    label: &'a str,
    /// Whose layer, as for spans.
    annotator: &'a str,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<ProvenanceRecord>,
}

/// Writes every document of the project as one JSON line, in project order.
/// Deterministic: the same project gives the same bytes.
pub fn export_jsonl(
    store: &impl Reader,
    out: &mut impl Write,
) -> Result<ExportSummary, ExportError> {
    export_jsonl_with_progress(store, out, &mut |_, _| true)
}

/// Like [`export_jsonl`], calling `progress(done, total)` before each document;
/// when it returns false the export stops with [`ExportError::Cancelled`].
pub fn export_jsonl_with_progress(
    store: &impl Reader,
    out: &mut impl Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    for_each_document(store, progress, |bundle| {
        let document = &bundle.document;
        let schema = bundle.schema;
        let index = CharIndex::new(&document.text);
        let has_gold = bundle.layers.iter().any(|l| l.annotator == GOLD_LAYER);
        let provenance = DocumentProvenance::read(store, document.id, has_gold)?;
        let mut span_records = Vec::with_capacity(bundle.spans.len());
        for span in &bundle.spans {
            span_records.push(SpanRecord {
                id: format!("s{}", span.id),
                start: span.start_char(),
                end: span.end_char(),
                text: bundle.span_text(&index, span)?,
                label: schema.label_name(span.label_id()),
                attributes: ordered_attributes(schema, span),
                annotator: &span.data.annotator,
                note: &span.data.note,
                provenance: provenance.span(&span.data.annotator, span.id),
            });
        }
        span_records.sort_by(|a, b| {
            (a.start, a.end, a.label, &a.id).cmp(&(b.start, b.end, b.label, &b.id))
        });
        let relation_records: Vec<RelationRecord<'_>> = bundle
            .relations
            .iter()
            .map(|relation| RelationRecord {
                id: format!("r{}", relation.id),
                from: format!("s{}", relation.data.from_span),
                to: format!("s{}", relation.data.to_span),
                label: schema.label_name(relation.data.label_id),
                annotator: &relation.data.annotator,
                note: &relation.data.note,
                provenance: provenance.relation(&relation.data.annotator, relation.id),
            })
            .collect();
        summary.documents += 1;
        summary.spans += span_records.len();
        summary.relations += relation_records.len();
        let record = DocumentRecord {
            id: &document.external_id,
            title: &document.title,
            text: &document.text,
            meta: &document.meta,
            status: bundle.status.as_str(),
            layers: bundle
                .layers
                .iter()
                .map(|layer| LayerRecord {
                    annotator: &layer.annotator,
                    status: layer.status.as_str(),
                })
                .collect(),
            spans: span_records,
            relations: relation_records,
        };
        serde_json::to_writer(&mut *out, &record).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    Ok(summary)
}

/// A span's attributes in the order its label defines them; any others after,
/// by name.
fn ordered_attributes(schema: &Schema, span: &crate::model::Span) -> Map<String, Value> {
    let mut ordered = Map::new();
    for definition in schema.attributes_of(span.label_id()) {
        if let Some(value) = span.data.attributes.get(&definition.name) {
            ordered.insert(definition.name.clone(), Value::String(value.clone()));
        }
    }
    for (name, value) in &span.data.attributes {
        if !ordered.contains_key(name) {
            ordered.insert(name.clone(), Value::String(value.clone()));
        }
    }
    ordered
}
