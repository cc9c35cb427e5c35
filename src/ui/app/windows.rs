//! Which of the app's windows are open, and drawing them in turn.

use egui::Context;

use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::action::DialogKind;
use crate::ui::article::ArticleState;
use crate::ui::settings::Settings;
use crate::ui::windows::path_dialog::{native_dialogs_available, PathDialog};
use crate::ui::windows::preferences::PreferencesWindow;
use crate::ui::windows::relation_picker::RelationPicker;
use crate::ui::windows::replace_copy::ReplaceCopyWindow;
use crate::ui::windows::schema_editor::SchemaEditor;
use crate::ui::windows::shortcuts::ShortcutsWindow;

#[derive(Default)]
pub(super) struct Windows {
    /// The path dialog asked for last (one at a time).
    dialog: Option<PathDialog>,
    /// Save a copy as… onto a file that exists, waiting for a yes.
    replace_copy: Option<ReplaceCopyWindow>,
    pub shortcuts_open: bool,
    pub preferences_open: bool,
    pub schema_editor_open: bool,
    pub schema_editor: SchemaEditor,
}

impl Windows {
    /// Opens a path dialog, straight to the native one where the desktop
    /// can show it.
    pub fn open_dialog(&mut self, kind: DialogKind, ctx: &Context) {
        let mut dialog = PathDialog::new(kind);
        if native_dialogs_available() {
            dialog.browse(ctx);
        }
        self.dialog = Some(dialog);
    }

    /// Asks before a copy replaces the file at `path`.
    pub fn ask_to_replace(&mut self, path: std::path::PathBuf) {
        self.replace_copy = Some(ReplaceCopyWindow::new(path));
    }

    /// A path dialog, or the question it led to, is open (it has the keys).
    pub fn path_dialog_open(&self) -> bool {
        self.dialog.is_some() || self.replace_copy.is_some()
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

    /// Draws every open window; returns what they asked for.
    pub fn show(
        &mut self,
        ctx: &Context,
        session: &mut Session,
        settings: &mut Settings,
        state: &mut ArticleState,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(dialog) = &mut self.dialog {
            let mut open = true;
            actions.extend(dialog.show(ctx, &mut open));
            if !open {
                self.dialog = None;
            }
        }
        if let Some(window) = &self.replace_copy {
            let mut open = true;
            actions.extend(window.show(ctx, &mut open));
            if !open {
                self.replace_copy = None;
            }
        }
        if let Some((from, to)) = state.picking() {
            let mut open = true;
            actions.extend(RelationPicker::new(session, from, to).show(ctx, &mut open));
            if !open {
                state.cancel_draft();
            }
        }
        actions.extend(
            self.schema_editor
                .show(ctx, &mut self.schema_editor_open, session),
        );
        ShortcutsWindow.show(ctx, &mut self.shortcuts_open);
        if self.preferences_open {
            PreferencesWindow {
                settings,
                backups_folder: session.path().map(crate::store::backups_folder),
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
