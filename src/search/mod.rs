//! Search and "tag all occurrences" (issue 20): a query language over the
//! project's full-text index, regex scans, and the literal matcher behind
//! pre-annotation by example. No egui; the CLI and the app share all of it.

mod error;
mod hit;
mod narrow;
mod occurrences;
mod query;
mod run;
mod tag_all;

pub use error::{QueryError, QueryProblem, SearchError};
pub use hit::{CharIndex, Hit, CONTEXT_CHARS};
pub use occurrences::{MatchOptions, TermMatcher};
pub use query::{Filter, FilterKind, Query, TextQuery};
pub use run::{search, Found, SearchProgress, SearchScope};
pub use tag_all::{plan_tag_all, tag_all_command, SkipRule, TagAllPlan, TagAllRequest, TagScope};
