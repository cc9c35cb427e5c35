//! View › Preferences: the annotator's name and automatic backups (of a
//! project file; a server project is backed up on the server).

use std::path::PathBuf;

use egui::Context;

use crate::ui::settings::Settings;

pub struct PreferencesWindow<'a> {
    pub settings: &'a mut Settings,
    /// Where the backups of the open project go (None: in memory).
    pub backups_folder: Option<PathBuf>,
    /// The login role of a server project: its annotator, whatever the
    /// name field says (row-level security ties a layer to the role).
    pub server_role: Option<String>,
}

/// What the Preferences window says under the backups on a server project:
/// they are copies of a project file.
pub const SERVER_BACKUPS_NOTE: &str = "For project files only: a server project is backed up on the server (pg_dump); File › Save a copy as… writes it to a file.";

/// What the Preferences window says under the name field on a server project.
pub fn server_name_note(role: &str) -> String {
    format!("Does not apply to this server project: you annotate as its login role, {role}.")
}

impl PreferencesWindow<'_> {
    /// Edits the settings in place; the app reads them every frame.
    pub fn show(self, ctx: &Context, open: &mut bool) {
        let settings = self.settings;
        egui::Window::new("Preferences")
            .open(open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Your name, stored with every span you create:");
                let field = ui.text_edit_singleline(&mut settings.annotator);
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Annotator name")
                });
                if let Some(role) = &self.server_role {
                    ui.weak(server_name_note(role));
                }
                ui.separator();
                ui.label("Automatic backups of a changed project:");
                ui.horizontal(|ui| {
                    ui.label("every");
                    ui.add(egui::DragValue::new(&mut settings.backup_minutes).range(0..=1440))
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::SpinButton,
                                true,
                                "Backup minutes",
                            )
                        });
                    ui.label("minutes (0 = off), keeping");
                    ui.add(egui::DragValue::new(&mut settings.backups_kept).range(1..=100))
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Backups kept")
                        });
                });
                if let Some(folder) = &self.backups_folder {
                    ui.weak(format!("in {}", folder.display()));
                } else if self.server_role.is_some() {
                    ui.weak(SERVER_BACKUPS_NOTE);
                }
            });
    }
}
