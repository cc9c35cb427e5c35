//! Project › Suggestions…: choose a source, run it over the documents in the
//! background, set the score "accept all" takes, and see how each source's
//! suggestions fared.

use egui::Context;

use crate::model::SourceTally;
use crate::suggest::ml_backend::DEFAULT_TIMEOUT_SECS;
use crate::suggest::{DocumentFilter, SourceConfig};
use crate::ui::action::Action;
use crate::ui::command::UiCommand;

/// Which source the window runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceChoice {
    #[default]
    Dictionary,
    Patterns,
    Learned,
    MlBackend,
    Command,
}

/// Accessible names of the window's widgets (tests find them by these).
pub const RUN_LABEL: &str = "Run";
pub const MIN_SCORE_LABEL: &str = "Lowest score accepted";
pub const PATH_LABEL: &str = "Source file";
pub const URL_LABEL: &str = "ML backend URL";
pub const COMMAND_LABEL: &str = "Suggestion command";
pub const DOCUMENTS_LABEL: &str = "Documents to run on";

/// What the window remembers between openings.
pub struct SuggestionsWindow {
    pub source: SourceChoice,
    pub dictionary: String,
    pub match_case: bool,
    pub patterns: String,
    pub url: String,
    pub timeout_secs: u64,
    pub command: String,
    /// Empty: every document.
    pub documents: String,
    /// Why the last Run was refused, until the settings change.
    problem: Option<String>,
}

impl Default for SuggestionsWindow {
    fn default() -> Self {
        Self {
            source: SourceChoice::default(),
            dictionary: String::new(),
            match_case: false,
            patterns: String::new(),
            url: "http://127.0.0.1:9090".into(),
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            command: String::new(),
            documents: String::new(),
            problem: None,
        }
    }
}

/// What the window shows of the project.
pub struct SuggestionsView<'a> {
    pub left_in_document: usize,
    pub tallies: &'a [SourceTally],
    /// A run (or another job) is going on.
    pub busy: bool,
}

impl SuggestionsWindow {
    pub fn show(
        &mut self,
        ctx: &Context,
        open: &mut bool,
        min_score: &mut f32,
        view: &SuggestionsView<'_>,
    ) -> Option<Action> {
        let mut action = None;
        egui::Window::new("Suggestions")
            .open(open)
            .resizable(false)
            .default_width(420.0)
            .show(ctx, |ui| {
                action = self.source_ui(ui, view.busy);
                ui.separator();
                ui.label(format!(
                    "{} suggestions left in this document. Enter or A accepts the one at the caret, X rejects it.",
                    view.left_in_document
                ));
                ui.horizontal(|ui| {
                    ui.label("Shift+A accepts those scoring at least");
                    ui.add(egui::Slider::new(min_score, 0.0..=1.0).fixed_decimals(2))
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Slider, true, MIN_SCORE_LABEL)
                        });
                });
                if ui
                    .add_enabled(view.left_in_document > 0, egui::Button::new(UiCommand::AcceptAllSuggestions.menu_text()))
                    .clicked()
                {
                    action = Some(Action::Command(UiCommand::AcceptAllSuggestions));
                }
                tallies_ui(ui, view.tallies);
            });
        action
    }

    fn source_ui(&mut self, ui: &mut egui::Ui, busy: bool) -> Option<Action> {
        ui.horizontal_wrapped(|ui| {
            for (choice, name) in [
                (SourceChoice::Dictionary, "Dictionary"),
                (SourceChoice::Patterns, "Patterns"),
                (SourceChoice::Learned, "Learned"),
                (SourceChoice::MlBackend, "ML backend"),
                (SourceChoice::Command, "Command"),
            ] {
                ui.radio_value(&mut self.source, choice, name);
            }
        });
        let named = |ui: &mut egui::Ui, text: &mut String, name: &'static str, hint: &str| {
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(360.0),
            )
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
        };
        match self.source {
            SourceChoice::Dictionary => {
                ui.label("A TSV file of term<TAB>label; whole words, the longest term wins.");
                named(ui, &mut self.dictionary, PATH_LABEL, "/path/to/terms.tsv");
                ui.checkbox(&mut self.match_case, "Match case");
            }
            SourceChoice::Patterns => {
                ui.label("Prodigy patterns JSONL: phrases, or tokens with lower, orth, regex, is_digit, is_title and op.");
                named(
                    ui,
                    &mut self.patterns,
                    PATH_LABEL,
                    "/path/to/patterns.jsonl",
                );
            }
            SourceChoice::Learned => {
                ui.label("Every string the project already annotates, wherever it occurs unannotated, scored by how often it got each label.");
            }
            SourceChoice::MlBackend => {
                ui.label("A Label Studio ML backend (GET /health, POST /setup, POST /predict). Nothing is sent anywhere else.");
                named(ui, &mut self.url, URL_LABEL, "http://127.0.0.1:9090");
                ui.horizontal(|ui| {
                    ui.label("Wait at most");
                    ui.add(egui::DragValue::new(&mut self.timeout_secs).range(1..=3600));
                    ui.label("seconds per request");
                });
            }
            SourceChoice::Command => {
                ui.label("A command reading native JSONL documents on stdin and writing JSONL with \"spans\" on stdout.");
                named(ui, &mut self.command, COMMAND_LABEL, "python3 my_ner.py");
            }
        }
        named(
            ui,
            &mut self.documents,
            DOCUMENTS_LABEL,
            "all documents (or ids a,b or status:new)",
        );
        let mut action = None;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!busy, egui::Button::new(RUN_LABEL))
                .on_disabled_hover_text("Wait for the running job to finish")
                .clicked()
            {
                match self.request() {
                    Ok(request) => {
                        self.problem = None;
                        action = Some(request);
                    }
                    Err(problem) => self.problem = Some(problem),
                }
            }
            if let Some(problem) = &self.problem {
                ui.colored_label(
                    crate::ui::theme::error_color(ui.visuals().dark_mode),
                    problem,
                );
            }
        });
        action
    }

    /// The run the settings ask for, or why they cannot.
    fn request(&self) -> Result<Action, String> {
        let path = |text: &str, what: &str| {
            let text = text.trim();
            if text.is_empty() {
                Err(format!("choose a {what} file"))
            } else {
                Ok(std::path::PathBuf::from(text))
            }
        };
        let config = match self.source {
            SourceChoice::Dictionary => SourceConfig::Dictionary {
                path: path(&self.dictionary, "dictionary")?,
                match_case: self.match_case,
            },
            SourceChoice::Patterns => SourceConfig::Patterns {
                path: path(&self.patterns, "patterns")?,
            },
            SourceChoice::Learned => SourceConfig::Learned,
            SourceChoice::MlBackend => SourceConfig::MlBackend {
                url: self.url.trim().to_string(),
                timeout_secs: self.timeout_secs,
            },
            SourceChoice::Command if self.command.trim().is_empty() => {
                return Err("type the command to run".into())
            }
            SourceChoice::Command => SourceConfig::Command {
                command: self.command.trim().to_string(),
            },
        };
        let filter = if self.documents.trim().is_empty() {
            DocumentFilter::All
        } else {
            DocumentFilter::parse(self.documents.trim()).map_err(|e| e.to_string())?
        };
        Ok(Action::RunSuggestions { config, filter })
    }
}

/// Each source's suggestions: left, accepted, rejected, and the rate.
fn tallies_ui(ui: &mut egui::Ui, tallies: &[SourceTally]) {
    if tallies.is_empty() {
        return;
    }
    ui.separator();
    egui::Grid::new("suggestion tallies")
        .striped(true)
        .show(ui, |ui| {
            for heading in [
                "source",
                "left",
                "accepted",
                "rejected",
                "accepted of decided",
            ] {
                ui.strong(heading);
            }
            ui.end_row();
            for tally in tallies {
                ui.label(&tally.source);
                ui.label(tally.pending.to_string());
                ui.label(tally.accepted.to_string());
                ui.label(tally.rejected.to_string());
                ui.label(
                    tally
                        .acceptance_rate()
                        .map_or_else(|| "–".to_string(), |rate| format!("{:.0}%", rate * 100.0)),
                );
                ui.end_row();
            }
        });
}
