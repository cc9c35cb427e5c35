//! What each action does. Edits go to the session as one undoable step and
//! come back with a sentence for the status line; view changes are methods
//! of the view state; the rest opens windows and starts background work.

use std::path::PathBuf;

use super::GlossatorApp;
use crate::model::{DocumentId, DocumentStatus};
use crate::session::{Edit, Session};
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::action::DialogKind;
use crate::ui::article::{ArticleState, ArticleView};
use crate::ui::command::UiCommand;
use crate::ui::error::UiError;
use crate::ui::jobs::Job;
use crate::ui::panels::documents::DocumentList;
use crate::ui::panels::inspector::Inspector;

impl GlossatorApp {
    pub(super) fn try_apply(&mut self, action: Action) -> Result<(), UiError> {
        match action {
            Action::Edit(edit) => self.apply_edit(edit)?,
            Action::Command(command) => self.run_command(command)?,
            Action::OpenDocument(id) => self.open_document(id)?,
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
                let project = self.project_path()?;
                let annotator = self.session.annotator().to_string();
                self.start_job(|ctx| Job::import(project, paths, annotator, ctx))?;
            }
            Action::Export { path, format } => {
                let project = self.project_path()?;
                self.start_job(|ctx| Job::export(project, path, format, ctx))?;
            }
            Action::SaveCopy(path) => {
                self.project_path()?;
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
                let project = self.project_path()?;
                self.start_job(|ctx| Job::save_copy(project, path, ctx))?;
            }
            Action::NewProject(path) => self.new_project(path)?,
            Action::OpenProject(path) => self.open_project(path)?,
            Action::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Action::DismissError => self.status.dismiss(),
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
            Action::ShowDialog(kind) => self.windows.open_dialog(kind, &self.ctx),
            Action::ChangeSchema(change) => {
                self.session.change_schema_by(change)?;
                self.windows.schema_editor.reset_drafts();
            }
            Action::ImportSchema(path) => {
                let imported = self.session.import_schema(&path)?;
                self.windows.schema_editor.reset_drafts();
                self.status.info(imported.to_string());
            }
            Action::ExportSchema(path) => {
                self.session.export_schema(&path)?;
                self.status
                    .info(format!("Wrote the schema to {}", path.display()));
            }
        }
        Ok(())
    }

    /// An edit through the session, then the view follows what it did.
    fn apply_edit(&mut self, edit: Edit) -> Result<(), UiError> {
        self.article_state.before_edit(&edit);
        let outcome = self.session.apply(edit.clone())?;
        self.article_state
            .after_edit(&edit, outcome.created, self.session.open());
        if let Some(message) = outcome.message {
            self.status.info(message);
        }
        Ok(())
    }

    fn run_command(&mut self, command: UiCommand) -> Result<(), UiError> {
        let dialog = |kind| Action::ShowDialog(kind);
        match command {
            UiCommand::NewProject => self.try_apply(dialog(DialogKind::NewProject))?,
            UiCommand::OpenProject => self.try_apply(dialog(DialogKind::OpenProject))?,
            UiCommand::Import => self.try_apply(dialog(DialogKind::Import))?,
            UiCommand::Export => self.try_apply(dialog(DialogKind::Export))?,
            UiCommand::SaveCopy => self.try_apply(dialog(DialogKind::SaveCopy))?,
            UiCommand::BackUpNow => {
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
            UiCommand::BiggerText => self.settings.change_font_size(1.0),
            UiCommand::SmallerText => self.settings.change_font_size(-1.0),
            UiCommand::Preferences => self.windows.preferences_open = true,
            UiCommand::Shortcuts => self.windows.shortcuts_open = true,
        }
        Ok(())
    }

    fn open_document(&mut self, id: DocumentId) -> Result<(), UiError> {
        self.session.open_document(id)?;
        // ↓ in the document filter opens the next match: the typing stays
        // in the filter, so a second ↓ goes on down the list.
        let typing = self.ctx.text_edit_focused();
        self.article_state = self.article_state.for_new_document(!typing);
        if let (Some(path), Some(open)) = (self.session.path_buf(), self.session.open_id()) {
            self.settings.remember_document(&path, open.0);
        }
        Ok(())
    }

    pub(super) fn open_initial_document(&mut self) {
        let remembered = self
            .session
            .path()
            .and_then(|p| self.settings.last_document(p))
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
        let annotator = self.settings.annotator_name();
        let (store, read_only) = Store::open_or_read_only_as(&path, annotator.as_deref())?;
        self.replace_session(Session::new(store)?);
        self.status.info(match read_only {
            Some(reason) => format!("Opened {} read-only: {reason}", path.display()),
            None => format!("Opened {}", path.display()),
        });
        Ok(())
    }

    fn project_path(&self) -> Result<PathBuf, UiError> {
        self.session.path_buf().ok_or(UiError::NotSaved)
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
        // Every view cache belongs to one project: span and document ids,
        // text lengths and versions repeat between projects, so a cache kept
        // across would draw the old project's layout and relations.
        self.project_epoch += 1;
        self.article = ArticleView::default();
        self.article_state = ArticleState::default();
        self.documents = DocumentList::default();
        self.inspector = Inspector::default();
        self.backups.reset();
        if let Some(path) = self.session.path_buf() {
            self.settings.remember_project(&path);
        }
        self.open_initial_document();
    }
}
