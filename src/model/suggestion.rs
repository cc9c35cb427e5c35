//! Suggestions: spans a source proposed, which become annotations only when
//! the annotator accepts them.

use super::{DocumentId, LabelId};

/// A row of `suggestions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SuggestionId(pub i64);

impl std::fmt::Display for SuggestionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What the annotator did with a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuggestionStatus {
    Pending,
    Accepted,
    /// Not proposed again for this document.
    Rejected,
}

impl SuggestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A suggestion as a source made it, before it is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSuggestion {
    pub document_id: DocumentId,
    /// Code point offsets, end-exclusive.
    pub start_char: usize,
    pub end_char: usize,
    pub label_id: LabelId,
    /// 0 to 1.
    pub score: f64,
}

/// A stored suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub id: SuggestionId,
    pub document_id: DocumentId,
    pub start_char: usize,
    pub end_char: usize,
    pub label_id: LabelId,
    pub score: f64,
    /// The source's name (`dictionary`, `patterns`, `learned`, `ml-backend`, `command`).
    pub source: String,
    pub status: SuggestionStatus,
}

/// How one source's suggestions fared: the statistics' acceptance rate.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceTally {
    pub source: String,
    pub pending: usize,
    pub accepted: usize,
    pub rejected: usize,
}

impl SourceTally {
    /// Accepted among the decided ones; None before any decision.
    pub fn acceptance_rate(&self) -> Option<f64> {
        let decided = self.accepted + self.rejected;
        (decided > 0).then(|| self.accepted as f64 / decided as f64)
    }
}
