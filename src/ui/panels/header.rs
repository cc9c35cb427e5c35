//! The row over the article: the open document's title and status, sticky
//! mode, and "Done ✔ next".

use egui::Ui;

use crate::session::{ellipsize, OpenDocument, Session};
use crate::ui::action::Action;
use crate::ui::article::ArticleState;
use crate::ui::command::UiCommand;

/// The document's title and status, sticky mode, and "Done ✔ next": one
/// row of fixed height. The button is placed first, from the right, and
/// the title truncated to what is left, so nothing in the header can
/// push the button away or wrap onto a second row (which would move the
/// article). Mode hints go to the status line.
pub fn header_ui(
    ui: &mut Ui,
    session: &Session,
    state: &ArticleState,
    open: &OpenDocument,
    actions: &mut Vec<Action>,
) {
    let row_height = ui.text_style_height(&egui::TextStyle::Heading) + 4.0;
    let width = ui.available_width();
    ui.allocate_ui_with_layout(
        egui::vec2(width, row_height),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(width, row_height));
            if ui
                .button("Done ✔ next")
                .on_hover_text("Mark done and open the next unfinished document (Ctrl+Enter)")
                .clicked()
            {
                actions.push(UiCommand::MarkDoneAndNext.into());
            }
            if let Some(label) = state.sticky_label() {
                let name = ellipsize(session.schema().label_name(label), 16);
                ui.label(egui::RichText::new(format!("★ sticky {name}")).strong())
                    .on_hover_text(
                        "Every selection is tagged at once. Esc (twice) or Shift+key to stop.",
                    );
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let status =
                    egui::RichText::new(format!("· {}", open.status.display_name())).weak();
                let status_width = egui::WidgetText::from(status.clone())
                    .into_galley(
                        ui,
                        Some(egui::TextWrapMode::Extend),
                        f32::INFINITY,
                        egui::TextStyle::Body,
                    )
                    .size()
                    .x;
                let title_width = ui.available_width() - status_width - ui.spacing().item_spacing.x;
                ui.scope(|ui| {
                    ui.set_max_width(title_width.max(40.0));
                    ui.add(
                        egui::Label::new(egui::RichText::new(&open.document.title).heading())
                            .truncate(),
                    );
                });
                ui.label(status);
            });
        },
    );
}
