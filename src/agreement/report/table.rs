//! The report as a terminal table: counts, then pairs × measures, labels × measures,
//! relations, attributes and the worst documents.

use std::fmt::Write as _;

use super::types::AgreementReport;

/// How many of the worst documents the table lists (the JSON lists them all).
const WORST_DOCUMENTS: usize = 10;

/// A measure to 3 decimals, or "—" where it is undefined.
fn value(measure: Option<f64>) -> String {
    measure.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

impl AgreementReport {
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let spans = &self.spans;
        // Writing to a String cannot fail.
        let _ = writeln!(out, "Annotators  {}", self.annotators.join(", "));
        if self.annotators.len() < 2 {
            let _ = writeln!(
                out,
                "Nothing to compare: agreement needs the layers of at least two annotators (each annotator's layers; gold is not an annotator)."
            );
            return out;
        }
        let _ = writeln!(
            out,
            "Documents   {} (finished by at least two of them)",
            self.documents
        );
        let _ = writeln!(
            out,
            "Positions   {}   stacked {}   skipped overlaps (αU) {}",
            spans.positions, spans.stacked, spans.skipped_overlaps
        );
        let _ = writeln!(
            out,
            "Krippendorff α {}   Fleiss κ {}   αU {}\n",
            value(spans.krippendorff_alpha),
            value(spans.fleiss_kappa),
            value(spans.alpha_unitizing)
        );
        let names = spans
            .pairs
            .iter()
            .map(|p| p.a.chars().count() + p.b.chars().count() + 3)
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "{:<names$}  {:>9} {:>7} {:>8} {:>10} {:>8} {:>7} {:>7}",
            "Pair", "documents", "κ", "F1 exact", "F1 overlap", "matched", "only a", "only b"
        );
        for pair in &spans.pairs {
            let _ = writeln!(
                out,
                "{:<names$}  {:>9} {:>7} {:>8} {:>10} {:>8} {:>7} {:>7}",
                format!("{} · {}", pair.a, pair.b),
                pair.documents,
                value(pair.cohen_kappa),
                value(pair.f1_exact),
                value(pair.f1_overlap),
                pair.matched,
                pair.only_a,
                pair.only_b
            );
        }
        let labels = spans
            .by_label
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(
            out,
            "\n{:<labels$}  {:>7} {:>8} {:>10}",
            "Label", "αU", "F1 exact", "F1 overlap"
        );
        for label in &spans.by_label {
            let _ = writeln!(
                out,
                "{:<labels$}  {:>7} {:>8} {:>10}",
                label.label,
                value(label.alpha_unitizing),
                value(label.f1_exact),
                value(label.f1_overlap)
            );
        }
        let _ = writeln!(
            out,
            "\n{:<names$}  {:>8} {:>8} {:>7} {:>7}",
            "Relations", "F1 exact", "matched", "only a", "only b"
        );
        for pair in &self.relations {
            let _ = writeln!(
                out,
                "{:<names$}  {:>8} {:>8} {:>7} {:>7}",
                format!("{} · {}", pair.a, pair.b),
                value(pair.f1_exact),
                pair.matched,
                pair.only_a,
                pair.only_b
            );
        }
        if !self.attributes.is_empty() {
            let keys = self
                .attributes
                .iter()
                .map(|a| a.key.chars().count())
                .max()
                .unwrap_or(9)
                .max(9);
            let _ = writeln!(
                out,
                "\n{:<keys$}  {:>6} {:>9} {:>7}",
                "Attribute", "pairs", "agreement", "κ"
            );
            for attribute in &self.attributes {
                let _ = writeln!(
                    out,
                    "{:<keys$}  {:>6} {:>9} {:>7}",
                    attribute.key,
                    attribute.pairs,
                    value(attribute.percent_agreement),
                    value(attribute.cohen_kappa)
                );
            }
        }
        if !self.by_document.is_empty() {
            let shown = self.by_document.len().min(WORST_DOCUMENTS);
            let _ = writeln!(
                out,
                "\nWorst documents ({shown} of {}; --json lists all)",
                self.by_document.len()
            );
            for document in &self.by_document[..shown] {
                let _ = writeln!(
                    out,
                    "  {:<24}  F1 exact {:>6}   αU {:>6}",
                    document.external_id,
                    value(document.f1_exact),
                    value(document.alpha_unitizing)
                );
            }
        }
        out
    }
}
