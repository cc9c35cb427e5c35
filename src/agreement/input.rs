//! What the agreement report reads: every annotator's layers of every document, as
//! plain data. The store fills it (`store::read_agreement_input`), tests build it by
//! hand; nothing here knows where layers are kept.

use crate::model::{Attributes, DocumentId, DocumentStatus};

/// The whole project as the report sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreementInput {
    /// Every annotator with a layer, sorted by name; layers refer to them by index.
    pub annotators: Vec<String>,
    /// Span labels in the schema's order: stacked spans keep the first, and spans refer
    /// to labels by index into this list.
    pub labels: Vec<String>,
    /// Relation types; relations refer to them by index.
    pub relation_labels: Vec<String>,
    /// The attributes the schema defines, in its order (label by label).
    pub attributes: Vec<AttributeKey>,
    /// In project order: αU lays them end to end in this order.
    pub documents: Vec<InputDocument>,
}

/// An attribute of a span label, as `LABEL.name` in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeKey {
    /// Index into [`AgreementInput::labels`].
    pub label: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InputDocument {
    /// The row the app opens when the user clicks the document in the report.
    pub id: DocumentId,
    pub external_id: String,
    pub len_chars: u32,
    /// At most one per annotator.
    pub layers: Vec<InputLayer>,
}

/// One annotator's annotation of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct InputLayer {
    /// Index into [`AgreementInput::annotators`].
    pub annotator: u32,
    /// Only a `Done` layer is compared; any other contributes nothing.
    pub status: DocumentStatus,
    pub spans: Vec<InputSpan>,
    pub relations: Vec<InputRelation>,
}

/// A span: code point offsets into the document, end-exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSpan {
    pub start: u32,
    pub end: u32,
    /// Index into [`AgreementInput::labels`].
    pub label: u32,
    pub attributes: Attributes,
}

/// A relation between two spans of the same layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputRelation {
    /// Index into [`AgreementInput::relation_labels`].
    pub label: u32,
    /// Indexes into the layer's `spans`.
    pub from: u32,
    pub to: u32,
}

/// What to compare: `None` is everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Annotators by name (`--annotators a,b`); at least two when given.
    pub annotators: Option<Vec<String>>,
    /// Span labels by name (`--labels EVENT,ACTOR`): spans of other labels, relations
    /// touching them and their attributes are left out of every measure.
    pub labels: Option<Vec<String>>,
}
