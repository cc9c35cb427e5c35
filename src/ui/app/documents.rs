//! The document tools: rename, delete (after a question naming what is
//! lost), the status menu, and moving to the next or previous unfinished
//! document.

use super::GlossatorApp;
use crate::formats::import::plural;
use crate::model::{DocumentId, DocumentStatus};
use crate::session::Edit;
use crate::ui::error::UiError;
use crate::ui::windows::document_tools::{DeleteDocumentWindow, RenameDocumentWindow};

impl GlossatorApp {
    fn title_of(&self, id: DocumentId) -> Result<String, UiError> {
        self.session
            .documents()
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.title.clone())
            .ok_or(UiError::Edit(crate::edit::EditError::NoSuchDocument(id)))
    }

    pub(super) fn ask_rename_document(&mut self, id: DocumentId) -> Result<(), UiError> {
        let title = self.title_of(id)?;
        self.windows.rename_document = Some(RenameDocumentWindow::new(id, &title));
        Ok(())
    }

    pub(super) fn ask_delete_document(&mut self, id: DocumentId) -> Result<(), UiError> {
        let title = self.title_of(id)?;
        let weight = self.session.document_weight(id)?;
        self.windows.delete_document = Some(DeleteDocumentWindow::new(id, &title, weight));
        Ok(())
    }

    pub(super) fn delete_document(&mut self, id: DocumentId) -> Result<(), UiError> {
        self.refuse_while_importing(UiError::EditsPaused)?;
        let title = self.title_of(id)?;
        let was_open = self.session.open_id();
        let lost = self.session.delete_document(id)?;
        if self.session.open_id() != was_open {
            self.article_state = self.article_state.for_new_document(true);
        }
        self.status.info(format!(
            "Deleted “{title}” with its {} and {}",
            plural(lost.spans, "span"),
            plural(lost.relations, "relation")
        ));
        Ok(())
    }

    /// The list's status menu: opens the document, then sets its status
    /// (one undoable step, like Mark done).
    pub(super) fn set_status_of(
        &mut self,
        id: DocumentId,
        status: DocumentStatus,
    ) -> Result<(), UiError> {
        self.open_document(id)?;
        self.apply_edit(Edit::SetDocumentStatus(status))
    }

    /// Alt+Shift+↓ / ↑: the nearest document not done, wrapping around.
    pub(super) fn open_unfinished(&mut self, step: isize) -> Result<(), UiError> {
        match self.session.unfinished_neighbour(step) {
            Some(id) => self.open_document(id),
            None => {
                self.status.info("No other document is unfinished");
                Ok(())
            }
        }
    }
}
