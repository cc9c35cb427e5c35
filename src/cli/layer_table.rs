//! The per-annotator table `stats` and `annotators` print.

use crate::store::LayerStats;

/// One row per annotator: assigned documents, layers by status, spans,
/// relations; "(no annotators)" when there are none.
pub fn layer_table(layers: &[LayerStats]) -> String {
    if layers.is_empty() {
        return "(no annotators)\n".to_string();
    }
    let width = layers
        .iter()
        .map(|l| l.annotator.chars().count())
        .max()
        .unwrap_or(0)
        .max("annotator".len());
    let mut out = format!(
        "{:<width$}  {:>8}  {:>8}  {:>11}  {:>8}  {:>8}  {:>9}\n",
        "annotator", "assigned", "new", "in progress", "done", "spans", "relations"
    );
    for layer in layers {
        let count = |status: &str| {
            layer
                .layers_by_status
                .iter()
                .find(|(name, _)| name == status)
                .map_or(0, |(_, n)| *n)
        };
        out += &format!(
            "{:<width$}  {:>8}  {:>8}  {:>11}  {:>8}  {:>8}  {:>9}\n",
            layer.annotator,
            layer.assigned,
            count("new"),
            count("in_progress"),
            count("done"),
            layer.spans,
            layer.relations
        );
    }
    out
}
