//! The top bar: File, Edit, View and Help menus, and the project's name.

use egui::Ui;

use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::dialogs::DialogKind;
use crate::ui::settings::{Settings, ThemeChoice};

pub fn menu_bar_ui(
    ui: &mut Ui,
    session: &Session,
    settings: &mut Settings,
    actions: &mut Vec<Action>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("New project…").clicked() {
                actions.push(Action::ShowDialog(DialogKind::NewProject));
            }
            if ui.button("Open project…").clicked() {
                actions.push(Action::ShowDialog(DialogKind::OpenProject));
            }
            ui.menu_button("Open recent", |ui| {
                if settings.recent_projects.is_empty() {
                    ui.weak("No recent projects");
                }
                for path in &settings.recent_projects {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::OpenProject(path.clone()));
                    }
                }
            });
            ui.separator();
            if ui.button("Import files…").clicked() {
                actions.push(Action::ShowDialog(DialogKind::Import));
            }
            if ui.button("Export…").clicked() {
                actions.push(Action::ShowDialog(DialogKind::Export));
            }
            ui.separator();
            if ui.button("Save a copy as…").clicked() {
                actions.push(Action::ShowDialog(DialogKind::SaveCopy));
            }
            if ui.button("Back up now").clicked() {
                actions.push(Action::BackUpNow);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let history = session.history();
            let undo = history.next_undo().map_or("Undo".to_string(), |(c, _)| {
                format!("Undo {}", c.undone_action())
            });
            if ui
                .add_enabled(
                    history.can_undo(),
                    egui::Button::new(undo).shortcut_text("Ctrl+Z"),
                )
                .clicked()
            {
                actions.push(Action::Undo);
            }
            let redo = history.next_redo().map_or("Redo".to_string(), |(c, _)| {
                format!("Redo {}", c.describe())
            });
            if ui
                .add_enabled(
                    history.can_redo(),
                    egui::Button::new(redo).shortcut_text("Ctrl+Shift+Z"),
                )
                .clicked()
            {
                actions.push(Action::Redo);
            }
            ui.separator();
            if ui.button("Label schema…").clicked() {
                actions.push(Action::ShowSchemaEditor);
            }
            ui.separator();
            if ui
                .add_enabled(
                    session.open().is_some(),
                    egui::Button::new("Mark done, next").shortcut_text("Ctrl+Enter"),
                )
                .clicked()
            {
                actions.push(Action::MarkDoneAndNext);
            }
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            ui.radio_value(
                &mut settings.theme,
                ThemeChoice::System,
                "Follow the system",
            );
            ui.radio_value(&mut settings.theme, ThemeChoice::Dark, "Dark");
            ui.radio_value(&mut settings.theme, ThemeChoice::Light, "Light");
            ui.separator();
            let has_serif = crate::ui::fonts::has_serif(ui.ctx());
            ui.add_enabled(
                has_serif,
                egui::Checkbox::new(&mut settings.serif, "Serif text"),
            )
            .on_disabled_hover_text("No serif font found on this system");
            if ui
                .add(egui::Button::new("Bigger text").shortcut_text("Ctrl+="))
                .clicked()
            {
                settings.change_font_size(1.0);
            }
            if ui
                .add(egui::Button::new("Smaller text").shortcut_text("Ctrl+-"))
                .clicked()
            {
                settings.change_font_size(-1.0);
            }
            ui.separator();
            ui.checkbox(&mut settings.snap_to_words, "Snap selections to words");
            if ui.button("Preferences…").clicked() {
                actions.push(Action::ShowPreferences);
            }
        });
        ui.menu_button("Help", |ui| {
            if ui
                .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                .clicked()
            {
                actions.push(Action::ShowShortcuts);
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let path = session
                .path()
                .map_or_else(|| "(in memory)".into(), |p| p.display().to_string());
            ui.weak(&path)
                .on_hover_text("The project file: every edit is saved here as you make it");
            ui.strong(session.name());
        });
    });
}
