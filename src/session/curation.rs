//! Curation through the session: the open document's candidates, and the
//! curator's edits (accept, reject, accept all agreed) as undoable steps.
//! The layers are read afresh for each edit, so a decision is always made
//! on what the project holds, not on what the view last drew.

use std::collections::HashMap;

use super::edit::Outcome;
use super::Session;
use crate::curate::{
    accept_all_agreed, accept_candidate, reject_candidate, span_candidates, DocumentCandidates,
};
use crate::edit::{Command, EditError};
use crate::model::{DocumentId, DocumentLayers, LabelId, SpanKey};
use crate::store::{now_ms, CurationReads as _, StoreError};

/// The open document's layers as curation reads them, and its candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenCuration {
    pub layers: DocumentLayers,
    pub candidates: DocumentCandidates,
}

impl Session {
    /// The open document's layers and candidates (every annotator but gold
    /// and predictions voting); None when no document is open.
    pub fn open_curation(&self) -> Result<Option<OpenCuration>, StoreError> {
        let Some(id) = self.open_id() else {
            return Ok(None);
        };
        let Some(layers) = self.store().curation_layers(&[id])?.into_iter().next() else {
            return Ok(None);
        };
        let candidates = span_candidates(&layers, None);
        Ok(Some(OpenCuration { layers, candidates }))
    }

    /// Keeps the document list's counts in the project, so the next count
    /// reads them instead of computing them again.
    pub fn keep_curation_progress(
        &mut self,
        progress: &HashMap<DocumentId, usize>,
    ) -> Result<(), StoreError> {
        crate::curate::store_curation_progress(&mut self.store, progress)
    }

    /// Accepts the candidate at `key` into gold, with `label` instead of its
    /// own when given.
    pub(super) fn accept_candidate_edit(
        &mut self,
        key: SpanKey,
        label: Option<LabelId>,
    ) -> Result<Outcome, EditError> {
        let curation = self.curation_or_refuse()?;
        let Some(command) = accept_candidate(
            self.schema(),
            &curation.layers,
            &curation.candidates,
            key,
            label,
            now_ms(),
        ) else {
            return Ok(gone());
        };
        self.perform(command)?;
        let name = self.schema().label_name(label.unwrap_or(key.label));
        let text = self.candidate_text(key);
        Ok(Outcome::say(format!(
            "Accepted “{text}” as {name} into gold (Ctrl+Z takes it back)"
        )))
    }

    pub(super) fn reject_candidate_edit(&mut self, key: SpanKey) -> Result<Outcome, EditError> {
        let curation = self.curation_or_refuse()?;
        if crate::curate::candidates::find_candidate(&curation.candidates, key).is_none() {
            return Ok(gone());
        }
        self.perform(reject_candidate(&curation.layers, key, now_ms()))?;
        let name = self.schema().label_name(key.label);
        let text = self.candidate_text(key);
        Ok(Outcome::say(format!(
            "Rejected “{text}” as {name}: not proposed again here (Ctrl+Z takes it back)"
        )))
    }

    pub(super) fn accept_all_agreed_edit(&mut self) -> Result<Outcome, EditError> {
        let curation = self.curation_or_refuse()?;
        let Some(command) = accept_all_agreed(
            self.schema(),
            &curation.layers,
            &curation.candidates,
            now_ms(),
        ) else {
            return Ok(Outcome::say(
                "No candidate left here that every annotator agrees on",
            ));
        };
        let n = match &command {
            Command::Batch(accepted) => accepted.len(),
            _ => 1,
        };
        self.perform(command)?;
        Ok(Outcome::say(format!(
            "Accepted {n} candidate{} every annotator agrees on (Ctrl+Z takes {} back)",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them all" }
        )))
    }

    /// The open document's curation, or why there is none to edit.
    fn curation_or_refuse(&self) -> Result<OpenCuration, EditError> {
        self.open_curation()?.ok_or(EditError::NoDocumentOpen)
    }

    fn candidate_text(&self, key: SpanKey) -> String {
        self.open()
            .map(|o| super::ellipsize(&o.slice(key.start_char, key.end_char), 40))
            .unwrap_or_default()
    }
}

/// The view asked about a candidate the project no longer has (its votes
/// changed since the frame was drawn): nothing is done, and it says so.
fn gone() -> Outcome {
    Outcome::say("That candidate is no longer proposed here: nothing was changed")
}
