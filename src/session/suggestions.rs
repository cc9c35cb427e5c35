//! Suggestions in the open document: which are left for this session's
//! annotator, and accepting or rejecting them as undoable steps.

use super::{ellipsize, Outcome, Session};
use crate::edit::{Command, EditError};
use crate::model::{Suggestion, SuggestionId, SuggestionStatus};
use crate::store::{StoreError, SuggestionQueries};
use crate::suggest::accept::{accept_commands, AcceptReport};

impl Session {
    /// The open document's pending suggestions for this session's annotator,
    /// in text order, without those an identical span of theirs already
    /// says (tagged by hand after the run).
    pub fn pending_suggestions(&self) -> Result<Vec<Suggestion>, StoreError> {
        let Some(open) = self.open() else {
            return Ok(Vec::new());
        };
        let annotator = Some(self.annotator.as_str());
        let mut pending = self
            .store()
            .pending_suggestions_of(open.document.id, annotator)?;
        pending.retain(|s| {
            !open.spans.iter().any(|span| {
                span.start_char() == s.start_char
                    && span.end_char() == s.end_char
                    && span.label_id() == s.label_id
                    && Some(span.data.annotator.as_str()) == annotator
            })
        });
        Ok(pending)
    }

    /// Accepts the named suggestions of the open document as one undoable
    /// step: spans of this session's annotator, the suggestions marked
    /// accepted (undo brings them back as suggestions).
    pub(super) fn accept_suggestions(
        &mut self,
        ids: &[SuggestionId],
    ) -> Result<Outcome, EditError> {
        let chosen = self.suggestions_of_open(ids)?;
        if chosen.is_empty() {
            return Ok(Outcome::say("No suggestion to accept here"));
        }
        let mut report = AcceptReport::default();
        let commands = accept_commands(
            self.store(),
            self.schema(),
            &self.annotator,
            &chosen,
            &mut report,
        )?;
        self.perform(Command::Batch(commands))?;
        Ok(Outcome::say(match chosen.as_slice() {
            [one] => format!(
                "Accepted “{}” as {} (Ctrl+Z takes it back)",
                self.open()
                    .map(|o| ellipsize(&o.slice(one.start_char, one.end_char), 60))
                    .unwrap_or_default(),
                self.schema().label_name(one.label_id)
            ),
            many => format!(
                "Accepted {} suggestions (Ctrl+Z takes them back)",
                many.len()
            ),
        }))
    }

    /// Rejects a suggestion of the open document: not proposed again here.
    pub(super) fn reject_suggestion(&mut self, id: SuggestionId) -> Result<Outcome, EditError> {
        let Some(suggestion) = self.suggestions_of_open(&[id])?.into_iter().next() else {
            return Err(EditError::NoSuchSuggestion(id));
        };
        self.perform(Command::SetSuggestionStatus {
            id,
            status: SuggestionStatus::Rejected,
        })?;
        let text = self
            .open()
            .map(|o| ellipsize(&o.slice(suggestion.start_char, suggestion.end_char), 60))
            .unwrap_or_default();
        Ok(Outcome::say(format!(
            "Rejected “{text}” as {}: not suggested again in this document",
            self.schema().label_name(suggestion.label_id)
        )))
    }

    /// The pending suggestions among `ids` in the open document.
    fn suggestions_of_open(&self, ids: &[SuggestionId]) -> Result<Vec<Suggestion>, StoreError> {
        Ok(self
            .pending_suggestions()?
            .into_iter()
            .filter(|s| ids.contains(&s.id))
            .collect())
    }
}
