//! The app's view of suggestions: the open document's pending ones (re-read
//! when the document, the project or the annotator changes), the score
//! threshold of "accept all", and the keys that act on them.

use std::sync::Arc;

use crate::model::{DocumentId, SourceTally, Suggestion, SuggestionId};
use crate::session::Session;
use crate::store::{StoreError, SuggestionQueries};
use crate::ui::action::Action;
use crate::ui::article::{ArticleState, SuggestionOverlay};
use crate::ui::command::UiCommand;

/// What the list was read for: another document, change or annotator re-reads it.
type Stamp = (Option<DocumentId>, u64, Option<String>);

pub struct SuggestionsState {
    pending: Arc<[Suggestion]>,
    tallies: Vec<SourceTally>,
    stamp: Option<Stamp>,
    /// Shift+A accepts the suggestions scoring at least this.
    pub min_score: f32,
}

impl Default for SuggestionsState {
    fn default() -> Self {
        Self {
            pending: Arc::from(Vec::new()),
            tallies: Vec::new(),
            stamp: None,
            min_score: 0.5,
        }
    }
}

impl SuggestionsState {
    /// Re-reads the pending suggestions when what they depend on changed.
    pub fn refresh(&mut self, session: &Session) -> Result<(), StoreError> {
        let stamp = (
            session.open_id(),
            session.change_count(),
            Some(session.annotator().to_string()),
        );
        if self.stamp.as_ref() == Some(&stamp) {
            return Ok(());
        }
        // Remembered first: a failing read is reported once, not each frame.
        self.stamp = Some(stamp);
        self.pending = Arc::from(session.pending_suggestions()?);
        self.tallies = session
            .store()
            .suggestion_tallies(Some(session.annotator()))?;
        Ok(())
    }

    /// Forget everything (another project).
    pub fn reset(&mut self) {
        *self = Self {
            min_score: self.min_score,
            ..Self::default()
        };
    }

    pub fn pending(&self) -> &[Suggestion] {
        &self.pending
    }

    pub fn tallies(&self) -> &[SourceTally] {
        &self.tallies
    }

    /// The suggestion Enter, A and X act on: the one matching the selected
    /// text exactly, else the best-scoring one under the caret (the
    /// shortest on a tie).
    pub fn current(&self, state: &ArticleState) -> Option<&Suggestion> {
        if let Some((start, end)) = state.selected_range() {
            if let Some(exact) = self
                .pending
                .iter()
                .find(|s| s.start_char == start && s.end_char == end)
            {
                return Some(exact);
            }
        }
        let caret = state.caret();
        self.pending
            .iter()
            .filter(|s| s.start_char <= caret && caret <= s.end_char)
            .max_by(|a, b| {
                a.score
                    .total_cmp(&b.score)
                    .then((b.end_char - b.start_char).cmp(&(a.end_char - a.start_char)))
            })
    }

    /// Every pending suggestion scoring at least the threshold.
    pub fn above_threshold(&self) -> Vec<SuggestionId> {
        self.pending
            .iter()
            .filter(|s| s.score >= f64::from(self.min_score))
            .map(|s| s.id)
            .collect()
    }

    pub fn overlay(&self, state: &ArticleState) -> SuggestionOverlay {
        SuggestionOverlay {
            suggestions: Arc::clone(&self.pending),
            current: self.current(state).map(|s| s.id),
        }
    }

    /// Enter or A, X and Shift+A, read only when there is a suggestion for
    /// them: otherwise the keys stay the article's (Enter links a relation,
    /// A may be a label's key).
    pub fn keys(&self, ctx: &egui::Context, state: &ArticleState) -> Option<Action> {
        if self.pending.is_empty() || state.relation_from().is_some() {
            return None;
        }
        let at_caret = self.current(state).is_some();
        let usable = |c: UiCommand| {
            c == UiCommand::AcceptAllSuggestions
                || (at_caret
                    && matches!(c, UiCommand::AcceptSuggestion | UiCommand::RejectSuggestion))
        };
        UiCommand::pressed_among(ctx, usable).map(Action::Command)
    }
}
