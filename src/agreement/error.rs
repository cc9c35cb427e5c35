//! What can be wrong with the input of a measure.

use thiserror::Error;

/// Input a measure cannot use. The report builds its inputs from checked layers, so
/// these mean a bug in the caller, but they still name exactly what was wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum AgreementError {
    #[error(
        "unit {unit}: {found} value(s) for {expected} raters; a unit needs one value per rater"
    )]
    WrongValueCount {
        unit: usize,
        expected: usize,
        found: usize,
    },
    #[error("rater {rater} does not exist: the table has {raters} raters")]
    NoSuchRater { rater: usize, raters: usize },
    #[error("span {index} (document {document}): end {end} is not after start {start}")]
    EmptySpan {
        index: usize,
        document: u32,
        start: u32,
        end: u32,
    },
    #[error(
        "rater {rater}, unit {index}: length 0 at {begin}; a unit must cover at least one position"
    )]
    EmptyUnit {
        rater: usize,
        index: usize,
        begin: u64,
    },
    #[error(
        "rater {rater}, unit {index}: [{begin}, {begin}+{length}) is outside the continuum [{continuum_begin}, {continuum_end})"
    )]
    UnitOutsideContinuum {
        rater: usize,
        index: usize,
        begin: u64,
        length: u64,
        continuum_begin: u64,
        continuum_end: u64,
    },
    #[error("the continuum [{begin}, {begin}+{length}) ends past the largest offset")]
    ContinuumTooLong { begin: u64, length: u64 },
}
