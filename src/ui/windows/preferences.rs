//! View › Preferences: the annotator's name and automatic backups.

use std::path::PathBuf;

use egui::Context;

use crate::ui::settings::Settings;

pub struct PreferencesWindow<'a> {
    pub settings: &'a mut Settings,
    /// Where the backups of the open project go (None: in memory).
    pub backups_folder: Option<PathBuf>,
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
                }
            });
    }
}
