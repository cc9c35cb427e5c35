//! The agreement report's input, read from a schema version 2 project: the one place
//! that knows what a "layer" is in the database.
//!
//! Version 2 has no layers: a layer here is the spans (and relations) of one
//! annotator in one document, spans without an annotator belonging to the current
//! annotator; every annotator has a layer of every document, and its status is the
//! document's status (there is one). Layers with their own status (issue 17) replace
//! this one function.

use std::collections::HashMap;

use rusqlite::OptionalExtension as _;

use super::read::Conn;
use super::{Reader, StoreError};
use crate::agreement::{
    AgreementInput, AttributeKey, InputDocument, InputLayer, InputRelation, InputSpan,
};
use crate::model::{Attributes, DocumentId, DocumentStatus};

/// Who owns unassigned spans when no annotator is current (the command line).
pub const UNASSIGNED_ANNOTATOR: &str = "unassigned";

/// Whose layer a span (or relation) of the open document belongs to: its annotator,
/// or the current one when it names none (the same rule as [`read_agreement_input`]).
pub fn layer_of<'a>(annotator: Option<&'a str>, current_annotator: &'a str) -> &'a str {
    annotator.unwrap_or(current_annotator)
}

/// Reads every annotator's layers of every document, in project order.
/// `current_annotator` owns the spans and relations that name no annotator.
pub fn read_agreement_input<R: Reader + ?Sized>(
    reader: &R,
    current_annotator: &str,
) -> Result<AgreementInput, StoreError> {
    let _snapshot = reader.snapshot()?;
    let conn = reader.conn();
    let schema = reader.schema()?;
    let labels: Vec<String> = schema.span_labels().map(|l| l.name.clone()).collect();
    let label_index: HashMap<i64, u32> = schema
        .span_labels()
        .enumerate()
        .map(|(index, label)| (label.id.0, index as u32))
        .collect();
    let relation_labels: Vec<String> = schema.relation_labels().map(|l| l.name.clone()).collect();
    let relation_index: HashMap<i64, u32> = schema
        .relation_labels()
        .enumerate()
        .map(|(index, label)| (label.id.0, index as u32))
        .collect();
    let attributes: Vec<AttributeKey> = schema
        .attributes
        .iter()
        .filter_map(|def| {
            Some(AttributeKey {
                label: *label_index.get(&def.label_id.0)?,
                name: def.name.clone(),
            })
        })
        .collect();

    // Annotators by name; the current one only when something is unassigned.
    let mut annotators: Vec<String> = conn
        .prepare("SELECT name FROM annotators")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let unassigned: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM spans WHERE annotator_id IS NULL
             UNION ALL SELECT 1 FROM relations WHERE annotator_id IS NULL LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if unassigned.is_some() && !annotators.iter().any(|name| name == current_annotator) {
        annotators.push(current_annotator.to_string());
    }
    annotators.sort();
    let by_name: HashMap<&str, u32> = annotators
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index as u32))
        .collect();
    let mut annotator_index: HashMap<Option<i64>, u32> = HashMap::new();
    let mut statement = conn.prepare("SELECT id, name FROM annotators")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let name: String = row.get(1)?;
        annotator_index.insert(Some(row.get(0)?), by_name[name.as_str()]);
    }
    if let Some(&current) = by_name.get(current_annotator) {
        annotator_index.insert(None, current);
    }

    let mut documents = Vec::new();
    let mut document_index: HashMap<i64, usize> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT id, external_id, len_chars, status FROM documents ORDER BY sort_order, id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let external_id: String = row.get(1)?;
        let len_chars = offset(&external_id, row.get(2)?)?;
        let status: String = row.get(3)?;
        let status = DocumentStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown document status {status:?}")))?;
        document_index.insert(id, documents.len());
        documents.push(InputDocument {
            id: DocumentId(id),
            external_id,
            len_chars,
            layers: (0..annotators.len() as u32)
                .map(|annotator| InputLayer {
                    annotator,
                    status,
                    spans: Vec::new(),
                    relations: Vec::new(),
                })
                .collect(),
        });
    }

    let mut span_attributes: HashMap<i64, Attributes> = HashMap::new();
    let mut statement = conn.prepare("SELECT span_id, name, value FROM span_attributes")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        span_attributes
            .entry(row.get(0)?)
            .or_default()
            .insert(row.get(1)?, row.get(2)?);
    }
    // Span id → (document, layer, index in the layer), for relations; a map of every
    // span costs ~100 MB at 3,000,000 spans, so only when there are relations.
    let any_relations: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM relations)", [], |row| {
            row.get(0)
        })?;
    let mut span_place: HashMap<i64, (usize, u32, u32)> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT id, document_id, start_char, end_char, label_id, annotator_id FROM spans",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let (Some(&document), Some(&label), Some(&annotator)) = (
            document_index.get(&row.get::<_, i64>(1)?),
            label_index.get(&row.get::<_, i64>(4)?),
            annotator_index.get(&row.get::<_, Option<i64>>(5)?),
        ) else {
            continue; // foreign keys and the check make this unreachable
        };
        let document_entry = &mut documents[document];
        let start = offset(&document_entry.external_id, row.get(2)?)?;
        let end = offset(&document_entry.external_id, row.get(3)?)?;
        let layer = &mut document_entry.layers[annotator as usize];
        if any_relations {
            span_place.insert(id, (document, annotator, layer.spans.len() as u32));
        }
        layer.spans.push(InputSpan {
            start,
            end,
            label,
            attributes: span_attributes.remove(&id).unwrap_or_default(),
        });
    }

    let mut statement = conn.prepare("SELECT from_span_id, to_span_id, label_id FROM relations")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (Some(&(document, from_layer, from)), Some(&(_, to_layer, to)), Some(&label)) = (
            span_place.get(&row.get::<_, i64>(0)?),
            span_place.get(&row.get::<_, i64>(1)?),
            relation_index.get(&row.get::<_, i64>(2)?),
        ) else {
            continue;
        };
        // A relation belongs to the layer of the spans it joins (imports often leave
        // its own annotator empty); one between two annotators' spans has no layer.
        if from_layer != to_layer {
            continue;
        }
        documents[document].layers[from_layer as usize]
            .relations
            .push(InputRelation { label, from, to });
    }
    Ok(AgreementInput {
        annotators,
        labels,
        relation_labels,
        attributes,
        documents,
    })
}

/// An offset or length as the report keeps it (u32: four billion characters).
fn offset(document: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| {
        StoreError::Corrupt(format!(
            "document {document:?}: offset {value} is negative or past 4,294,967,295 characters"
        ))
    })
}
