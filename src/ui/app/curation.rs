//! Curation in the window: entering and leaving curation mode (gold becomes
//! the layer the article edits), the candidates kept current, their keys,
//! and the document list's progress.

use egui::{Key, Modifiers};

use super::GlossatorApp;
use crate::curate::{CurateOptions, GoldMode, Strategy};
use crate::model::GOLD_LAYER;
use crate::session::Edit;
use crate::store::CurationReads as _;
use crate::ui::action::Action;
use crate::ui::command::UiCommand;
use crate::ui::curation::walk::later_end;
use crate::ui::curation::{Stop, Target};
use crate::ui::error::UiError;
use crate::ui::jobs::Job;

impl GlossatorApp {
    /// Before the panels: the candidates follow the session, the article
    /// gets what to draw, and a label key on a candidate is read (before the
    /// article's, which would tag the selection).
    pub(super) fn curation_before_panels(&mut self, actions: &mut Vec<Action>) {
        let keep = self.project_job().is_none();
        if let Err(error) = self
            .curation_progress
            .tick(&mut self.session, &self.ctx, keep)
        {
            self.status.error(error);
        }
        if let Err(error) = self.curation.refresh(&mut self.session) {
            self.status.error(error);
        }
        let dark = self.ctx.theme() == egui::Theme::Dark;
        self.article.show_candidates(self.curation.overlay(
            &self.session,
            &self.article_state,
            dark,
        ));
        if self.curation_keys_live() {
            actions.extend(self.label_key_on_candidate());
        }
    }

    /// Whether curation's keys act now: curating, not typing, no path dialog,
    /// no relation being drawn (Tab picks its target then).
    pub(super) fn curation_keys_live(&self) -> bool {
        self.curation.is_active()
            && !self.ctx.text_edit_focused()
            && !self.windows.path_dialog_open()
            && self.article_state.relation_from().is_none()
    }

    /// A label's key (no modifier) on a span candidate accepts it as that
    /// label; on a relation candidate, 1–9 accept it as the type the
    /// relation picker numbers so (relation types have no keys of their own).
    fn label_key_on_candidate(&self) -> Option<Action> {
        let pressed = |key: Key| self.ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        match self.curation.target(&self.session, &self.article_state)? {
            Target::Span(candidate) => {
                let key = candidate.key;
                let label = self.session.schema().span_labels().find_map(|label| {
                    let shortcut = label.shortcut.as_deref().and_then(Key::from_name)?;
                    pressed(shortcut).then_some(label.id)
                })?;
                Some(Action::Edit(Edit::AcceptCandidate {
                    key,
                    label: (label != key.label).then_some(label),
                }))
            }
            Target::Relation(candidate) => {
                let key = candidate.key;
                let label = self
                    .curation
                    .relation_types(&self.session, key)
                    .into_iter()
                    .take(9)
                    .enumerate()
                    .find_map(|(n, label)| {
                        let digit = Key::from_name(&(n + 1).to_string())?;
                        pressed(digit).then_some(label)
                    })?;
                Some(Action::Edit(Edit::AcceptRelationCandidate {
                    key,
                    label: (label != key.label).then_some(label),
                }))
            }
        }
    }

    pub(super) fn curation_command(&mut self, command: UiCommand) -> Result<(), UiError> {
        if command == UiCommand::Curate {
            // With a document open, curation mode (its bar opens the
            // strategies); else, or when curating already, the strategies.
            if self.curation.is_active() || self.session.open().is_none() {
                self.curate_window_open = true;
            } else {
                self.start_curating()?;
            }
            return Ok(());
        }
        if !self.curation.is_active() {
            self.status
                .info("Project › Curate… first: these keys act on curation candidates");
            return Ok(());
        }
        match command {
            UiCommand::NextCandidate | UiCommand::PreviousCandidate => {
                self.step_candidate(command == UiCommand::NextCandidate);
            }
            UiCommand::AcceptCandidate | UiCommand::RejectCandidate => {
                let Some(target) = self.curation.target(&self.session, &self.article_state) else {
                    self.status
                        .info("No undecided candidate here: Tab goes to the next one");
                    return Ok(());
                };
                let accept = command == UiCommand::AcceptCandidate;
                let edit = match (target.stop(), accept) {
                    (Stop::Span(key), true) => Edit::AcceptCandidate { key, label: None },
                    (Stop::Span(key), false) => Edit::RejectCandidate(key),
                    (Stop::Relation(key), true) => {
                        Edit::AcceptRelationCandidate { key, label: None }
                    }
                    (Stop::Relation(key), false) => Edit::RejectRelationCandidate(key),
                };
                self.apply_edit(edit)?;
                self.after_decision();
            }
            UiCommand::AcceptAllAgreeing => self.apply_edit(Edit::AcceptAllAgreed)?,
            _ => {}
        }
        Ok(())
    }

    /// A decision was made on the current candidate: on to the next one.
    pub(super) fn after_decision(&mut self) {
        if let Err(error) = self.curation.refresh(&mut self.session) {
            self.status.error(error);
            return;
        }
        if self.curation.undecided(&self.session) > 0 {
            self.step_candidate(true);
        }
    }

    /// Selects the next (previous) undecided candidate and scrolls to it.
    fn step_candidate(&mut self, forward: bool) {
        let Some(stop) = self
            .curation
            .step(&self.session, forward, &self.article_state)
        else {
            self.status.info(if self.curation.is_ready(&self.session) {
                "Every candidate here is decided"
            } else {
                "Nothing to curate here: fewer than two annotators finished this document"
            });
            return;
        };
        self.article_state.select_span(None, None, false);
        match stop {
            Stop::Span(key) => {
                self.article_state
                    .set_selected_range(key.start_char, key.end_char);
                self.article_state.scroll_to(key.start_char);
            }
            Stop::Relation(key) => {
                // Nothing selected (a label key would tag it), the caret at
                // the later end; scrolled to the middle of the arc, so that
                // both ends are in view.
                self.article_state.collapse_to(later_end(key).0);
                let first = key.from.start_char.min(key.to.start_char);
                let last = key.from.end_char.max(key.to.end_char);
                self.article_state.scroll_to(first + (last - first) / 2);
            }
        }
        // Tab may have moved egui's focus to a button: the keys stay the article's.
        self.article_state.focus();
    }

    /// Merge by strategy…, when open.
    pub(super) fn curate_window_ui(&mut self, actions: &mut Vec<Action>) {
        if !self.curate_window_open {
            return;
        }
        let busy = self.job.is_some();
        actions.extend(
            self.curate_window
                .show(&self.ctx, &mut self.curate_window_open, busy),
        );
    }

    /// Runs a strategy over every document in the background; replacing
    /// gold asks first, naming how many gold annotations would go.
    pub(super) fn run_curation(
        &mut self,
        strategy: Strategy,
        mode: GoldMode,
        confirmed: bool,
    ) -> Result<(), UiError> {
        let project = self.session.location().ok_or(UiError::NotSaved)?;
        self.check_may_curate()?;
        if mode == GoldMode::Replace && !confirmed {
            let documents: Vec<_> = self.session.documents().iter().map(|d| d.id).collect();
            let gold = self.session.store().gold_annotation_count(&documents)?;
            self.curate_window.ask_to_replace(gold, strategy);
            self.curate_window_open = true;
            return Ok(());
        }
        let options = CurateOptions {
            strategy,
            annotators: None,
            documents: None,
            mode,
            at_ms: crate::store::now_ms(),
        };
        self.start_job(|ctx| Job::curate(project, options, ctx))
    }

    /// Curation mode: gold is the layer shown and edited, every annotator's
    /// layer drawn beside it. Not in an annotator's package.
    fn start_curating(&mut self) -> Result<(), UiError> {
        self.check_may_curate()?;
        if self.session.open().is_none() {
            return Err(crate::edit::EditError::NoDocumentOpen.into());
        }
        self.session.set_annotator(Some(GOLD_LAYER.to_string()))?;
        self.layers_view.show();
        self.curation.start();
        self.article_state = self.article_state.for_new_document(true);
        self.status.info(
            "Curating into gold (your undo history starts afresh): Tab next candidate, A accept, X reject, a label's key accepts as that label, Ctrl+A accepts all agreed",
        );
        Ok(())
    }

    /// Gold is the project's (not a package's) and, on a server, the
    /// curators' group's: refused here in words, not by a policy error.
    fn check_may_curate(&self) -> Result<(), UiError> {
        if self.session.package_annotator().is_some() {
            return Err(UiError::CurationInPackage);
        }
        if !self.session.store().may_curate()? {
            let role = self.session.store().server_user().unwrap_or_default();
            return Err(UiError::NotACurator(role.to_string()));
        }
        Ok(())
    }

    /// Back to the annotator's own layer.
    pub(super) fn stop_curating(&mut self) -> Result<(), UiError> {
        if !self.curation.is_active() {
            return Ok(());
        }
        self.curation.stop();
        self.session.set_annotator(self.settings.annotator_name())?;
        self.article_state = self.article_state.for_new_document(true);
        self.status.info(format!(
            "Stopped curating: showing {}'s layer (undo history starts afresh)",
            self.session.annotator()
        ));
        Ok(())
    }
}
