//! Changes other sessions committed (a team server's other annotators, or
//! another window of the same one), taken into the session without touching
//! the undo history: the document list's rows, the open document, and (when
//! the label schema, the documents or the project changed) everything.

use std::collections::BTreeSet;

use super::open_document::OpenDocument;
use super::Session;
use crate::model::DocumentId;
use crate::store::server::live::{Change, ChangeKind};
use crate::store::StoreError;

/// What other sessions changed since the last look.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutsideChanges {
    /// Read everything again: the schema, the documents or the project
    /// changed, a statement changed too many layers to name them, or
    /// changes may have been missed (the listener reconnected).
    pub everything: bool,
    /// Documents with a layer that changed.
    pub documents: BTreeSet<DocumentId>,
}

impl OutsideChanges {
    pub fn add(&mut self, change: &Change) {
        match (change.kind, change.document_id) {
            (ChangeKind::Layer, Some(document)) => {
                self.documents.insert(DocumentId(document));
            }
            _ => self.everything = true,
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.everything && self.documents.is_empty()
    }
}

impl Session {
    /// Shows what other sessions changed. The open document is read again
    /// when one of its layers changed (its spans keep their ids, so a
    /// selection stays on the same span); the undo history is left as it
    /// is (an undo of something another window changed since fails and
    /// stays put, as any failed undo does).
    pub fn take_outside_changes(&mut self, changes: &OutsideChanges) -> Result<(), StoreError> {
        let version = self.open.as_ref().map_or(0, |open| open.version);
        if changes.everything {
            self.reload()?;
        } else {
            let documents: Vec<DocumentId> = changes.documents.iter().copied().collect();
            self.refresh_rows(&documents)?;
            let Some(id) = self.open_id().filter(|id| changes.documents.contains(id)) else {
                return Ok(());
            };
            self.open = OpenDocument::load(&self.store, id, &self.annotator)?;
            // Other layers drawn beside mine are read again on a new count.
            self.changes += 1;
        }
        // The view's caches (layout, relation routes) key on the version: a
        // document read again must not look unchanged to them.
        if let Some(open) = &mut self.open {
            open.version = version + 1;
        }
        Ok(())
    }
}
