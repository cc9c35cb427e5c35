//! The panels around the article.

pub mod documents;
pub mod header;
pub mod inspector;
pub mod note;
pub mod search;
pub mod status;
pub mod text_filter;

use egui::{vec2, Rect, Response, Sense, Ui};

/// One row of a list (the documents, a document's spans): a clickable
/// rectangle the panel's width, named for screen readers and tests, with its
/// background drawn when selected or hovered. Returns the row, its response
/// and the visuals its text is drawn with.
pub fn list_row(
    ui: &mut Ui,
    height: f32,
    selected: bool,
    label: &str,
) -> (Rect, Response, egui::style::WidgetVisuals) {
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, label)
    });
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() {
        ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
    }
    (rect, response, visuals)
}
