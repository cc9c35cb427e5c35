//! Which of the app's windows are open, and drawing them in turn.

use std::path::Path;

use egui::Context;

use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::action::DialogKind;
use crate::ui::article::ArticleState;
use crate::ui::windows::agreement::AgreementWindow;

use crate::ui::settings::{DialogMemory, Settings};
use crate::ui::windows::document_tools::{DeleteDocumentWindow, RenameDocumentWindow};
use crate::ui::windows::path_dialog::{native_dialogs_available, PathDialog};
use crate::ui::windows::preferences::PreferencesWindow;
use crate::ui::windows::relation_picker::RelationPicker;
use crate::ui::windows::replace_copy::ReplaceCopyWindow;
use crate::ui::windows::schema_editor::SchemaEditor;
use crate::ui::windows::server_project::ServerProjectWindow;
use crate::ui::windows::shortcuts::ShortcutsWindow;
use crate::ui::windows::statistics::StatisticsWindow;

use crate::ui::windows::tag_all::TagAllWindow;

#[derive(Default)]
pub(super) struct Windows {
    /// The path dialog asked for last (one at a time).
    dialog: Option<PathDialog>,
    /// The dialog last confirmed, until what it asked for has worked: when
    /// it fails (an import that cannot read a file) the dialog comes back
    /// with the path as typed.
    submitted: Option<PathDialog>,
    /// Save a copy as… onto a file that exists, waiting for a yes.
    replace_copy: Option<ReplaceCopyWindow>,
    /// Rename document…, while asking for the title.
    pub rename_document: Option<RenameDocumentWindow>,
    /// Delete document…, waiting for a yes.
    pub delete_document: Option<DeleteDocumentWindow>,
    pub shortcuts_open: bool,
    pub preferences_open: bool,
    pub schema_editor_open: bool,
    pub schema_editor: SchemaEditor,
    pub agreement_open: bool,
    pub agreement: AgreementWindow,
    pub statistics_open: bool,
    pub statistics: StatisticsWindow,

    /// File › Open server project…, and whether it shows.
    pub server_project: ServerProjectWindow,
    pub server_project_open: bool,
    /// Edit › Tag all occurrences…, while open.
    pub tag_all: Option<TagAllWindow>,
}

impl Windows {
    /// Opens a path dialog where this project's last one ended (folder,
    /// export format), straight to the native one where the desktop can
    /// show it.
    pub fn open_dialog(
        &mut self,
        kind: DialogKind,
        ctx: &Context,
        memory: &DialogMemory,
        project: Option<&Path>,
    ) {
        let mut dialog = PathDialog::remembering(kind, memory, project);
        if native_dialogs_available() {
            dialog.browse(ctx);
        }
        self.dialog = Some(dialog);
        self.submitted = None;
    }

    /// What the confirmed dialog asked for has finished: on failure the
    /// dialog comes back as it was confirmed, unless another is open.
    pub fn dialog_finished(&mut self, succeeded: bool) {
        let submitted = self.submitted.take();
        if !succeeded && self.dialog.is_none() {
            self.dialog = submitted.map(|mut dialog| {
                dialog.focus();
                dialog
            });
        }
    }

    /// Asks before a copy replaces the file at `path`.
    pub fn ask_to_replace(&mut self, path: std::path::PathBuf) {
        self.replace_copy = Some(ReplaceCopyWindow::new(path));
    }

    /// A path dialog, or a question, is open (it has the keys).
    pub fn path_dialog_open(&self) -> bool {
        self.dialog.is_some()
            || self.replace_copy.is_some()
            || self.rename_document.is_some()
            || self.delete_document.is_some()
    }

    /// Esc closes the shortcut list, read before the article sees it.
    pub fn shortcuts_keys(&mut self, ctx: &Context) {
        ShortcutsWindow.keys(ctx, &mut self.shortcuts_open);
    }

    /// The relation picker's keys, read before the article sees them.
    pub fn relation_picker_keys(
        &self,
        ctx: &Context,
        session: &Session,
        state: &mut ArticleState,
    ) -> Option<Action> {
        let (from, to) = state.picking()?;
        let mut open = true;
        let picked = RelationPicker::new(session, from, to).keys(ctx, &mut open);
        if !open {
            state.cancel_draft();
        }
        picked
    }

    /// The relation type picker, beside the two spans (`beside`: their
    /// rectangles on screen), while a relation waits for its type.
    pub fn relation_picker(
        &self,
        ctx: &Context,
        session: &Session,
        state: &mut ArticleState,
        beside: Vec<egui::Rect>,
    ) -> Option<Action> {
        let (from, to) = state.picking()?;
        let mut open = true;
        let picked = RelationPicker::new(session, from, to)
            .beside(beside)
            .show(ctx, &mut open);
        if !open {
            state.cancel_draft();
        }
        picked
    }

    /// Draws every open window; returns what they asked for.
    pub fn show(
        &mut self,
        ctx: &Context,
        session: &mut Session,
        settings: &mut Settings,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(dialog) = &mut self.dialog {
            let mut open = true;
            let confirmed = dialog.show(ctx, &mut open);
            if let (Some(_), Some(project)) = (&confirmed, session.path()) {
                settings.remember_dialog(project, dialog.remembered());
            }
            if !open {
                self.submitted = self.dialog.take().filter(|_| confirmed.is_some());
            }
            actions.extend(confirmed);
        }
        if let Some(window) = &self.replace_copy {
            let mut open = true;
            actions.extend(window.show(ctx, &mut open));
            if !open {
                self.replace_copy = None;
            }
        }
        if let Some(window) = &mut self.rename_document {
            let mut open = true;
            actions.extend(window.show(ctx, &mut open));
            if !open {
                self.rename_document = None;
            }
        }
        if let Some(window) = &self.delete_document {
            let mut open = true;
            actions.extend(window.show(ctx, &mut open));
            if !open {
                self.delete_document = None;
            }
        }
        actions.extend(
            self.schema_editor
                .show(ctx, &mut self.schema_editor_open, session),
        );
        if let Some(window) = &mut self.tag_all {
            let mut open = true;
            actions.extend(window.show(ctx, &mut open, session));
            if !open {
                self.tag_all = None;
            }
        }
        ShortcutsWindow.show(ctx, &mut self.shortcuts_open);
        if self.server_project_open {
            actions.extend(self.server_project.show(ctx, &mut self.server_project_open));
        }
        if self.agreement_open {
            actions.extend(self.agreement.show(ctx, &mut self.agreement_open));
        }
        if self.statistics_open {
            self.statistics.show(ctx, &mut self.statistics_open);
        }
        if self.preferences_open {
            PreferencesWindow {
                settings,
                backups_folder: session.path().map(crate::store::backups_folder),
                server_role: session.store().server_user().map(str::to_string),
            }
            .show(ctx, &mut self.preferences_open);
            // The name takes effect when the window closes: switching layers
            // at each typed letter would forget the undo history each time.
            if !self.preferences_open {
                actions.push(Action::SwitchAnnotator);
            }
        }
        actions
    }
}
