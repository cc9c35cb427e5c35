//! What every exporter walks: each document with its spans and relations, in
//! project order, with progress and cancel in one place.

use crate::formats::ExportError;
use crate::model::layer::combined_status;
use crate::model::{CharIndex, Document, DocumentStatus, LayerSummary, Relation, Schema, Span};
use crate::store::Reader;

/// One document and its annotations, as exporters see them.
pub struct Bundle<'a> {
    pub document: Document,
    /// The layers exported (one for a one-layer export), by annotator.
    pub layers: Vec<LayerSummary>,
    /// One status for the document: the exported layer's, or for several
    /// layers [`combined_status`].
    pub status: DocumentStatus,
    /// In text order.
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
    pub schema: &'a Schema,
}

impl Bundle<'_> {
    /// `text[start:end]` of a span; an error if the store holds a span outside its text.
    pub fn span_text<'t>(
        &self,
        index: &CharIndex<'t>,
        span: &Span,
    ) -> Result<&'t str, ExportError> {
        index
            .slice(span.start_char(), span.end_char())
            .ok_or_else(|| {
                ExportError::Corrupt(format!(
                    "span {} ({}..{}) lies outside document {:?}",
                    span.id,
                    span.start_char(),
                    span.end_char(),
                    self.document.external_id
                ))
            })
    }

    pub fn label_name(&self, span: &Span) -> &str {
        self.schema.label_name(span.label_id())
    }
}

/// Calls `each` for every document in project order. `progress(done, total)`
/// returning false cancels.
pub fn for_each_document(
    store: &impl Reader,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    mut each: impl FnMut(Bundle<'_>) -> Result<(), ExportError>,
) -> Result<usize, ExportError> {
    let _snapshot = store.snapshot()?;
    let schema = store.schema()?;
    let ids = store.document_ids()?;
    let total = ids.len();
    for (done, id) in ids.into_iter().enumerate() {
        if !progress(done, total) {
            return Err(ExportError::Cancelled);
        }
        let Some(document) = store.document(id)? else {
            continue;
        };
        let spans = store.spans_of(id)?;
        check_offsets(&document, &spans)?;
        let layers = store.exported_layers(id)?;
        each(Bundle {
            status: combined_status(&layers),
            layers,
            spans,
            relations: store.relations_of(id)?,
            document,
            schema: &schema,
        })?;
    }
    progress(total, total);
    Ok(total)
}

/// Refuses a span outside its document's text (hand-made damage the schema's
/// checks did not stop): no format writes an offset its reader cannot use.
/// The text is counted, not its stored `len_chars`, which may be wrong too.
fn check_offsets(document: &Document, spans: &[Span]) -> Result<(), ExportError> {
    let mut len_chars = None;
    for span in spans {
        let len = *len_chars.get_or_insert_with(|| document.text.chars().count());
        if span.start_char() >= span.end_char() || span.end_char() > len {
            return Err(ExportError::SpanOutsideText {
                document: document.external_id.clone(),
                span: span.id,
                start: span.start_char() as i64,
                end: span.end_char() as i64,
                len_chars: len,
            });
        }
    }
    Ok(())
}
