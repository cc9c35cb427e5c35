//! Plain data types: documents, labels, spans, relations and offsets.
//! No egui, no SQL: everything here can be built and checked in a unit test.

mod annotation;
pub mod curation;
mod document;
mod ids;
pub mod layer;
pub mod limits;
pub mod schema;
mod schema_fit;
pub mod schema_rules;
mod suggestion;
pub mod text;
mod text_direction;
pub mod validate;
pub mod words;

pub use annotation::{Attributes, Relation, RelationData, Span, SpanData};
pub use curation::{
    AnnotatorLayer, Decision, DocumentLayers, Origin, Provenance, RelationKey, SpanKey, Verdict,
};
pub use document::{Document, DocumentStatus, DocumentSummary};
pub use ids::{DocumentId, LabelId, RelationId, SpanId};
pub use layer::{LayerSummary, GOLD_LAYER, PREDICTIONS_LAYER, UNKNOWN_ANNOTATOR};
pub use schema::{AttributeDef, AttributeKind, Label, LabelKind, RelationRule, Schema};
pub use suggestion::{NewSuggestion, SourceTally, Suggestion, SuggestionId, SuggestionStatus};
pub use text::CharIndex;
pub use text_direction::TextDirection;
