//! What can go wrong with a search or a "tag all": a query that does not
//! parse (with where), a filter naming something the project lacks, or the
//! project itself.

use crate::edit::EditError;
use crate::store::StoreError;

/// A query that cannot be run, and the character (1-based) where the
/// trouble starts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("character {at} of the query: {problem}")]
pub struct QueryError {
    pub at: usize,
    pub problem: QueryProblem,
}

impl QueryError {
    pub fn new(at: usize, problem: QueryProblem) -> Self {
        Self { at, problem }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryProblem {
    #[error("the query is empty")]
    Empty,
    #[error("this quote is never closed")]
    UnclosedQuote,
    #[error(
        "unknown filter {key}: (filters are {known}); to search for the text, put it in quotes"
    )]
    UnknownFilter { key: String, known: &'static str },
    #[error("{0}: needs a value")]
    EmptyFilterValue(String),
    #[error("unknown status {0:?} (new, in_progress or done)")]
    UnknownStatus(String),
    #[error("{0:?} has no letters or digits to search for (the index keeps only words; use a regex search for punctuation)")]
    NoWords(String),
    #[error("a * goes only at the end of a word (pakist*)")]
    MisplacedStar,
    #[error("OR must stand between two words or phrases")]
    DanglingOr,
    #[error("only excluded words: say what to find, then what to leave out (talks -doha)")]
    OnlyExclusions,
    #[error("a second {0} filter; each kind may be given once")]
    RepeatedFilter(&'static str),
    #[error("status: alone chooses documents, not places in them; add words, a phrase or a span filter (label:ACTOR)")]
    StatusAlone,
    #[error("no span label {name:?} in this project (labels: {known})")]
    UnknownLabel { name: String, known: String },
    #[error("{label} has no attribute {name:?}")]
    UnknownAttribute { label: String, name: String },
    #[error("bad regular expression: {0}")]
    Regex(String),
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("this project has no search index yet: it was written by an older Glossator and is open read-only; open it once for editing (it is upgraded then)")]
    NoIndex,
    #[error("the text to tag is empty")]
    EmptyTerm,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Edit(#[from] EditError),
}
