//! Layers: one annotator's annotation of one document. The names with a
//! meaning of their own, and the rule every annotator name keeps.

use super::DocumentStatus;

/// The curated layer (written by curation). No annotator may take the name.
pub const GOLD_LAYER: &str = "gold";

/// Where work goes that names no annotator and has no one else to go to
/// (older files, a session without a name in its preferences).
pub const UNKNOWN_ANNOTATOR: &str = "unknown";

/// Label Studio's `predictions` (a model's suggestions) are kept as the
/// layer of this name.
pub const PREDICTIONS_LAYER: &str = "predictions";

/// Names longer than this are refused (a name shows in lists and legends).
pub const MAX_ANNOTATOR_NAME_CHARS: usize = 100;

/// One layer of a document as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerSummary {
    pub annotator: String,
    pub status: DocumentStatus,
    /// Grows with every change of the layer.
    pub revision: i64,
    /// Milliseconds since 1970-01-01 UTC.
    pub updated_at_ms: i64,
}

/// One status for a document from its layers: the only layer's, else the
/// gold layer's, else done when every layer is done, new when none is begun
/// (or there is no layer), in progress otherwise. What exports that write one
/// status per document write.
pub fn combined_status(layers: &[LayerSummary]) -> DocumentStatus {
    if let [only] = layers {
        return only.status;
    }
    if let Some(gold) = layers.iter().find(|l| l.annotator == GOLD_LAYER) {
        return gold.status;
    }
    if layers.iter().all(|l| l.status == DocumentStatus::New) {
        DocumentStatus::New
    } else if layers.iter().all(|l| l.status == DocumentStatus::Done) {
        DocumentStatus::Done
    } else {
        DocumentStatus::InProgress
    }
}

/// Why `name` cannot name an annotator, or None when it can. `gold` is the
/// curated layer's; empty names and control characters would be invisible.
pub fn annotator_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("an annotator's name may not be empty".into());
    }
    if name.trim() != name {
        return Some(format!(
            "annotator name {name:?} starts or ends with a space"
        ));
    }
    if name.eq_ignore_ascii_case(GOLD_LAYER) {
        return Some(format!(
            "{name:?} is reserved for the curated layer; choose another annotator name"
        ));
    }
    if name.chars().any(char::is_control) {
        return Some(format!("annotator name {name:?} holds a control character"));
    }
    if name.chars().count() > MAX_ANNOTATOR_NAME_CHARS {
        return Some(format!(
            "an annotator's name may have at most {MAX_ANNOTATOR_NAME_CHARS} characters"
        ));
    }
    None
}

/// The layer name merge gives a package's layer that changed on both sides:
/// `ana (conflict 1)`, `ana (conflict 2)`, …
pub fn conflict_layer_name(annotator: &str, n: usize) -> String {
    format!("{annotator} (conflict {n})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_is_reserved_in_any_case() {
        assert!(annotator_name_problem("gold").is_some());
        assert!(annotator_name_problem("Gold").is_some());
        assert!(annotator_name_problem("goldie").is_none());
    }

    #[test]
    fn blank_and_padded_names_are_refused() {
        assert!(annotator_name_problem("").is_some());
        assert!(annotator_name_problem(" ana").is_some());
        assert!(annotator_name_problem("a\u{7}").is_some());
        assert!(annotator_name_problem("ana").is_none());
    }
}
