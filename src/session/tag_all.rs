//! "Tag all occurrences" in a session: the chosen places become spans in
//! one undoable step, and the document list shows their new counts.

use crate::edit::EditError;
use crate::model::{DocumentId, LabelId};
use crate::search::tag_all_command;
use crate::store::Reader;

use super::Session;

impl Session {
    /// Tags `positions` (document, start, end) with `label` as one step of
    /// the history (one undo removes them all), as this session's annotator.
    /// Returns how many documents it touched.
    pub fn tag_all(
        &mut self,
        label: LabelId,
        positions: &[(DocumentId, usize, usize)],
    ) -> Result<usize, EditError> {
        let command = tag_all_command(
            self.store(),
            self.schema(),
            label,
            positions,
            self.annotator.as_deref(),
        )?;
        self.perform(command)?;
        let mut documents: Vec<DocumentId> = positions.iter().map(|p| p.0).collect();
        documents.sort_unstable();
        documents.dedup();
        self.refresh_rows(&documents)?;
        Ok(documents.len())
    }

    /// The document list's rows (status, span count) of `ids`, re-read.
    fn refresh_rows(&mut self, ids: &[DocumentId]) -> Result<(), EditError> {
        for &id in ids {
            let status = self.store.document_status(id)?;
            let spans = self.store.spans_of(id)?.len();
            if let (Some(row), Some(status)) =
                (self.documents.iter_mut().find(|d| d.id == id), status)
            {
                row.status = status;
                row.span_count = spans;
            }
        }
        Ok(())
    }
}
