//! Bottom panel: whether everything is saved, the last message or error, the
//! running job, and where the caret is.

use egui::Ui;

use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::article::ArticleState;
use crate::ui::jobs::Job;
use crate::ui::theme;

/// The last thing the app has to say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Message {
    #[default]
    None,
    Info(String),
    Error(String),
}

pub fn status_ui(
    ui: &mut Ui,
    session: &Session,
    state: &ArticleState,
    message: &Message,
    job: Option<&Job>,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        // Every edit is committed before the frame that shows it.
        match session.store().read_only_reason() {
            None => {
                ui.colored_label(theme::ok_color(dark), "✔ saved");
            }
            Some(reason) => {
                ui.colored_label(theme::error_color(dark), format!("⚠ read-only: {reason}"))
                    .on_hover_text("Edits are off. Close the other Glossator, then open the project again to edit.");
            }
        }
        ui.separator();
        if let Some(job) = job {
            ui.label(&job.title);
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(160.0)
                    .show_percentage(),
            );
            if ui.button("Cancel").clicked() {
                actions.push(Action::CancelJob);
            }
            ui.separator();
        }
        match message {
            Message::None => {}
            Message::Info(text) => {
                ui.label(first_line(text)).on_hover_text(text);
            }
            Message::Error(text) => {
                ui.colored_label(theme::error_color(dark), format!("⚠ {}", first_line(text)))
                    .on_hover_text(text);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(open) = session.open() {
                let position = match state.selection() {
                    Some((start, end)) => {
                        format!("selection {start}–{end} ({} chars)", end - start)
                    }
                    None => format!("caret {}", state.caret),
                };
                ui.weak(format!("{position} · {} chars", open.chars.len()));
            }
        });
    });
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}
