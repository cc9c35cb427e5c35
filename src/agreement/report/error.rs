//! Why a report could not be made: a request naming what the project lacks, or input
//! that breaks the report's own contract (a bug in the reader, named exactly).

use thiserror::Error;

use crate::agreement::AgreementError;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReportError {
    #[error("no annotator named {name:?} has layers in this project (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("annotator {name:?} is named twice in the list to compare")]
    AnnotatorTwice { name: String },
    #[error("agreement needs at least two annotators to compare; {given} named")]
    TooFewAnnotators { given: usize },
    #[error("no span label named {name:?} in the schema (labels: {known})")]
    UnknownLabel { name: String, known: String },
    #[error("document {document:?}: two layers of annotator {annotator:?}")]
    LayerTwice { document: String, annotator: String },
    #[error(
        "document {document:?}: a layer names annotator #{annotator}, but there are {annotators}"
    )]
    NoSuchAnnotator {
        document: String,
        annotator: u32,
        annotators: usize,
    },
    #[error(
        "document {document:?}, annotator {annotator:?}, span {index}: [{start}, {end}) is not inside the document's {len_chars} characters or is empty"
    )]
    SpanOutsideDocument {
        document: String,
        annotator: String,
        index: usize,
        start: u32,
        end: u32,
        len_chars: u32,
    },
    #[error(
        "document {document:?}, annotator {annotator:?}, span {index}: label #{label}, but the schema has {labels} span labels"
    )]
    NoSuchLabel {
        document: String,
        annotator: String,
        index: usize,
        label: u32,
        labels: usize,
    },
    #[error(
        "document {document:?}, annotator {annotator:?}, relation {index}: it names a span or relation type the layer does not have"
    )]
    BrokenRelation {
        document: String,
        annotator: String,
        index: usize,
    },
    #[error(transparent)]
    Measure(#[from] AgreementError),
}
