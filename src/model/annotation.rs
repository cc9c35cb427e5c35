use std::collections::BTreeMap;

use super::{DocumentId, LabelId, RelationId, SpanId};

/// Attribute values of a span, by attribute name.
pub type Attributes = BTreeMap<String, String>;

/// A span as the user made it, before (or apart from) its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanData {
    pub document_id: DocumentId,
    /// Code point offset, inclusive.
    pub start_char: usize,
    /// Code point offset, exclusive.
    pub end_char: usize,
    pub label_id: LabelId,
    pub attributes: Attributes,
    /// With `document_id`, the layer the span belongs to.
    pub annotator: String,
    pub note: String,
}

/// A stored span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub id: SpanId,
    pub data: SpanData,
}

impl Span {
    pub fn start_char(&self) -> usize {
        self.data.start_char
    }

    pub fn end_char(&self) -> usize {
        self.data.end_char
    }

    pub fn label_id(&self) -> LabelId {
        self.data.label_id
    }
}

/// A directed, labelled link between two spans of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationData {
    pub document_id: DocumentId,
    pub from_span: SpanId,
    pub to_span: SpanId,
    pub label_id: LabelId,
    /// With `document_id`, the layer; both ends are spans of that layer.
    pub annotator: String,
    pub note: String,
}

/// A stored relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: RelationId,
    pub data: RelationData,
}
