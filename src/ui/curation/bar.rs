//! The curation bar over the article: the legend of the candidates'
//! colours, the candidate the keys act on with its voters, and the buttons
//! that open the strategy window and leave curation. Two rows always, so
//! the article never moves as the current candidate changes.

use egui::Ui;

use super::{state_name, CurationView, Target, STATES};
use crate::formats::import::plural;
use crate::session::{ellipsize, OpenDocument, Session};
use crate::ui::action::Action;
use crate::ui::article::ArticleState;
use crate::ui::command::UiCommand;
use crate::ui::theme;

/// Accessible names (tests find the bar and its buttons by these).
pub const CURATION_BAR_LABEL: &str = "Curating into gold:";
pub const MERGE_BUTTON_LABEL: &str = "Merge by strategy…";
pub const STOP_BUTTON_LABEL: &str = "Stop curating";

impl CurationView {
    /// The bar, while curating.
    pub fn bar_ui(
        &self,
        ui: &mut Ui,
        session: &Session,
        open: &OpenDocument,
        state: &ArticleState,
        actions: &mut Vec<Action>,
    ) {
        if !self.is_active() {
            return;
        }
        let dark = ui.visuals().dark_mode;
        // The legend wraps in a narrow window; the buttons keep the second
        // row's right end, the current candidate what is left of it.
        ui.horizontal_wrapped(|ui| {
            ui.strong(CURATION_BAR_LABEL);
            for state in STATES {
                let color = theme::candidate_color(state, dark);
                let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 5.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 1.0, color);
                ui.colored_label(color, state_name(state));
            }
        });
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(STOP_BUTTON_LABEL)
                    .on_hover_text("Back to your own layer")
                    .clicked()
                {
                    actions.push(Action::StopCurating);
                }
                if ui
                    .button(MERGE_BUTTON_LABEL)
                    .on_hover_text("Accept by a merge strategy over the whole project")
                    .clicked()
                {
                    actions.push(Action::Command(UiCommand::Curate));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let line = self.current_line(session, open, state);
                    ui.add(egui::Label::new(line).truncate());
                });
            });
        });
    }

    /// Which candidate the keys act on and who voted for it, else what to do.
    fn current_line(&self, session: &Session, open: &OpenDocument, state: &ArticleState) -> String {
        let schema = session.schema();
        if !self.is_ready(session) {
            return format!(
                "Nothing to curate here yet: {} finished this document; candidates come from two finished layers or more (marked done)",
                match self.finished(session) {
                    [] => "no annotator has".to_string(),
                    [one] => format!("only {one} has"),
                    _ => "fewer than two annotators have".to_string(),
                }
            );
        }
        let left = self.undecided(session);
        let Some(candidate) = self.target(session, state) else {
            return if left == 0 {
                "Every candidate here is decided. Gold stays editable with the usual keys.".into()
            } else {
                format!(
                    "{} undecided · Tab: next · A: accept · X: reject · a label's key: accept as that label · Ctrl+A: accept all agreed",
                    plural(left, "candidate")
                )
            };
        };
        let place = self
            .place(session, candidate.stop())
            .map_or_else(String::new, |i| format!("{i} of {left} undecided · "));
        let what = match candidate {
            Target::Span(c) => format!(
                "{} “{}” [{}, {})",
                schema.label_name(c.key.label),
                ellipsize(&open.slice(c.key.start_char, c.key.end_char), 40),
                c.key.start_char,
                c.key.end_char
            ),
            Target::Relation(c) => {
                let end = |key: crate::model::SpanKey| {
                    format!(
                        "{} “{}”",
                        schema.label_name(key.label),
                        ellipsize(&open.slice(key.start_char, key.end_char), 30)
                    )
                };
                format!(
                    "relation {}: {} → {}",
                    schema.label_name(c.key.label),
                    end(c.key.from),
                    end(c.key.to)
                )
            }
        };
        let keys = match candidate {
            Target::Span(_) => "",
            Target::Relation(_) => " · A: accept · X: reject · 1–9: accept as another type",
        };
        format!(
            "{place}{what} · {} · voted by {} ({} of {} finished){keys}",
            state_name(candidate.state()),
            candidate.voters().join(", "),
            candidate.voters().len(),
            self.finished(session).len()
        )
    }
}
