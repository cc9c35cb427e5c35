//! Suggestions in the window: keeping the open document's list current,
//! their keys, Project › Suggestions…, and the commands that accept, reject
//! or run a source.

use super::GlossatorApp;
use crate::session::Edit;
use crate::suggest::{DocumentFilter, SourceConfig};
use crate::ui::action::Action;
use crate::ui::command::UiCommand;
use crate::ui::error::UiError;
use crate::ui::jobs::Job;
use crate::ui::windows::suggestions::SuggestionsView;

impl GlossatorApp {
    /// Before the panels: the list follows the session, the article gets
    /// what to draw, and the suggestion keys are read (before the article's,
    /// which would take Enter and A).
    pub(super) fn suggestions_before_panels(&mut self, actions: &mut Vec<Action>) {
        if let Err(error) = self.suggestions.refresh(&self.session) {
            self.status.error(error);
        }
        self.article
            .show_suggestions(self.suggestions.overlay(&self.article_state));
        self.status.set_suggestions_left(
            self.session
                .open()
                .map(|_| self.suggestions.pending().len()),
        );
        // While curating, A and X are curation's.
        if self.ctx.text_edit_focused()
            || self.windows.path_dialog_open()
            || self.curation.is_active()
        {
            return;
        }
        actions.extend(self.suggestions.keys(&self.ctx, &self.article_state));
    }

    /// Project › Suggestions…, when open.
    pub(super) fn suggestions_window_ui(&mut self, actions: &mut Vec<Action>) {
        if !self.suggestions_window_open {
            return;
        }
        let tallies = self.suggestions.tallies().to_vec();
        let view = SuggestionsView {
            left_in_document: self.suggestions.pending().len(),
            tallies: &tallies,
            busy: self.job.is_some(),
        };
        actions.extend(self.suggestions_window.show(
            &self.ctx,
            &mut self.suggestions_window_open,
            &mut self.suggestions.min_score,
            &view,
        ));
    }

    pub(super) fn suggestion_command(&mut self, command: UiCommand) -> Result<(), UiError> {
        match command {
            UiCommand::AcceptSuggestion | UiCommand::RejectSuggestion => {
                let Some(current) = self.suggestions.current(&self.article_state) else {
                    return Err(UiError::NoSuggestionHere);
                };
                let edit = if command == UiCommand::AcceptSuggestion {
                    Edit::AcceptSuggestions(vec![current.id])
                } else {
                    Edit::RejectSuggestion(current.id)
                };
                self.apply_edit(edit)
            }
            UiCommand::AcceptAllSuggestions => {
                let ids = self.suggestions.above_threshold();
                if ids.is_empty() {
                    self.status.info(format!(
                        "No suggestion here scores {:.2} or more",
                        self.suggestions.min_score
                    ));
                    return Ok(());
                }
                self.apply_edit(Edit::AcceptSuggestions(ids))
            }
            _ => {
                self.suggestions_window_open = true;
                Ok(())
            }
        }
    }

    /// Starts a source in the background; the list refreshes when it ends.
    pub(super) fn run_suggestions(
        &mut self,
        config: SourceConfig,
        filter: DocumentFilter,
    ) -> Result<(), UiError> {
        let project = self.session.location().ok_or(UiError::NotSaved)?;
        let annotator = Some(self.session.annotator().to_string());
        self.start_job(|ctx| Job::suggest(project, config, filter, annotator, ctx))
    }
}
