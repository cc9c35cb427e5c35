//! Working as a team: spreading documents over annotators (`assign`), an
//! annotator's package out (`store::write_package`) and back in (`merge`).

pub mod assign;
pub mod merge;

pub use assign::{plan_assignments, AssignError, AssignPlan};
pub use merge::{merge_packages, MergeError, MergeReport};
