//! Renaming a document, and the question before deleting one (naming what
//! is lost: deleting cannot be undone).

use egui::{Context, Key};

use crate::formats::import::plural;
use crate::model::DocumentId;
use crate::session::Edit;
use crate::store::DocumentWeight;
use crate::ui::action::Action;

/// The accessible name of the title field.
pub const TITLE_LABEL: &str = "Document title";
/// The accessible name of the button that deletes.
pub const DELETE_LABEL: &str = "Delete the document";

pub struct RenameDocumentWindow {
    document: DocumentId,
    title: String,
    focus: bool,
}

impl RenameDocumentWindow {
    pub fn new(document: DocumentId, title: &str) -> Self {
        Self {
            document,
            title: title.to_string(),
            focus: true,
        }
    }

    /// Rename (or Enter) returns the edit; Cancel or Esc closes.
    pub fn show(&mut self, ctx: &Context, open: &mut bool) -> Option<Action> {
        let mut confirmed = false;
        egui::Window::new("Rename the document")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.title)
                        .desired_width(360.0)
                        .hint_text("Title"),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, TITLE_LABEL)
                });
                if std::mem::take(&mut self.focus) {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("Rename").clicked() || enter {
                        confirmed = true;
                    }
                    if ui.button("Cancel").clicked() {
                        *open = false;
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        if !confirmed {
            return None;
        }
        *open = false;
        Some(Action::Edit(Edit::RenameDocument {
            document: self.document,
            title: self.title.clone(),
        }))
    }
}

pub struct DeleteDocumentWindow {
    document: DocumentId,
    title: String,
    weight: DocumentWeight,
}

impl DeleteDocumentWindow {
    pub fn new(document: DocumentId, title: &str, weight: DocumentWeight) -> Self {
        Self {
            document,
            title: title.to_string(),
            weight,
        }
    }

    /// The question, naming what goes with the document.
    pub fn question(&self) -> String {
        let lost = match (self.weight.spans, self.weight.relations) {
            (0, 0) => "It has no annotations.".to_string(),
            (spans, 0) => format!("Its {} will be lost.", plural(spans, "span")),
            (spans, relations) => format!(
                "Its {} and {} will be lost.",
                plural(spans, "span"),
                plural(relations, "relation")
            ),
        };
        format!(
            "Delete “{}” from the project? {lost} This cannot be undone (the undo history is cleared too); a backup or an export keeps a copy.",
            self.title
        )
    }

    /// Delete returns the confirmed deletion; Cancel or Esc closes.
    pub fn show(&self, ctx: &Context, open: &mut bool) -> Option<Action> {
        let mut confirmed = false;
        egui::Window::new("Delete the document?")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                ui.label(self.question());
                ui.horizontal(|ui| {
                    if ui.button(DELETE_LABEL).clicked() {
                        confirmed = true;
                    }
                    if ui.button("Cancel").clicked() {
                        *open = false;
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            *open = false;
        }
        if confirmed {
            *open = false;
            return Some(Action::DeleteDocument(self.document));
        }
        None
    }
}
