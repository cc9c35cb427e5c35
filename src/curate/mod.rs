//! Curation (issue 19): from several annotators' layers to one gold layer.
//! [`candidates`] says what each document offers and where it stands;
//! [`strategy`] and [`merge`] decide what goes into gold; [`commands`] are the
//! curator's edits (with undo); [`run`] curates a whole project in one
//! transaction (`glossator curate` and the app alike).

pub mod candidates;
pub mod commands;
pub mod merge;
pub mod plan;
pub mod progress;
pub mod run;
pub mod strategy;

pub use candidates::{
    span_candidates, CandidateState, DocumentCandidates, RelationCandidate, RelationVotes,
    SpanCandidate,
};
pub use commands::{
    accept_all_agreed, accept_candidate, accept_relation_candidate, agreed_relations,
    reject_candidate, reject_relation_candidate,
};
pub use plan::{plan_document, DocumentPlan, Tally};
pub use progress::{curation_progress, store_curation_progress};
pub use run::{curate, CurateError, CurateOptions, CurationReport, GoldMode, LabelTally};
pub use strategy::{Judgement, Strategy};
