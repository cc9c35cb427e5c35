//! The agreement report: every number the issue defines, `None` where undefined.
//! Lists are sorted: pairs in the order of the compared annotators, labels and
//! attributes in the schema's order, documents worst first.

use crate::model::DocumentId;

#[derive(Debug, Clone, PartialEq)]
pub struct AgreementReport {
    /// The compared annotators.
    pub annotators: Vec<String>,
    /// Documents that at least two compared annotators finished.
    pub documents: usize,
    pub spans: SpanAgreement,
    /// Per pair of annotators.
    pub relations: Vec<RelationPair>,
    /// Per attribute (`LABEL.name`), over the exactly matched span pairs of every pair.
    pub attributes: Vec<AttributeAgreement>,
    /// The documents counted for α, worst first (mean pairwise F1 exact; undefined last).
    pub by_document: Vec<DocumentAgreement>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpanAgreement {
    pub krippendorff_alpha: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub alpha_unitizing: Option<f64>,
    /// Units of α: distinct (document, start, end) annotated in a finished layer of a
    /// document at least two compared annotators finished.
    pub positions: usize,
    /// Spans of those units set aside because the same annotator has a span of a
    /// label earlier in the schema at exactly the same offsets.
    pub stacked: usize,
    /// Spans αU left out: they overlap an earlier (or as early and longer) span of the
    /// same annotator and label.
    pub skipped_overlaps: usize,
    pub by_label: Vec<LabelAgreement>,
    pub pairs: Vec<SpanPair>,
}

/// One label over all pairs: F1 is the mean over the pairs where it is defined.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelAgreement {
    pub label: String,
    pub alpha_unitizing: Option<f64>,
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpanPair {
    pub a: String,
    pub b: String,
    /// Documents both finished.
    pub documents: usize,
    pub cohen_kappa: Option<f64>,
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
    pub by_label: Vec<PairLabel>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PairLabel {
    pub label: String,
    pub f1_exact: Option<f64>,
    pub f1_overlap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelationPair {
    pub a: String,
    pub b: String,
    pub f1_exact: Option<f64>,
    pub matched: usize,
    pub only_a: usize,
    pub only_b: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttributeAgreement {
    /// `LABEL.name`.
    pub key: String,
    /// Exactly matched span pairs of that label, over all pairs of annotators.
    pub pairs: usize,
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentAgreement {
    pub id: DocumentId,
    pub external_id: String,
    /// Mean over the pairs that both finished it of their F1 exact on it.
    pub f1_exact: Option<f64>,
    /// αU of the annotators who finished it, on its own characters.
    pub alpha_unitizing: Option<f64>,
}
