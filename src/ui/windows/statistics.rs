//! Project › Statistics…: spans per label and documents by status for each annotator,
//! histograms of spans per document and span length, computed in the background; every
//! bar shows its number on hover. The same numbers: `glossator stats --json`.

use egui::{Context, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::computed::{Computed, State};
use super::layer_source::LayerSource;
use crate::agreement::statistics::{Histogram, ProjectCharts};
use crate::model::DocumentStatus;

pub const WINDOW_TITLE: &str = "Statistics";

pub struct StatisticsWindow {
    charts: Computed<ProjectCharts>,
}

impl Default for StatisticsWindow {
    fn default() -> Self {
        Self {
            charts: Computed::new("the statistics"),
        }
    }
}

impl StatisticsWindow {
    pub fn start(&mut self, ctx: &Context, source: LayerSource) {
        self.charts.start(ctx, move |_| source.read_charts());
    }

    pub fn charts(&self) -> Option<&ProjectCharts> {
        self.charts.value()
    }

    pub fn is_running(&self) -> bool {
        self.charts.is_running()
    }

    pub fn show(&mut self, ctx: &Context, open: &mut bool) {
        self.charts.poll();
        egui::Window::new(WINDOW_TITLE)
            .open(open)
            .default_size([720.0, 640.0])
            .show(ctx, |ui| match self.charts.state() {
                State::Running(_) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Counting…");
                    });
                }
                State::NotStarted => {
                    ui.weak("Not counted yet.");
                }
                State::Failed(error) => {
                    ui.colored_label(crate::ui::theme::error_color(ui.visuals().dark_mode), error);
                }
                State::Done(charts) => {
                    egui::ScrollArea::vertical().show(ui, |ui| charts_ui(ui, charts));
                }
            });
    }
}

fn charts_ui(ui: &mut Ui, charts: &ProjectCharts) {
    ui.strong("Spans per label, by annotator");
    grouped_bars(
        ui,
        "spans per label",
        &charts.labels,
        &charts.annotators,
        |annotator, label| charts.spans_per_label[annotator][label] as f64,
    );
    ui.strong("Documents by status, by annotator");
    let statuses: Vec<String> = DocumentStatus::ALL
        .iter()
        .map(|s| s.display_name().to_string())
        .collect();
    grouped_bars(
        ui,
        "documents by status",
        &statuses,
        &charts.annotators,
        |annotator, status| charts.documents_by_status[annotator][status] as f64,
    );
    ui.strong("Spans per document");
    histogram(
        ui,
        "spans per document",
        &charts.spans_per_document,
        "documents",
    );
    ui.strong("Span length (characters)");
    histogram(ui, "span length", &charts.span_length_chars, "spans");
    ui.strong("Spans created per day, by annotator");
    match &charts.spans_created_per_day {
        Some(per_annotator) if !per_annotator.is_empty() => {
            let mut days: Vec<String> = per_annotator
                .iter()
                .flat_map(|(_, days)| days.iter().map(|(day, _)| day.clone()))
                .collect();
            days.sort();
            days.dedup();
            let names: Vec<String> = per_annotator.iter().map(|(name, _)| name.clone()).collect();
            grouped_bars(ui, "spans created per day", &days, &names, |a, d| {
                per_annotator[a]
                    .1
                    .iter()
                    .find(|(day, _)| *day == days[d])
                    .map_or(0.0, |(_, n)| *n as f64)
            });
        }
        _ => {
            ui.weak("No spans yet.");
        }
    }
}

/// One group of bars per category (x), one bar per annotator in each.
fn grouped_bars(
    ui: &mut Ui,
    id: &str,
    categories: &[String],
    annotators: &[String],
    count: impl Fn(usize, usize) -> f64,
) {
    let width = 0.8 / annotators.len().max(1) as f64;
    let charts: Vec<BarChart> = annotators
        .iter()
        .enumerate()
        .map(|(a, annotator)| {
            let bars = categories
                .iter()
                .enumerate()
                .map(|(c, category)| {
                    let x = c as f64 - 0.4 + width * (a as f64 + 0.5);
                    Bar::new(x, count(a, c))
                        .width(width * 0.95)
                        .name(format!("{annotator}, {category}"))
                })
                .collect();
            BarChart::new(annotator.clone(), bars)
                .element_formatter(Box::new(|bar, _| format!("{}: {}", bar.name, bar.value)))
        })
        .collect();
    let names = categories.to_vec();
    super::bar_plot::category_bars(ui, id, 180.0, names, charts);
}

fn histogram(ui: &mut Ui, id: &str, histogram: &Histogram, unit: &'static str) {
    let width = histogram.bin_width as f64;
    let bars = histogram
        .counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let from = i as u64 * histogram.bin_width;
            let name = if histogram.bin_width == 1 {
                format!("{from}")
            } else {
                format!("{from}–{}", from + histogram.bin_width - 1)
            };
            Bar::new(from as f64 + width / 2.0, count as f64)
                .width(width * 0.95)
                .name(name)
        })
        .collect();
    let chart = BarChart::new(id, bars).element_formatter(Box::new(move |bar, _| {
        format!("{}: {} {unit}", bar.name, bar.value)
    }));
    Plot::new(id)
        .height(160.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show(ui, |plot| plot.bar_chart(chart));
}
