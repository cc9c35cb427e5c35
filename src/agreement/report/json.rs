//! The report as JSON, with exactly the keys the issue gives (`null` where a measure
//! is undefined; objects keyed by label keep the schema's order).

use serde_json::{json, Map, Value};

use super::types::{AgreementReport, SpanPair};

impl AgreementReport {
    pub fn to_json(&self) -> Value {
        let spans = &self.spans;
        let by_label: Map<String, Value> = spans
            .by_label
            .iter()
            .map(|label| {
                (
                    label.label.clone(),
                    json!({
                        "alpha_unitizing": label.alpha_unitizing,
                        "f1_exact": label.f1_exact,
                        "f1_overlap": label.f1_overlap,
                    }),
                )
            })
            .collect();
        let attributes: Map<String, Value> = self
            .attributes
            .iter()
            .map(|attribute| {
                (
                    attribute.key.clone(),
                    json!({
                        "pairs": attribute.pairs,
                        "percent_agreement": attribute.percent_agreement,
                        "cohen_kappa": attribute.cohen_kappa,
                    }),
                )
            })
            .collect();
        json!({
            "annotators": self.annotators,
            "documents": self.documents,
            "spans": {
                "krippendorff_alpha": spans.krippendorff_alpha,
                "fleiss_kappa": spans.fleiss_kappa,
                "alpha_unitizing": spans.alpha_unitizing,
                "positions": spans.positions,
                "stacked": spans.stacked,
                "skipped_overlaps": spans.skipped_overlaps,
                "by_label": by_label,
                "pairs": spans.pairs.iter().map(span_pair).collect::<Vec<_>>(),
            },
            "relations": {
                "pairs": self.relations.iter().map(|pair| json!({
                    "a": pair.a,
                    "b": pair.b,
                    "f1_exact": pair.f1_exact,
                    "matched": pair.matched,
                    "only_a": pair.only_a,
                    "only_b": pair.only_b,
                })).collect::<Vec<_>>(),
            },
            "attributes": attributes,
            "by_document": self.by_document.iter().map(|document| json!({
                "document": document.external_id,
                "f1_exact": document.f1_exact,
                "alpha_unitizing": document.alpha_unitizing,
            })).collect::<Vec<_>>(),
        })
    }
}

fn span_pair(pair: &SpanPair) -> Value {
    let by_label: Map<String, Value> = pair
        .by_label
        .iter()
        .map(|label| {
            (
                label.label.clone(),
                json!({"f1_exact": label.f1_exact, "f1_overlap": label.f1_overlap}),
            )
        })
        .collect();
    json!({
        "a": pair.a,
        "b": pair.b,
        "documents": pair.documents,
        "cohen_kappa": pair.cohen_kappa,
        "f1_exact": pair.f1_exact,
        "f1_overlap": pair.f1_overlap,
        "matched": pair.matched,
        "only_a": pair.only_a,
        "only_b": pair.only_b,
        "by_label": by_label,
    })
}
