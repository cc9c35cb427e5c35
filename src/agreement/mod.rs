//! Inter-annotator agreement: the mathematical core of the agreement report.
//!
//! Pure functions over plain inputs, with no store, UI or layer types, so that the
//! report (and its tests) can fill them from whatever it reads:
//!
//! - [`coding`]: a units × raters table of category ids, for Cohen's κ (with percent
//!   agreement), Krippendorff's nominal α with missing values and Fleiss' κ;
//! - [`spans`]: multisets of labelled spans, for F1 on exact matches and on overlap;
//! - [`unitizing`]: Krippendorff's unitizing α (αU) on a continuum of characters, as
//!   DKPro Agreement's `KrippendorffAlphaUnitizingAgreement` defines it.
//!
//! Every measure is `None` where it is undefined (no units, or an expected disagreement
//! of zero) rather than NaN or a made-up 0 or 1. Every algorithm is linear or n log n
//! in the number of units or spans (sorts and sweeps, never all pairs of spans), so a
//! whole corpus is measured in seconds (BENCHMARKS.md, "Agreement measures").

pub mod coding;
pub mod disagreements;
mod error;
pub mod input;
pub mod report;
pub mod spans;
pub mod statistics;
pub mod unitizing;

pub use coding::{
    cohen_kappa, fleiss_kappa, krippendorff_alpha, pair_agreement, PairAgreement, RatingTable,
};
pub use error::AgreementError;
pub use input::{
    AgreementInput, AttributeKey, InputDocument, InputLayer, InputRelation, InputSpan,
    ReportOptions,
};
pub use report::{agreement_report, AgreementReport, ReportError};
pub use spans::{
    f1_exact, f1_overlap, ExactCounts, ExactF1, LabelledSpan, OverlapCounts, OverlapF1, SpanSet,
};
pub use unitizing::{alpha_unitizing, CategoryAlpha, Continuum, Unit, UnitizingAlpha};

/// A category (a label, or a value such as "no span here") as the caller numbers it.
pub type Category = u32;
