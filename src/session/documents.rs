//! The document list's changes that are not annotation edits: deleting a
//! document, and moving between the unfinished ones.

use super::Session;
use crate::edit::EditError;
use crate::model::{DocumentId, DocumentStatus};
use crate::store::{DocumentQueries, DocumentWeight};

impl Session {
    /// What deleting `id` would lose, for the question asked first.
    pub fn document_weight(&self, id: DocumentId) -> Result<DocumentWeight, EditError> {
        Ok(self.store.document_weight(id)?)
    }

    /// Deletes a document with its spans and relations, in one transaction.
    /// It cannot be undone (the user confirmed, told what is lost), and the
    /// undo history goes: its steps may name the document's spans. When it
    /// was open, the one after it (else before) opens.
    pub fn delete_document(&mut self, id: DocumentId) -> Result<DocumentWeight, EditError> {
        let position = self
            .documents
            .iter()
            .position(|d| d.id == id)
            .ok_or(EditError::NoSuchDocument(id))?;
        let weight = self.store.document_weight(id)?;
        self.store.write(|tx| tx.delete_document(id))?;
        self.history.clear();
        self.changes += 1;
        self.documents.remove(position);
        if self.open_id() == Some(id) {
            self.open = None;
            let next = self
                .documents
                .get(position)
                .or_else(|| position.checked_sub(1).and_then(|p| self.documents.get(p)))
                .map(|d| d.id);
            if let Some(next) = next {
                self.open_document(next)?;
            }
        }
        Ok(weight)
    }

    /// The nearest document after (`step` 1) or before (-1) the open one
    /// that is not done, wrapping around the list; never the open one.
    pub fn unfinished_neighbour(&self, step: isize) -> Option<DocumentId> {
        let n = self.documents.len();
        let open = self
            .open_id()
            .and_then(|id| self.documents.iter().position(|d| d.id == id));
        let start = open.unwrap_or(if step > 0 { n.saturating_sub(1) } else { 0 });
        (1..=n)
            .map(|i| {
                let offset = (i % n.max(1)) as isize * step.signum();
                (start as isize + offset).rem_euclid(n.max(1) as isize) as usize
            })
            .map(|p| &self.documents[p])
            .find(|d| d.status != DocumentStatus::Done && Some(d.id) != self.open_id())
            .map(|d| d.id)
    }
}
