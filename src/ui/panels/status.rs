//! Bottom panel: whether everything is saved, errors until the user has seen
//! them, the last message, the running job, and where the caret is.

use std::collections::VecDeque;

use egui::Ui;

use crate::formats::import::plural;
use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::article::ArticleState;
use crate::ui::error::UiError;
use crate::ui::jobs::Job;
use crate::ui::theme;

/// What the status line shows now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Message {
    #[default]
    None,
    Info(String),
    Error(String),
}

/// The app's messages: the latest piece of news, and every error not yet
/// dismissed. A later message never hides an error, and errors never
/// disappear on their own.
#[derive(Debug, Default)]
pub struct StatusLine {
    info: Option<String>,
    errors: VecDeque<UiError>,
}

/// The accessible name of the button that dismisses the error shown.
pub const DISMISS_LABEL: &str = "Dismiss the error";

impl StatusLine {
    pub fn info(&mut self, text: impl Into<String>) {
        self.info = Some(text.into());
    }

    /// Queues an error; the same error again right behind it is not queued
    /// twice (a key held down in a read-only project).
    pub fn error(&mut self, error: impl Into<UiError>) {
        let error = error.into();
        if self
            .errors
            .back()
            .is_some_and(|last| last.to_string() == error.to_string())
        {
            return;
        }
        self.errors.push_back(error);
    }

    /// The oldest error not yet dismissed, else the latest news.
    pub fn shown(&self) -> Message {
        match (self.errors.front(), &self.info) {
            (Some(error), _) => Message::Error(error.to_string()),
            (None, Some(info)) => Message::Info(info.clone()),
            (None, None) => Message::None,
        }
    }

    /// The user has seen the error shown: the next one (if any) comes up.
    pub fn dismiss(&mut self) {
        self.errors.pop_front();
    }

    /// The errors, then `hint` (what the keys do in the mode the article is
    /// in) or else the latest news.
    fn messages_ui(&self, ui: &mut Ui, hint: Option<&str>, actions: &mut Vec<Action>) {
        let dark = ui.visuals().dark_mode;
        if let Some(error) = self.errors.front() {
            let text = error.to_string();
            ui.colored_label(theme::error_color(dark), format!("⚠ {}", first_line(&text)))
                .on_hover_text(&text);
            if self.errors.len() > 1 {
                ui.colored_label(
                    theme::error_color(dark),
                    format!("(+{} more)", self.errors.len() - 1),
                );
            }
            if ui
                .small_button("×")
                .on_hover_text("Seen: dismiss this error")
                .accessible_name(DISMISS_LABEL)
                .clicked()
            {
                actions.push(Action::DismissError);
            }
        }
        // Truncated, never wrapped: the status line keeps its one row.
        if let Some(hint) = hint {
            ui.add(egui::Label::new(egui::RichText::new(hint).strong()).truncate());
        } else if let Some(text) = &self.info {
            ui.add(egui::Label::new(first_line(text)).truncate())
                .on_hover_text(text);
        }
    }
}

pub fn status_ui(
    ui: &mut Ui,
    session: &Session,
    state: &ArticleState,
    messages: &StatusLine,
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
        let hint = mode_hint(session, state);
        messages.messages_ui(ui, hint.as_deref(), actions);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(open) = session.open() {
                let position = match state.range_to_tag(open) {
                    Some((start, end)) => {
                        format!("selection {start}–{end} ({})", plural(end - start, "char"))
                    }
                    None => format!("caret {}", state.caret()),
                };
                ui.weak(format!("{position} · {}", plural(open.chars.len(), "char")));
                ui.weak(format!(
                    "{}'s layer: {} ·",
                    session.annotator(),
                    plural(open.spans.len(), "span")
                ));
            }
        });
    });
}

/// What the keys do while a relation is being drawn. It lives here, not over
/// the article: a line that comes and goes in the header reflowed the text
/// and pushed "Done ✔ next" out of the window.
fn mode_hint(session: &Session, state: &ArticleState) -> Option<String> {
    let from = state.relation_from()?;
    let open = session.open()?;
    Some(format!(
        "Relation from “{}”: Tab or click the target, Enter to link, Esc to cancel",
        crate::session::ellipsize(&open.span_text(from), 30)
    ))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Once, an info message in the same frame replaced an error before
    /// anyone saw it. The same error twice in a row waits once.
    #[test]
    fn a_later_message_does_not_hide_an_error_until_dismissed() {
        let mut status = StatusLine::default();
        status.error(UiError::NotSaved);
        status.error(UiError::BackupRunning);
        status.error(UiError::BackupRunning);
        status.info("Tagged");
        assert_eq!(
            status.shown(),
            Message::Error("this project is not saved in a file".into())
        );
        status.dismiss();
        assert_eq!(
            status.shown(),
            Message::Error("a backup is already running".into())
        );
        status.dismiss();
        assert_eq!(status.shown(), Message::Info("Tagged".into()));
    }
}
