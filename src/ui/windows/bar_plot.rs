//! The bar plots of the Agreement and Statistics windows: fixed (no drag or zoom, so
//! the window scrolls instead), a legend, and the categories named under their bars.

use egui::Ui;
use egui_plot::{BarChart, Legend, Plot};

/// Draws `charts` (one series each) over categories at x = 0, 1, 2 …, named by
/// `categories` on the x axis.
pub fn category_bars(
    ui: &mut Ui,
    id: &str,
    height: f32,
    categories: Vec<String>,
    charts: Vec<BarChart>,
) {
    Plot::new(id)
        .legend(Legend::default())
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                categories.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}
