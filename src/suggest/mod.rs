//! Suggestions (pre-annotation): sources that propose spans, and the one path
//! that stores them for an annotator and accepts or rejects them.
//!
//! Each source turns documents into [`Proposal`]s (label names, code point
//! offsets); [`run::run_source`] checks them against the documents and the
//! schema, drops what is already annotated, and stores the rest in one
//! transaction. Accepting creates ordinary spans through the edit path
//! ([`accept`]): suggestions themselves are never exported.

pub mod accept;
pub mod command;
pub mod dictionary;
mod error;
pub mod learned;
pub mod ml_backend;
pub mod patterns;
pub mod run;
pub mod terms;

use std::path::Path;

pub use error::SuggestError;
pub use run::{run_source, DocumentFilter, RunReport, SourceConfig};

use crate::model::DocumentId;

/// A span a source proposes, before it is checked and stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub document_id: DocumentId,
    /// Code point offsets, end-exclusive.
    pub start_char: usize,
    pub end_char: usize,
    pub label: String,
    /// 0 to 1.
    pub score: f64,
}

/// A source's input file as text: UTF-8 (a BOM is dropped), or an error
/// naming the file and the byte where it stops being UTF-8.
fn read_text_file(path: &Path) -> Result<String, SuggestError> {
    let bytes = std::fs::read(path).map_err(|source| SuggestError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| SuggestError::NotUtf8 {
        path: path.to_path_buf(),
        offset_bytes: e.utf8_error().valid_up_to(),
    })
}

/// Document `d{id}` holding `text`, for the sources' unit tests.
#[cfg(test)]
fn test_document(id: i64, text: &str) -> crate::model::Document {
    crate::model::Document {
        id: DocumentId(id),
        external_id: format!("d{id}"),
        title: String::new(),
        text: text.into(),
        len_chars: text.chars().count(),
        meta: Default::default(),
    }
}
