//! Hand-made curation projects for the curation tests: documents, layers
//! with their status, spans by label name, in memory or in a file.
#![allow(dead_code)]

use glossator::edit::{apply, Command};
use glossator::model::{
    Attributes, DocumentId, DocumentStatus, LabelId, LabelKind, RelationData, SpanData, SpanId,
};
use glossator::store::{NewDocument, Reader, Store};

/// A document of `len` characters ("x" repeated), external id `doc-N`.
pub fn add_document(store: &mut Store, n: usize, len: usize) -> DocumentId {
    let text = "x".repeat(len) + &n.to_string();
    let hash = format!("hash-{n}");
    let external = format!("doc-{n}");
    let meta = serde_json::Map::new();
    store
        .write(|tx| {
            tx.insert_document(&NewDocument {
                external_id: &external,
                title: &external,
                text: &text,
                len_chars: text.chars().count(),
                content_hash: &hash,
                meta: &meta,
            })
        })
        .expect("document inserted")
}

pub fn label(store: &Store, name: &str) -> LabelId {
    let schema = store.schema().expect("schema");
    let kind = if name.chars().all(|c| c.is_ascii_lowercase()) {
        LabelKind::Relation
    } else {
        LabelKind::Span
    };
    schema
        .label_by_name(kind, name)
        .unwrap_or_else(|| panic!("no label {name}"))
        .id
}

/// Adds a span to `annotator`'s layer; attributes as (name, value) pairs.
pub fn span(
    store: &mut Store,
    document: DocumentId,
    annotator: &str,
    (start, end, label_name): (usize, usize, &str),
    attributes: &[(&str, &str)],
    note: &str,
) -> SpanId {
    let label_id = label(store, label_name);
    let attributes: Attributes = attributes
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let command = Command::AddSpan {
        id: None,
        span: SpanData {
            document_id: document,
            start_char: start,
            end_char: end,
            label_id,
            attributes,
            annotator: annotator.to_string(),
            note: note.to_string(),
        },
        relations: Vec::new(),
    };
    apply(store, &command)
        .expect("span added")
        .created_span()
        .expect("a new span")
}

pub fn relation(
    store: &mut Store,
    document: DocumentId,
    annotator: &str,
    from: SpanId,
    to: SpanId,
    name: &str,
) {
    let label_id = label(store, name);
    apply(
        store,
        &Command::AddRelation {
            id: None,
            relation: RelationData {
                document_id: document,
                from_span: from,
                to_span: to,
                label_id,
                annotator: annotator.to_string(),
                note: String::new(),
            },
            any_labels: true,
        },
    )
    .expect("relation added");
}

pub fn finish(store: &mut Store, document: DocumentId, annotator: &str) {
    set_status(store, document, annotator, DocumentStatus::Done);
}

pub fn set_status(
    store: &mut Store,
    document: DocumentId,
    annotator: &str,
    status: DocumentStatus,
) {
    apply(
        store,
        &Command::SetDocumentStatus {
            id: document,
            annotator: annotator.to_string(),
            status,
        },
    )
    .expect("status set");
}
