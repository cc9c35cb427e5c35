use super::DocumentId;

/// Where an annotator is with a document: the status of their layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentStatus {
    New,
    InProgress,
    Done,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 3] = [Self::New, Self::InProgress, Self::Done];

    /// The name used in the database and in every export.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Words for people ("in progress", not "in_progress").
    pub fn display_name(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in progress",
            Self::Done => "done",
        }
    }
}

/// A whole document, text included.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: DocumentId,
    /// The id it had in the file it came from; exported as is.
    pub external_id: String,
    pub title: String,
    /// Exactly as imported (CRLF, tabs, NBSP and all).
    pub text: String,
    pub len_chars: usize,
    /// A JSON object, kept as imported.
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// What a document list shows, without the text.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub external_id: String,
    pub title: String,
    pub len_chars: usize,
    /// The status of the layer the list was read for (`new` without one).
    pub status: DocumentStatus,
    /// The spans of that layer.
    pub span_count: usize,
    /// Whether that layer's annotator is assigned the document.
    pub assigned: bool,
}
