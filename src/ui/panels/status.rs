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

/// What an error was about. A later success at the same thing makes the
/// error stale (an export that failed, then worked), and it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Changes to the annotations (edits, undo, redo, marking done).
    Edit,
    /// Opening a document.
    Navigation,
    Import,
    Export,
    /// Save a copy as…
    Copy,
    Backup,
    /// Opening or creating a project.
    Project,
    /// The label schema: editing, importing, exporting it.
    Schema,
    /// Running a suggestion source.
    Suggestions,
    /// Running a merge strategy over the project.
    Curation,
    /// A server project's connection (lost, then back).
    Server,
    /// Errors that no success answers; they wait for ×.
    Other,
}

impl Topic {
    /// What an action is about.
    pub fn of(action: &Action) -> Self {
        use crate::ui::command::UiCommand;
        match action {
            Action::Edit(_)
            | Action::PickRelationType { .. }
            | Action::DeleteDocument(_)
            | Action::SetStatusOf(..) => Self::Edit,
            Action::Command(UiCommand::Undo | UiCommand::Redo | UiCommand::MarkDoneAndNext) => {
                Self::Edit
            }
            Action::Command(UiCommand::NextDocument | UiCommand::PreviousDocument)
            | Action::OpenDocument(_)
            | Action::ReviewDisagreements { .. }
            | Action::OpenHit { .. } => Self::Navigation,
            Action::Command(UiCommand::BackUpNow) => Self::Backup,
            Action::Import(_) => Self::Import,
            Action::RunSuggestions { .. } => Self::Suggestions,
            Action::RunCuration { .. } => Self::Curation,
            Action::Export { .. } => Self::Export,
            Action::SaveCopy(_) | Action::ReplaceWithCopy(_) => Self::Copy,
            Action::NewProject(_) | Action::OpenProject(_) | Action::OpenServerProject { .. } => {
                Self::Project
            }
            Action::ChangeSchema(_) | Action::ImportSchema(_) | Action::ExportSchema(_) => {
                Self::Schema
            }
            Action::Command(_)
            | Action::SelectSpan { .. }
            | Action::SelectRelation(_)
            | Action::CancelJob
            | Action::DismissError
            | Action::ShowDialog(_)
            | Action::AskRenameDocument(_)
            | Action::AskDeleteDocument(_)
            | Action::SetTextDirection(_)
            | Action::SwitchAnnotator
            | Action::StopCurating
            | Action::FontHint(_) => Self::Other,
        }
    }
}

/// The app's messages: the latest piece of news, and every error not yet
/// dismissed or made stale. A later message never hides an error; an error
/// goes when the user dismisses it, or when the same kind of thing later
/// succeeds (then it no longer says anything true).
#[derive(Debug, Default)]
pub struct StatusLine {
    info: Option<String>,
    errors: VecDeque<(Topic, UiError)>,
    /// Whether the open document holds flag emoji, by document: the text
    /// never changes, so it is scanned once per document.
    flags: std::cell::Cell<Option<(crate::model::DocumentId, bool)>>,

    /// Pending suggestions in the open document (None: no document open).
    suggestions_left: Option<usize>,
}

/// The accessible name of the button that dismisses the error shown.
pub const DISMISS_LABEL: &str = "Dismiss the error";

impl StatusLine {
    pub fn set_suggestions_left(&mut self, left: Option<usize>) {
        self.suggestions_left = left;
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.info = Some(text.into());
    }

    /// Queues an error that no later success answers.
    pub fn error(&mut self, error: impl Into<UiError>) {
        self.error_about(Topic::Other, error);
    }

    /// Queues an error about `topic`; the same error again right behind it
    /// is not queued twice (a key held down in a read-only project).
    pub fn error_about(&mut self, topic: Topic, error: impl Into<UiError>) {
        let error = error.into();
        if self
            .errors
            .back()
            .is_some_and(|(_, last)| last.to_string() == error.to_string())
        {
            return;
        }
        self.errors.push_back((topic, error));
    }

    /// Something about `topic` worked: its earlier errors are stale.
    pub fn succeeded(&mut self, topic: Topic) {
        if topic != Topic::Other {
            self.errors.retain(|(about, _)| *about != topic);
        }
    }

    /// The oldest error not yet dismissed, else the latest news.
    pub fn shown(&self) -> Message {
        match (self.errors.front(), &self.info) {
            (Some((_, error)), _) => Message::Error(error.to_string()),
            (None, Some(info)) => Message::Info(info.clone()),
            (None, None) => Message::None,
        }
    }

    /// Another project opened: its document ids mean other texts.
    pub fn forget_documents(&mut self) {
        self.flags.set(None);
    }

    /// Whether `open` holds a flag emoji (scanned once per document).
    fn holds_flags(&self, open: &crate::session::OpenDocument) -> bool {
        match self.flags.get() {
            Some((id, holds)) if id == open.document.id => holds,
            _ => {
                let holds = holds_flag(&open.chars);
                self.flags.set(Some((open.document.id, holds)));
                holds
            }
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
        if let Some((_, error)) = self.errors.front() {
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
            if job.changes_project {
                ui.weak("(editing paused)").on_hover_text(
                    "The job holds the project until it finishes: edits are refused meanwhile, and notes typed now are saved when it ends",
                );
            }
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(160.0)
                    .show_percentage(),
            );
            if job.cancellable() && ui.button("Cancel").clicked() {
                actions.push(Action::CancelJob);
            }
            ui.separator();
        }
        let hint = mode_hint(session, state);
        messages.messages_ui(ui, hint.as_deref(), actions);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if session.open().is_some_and(|open| messages.holds_flags(open)) {
                ui.weak("⚑ flags show as letters").on_hover_text(FLAGS_NOTE);
            }
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
            if let Some(left) = messages.suggestions_left.filter(|n| *n > 0) {
                ui.label(plural(left, "suggestion") + " left")
                    .on_hover_text("Enter or A accepts the one at the caret, X rejects it, Shift+A accepts all above the score (Project › Suggestions…)");
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

/// Why a document's flags look like letters, on hover in the status line.
pub const FLAGS_NOTE: &str = "This document holds flag emoji (two regional-indicator letters such as 🇦 🇫). No font the window can draw has them as flags, so they show as the two letters; the text and its offsets are exact, and exports keep the flags.";

/// Whether the text holds a flag: two regional indicator symbols in a row
/// (U+1F1E6 to U+1F1FF), the way Unicode spells a country's flag.
pub fn holds_flag(chars: &[char]) -> bool {
    let regional = |c: &char| ('\u{1F1E6}'..='\u{1F1FF}').contains(c);
    chars.windows(2).any(|pair| pair.iter().all(regional))
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

    #[test]
    fn a_flag_is_two_regional_indicators() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(holds_flag(&chars("Kabul 🇦🇫 and")));
        assert!(!holds_flag(&chars("one 🇦 letter, 👨‍👩‍👧, AF")));
    }

    /// An error stayed after the same thing later worked.
    #[test]
    fn a_success_clears_the_errors_it_makes_stale_and_only_those() {
        let mut status = StatusLine::default();
        status.error_about(Topic::Export, UiError::NotSaved);
        status.error_about(Topic::Edit, UiError::EditsPaused("Importing a.txt".into()));
        status.error(UiError::BackupRunning);
        status.succeeded(Topic::Export);
        status.info("Wrote out.jsonl");
        assert!(matches!(status.shown(), Message::Error(e) if e.starts_with("editing is paused")));
        status.succeeded(Topic::Edit);
        assert_eq!(
            status.shown(),
            Message::Error("a backup is already running".into())
        );
        status.succeeded(Topic::Other);
        assert_eq!(
            status.shown(),
            Message::Error("a backup is already running".into())
        );
    }
}
