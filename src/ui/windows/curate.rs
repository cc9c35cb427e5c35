//! Project › Curate… (Merge by strategy…): run a merge strategy over every
//! document in the background, as `glossator curate` does, keeping what
//! curators decided or replacing gold (asked first, naming how much goes).

use egui::Context;

use crate::curate::run::GoldMode;
use crate::curate::strategy::{DEFAULT_MIN_CONFIDENCE, DEFAULT_MIN_VOTES};
use crate::curate::Strategy;
use crate::formats::import::plural;
use crate::ui::action::Action;

/// Accessible names of the window's widgets (tests find them by these).
pub const CURATE_WINDOW_TITLE: &str = "Merge by strategy";
pub const RUN_CURATION_LABEL: &str = "Run over all documents";
pub const REPLACE_GOLD_LABEL: &str = "Replace gold";
pub const MIN_VOTES_LABEL: &str = "Least votes";
pub const MIN_CONFIDENCE_LABEL: &str = "Least share of the finished annotators";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum StrategyChoice {
    Complete,
    Incomplete,
    #[default]
    Threshold,
}

/// What the window remembers between openings.
pub struct CurateWindow {
    choice: StrategyChoice,
    min_votes: usize,
    min_confidence: f64,
    mode: GoldMode,
    /// "Replace gold" asked: how many gold annotations would go, and the
    /// run waiting for a yes.
    confirm: Option<(usize, Strategy)>,
}

impl Default for CurateWindow {
    fn default() -> Self {
        Self {
            choice: StrategyChoice::default(),
            min_votes: DEFAULT_MIN_VOTES,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            mode: GoldMode::KeepExisting,
            confirm: None,
        }
    }
}

impl CurateWindow {
    /// Asks before replacing `gold_annotations` gold spans and relations.
    pub fn ask_to_replace(&mut self, gold_annotations: usize, strategy: Strategy) {
        self.confirm = Some((gold_annotations, strategy));
    }

    pub fn show(&mut self, ctx: &Context, open: &mut bool, busy: bool) -> Option<Action> {
        let mut action = None;
        egui::Window::new(CURATE_WINDOW_TITLE)
            .open(open)
            .resizable(false)
            .default_width(440.0)
            .show(ctx, |ui| {
                action = match self.confirm {
                    Some((count, strategy)) => self.confirm_ui(ui, count, strategy),
                    None => self.options_ui(ui, busy),
                };
            });
        action
    }

    fn options_ui(&mut self, ui: &mut egui::Ui, busy: bool) -> Option<Action> {
        ui.label("Accept candidates into gold in every document finished (marked done) by two annotators or more; only done layers vote.");
        ui.horizontal(|ui| {
            for (choice, name, help) in [
                (StrategyChoice::Complete, "Complete", "every annotator who finished the document voted for it"),
                (StrategyChoice::Incomplete, "Incomplete", "everyone with a span there voted for this label (the others do not object)"),
                (StrategyChoice::Threshold, "Threshold", "enough votes, and a large enough share of the finished annotators; two labels passing at one place: neither"),
            ] {
                ui.radio_value(&mut self.choice, choice, name).on_hover_text(help);
            }
        });
        ui.add_enabled_ui(self.choice == StrategyChoice::Threshold, |ui| {
            ui.horizontal(|ui| {
                ui.label(MIN_VOTES_LABEL);
                ui.add(egui::DragValue::new(&mut self.min_votes).range(1..=100))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::SpinButton, true, MIN_VOTES_LABEL)
                    });
                ui.label(MIN_CONFIDENCE_LABEL);
                ui.add(egui::Slider::new(&mut self.min_confidence, 0.0..=1.0).fixed_decimals(2))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Slider, true, MIN_CONFIDENCE_LABEL)
                    });
            });
        });
        ui.radio_value(
            &mut self.mode,
            GoldMode::KeepExisting,
            "Keep what curators decided (accepted, rejected, removed); running again changes nothing",
        );
        ui.radio_value(
            &mut self.mode,
            GoldMode::Replace,
            "Replace gold: rebuild it from the votes alone (asks first)",
        );
        let run = ui
            .add_enabled(!busy, egui::Button::new(RUN_CURATION_LABEL))
            .on_disabled_hover_text("Wait for the running job to finish");
        run.clicked().then(|| Action::RunCuration {
            strategy: self.strategy(),
            mode: self.mode,
            confirmed: false,
        })
    }

    fn confirm_ui(
        &mut self,
        ui: &mut egui::Ui,
        count: usize,
        strategy: Strategy,
    ) -> Option<Action> {
        ui.label(format!(
            "Replacing gold removes its {} in every document first, curators' decisions with them, then accepts by the {} strategy. Ctrl+Z cannot bring them back (a backup can).",
            plural(count, "annotation"),
            strategy.name()
        ));
        let mut action = None;
        ui.horizontal(|ui| {
            if ui.button(REPLACE_GOLD_LABEL).clicked() {
                action = Some(Action::RunCuration {
                    strategy,
                    mode: GoldMode::Replace,
                    confirmed: true,
                });
                self.confirm = None;
            }
            if ui.button("Cancel").clicked() {
                self.confirm = None;
            }
        });
        action
    }

    fn strategy(&self) -> Strategy {
        match self.choice {
            StrategyChoice::Complete => Strategy::Complete,
            StrategyChoice::Incomplete => Strategy::Incomplete,
            StrategyChoice::Threshold => Strategy::Threshold {
                min_votes: self.min_votes,
                min_confidence: self.min_confidence,
            },
        }
    }
}
