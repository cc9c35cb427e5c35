//! What each action does. Edits go to the session as one undoable step and
//! come back with a sentence for the status line; view changes are methods
//! of the view state; the rest opens windows and starts background work.

use std::path::PathBuf;

use super::GlossatorApp;
use crate::model::{DocumentId, DocumentStatus};
use crate::session::schema::SchemaChange;
use crate::session::{Edit, Session};
use crate::store::Store;
use crate::ui::action::DialogKind;
use crate::ui::action::{Action, Password};
use crate::ui::article::{ArticleState, ArticleView};
use crate::ui::command::UiCommand;
use crate::ui::error::UiError;
use crate::ui::jobs::Job;
use crate::ui::panels::documents::DocumentList;
use crate::ui::panels::inspector::Inspector;
use crate::ui::windows::layer_source::LayerSource;

use crate::ui::panels::search::{SearchIn, SearchPanel};
use crate::ui::windows::server_project::ServerProjectWindow;
use crate::ui::windows::tag_all::TagAllWindow;

impl GlossatorApp {
    pub(super) fn try_apply(&mut self, action: Action) -> Result<(), UiError> {
        match action {
            Action::Edit(edit) => {
                let decides = matches!(
                    edit,
                    Edit::AcceptCandidate { .. }
                        | Edit::RejectCandidate(_)
                        | Edit::AcceptRelationCandidate { .. }
                        | Edit::RejectRelationCandidate(_)
                );
                self.apply_edit(edit)?;
                if decides {
                    self.after_decision();
                }
            }
            Action::StopCurating => self.stop_curating()?,
            Action::RunCuration {
                strategy,
                mode,
                confirmed,
            } => self.run_curation(strategy, mode, confirmed)?,
            Action::Command(command) => self.run_command(command)?,
            Action::OpenDocument(id) => self.open_document(id)?,
            Action::ReviewDisagreements {
                document,
                annotators,
            } => {
                self.open_document(document)?;
                // The compared layers are what the review is about: shown
                // even in a blind project (the owner is reviewing, not annotating).
                self.layers_view.show();
                self.review = Some(annotators);
                self.review_at = None;
                self.step_disagreement(true)?;
            }
            Action::SelectSpan { span, scroll } => {
                self.article_state
                    .select_span(span, self.session.open(), scroll)
            }
            Action::SelectRelation(relation) => self.article_state.select_relation(relation),
            Action::PickRelationType { from, to } => {
                let (usable, _) = self.session.relation_types_for(from, to);
                match usable.as_slice() {
                    [only] => self.apply_edit(Edit::CreateRelation {
                        from,
                        to,
                        label: *only,
                        any_labels: false,
                    })?,
                    _ => self.article_state.ask_relation_type(from, to),
                }
            }
            Action::Import(paths) => {
                let project = self.project_location()?;
                let annotator = self.session.annotator().to_string();
                self.start_job(|ctx| Job::import(project, paths, annotator, ctx))?;
            }
            Action::Export { path, format } => {
                let project = self.project_location()?;
                self.start_job(|ctx| Job::export(project, path, format, ctx))?;
            }
            Action::SaveCopy(path) => {
                self.project_location()?;
                if self.session.store().is_own_file(&path) {
                    return Err(UiError::CopyOntoItself(path));
                }
                if path.exists() {
                    self.windows.ask_to_replace(path);
                } else {
                    self.try_apply(Action::ReplaceWithCopy(path))?;
                }
            }
            Action::ReplaceWithCopy(path) => {
                // A server project too: its copy is a new project file.
                let project = self.project_location()?;
                self.start_job(|ctx| Job::save_copy(project, path, ctx))?;
            }
            Action::NewProject(path) => {
                self.refuse_while_importing(UiError::Busy)?;
                self.new_project(path)?
            }
            Action::OpenProject(path) => {
                self.refuse_while_importing(UiError::Busy)?;
                self.open_project(path)?
            }
            Action::OpenServerProject { url, password } => {
                self.refuse_while_importing(UiError::Busy)?;
                self.open_server_project(&url, password)
            }
            Action::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Action::OpenHit {
                document,
                start,
                end,
            } => {
                self.open_document(document)?;
                self.article_state.select_span(None, None, false);
                self.article_state.set_selected_range(start, end);
                self.article_state.scroll_to(start);
            }
            Action::DismissError => self.status.dismiss(),
            // While curating, gold stays the layer: a new name takes effect
            // when curating stops.
            Action::SwitchAnnotator if self.curation.is_active() => {}
            Action::SwitchAnnotator => {
                let before = self.session.annotator().to_string();
                self.session.set_annotator(self.settings.annotator_name())?;
                if self.session.annotator() != before {
                    self.status.info(format!(
                        "Showing {}'s layer (undo history starts afresh)",
                        self.session.annotator()
                    ));
                }
            }
            Action::ShowDialog(kind) => {
                let project = self.session.path_buf();
                let memory = self.settings.dialog_memory(project.as_deref());
                self.windows
                    .open_dialog(kind, &self.ctx, &memory, project.as_deref());
            }
            Action::ChangeSchema(change) => {
                self.refuse_while_importing(UiError::EditsPaused)?;
                if !self.remove_label_in_background(&change)? {
                    self.session.change_schema_by(change)?;
                    self.windows.schema_editor.reset_drafts();
                }
            }
            Action::ImportSchema(path) => {
                self.refuse_while_importing(UiError::EditsPaused)?;
                let imported = self.session.import_schema(&path)?;
                self.windows.schema_editor.reset_drafts();
                self.status.info(imported.to_string());
            }
            Action::AskRenameDocument(id) => self.ask_rename_document(id)?,
            Action::AskDeleteDocument(id) => self.ask_delete_document(id)?,
            Action::DeleteDocument(id) => self.delete_document(id)?,
            Action::SetStatusOf(id, status) => self.set_status_of(id, status)?,
            Action::RunSuggestions { config, filter } => self.run_suggestions(config, filter)?,
            Action::ExportSchema(path) => {
                self.session.export_schema(&path)?;
                self.status
                    .info(format!("Wrote the schema to {}", path.display()));
            }
            Action::FontHint(hint) => self.status.info(hint),
            Action::SetTextDirection(direction) => {
                self.session.set_text_direction(direction)?;
                self.status.info(format!(
                    "Text direction of this document: {}",
                    direction.menu_text().to_lowercase()
                ));
            }
        }
        Ok(())
    }

    /// An edit through the session, then the view follows what it did.
    /// While an import holds the project, a note waits for it and every
    /// other edit is refused at once (the window never waits on the lock).
    pub(super) fn apply_edit(&mut self, edit: Edit) -> Result<(), UiError> {
        if let Some(title) = self.project_job() {
            if matches!(
                edit,
                Edit::SetSpanNote { .. } | Edit::SetRelationNote { .. }
            ) {
                self.held_notes.push(edit);
                self.status.info(format!(
                    "The note is kept; it is saved when “{title}” finishes"
                ));
                return Ok(());
            }
            return Err(UiError::EditsPaused(title));
        }
        self.article_state.before_edit(&edit);
        let outcome = self.session.apply(edit.clone())?;
        self.article_state
            .after_edit(&edit, outcome.created, self.session.open());
        if let Some(message) = outcome.message {
            self.status.info(message);
        }
        Ok(())
    }

    /// Removing a label used by many annotations runs in the background,
    /// with progress; returns whether it was started there.
    fn remove_label_in_background(&mut self, change: &SchemaChange) -> Result<bool, UiError> {
        let SchemaChange::Remove(id, replacement) = *change else {
            return Ok(false);
        };
        let Some(project) = self.session.location() else {
            return Ok(false);
        };
        if !self.session.label_removal_is_long(id)? {
            return Ok(false);
        }
        self.session.check_label_removal(id, replacement)?;
        let schema = self.session.schema();
        let named = |id| (id, schema.label_name(id).to_string());
        let (label, replacement) = (named(id), replacement.map(named));
        self.start_job(|ctx| Job::remove_label(project, label, replacement, ctx))?;
        Ok(true)
    }

    fn run_command(&mut self, command: UiCommand) -> Result<(), UiError> {
        let dialog = |kind| Action::ShowDialog(kind);
        match command {
            UiCommand::NewProject => self.try_apply(dialog(DialogKind::NewProject))?,
            UiCommand::OpenProject => self.try_apply(dialog(DialogKind::OpenProject))?,
            UiCommand::OpenServerProject => {
                self.windows.server_project.opened();
                self.windows.server_project_open = true;
            }
            UiCommand::Import => self.try_apply(dialog(DialogKind::Import))?,
            UiCommand::Export => self.try_apply(dialog(DialogKind::Export))?,
            UiCommand::SaveCopy => self.try_apply(dialog(DialogKind::SaveCopy))?,
            UiCommand::BackUpNow => {
                if self.session.store().engine() == crate::store::engine::Engine::Postgres {
                    return Err(UiError::BackupOnServer);
                }
                if self.backups.is_running() {
                    return Err(UiError::BackupRunning);
                }
                self.backups
                    .start(&self.session, self.settings.backups_kept, &self.ctx);
                self.announce_backup = true;
            }
            UiCommand::Quit => self.ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => self.apply_edit(Edit::Undo)?,
            UiCommand::Redo => self.apply_edit(Edit::Redo)?,
            UiCommand::LabelSchema => self.windows.schema_editor_open = true,
            UiCommand::MarkDoneAndNext => {
                self.apply_edit(Edit::SetDocumentStatus(DocumentStatus::Done))?;
                match self.session.next_unfinished() {
                    Some(id) => self.open_document(id)?,
                    None => self.status.info("Marked done. Every document is done."),
                }
            }
            UiCommand::NextDocument | UiCommand::PreviousDocument => {
                let step = if command == UiCommand::NextDocument {
                    1
                } else {
                    -1
                };
                if let Some(id) = self.session.neighbour_document(step) {
                    self.open_document(id)?;
                }
            }
            UiCommand::NextUnfinished => self.open_unfinished(1)?,
            UiCommand::PreviousUnfinished => self.open_unfinished(-1)?,
            UiCommand::RenameDocument | UiCommand::DeleteDocument => {
                let id = self
                    .session
                    .open_id()
                    .ok_or(crate::edit::EditError::NoDocumentOpen)?;
                if command == UiCommand::RenameDocument {
                    self.ask_rename_document(id)?;
                } else {
                    self.ask_delete_document(id)?;
                }
            }
            UiCommand::BiggerText => self.settings.change_font_size(1.0),
            UiCommand::SmallerText => self.settings.change_font_size(-1.0),
            UiCommand::Preferences => self.windows.preferences_open = true,
            UiCommand::Agreement => {
                let source = LayerSource::of(&self.session)?;
                self.windows.agreement.start(&self.ctx, source);
                self.windows.agreement_open = true;
            }
            UiCommand::Statistics => {
                let source = LayerSource::of(&self.session)?;
                self.windows.statistics.start(&self.ctx, source);
                self.windows.statistics_open = true;
            }
            UiCommand::NextDisagreement => self.step_disagreement(true)?,
            UiCommand::PreviousDisagreement => self.step_disagreement(false)?,

            UiCommand::Shortcuts => self.windows.shortcuts_open ^= true,

            UiCommand::FindInDocument | UiCommand::FindInCorpus => {
                let scope = if command == UiCommand::FindInCorpus {
                    SearchIn::Corpus
                } else {
                    SearchIn::Document
                };
                let selected = self.session.open().and_then(|open| {
                    let (start, end) = self.article_state.selected_range()?;
                    Some(open.slice(start, end))
                });
                self.search.start(scope, selected);
            }
            UiCommand::NextHit | UiCommand::PreviousHit => {
                let step = if command == UiCommand::NextHit { 1 } else { -1 };
                match self.search.step(step) {
                    Some(action) => self.try_apply(action)?,
                    None => self.status.info("No search hits: Ctrl+F searches"),
                }
            }
            UiCommand::TagAllOccurrences => self.open_tag_all()?,
            UiCommand::Suggestions
            | UiCommand::AcceptSuggestion
            | UiCommand::RejectSuggestion
            | UiCommand::AcceptAllSuggestions => self.suggestion_command(command)?,
            UiCommand::Curate
            | UiCommand::NextCandidate
            | UiCommand::PreviousCandidate
            | UiCommand::AcceptCandidate
            | UiCommand::RejectCandidate
            | UiCommand::AcceptAllAgreeing => self.curation_command(command)?,
            UiCommand::SpanStartEarlier
            | UiCommand::SpanStartLater
            | UiCommand::SpanEndEarlier
            | UiCommand::SpanEndLater => {
                // From a menu or a test: the article's keys make the edit
                // themselves (they know Ctrl, for a move by word).
                let edit = self.session.open().zip(self.article_state.selected_span());
                if let Some(edit) = edit.and_then(|(open, span)| {
                    crate::ui::article::boundaries::boundary_edit(command, false, open, span)
                }) {
                    self.apply_edit(edit)?;
                }
            }
        }
        Ok(())
    }

    /// Tag all occurrences of the selected span's text, with its label.
    fn open_tag_all(&mut self) -> Result<(), UiError> {
        let open = self.session.open().ok_or(UiError::NoSpanSelected)?;
        let span = self
            .article_state
            .selected_span()
            .and_then(|id| open.span(id))
            .ok_or(UiError::NoSpanSelected)?;
        self.windows.tag_all = Some(TagAllWindow::new(
            open.slice(span.start_char(), span.end_char()),
            span.label_id(),
            Some(open.document.id),
            self.search.hit_documents(),
        ));
        Ok(())
    }

    pub(super) fn open_document(&mut self, id: DocumentId) -> Result<(), UiError> {
        self.session.open_document(id)?;
        // ↓ in the document filter opens the next match: the typing stays
        // in the filter, so a second ↓ goes on down the list.
        let typing = self.ctx.text_edit_focused();
        self.article_state = self.article_state.for_new_document(!typing);
        if let (Some(path), Some(open)) = (self.session.location(), self.session.open_id()) {
            self.settings.remember_document(&path, open.0);
        }
        Ok(())
    }

    pub(super) fn open_initial_document(&mut self) {
        let remembered = self
            .session
            .location()
            .and_then(|p| self.settings.last_document(&p))
            .and_then(|id| self.session.documents().iter().find(|d| d.id.0 == id))
            .map(|d| d.id);
        if let Some(id) = remembered.or_else(|| self.session.documents().first().map(|d| d.id)) {
            self.apply_action(Action::OpenDocument(id));
        }
    }

    fn new_project(&mut self, path: PathBuf) -> Result<(), UiError> {
        if path.exists() {
            return Err(UiError::ProjectExists(path));
        }
        self.replace_session(Session::open_project(&path)?);
        self.status.info(format!("Created {}", path.display()));
        Ok(())
    }

    fn open_project(&mut self, path: PathBuf) -> Result<(), UiError> {
        // A recent server project: its failures (a password to ask for)
        // belong in the server window.
        if let crate::store::ProjectLocation::Server(url) =
            crate::store::ProjectLocation::from(path.as_path())
        {
            self.open_server_project(&url, None);
            return Ok(());
        }
        let annotator = self.settings.annotator_name();
        let (store, read_only) = Store::open_or_read_only_as(&path, annotator.as_deref())?;
        self.replace_session(Session::new(store)?);
        self.status.info(match read_only {
            Some(reason) => format!("Opened {} read-only: {reason}", path.display()),
            None => format!("Opened {}", path.display()),
        });
        Ok(())
    }

    /// Opens the server project at `url`; a failure is shown once, in the
    /// Open server project window (which asks for the password when the
    /// server wants one and none was found), never in the status line too.
    fn open_server_project(&mut self, url: &str, password: Option<Password>) {
        let password = password.as_ref().map(|p| p.0.as_str());
        match Store::open_server_with_password(url, password).and_then(Session::new) {
            Ok(session) => {
                self.windows.server_project_open = false;
                self.windows.server_project = Default::default();
                self.replace_session(session);
                self.status.info(format!(
                    "Opened {} as {}",
                    crate::store::engine::redact(url),
                    self.session.annotator()
                ));
            }
            Err(err) => {
                let wants_password = err.wants_password();
                let why = if err.password_missing() {
                    format!(
                        "{} asks for a password, and none was found in the URL, PGPASSWORD or ~/.pgpass",
                        crate::store::engine::redact(url)
                    )
                } else {
                    err.to_string()
                };
                if self.windows.server_project_open {
                    self.windows.server_project.failed(why, wants_password);
                } else {
                    self.windows.server_project = ServerProjectWindow::retry(
                        &crate::store::engine::redact(url),
                        why,
                        wants_password,
                    );
                    self.windows.server_project_open = true;
                }
            }
        }
    }

    /// Where a job opens the project again (a file or a server's URL).
    fn project_location(&self) -> Result<PathBuf, UiError> {
        self.session.location().ok_or(UiError::NotSaved)
    }

    /// Saves a note typed and not yet saved, into the project open now (the
    /// next one has other span ids).
    pub(super) fn save_pending_notes(&mut self) {
        for action in self.inspector.close_notes() {
            if let Action::Edit(edit) = action {
                if let Err(err) = self.apply_edit(edit) {
                    self.status.error(err);
                }
            }
        }
    }

    fn replace_session(&mut self, session: Session) {
        self.close_project();
        self.session = session;
        if let Err(err) = self.session.set_annotator(self.settings.annotator_name()) {
            self.status.error(err);
        }
        self.fail_fast_on_a_busy_project();
        self.start_live();
        // Every view cache belongs to one project: span and document ids,
        // text lengths and versions repeat between projects, so a cache kept
        // across would draw the old project's layout and relations.
        self.project_epoch += 1;
        self.article = ArticleView::default();
        self.article_state = ArticleState::default();
        self.documents = DocumentList::default();
        self.inspector = Inspector::default();
        // The report, the charts and the disagreements under review were the old
        // project's.
        self.review = None;
        self.review_at = None;
        self.windows.agreement = Default::default();
        self.windows.statistics = Default::default();

        self.status.forget_documents();

        self.search = SearchPanel::default();
        self.windows.tag_all = None;
        self.layers_view.reset();
        self.backups.reset();
        self.suggestions.reset();
        self.curation.stop();
        self.curation_progress = Default::default();
        self.curate_window = Default::default();
        self.curate_window_open = false;
        if let Some(path) = self.session.location() {
            self.settings.remember_project(&path);
        }
        self.open_initial_document();
    }
}
