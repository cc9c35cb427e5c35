use crate::model::words::grapheme_boundaries;
use crate::model::{
    Document, DocumentId, DocumentStatus, Relation, RelationId, Schema, Span, SpanId, TextDirection,
};
use crate::store::{LayerReads, Reader, Store, StoreError};

/// The document being annotated, with everything the view needs of it.
pub struct OpenDocument {
    pub document: Document,
    /// Whose layer of the document this is.
    pub annotator: String,
    /// That layer's status (`new` while there is no layer).
    pub status: DocumentStatus,
    /// The text as code points: offsets index it directly.
    pub chars: Vec<char>,
    /// Grapheme cluster boundaries (code point offsets), for selections.
    pub graphemes: Vec<usize>,
    /// The layer's spans, in text order (start, end, label order, id).
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
    /// Bumped on every change of spans or relations, for caches.
    pub version: u64,
    /// View › Text direction, as the project keeps it for this document.
    pub direction: TextDirection,
}

impl OpenDocument {
    /// Document `id` with `annotator`'s layer of it.
    pub fn load(
        store: &Store,
        id: DocumentId,
        annotator: &str,
    ) -> Result<Option<Self>, StoreError> {
        let Some(document) = store.document(id)? else {
            return Ok(None);
        };
        let chars = document.text.chars().collect();
        let graphemes = grapheme_boundaries(&document.text);
        let direction = store
            .project_meta(&TextDirection::meta_key(id))?
            .map(|key| TextDirection::from_key(&key))
            .unwrap_or_default();
        Ok(Some(Self {
            direction,
            annotator: annotator.to_string(),
            status: store
                .layer_status(id, annotator)?
                .unwrap_or(DocumentStatus::New),
            spans: store.layer_spans_of(id, annotator)?,
            relations: store.layer_relations_of(id, annotator)?,
            document,
            chars,
            graphemes,
            version: 0,
        }))
    }

    /// Brings the named spans and relations up to date from the store, in
    /// place: an edit re-reads what it touched, not the document's 20,000
    /// spans. Keeps the order `spans_of` gives (start, end, label order, id).
    pub fn update_annotations(
        &mut self,
        store: &Store,
        schema: &Schema,
        spans: &[SpanId],
        relations: &[RelationId],
    ) -> Result<(), StoreError> {
        let label_order = |span: &Span| {
            schema
                .label(span.label_id())
                .map_or(i64::MAX, |l| l.sort_order)
        };
        let key = |span: &Span| {
            (
                span.start_char(),
                span.end_char(),
                label_order(span),
                span.id,
            )
        };
        for &id in spans {
            self.spans.retain(|s| s.id != id);
            match store.span(id)? {
                Some(span)
                    if span.data.document_id == self.document.id
                        && span.data.annotator == self.annotator =>
                {
                    let at = self.spans.partition_point(|s| key(s) < key(&span));
                    self.spans.insert(at, span);
                }
                // Deleted: the relations at it went with it.
                _ => self
                    .relations
                    .retain(|r| r.data.from_span != id && r.data.to_span != id),
            }
        }
        for &id in relations {
            self.relations.retain(|r| r.id != id);
            if let Some(relation) = store.relation(id)? {
                if relation.data.document_id == self.document.id
                    && relation.data.annotator == self.annotator
                {
                    let at = self.relations.partition_point(|r| r.id < relation.id);
                    self.relations.insert(at, relation);
                }
            }
        }
        self.version += 1;
        Ok(())
    }

    pub fn relation(&self, id: crate::model::RelationId) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    /// `text[start:end]` in code points.
    pub fn slice(&self, start_char: usize, end_char: usize) -> String {
        let end = end_char.min(self.chars.len());
        self.chars[start_char.min(end)..end].iter().collect()
    }

    /// The text a span covers ("" when it is not in this document).
    pub fn span_text(&self, id: SpanId) -> String {
        self.span(id)
            .map(|s| self.slice(s.start_char(), s.end_char()))
            .unwrap_or_default()
    }

    /// The innermost (shortest) span covering `offset_chars`, after `after` in
    /// the order shortest-first when given (to cycle through nested spans).
    pub fn spans_at(&self, offset_chars: usize) -> Vec<SpanId> {
        let mut covering: Vec<&Span> = self
            .spans
            .iter()
            .filter(|s| s.start_char() <= offset_chars && offset_chars < s.end_char())
            .collect();
        covering.sort_by_key(|s| (s.end_char() - s.start_char(), s.start_char()));
        covering.into_iter().map(|s| s.id).collect()
    }
}
