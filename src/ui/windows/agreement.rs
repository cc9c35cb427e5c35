//! Project › Agreement…: the report computed in the background (with progress), then
//! the pair matrix (colour-scaled), per-label bars, the attribute table and the
//! documents worst first; clicking a document opens it to step through its
//! disagreements with N / Shift+N.

use egui::{Context, Ui};
use egui_plot::{Bar, BarChart};

use super::computed::{Computed, State};
use super::layer_source::LayerSource;
use crate::agreement::report::LabelAgreement;
use crate::agreement::{agreement_report, AgreementReport, ReportOptions};
use crate::ui::action::Action;
use crate::ui::theme::agreement_color;

pub const WINDOW_TITLE: &str = "Agreement";
/// The accessible name of a document's row: "Open d2 to review its disagreements".
pub fn document_button_label(external_id: &str) -> String {
    format!("Open {external_id} to review its disagreements")
}

/// Which measure the pair matrix shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PairMeasure {
    #[default]
    F1Exact,
    F1Overlap,
    CohenKappa,
}

impl PairMeasure {
    const ALL: [Self; 3] = [Self::F1Exact, Self::F1Overlap, Self::CohenKappa];

    fn name(self) -> &'static str {
        match self {
            Self::F1Exact => "F1 exact",
            Self::F1Overlap => "F1 overlap",
            Self::CohenKappa => "Cohen's κ",
        }
    }
}

pub struct AgreementWindow {
    report: Computed<AgreementReport>,
    measure: PairMeasure,
}

impl Default for AgreementWindow {
    fn default() -> Self {
        Self {
            report: Computed::new("the agreement report"),
            measure: PairMeasure::default(),
        }
    }
}

impl AgreementWindow {
    /// Starts computing the report of every annotator (again, when it ran before).
    pub fn start(&mut self, ctx: &Context, source: LayerSource) {
        self.report.start(ctx, move |progress| {
            let input = source.read()?;
            let mut report_progress = |done, total| progress.set(done, total);
            Ok(agreement_report(
                &input,
                &ReportOptions::default(),
                &mut report_progress,
            )?)
        });
    }

    /// Whether the report is still being computed.
    pub fn is_running(&self) -> bool {
        self.report.is_running()
    }

    pub fn report(&self) -> Option<&AgreementReport> {
        self.report.value()
    }

    pub fn show(&mut self, ctx: &Context, open: &mut bool) -> Option<Action> {
        self.report.poll();
        let mut action = None;
        egui::Window::new(WINDOW_TITLE)
            .open(open)
            .default_size([780.0, 780.0])
            .show(ctx, |ui| match self.report.state() {
                State::Running(fraction) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.add(
                            egui::ProgressBar::new(fraction)
                                .show_percentage()
                                .text("Measuring agreement…"),
                        );
                    });
                }
                State::NotStarted => {
                    ui.weak("Not computed yet.");
                }
                State::Failed(error) => {
                    ui.colored_label(crate::ui::theme::error_color(ui.visuals().dark_mode), error);
                }
                State::Done(report) => {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        action = report_ui(ui, report, &mut self.measure);
                    });
                }
            });
        action
    }
}

fn value(measure: Option<f64>) -> String {
    measure.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

fn report_ui(ui: &mut Ui, report: &AgreementReport, measure: &mut PairMeasure) -> Option<Action> {
    let spans = &report.spans;
    if report.annotators.len() < 2 {
        ui.label("Nothing to compare: agreement needs the layers of at least two annotators (each annotator's layers; gold is not an annotator).");
        return None;
    }
    ui.label(format!(
        "{} annotators, {} documents finished by at least two, {} positions ({} stacked, {} overlaps skipped for αU)",
        report.annotators.len(),
        report.documents,
        spans.positions,
        spans.stacked,
        spans.skipped_overlaps
    ));
    ui.label(format!(
        "Krippendorff's α {}   Fleiss' κ {}   αU {}",
        value(spans.krippendorff_alpha),
        value(spans.fleiss_kappa),
        value(spans.alpha_unitizing)
    ));
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong("Pairs");
        for option in PairMeasure::ALL {
            ui.radio_value(measure, option, option.name());
        }
    });
    pair_matrix_ui(ui, report, *measure);
    ui.separator();
    ui.strong("Per label");
    label_bars_ui(ui, report);
    if !report.attributes.is_empty() {
        ui.separator();
        ui.strong("Attributes (exactly matched span pairs)");
        egui::Grid::new("agreement attributes")
            .striped(true)
            .show(ui, |ui| {
                for header in ["attribute", "pairs", "agreement", "κ"] {
                    ui.strong(header);
                }
                ui.end_row();
                for attribute in &report.attributes {
                    ui.label(&attribute.key);
                    ui.label(attribute.pairs.to_string());
                    ui.label(value(attribute.percent_agreement));
                    ui.label(value(attribute.cohen_kappa));
                    ui.end_row();
                }
            });
    }
    ui.separator();
    ui.strong("Documents, worst first (click to review; N / Shift+N step through disagreements)");
    documents_ui(ui, report)
}

/// Annotators × annotators; each cell the pair's measure on a red–green scale.
fn pair_matrix_ui(ui: &mut Ui, report: &AgreementReport, measure: PairMeasure) {
    let names = &report.annotators;
    egui::Grid::new("agreement pairs")
        .spacing([4.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            for name in names {
                ui.strong(name);
            }
            ui.end_row();
            for a in names {
                ui.strong(a);
                for b in names {
                    let pair = report
                        .spans
                        .pairs
                        .iter()
                        .find(|p| (&p.a == a && &p.b == b) || (&p.a == b && &p.b == a));
                    let Some(pair) = pair else {
                        ui.label("");
                        continue;
                    };
                    let shown = match measure {
                        PairMeasure::F1Exact => pair.f1_exact,
                        PairMeasure::F1Overlap => pair.f1_overlap,
                        PairMeasure::CohenKappa => pair.cohen_kappa,
                    };
                    let fill = agreement_color(shown);
                    egui::Frame::new()
                        .fill(fill)
                        .inner_margin(egui::Margin::symmetric(10, 4))
                        .show(ui, |ui| {
                            ui.colored_label(crate::ui::theme::text_on(fill), value(shown));
                        })
                        .response
                        .on_hover_text(format!(
                            "{a} · {b}: {} documents, κ {}, F1 exact {}, F1 overlap {}; matched {}, only {} {}, only {} {}",
                            pair.documents,
                            value(pair.cohen_kappa),
                            value(pair.f1_exact),
                            value(pair.f1_overlap),
                            pair.matched,
                            pair.a,
                            pair.only_a,
                            pair.b,
                            pair.only_b
                        ));
                }
                ui.end_row();
            }
        });
}

/// One measure of a label's row.
type LabelMeasure = fn(&LabelAgreement) -> Option<f64>;

/// αU, F1 exact and F1 overlap side by side for each label; hovering a bar shows its
/// number.
fn label_bars_ui(ui: &mut Ui, report: &AgreementReport) {
    let labels = &report.spans.by_label;
    let series: [(&str, LabelMeasure); 3] = [
        ("αU", |l| l.alpha_unitizing),
        ("F1 exact", |l| l.f1_exact),
        ("F1 overlap", |l| l.f1_overlap),
    ];
    let charts: Vec<BarChart> = series
        .iter()
        .enumerate()
        .map(|(s, (name, get))| {
            let bars = labels
                .iter()
                .enumerate()
                .filter_map(|(i, label)| {
                    let v = get(label)?;
                    Some(
                        Bar::new(i as f64 + (s as f64 - 1.0) * 0.25, v)
                            .width(0.24)
                            .name(format!("{} {name}", label.label)),
                    )
                })
                .collect();
            BarChart::new(*name, bars)
                .element_formatter(Box::new(|bar, _| format!("{}: {:.3}", bar.name, bar.value)))
        })
        .collect();
    let names: Vec<String> = labels.iter().map(|l| l.label.clone()).collect();
    super::bar_plot::category_bars(ui, "agreement per label", 200.0, names, charts);
}

fn documents_ui(ui: &mut Ui, report: &AgreementReport) -> Option<Action> {
    let mut action = None;
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("agreement documents")
        .max_height(240.0)
        .show_rows(ui, row_height, report.by_document.len(), |ui, rows| {
            for document in &report.by_document[rows] {
                let text = format!(
                    "{}   F1 exact {}   αU {}",
                    document.external_id,
                    value(document.f1_exact),
                    value(document.alpha_unitizing)
                );
                let response = ui.add(egui::Button::new(text).frame(false));
                let label = document_button_label(&document.external_id);
                response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if response.clicked() {
                    action = Some(Action::ReviewDisagreements {
                        document: document.id,
                        annotators: report.annotators.clone(),
                    });
                }
            }
        });
    action
}
