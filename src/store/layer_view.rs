//! One layer of a project, read as if it were the whole project: what an
//! export of one layer (`--layer ana`) reads, so no exporter needs to know
//! about layers.

use super::engine::Db;

use super::read::{Connected, Inside};
use super::{LayerReads, Reader, StoreError};
use crate::model::{DocumentId, LayerSummary, Relation, Span};

/// A [`Reader`] that sees only `annotator`'s layers: its spans, relations and
/// statuses; documents, labels and everything else as the project has them.
pub struct LayerView<'r, R: Reader + ?Sized> {
    inner: &'r R,
    annotator: String,
}

impl<'r, R: Reader + ?Sized> LayerView<'r, R> {
    pub fn new(inner: &'r R, annotator: &str) -> Self {
        Self {
            inner,
            annotator: annotator.to_string(),
        }
    }

    pub fn annotator(&self) -> &str {
        &self.annotator
    }
}

impl<R: Reader + ?Sized> Connected for LayerView<'_, R> {
    fn connection(&self, inside: Inside) -> &Db {
        self.inner.connection(inside)
    }
}

impl<R: Reader + ?Sized> Reader for LayerView<'_, R> {
    fn spans_of(&self, document: DocumentId) -> Result<Vec<Span>, StoreError> {
        self.inner.layer_spans_of(document, &self.annotator)
    }

    fn relations_of(&self, document: DocumentId) -> Result<Vec<Relation>, StoreError> {
        self.inner.layer_relations_of(document, &self.annotator)
    }

    fn exported_layers(&self, document: DocumentId) -> Result<Vec<LayerSummary>, StoreError> {
        Ok(self
            .inner
            .layers_of(document)?
            .into_iter()
            .filter(|layer| layer.annotator == self.annotator)
            .collect())
    }
}
