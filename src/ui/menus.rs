//! The top bar: File, Edit, View and Help menus, and the project's name.
//! Items come from the command table (`ui::command`).

use egui::Ui;

use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::command::{shortcut_text, UiCommand};
use crate::ui::settings::{Settings, ThemeChoice};

/// A menu item for `command`, with its shortcut; `text` replaces the
/// table's text where the item says more (Undo "tag EVENT").
fn item(
    ui: &mut Ui,
    command: UiCommand,
    text: Option<String>,
    enabled: bool,
    actions: &mut Vec<Action>,
) {
    let mut button = egui::Button::new(text.unwrap_or_else(|| command.menu_text().into()));
    if let Some(shortcut) = command.shortcuts().first() {
        button = button.shortcut_text(shortcut_text(shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        actions.push(Action::Command(command));
    }
}

pub fn menu_bar_ui(
    ui: &mut Ui,
    session: &Session,
    settings: &mut Settings,
    layers: &mut crate::ui::layers_view::LayersView,
    actions: &mut Vec<Action>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, UiCommand::NewProject, None, true, actions);
            item(ui, UiCommand::OpenProject, None, true, actions);
            item(ui, UiCommand::OpenServerProject, None, true, actions);
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
            item(ui, UiCommand::Import, None, true, actions);
            item(ui, UiCommand::Export, None, true, actions);
            ui.separator();
            item(ui, UiCommand::SaveCopy, None, true, actions);
            // A server project is backed up on the server.
            let on_file = session.store().engine() == crate::store::engine::Engine::Sqlite;
            item(ui, UiCommand::BackUpNow, None, on_file, actions);
            ui.separator();
            item(ui, UiCommand::Quit, None, true, actions);
        });
        ui.menu_button("Edit", |ui| {
            let history = session.history();
            let undo = history
                .next_undo()
                .map(|(c, _)| format!("Undo {}", c.undone_action()));
            item(ui, UiCommand::Undo, undo, history.can_undo(), actions);
            let redo = history
                .next_redo()
                .map(|(c, _)| format!("Redo {}", c.describe()));
            item(ui, UiCommand::Redo, redo, history.can_redo(), actions);
            ui.separator();
            item(ui, UiCommand::LabelSchema, None, true, actions);
            ui.separator();
            // Search and tag all (issue 20).
            for command in [
                UiCommand::FindInDocument,
                UiCommand::FindInCorpus,
                UiCommand::NextHit,
                UiCommand::PreviousHit,
                UiCommand::TagAllOccurrences,
            ] {
                item(ui, command, None, true, actions);
            }
            ui.separator();
            let open = session.open().is_some();
            item(ui, UiCommand::MarkDoneAndNext, None, open, actions);
            document_items(ui, session, actions);
        });
        ui.menu_button("Project", |ui| {
            item(ui, UiCommand::Agreement, None, true, actions);
            item(ui, UiCommand::Statistics, None, true, actions);
            ui.separator();
            item(
                ui,
                UiCommand::Curate,
                None,
                session.open().is_some(),
                actions,
            );
            ui.separator();
            let open = session.open().is_some();
            item(ui, UiCommand::Suggestions, None, true, actions);
            item(ui, UiCommand::AcceptSuggestion, None, open, actions);
            item(ui, UiCommand::RejectSuggestion, None, open, actions);
            item(ui, UiCommand::AcceptAllSuggestions, None, open, actions);
        });
        ui.menu_button("View", |ui| {
            layers.menu_ui(ui, session);
            ui.separator();
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
            item(ui, UiCommand::BiggerText, None, true, actions);
            item(ui, UiCommand::SmallerText, None, true, actions);
            ui.separator();
            text_direction_menu(ui, session, actions);
            ui.checkbox(&mut settings.snap_to_words, "Snap selections to words");
            item(ui, UiCommand::Preferences, None, true, actions);
        });
        ui.menu_button("Help", |ui| {
            item(ui, UiCommand::Shortcuts, None, true, actions);
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let path = session.store().server_url().map_or_else(
                || {
                    session
                        .path()
                        .map_or_else(|| "(in memory)".into(), |p| p.display().to_string())
                },
                str::to_string,
            );
            ui.weak(&path)
                .on_hover_text("The project: every edit is saved here as you make it");
            ui.strong(session.name());
            let whose = if session.store().server_user().is_some() {
                "Whose layers are shown and edited: the server's login role"
            } else {
                "Whose layers are shown and edited (View › Preferences…)"
            };
            ui.label(annotator_badge(session)).on_hover_text(whose);
        });
    });
}

/// The open document's tools in the Edit menu: its status (a done document
/// can be reopened), rename, delete, and the next or previous unfinished.
fn document_items(ui: &mut Ui, session: &Session, actions: &mut Vec<Action>) {
    let open = session.open().map(|o| (o.document.id, o.status));
    ui.add_enabled_ui(open.is_some(), |ui| {
        ui.menu_button("Document status", |ui| {
            if let Some((id, current)) = open {
                status_items(ui, id, current, actions);
            }
        });
    });
    item(ui, UiCommand::RenameDocument, None, open.is_some(), actions);
    item(ui, UiCommand::DeleteDocument, None, open.is_some(), actions);
    ui.separator();
    item(ui, UiCommand::NextUnfinished, None, true, actions);
    item(ui, UiCommand::PreviousUnfinished, None, true, actions);
}

/// One radio item per status; choosing another sets it (one undo step).
pub fn status_items(
    ui: &mut Ui,
    document: crate::model::DocumentId,
    current: crate::model::DocumentStatus,
    actions: &mut Vec<Action>,
) {
    for status in crate::model::DocumentStatus::ALL {
        let name = status.display_name();
        let mut text = name[..1].to_uppercase();
        text.push_str(&name[1..]);
        if ui.radio(current == status, text).clicked() && current != status {
            actions.push(Action::SetStatusOf(document, status));
        }
    }
}

/// View › Text direction: the open document's base direction (kept in the
/// project, per document).
fn text_direction_menu(ui: &mut egui::Ui, session: &Session, actions: &mut Vec<Action>) {
    let Some(open) = session.open() else {
        return;
    };
    ui.menu_button("Text direction", |ui| {
        for direction in crate::model::TextDirection::ALL {
            if ui
                .radio(open.direction == direction, direction.menu_text())
                .clicked()
                && open.direction != direction
            {
                actions.push(Action::SetTextDirection(direction));
            }
        }
    });
}

/// "ana's package" in a package, else "annotating as ana".
pub fn annotator_badge(session: &Session) -> String {
    match session.package_annotator() {
        Some(name) => format!("{name}'s package ·"),
        None => format!("annotating as {} ·", session.annotator()),
    }
}
