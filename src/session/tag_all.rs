//! "Tag all occurrences" in a session: the chosen places become spans in
//! one undoable step, and the document list shows their new counts (after
//! the step, its undo and its redo).

use crate::edit::Command;
use crate::edit::EditError;
use crate::model::{DocumentId, LabelId};
use crate::search::tag_all_command;
use crate::store::StoreError;

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
            &self.annotator,
        )?;
        // `perform` refreshes the list rows of every document it tagged in.
        self.perform(command)?;
        let mut documents: Vec<DocumentId> = positions.iter().map(|p| p.0).collect();
        documents.sort_unstable();
        documents.dedup();
        Ok(documents.len())
    }

    /// The document list's rows (status, span count) of `ids`, re-read.
    pub(super) fn refresh_rows(&mut self, ids: &[DocumentId]) -> Result<(), StoreError> {
        for &id in ids {
            let status = crate::store::LayerReads::layer_status(&self.store, id, &self.annotator)?
                .unwrap_or(crate::model::DocumentStatus::New);
            let spans =
                crate::store::LayerReads::layer_spans_of(&self.store, id, &self.annotator)?.len();
            if let Some(row) = self.documents.iter_mut().find(|d| d.id == id) {
                row.status = status;
                row.span_count = spans;
            }
        }
        Ok(())
    }
}

/// The documents whose spans `commands` add, but for `except` (the one the
/// history names, refreshed already): undoing a "tag all" across the corpus
/// changes many rows of the document list.
pub(super) fn other_documents(
    commands: &[&Command],
    except: Option<DocumentId>,
) -> Vec<DocumentId> {
    fn collect(command: &Command, into: &mut Vec<DocumentId>) {
        match command {
            Command::AddSpan { span, .. } => into.push(span.document_id),
            Command::Batch(commands) => commands.iter().for_each(|c| collect(c, into)),
            _ => {}
        }
    }
    let mut documents = Vec::new();
    for command in commands {
        collect(command, &mut documents);
    }
    documents.sort_unstable();
    documents.dedup();
    documents.retain(|id| Some(*id) != except);
    documents
}
